"""`quartier-kiosk` as the unit starts it, plus READY=1 at the first drawn frame: the
contract of quartier-kiosk.service (docs/install.md) which the app fulfils itself once it
notifies systemd; until then this wrapper does it for the restart benchmark. A second
READY=1 from the app is harmless (only the first counts).

    python -m tests.bench.kiosk_ready --config FILE
"""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    import kiosk.kivy_setup as setup
    from sync import notify

    original = setup.configure

    def configure(*args, **kwargs) -> None:
        original(*args, **kwargs)
        from kivy.core.window import Window

        def flipped(*_args) -> None:
            Window.unbind(on_flip=flipped)
            notify.notify("READY=1")

        Window.bind(on_flip=flipped)

    setup.configure = configure
    from kiosk.cli import main as kiosk_main

    return kiosk_main(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
