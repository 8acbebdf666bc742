"""The attack run's stored XSS in a real Chromium: an entry with a script in its web
address (stored before the hub checked entries) is opened by an admin. The script shows
as text in the phone preview and never runs; and should markup ever slip through, the
Content-Security-Policy stops an inline script on the entry page and in the phone frame.
An ordinary entry's pages, previews and phone page load without a single refusal."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from hub import context
from hub.queries import entries as entry_q
from hub.queries import users as user_q
from tests.hub.live_hub import ADMIN, EDITOR, NOW, SITE, login, new_page

pytestmark = pytest.mark.timeout(240)
ATTACK = ("HTTPS://x.de/<script>top.__pwned=1;fetch('/benutzer/neu',{method:'POST'})"
          "</script>")
TRY_INLINE_SCRIPT = """() => new Promise(resolve => {
  document.addEventListener('securitypolicyviolation',
                            e => resolve('blocked: ' + e.violatedDirective));
  const s = document.createElement('script');
  s.textContent = 'window.__ran = 1';
  document.body.appendChild(s);
  setTimeout(() => resolve(window.__ran ? 'ran' : 'neither ran nor blocked'), 3000);
})"""


def test_browser_preview_a_stored_script_never_runs(browser, hub):
    # First an ordinary entry with a picture: the policy allows everything the pages need.
    page = new_page(browser, hub)
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text)
            if "Content Security Policy" in m.text else None)
    login(page, EDITOR)
    for url in ("/eintraege/lb-mittagstisch", "/eintraege/lb-mittagstisch/bearbeiten",
                "/geraete", "/"):
        page.goto(url)
        page.wait_for_load_state("networkidle")
    phone = page.goto("/eintraege/lb-mittagstisch/handy")
    assert phone is not None and phone.ok
    page.wait_for_load_state("networkidle")
    assert page.locator("img").evaluate("img => img.naturalWidth") > 0
    page.goto("/eintraege/lb-mittagstisch")
    # The boxes of the terminal preview are placed by the nonce'd <style>.
    title = page.locator("figure.terminal .t-title").first.evaluate(
        "el => [getComputedStyle(el).fontSize, getComputedStyle(el).top]")
    assert float(title[0].removesuffix("px")) > 40 and title[1] != "auto", title
    assert refused == []
    page.context.close()

    with hub.app.app_context():
        db = context.db()
        data = {"kind": "event", "category": context.settings()["categories"][0]["id"],
                "title": "Angriff", "summary": "Eine Webadresse mit Skript.",
                "schedule": {"start": "2026-12-08T14:30", "end": "2026-12-08T16:00"},
                "contact": {"web": ATTACK}}
        entry_q.save(db, "angriff", SITE, data, sharing="site", share_sites=[], now=NOW,
                     user=EDITOR)
        users = len(user_q.all_users(db))
    page = new_page(browser, hub)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    login(page, ADMIN)
    page.goto("/eintraege/angriff")
    frame = page.locator("iframe.phone").element_handle().content_frame()
    assert frame is not None
    frame.wait_for_load_state()
    expect(frame.locator("body")).to_contain_text("<script>top.__pwned=1")  # shown as text
    expect(frame.locator("body")).to_contain_text("„Webseite“")
    assert frame.locator("script").count() == 0
    assert page.evaluate("window.__pwned") is None
    for where in (page, frame):
        assert where.evaluate(TRY_INLINE_SCRIPT).startswith("blocked: script-src"), where.url
    assert page.evaluate("window.__ran") is None
    page.wait_for_timeout(300)                   # time for a fetch that must not come
    with hub.app.app_context():
        assert len(user_q.all_users(context.db())) == users
    assert errors == []
    page.context.close()
