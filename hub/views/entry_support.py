"""What the entry views share: loading an entry with its access check, the form's
choices for a user and site, reading a submitted form (with its picture), and saving."""

from __future__ import annotations

from typing import Any

from flask import abort, g, request

from hub import auth, context, entry_check, images, import_defaults
from hub.errors import ImageError
from hub.forms import entry_form, schedule_form
from hub.forms.entry_form import Choices
from hub.forms.fields import FormState, from_request, unique_slug
from hub.messages import msg
from hub.queries import entries as entry_q
from hub.queries import places as place_q
from hub.queries import sites as site_q

# Fields of the date part of the form: the only errors "Termine anzeigen" reports.
SCHEDULE_FIELDS = ("date_start", "date_end", "time_start", "time_end", "rrule", "exdates",
                   "rdates", "repeat_until", "repeat_count", "weekly_days", "monthly_nth")


def entry_or_404(entry_id: str, edit: bool = False) -> dict:
    """The entry, if this user may read it (and change it, with `edit`); else 404/403."""
    entry = entry_q.get(context.db(), entry_id)
    if entry is None:
        abort(404)
    allowed = auth.may_edit_entry(g.user, entry) if edit else \
        auth.may_read_entry(context.db(), g.user, entry)
    if not allowed:
        abort(403)
    return entry


def editable_sites() -> list[dict]:
    db = context.db()
    mine = auth.own_sites(g.user)
    return site_q.all_sites(db) if mine is None else site_q.some(db, mine)


def choices(site_id: str) -> Choices:
    db = context.db()
    sites = editable_sites()
    if auth.is_admin(g.user):
        others = [s for s in site_q.all_sites(db) if s["id"] != site_id]
    else:
        others = [s for s in sites if s["id"] != site_id]
    return Choices(categories=context.settings()["categories"],
                   places=place_q.visible(db, [site_id]), sites=sites, other_sites=others,
                   admin=auth.is_admin(g.user))


def read_form(site_id: str) -> FormState:
    """The submitted form; a new picture is processed and stored at once for this site, so
    it survives a round trip with errors in other fields."""
    state = from_request(request.form, entry_form.LIST_FIELDS, entry_form.MULTILINE)
    upload = request.files.get("image")
    if upload is not None and upload.filename:
        try:
            sha = images.store_upload(upload.read(), context.paths().images, context.db(),
                                      context.now(), site_id)
        except ImageError as exc:
            state.error("image", str(exc))
        else:
            state.values["image_sha256"] = sha
            state.values.pop("image_remove", None)
    return state


def check_entry(state: FormState, data: dict, entry: dict | None) -> None:
    """What the form's own checks cannot see: whether the picture may be used here, and
    whether the publisher would take the entry (hub.entry_check); errors go into `state`."""
    db = context.db()
    sha = (data.get("image") or {}).get("sha256")
    if sha and not images.may_use(db, g.user, sha, entry):
        state.error("image", msg("image_unknown"))
        return
    place = place_q.get(db, data["place_id"]) if data.get("place_id") else None
    problem = entry_check.check(entry["id"] if entry else "neu", data,
                                place["data"] if place else None,
                                context.settings()["categories"], context.now())
    if problem is not None:
        state.error(problem.field, problem.message)


def grow_rows(state: FormState, action: str) -> None:
    """"Weitere Änderung" / "Weiterer Zeitraum": one more empty row, nothing saved."""
    if action == "add_change":
        state.values["changes_count"] = str(schedule_form.change_rows(state) + 1)
    elif action == "add_hexc":
        state.values["hexc_count"] = str(entry_form.hexc_rows(state) + 1)


def dates_preview(state: FormState, entry_status: str = "scheduled") -> dict[str, Any]:
    """The next ten dates of the form's schedule, as the terminal words them."""
    probe = FormState(dict(state.values))
    schedule = schedule_form.parse(probe, required=False)
    errors = {k: v for k, v in probe.errors.items()
              if k in SCHEDULE_FIELDS or k.startswith("change-")}
    return {"dates": schedule_form.next_dates(schedule, context.now(),
                                              entry_status=entry_status),
            "has_schedule": schedule is not None, "errors": errors,
            "rhythm": schedule_form.rhythm_words(schedule, context.today())}


# What an imported entry lacks (hub.import_defaults.gaps), in the list's and the page's words.
GAP_WORDS = {"contact": "Kontakt", "place": "Ort", "summary": "eigene Kurzbeschreibung"}
SOURCE_WORDS = {"ics": "Aus einem Kalender übernommen",
                "sheet": "Aus einer Tabelle übernommen"}


def import_gaps(entry: dict) -> list[str]:
    """What an imported entry lacks that staff should add: "Kontakt", "Ort", ..."""
    return [GAP_WORDS[gap] for gap in import_defaults.gaps(entry)]


def new_id(title: str) -> str:
    db = context.db()
    return unique_slug(title, lambda candidate: entry_q.id_taken(db, candidate))


def dates_listed(entry: dict | None) -> bool:
    """Whether the entry's dates are a calendar import's ready list (hub.ical_expand):
    the form then needs no dates, and saving keeps the list."""
    return bool(entry and entry.get("origin") == "ics" and entry["data"].get("occurrences")
                and not entry["data"].get("schedule"))


def save(entry_id: str, site_id: str, data: dict, sharing: str, share_sites: list[str],
         existing: dict | None, action: str = "save") -> int:
    """Store the entry as a new draft version (the released one stays what terminals get);
    saving counts as checking it ("zuletzt geprüft": today). Returns the version number."""
    data["last_checked"] = context.today().isoformat()
    if dates_listed(existing) and "schedule" not in data:
        # Dates an import could only give as a list stay; the form edits rules.
        data["occurrences"] = existing["data"]["occurrences"]
    return entry_q.save(context.db(), entry_id, site_id, data, sharing=sharing,
                        share_sites=share_sites, now=context.now(), user=context.user_label(),
                        origin=existing["origin"] if existing else "hub",
                        ics_source=existing.get("ics_source") if existing else None,
                        ics_uid=existing.get("ics_uid") if existing else None,
                        release=False, action=action)

