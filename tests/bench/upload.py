"""Benchmarks of picture uploads to the hub: the peak memory of a hub process that gets
the attack run's 59-megapixel PNG (230 kB, 816 MB before the header check), and of one
that gets a 24-megapixel PNG, the largest kind it still decodes whole."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

# Runs in a fresh interpreter, so that ru_maxrss is this one upload's peak.
CHILD = """
import io, json, resource, sys
from pathlib import Path
from tests.hub.conftest import EDITOR_A, login, make_app, seed
from tests.hub.test_entries import VALID
app = make_app(Path(sys.argv[1]))
seed(app)
client = login(app.test_client(), EDITOR_A)
raw = Path(sys.argv[2]).read_bytes()
response = client.post("/eintraege/neu", content_type="multipart/form-data",
                       data={**VALID, "image_alt": "Bild", "image": (io.BytesIO(raw), "x.png")})
print(json.dumps({"status": response.status_code,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _peak_mb(picture: bytes, tmp: Path, name: str) -> float:
    path = tmp / f"{name}.png"
    path.write_bytes(picture)
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", CHILD, str(tmp / name), str(path)],
                         cwd=root, check=True, capture_output=True, text=True)
    return round(json.loads(out.stdout.strip().splitlines()[-1])["peak_mb"], 1)


def run() -> dict[str, float]:
    from tests.hub.test_images import png_bomb

    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        return {"upload_peak_mb_59mp": _peak_mb(png_bomb(level=9), tmp, "bomb"),
                "upload_peak_mb_24mp_png": _peak_mb(png_bomb(6000, 4000), tmp, "png24")}
