"""Entries, where they are shown (own site, all sites, chosen sites, accepted offers), their
versions and release (hub.queries.versions), the bin, and the tombstones of deleted ids.

An entry's working copy is `data` (version `rev`); the terminals get version
`released_rev` (NULL: never released – a draft). hub.review names the states."""

from __future__ import annotations

import json
from datetime import date, datetime

import sqlite_utils

from hub.queries import dumps, one, placeholders, rows, stamp, versions

# The states of the list filter (hub.review has their words).
STATE_WHERE = {
    "draft": "(e.review IS NULL AND (e.released_rev IS NULL OR e.released_rev != e.rev))",
    "pending": "e.review = 'requested'",
    "released": "(e.review IS NULL AND e.released_rev = e.rev)",
    "left_out": "EXISTS (SELECT 1 FROM publish_problems p WHERE p.entry_id = e.id "
                "AND p.current = 1)",
}

# An entry is shown at site :s when one of these holds (`e` is the entries row).
_SHOWN_AT = """(e.site_id IN ({s}) OR e.sharing = 'all'
    OR (e.sharing = 'some' AND EXISTS (SELECT 1 FROM entry_sites x
        WHERE x.entry_id = e.id AND x.site_id IN ({s})))
    OR EXISTS (SELECT 1 FROM offers o WHERE o.entry_id = e.id AND o.site_id IN ({s})
        AND o.state = 'accepted'))"""


def _decode(row: dict) -> dict:
    row["data"] = json.loads(row["data"])
    return row


def get(db: sqlite_utils.Database, entry_id: str) -> dict | None:
    row = one(db, "SELECT * FROM entries WHERE id = ?", [entry_id])
    if row is None:
        return None
    row = _decode(row)
    row["share_sites"] = [r["site_id"] for r in rows(
        db, "SELECT site_id FROM entry_sites WHERE entry_id = ? ORDER BY site_id", [entry_id])]
    return row


def shown_at(db: sqlite_utils.Database, site_ids: list[str]) -> list[dict]:
    """Every entry the terminals of these sites show (own, shared, accepted offers)."""
    if not site_ids:
        return []
    where = _SHOWN_AT.format(s=placeholders(site_ids))
    found = rows(db, f"SELECT e.* FROM entries e WHERE {where} ORDER BY e.title, e.id",
                 site_ids * 3)
    return [_decode(r) for r in found]


def released_shown_at(db: sqlite_utils.Database, site_id: str) -> list[dict]:
    """What the terminals of a site get: every entry shown there that has a released
    version, as {"id", "rev", "data"} with the released version's number and data. The date
    of the last check is the entry's own ("Geprüft – stimmt noch" needs no new release)."""
    where = _SHOWN_AT.format(s="?")
    found = rows(db, "SELECT e.id, e.released_rev, e.last_checked, v.data FROM entries e "
                     "JOIN entry_versions v "
                     "ON v.entry_id = e.id AND v.rev = e.released_rev "
                     f"WHERE {where} ORDER BY e.title, e.id", [site_id] * 3)
    out = []
    for row in found:
        data = json.loads(row["data"])
        if row["last_checked"]:
            data["last_checked"] = row["last_checked"]
        out.append({"id": row["id"], "rev": row["released_rev"], "data": data})
    return out


def listing(db: sqlite_utils.Database, site_ids: list[str] | None, kind: str = "",
            query: str = "", state: str = "") -> list[dict]:
    """Entries for the list page: shown at these sites (None: all), filtered by kind, text
    and state (STATE_WHERE)."""
    params: list = []
    clauses = []
    if site_ids is not None:
        if not site_ids:
            return []
        clauses.append(_SHOWN_AT.format(s=placeholders(site_ids)))
        params += site_ids * 3
    if kind:
        clauses.append("e.kind = ?")
        params.append(kind)
    if query:
        clauses.append("(e.title LIKE ? OR e.data LIKE ?)")
        params += [f"%{query}%", f"%{query}%"]
    if state in STATE_WHERE:
        clauses.append(STATE_WHERE[state])
    where = " AND ".join(clauses) or "1"
    return [_decode(r) for r in rows(
        db, f"SELECT e.* FROM entries e WHERE {where} ORDER BY e.updated_at DESC, e.id",
        params)]


def state_counts(db: sqlite_utils.Database, site_id: str) -> dict[str, int]:
    """How many of the site's own entries are drafts and how many wait for release."""
    found = one(db, f"SELECT sum({STATE_WHERE['draft']}) AS draft, "
                    f"sum({STATE_WHERE['pending']}) AS pending FROM entries e "
                    "WHERE e.site_id = ?", [site_id]) or {}
    return {k: int(found.get(k) or 0) for k in ("draft", "pending")}


def sites_showing(db: sqlite_utils.Database, entry_id: str) -> set[str]:
    """The sites whose feed holds this entry."""
    found = rows(db, "SELECT s.id FROM sites s, entries e WHERE e.id = ? AND "
                     + _SHOWN_AT.replace("IN ({s})", "= s.id"), [entry_id])
    return {r["id"] for r in found}


def id_taken(db: sqlite_utils.Database, entry_id: str) -> bool:
    return bool(db.execute(
        "SELECT 1 FROM entries WHERE id = ? UNION SELECT 1 FROM deleted_entries WHERE id = ?",
        [entry_id, entry_id]).fetchone())


def taken_ids(db: sqlite_utils.Database) -> set[str]:
    """Every id that is or was an entry (for giving out many new ids at once)."""
    return {r["id"] for r in rows(db, "SELECT id FROM entries UNION SELECT id FROM "
                                      "deleted_entries")}


def save(db: sqlite_utils.Database, entry_id: str, site_id: str, data: dict, *,
         sharing: str, share_sites: list[str], now: datetime, user: str | None,
         origin: str = "hub", ics_source: str | None = None,
         ics_uid: str | None = None, release: bool = True, action: str = "save") -> int:
    """Insert or update one entry as a new version; `data` is the source entry without its
    id. With `release` the new version is released at once (imports, the demo); the hub's
    form saves drafts (release=False) and the released version stays what terminals get.
    Returns the new version's number."""
    image = data.get("image") or {}
    with db.atomic():
        rev = versions.next_rev(db, entry_id)
        values = [entry_id, site_id, data["kind"], data["category"], data["title"],
                  data.get("status") or "scheduled", data.get("place_id"),
                  data.get("valid_until"), data.get("last_checked"), sharing,
                  image.get("sha256"), origin, ics_source, ics_uid, dumps(data), stamp(now),
                  stamp(now), user, rev]
        db.execute(
            "INSERT INTO entries (id, site_id, kind, category, title, status, place_id, "
            "valid_until, last_checked, sharing, image_sha256, origin, ics_source, ics_uid, "
            "data, created_at, updated_at, updated_by, rev) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, category = excluded.category, "
            "title = excluded.title, status = excluded.status, place_id = excluded.place_id, "
            "valid_until = excluded.valid_until, last_checked = excluded.last_checked, "
            "sharing = excluded.sharing, image_sha256 = excluded.image_sha256, "
            "ics_source = excluded.ics_source, data = excluded.data, "
            "updated_at = excluded.updated_at, updated_by = excluded.updated_by, "
            "rev = excluded.rev", values)
        versions.add(db, entry_id, rev, data, now, user, action)
        db.execute("DELETE FROM entry_sites WHERE entry_id = ?", [entry_id])
        if sharing == "some":
            for site in sorted(set(share_sites) - {site_id}):
                db.execute("INSERT INTO entry_sites (entry_id, site_id) VALUES (?, ?)",
                           [entry_id, site])
        if release:
            release_current(db, entry_id, now, user)
    return rev


def release_current(db: sqlite_utils.Database, entry_id: str, now: datetime,
                    user: str | None) -> None:
    """Release the working copy: the next publish sends it to the terminals."""
    with db.atomic():
        db.execute("UPDATE entries SET released_rev = rev, released_at = ?, released_by = ?, "
                   "review = NULL, review_at = NULL, review_by = NULL WHERE id = ?",
                   [stamp(now), user, entry_id])
        row = one(db, "SELECT rev FROM entries WHERE id = ?", [entry_id])
        if row:
            versions.mark_released(db, entry_id, row["rev"], now, user)
        # Released again: a flag from the last publish ("nicht veröffentlicht") no longer
        # holds for what the next publish gets.
        db.execute("UPDATE publish_problems SET current = 0 WHERE entry_id = ?", [entry_id])


def request_review(db: sqlite_utils.Database, entry_id: str, now: datetime,
                   user: str | None) -> None:
    """An editor asks the Verwaltung to release the working copy."""
    db.execute("UPDATE entries SET review = 'requested', review_at = ?, review_by = ? "
               "WHERE id = ?", [stamp(now), user, entry_id])


def same_title(db: sqlite_utils.Database, site_id: str, title: str,
               entry_id: str) -> list[dict]:
    """Other entries of the site with this title (case and spaces aside)."""
    return rows(db, "SELECT id, title FROM entries WHERE site_id = ? AND id != ? AND "
                    "lower(trim(title)) = lower(trim(?)) ORDER BY id",
                [site_id, entry_id, title])


def mark_checked(db: sqlite_utils.Database, entry_id: str, day: date, now: datetime,
                 user: str | None) -> None:
    entry = get(db, entry_id)
    if entry is None:
        return
    data = entry["data"]
    data["last_checked"] = day.isoformat()
    db.execute("UPDATE entries SET last_checked = ?, data = ?, updated_at = ?, updated_by = ? "
               "WHERE id = ?", [day.isoformat(), dumps(data), stamp(now), user, entry_id])


def delete(db: sqlite_utils.Database, entry_id: str, now: datetime, user: str | None) -> None:
    """Move the entry to the bin (restorable until the daily run purges it); its id stays
    taken for good."""
    entry = get(db, entry_id)
    if entry is None:
        return
    row = {k: v for k, v in entry.items() if k != "data"}
    row["data"] = entry["data"]
    row["offers"] = rows(db, "SELECT site_id, state, offered_at, offered_by, decided_at, "
                             "decided_by FROM offers WHERE entry_id = ?", [entry_id])
    with db.atomic():
        versions.put_in_bin(db, row, now, user)
        db.execute("INSERT OR REPLACE INTO deleted_entries (id, site_id, title, deleted_at, "
                   "deleted_by) VALUES (?, ?, ?, ?, ?)",
                   [entry_id, entry["site_id"], entry["title"], stamp(now), user])
        db.execute("DELETE FROM entries WHERE id = ?", [entry_id])
        db.execute("UPDATE publish_problems SET current = 0 WHERE entry_id = ?", [entry_id])


_COLUMNS = ("id", "site_id", "kind", "category", "title", "status", "place_id", "valid_until",
            "last_checked", "sharing", "image_sha256", "origin", "ics_source", "ics_uid",
            "created_at", "updated_at", "updated_by", "rev", "released_rev", "released_at",
            "released_by", "review", "review_at", "review_by")


def restore_from_bin(db: sqlite_utils.Database, row: dict) -> None:
    """Put a binned entry back as it was (its state, sharing and offers included)."""
    values = [row.get(c) for c in _COLUMNS]
    with db.atomic():
        db.execute(f"INSERT INTO entries ({', '.join(_COLUMNS)}, data) VALUES "
                   f"({placeholders(_COLUMNS)}, ?)", [*values, dumps(row["data"])])
        for site in row.get("share_sites") or []:
            db.execute("INSERT OR IGNORE INTO entry_sites (entry_id, site_id) SELECT ?, id "
                       "FROM sites WHERE id = ?", [row["id"], site])
        for o in row.get("offers") or []:
            db.execute("INSERT OR IGNORE INTO offers (entry_id, site_id, state, offered_at, "
                       "offered_by, decided_at, decided_by) SELECT ?, id, ?, ?, ?, ?, ? "
                       "FROM sites WHERE id = ?",
                       [row["id"], o["state"], o["offered_at"], o["offered_by"],
                        o["decided_at"], o["decided_by"], o["site_id"]])
        db.execute("DELETE FROM deleted_entries WHERE id = ?", [row["id"]])
        versions.take_from_bin(db, row["id"])


def stale(db: sqlite_utils.Database, site_ids: list[str] | None, today: date,
          check_days: int) -> list[dict]:
    """Own entries past valid_until or not checked for `check_days` (oldest first)."""
    limit = date.fromordinal(today.toordinal() - check_days).isoformat()
    params: list = [today.isoformat(), limit]
    where = ""
    if site_ids is not None:
        if not site_ids:
            return []
        where = f"AND site_id IN ({placeholders(site_ids)})"
        params += site_ids
    found = rows(db, "SELECT * FROM entries WHERE ((valid_until IS NOT NULL AND valid_until < ?) "
                     "OR COALESCE(last_checked, substr(created_at, 1, 10)) < ?) "
                     f"{where} ORDER BY COALESCE(last_checked, created_at), title", params)
    return [_decode(r) for r in found]


def with_dates(db: sqlite_utils.Database, site_ids: list[str] | None) -> list[dict]:
    """Own entries that have dates (a schedule or dates listed one by one)."""
    params: list = []
    where = ""
    if site_ids is not None:
        if not site_ids:
            return []
        where = f"AND site_id IN ({placeholders(site_ids)})"
        params += site_ids
    found = rows(db, "SELECT * FROM entries WHERE (json_extract(data, '$.schedule') IS NOT "
                     "NULL OR json_extract(data, '$.occurrences') IS NOT NULL) "
                     f"{where} ORDER BY title, id", params)
    return [_decode(r) for r in found]


# -- calendar imports --------------------------------------------------------------------------

def by_uid(db: sqlite_utils.Database, site_id: str, uid: str) -> dict | None:
    row = one(db, "SELECT id FROM entries WHERE site_id = ? AND ics_uid = ?", [site_id, uid])
    return get(db, row["id"]) if row else None


def from_calendar(db: sqlite_utils.Database, site_id: str, source: str) -> list[dict]:
    return rows(db, "SELECT id, ics_uid, title FROM entries WHERE site_id = ? AND "
                    "ics_source = ? ORDER BY id", [site_id, source])


def using_image(db: sqlite_utils.Database, sha256: str) -> list[dict]:
    return [_decode(r) for r in rows(db, "SELECT * FROM entries WHERE image_sha256 = ?",
                                     [sha256])]


def known_ids(db: sqlite_utils.Database, entry_ids: list[str]) -> set[str]:
    """Those of the ids that are or were entries (deleted ids stay taken)."""
    if not entry_ids:
        return set()
    marks = placeholders(entry_ids)
    found = rows(db, f"SELECT id FROM entries WHERE id IN ({marks}) UNION "
                     f"SELECT id FROM deleted_entries WHERE id IN ({marks})", entry_ids * 2)
    return {r["id"] for r in found}


def titles(db: sqlite_utils.Database, entry_ids: list[str]) -> dict[str, str]:
    """id → title, deleted entries included."""
    if not entry_ids:
        return {}
    marks = placeholders(entry_ids)
    found = rows(db, f"SELECT id, title FROM deleted_entries WHERE id IN ({marks}) UNION ALL "
                     f"SELECT id, title FROM entries WHERE id IN ({marks})", entry_ids * 2)
    return {r["id"]: r["title"] for r in found}
