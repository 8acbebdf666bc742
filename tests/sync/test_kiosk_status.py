"""The kiosk app's report reaches `quartier-sync status` (a file; sync imports no kiosk)."""

from datetime import UTC, datetime, timedelta
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


def test_kiosk_status_frame_age_on_one_monotonic_clock():
    report = {"frame": {"at": "2026-12-01T08:00:00+00:00", "monotonic": 500.0,
                        "boot_id": "boot-1"}}
    assert kiosk_status.frame_age_s(report, monotonic=530.5, boot="boot-1",
                                    uptime_s=900) == 30.5
    # A report from before this boot: nothing was drawn since the machine started.
    assert kiosk_status.frame_age_s(report, monotonic=40.0, boot="boot-2",
                                    uptime_s=41) == 41.0
    assert kiosk_status.frame_age_s({"speech": {}}, monotonic=1.0, boot="boot-1",
                                    uptime_s=1) is None


def test_kiosk_status_for_heartbeat_replaces_the_monotonic_time_by_the_age():
    # The screen on show stays on the terminal: heartbeats would make it a sequence.
    report = {"route": "home", "frame": {"at": "2026-12-01T08:00:00+00:00",
                                         "monotonic": 100.0, "boot_id": "b"}}
    beat = kiosk_status.for_heartbeat(report, monotonic=190.0, boot="b", uptime_s=500)
    assert beat == {"frame_at": "2026-12-01T08:00:00+00:00", "frame_age_s": 90.0}
    assert kiosk_status.for_heartbeat(None) is None
    assert kiosk_status.for_heartbeat({"speech": {"available": True}}) == {
        "speech": {"available": True}}   # an older app without frames: no age at all


def test_kiosk_status_written_by_liveness_after_a_frame_at_most_every_30_s(tmp_path):
    from kiosk.liveness import Liveness

    t = {"now": 0.0}
    live = Liveness(tmp_path, monotonic=lambda: t["now"], boot="b")
    assert live.frame("home") and kiosk_status.read(tmp_path)["route"] == "home"
    t["now"] = 29.0
    assert not live.frame("list:week")
    t["now"] = 30.0
    assert live.frame("list:week")
    report = kiosk_status.read(tmp_path)
    assert report["route"] == "list:week" and report["frame"]["monotonic"] == 30.0
    live.update(geometry={"ok": True})   # news go out with the very next frame
    t["now"] = 31.0
    assert live.frame("home") and kiosk_status.read(tmp_path)["geometry"] == {"ok": True}


def test_status_shows_what_the_screen_last_drew(config):
    from kiosk.liveness import Liveness

    live = Liveness(config.data_dir, boot=kiosk_status.boot_id())
    live.update(geometry={"ok": False, "text": "das Bild ist 1920 × 1920 Pixel groß"},
                clock={"ok": True, "text": "mit dem Zeitserver abgeglichen"})
    live.frame("list:week")
    words = status.text(status.report(config), ZoneInfo("Europe/Berlin"))
    assert "Bildschirm:        zeigt „list:week“, letztes Bild vor 0 s" in words
    assert "Bildgröße:         das Bild ist 1920 × 1920 Pixel groß" in words
    assert "Uhr (Anzeige):     mit dem Zeitserver abgeglichen" in words


def test_kiosk_status_of_liveness_is_the_updaters_sign_that_the_kiosk_draws(tmp_path):
    # sync.update_health reads the report kiosk.liveness writes: "software" and a
    # "started_at" after the restart, and only once a frame was drawn.
    from kiosk.liveness import Liveness
    from sync.net import software_version
    from sync.update_health import kiosk_ok

    restart = datetime(2026, 12, 2, 2, 30, tzinfo=UTC)
    live = Liveness(tmp_path, monotonic=lambda: 5.0, boot="b",
                    wall=lambda: restart + timedelta(seconds=3))
    assert not kiosk_ok(tmp_path, software_version(), restart)   # no frame yet
    live.frame("home")
    assert kiosk_ok(tmp_path, software_version(), restart)
    assert not kiosk_ok(tmp_path, "9.9.9", restart)
    assert not kiosk_ok(tmp_path, software_version(), restart + timedelta(minutes=1))
