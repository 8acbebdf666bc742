"""systemd's notification protocol (sd_notify), for services with `Type=notify` and
`WatchdogSec=`: tell the service manager "ready", "still alive", a status line, "stopping".

The protocol is one datagram of newline-separated `KEY=value` lines to the Unix socket
named in $NOTIFY_SOCKET (a leading "@" means the abstract namespace). Outside systemd (a
terminal, the tests, the demo) the variable is unset and every call does nothing. Used by
the sync daemon; the kiosk app sends READY=1 after its first frame and WATCHDOG=1 from its
main loop through the same functions (docs/install.md, "Der Vertrag mit systemd").
"""

from __future__ import annotations

import logging
import os
import socket

log = logging.getLogger(__name__)


def notify(*lines: str) -> bool:
    """Send `lines` ("READY=1", "WATCHDOG=1", "STATUS=…") in one datagram; True if sent."""
    address = os.environ.get("NOTIFY_SOCKET", "")
    if not address or not lines:
        return False
    if address.startswith("@"):
        address = "\0" + address[1:]
    elif not address.startswith("/"):
        log.warning("NOTIFY_SOCKET %r is neither a path nor an abstract socket", address)
        return False
    payload = "\n".join(lines).encode("utf-8")
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
            sock.settimeout(1.0)
            sock.sendto(payload, address)
    except OSError as exc:
        # The service manager went away or the socket is full: never fatal for the caller.
        log.warning("sd_notify %s failed: %s", lines[0], exc)
        return False
    return True


def watchdog_interval() -> float | None:
    """Seconds between two WATCHDOG=1 pings (half of `WatchdogSec=`), or None when the
    service manager expects none (no WatchdogSec=, or the watchdog is meant for another
    process of the service)."""
    usec = os.environ.get("WATCHDOG_USEC", "")
    pid = os.environ.get("WATCHDOG_PID", "")
    if not usec.isdigit() or int(usec) == 0:
        return None
    if pid and pid != str(os.getpid()):
        return None
    return int(usec) / 1e6 / 2
