"""`make bench`: run the benchmarks, print one JSON object as the last line and write it to
.bench/results.json. `python -m tests.bench store` runs only the named groups."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

GROUPS = ["store", "qr", "tts", "sync", "layout", "ui", "hub_login", "upload", "hub_list",
          "restart", "counters", "poll", "ops", "release", "hub_pending",
          "calendar_import"]
RESULTS = Path(__file__).resolve().parents[2] / ".bench" / "results.json"


def main(argv: list[str]) -> int:
    groups = argv or GROUPS
    figures: dict[str, float] = {}
    for name in groups:
        module = importlib.import_module(f"tests.bench.{name}")
        result = module.run()
        print(f"{name}: {json.dumps(result)}", file=sys.stderr)
        figures.update(result)
    RESULTS.parent.mkdir(exist_ok=True)
    previous = json.loads(RESULTS.read_text()) if RESULTS.exists() and argv else {}
    previous.update(figures)
    RESULTS.write_text(json.dumps(previous, indent=1) + "\n")
    print(json.dumps(previous))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
