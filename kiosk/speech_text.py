"""What "Vorlesen" says for each screen, built from the same view objects the screen shows.

Every visible text is in it, rewritten for a speech engine by text.spoken() (times and
amounts as words, abbreviations written out), plus a short hint what to tap next.
"""

from __future__ import annotations

from kiosk import frames, text
from kiosk.paging import Block, DetailPage, RowLayout, title_text
from kiosk.qr import QrCode, panel_speech
from kiosk.session import all_said
from kiosk.text import privacy
from kiosk.text.keep import plain_spaces
from kiosk.views import AttractView, DetailView, HomeView, ListView, Row

BAR_WORDS = list(frames.BAR_WORDS)

# What the setting buttons of the bar say after a tap (kiosk.session.faces).
SETTING_WORDS = tuple(all_said())


def _say(*parts: str) -> str:
    """Join the parts as sentences, each rewritten for speech on its own (so the number
    ending one part is never read as an ordinal with the next part's weekday)."""
    sentences = []
    for part in parts:
        part = plain_spaces(part).strip().rstrip("–- ").strip()
        if not part:
            continue
        if part[-1] not in ".!?:":
            part += "."
        sentences.append(text.spoken(part))
    return " ".join(sentences)


def bar_hint(words: list[str] | None = None) -> str:
    words = words or BAR_WORDS
    return f"Unten am Bildschirm sind die Knöpfe {text.join_words(words)}."


def _row(row: Row) -> list[str]:
    return [row.headline, title_text(row), row.status]


def home_speech(view: HomeView, rows: list[RowLayout], bar: list[str] | None = None) -> str:
    tiles = [f"{t.label}" + (f", {t.hint}" if t.hint else "") for t in view.tiles]
    parts = [f"{view.greeting} {view.date_line}.", view.site_name,
             f"Sie können wählen: {'; '.join(tiles)}."]
    if rows:
        parts.append(f"{view.next_heading}:")
        for measured in rows:
            parts += _row(measured.row)
        if len(rows) < len(view.next_rows):
            parts.append(view.more_today)
    else:
        parts.append(view.empty_today)
    parts += [view.stand, "Tippen Sie auf ein Feld, um es zu öffnen.",
              f"Was das Terminal zählt und was nicht, steht unter „{privacy.BUTTON}“.",
              bar_hint(bar)]
    return _say(*parts)


def list_speech(view: ListView, pages: list[list[RowLayout]], page: int,
                bar: list[str] | None = None) -> str:
    parts = [view.title]
    rows = pages[page] if pages else []
    if len(pages) > 1:
        parts.append(text.page_text(page + 1, len(pages)))
    if not rows:
        parts.append(view.empty_text)
    for number, measured in enumerate(rows, start=1):
        parts.append(f"{number}:")
        parts += _row(measured.row)
    if rows:
        parts.append("Tippen Sie auf einen Eintrag, um mehr zu erfahren.")
    if page + 1 < len(pages):
        parts.append("Mit „Weiter“ kommen Sie zur nächsten Seite.")
    parts.append(bar_hint(bar))
    return _say(*parts)


def detail_speech(view: DetailView, pages: list[DetailPage], page: int,
                  extra: list[str] | None = None, bar: list[str] | None = None) -> str:
    total = len(pages) + (1 if view.codes else 0)
    parts = [view.title]
    if total > 1:
        parts.append(text.page_text(page + 1, total))
    for block in pages[page].blocks:
        parts.append(block_speech(block))
    parts += extra or []
    if page + 1 < len(pages):
        parts.append("Mit „Weiter“ hören und sehen Sie mehr.")
    if view.codes:
        parts.append("Mit „Aufs Handy“ bekommen Sie einen Code für Ihr Handy: "
                     f"{text.join_words([c.label for c in view.codes])}.")
    parts.append(bar_hint(bar))
    return _say(*parts)


def block_speech(block: Block) -> str:
    """What one block of a detail page says: in the order of the page, so the status and
    the key facts first; a fact its icon shows gets its word ("Ort: …"), a picture is
    described by its alt text."""
    if block.kind == "heading":
        return f"{block.text}:"
    if block.kind == "image":
        return f"Bild: {block.text}"
    if block.kind == "button":
        return f"Mit dem Knopf „{block.text}“ können Sie abstimmen"
    return f"{block.label}: {block.text}" if block.label else block.text


def qr_speech(view: DetailView, code: QrCode, pages: int, landscape: bool = True,
              bar: list[str] | None = None) -> str:
    """The QR page: which codes there are, what the shown one does, how to use it."""
    where = "Rechts" if landscape else "Unten"
    return _say(view.title, text.page_text(pages, pages),
                f"{where} sehen Sie einen Code für Ihr Handy.",
                panel_speech(view.codes, code.kind),
                f"Mit den Knöpfen {text.join_words([c.label for c in view.codes])} "
                "wählen Sie einen anderen Code.", bar_hint(bar))


def poll_speech(words: str, actions: list[str], bar: list[str] | None = None) -> str:
    """A poll screen: its own words (kiosk.polls), its further buttons, the bar."""
    further = (f"Unten rechts: {text.join_words([f'„{a}“' for a in actions])}."
               if actions else "")
    return _say(words, further, bar_hint(bar))


def attract_speech(view: AttractView, clock_text: str, slide: int) -> str:
    parts = [view.site_name, f"{view.date_line}, {clock_text}"]
    if view.slides:
        parts += _row(view.slides[slide % len(view.slides)])
    else:
        parts.append("Heute und in den nächsten Tagen stehen keine Termine an.")
    parts.append(view.prompt)
    return _say(*parts)


def still_there_speech(question: str, countdown: str) -> str:
    return _say(question, countdown, "Tippen Sie auf „Ja, weiter“, um weiterzumachen.")
