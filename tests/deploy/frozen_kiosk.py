"""`quartier-kiosk` as the unit starts it, whose main loop freezes once: a Clock callback
that blocks for good, FREEZE_AFTER_S after the first frame (READY=1 has gone out), on
the first start only (a marker file next to the config says it happened). For the
watchdog test of quartier-kiosk.service (tests/deploy/test_units.py).

    python -m tests.deploy.frozen_kiosk --config FILE
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

FREEZE_AFTER_S = 2.0


def main(argv: list[str]) -> int:
    marker = Path(argv[argv.index("--config") + 1]).with_name("froze-once")
    from kiosk import app

    original = app.KioskApp.on_start

    def on_start(self) -> None:
        original(self)
        if not marker.exists():
            marker.write_text("x")

            def freeze(_dt: float) -> None:
                threading.Event().wait()   # a callback that never returns

            def first_frame(*_args) -> None:
                app.Window.unbind(on_flip=first_frame)
                app.Clock.schedule_once(freeze, FREEZE_AFTER_S)

            app.Window.bind(on_flip=first_frame)

    app.KioskApp.on_start = on_start
    from kiosk.cli import main as kiosk_main

    return kiosk_main(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
