"""Two versions of an entry compared in staff words: each changed field with the label the
form shows and its old and new value as text ("Titel: „Spieletreff“ → „Spielenachmittag“").

Values are worded as staff typed them or read them on the entry page: dates in words,
choices by their label, the dates of a schedule in the form's words. The page renders the
pairs on the server (escaped like every text).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from hub.entry_check import FIELDS
from hub.forms import entry_form, schedule_form
from hub.wording import short_date_words
from sync.wording import cost_words, exception_words, hours_lines, registration_words

LABELS = {path: label for path, (_field, label) in FIELDS.items()}
_PLAIN = ("title", "summary", "body", "easy", "speech", "status_note", "rhythm", "bring",
          "organizer")


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


def readable(data: dict, places: dict[str, str], categories: dict[str, str]
             ) -> dict[str, tuple[str, str]]:
    """key → (label, the value in words) for every field the entry has."""
    out: dict[str, tuple[str, str]] = {}

    def put(key: str, value: str | None, label: str | None = None) -> None:
        if value:
            out[key] = (label or LABELS.get(key, key), value)

    put("kind", entry_form.KIND_LABELS.get(data.get("kind", ""), data.get("kind")))
    put("category", categories.get(data.get("category", ""), data.get("category")))
    for key in _PLAIN:
        put(key, data.get(key))
    status = data.get("status") or "scheduled"
    put("status", entry_form.STATUS_LABELS.get(status, status))
    _schedule(data.get("schedule"), put)
    put("hours", "; ".join(hours_lines(data.get("hours") or [])), "Sprechzeiten")
    put("hours_exceptions", "; ".join(exception_words(e) for e in
                                       data.get("hours_exceptions") or []),
        "Geschlossen oder geändert")
    place = data.get("place_id")
    put("place_id", places.get(place, place) if place else None)
    put("audience", ", ".join(data.get("audience") or []))
    put("cost", cost_words(data.get("cost")))
    put("registration", registration_words(data.get("registration")))
    contact = data.get("contact") or {}
    for key in ("role", "name", "phone", "phone_hours", "email", "web"):
        label = LABELS[f"contact.{key}"]
        put(f"contact.{key}", contact.get(key),
            f"{label} (Kontakt)" if key in ("role", "name") else label)
    image = data.get("image") or {}
    put("image", f"Bild „{image['alt']}“" if image.get("alt") else None)
    for key in ("valid_from", "valid_until"):
        put(key, short_date_words(data.get(key)))
    return out


def _schedule(schedule: dict | None, put) -> None:  # type: ignore[no-untyped-def]
    if not schedule:
        return
    start = datetime.fromisoformat(schedule["start"])
    first = f"{short_date_words(start.date())}, {start:%H:%M} Uhr"
    rhythm = schedule_form.rhythm_words(schedule)
    put("schedule", f"{first}; {rhythm}" if rhythm else first, "Termine")
    if schedule.get("rrule") and not rhythm:
        put("schedule.rrule", schedule["rrule"])
    put("schedule.exdates", ", ".join(_day(x) for x in schedule.get("exdates") or []))
    put("schedule.rdates", ", ".join(_day(x) for x in schedule.get("rdates") or []))
    put("schedule.changes", "; ".join(_change(c) for c in schedule.get("changes") or []))


def _day(value: str) -> str:
    if len(value) == 10:
        return short_date_words(date.fromisoformat(value))
    moment = datetime.fromisoformat(value)
    return f"{short_date_words(moment.date())}, {moment:%H:%M} Uhr"


def _change(change: dict) -> str:
    words = f"{_day(change['date'][:10])}: "
    words += schedule_form.CHANGE_STATUS.get(change.get("status", ""), change.get("status", ""))
    if change.get("start"):
        words += f" auf {_day(change['start'])}"
    return f"{words} ({change['note']})" if change.get("note") else words


def compare(old: dict | None, new: dict, places: dict[str, str],
            categories: dict[str, str]) -> list[Change]:
    """What changed from `old` to `new` (None: everything is new), in the form's order."""
    before = readable(old or {}, places, categories)
    after = readable(new, places, categories)
    keys = list(after) + [k for k in before if k not in after]
    return [Change((after.get(k) or before[k])[0], before.get(k, ("", "–"))[1],
                   after.get(k, ("", "–"))[1])
            for k in keys if before.get(k, ("", ""))[1] != after.get(k, ("", ""))[1]]
