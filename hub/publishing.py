"""Publishing from the hub: export each site as a quartier-source/1 document, run the
publisher (sync.publish) with the hub's key into <data>/published, and record the new
version with a summary staff understand (neu / geändert / entfernt).

A site's document holds its own entries, the entries shared with all sites or with this
one, and the entries it accepted from neighbours – with their places and the categories.
An entry past its valid_until or whose last date is over is left out (the freshness page
lists it; the publisher would drop the latter anyway, leaving it out here makes the
summary say "entfernt"). A stored rhythm text is not passed on: the publisher derives it
from the schedule (sync.rhythm).

Entry ids are shared by all sites of the tree, so sites that show the same entry are
published together: otherwise the publisher would find one id with two contents.
"""

from __future__ import annotations

import hashlib
import json
import threading
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import sqlite_utils

from hub import images
from hub.config import TIMEZONE, Paths
from hub.errors import PublishFailed
from hub.queries import entries as entry_q
from hub.queries import places as place_q
from hub.queries import publications as pub_q
from hub.queries import sites as site_q
from sync.errors import BusyError, SourceError, SyncError
from sync.files import write_atomic
from sync.lifecycle import finished_on
from sync.publish import publish
from sync.source import SOURCE_FORMAT

_LOCK = threading.Lock()  # one publish at a time in this process (the tree has its own lock)


@dataclass
class SiteOutcome:
    site: str
    name: str
    version: int
    changed: bool
    entries: int
    summary: dict = field(default_factory=dict)


@dataclass
class RunOutcome:
    run_id: str
    sites: list[SiteOutcome]
    requested: list[str]

    @property
    def also(self) -> list[SiteOutcome]:
        """Sites published as well because they show an entry of a requested site."""
        return [s for s in self.sites if s.site not in self.requested]


def export_site(db: sqlite_utils.Database, site: dict, settings: dict, today: date) -> dict:
    """The site's content as a quartier-source/1 document (images relative to content/)."""
    entries = []
    for row in entry_q.shown_at(db, [site["id"]]):
        data = row["data"]
        if data.get("valid_until") and data["valid_until"] < today.isoformat():
            continue
        if finished_on(data, ZoneInfo(TIMEZONE), today) is not None:
            continue
        entries.append(_source_entry(db, row["id"], data))
    place_ids = {e["place_id"] for e in entries if e.get("place_id")}
    places = [p["data"] for p in place_q.some(db, place_ids)]
    return {
        "format": SOURCE_FORMAT,
        "site": site["id"],
        "site_name": site["name"],
        "timezone": TIMEZONE,
        "horizon_days": settings["content"]["horizon_days"],
        "categories": settings["categories"],
        "places": places,
        "entries": entries,
        "polls": [],
    }


def _source_entry(db: sqlite_utils.Database, entry_id: str, data: dict) -> dict:
    entry = {"id": entry_id, **{k: v for k, v in data.items() if k != "rhythm"}}
    image = data.get("image")
    if image:
        name = images.file_name(db, image["sha256"])
        if name:
            entry["image"] = {"file": f"bilder/{name}", "alt": image["alt"]}
        else:
            entry.pop("image")
    return entry


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
    """Publish these sites (None: all) and every site sharing entries with them."""
    all_sites = {s["id"]: s for s in site_q.all_sites(db)}
    requested = sorted(all_sites) if site_ids is None else sorted(set(site_ids) & set(all_sites))
    if not requested:
        raise PublishFailed("Es gibt noch keine Begegnungsstätte zum Veröffentlichen.")
    run = related_sites(db, requested)
    today = now.astimezone(ZoneInfo(TIMEZONE)).date()
    with _LOCK:
        docs = {s: export_site(db, all_sites[s], settings, today) for s in run}
        _write_sources(paths.content, docs)
        try:
            results = publish(str(paths.content), paths.signing_key, paths.published,
                              base_url=settings["hub"]["published_url"] or None, now=now)
        except BusyError as exc:
            raise PublishFailed("Gerade läuft schon eine Veröffentlichung. Bitte versuchen "
                                "Sie es in einer Minute noch einmal.") from exc
        except SourceError as exc:
            raise PublishFailed(_explain(exc, docs)) from exc
        except SyncError as exc:
            raise PublishFailed(f"Veröffentlichen ist fehlgeschlagen: {exc}") from exc
    run_id = uuid.uuid4().hex[:12]
    outcomes = []
    with db.atomic():
        for result in results:
            doc = docs[result.site]
            snapshot = _snapshot(doc)
            previous = pub_q.latest(db, result.site)
            summary = _summary(previous["snapshot"] if previous else None, snapshot)
            changed = result.changed or previous is None
            pub_q.add(db, run_id=run_id, site_id=result.site, version=result.version,
                      changed=changed, at=now, user=user, trigger=trigger,
                      entries=result.entries, summary=summary, snapshot=snapshot)
            if changed or all_sites[result.site]["published_version"] != result.version:
                site_q.set_published(db, result.site, result.version, now)
            outcomes.append(SiteOutcome(result.site, all_sites[result.site]["name"],
                                        result.version, changed, result.entries, summary))
    return RunOutcome(run_id, outcomes, requested)


def _write_sources(folder: Path, docs: dict[str, dict]) -> None:
    """Exactly the documents of this run: the publisher reads every *.json of the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.json"):
        if old.stem not in docs:
            old.unlink()
    for site, doc in docs.items():
        body = json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")
        write_atomic(folder / f"{site}.json", body)


def _explain(exc: SourceError, docs: dict[str, dict]) -> str:
    """Name the entry a publisher error is about, in words staff can act on."""
    where = ""
    site = Path(exc.file).stem if exc.file else ""
    parts = exc.path.split(".")
    if site in docs and parts and parts[0].startswith("entries["):
        index = int(parts[0][8:-1])
        entries = docs[site]["entries"]
        if index < len(entries):
            where = f"Eintrag „{entries[index]['title']}“ ({'.'.join(parts[1:]) or 'Eintrag'}): "
    return f"Veröffentlichen ist fehlgeschlagen. {where}{exc.reason}"


def _digest(value: object) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _snapshot(doc: dict) -> dict:
    return {"entries": {e["id"]: [e["title"], _digest(e)] for e in doc["entries"]},
            "places": {p["id"]: [p["name"], _digest(p)] for p in doc["places"]}}


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
