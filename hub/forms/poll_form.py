"""The poll form: question, two to five answers with an optional icon, sites, first and
last day, the minimum of votes before results are shown, and an optional entry (the
participation event) that leads to the poll."""

from __future__ import annotations

from typing import Any

from hub.forms.fields import FieldError, FormState, parse_date, parse_int, unique_slug
from hub.messages import msg
from kiosk.polls import ANSWER_ICONS

MAX_ANSWERS = 5
LIST_FIELDS = {"sites"}
DEFAULT_MIN_VOTES = 20


def values_from_poll(poll: dict | None) -> dict[str, Any]:
    if poll is None:
        return {"min_votes": str(DEFAULT_MIN_VOTES), "sites": []}
    values: dict[str, Any] = {
        "question": poll["question"], "starts_on": poll["starts_on"],
        "ends_on": poll["ends_on"], "min_votes": str(poll["min_votes"]),
        "entry_id": poll.get("entry_id") or "", "sites": list(poll["sites"])}
    for i, answer in enumerate(poll["answers"], 1):
        values[f"answer_{i}"] = answer["text"]
        values[f"icon_{i}"] = answer.get("icon") or ""
    return values


def icon_options() -> list[tuple[str, str]]:
    return [("", "kein Bild"), *sorted(ANSWER_ICONS.items(), key=lambda kv: kv[1])]


def parse(state: FormState, *, sites: set[str], entries: set[str],
          old_answers: list[dict] | None = None) -> dict | None:
    """The poll (question, answers, starts_on, ends_on, min_votes, entry_id) and its sites
    in "sites", or None with the errors in `state`. `sites` and `entries` are what this
    user may choose; answers keep the ids they had at their place."""
    question = state.get("question").strip()
    if not question:
        state.error("question", msg("poll_question_missing"))
    elif len(question) > 160:
        state.error("question", msg("text_long", n=len(question), max=160))
    answers = _answers(state, old_answers or [])
    chosen = state.getlist("sites")
    if not chosen:
        state.error("sites", msg("sites_missing"))
    elif not set(chosen) <= sites:
        state.error("sites", msg("poll_sites_forbidden"))
    days = {}
    for name in ("starts_on", "ends_on"):
        try:
            days[name] = parse_date(state.get(name))
        except FieldError as exc:
            state.error(name, str(exc))
            continue
        if days[name] is None:
            state.error(name, msg("poll_day_missing"))
    if days.get("starts_on") and days.get("ends_on") and days["ends_on"] < days["starts_on"]:
        state.error("ends_on", msg("poll_end_before_start"))
    try:
        minimum = parse_int(state.get("min_votes"), 0, 10_000)
    except FieldError:
        state.error("min_votes", msg("poll_min_votes_invalid"))
        minimum = None
    entry_id = state.get("entry_id").strip() or None
    if entry_id and entry_id not in entries:
        state.error("entry_id", msg("choose"))
    if not state.ok:
        return None
    return {"question": question, "answers": answers,
            "starts_on": days["starts_on"].isoformat(), "ends_on": days["ends_on"].isoformat(),
            "min_votes": DEFAULT_MIN_VOTES if minimum is None else minimum,
            "entry_id": entry_id, "sites": sorted(set(chosen))}


def _answers(state: FormState, old: list[dict]) -> list[dict]:
    texts = [(i, state.get(f"answer_{i}").strip()) for i in range(1, MAX_ANSWERS + 1)]
    given = [(i, t) for i, t in texts if t]
    for i, text in given:
        if len(text) > 60:
            state.error(f"answer_{i}", msg("text_long", n=len(text), max=60))
        icon = state.get(f"icon_{i}")
        if icon and icon not in ANSWER_ICONS:
            state.error(f"icon_{i}", msg("choose"))
    if len(given) < 2:
        state.error("answer_1", msg("poll_answers_missing"))
    seen: set[str] = set()
    for i, text in given:
        if text.casefold() in seen:
            state.error(f"answer_{i}", msg("poll_answer_twice"))
        seen.add(text.casefold())
    taken = {a["id"] for a in old}
    answers = []
    for i, text in given:
        previous = old[i - 1]["id"] if i <= len(old) else None
        answer_id = previous or unique_slug(text, lambda c: c in taken, 40)
        taken.add(answer_id)
        item = {"id": answer_id, "text": text}
        if state.get(f"icon_{i}") in ANSWER_ICONS:
            item["icon"] = state.get(f"icon_{i}")
        answers.append(item)
    return answers

