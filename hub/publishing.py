"""Publishing from the hub: export each site as a quartier-source/1 document, run the
publisher (sync.publish) with the hub's key into <data>/published, and record the new
version with a summary staff understand (neu / geändert / entfernt).

A site's document holds the released version (hub.review) of its own entries, the entries
shared with all sites or with this one, and the entries it accepted from neighbours – with
their places and the categories – and its polls with the site's results once they reach
their minimum (hub.polls). Drafts are left out, and so are entries before their valid_from
("Gültig ab": the daily run brings them on their day), past their valid_until or whose
last date is over (the freshness page lists them; the publisher would drop the latter
anyway, leaving it out here makes the summary say "entfernt"). A stored rhythm text is not
passed on: the publisher derives it from the schedule (sync.rhythm).

`pending` compares what the next publish would export with the snapshot of the last one:
the list of changes the publish page shows before the button.

Entry ids are shared by all sites of the tree, so sites that show the same entry are
published together: otherwise the publisher would find one id with two contents.

One broken entry never stops publishing: the publisher leaves it out, and it is recorded
(hub.publish_problems) for the result page and as a flag on the entry until it is saved
again. A site whose feed is refused as a whole is not published; the other sites are.
The moment of the last complete success and of the last failure are kept for /healthz.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
import threading
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import sqlite_utils

from hub import images
from hub import polls as poll_rules
from hub import publish_problems as problems
from hub.config import TIMEZONE, Paths
from hub.db import set_meta
from hub.errors import PublishFailed
from hub.filemodes import PRIVATE_FILE, private_dir
from hub.queries import entries as entry_q
from hub.queries import places as place_q
from hub.queries import publications as pub_q
from hub.queries import sites as site_q
from sync.errors import BusyError, SyncError
from sync.files import write_atomic
from sync.lifecycle import finished_on
from sync.publish import publish
from sync.source import SOURCE_FORMAT

_LOCK = threading.Lock()  # one publish at a time in this process (the tree has its own lock)
LAST_SUCCESS = "publish_last_success"   # meta: when every site of a run was published
LAST_FAILURE = "publish_last_failure"   # meta: "<moment> <why>" of the last failed run
BUSY = ("Gerade läuft schon eine Veröffentlichung. Bitte versuchen Sie es in einer Minute "
        "noch einmal.")


@dataclass
class SiteOutcome:
    site: str
    name: str
    version: int
    changed: bool
    entries: int
    summary: dict = field(default_factory=dict)
    skipped: list[dict] = field(default_factory=list)   # publish_problems rows


@dataclass
class SiteFailure:
    site: str
    name: str
    problem: dict                                   # a publish_problems row

    @property
    def message(self) -> str:
        return problems.line(self.problem)


@dataclass
class RunOutcome:
    run_id: str
    sites: list[SiteOutcome]
    requested: list[str]
    failed: list[SiteFailure] = field(default_factory=list)

    @property
    def also(self) -> list[SiteOutcome]:
        """Sites published as well because they show an entry of a requested site."""
        return [s for s in self.sites if s.site not in self.requested]


def export_site(db: sqlite_utils.Database, site: dict, settings: dict, today: date,
                keys: dict | None = None) -> dict:
    """The site's content as a quartier-source/1 document (images relative to content/).
    `keys`, when given, receives per exported entry what identifies its content without
    hashing it: [released version, last checked]."""
    entries = []
    day = today.isoformat()
    for row in entry_q.released_shown_at(db, site["id"]):
        data = row["data"]
        if data.get("valid_until") and data["valid_until"] < day:
            continue
        if data.get("valid_from") and data["valid_from"] > day:
            continue
        if finished_on(data, ZoneInfo(TIMEZONE), today) is not None:
            continue
        entries.append(_source_entry(db, row["id"], data))
        if keys is not None:
            keys[row["id"]] = [row["rev"], data.get("last_checked")]
    place_ids = {e["place_id"] for e in entries if e.get("place_id")}
    places = [p["data"] for p in place_q.some(db, place_ids)]
    known = {p["id"] for p in places}
    for entry in entries:   # a released version may name a place deleted since
        if entry.get("place_id") and entry["place_id"] not in known:
            entry.pop("place_id")
    polls = poll_rules.export(db, site["id"], today)
    poll_rules.link_entries(db, entries, polls)
    return {
        "format": SOURCE_FORMAT,
        "site": site["id"],
        "site_name": site["name"],
        "timezone": TIMEZONE,
        "horizon_days": settings["content"]["horizon_days"],
        "categories": settings["categories"],
        "places": places,
        "entries": entries,
        "polls": polls,
    }


def _source_entry(db: sqlite_utils.Database, entry_id: str, data: dict) -> dict:
    entry = {"id": entry_id, **{k: v for k, v in data.items()
                                if k not in ("valid_from", "rhythm")}}
    image = data.get("image")
    if image:
        name = images.file_name(db, image["sha256"])
        if name:
            entry["image"] = {"file": f"bilder/{name}", "alt": image["alt"]}
        else:
            entry.pop("image")
    return entry


def pending(db: sqlite_utils.Database, site: dict, settings: dict, today: date) -> dict:
    """What publishing the site now would change for its terminals, by title – "neu",
    "geaendert", "entfernt", "orte" as in the result's summary – compared with the
    snapshot of its last publication. Entries the last publish left out (flagged, not
    released again since) are left out here too, as the publisher will leave them out."""
    keys: dict = {}
    doc = export_site(db, site, settings, today, keys)
    previous = pub_q.latest(db, site["id"])
    left_out = pub_q.flagged_entries(db, site["id"])
    before = previous["snapshot"] if previous else None
    if before is None or "revs" not in before:   # a snapshot of before drafts existed
        return _summary(before, _snapshot(doc, left_out))
    # Cheap: an entry whose released version and check date are those of the last publish
    # is unchanged; only the others (and the few places) would need hashing.
    old, old_keys = before["entries"], before["revs"]
    now = {e["id"]: [e["title"], old[e["id"]][1] if old_keys.get(e["id"]) == keys[e["id"]]
                     and e["id"] in old else "changed"]
           for e in doc["entries"] if e["id"] not in left_out}
    return _summary(before, {"entries": now, "places": _places(doc)})


def related_sites(db: sqlite_utils.Database, site_ids: list[str]) -> list[str]:
    """The sites plus every site that shows one of their entries, transitively."""
    todo, seen = list(site_ids), set(site_ids)
    while todo:
        site = todo.pop()
        for row in entry_q.shown_at(db, [site]):
            for other in entry_q.sites_showing(db, row["id"]) - seen:
                seen.add(other)
                todo.append(other)
    return sorted(seen)


def publish_sites(db: sqlite_utils.Database, paths: Paths, settings: dict,
                  site_ids: list[str] | None, *, now: datetime, user: str | None,
                  trigger: str) -> RunOutcome:
    """Publish these sites (None: all) and every site sharing entries with them.

    Raises PublishFailed only when nothing could be tried (no site, another publish
    running); OSError and sqlite3.Error (a full disk, a read-only folder) pass through
    for the error page. A site refused as a whole is in RunOutcome.failed."""
    all_sites = {s["id"]: s for s in site_q.all_sites(db)}
    requested = sorted(all_sites) if site_ids is None else sorted(set(site_ids) & set(all_sites))
    if not requested:
        raise PublishFailed("Es gibt noch keine Begegnungsstätte zum Veröffentlichen.")
    run = related_sites(db, requested)
    today = now.astimezone(ZoneInfo(TIMEZONE)).date()
    keys: dict[str, dict] = {s: {} for s in run}
    try:
        with _LOCK:
            docs = {s: export_site(db, all_sites[s], settings, today, keys[s]) for s in run}
            _write_sources(paths.content, docs)
            results = _publish(paths, settings, now)
    except (PublishFailed, OSError, sqlite3.Error) as exc:
        _record_state(db, now, str(exc))
        raise
    run_id = uuid.uuid4().hex[:12]
    outcomes, failed = [], []
    with db.atomic():
        for result in results:
            name = all_sites[result.site]["name"]
            if result.failed is not None:
                problem = problems.site_problem(result.failed, docs[result.site], name)
                pub_q.add_problems(db, run_id, result.site, now, [problem])
                failed.append(SiteFailure(result.site, name, problem))
                continue
            skipped = [problems.entry_problem(s) for s in result.skipped]
            pub_q.replace_problems(db, run_id, result.site, now, skipped)
            snapshot = _snapshot(docs[result.site], {s.id for s in result.skipped},
                                 keys[result.site])
            previous = pub_q.latest(db, result.site)
            summary = _summary(previous["snapshot"] if previous else None, snapshot)
            changed = result.changed or previous is None
            pub_q.add(db, run_id=run_id, site_id=result.site, version=result.version,
                      changed=changed, at=now, user=user, trigger=trigger,
                      entries=result.entries, summary=summary, snapshot=snapshot)
            if changed or all_sites[result.site]["published_version"] != result.version:
                site_q.set_published(db, result.site, result.version, now)
            outcomes.append(SiteOutcome(result.site, name, result.version, changed,
                                        result.entries, summary, skipped))
    _record_state(db, now, "; ".join(f.message for f in failed) or None)
    return RunOutcome(run_id, outcomes, requested, failed)


def _publish(paths: Paths, settings: dict, now: datetime) -> list:
    """Run the publisher on the exported sources, leaving out what fails."""
    try:
        return publish(str(paths.content), paths.signing_key, paths.published,
                       base_url=settings["hub"]["published_url"] or None, now=now,
                       skip_bad=True)
    except BusyError as exc:
        raise PublishFailed(BUSY) from exc
    except SyncError as exc:
        cause = exc.__cause__
        if isinstance(cause, OSError):  # a full disk or a read-only folder: the error page
            raise OSError(cause.errno, cause.strerror, cause.filename) from exc
        raise PublishFailed(f"Veröffentlichen ist fehlgeschlagen: {exc}") from exc


def _record_state(db: sqlite_utils.Database, now: datetime, failure: str | None) -> None:
    """Keep the last success and the last failure for /healthz (never fails itself: the
    database may be what is broken)."""
    with contextlib.suppress(sqlite3.Error):
        if failure:
            set_meta(db, LAST_FAILURE, f"{now.isoformat()} {failure}")
        else:
            set_meta(db, LAST_SUCCESS, now.isoformat())


def _write_sources(folder: Path, docs: dict[str, dict]) -> None:
    """Exactly the documents of this run: the publisher reads every *.json of the folder."""
    private_dir(folder)
    for old in folder.glob("*.json"):
        if old.stem not in docs:
            old.unlink()
    for site, doc in docs.items():
        body = json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")
        write_atomic(folder / f"{site}.json", body, PRIVATE_FILE)


def _digest(value: object) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _snapshot(doc: dict, left_out: set[str], keys: dict | None = None) -> dict:
    """Per published entry its title and content digest, per place the same; with `keys`
    also each entry's [released version, last checked] (`revs`, for the pending list)."""
    snapshot = {"entries": {e["id"]: [e["title"], _digest(e)] for e in doc["entries"]
                            if e["id"] not in left_out},
                "places": _places(doc)}
    if keys is not None:
        snapshot["revs"] = {i: keys[i] for i in snapshot["entries"] if i in keys}
    return snapshot


def _places(doc: dict) -> dict:
    return {p["id"]: [p["name"], _digest(p)] for p in doc["places"]}


def _summary(before: dict | None, after: dict) -> dict:
    """What changed since the last publication, by title: neu, geändert, entfernt, Orte."""
    before = before or {"entries": {}, "places": {}}
    old, new = before["entries"], after["entries"]
    old_places, new_places = before.get("places", {}), after["places"]
    return {
        "neu": sorted(new[i][0] for i in new.keys() - old.keys()),
        "geaendert": sorted(new[i][0] for i in new.keys() & old.keys()
                            if new[i][1] != old[i][1]),
        "entfernt": sorted(old[i][0] for i in old.keys() - new.keys()),
        "orte": sorted(new_places[i][0] for i in new_places.keys() & old_places.keys()
                       if new_places[i][1] != old_places[i][1]),
    }


def summary_words(summary: dict) -> str:
    """One line for lists: "2 neu, 1 geändert, 1 entfernt" or "keine inhaltlichen Änderungen"."""
    parts = []
    for key, word in (("neu", "neu"), ("geaendert", "geändert"), ("entfernt", "entfernt")):
        if summary.get(key):
            parts.append(f"{len(summary[key])} {word}")
    if summary.get("orte"):
        parts.append(f"{len(summary['orte'])} Ort{'e' if len(summary['orte']) > 1 else ''} "
                     "geändert")
    return ", ".join(parts) or "keine inhaltlichen Änderungen"
