"""The kiosk's side of quartier-kiosk.service (Type=notify, WatchdogSec=): READY=1 once
the first frame is on the screen, then WATCHDOG=1 from Kivy's clock, so a main loop that
freezes stops the pings and systemd restarts the app (docs/install.md, "Der Vertrag mit
systemd"). Outside systemd both do nothing."""

from __future__ import annotations

from typing import Any

from sync import notify


def announce(window: Any, clock: Any) -> None:
    """Send READY=1 after the window's first flip; ping the watchdog from the main loop."""

    def first_frame(*_args: Any) -> None:
        window.unbind(on_flip=first_frame)
        notify.notify("READY=1", "STATUS=Bildschirm zeigt Inhalte")

    window.bind(on_flip=first_frame)
    interval = notify.watchdog_interval()
    if interval:
        clock.schedule_interval(lambda _dt: notify.notify("WATCHDOG=1"), interval)
