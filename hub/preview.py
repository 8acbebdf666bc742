"""How an entry will look: on the terminal's detail screen and on the phone page.

The terminal preview is built by the kiosk's own code: the entry goes through the
publisher's feed builder (sync.source), into a throw-away terminal database (sync.apply),
is read back by the screens' store (kiosk.store), turned into the detail view
(kiosk.views) and cut into pages by the screens' pagination (kiosk.paging) for a 1920 × 1080
panel of 476 mm. This module only converts the resulting geometry (Kivy's bottom-left
origin) into boxes for HTML, so page breaks, wording, banners and QR codes are the
terminal's. The phone page is the publisher's renderer (sync.phonepage) itself. Both
start from the one-entry feed of hub.entry_check; what the publisher refuses is explained
in German, and every text reaches HTML escaped (Jinja, or sync.phonepage).
"""

from __future__ import annotations

import math
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from hub.entry_check import explain, feed_for
from kiosk import layout, paging, views
from kiosk.clock import fixed_clock
from kiosk.frames import BAR_ICONS, BAR_WORDS, Box, Frame
from kiosk.icons import ICONS
from kiosk.qr import INSTRUCTION
from kiosk.store import Store
from kiosk.theme import PALETTES, metrics
from sync import phonepage
from sync.apply import apply_feed
from sync.errors import SourceError
from sync.images import EXTENSIONS

WIDTH_PX, HEIGHT_PX, WIDTH_MM = 1920, 1080, 476.0
QR_PX = 560


@dataclass
class Item:
    """One thing on the screen, in CSS pixels from the top left of a 1920 × 1080 panel."""

    kind: str                 # title | text | heading | banner | button | label | icon | image
    text: str
    x: int
    y: int
    w: int
    h: int
    size: int = 0
    bold: bool = False
    style: str = ""           # phone | strong | a banner kind (cancelled, full, ...)
    icon: str = ""            # the glyph of the icon font
    line: int = 0             # line height in px (0: the item's height)


@dataclass
class TerminalPreview:
    pages: list[list[Item]] = field(default_factory=list)
    row: views.Row | None = None
    codes: list = field(default_factory=list)
    qr_svg: str = ""
    palette: dict = field(default_factory=dict)
    error: str = ""
    image_src: str = ""       # the uploaded picture's URL, where a page shows it


def _asset(path: Path | None) -> dict | None:
    """The feed's assets entry of the uploaded picture, or None without a usable file."""
    if path is None or not path.is_file():
        return None
    by_ext = {ext: mime for mime, ext in EXTENSIONS.items()}
    mime = by_ext.get(path.suffix.removeprefix("."))
    return {"bytes": path.stat().st_size, "type": mime} if mime else None


def terminal(entry_id: str, data: dict, place: dict | None, categories: list[dict],
             now: datetime, image_file: Path | None = None, image_src: str = ""
             ) -> TerminalPreview:
    """The detail screen's pages for this entry, as the terminal lays them out;
    `image_file` is the uploaded picture (the terminal's asset), `image_src` its URL."""
    if not image_src:
        image_file = None
    try:
        doc = feed_for(entry_id, data, place, categories, now, _asset(image_file))
    except SourceError as exc:
        return TerminalPreview(error=f"Keine Vorschau möglich. {explain(exc, data).message}")
    with tempfile.TemporaryDirectory(prefix="hub-preview-") as tmp:
        db_path = Path(tmp) / "kiosk.sqlite"
        apply_feed(db_path, doc, now=now, validate=False)
        store = Store(db_path, fixed_clock(now))
        try:
            view = views.detail_view(store, entry_id, now,
                                     asset_dir=image_file.parent if image_file else None)
            row = _row(store, entry_id, data, now)
        finally:
            store.close()
    if view is None:
        return TerminalPreview(error="Dieser Eintrag wird am Terminal zurzeit nicht gezeigt "
                                     "(kein kommender Termin oder „Gültig bis“ ist vorbei).")
    frame = Frame(WIDTH_PX, HEIGHT_PX, metrics(WIDTH_PX / WIDTH_MM))
    preview = TerminalPreview(pages=_pages(view, frame), row=row, codes=view.codes,
                              palette=PALETTES["normal"].__dict__,
                              image_src=image_src if view.picture else "")
    if view.codes:
        preview.qr_svg = _qr_svg(view.codes[0].payload)
    return preview


def _row(store: Store, entry_id: str, data: dict, now: datetime) -> views.Row | None:
    for key in ("week", f"category:{data.get('category')}"):
        for row in views.list_view(store, key, now).rows:
            if row.entry_id == entry_id:
                return row
    return None


def _top(frame: Frame, box_top: float) -> int:
    return int(frame.height - box_top)


def _pages(view: views.DetailView, frame: Frame) -> list[list[Item]]:
    m = frame.m
    fit, text_pages = paging.detail_layout(view, frame)
    box = frame.detail_text(fit.header)
    total = len(text_pages) + (1 if view.codes else 0)
    out = []
    for number in range(total):
        items = [Item("title", view.title, m.pad, m.mm(2), frame.width - 2 * m.pad,
                      fit.lines * layout.line_height(fit.size), fit.size, True,
                      line=layout.line_height(fit.size))]
        if number < len(text_pages):
            columns = paging.detail_columns(frame, fit.header)
            for column, blocks in zip(columns, text_pages[number].columns, strict=True):
                items += _column(blocks, frame, column, box.top)
        else:
            items.append(Item("qr", INSTRUCTION, box.x, _top(frame, box.top), box.w, box.h,
                              m.body, line=m.line))
        items += _pager(frame, fit.header, number, total, bool(view.codes))
        items += _bar(frame)
        out.append(items)
    return out


def _status(block: paging.Block, frame: Frame, column: Box, top: float) -> Item:
    """The status on its coloured ground, as wide as its words (screens/rows.add_status)."""
    m = frame.m
    width = min(column.w - 2 * m.mm(2),
                layout.text_width(block.text, m.body, bold=True) / layout.WIDTH_SLACK + 4)
    height = block.lines * m.line + 2 * m.mm(1)
    return Item("banner", block.text, column.x, _top(frame, top), int(width + 2 * m.mm(2)),
                height, m.body, True, block.style, line=m.line)


def _column(blocks: list[paging.Block], frame: Frame, column: Box, top: float) -> list[Item]:
    m = frame.m
    items = []
    cursor = top
    for block in blocks:
        if block.kind == "image":
            height = paging.picture_height(block, frame)
            items.append(Item("image", block.text, column.x,
                              _top(frame, cursor - block.height + height), block.width,
                              height))
            cursor -= block.height + m.mm(1)
            continue
        if block.kind == "status":
            items.append(_status(block, frame, column, cursor))
            cursor -= block.height + m.mm(1)
            continue
        if block.kind == "heading":
            cursor -= m.mm(4)
        x, width = column.x, column.w
        if block.icon:
            size = paging.icon_size(frame)
            if block.icon != paging.INDENT:
                items.append(Item("icon", "", x, _top(frame, cursor), math.ceil(size * 1.1),
                                  m.line, size, icon=ICONS.get(block.icon, "")))
            x += paging.icon_column(frame)
            width -= paging.icon_column(frame)
        kind = "heading" if block.kind == "heading" else "text"
        line = block.line or m.line
        items.append(Item(kind, block.text, x, _top(frame, cursor), width,
                          block.lines * line, m.body, paging.is_bold(block), block.style,
                          line=line))
        cursor -= block.lines * line + m.mm(1)
    return items


def _pager(frame: Frame, header: int, page: int, total: int, codes: bool) -> list[Item]:
    """Zurück · Seite n von m · Aufs Handy · Weiter, placed as screens.chrome places them."""
    if total <= 1 and not codes:
        return []
    m = frame.m
    area = frame.pager(header)
    row_h = m.mm(24)
    extra = codes and page != total - 1
    count = 3 if extra else 2
    button_w = min(m.mm(85), int((area.w - count * m.gap - m.mm(60)) / count))
    size = layout.fit_size("Zurück", m.body, m.base_body, button_w - m.body * 1.6, True)
    y = _top(frame, area.y + row_h)
    next_x = area.x + area.w - button_w
    right = next_x
    items = []
    if extra:
        extra_w = min(m.mm(120), max(button_w, int(layout.text_width(
            "Aufs Handy", size, bold=True) / layout.WIDTH_SLACK + m.body * 2)))
        right = next_x - m.gap - extra_w
        items.append(Item("button", "Aufs Handy", right, y, extra_w, row_h, size, True,
                          icon=ICONS.get("mobile", "")))
    if total > 1:
        items.append(Item("button", "Zurück", area.x, y, button_w, row_h, size, True,
                          "off" if page == 0 else "", ICONS.get("prev", "")))
        items.append(Item("button", "Weiter", next_x, y, button_w, row_h, size, True,
                          "off" if page + 1 >= total else "", ICONS.get("next", "")))
        label_x = area.x + button_w + m.gap
        items.append(Item("label", f"Seite {page + 1} von {total}", label_x, y,
                          right - m.gap - label_x, row_h, m.body))
    return items


def _bar(frame: Frame) -> list[Item]:
    return [Item("button", word, box.x, _top(frame, box.top), box.w, box.h,
                 frame.bar_text_size(word, box), True, "bar", ICONS.get(icon, ""))
            for word, icon, box in zip(BAR_WORDS, BAR_ICONS, frame.bar_buttons(), strict=True)]


def _qr_svg(payload: str) -> str:
    import segno

    code = segno.make(payload, error="m")
    scale = max(1, QR_PX // code.symbol_size(border=2)[0])
    return code.svg_inline(scale=scale, border=2, dark="#000000", light="#ffffff")


def phone(entry_id: str, data: dict, place: dict | None, categories: list[dict],
          now: datetime, image_src: str | None = None) -> str:
    """The phone page (e/<id>.html) exactly as the publisher will write it."""
    try:
        doc = feed_for(entry_id, data, place, categories, now)
    except SourceError as exc:
        return phonepage.render_notice("Keine Vorschau", explain(exc, data).message)
    entry = doc["entries"][0]
    if image_src and data.get("image"):
        entry["image"] = {"sha256": data["image"]["sha256"], "alt": data["image"]["alt"]}
    ics_name = f"{entry_id}.ics" if entry.get("occurrences") else None
    return phonepage.render(entry, place, ics_name=ics_name, image_src=image_src)
