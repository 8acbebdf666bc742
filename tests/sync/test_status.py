"""`quartier-sync status` speaks German to technicians: the reason of every kind of
failed pull is in German words, never the English message of the log."""

from __future__ import annotations

import re
import socket
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from sync import status
from sync.config import load_config
from sync.errors import FetchError, StoreError, SyncError
from sync.pull import pull
from sync.state import load_state, record_failure, save_state
from tests.sync.conftest import terminal_config
from tests.sync.test_pull import REJECTIONS

TZ = ZoneInfo("Europe/Berlin")
# Words of the English messages (sync/net.py, signing.py, feed.py, ...) that German
# never uses; "Feed", "Server", "Version" and "Bytes" are German too.
ENGLISH = re.compile(
    r"\b(the|is|not|no|cannot|than|does|match|larger|connection|timeout|refused|older|"
    r"applied|unknown|failed|missing|broke|off|answer|request|redirects?|header|body|"
    r"signed|key|error|read|within|took|deadline|during|download|asset|file|cap)\b", re.I)


def _refused(server, publisher, config, tmp_path):
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config.sync.feed_url = f"http://127.0.0.1:{port}/feed.json"


def _unwritable(server, publisher, config, tmp_path):
    from tests.sync.test_pull import _change

    _change(tmp_path, publisher)
    config.db_path.unlink()
    config.db_path.mkdir()  # sqlite cannot open a folder


CASES = [*[(r[0], r[1], r[2]) for r in REJECTIONS],
         ("connection_refused", _refused, FetchError), ("store", _unwritable, StoreError)]


@pytest.mark.parametrize(("name", "inject", "error"), CASES, ids=[c[0] for c in CASES])
def test_status_reason_of_every_failure_is_german(name, inject, error, publisher, tmp_path,
                                                  server, key_dir):
    config = terminal_config(tmp_path, server, key_dir, max_feed_bytes=1_000_000,
                             total_timeout_s=3.0)
    publisher()
    pull(config)
    inject(server, publisher, config, tmp_path)
    with pytest.raises(error):
        pull(config)
    state = load_state(config.data_dir)
    text = status.text(status.report(config), TZ)
    reason_line = next(line for line in text.splitlines() if line.startswith("Letzter Fehler"))
    assert state["last_error"]["reason"] not in text
    assert not ENGLISH.findall(reason_line.split(" – ", 1)[1]), reason_line
    assert not ENGLISH.findall(text), text


def test_status_old_state_without_german_words_falls_back_to_the_kind(tmp_path):
    config = load_config(None, {"paths": {"data": str(tmp_path)}})
    state = load_state(tmp_path)
    record_failure(state, SyncError("x"), datetime(2026, 12, 1, 8, tzinfo=UTC))
    state["last_error"] = {"at": state["last_error"]["at"], "kind": "signature",
                           "reason": "signature by key abc does not match feed.json"}
    save_state(tmp_path, state)
    text = status.text(status.report(config), TZ)
    assert "Die Signatur des Feeds passt nicht" in text and "does not match" not in text
