"""Dates as a form: once, weekly on …, monthly on the second Thursday, or an own RRULE;
with an end, exceptions, extra dates and changes of single dates.

    values (what the form holds)  ⇄  schedule (quartier-source/1, sync.recurrence)

The next ten dates are expanded by the publisher's own code (sync.recurrence) and worded
by the terminal's (kiosk.text), so what staff see before saving is what residents will see.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hub.forms.fields import (
    FieldError,
    FormState,
    date_line,
    parse_date,
    parse_date_lines,
    parse_int,
    parse_time,
)
from hub.messages import msg
from sync.errors import RuleError, SourceError
from sync.model import WEEKDAYS
from sync.recurrence import expand
from sync.rhythm import rhythm_words as sync_rhythm_words
from sync.rules import rule_parts, starts

BERLIN = ZoneInfo("Europe/Berlin")
DAY_NAMES = {"MO": "Montag", "TU": "Dienstag", "WE": "Mittwoch", "TH": "Donnerstag",
             "FR": "Freitag", "SA": "Samstag", "SU": "Sonntag"}
NTH_NAMES = {"1": "1.", "2": "2.", "3": "3.", "4": "4.", "-1": "letzten"}
CHANGE_STATUS = {"cancelled": "fällt aus", "moved": "verlegt", "full": "ausgebucht"}
LIST_FIELDS = {"weekly_days", "monthly_nth"}
NEXT_DATES = 10
NEXT_DATES_DAYS = 3 * 366       # how far the next dates are looked for
RULE_CHECK_DAYS = 4 * 366       # a rule of the form must give a date this soon
RULE_MESSAGES = {"too_often": "rrule_too_often", "unsupported": "rrule_unsupported"}

# -- schedule → form values -------------------------------------------------------------------

def values_from_schedule(schedule: dict | None) -> dict[str, Any]:
    """The form's values for a stored schedule (or an empty form)."""
    values: dict[str, Any] = {"repeat": "none", "repeat_end": "never", "weekly_interval": "1",
                              "weekly_days": [], "monthly_nth": [], "changes_count": "1"}
    if not schedule:
        return values
    start = datetime.fromisoformat(schedule["start"])
    if schedule.get("end"):
        end = datetime.fromisoformat(schedule["end"])
    else:
        end = start + timedelta(minutes=schedule.get("duration_min", 0))
    values["date_start"] = start.date().isoformat()
    whole_days = start.time() == time(0) and end.time() == time(0) and end.date() > start.date()
    if whole_days:
        values["all_day"] = "1"
        if end.date() - timedelta(days=1) != start.date():
            values["date_end"] = (end.date() - timedelta(days=1)).isoformat()
    else:
        values["time_start"] = start.strftime("%H:%M")
        if end != start:
            values["time_end"] = end.strftime("%H:%M")
        if end.date() != start.date():
            values["date_end"] = end.date().isoformat()
    _rule_values(schedule.get("rrule") or "", values)
    values["exdates"] = "\n".join(_lines(schedule.get("exdates", [])))
    values["rdates"] = "\n".join(_lines(schedule.get("rdates", [])))
    changes = schedule.get("changes", [])
    for i, change in enumerate(changes):
        prefix = f"change-{i}-"
        values[prefix + "date"] = change["date"][:10]
        values[prefix + "status"] = change.get("status", "cancelled")
        values[prefix + "note"] = change.get("note") or ""
        if change.get("start"):
            moved = datetime.fromisoformat(change["start"])
            values[prefix + "new_date"] = moved.date().isoformat()
            values[prefix + "new_time"] = moved.strftime("%H:%M")
        if change.get("end"):
            values[prefix + "new_end"] = datetime.fromisoformat(change["end"]).strftime("%H:%M")
    values["changes_count"] = str(len(changes) + 1)
    return values


def _lines(items: list[str]) -> list[str]:
    out = []
    for item in items:
        value = date.fromisoformat(item) if len(item) == 10 else datetime.fromisoformat(item)
        out.append(date_line(value))
    return out


def _rule_values(rule: str, values: dict[str, Any]) -> None:
    if not rule:
        return
    parts = rule_parts(rule)
    extra = set(parts) - {"FREQ", "BYDAY", "INTERVAL", "UNTIL", "COUNT"}
    days = [d for d in parts.get("BYDAY", "").split(",") if d]
    plain = all(d in WEEKDAYS for d in days)
    nths = [re.match(r"^([+-]?\d)(MO|TU|WE|TH|FR|SA|SU)$", d) for d in days]
    monthly_ok = days and all(nths) and len({m.group(2) for m in nths if m}) == 1 and all(
        m.group(1).lstrip("+") in NTH_NAMES for m in nths if m)
    if not extra and parts.get("FREQ") == "WEEKLY" and days and plain:
        values.update(repeat="weekly", weekly_days=days,
                      weekly_interval=parts.get("INTERVAL", "1"))
    elif not extra and parts.get("FREQ") == "MONTHLY" and monthly_ok \
            and parts.get("INTERVAL", "1") == "1":
        values.update(repeat="monthly", monthly_day=nths[0].group(2),  # type: ignore[union-attr]
                      monthly_nth=[m.group(1).lstrip("+") for m in nths if m])
    else:
        values.update(repeat="rule", rrule=rule)
        return
    if parts.get("UNTIL"):
        values.update(repeat_end="until", repeat_until=_until_date(parts["UNTIL"]).isoformat())
    elif parts.get("COUNT"):
        values.update(repeat_end="count", repeat_count=parts["COUNT"])


def _until_date(text: str) -> date:
    return datetime.strptime(text[:8], "%Y%m%d").date()


# -- form values → schedule -------------------------------------------------------------------

def parse(state: FormState, required: bool) -> dict | None:
    """The schedule of the form, or None without a date; errors go into `state`."""
    start, end = _start_end(state, required)
    if start is None or end is None:
        return None
    schedule: dict[str, Any] = {"start": start.isoformat(timespec="minutes"),
                                "end": end.isoformat(timespec="minutes")}
    rule = _rule(state, start)
    if rule:
        schedule["rrule"] = rule
    for name in ("exdates", "rdates"):
        try:
            items = parse_date_lines(state.get(name))
        except FieldError as exc:
            state.error(name, str(exc))
            continue
        if items:
            schedule[name] = [i.isoformat(timespec="minutes") if isinstance(i, datetime)
                              else i.isoformat() for i in items]
    changes = _changes(state, start, end)
    if changes:
        schedule["changes"] = changes
    return schedule


def _start_end(state: FormState, required: bool) -> tuple[datetime | None, datetime | None]:
    values: dict[str, Any] = {}
    for name, reader in (("date_start", parse_date), ("date_end", parse_date),
                         ("time_start", parse_time), ("time_end", parse_time)):
        try:
            values[name] = reader(state.get(name))
        except FieldError as exc:
            state.error(name, str(exc))
            return None, None
    day = values["date_start"]
    if day is None:
        if required or any(values.values()) or state.get("repeat") not in ("", "none"):
            state.error("date_start", msg("date_missing"))
        return None, None
    last_day = values["date_end"] or day
    if state.get("all_day"):
        start = datetime.combine(day, time(0))
        end = datetime.combine(last_day + timedelta(days=1), time(0))
    else:
        if values["time_start"] is None:
            state.error("time_start", msg("time_missing"))
            return None, None
        start = datetime.combine(day, values["time_start"])
        if values["time_end"] is None:
            # Without an end time a date ends with the start ("no known end"); a
            # several-day date without one ends with its last day.
            end = start if values["date_end"] is None else \
                datetime.combine(last_day + timedelta(days=1), time(0))
        else:
            end = datetime.combine(last_day, values["time_end"])
    if values["date_end"] is not None and values["date_end"] < day:
        state.error("date_end", msg("end_before_start"))
        return None, None
    if end < start or (end == start and values["date_end"] is not None):
        state.error("time_end" if values["time_end"] else "date_end", msg("end_before_start"))
        return None, None
    if end == start and values["time_end"] is not None:
        state.error("time_end", msg("end_before_start"))
        return None, None
    return start, end


def _rule(state: FormState, start: datetime) -> str | None:
    repeat = state.get("repeat") or "none"
    if repeat == "none":
        return None
    if repeat == "rule":
        rule = state.get("rrule").strip().upper().removeprefix("RRULE:")
        try:
            first = next(starts(rule, start, start, start + timedelta(days=RULE_CHECK_DAYS)),
                         None)
        except RuleError as exc:
            state.error("rrule", msg(RULE_MESSAGES.get(exc.problem, "rrule_invalid")))
            return None
        if first is None:
            state.error("rrule", msg("rrule_no_dates"))
            return None
        return rule
    if repeat == "weekly":
        days = [d for d in WEEKDAYS if d in state.getlist("weekly_days")]
        if not days:
            state.error("weekly_days", msg("weekdays_missing"))
            return None
        rule = f"FREQ=WEEKLY;BYDAY={','.join(days)}"
        interval = state.get("weekly_interval") or "1"
        if interval in ("2", "3", "4"):
            rule += f";INTERVAL={interval}"
    else:
        nths = [n for n in NTH_NAMES if n in state.getlist("monthly_nth")]
        day = state.get("monthly_day")
        if not nths or day not in WEEKDAYS:
            state.error("monthly_nth", msg("nth_missing"))
            return None
        rule = "FREQ=MONTHLY;BYDAY=" + ",".join(f"{n}{day}" for n in nths)
    return rule + _rule_end(state)


def _rule_end(state: FormState) -> str:
    end = state.get("repeat_end")
    if end == "until":
        try:
            until = parse_date(state.get("repeat_until"))
        except FieldError as exc:
            state.error("repeat_until", str(exc))
            return ""
        if until is None:
            state.error("repeat_until", msg("until_missing"))
            return ""
        return f";UNTIL={until:%Y%m%d}T235959"
    if end == "count":
        try:
            count = parse_int(state.get("repeat_count"), 1, 500)
        except FieldError:
            count = None
        if count is None:
            state.error("repeat_count", msg("count_invalid"))
            return ""
        return f";COUNT={count}"
    return ""


def change_rows(state: FormState) -> int:
    try:
        return max(1, min(50, int(state.get("changes_count") or "1")))
    except ValueError:
        return 1


def _changes(state: FormState, start: datetime, end: datetime) -> list[dict]:
    out = []
    duration = end - start
    for i in range(change_rows(state)):
        prefix = f"change-{i}-"
        status = state.get(prefix + "status") or "cancelled"
        note = state.get(prefix + "note").strip()
        raw = {k: state.get(prefix + k) for k in ("date", "new_date", "new_time", "new_end")}
        if not any(raw.values()) and not note:
            continue
        try:
            day = parse_date(raw["date"])
            new_day = parse_date(raw["new_date"])
        except FieldError as exc:
            state.error(prefix + ("date" if "date" in str(exc) else "new_date"), str(exc))
            continue
        if day is None:
            state.error(prefix + "date", msg("change_date_missing"))
            continue
        change: dict[str, Any] = {"date": day.isoformat(),
                                  "status": status if status in CHANGE_STATUS else "cancelled"}
        if note:
            change["note"] = note[:240]
        if change["status"] == "moved":
            try:
                clock, end_clock = parse_time(raw["new_time"]), parse_time(raw["new_end"])
            except FieldError as exc:
                state.error(prefix + "new_time", str(exc))
                continue
            if new_day is None and clock is None:
                state.error(prefix + "new_date", msg("change_new_missing"))
                continue
            begin = datetime.combine(new_day or day, clock or start.time())
            finish = datetime.combine(begin.date(), end_clock) if end_clock else begin + duration
            if finish < begin:
                state.error(prefix + "new_end", msg("end_before_start"))
                continue
            change["start"] = begin.isoformat(timespec="minutes")
            change["end"] = finish.isoformat(timespec="minutes")
        out.append(change)
    return out


# -- words ---------------------------------------------------------------------------------------

def rhythm_words(schedule: dict | None, today: date | None = None) -> str | None:
    """ "jeden Freitag, 12:00 bis 13:30 Uhr": the publisher's own words (sync.rhythm), so
    the form shows what the terminal will show; None for a rule without them."""
    return sync_rhythm_words(schedule, today)


def next_dates(schedule: dict | None, now: datetime, count: int = NEXT_DATES,
               entry_status: str = "scheduled", days: int = NEXT_DATES_DAYS) -> list[dict]:
    """The next `count` dates within `days` as the terminal words them:
    [{"text", "status"}]. Only those are expanded (lazily, with a bounded scan)."""
    from kiosk import text

    if not schedule:
        return []
    try:
        found = expand(schedule, BERLIN, now, now + timedelta(days=days), limit=count)
    except SourceError:
        return []
    out = []
    for occ in found:
        # The entry's own status is said once (above the list, as in the terminal's
        # banner); a date names only its own. A moved date stands under its usual day.
        status = entry_status if entry_status in ("cancelled", "full") else occ.status
        words = text.capitalize(text.when_text(occ.start, occ.end, now))
        if occ.moved_from is not None:
            words = text.moved_text(occ.moved_from, occ.start, occ.end, now)
        elif occ.status not in ("scheduled", entry_status):
            words += f" {text.DASH} {text.status_text(occ.status)}"
        if occ.note:
            words += f" ({occ.note})"
        out.append({"text": words, "status": status})
    return out
