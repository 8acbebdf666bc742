"""The terminal's sync state file and the status report built from it."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sync.apply import apply_feed
from sync.errors import SignatureError
from sync.state import (
    EMPTY,
    last_sync,
    load_state,
    record_failure,
    record_success,
    save_state,
    state_path,
)
from sync.status import report, text
from tests.helpers import berlin, entry, make_feed

NOW = datetime(2026, 12, 1, 7, 5, tzinfo=UTC)


def test_state_missing_or_damaged_file_gives_an_empty_state(tmp_path):
    assert load_state(tmp_path) == EMPTY
    state_path(tmp_path).write_text("{kaputt")
    assert load_state(tmp_path) == EMPTY


def test_state_round_trip_and_failure_then_success(tmp_path):
    state = load_state(tmp_path)
    record_failure(state, SignatureError("signed by unknown key 'ab'"), NOW, received=300)
    record_failure(state, SignatureError("signed by unknown key 'ab'"), NOW, received=300)
    save_state(tmp_path, state)
    again = load_state(tmp_path)
    assert again["consecutive_failures"] == 2 and again["bytes_received_total"] == 600
    assert again["last_error"]["kind"] == "signature"
    assert last_sync(again) == {"at": "2026-12-01T07:05:00+00:00", "ok": False,
                                "error": "signed by unknown key 'ab'"}
    record_success(again, "updated", NOW, 1000, feed_version=5)
    assert again["consecutive_failures"] == 0 and again["feed_version"] == 5
    assert again["last_error"]["kind"] == "signature"  # kept for staff, as history
    assert last_sync(again)["ok"] is True and last_sync(again)["error"] is None
    assert json.loads(state_path(tmp_path).read_text())["format"] == "quartier-sync-state/1"


def test_status_text_warns_about_expiry_and_a_wrong_clock(config):
    apply_feed(config.db_path, make_feed([entry("a", berlin(2026, 12, 4, 12))], version=9))
    state = load_state(config.data_dir)
    record_success(state, "updated", NOW, 10, expired=True, clock_skew_s=-3600.0,
                   clock_ok=False, clock_note="local clock is -3600 s off")
    save_state(config.data_dir, state)
    words = text(report(config), ZoneInfo("Europe/Berlin"))
    assert "Letzte Prüfung:    01.12.2026, 08:05 Uhr – aktualisiert" in words
    assert "Uhr:               FALSCH: weicht -3600 s von der Serverzeit ab" in words
    assert "Inhalt:            Version 9 vom 01.12.2026, 08:00 Uhr, 1 Eintrag" in words
    assert "ABGELAUFEN, bitte die Redaktion informieren" in words
