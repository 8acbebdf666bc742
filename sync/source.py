"""The project's own content source format ("quartier-source/1") and turning it into a feed.

A source file is what staff edit (and what the hub exports): the feed's entries, places,
categories and polls, but with a `schedule` (see sync.recurrence) instead of expanded
`occurrences`. `build_feed` expands schedules for a horizon and returns a feed document
(format 1) that passes the feed schema. Images and phone-page links are the publisher's
job (sync.publish): an entry names its picture as `"image": {"file": "bilder/x.jpg",
"alt": "..."}` relative to the source file, and the publisher replaces it with the
feed's `{"sha256", "alt"}` before calling `build_feed`.

Given a `skipped` list, `build_feed` leaves out each entry that fails (its schedule, the
schema, a reference) and records it there instead of refusing the whole feed: one broken
entry must not keep a site's other entries, or other sites, from being published.

Two things are the feed builder's, so every path (publisher, hub preview, demo) agrees:
an entry whose last date ended before today is left out (sync.lifecycle), and the
rhythm in words is derived from the schedule (sync.rhythm), never taken from free text
that could contradict the dates.
"""

from __future__ import annotations

import json
import logging
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sync import feed as feedlib
from sync.errors import FeedError, SourceError
from sync.holidays import public_holidays
from sync.lifecycle import dates_over, day_start, schedule_over
from sync.model import FEED_FORMAT
from sync.recurrence import expand
from sync.rhythm import rhythm_words

log = logging.getLogger(__name__)
SOURCE_FORMAT = "quartier-source/1"
DEFAULT_HORIZON_DAYS = 120
DEFAULT_EXPIRY_DAYS = 14
# Source-only keys of an entry: consumed here, never copied into the feed.
_SOURCE_ONLY = {"schedule", "image_file", "sites", "shared"}
# Fields shown on one line (list rows, calendar names): a line break breaks them.
_ONE_LINE = ("title",)
# What a malformed entry can make the expansion or the page renderers raise; publishing
# leaves the entry out for any of these instead of stopping.
ENTRY_FAULTS = (SourceError, FeedError, ValueError, TypeError, KeyError, IndexError,
                AttributeError, AssertionError, OverflowError)


@dataclass(frozen=True)
class Skipped:
    """An entry left out of a feed: its id and title, the bad field and why (English)."""

    id: str
    title: str
    path: str          # inside the entry, e.g. "schedule.end"; "" for the entry as a whole
    reason: str

    @classmethod
    def of(cls, entry: object, path: str, reason: str) -> Skipped:
        entry = entry if isinstance(entry, dict) else {}
        return cls(str(entry.get("id", "")), str(entry.get("title", "")), path, reason)


def load_source(path: Path) -> dict:
    """Read a source file, or raise SourceError naming the file and line."""
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise SourceError(f"cannot read ({exc.strerror})", file=str(path)) from exc
    except UnicodeDecodeError as exc:
        raise SourceError("not UTF-8 text", file=str(path)) from exc
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(f"not JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})",
                          file=str(path)) from exc
    if not isinstance(doc, dict) or doc.get("format") != SOURCE_FORMAT:
        raise SourceError(f"'format' must be {SOURCE_FORMAT!r}", "format", str(path))
    return doc


def build_feed(
    source: dict,
    *,
    version: int,
    now: datetime | None = None,
    horizon_days: int | None = None,
    expiry_days: int = DEFAULT_EXPIRY_DAYS,
    file: str = "",
    skipped: list[Skipped] | None = None,
) -> dict:
    """Expand `source` into a valid feed document of format 1.

    Without `skipped` any fault raises SourceError; with it, faulty entries are left out
    and appended there, and only a fault outside the entries raises."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    try:
        tz = ZoneInfo(source.get("timezone", "Europe/Berlin"))
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise SourceError("unknown time zone", "timezone", file) from exc
    horizon = horizon_days or source.get("horizon_days", DEFAULT_HORIZON_DAYS)
    window_start = now - timedelta(days=1)
    window_end = now + timedelta(days=horizon)
    today_start = day_start(now.astimezone(tz).date(), tz)
    entries = []
    for i, entry in enumerate(source.get("entries", [])):
        if not isinstance(entry, dict):
            raise SourceError("must be an object", f"entries[{i}]", file)
        try:
            built = _entry(entry, tz, (window_start, window_end, today_start),
                           f"entries[{i}]", file)
        except ENTRY_FAULTS as exc:
            if skipped is None:
                raise
            skipped.append(_skip(entry, exc))
            continue
        if built is not None:
            entries.append(built)
    doc = {
        "format": FEED_FORMAT,
        "site": source.get("site"),
        "site_name": source.get("site_name"),
        "version": version,
        "generated_at": _iso(now),
        "expires_at": _iso(now + timedelta(days=expiry_days)),
        "categories": source.get("categories", []),
        "places": source.get("places", []),
        "entries": entries,
        "polls": source.get("polls", []),
        "assets": source.get("assets", {}),
    }
    if source.get("base_url"):
        doc["base_url"] = source["base_url"]
    # Optional (terminals before it ignore it): the days the screen stays dark.
    doc["holidays"] = source["holidays"] if "holidays" in source else public_holidays(
        window_start.astimezone(tz).date(), window_end.astimezone(tz).date())
    _validate(doc, file, skipped)
    return doc


def _validate(doc: dict, file: str, skipped: list[Skipped] | None) -> None:
    """Validate the feed; with `skipped`, drop each entry the schema refuses and retry
    (once per bad entry, so a feed of good entries is checked once)."""
    for _ in range(len(doc["entries"]) + 1):
        try:
            feedlib.validate(doc)
            return
        except FeedError as exc:
            index = _entry_index(exc.path)
            if skipped is None or index is None or index >= len(doc["entries"]):
                # Paths of the feed are the source's paths, except inside expanded schedules.
                raise SourceError(exc.reason, exc.path, file) from exc
            entry = doc["entries"].pop(index)
            skipped.append(Skipped.of(entry, exc.path.partition(".")[2], exc.reason))
            drop_unused_assets(doc)


def drop_unused_assets(doc: dict) -> None:
    """Leave out of `assets` the images no remaining entry shows."""
    shown = {e["image"].get("sha256") for e in doc["entries"]
             if isinstance(e.get("image"), dict)}
    if isinstance(doc.get("assets"), dict):
        doc["assets"] = {k: v for k, v in doc["assets"].items() if k in shown}


def _entry_index(path: str) -> int | None:
    head = path.partition(".")[0]
    if head.startswith("entries[") and head.endswith("]") and head[8:-1].isdigit():
        return int(head[8:-1])
    return None


def _skip(entry: dict, exc: Exception) -> Skipped:
    if isinstance(exc, (SourceError, FeedError)):
        path = exc.path.partition(".")[2] if exc.path.startswith("entries[") else exc.path
        return Skipped.of(entry, path, exc.reason)
    log.warning("entry %r left out: %s: %s", entry.get("id"), type(exc).__name__, exc)
    return Skipped.of(entry, "", f"cannot be expanded ({type(exc).__name__}: {exc})")


def _entry(entry: dict, tz: ZoneInfo, window: tuple[datetime, datetime, datetime],
           path: str, file: str) -> dict | None:
    """The feed entry of a source entry, or None when its last date is over."""
    lo, hi, today_start = window
    out = {k: v for k, v in entry.items() if k not in _SOURCE_ONLY}
    for key in _ONE_LINE:
        value = entry.get(key)
        if isinstance(value, str) and any(unicodedata.category(c) == "Cc" for c in value):
            raise SourceError("contains a line break or control character",
                              f"{path}.{key}", file)
    schedule = entry.get("schedule")
    if schedule is not None:
        if not isinstance(schedule, dict):
            raise SourceError("must be an object", f"{path}.schedule", file)
        try:
            occurrences = expand(schedule, tz, lo, hi, f"{path}.schedule")
            if schedule_over(schedule, occurrences, tz, today_start):
                return None
        except SourceError as exc:
            raise SourceError(exc.reason, exc.path, file) from exc
        except (ValueError, TypeError, OverflowError) as exc:
            raise SourceError(f"not a valid schedule ({exc})", f"{path}.schedule",
                              file) from exc
        out["occurrences"] = [o.as_json() for o in occurrences]
    elif isinstance(entry.get("occurrences"), list) and dates_over(
            _ends(entry["occurrences"]), today_start):
        return None
    _set_rhythm(out, rhythm_words(schedule, today_start.date()), path, file)
    return out


def _ends(occurrences: list) -> list[datetime]:
    ends = []
    for occ in occurrences:
        try:
            end = datetime.fromisoformat(occ["end"])
        except (TypeError, KeyError, ValueError):
            return []  # the schema check names the bad date
        if end.tzinfo is None:
            return []
        ends.append(end)
    return ends


def _set_rhythm(out: dict, derived: str | None, path: str, file: str) -> None:
    # The rhythm is derived from the rule; a text that says otherwise would contradict the
    # dates on the same screen, so it is dropped (and named for whoever maintains the file).
    written = out.pop("rhythm", None)
    if written and written != derived:
        log.warning("%s:%s.rhythm: %r is not the schedule's rhythm (%s); it is left out",
                    file or "source", path, written, repr(derived) if derived else "none")
    if derived:
        out["rhythm"] = derived


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@dataclass(frozen=True)
class LoadedSource:
    """One site's source document and where it came from."""

    doc: dict
    file: str                  # named in messages ("demo" for the built-in content)
    base_dir: Path | None      # image files are relative to it (assets/demo/ for the demo)


def load_sources(arg: str, today: date | None = None) -> list[LoadedSource]:
    """Read `--source FILE|DIR|demo`: one source file, every *.json in a folder, or the demo.

    A folder holds one file per site; two files for the same site are an error.
    """
    if arg == "demo":
        from sync.demo import IMAGE_DIR, demo_source

        today = today or datetime.now(UTC).date()
        return [LoadedSource(demo_source(today, images=True), "demo", IMAGE_DIR)]
    path = Path(arg)
    if path.is_dir():
        files = sorted(p for p in path.glob("*.json") if p.is_file())
        if not files:
            raise SourceError("no source files (*.json) in this folder", file=str(path))
    elif path.exists():
        files = [path]
    else:
        raise SourceError("no such file or folder", file=str(path))
    loaded = [LoadedSource(load_source(f), str(f), f.parent.resolve()) for f in files]
    seen: dict[str, str] = {}
    for src in loaded:
        site = src.doc.get("site")
        if isinstance(site, str) and site in seen:
            raise SourceError(f"site {site!r} is already in {seen[site]}", "site", src.file)
        seen[str(site)] = src.file
    return loaded
