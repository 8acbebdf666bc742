"""A plain-text listing of what the terminal shows: today and the next seven days.

For technicians over SSH ("what is on the screen?") and for `make demo` on a machine
without a display.
"""

from __future__ import annotations

from datetime import datetime

from kiosk import text
from kiosk.store import Listing, Store


def _row(item: Listing, now: datetime) -> str:
    status = text.status_text(item.status)
    place = f" · {item.place.name}" if item.place else ""
    flag = f"  [{status}]" if status else ""
    return f"  {text.when_text(item.start, item.end, now):<48} {item.entry.title}{place}{flag}"


def render(store: Store, now: datetime) -> str:
    """Return today's and this week's listing as text, in German."""
    info = store.info()
    if info is None:
        return "Noch keine Inhalte: Das Terminal hat noch keinen Feed erhalten."
    lines = [info.site_name, text.full_date(now.date()),
             text.stand_text(info.changed_at, now), "", "Heute"]
    today = store.today(now)
    lines += [_row(i, now) for i in today] or ["  Heute steht nichts mehr an."]
    lines += ["", "Diese Woche"]
    lines += [_row(i, now) for i in store.week(now) if i not in today]
    lines += ["", "Hilfe und Beratung"]
    for item in store.offers(now):
        lines.append(f"  {item.entry.title}: {text.opening_text(item.opening, now)}")
    return "\n".join(lines)
