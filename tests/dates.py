"""Run the tests that involve dates at five awkward moments (`make test-dates`).

Every test fixes its own clock, so moving Python's real clock must change nothing. This
runs `pytest -m dates` once per moment with QK_AMBIENT_NOW set (tests/conftest.py moves
the clock there with time-machine, ticking), and fails if any run fails:

- New Year's Eve, late evening (the year and "Diese Woche" roll over during the run);
- the last Sunday of March just before 02:00 (the hour that does not exist follows);
- the last Sunday of October at 02:30 summer time (the hour that comes twice);
- 29 February 2028 (a leap day);
- an ordinary Monday morning.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

WORKERS = 2
MOMENTS = {
    "new-years-eve": "2027-12-31T23:58:30+01:00",
    "spring-forward": "2027-03-28T01:59:00+01:00",
    "fall-back": "2027-10-31T02:30:00+02:00",
    "leap-day": "2028-02-29T09:00:00+01:00",
    "ordinary-monday": "2027-06-14T10:15:00+02:00",
}


def _start(moment: str, argv: list[str]) -> subprocess.Popen:
    env = dict(os.environ, QK_AMBIENT_NOW=moment, TZ="Europe/Berlin")
    return subprocess.Popen([sys.executable, "-m", "pytest", "-m", "dates", "-q",
                             "-p", "no:cacheprovider", "--no-header", *argv], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def main(argv: list[str]) -> int:
    """Two moments at a time, one process each (two cores; a worker pool per moment would
    spend more on collecting than on testing). A moment's output is printed when it ends."""
    failed = []
    waiting = list(MOMENTS.items())
    running: list[tuple[str, str, float, subprocess.Popen]] = []
    while waiting or running:
        while waiting and len(running) < WORKERS:
            name, moment = waiting.pop(0)
            running.append((name, moment, time.monotonic(), _start(moment, argv)))
        name, moment, started, proc = running.pop(0)
        output, _ = proc.communicate()
        print(output, end="", flush=True)
        code = proc.returncode
        print(f"dates: {name} ({moment}): {'ok' if code == 0 else 'FAILED'} "
              f"in {time.monotonic() - started:.0f} s", flush=True)
        if code != 0:
            failed.append(name)
    if failed:
        print(f"dates: tests depend on the real date at: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
