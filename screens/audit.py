"""Read the numbers of a rendered screen off the widget tree: tap targets and texts.

tour.json carries them, and tests check DESIGN.md §6 against them. Boxes are in window
pixels with the origin at the top left, like the PNG.
"""

from __future__ import annotations

from collections.abc import Iterator

from kivy.core.window import Window
from kivy.uix.widget import Widget

from kiosk.theme import rgb_to_hex
from screens.widgets import ButtonText, Picture, Tappable, Text


def _walk(widget: Widget) -> Iterator[Widget]:
    yield widget
    for child in reversed(widget.children):
        yield from _walk(child)


def _visible(widget: Widget) -> bool:
    node = widget
    while node is not None:
        if node.opacity <= 0.01:
            return False
        parent = node.parent
        if parent is node:
            break
        node = parent
    return True


def _box(widget: Widget, x: float, y: float, w: float, h: float) -> dict:
    wx, wy = widget.to_window(x, y)
    height = Window.size[1]
    return {"x": round(wx, 1), "y": round(height - (wy + h), 1), "w": round(w, 1),
            "h": round(h, 1)}


def _background(widget: Widget, default: str) -> str:
    node = widget.parent
    while node is not None and node is not node.parent:
        color = getattr(node, "bg_color", None)
        if color is not None and len(color) == 4 and color[3] > 0.5:
            return rgb_to_hex(color)
        node = node.parent
    return default


def _color(color: list[float]) -> str | None:
    return rgb_to_hex(color) if len(color) == 4 and color[3] > 0.5 else None


def targets(root: Widget, default_bg: str) -> list[dict]:
    """Every enabled, visible tap target under `root`, with what shows it is one: its
    `fill`, its frame (`edge`, if it has one) and the colour `around` it."""
    out = []
    for widget in _walk(root):
        if isinstance(widget, Tappable) and widget.enabled and _visible(widget):
            box = _box(widget, widget.x, widget.y, widget.width, widget.height)
            target = {"label": widget.label, "target": widget.target, **box,
                      "fill": _color(widget.bg_color),
                      "edge": _color(widget.edge_color) if widget.edge_px else None,
                      "around": _background(widget, default_bg)}
            if getattr(widget, "chosen", False):
                target["chosen"] = True   # framed as the chosen one of its group
            out.append(target)
    return out


def _ink_size(widget: Text) -> tuple[float, float]:
    """Where the words are drawn. A button's word is laid out in the button's own size,
    and Kivy silently leaves out the lines that do not fit below the first; so it is laid
    out again with unlimited height, and when it needs more lines than the box holds, it
    counts as tall as those lines (`_cached_lines`: the core label's laid-out lines)."""
    tw, th = widget.texture_size
    if not isinstance(widget, ButtonText):
        return tw, th
    from kivy.core.text import Label as CoreLabel

    full = CoreLabel(text=widget.text, font_size=widget.font_size,
                     font_name=widget.font_name, bold=widget.bold,
                     text_size=(widget.width, None), halign=widget.halign,
                     line_height=widget.line_height, padding=widget.padding)
    full.refresh()
    lines = max(1, len(full._cached_lines))
    if lines == 1:
        return tw, th
    line_h = full.texture.size[1] / lines
    room = max(1, int((widget.height + 2) // line_h))
    return tw, (full.texture.size[1] if lines > room else th)


def texts(root: Widget, default_bg: str) -> list[dict]:
    """Every visible text under `root`: words, size, colours, its box and where its texture
    is drawn (taller or wider than the box means the text does not fit)."""
    out = []
    for widget in _walk(root):
        if not isinstance(widget, Text) or not widget.text.strip() or not _visible(widget):
            continue
        tw, th = _ink_size(widget)
        ink_x, ink_y = widget.center_x - tw / 2, widget.center_y - th / 2
        x, y, w, h = widget.slot or (widget.x, widget.y, widget.width, widget.height)
        out.append({
            "text": widget.text,
            "font_px": float(widget.font_size),
            "bold": bool(widget.bold),
            "role": widget.role,
            "fg": rgb_to_hex(widget.color),
            "bg": _background(widget, default_bg),
            "box": _box(widget, x, y, w, h),
            "drawn": _box(widget, ink_x, ink_y, tw, th),
            "lines": _lines(widget),
            "in_target": _in_target(widget),
        })
    return out


def _in_target(widget: Widget) -> bool:
    """Whether the text is part of something a resident can tap."""
    node = widget.parent
    while node is not None and node is not node.parent:
        if isinstance(node, Tappable) and node.enabled:
            return True
        node = node.parent
    return False


def _lines(widget: Text) -> list[str]:
    """The lines as Kivy broke them (the core label's laid-out lines), for the meaning
    audit: a line break must never fall inside a fact."""
    laid_out = getattr(widget._label, "_cached_lines", None) or []
    lines = ["".join(word.text for word in line.words) for line in laid_out]
    return [line for line in lines if line.strip()] or [widget.text]


def pictures(root: Widget) -> list[dict]:
    """Every visible picture under `root`: its alt text, the box the layout gave it and
    where its image is drawn (fit_mode "contain": centred, aspect ratio kept)."""
    out = []
    for widget in _walk(root):
        if not isinstance(widget, Picture) or widget.texture is None or not _visible(widget):
            continue
        iw, ih = widget.norm_image_size
        out.append({
            "alt": widget.alt,
            **_box(widget, widget.x, widget.y, widget.width, widget.height),
            "drawn": _box(widget, widget.center_x - iw / 2, widget.center_y - ih / 2, iw, ih),
        })
    return out
