"""Importing a spreadsheet of standing offers, places and contact persons into a site.

    plan = plan_sheet(db, settings, site_id, raw_bytes, now)    # SheetError: not a table
    plan.rows       # per row: new / changed / unchanged / error, with its messages
    apply_plan(db, plan, site_id, now, user)                    # the rows without errors

A row is found again by its Kennung; without one, by its name (a place, a contact
person: name and role) or title (an offer) among the site's own. Contact persons are
read first, then places, then offers, so an offer may name a place or contact person of
the same file. Every row is checked by the hub's own forms (hub.sheet_rows) and an offer
also as the publisher will check it (hub.entry_check); a row with a fault is named with
its row and column ("Zeile 7, Spalte „Öffnungszeiten“: …") and left out, the others are
applied together in one transaction. Nothing is applied when the file is no table
(hub.sheet_read).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

import sqlite_utils

from hub.config import TIMEZONE
from hub.entry_check import check
from hub.forms.entry_form import Choices
from hub.forms.fields import FieldError, check_slug, unique_slug
from hub.queries import contacts as contact_q
from hub.queries import entries as entry_q
from hub.queries import places as place_q
from hub.sheet_columns import Table
from hub.sheet_read import Found, read
from hub.sheet_rows import column_of, read_contact, read_offer, read_place

ACTIONS = {"new": "neu", "changed": "geändert", "unchanged": "unverändert",
           "error": "nicht übernommen"}


@dataclass
class RowPlan:
    table: Table
    sheet: str | None
    number: int
    key: str
    name: str
    action: str = "new"                        # new, changed, unchanged, error
    errors: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)   # column names
    data: dict | None = None


@dataclass
class Plan:
    rows: list[RowPlan] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def to_apply(self) -> list[RowPlan]:
        return [r for r in self.rows if r.action in ("new", "changed")]

    def words(self) -> str:
        head = ", ".join(f"{self.count(a)} {w}" for a, w in ACTIONS.items() if a != "error")
        bad = [r for r in self.rows if r.action == "error"]
        if bad:
            head += (f"; {len(bad)} {'Zeile' if len(bad) == 1 else 'Zeilen'} nicht "
                     f"übernommen ({', '.join(_where(r) for r in bad[:5])}"
                     + (" …" if len(bad) > 5 else "") + ")")
        return head + "."


def _where(row: RowPlan) -> str:
    sheet = f"Tabellenblatt „{row.sheet}“, " if row.sheet else ""
    return f"{sheet}Zeile {row.number}"


def plan_sheet(db: sqlite_utils.Database, settings: dict, site_id: str, raw: bytes,
               now: datetime) -> Plan:
    found = {f.table.kind: f for f in read(raw)}
    plan = Plan(notes=[f"Spalte „{name}“ wird nicht gelesen." for f in found.values()
                       for name in f.ignored])
    planner = _Planner(db, settings, site_id, now, plan)
    for kind in ("contacts", "places", "offers"):
        if kind in found:
            getattr(planner, f"plan_{kind}")(found[kind])
    return plan


class _Planner:
    def __init__(self, db: sqlite_utils.Database, settings: dict, site_id: str,
                 now: datetime, plan: Plan) -> None:
        self.db, self.settings, self.site, self.now, self.plan = db, settings, site_id, now, plan
        self.contacts = {c["id"]: c["data"] for c in contact_q.of_sites(db, [site_id])}
        self.places = {p["id"]: p for p in place_q.visible(db, [site_id])}
        self.taken = entry_q.taken_ids(db)
        self.keys: set[tuple[str, str]] = set()

    def _row(self, found: Found, number: int, row: dict, name: str) -> RowPlan:
        return RowPlan(found.table, found.sheet, number, row.get("id", "").strip(), name)

    def _fail(self, plan_row: RowPlan, column: str, message: str) -> None:
        name = plan_row.table.column(column).name
        plan_row.errors.append(f"{_where(plan_row)}, Spalte „{name}“: {message}")
        plan_row.action = "error"

    def _key(self, plan_row: RowPlan, mine: set[str], taken: object, name: str) -> str:
        """The row's Kennung: as written (checked), or a new one from its name."""
        if plan_row.key:
            try:
                check_slug(plan_row.key)
            except FieldError as exc:
                self._fail(plan_row, "id", str(exc))
            if (plan_row.table.kind, plan_row.key) in self.keys:
                self._fail(plan_row, "id", "dieselbe Kennung (oder derselbe Name) steht schon "
                                           "in einer Zeile davor.")
            elif plan_row.key not in mine and taken(plan_row.key):  # type: ignore[operator]
                self._fail(plan_row, "id", "diese Kennung hat schon eine andere "
                                           "Begegnungsstätte.")
            self.keys.add((plan_row.table.kind, plan_row.key))
            return plan_row.key
        key = unique_slug(name or "zeile", lambda c: c in mine or bool(taken(c)) or  # type: ignore
                          (plan_row.table.kind, c) in self.keys)
        self.keys.add((plan_row.table.kind, key))
        return key

    def _decide(self, plan_row: RowPlan, data: dict | None, errors: dict, stored: dict | None,
                compare: dict | None = None) -> None:
        for column, message in errors.items():
            self._fail(plan_row, column, message)
        if plan_row.action == "error" or data is None:
            plan_row.action = "error"
            return
        plan_row.data = data
        if stored is None:
            plan_row.action = "new"
            return
        before = compare if compare is not None else stored
        plan_row.changed = _changed(plan_row.table, before, data)
        plan_row.action = "changed" if before != data else "unchanged"

    def plan_contacts(self, found: Found) -> None:
        for number, row in found.rows:
            name = row.get("contact_name", "").strip() or row.get("contact_role", "").strip()
            plan_row = self._row(found, number, row, name or row.get("contact_phone", ""))
            if not plan_row.key:       # found again by name and role
                same = [k for k, c in self.contacts.items()
                        if (c.get("name") or "", c.get("role") or "") ==
                        (row.get("contact_name", "").strip(), row.get("contact_role", "").strip())]
                plan_row.key = same[0] if same else ""
            key = self._key(plan_row, set(self.contacts),
                            lambda c: contact_q.taken(self.db, c), name or "kontakt")
            stored = self.contacts.get(key)
            data, errors = read_contact(row, stored)
            self._decide(plan_row, data, errors, stored)
            plan_row.key = key
            self.plan.rows.append(plan_row)
            if data is not None and plan_row.action != "error":
                self.contacts[key] = data

    def plan_places(self, found: Found) -> None:
        today = self.now.astimezone(ZoneInfo(TIMEZONE)).date()
        own = {k: p for k, p in self.places.items() if p["site_id"] == self.site}
        for number, row in found.rows:
            plan_row = self._row(found, number, row, row.get("name", "").strip())
            if not plan_row.key:
                same = [k for k, p in own.items()
                        if p["name"].casefold() == plan_row.name.casefold()]
                plan_row.key = same[0] if same else ""
            if plan_row.key in self.places and plan_row.key not in own:
                self._fail(plan_row, "id", "ein gemeinsamer Ort aller Begegnungsstätten; "
                                           "ihn ändert die Verwaltung im Hub.")
            key = self._key(plan_row, set(own), lambda c: place_q.exists(self.db, c),
                            plan_row.name)
            stored = own[key]["data"] if key in own else None
            data, errors = read_place(row, stored, today)
            if data is not None:
                data = {"id": key, **data}
            self._decide(plan_row, data, errors, stored)
            plan_row.key = key
            self.plan.rows.append(plan_row)
            if data is not None and plan_row.action != "error":
                own[key] = self.places[key] = {"id": key, "site_id": self.site,
                                               "name": data["name"], "data": data}

    def plan_offers(self, found: Found) -> None:
        by_name = {p["name"].casefold(): k for k, p in self.places.items()}
        places = {**by_name, **{k.casefold(): k for k in self.places}}
        contacts = {k.casefold(): c for k, c in self.contacts.items()}
        choices = Choices(categories=self.settings["categories"],
                          places=[p["data"] | {"id": k} for k, p in self.places.items()],
                          sites=[])
        mine = {r["id"]: r for r in entry_q.listing(self.db, [self.site], "offer")
                if r["site_id"] == self.site}
        for number, row in found.rows:
            plan_row = self._row(found, number, row, row.get("title", "").strip())
            if not plan_row.key:
                same = [k for k, r in mine.items() if r["title"] == plan_row.name]
                plan_row.key = same[0] if same else ""
            key = self._key(plan_row, set(mine), self.taken.__contains__, plan_row.name)
            stored = mine[key]["data"] if key in mine else None
            data, errors = read_offer(row, stored, choices, places, contacts)
            if data is not None and not errors:
                data = {**{k: v for k, v in (stored or {}).items()
                           if k not in _FORM_KEYS and k != "last_checked"}, **data}
                place = self.places.get(data.get("place_id") or "")
                problem = check(key, data, place["data"] if place else None,
                                self.settings["categories"], self.now)
                if problem is not None:
                    column = column_of(problem.field, "offers")
                    keys = {c.key for c in found.table.columns}
                    errors = {column if column in keys else "title": problem.message}
            compare = {k: v for k, v in (stored or {}).items() if k != "last_checked"}
            self._decide(plan_row, data, errors, stored, compare)
            plan_row.key = key
            self.plan.rows.append(plan_row)


# What the entry form writes (hub.forms.entry_form.parse): an offer's other fields stay.
# A stored "rhythm" (from before the publisher derived it) is dropped with them.
_FORM_KEYS = {"kind", "category", "title", "summary", "body", "speech", "easy", "rhythm",
              "place_id", "bring", "organizer", "status", "status_note", "valid_from",
              "valid_until", "schedule", "hours", "hours_exceptions", "audience", "cost",
              "registration", "contact", "image"}


def _flat(table: Table, data: dict) -> dict:
    """A stored object by the sheet's column keys (a place's access facts and position
    spread out)."""
    if table.kind == "contacts":
        return {f"contact_{k}": v for k, v in data.items()}
    if table.kind == "offers":
        return {"place" if k == "place_id" else "contact" if k == "contact" else k: v
                for k, v in data.items()}
    flat = {k: v for k, v in data.items() if k not in ("access", "geo")}
    for key, value in (data.get("access") or {}).items():
        flat["access_note" if key == "note" else key] = value
    for key, value in (data.get("geo") or {}).items():
        flat[key] = value
    return flat


def _changed(table: Table, before: dict, after: dict) -> list[str]:
    """The names of the sheet's columns whose values change, in the sheet's order."""
    old, new = _flat(table, before), _flat(table, after)
    return [c.name for c in table.columns if old.get(c.key) != new.get(c.key)]


def apply_plan(db: sqlite_utils.Database, plan: Plan, site_id: str, now: datetime,
               user: str | None) -> None:
    """Store every new and changed row of the plan, in one transaction."""
    today = now.astimezone(ZoneInfo(TIMEZONE)).date().isoformat()
    with db.atomic():
        for row in plan.to_apply:
            assert row.data is not None
            if row.table.kind == "contacts":
                contact_q.save(db, row.key, site_id, row.data, now, user)
            elif row.table.kind == "places":
                place_q.save(db, row.data, site_id, now, user)
            else:
                existing = entry_q.get(db, row.key)
                entry_q.save(db, row.key, site_id, {**row.data, "last_checked": today},
                             sharing=existing["sharing"] if existing else "site",
                             share_sites=existing["share_sites"] if existing else [],
                             now=now, user=user,
                             origin=existing["origin"] if existing else "sheet",
                             ics_source=existing.get("ics_source") if existing else None,
                             ics_uid=existing.get("ics_uid") if existing else None)
