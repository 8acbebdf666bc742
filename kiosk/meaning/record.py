"""What tour.json records about a list or detail page, computed from the view objects and
the paging (not from pixels): which key facts the page tells, its columns with their
blocks and how full they are. The meaning audit checks these records against the texts
actually drawn."""

from __future__ import annotations

from kiosk import paging
from kiosk.frames import Frame
from kiosk.paging import DetailPage, RowLayout
from kiosk.views import KEY_FACTS, DetailView, ListView


def key_facts(view: DetailView, pages: list[DetailPage], page: int
              ) -> tuple[dict[str, bool | None], dict[str, list[str]]]:
    """For page `page`: each key fact → True when every block that tells it is on this
    page, False when one is elsewhere, None when the entry has no such fact (a scheduled
    event has no status); and the texts on the page that tell each fact."""
    elsewhere: set[str] = set()
    texts: dict[str, list[str]] = {}
    for number, other in enumerate(pages):
        for block in other.blocks:
            for fact in block.facts:
                if number == page:
                    texts.setdefault(fact, []).append(block.text)
                else:
                    elsewhere.add(fact)
    told = set(texts) | elsewhere
    return ({fact: (fact not in elsewhere) if fact in told else None for fact in KEY_FACTS},
            texts)


def detail_record(view: DetailView, pages: list[DetailPage], page: int, frame: Frame
                  ) -> dict:
    """The record of text page `page` of a detail (see the module docstring)."""
    fit = paging.title_fit(view.title, frame, frame.width - 2 * frame.m.pad)
    gap = frame.m.mm(1)
    seen: set[int] = {b.group for p in pages[:page] for b in p.blocks}
    columns = []
    for column in pages[page].columns:
        continues = bool(column) and column[0].group in seen
        seen.update(b.group for b in column)
        columns.append({
            "continues": continues,
            "used": sum(b.height + gap for b in column),
            "blocks": [{"kind": b.kind, "text": b.text, "section": b.section,
                        "facts": list(b.facts)} for b in column],
        })
    facts, fact_texts = key_facts(view, pages, page)
    return {"key_facts": facts, "key_fact_texts": fact_texts, "columns": columns,
            "room": {"height": paging.detail_columns(frame, fit.header)[0].h,
                     "text_pages": len(pages)}}


def list_record(view: ListView, pages: list[list[RowLayout]], page: int, frame: Frame
                ) -> dict:
    """The record of page `page` of a list: its rows as one column."""
    fit = paging.title_fit(view.title, frame, frame.width - 2 * frame.m.pad)
    rows = pages[page] if pages else []
    used = sum(r.height for r in rows) + max(0, len(rows) - 1) * frame.m.gap
    return {"columns": [{"continues": False, "used": used,
                         "blocks": [{"kind": "row", "text": r.row.headline, "section": "",
                                     "facts": []} for r in rows]}],
            "room": {"height": frame.list_area(fit.header).h,
                     "text_pages": max(1, len(pages))}}
