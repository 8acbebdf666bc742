"""The kiosk app's report reaches `quartier-sync status` (a file; sync imports no kiosk)."""

from zoneinfo import ZoneInfo

from sync import kiosk_status, status


def test_kiosk_status_roundtrip_and_garbage(tmp_path):
    assert kiosk_status.read(tmp_path) is None
    kiosk_status.write(tmp_path, {"speech": {"text": "Vorlesen ist bereit."}})
    assert kiosk_status.read(tmp_path)["speech"]["text"] == "Vorlesen ist bereit."
    (tmp_path / kiosk_status.FILE).write_text("{kaputt", "utf-8")
    assert kiosk_status.read(tmp_path) is None


def test_status_says_when_the_terminal_cannot_read_aloud(config):
    kiosk_status.write(config.data_dir, {"speech": {
        "available": False, "text": "Keine Tonausgabe gefunden – Vorlesen ist nicht möglich."}})
    words = status.text(status.report(config), ZoneInfo("Europe/Berlin"))
    assert "Vorlesen:          Keine Tonausgabe gefunden" in words


def test_status_before_the_app_ever_ran(config):
    words = status.text(status.report(config), ZoneInfo("Europe/Berlin"))
    assert "Vorlesen:          unbekannt (die Anzeige lief noch nicht)" in words
