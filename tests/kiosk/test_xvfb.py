"""The virtual screen: several processes starting one at the same moment each get their
own (a shared number made one tour's window die with another's server)."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
import os, subprocess, time
from kiosk.xvfb import virtual_display
with virtual_display(640, 480) as display:
    time.sleep(1.0)                                   # all four run at the same time
    probe = subprocess.run(["xdpyinfo"], capture_output=True, text=True)
    print(display, "alive" if probe.returncode == 0 or "xdpyinfo" in probe.stderr else "")
"""


def test_virtual_display_parallel_starts_get_their_own_screens():
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    procs = [subprocess.Popen([sys.executable, "-c", SCRIPT], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env) for _ in range(4)]
    outputs = [p.communicate(timeout=60) for p in procs]
    assert all(p.returncode == 0 for p in procs), [err[-500:] for _, err in outputs]
    displays = [out.split()[0] for out, _ in outputs]
    assert len(set(displays)) == 4, displays
