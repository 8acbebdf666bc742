"""`kiosk_restart_s`: from SIGKILL of the kiosk to its first frame again (target < 5 s).

The real app with demo content under a virtual screen, started from the real
deploy/systemd/quartier-kiosk.service by tests/supervisor.py (systemd is not PID 1 here):
its Restart=always and RestartSec=2 bring it back, READY=1 at the first frame
(tests/bench/kiosk_ready.py) ends the measurement. Median of several kills; the figure is
RestartSec plus the app's start to its first frame (`kiosk_start_to_frame_s`).
"""

from __future__ import annotations

import signal
import statistics
import sys
import tempfile
from pathlib import Path

from kiosk.clock import system_clock
from kiosk.demo import load_demo
from kiosk.xvfb import virtual_display
from tests.supervisor import Supervisor

ROOT = Path(__file__).resolve().parents[2]
UNIT = ROOT / "deploy" / "systemd" / "quartier-kiosk.service"
KILLS = 5


def run() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp, virtual_display(1920, 1080):
        data = Path(tmp) / "daten"
        load_demo(data, system_clock())
        config = Path(tmp) / "kiosk.toml"
        config.write_text(f'[paths]\ndata = "{data}"\n[screen]\nfullscreen = false\n')
        app = "/opt/quartier-kiosk/current/bin/quartier-kiosk"
        with Supervisor(UNIT, substitute={app: f"{sys.executable} -m tests.bench.kiosk_ready",
                                          "/etc/quartier-kiosk/kiosk.toml": str(config)},
                        env={"SDL_VIDEODRIVER": "x11", "PYTHONPATH": str(ROOT)},
                        log=Path(tmp) / "kiosk.log") as manager:
            manager.wait_for("ready", timeout=120)
            restarts, to_frame = [], []
            for _ in range(KILLS):
                killed = manager.kill(signal.SIGKILL)
                start = manager.wait_for("start", after=killed, timeout=60)
                again = manager.wait_for("ready", after=killed, timeout=120)
                restarts.append(again.at - killed)
                to_frame.append(again.at - start.at)
            timeouts = [e for e in manager.events if e.kind.endswith("timeout")]
            if timeouts:
                raise RuntimeError(f"the kiosk was killed by the stand-in: {timeouts}")
    return {
        "kiosk_restart_s": round(statistics.median(restarts), 2),
        "kiosk_restart_max_s": round(max(restarts), 2),
        "kiosk_start_to_frame_s": round(statistics.median(to_frame), 2),
        "kiosk_restart_sec": manager.restart_s,
    }
