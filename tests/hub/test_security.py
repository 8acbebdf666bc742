"""Security headers on every response of the hub: a Content-Security-Policy without inline
scripts, nosniff and a Referrer-Policy – on staff pages, the login, error pages, static
files, the heartbeat API, the phone preview and the published tree. Redirects after login
and after an action never leave the hub."""

from __future__ import annotations

import re

import pytest

from hub import context
from hub.publishing import publish_sites
from hub.queries import offers as offer_q
from sync import phonepage
from tests.hub.conftest import (
    ADMIN,
    EDITOR_A,
    EDITOR_B,
    PASSWORD,
    TOKENS,
    login,
    make_app,
    seed,
)
from tests.hub.test_access import STAFF_ROUTES, _call

HUB_POLICY = {"default-src": "'self'", "script-src": "'self'", "object-src": "'none'",
              "base-uri": "'self'", "frame-ancestors": "'self'", "form-action": "'self'"}


def _directives(policy: str) -> dict[str, str]:
    out = {}
    for part in policy.split(";"):
        name, _, value = part.strip().partition(" ")
        if name:
            out[name] = value.strip()
    return out


def _assert_headers(response, url: str) -> dict[str, str]:
    headers = response.headers
    assert headers.get("X-Content-Type-Options") == "nosniff", url
    assert headers.get("Referrer-Policy") == "same-origin", url
    policy = _directives(headers.get("Content-Security-Policy", ""))
    assert policy, url
    assert "'unsafe-inline'" not in policy.get("script-src", "") and \
        "'unsafe-eval'" not in policy.get("script-src", ""), url
    return policy


def _assert_hub_policy(response, url: str) -> None:
    policy = _assert_headers(response, url)
    for name, value in HUB_POLICY.items():
        assert policy.get(name) == value, (url, name, policy.get(name))


@pytest.mark.parametrize(("method", "url", "data"), STAFF_ROUTES,
                         ids=[f"{m} {u}" for m, u, _ in STAFF_ROUTES])
def test_headers_on_every_staff_route(client, method, url, data):
    login(client, ADMIN)
    response = _call(client, method, url, data)
    if url.endswith("/handy"):
        _assert_headers(response, url)
    else:
        _assert_hub_policy(response, url)


@pytest.mark.parametrize(("method", "url", "data"), STAFF_ROUTES[:6],
                         ids=[f"{m} {u}" for m, u, _ in STAFF_ROUTES[:6]])
def test_headers_on_redirects_to_the_login(client, method, url, data):
    response = _call(client, method, url, data)
    assert response.status_code == 302
    _assert_hub_policy(response, url)


def test_headers_on_the_login_static_files_api_and_health(client):
    for url in ("/anmelden", "/static/hub.css", "/static/hub.js", "/healthz"):
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_hub_policy(response, url)
    response = client.post("/api/v1/heartbeat", json={},
                           headers={"Authorization": f"Bearer {TOKENS['a-1']}"})
    assert response.status_code == 400
    _assert_hub_policy(response, "/api/v1/heartbeat")


def test_headers_on_error_pages(app, client):
    _assert_hub_policy(client.get("/gibt-es-nicht"), "404")
    login(client, EDITOR_B)
    forbidden = client.get("/eintraege/a-treff")
    assert forbidden.status_code == 403
    _assert_hub_policy(forbidden, "403")


def test_headers_on_a_crash(data_dir, clock):
    app = make_app(data_dir, clock)
    app.testing = False                       # a real 500 page instead of the exception

    @app.route("/kaputt")
    def broken() -> str:
        raise RuntimeError("kaputt")

    seed(app)
    client = login(app.test_client(), ADMIN)
    response = client.get("/kaputt")
    assert response.status_code == 500
    assert "Ein Fehler ist aufgetreten" in response.get_data(as_text=True)
    _assert_hub_policy(response, "500")


def test_headers_on_the_csrf_refusal(data_dir, clock):
    app = make_app(data_dir, clock, WTF_CSRF_ENABLED=True)
    seed(app)
    response = app.test_client().post("/anmelden", data={"email": ADMIN})
    assert response.status_code == 400
    _assert_hub_policy(response, "400")


def test_headers_phone_pages_may_load_nothing_but_their_style_and_pictures(app, as_a):
    with app.app_context():
        publish_sites(context.db(), context.paths(), context.settings(), None,
                      now=context.now(), user="t", trigger="test")
    for url in ("/eintraege/a-treff/handy", "/e/a-treff.html"):
        response = as_a.get(url)
        assert response.status_code == 200, url
        policy = _assert_headers(response, url)
        assert policy["default-src"] == "'none'" and policy["img-src"] == "'self'"
        assert policy["frame-ancestors"] == "'self'" and policy["form-action"] == "'none'"
        assert "script-src" not in policy                     # default-src 'none' forbids it
        body = response.get_data(as_text=True)
        style = re.search(r"<style>(.*?)</style>", body, re.S).group(1)
        assert policy["style-src"] == f"'{phonepage.style_hash(style)}'"


def test_headers_published_files_and_pictures(app, client):
    with app.app_context():
        publish_sites(context.db(), context.paths(), context.settings(), None,
                      now=context.now(), user="t", trigger="test")
    for url in ("/sites/ort-a/feed.json", "/sites/ort-a/feed.json.sig", "/e/a-treff.ics"):
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_headers(response, url)


def test_headers_the_published_phone_page_carries_its_policy_for_any_server(app):
    with app.app_context():
        publish_sites(context.db(), context.paths(), context.settings(), None,
                      now=context.now(), user="t", trigger="test")
        page = (context.paths().published / "e" / "a-treff.html").read_text("utf-8")
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
    assert meta is not None
    policy = _directives(meta.group(1))
    assert policy["default-src"] == "'none'" and policy["base-uri"] == "'none'"
    assert "frame-ancestors" not in policy          # ignored in <meta>: the server's job


# -- redirects after login and after an action stay on the hub --------------------------------

REDIRECTS = ["//evil.example", "https://evil.example", "/\\evil.example", "\\\\evil.example",
             "/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "http:evil.example",
             "javascript:alert(1)", " //evil.example", "///evil.example",
             "https:/evil.example", "\x00//evil.example", "/\\/evil.example",
             "//evil.example@hub", "/%0a/evil.example"]


def _stays_on_the_hub(location: str) -> bool:
    # Read the address as a browser does: tabs and line breaks dropped, control characters
    # and spaces trimmed, a backslash taken for a slash.
    seen = re.sub(r"[\t\n\r]", "", location).strip("".join(map(chr, range(33))))
    seen = seen.replace("\\", "/")
    return seen.startswith("/") and not seen.startswith("//")


@pytest.mark.parametrize("target", REDIRECTS, ids=range(len(REDIRECTS)))
def test_redirect_after_login_stays_on_the_hub(client, target):
    response = client.post("/anmelden", data={"email": EDITOR_A, "password": PASSWORD,
                                              "next": target})
    assert response.status_code == 302
    assert _stays_on_the_hub(response.headers["Location"]), response.headers["Location"]


@pytest.mark.parametrize("target", REDIRECTS, ids=range(len(REDIRECTS)))
def test_redirect_after_an_action_stays_on_the_hub(app, client, target):
    with app.app_context():
        offer_q.offer(context.db(), "b-treff", "ort-a", context.now(), EDITOR_B)
    login(client, EDITOR_A)
    for url in ("/eintraege/a-treff/geprueft", "/angebote/1/annehmen"):
        response = client.post(url, data={"next": target})
        assert response.status_code == 302, url
        assert _stays_on_the_hub(response.headers["Location"]), (url, response.headers)


def test_redirect_to_a_page_of_the_hub_is_kept(client):
    response = client.post("/anmelden", data={"email": EDITOR_A, "password": PASSWORD,
                                              "next": "/eintraege?site=ort-a"})
    assert response.headers["Location"] == "/eintraege?site=ort-a"
