"""`python -m kiosk.meaning DIR... [--examples N]`: the meaning audit over rendered tours.

Prints one JSON object per tour: the number of findings and of shots per rule, and the
first findings of each rule; exit 1 when any rule fires.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

from kiosk.meaning import RULE_NAMES, audit


def summary(doc: dict, examples: int = 3) -> dict:
    findings = audit(doc)
    by_rule: dict[str, list] = defaultdict(list)
    for finding in findings:
        by_rule[finding.rule].append(finding)
    return {
        "shots": len(doc["shots"]),
        "rules": {rule: {"findings": len(by_rule[rule]),
                         "shots": len({f.file for f in by_rule[rule]}),
                         "examples": [f"{f.file}: {f.detail}" for f in by_rule[rule][:examples]]}
                  for rule in RULE_NAMES},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kiosk.meaning")
    parser.add_argument("dirs", nargs="+", type=Path, help="tour folders with tour.json")
    parser.add_argument("--examples", type=int, default=3)
    args = parser.parse_args(argv)
    failed = False
    for folder in args.dirs:
        doc = json.loads((folder / "tour.json").read_text("utf-8"))
        result = summary(doc, args.examples)
        failed |= any(r["findings"] for r in result["rules"].values())
        print(json.dumps({"tour": str(folder), **result}, ensure_ascii=False, indent=1))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
