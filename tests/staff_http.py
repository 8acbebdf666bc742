"""A staff member at the hub over plain HTTP, for tests without a browser: start
`quartier-hub serve --demo` as a process, log in with the CSRF token, and submit the hub's
forms the way a browser does (every field with its current value, then the changes)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import requests

BIN = Path(sys.executable).parent
PASSWORD = "Demo-Passwort-2026"
EDITOR = "redaktion@lindenbach.example"
SITE = "lindenbach-alte-schule"


@dataclass
class Form:
    id: str | None
    action: str | None
    pairs: list[tuple[str, str]] = field(default_factory=list)

    def get(self, name: str) -> str | None:
        return next((v for k, v in self.pairs if k == name), None)

    def set(self, name: str, *values: str) -> Form:
        """Replace a field's values (several for checkboxes), as typing or ticking does."""
        self.pairs = [(k, v) for k, v in self.pairs if k != name]
        self.pairs += [(name, v) for v in values]
        return self


class _Forms(HTMLParser):
    """Every form of a page with the values a browser would send (no buttons, no files)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: list | None = None  # [name, first value, selected value]
        self._textarea: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = Form(a.get("id"), a.get("action"))
            self.forms.append(self._form)
        if self._form is None or (tag != "option" and "name" not in a):
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("file", "submit", "button", "image", "reset") or \
                    (kind in ("checkbox", "radio") and "checked" not in a):
                return
            self._form.pairs.append((a["name"], a.get("value", "on")))
        elif tag == "select":
            self._select = [a["name"], None, None]
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            self._select[1] = value if self._select[1] is None else self._select[1]
            if "selected" in a:
                self._select[2] = value
        elif tag == "textarea":
            self._textarea = (a["name"], [])

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._form is None:
            return
        if tag == "select" and self._select is not None:
            name, first, chosen = self._select
            self._form.pairs.append((name, chosen if chosen is not None else first or ""))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, parts = self._textarea
            self._form.pairs.append((name, "".join(parts).removeprefix("\n")))
            self._textarea = None
        elif tag == "form":
            self._form = None


def forms(html: str) -> list[Form]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


class Staff:
    """One logged-in staff member; `session` keeps the cookie."""

    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")
        self.session = requests.Session()

    def page(self, path: str) -> str:
        response = self.session.get(self.url + path, timeout=30)
        response.raise_for_status()
        return response.text

    def form(self, path: str, form_id: str | None = None, action: str | None = None,
             **has: str) -> Form:
        """The form of a page with this id or action whose fields include `has`."""
        for candidate in forms(self.page(path)):
            if (form_id is None or candidate.id == form_id) and \
                    (action is None or candidate.action == action) and \
                    all(candidate.get(k) == v for k, v in has.items()):
                return candidate
        raise AssertionError(f"no such form on {path}: id={form_id} action={action} {has}")

    def submit(self, form: Form, path: str, **extra: str) -> requests.Response:
        """Send the form to its action (or the page it came from), without following the
        redirect, so the test sees where it leads."""
        target = form.action or path
        return self.session.post(self.url + target, data=form.pairs + list(extra.items()),
                                 allow_redirects=False, timeout=60)

    def login(self, email: str, password: str = PASSWORD) -> Staff:
        form = self.form("/anmelden").set("email", email).set("password", password)
        response = self.submit(form, "/anmelden")
        assert response.status_code == 302, response.text[:500]
        return self

    def publish(self, site: str) -> str:
        """Press "veröffentlichen" for a site; the result page's HTML."""
        form = self.form("/veroeffentlichen", action="/veroeffentlichen", site=site)
        response = self.submit(form, "/veroeffentlichen")
        assert response.status_code == 302, response.text[:500]
        return self.page(response.headers["Location"].removeprefix(self.url))


def version_on(result_html: str, site: str) -> int:
    match = re.search(rf'id="version-{re.escape(site)}">(\d+)<', result_html)
    assert match, result_html[:2000]
    return int(match[1])


@dataclass
class Hub:
    url: str
    data: Path
    output: list[str]

    def kiosk_toml(self, terminal: str = "schule-1") -> Path:
        return self.data / "demo" / f"kiosk-{terminal}.toml"


@contextmanager
def demo_hub(data: Path) -> Iterator[Hub]:
    """`quartier-hub serve --demo` on a free port of 127.0.0.1 until the block ends."""
    proc = subprocess.Popen(
        [str(BIN / "quartier-hub"), "serve", "--data", str(data), "--port", "0", "--demo",
         "--no-scheduler"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        lines: list[str] = []
        for line in proc.stdout:  # type: ignore[union-attr]
            lines.append(line)
            if "läuft" in line:
                break
        match = re.search(r"(http://127\.0\.0\.1:\d+)/", "".join(lines))
        assert match, "".join(lines)
        yield Hub(match[1], data, lines)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
