"""Draw the demo content's pictures (assets/demo/*.png): simple, friendly illustrations in
warm colours, large shapes that read well from a step away. The committed files are what
the demo uses; run this again only to change them:

    python deploy/draw_demo_images.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "assets" / "demo"
SIZE = (1200, 800)
SS = 2  # drawn at twice the size, then scaled down: smooth edges

CREAM, WOOD, WOOD_DARK = "#f6ead2", "#b5794a", "#8a5733"
CUP, COFFEE, SAUCER = "#fbfaf7", "#5b3a24", "#e9e2d6"
CAKE, CREAM_TOP, BERRY = "#e8b86a", "#fff4e0", "#c0392b"
LINE = "#4a3426"


def _canvas(bg: str) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    img = Image.new("RGB", (SIZE[0] * SS, SIZE[1] * SS), bg)
    return img, ImageDraw.Draw(img)


def _s(*values: float) -> list[float]:
    return [v * SS for v in values]


def _save(img: Image.Image, name: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    img.resize(SIZE, Image.Resampling.LANCZOS).save(OUT / name, optimize=True)


def _steam(d: ImageDraw.ImageDraw, x: float, y: float, color: str = "#d9c6ae") -> None:
    for i in range(3):
        cx = x + (i - 1) * 38
        d.arc(_s(cx - 18, y - 120, cx + 18, y - 60), 90, 270, fill=color, width=7 * SS)
        d.arc(_s(cx - 18, y - 60, cx + 18, y), 270, 90, fill=color, width=7 * SS)


def cafe() -> None:
    """Coffee cup and a slice of cake on a table."""
    img, d = _canvas("#f3d9b1")
    d.rectangle(_s(0, 0, 1200, 300), fill="#f7e3c4")              # wall
    d.rectangle(_s(80, 60, 420, 260), fill="#fdf3e1", outline=WOOD, width=10 * SS)  # window
    d.line(_s(250, 60, 250, 260), fill=WOOD, width=8 * SS)
    d.line(_s(80, 160, 420, 160), fill=WOOD, width=8 * SS)
    d.rectangle(_s(0, 430, 1200, 800), fill=WOOD)                 # table
    d.rectangle(_s(0, 430, 1200, 455), fill=WOOD_DARK)
    d.polygon(_s(80, 560, 1120, 560, 1180, 760, 20, 760), fill="#f0d6d0")  # table cloth
    for x in range(60, 1180, 80):
        d.line(_s(x, 560, x - 20, 760), fill="#e4b9b0", width=5 * SS)
    # saucer, cup, handle, coffee
    d.ellipse(_s(170, 560, 610, 660), fill=SAUCER, outline=LINE, width=4 * SS)
    d.rounded_rectangle(_s(240, 380, 540, 620), 60 * SS, fill=CUP, outline=LINE, width=5 * SS)
    d.ellipse(_s(240, 350, 540, 420), fill=CUP, outline=LINE, width=5 * SS)
    d.ellipse(_s(262, 362, 518, 410), fill=COFFEE)
    d.arc(_s(500, 430, 620, 560), -90, 90, fill=LINE, width=22 * SS)
    d.arc(_s(500, 430, 620, 560), -90, 90, fill=CUP, width=12 * SS)
    d.ellipse(_s(330, 470, 450, 520), fill="#e7a64f")           # a heart-ish dot of colour
    _steam(d, 390, 330)
    # plate and cake slice
    d.ellipse(_s(650, 560, 1090, 680), fill="#fdfdfb", outline=LINE, width=4 * SS)
    d.polygon(_s(700, 610, 1030, 610, 1030, 430, 700, 545), fill=CAKE, outline=LINE,
              width=4 * SS)
    d.polygon(_s(700, 545, 1030, 430, 1030, 400, 700, 520), fill=CREAM_TOP, outline=LINE,
              width=4 * SS)
    d.polygon(_s(704, 578, 1026, 560, 1026, 540, 704, 566), fill="#c0392b")  # jam layer
    for x, y in ((800, 500), (890, 470), (975, 440)):
        d.ellipse(_s(x - 22, y - 40, x + 22, y + 4), fill=BERRY, outline="#8e2a20",
                  width=3 * SS)
    # fork
    d.rounded_rectangle(_s(1060, 600, 1160, 612), 6 * SS, fill="#9a9a9a")
    _save(img, "sonntagscafe.png")


def lunch() -> None:
    """A laid table with soup bowls, bread and a water jug."""
    img, d = _canvas("#f5e0bd")
    d.rectangle(_s(0, 0, 1200, 260), fill="#f8e9cf")
    d.rectangle(_s(0, 260, 1200, 800), fill="#c44536")           # red table cloth
    for x in range(0, 1200, 100):
        d.line(_s(x, 260, x, 800), fill="#d66a5c", width=12 * SS)
    for y in range(300, 800, 100):
        d.line(_s(0, y, 1200, y), fill="#d66a5c", width=12 * SS)
    bowls = [(270, 420), (930, 420), (270, 660), (930, 660)]
    for x, y in bowls:
        d.ellipse(_s(x - 190, y - 95, x + 190, y + 95), fill="#fdfcf8", outline=LINE,
                  width=4 * SS)                                   # plate
        d.ellipse(_s(x - 140, y - 70, x + 140, y + 70), fill="#f2efe8", outline=LINE,
                  width=4 * SS)                                   # bowl
        d.ellipse(_s(x - 115, y - 55, x + 115, y + 50), fill="#e89a3c")  # pumpkin soup
        d.ellipse(_s(x - 30, y - 20, x + 20, y + 5), fill="#fff3e0")     # cream
        d.ellipse(_s(x + 30, y - 30, x + 45, y - 15), fill="#3e7d3a")    # herbs
        d.ellipse(_s(x - 60, y + 5, x - 45, y + 20), fill="#3e7d3a")
        d.rounded_rectangle(_s(x + 205, y - 90, x + 225, y + 90), 8 * SS, fill="#b0b0b0")
        d.ellipse(_s(x + 195, y - 120, x + 235, y - 60), fill="#b0b0b0")  # spoon
    _steam(d, 270, 360, "#f7e7d3")
    _steam(d, 930, 360, "#f7e7d3")
    # bread basket and jug in the middle
    d.ellipse(_s(470, 450, 730, 620), fill="#a0652f", outline=LINE, width=5 * SS)
    for x, y in ((540, 500), (620, 480), (660, 540), (560, 560)):
        d.ellipse(_s(x - 55, y - 35, x + 55, y + 35), fill="#e2a860", outline="#9a5b22",
                  width=3 * SS)
        d.line(_s(x - 25, y - 10, x + 25, y - 10), fill="#9a5b22", width=3 * SS)
    d.polygon(_s(540, 240, 660, 240, 690, 420, 510, 420), fill="#cfe8f3", outline=LINE)
    d.rectangle(_s(520, 300, 680, 410), fill="#9fd0e6")
    d.arc(_s(640, 270, 740, 380), -80, 80, fill=LINE, width=10 * SS)
    _save(img, "mittagstisch.png")


def walk() -> None:
    """A path by a stream with trees and a bench."""
    img, d = _canvas("#bfe0ef")
    d.ellipse(_s(930, 60, 1070, 200), fill="#f7c948")            # sun
    d.ellipse(_s(120, 90, 330, 160), fill="#ffffff")             # clouds
    d.ellipse(_s(200, 60, 380, 150), fill="#ffffff")
    d.polygon(_s(0, 420, 300, 300, 650, 380, 1000, 290, 1200, 360, 1200, 800, 0, 800),
              fill="#8cc56b")                                    # hills
    d.polygon(_s(0, 520, 1200, 470, 1200, 800, 0, 800), fill="#6fae4d")
    d.polygon(_s(0, 700, 420, 610, 640, 560, 1200, 520, 1200, 600, 700, 640, 460, 710,
                 200, 800, 0, 800), fill="#5aa6d6")              # stream
    d.line(_s(300, 690, 420, 660), fill="#cfe9f7", width=6 * SS)
    d.line(_s(760, 585, 900, 570), fill="#cfe9f7", width=6 * SS)
    d.polygon(_s(520, 800, 640, 540, 700, 540, 900, 800), fill="#e3c48d")  # path
    for x, y, r in ((140, 430, 120), (1040, 400, 130), (830, 380, 95)):
        d.rectangle(_s(x - 18, y, x + 18, y + 190), fill="#7a5230")
        d.ellipse(_s(x - r, y - r * 1.6, x + r, y + r * 0.4), fill="#3f8f3a",
                  outline="#2f6e2b", width=4 * SS)
        d.ellipse(_s(x - r * 0.5, y - r * 1.3, x + r * 0.2, y - r * 0.6), fill="#55a84a")
    # bench
    d.rectangle(_s(250, 520, 470, 540), fill=WOOD, outline=LINE, width=3 * SS)
    d.rectangle(_s(250, 480, 470, 500), fill=WOOD, outline=LINE, width=3 * SS)
    d.rectangle(_s(250, 550, 470, 570), fill=WOOD_DARK, outline=LINE, width=3 * SS)
    for x in (265, 445):
        d.rectangle(_s(x - 8, 480, x + 8, 620), fill="#4a4a4a")
    for x, color in ((960, "#e25d6a"), (1000, "#f7c948"), (1100, "#e25d6a"), (80, "#f7c948")):
        d.ellipse(_s(x - 14, 640, x + 14, 668), fill=color)       # flowers
    _save(img, "spaziergang.png")


def games() -> None:
    """A ludo board (Mensch ärgere dich nicht), a die and playing cards on a table."""
    img, d = _canvas(WOOD)
    for y in range(0, 800, 70):
        d.line(_s(0, y, 1200, y + 20), fill="#a86d41", width=4 * SS)
    cx, cy, cell = 470, 400, 62
    d.rounded_rectangle(_s(cx - 360, cy - 360, cx + 360, cy + 360), 30 * SS, fill="#f6e7b8",
                        outline=LINE, width=5 * SS)
    colors = {"nw": "#d94436", "ne": "#3d7cc9", "se": "#3f9e4a", "sw": "#f2c230"}
    corners = {"nw": (-1, -1), "ne": (1, -1), "se": (1, 1), "sw": (-1, 1)}
    for key, (sx, sy) in corners.items():
        for i in (0, 1):
            for j in (0, 1):
                x = cx + sx * (4.2 - i) * cell
                y = cy + sy * (4.2 - j) * cell
                d.ellipse(_s(x - 24, y - 24, x + 24, y + 24), fill=colors[key], outline=LINE,
                          width=3 * SS)
    for k in range(-4, 5):  # the cross of fields
        for x, y in ((cx + k * cell, cy - cell), (cx + k * cell, cy + cell),
                     (cx - cell, cy + k * cell), (cx + cell, cy + k * cell),
                     (cx + k * cell, cy), (cx, cy + k * cell)):
            if abs(x - cx) <= cell or abs(y - cy) <= cell:
                d.ellipse(_s(x - 22, y - 22, x + 22, y + 22), fill="#fffdf5", outline=LINE,
                          width=3 * SS)
    for (x, y), color in (((cx - 2 * cell, cy - cell), "#d94436"),
                          ((cx + cell, cy + 3 * cell), "#3f9e4a")):
        d.ellipse(_s(x - 20, y - 38, x + 20, y + 2), fill=color, outline=LINE, width=3 * SS)
        d.ellipse(_s(x - 28, y - 4, x + 28, y + 18), fill=color, outline=LINE, width=3 * SS)
    # a die
    d.rounded_rectangle(_s(900, 130, 1040, 270), 22 * SS, fill="#fffdf8", outline=LINE,
                        width=5 * SS)
    for x, y in ((935, 165), (1005, 165), (970, 200), (935, 235), (1005, 235)):
        d.ellipse(_s(x - 12, y - 12, x + 12, y + 12), fill=LINE)
    # playing cards, fanned
    for angle, dx in ((-14, -60), (0, 0), (14, 60)):
        card = Image.new("RGBA", (220 * SS, 310 * SS), (0, 0, 0, 0))
        cd = ImageDraw.Draw(card)
        cd.rounded_rectangle(_s(4, 4, 216, 306), 18 * SS, fill="#fffefa", outline=LINE,
                             width=4 * SS)
        cd.polygon(_s(110, 100, 150, 160, 110, 220, 70, 160), fill="#d94436")  # diamond
        card = card.rotate(angle, expand=True, resample=Image.Resampling.BICUBIC)
        img.paste(card, (int((960 + dx) * SS - card.width / 2), int(370 * SS)), card)
    _save(img, "spielenachmittag.png")


def main() -> None:
    cafe()
    lunch()
    walk()
    games()
    print(f"drawn into {OUT}")


if __name__ == "__main__":
    main()
