"""From the staff editor to the terminal screen, with every part real: a demo hub
(`quartier-hub serve --demo`), a new entry written and published over HTTP with login and
CSRF token, `quartier-sync pull` into a terminal's data folder, and `quartier-kiosk tour`
rendering that terminal's screens in a real Kivy window under Xvfb. The new entry must be
on its detail screen, and its calendar QR code must decode to its title."""

from __future__ import annotations

import json
import os
import subprocess
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import zxingcpp
from PIL import Image

from tests.staff_http import BIN, EDITOR, SITE, Staff, demo_hub, version_on

pytestmark = pytest.mark.timeout(300)
TZ = ZoneInfo("Europe/Berlin")
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
TITLE = "Laternenumzug mit Punsch"


def _write_entry(staff: Staff, first: datetime) -> str:
    """Fill in the new-entry form as an editor would; the new entry's id."""
    form = staff.form("/eintraege/neu", form_id="entry-form")
    assert form.get("csrf_token") and form.get("site") == SITE
    form.set("title", TITLE)
    form.set("summary", "Wir ziehen mit Laternen um den Lindenplatz, danach gibt es Punsch.")
    form.set("date_start", first.date().isoformat()).set("time_start", "17:00")
    form.set("time_end", "18:30").set("repeat", "weekly").set("weekly_days", DAYS[first.weekday()])
    form.set("place_id", "alte-schule").set("contact_role", "Quartiersbüro")
    form.set("contact_phone", "069 90009 126").set("cost_kind", "free")
    response = staff.submit(form, "/eintraege/neu", action="save")
    assert response.status_code == 302, response.text[:3000]
    entry_id = response.headers["Location"].rstrip("/").rsplit("/", 1)[1]
    # A saved entry is a draft: "Freigeben" makes it one the publisher takes.
    release = staff.form(f"/eintraege/{entry_id}", action=f"/eintraege/{entry_id}/freigeben")
    response = staff.submit(release, f"/eintraege/{entry_id}/freigeben")
    assert response.status_code == 302, response.text[:3000]
    return entry_id


def _run(*args: str, env: dict | None = None, timeout: float = 60) -> str:
    done = subprocess.run(args, capture_output=True, text=True, timeout=timeout, env=env)
    assert done.returncode == 0, (args, done.stdout[-2000:], done.stderr[-4000:])
    return done.stdout


def test_end_to_end_entry_from_the_hub_on_the_terminal_screen(tmp_path):
    # The one test on the real clock: hub, sync and kiosk are separate processes whose
    # clocks a test cannot move, and the terminal checks the feed's times against its own.
    # Nothing here depends on which day it is: the entry starts tomorrow at 17:00 (never
    # in a DST gap) and the tour is drawn at this minute.
    now = datetime.now(TZ).replace(second=0, microsecond=0)
    first = now + timedelta(days=1)
    with demo_hub(tmp_path / "hub") as hub:
        staff = Staff(hub.url).login(EDITOR)
        entry_id = _write_entry(staff, first)
        assert TITLE in staff.page(f"/eintraege/{entry_id}")
        result = staff.publish(SITE)
        assert TITLE in result and "Neu" in result
        version = version_on(result, SITE)
        config = hub.kiosk_toml()
        _run(str(BIN / "quartier-sync"), "pull", "--config", str(config))
    status = json.loads(_run(str(BIN / "quartier-sync"), "status", "--config", str(config),
                             "--json"))
    assert status["feed_version"] == version, status

    out = tmp_path / "tour"
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("DISPLAY", None)  # the tour starts its own virtual screen
    _run(str(BIN / "quartier-kiosk"), "tour", "--config", str(config), "--out", str(out),
         "--now", now.strftime("%Y-%m-%dT%H:%M"), "--themes", "normal", "--sizes", "0",
         env=env, timeout=240)
    shots = json.loads((out / "tour.json").read_text("utf-8"))["shots"]
    mine = [s for s in shots if s["screen"] == "detail" and s["entry_id"] == entry_id]
    assert mine, sorted({s["entry_id"] for s in shots if s["entry_id"]})
    assert TITLE in [t["text"] for t in mine[0]["texts"]]
    # The lists show it too (its category's list, at least).
    lists = [t["text"] for s in shots if s["screen"] == "list" for t in s["texts"]]
    assert any(text.startswith(f"{TITLE} – Begegnungsstätte Alte Schule") for text in lists)

    # The calendar QR code on the entry's last page, read from the rendered PNG.
    termin = next(s for s in mine if [q["kind"] for q in s["qr"]] == ["termin"])
    with Image.open(out / termin["file"]) as image:
        decoded = [c.text for c in zxingcpp.read_barcodes(image.convert("L"))]
    assert decoded == [termin["qr"][0]["payload"]]
    assert f"SUMMARY:{TITLE}" in decoded[0]
    start = first.replace(hour=17, minute=0).astimezone(UTC)
    assert f"DTSTART:{start:%Y%m%dT%H%M%SZ}" in decoded[0]
