"""A real hub for the browser tests: the demo (hub.demo) on Werkzeug's server on
127.0.0.1 in a thread, driven by Debian's Chromium through Playwright.

The hub's clock stands still on Tuesday 1 December 2026, 9:00 (a test may move it on:
`hub.clock.now`); staff links use a fixed
public address; the publisher's key and the enrolment tokens are the same on every run. So
every run renders the same pages, and the screenshots for the staff guide
(docs/guide/img/) change only when the pages do. The demo terminals' kiosk.toml files
(<data>/demo/kiosk-<id>.toml) point at the real port."""

from __future__ import annotations

import base64
import hashlib
import io
import itertools
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from flask import Flask
from nacl.signing import SigningKey
from PIL import Image
from playwright.sync_api import Browser, Page
from werkzeug.serving import make_server

from hub import context, create_app, demo
from hub.views import terminals
from sync.signing import PRIVATE_NAME, PUBLIC_NAME, encode_public

REPO = Path(__file__).resolve().parents[2]
GUIDE_IMG = REPO / "docs" / "guide" / "img"
NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)  # Tuesday, 9:00 in Lindenbach
PUBLIC_URL = "https://quartier.lindenbach.example/hub"
SITE, NEIGHBOUR = demo.SITE, demo.NEIGHBOUR
ADMIN, EDITOR, NEIGHBOUR_EDITOR = demo.ADMIN, demo.EDITOR, demo.NEIGHBOUR_EDITOR
VIEWPORT = {"width": 1280, "height": 800}
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--lang=de-DE"]
# Date and time fields speak German only with Debian's chromium-l10n; without it the
# guide's pictures would show "mm/dd/yyyy", so they are then left as they are.
GERMAN_CHROMIUM = Path("/usr/lib/chromium/locales/de.pak").exists()


class Clock:
    """The hub's clock: standing still until a test moves `now`."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass
class LiveHub:
    url: str
    data: Path
    app: Flask
    clock: Clock

    def kiosk_toml(self, terminal: str = "schule-1") -> Path:
        return self.data / "demo" / f"kiosk-{terminal}.toml"


def _fixed_key(data: Path) -> None:
    """The same publisher key on every run: the enrolment lines in the guide show it."""
    seed = hashlib.sha256(b"Quartier-Hub, Browser-Tests").digest()
    keys = data / "keys"
    keys.mkdir(parents=True, exist_ok=True)
    fd = os.open(keys / PRIVATE_NAME, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(base64.b64encode(seed).decode("ascii") + "\n")
    (keys / PUBLIC_NAME).write_text(encode_public(SigningKey(seed).verify_key) + "\n", "ascii")


def _counted_tokens() -> SimpleNamespace:
    """Enrolment tokens from a counter instead of the system's randomness, for the same
    reason; they look and work like the real ones."""
    counter = itertools.count(1)

    def token_urlsafe(n: int) -> str:
        raw = hashlib.sha256(f"token-{next(counter)}".encode()).digest()[:n]
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")

    return SimpleNamespace(token_urlsafe=token_urlsafe)


@contextmanager
def live_hub(data: Path) -> Iterator[LiveHub]:
    """The demo hub on a free port of 127.0.0.1 until the block ends."""
    _fixed_key(data)
    clock = Clock(NOW)
    app = create_app({"DATA_DIR": data, "HUB_CLOCK": clock, "HUB_FAST_HASH": True,
                      "SETTINGS": {"hub": {"base_url": PUBLIC_URL,
                                           "secure_cookies": False}}})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    with app.app_context():
        demo.seed(context.db(), context.paths(), context.settings(), context.now(),
                  context.today(), fast_hash=True)
        demo.write_kiosk_configs(context.paths(), url)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    randomness, terminals.secrets = terminals.secrets, _counted_tokens()
    thread.start()
    try:
        yield LiveHub(url, app.config["HUB_PATHS"].data, app, clock)
    finally:
        server.shutdown()
        server.server_close()
        terminals.secrets = randomness


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, headless, in German."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (deploy/system-deps.sh)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                     env={**os.environ, "LANGUAGE": "de"})
        try:
            yield browser
        finally:
            browser.close()


def new_page(browser: Browser, hub: LiveHub) -> Page:
    """A fresh browser window (no cookies) at 1280 × 800 that opens the hub's pages."""
    context_ = browser.new_context(viewport=VIEWPORT, device_scale_factor=1, locale="de-DE",
                                   timezone_id="Europe/Berlin", base_url=hub.url)
    context_.set_default_timeout(15_000)
    return context_.new_page()


def login(page: Page, email: str) -> None:
    page.goto("/anmelden")
    page.fill("#email", email)
    page.fill("#password", demo.PASSWORD)
    with page.expect_navigation():
        page.click("#login")
    assert "/anmelden" not in page.url, page.inner_text("main")[:500]


def shoot(page: Page, name: str, out: Path, guide: bool = True, top: str | None = None,
          bottom: str | None = None) -> Path:
    """Save the window (1280 × 800) as out/<name>.png; with `guide` also as the staff guide's
    picture, rewritten only when it changed. `top`/`bottom`: scroll so that this element
    starts at the top / ends at the bottom of the window; else the window stays as it is."""
    page.evaluate("document.activeElement && document.activeElement.blur()")
    if top:
        page.locator(top).first.evaluate(
            "el => window.scrollTo(0, Math.round(el.getBoundingClientRect().top"
            " + window.scrollY - 12))")
    elif bottom:
        page.locator(bottom).first.evaluate(
            "el => window.scrollTo(0, Math.round(el.getBoundingClientRect().bottom"
            " + window.scrollY - window.innerHeight + 12))")
    page.evaluate("document.fonts.ready")
    path = out / f"{name}.png"
    shot = page.screenshot(path=str(path), animations="disabled", caret="hide")
    with Image.open(io.BytesIO(shot)) as image:
        assert image.size == (VIEWPORT["width"], VIEWPORT["height"])
        if guide and GERMAN_CHROMIUM:
            _save_for_guide(image, GUIDE_IMG / f"{name}.png")
    return path


def _save_for_guide(image: Image.Image, target: Path) -> None:
    # 256 colours without dithering: text stays crisp, white stays white, the traffic
    # lights keep their exact colours, and the file has a third of the bytes.
    small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT,
                                          dither=Image.Dither.NONE)
    if target.exists() and _same_picture(small, target):
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    small.save(target, "PNG", optimize=True)


def _same_picture(new: Image.Image, target: Path) -> bool:
    """Chromium now and then draws a rounded corner a shade differently; a picture counts
    as changed when more than a few dozen pixels differ visibly."""
    with Image.open(target) as old:
        if old.size != new.size:
            return False
        a = np.asarray(old.convert("RGB"), dtype=np.int16)
    b = np.asarray(new.convert("RGB"), dtype=np.int16)
    return int((np.abs(a - b).max(axis=2) > 24).sum()) <= 50
