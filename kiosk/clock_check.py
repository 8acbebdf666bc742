"""Can the terminal trust its clock? Until it can, it claims no "heute", no weekday.

A Raspberry Pi has no battery clock: it boots with the time it last saved (hours or
weeks ago), and the right time arrives only when a time server answers – which the
municipal network may block. While the clock is not synchronised since this boot, or
runs behind the time the applied feed was made (impossible with a right clock), the
screen says "Die Uhrzeit wird gerade gestellt" instead of today's content, and the
status (heartbeat, fleet page) says why.

"Synchronised since boot": systemd-timesyncd's marker /run/systemd/timesync/synchronized
(it stays after the first sync, so a network that drops later does not darken the
terminal), or else the kernel's own flag (adjtimex, as `timedatectl` reads it: set by
chrony and ntpd too).
"""

from __future__ import annotations

import ctypes
import ctypes.util
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path

SYNC_MARKER = Path("/run/systemd/timesync/synchronized")
TIME_ERROR = 5            # adjtimex(2): the clock is not synchronised
SLACK = timedelta(minutes=5)   # the hub's clock may run a little ahead of ours
NOTICE = "Die Uhrzeit wird gerade gestellt."
NOTICE_MORE = "Gleich geht es weiter."


def kernel_synchronized() -> bool | None:
    """The kernel's NTP state, read without changing anything; None if unknown."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        timex = ctypes.create_string_buffer(512)   # struct timex, modes = 0: read only
        state = libc.adjtimex(timex)
    except (OSError, AttributeError):
        return None
    return None if state < 0 else state != TIME_ERROR


def system_synchronized(marker: Path = SYNC_MARKER) -> bool:
    """Whether a time server has set the clock since this boot."""
    return marker.exists() or kernel_synchronized() is True


@dataclass(frozen=True)
class ClockState:
    ok: bool
    synchronized: bool
    behind_feed: bool
    text: str                # German, for staff and technicians

    def report(self) -> dict:
        return asdict(self)


def judge(now: datetime, synchronized: bool, feed_made: datetime | None) -> ClockState:
    """Whether `now` may be shown as today."""
    behind = feed_made is not None and now < feed_made - SLACK
    if behind:
        text = (f"die Uhr des Terminals ({now:%d.%m.%Y %H:%M}) geht hinter den Stand der "
                f"Inhalte ({feed_made.astimezone(now.tzinfo):%d.%m.%Y %H:%M}) zurück")
    elif not synchronized:
        text = ("die Uhr ist seit dem Start noch nicht mit einem Zeitserver abgeglichen "
                "– [clock] ntp und die Firewall (UDP 123) prüfen")
    else:
        text = "mit dem Zeitserver abgeglichen"
    return ClockState(synchronized and not behind, synchronized, behind, text)
