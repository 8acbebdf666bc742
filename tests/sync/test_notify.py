"""sd_notify: one datagram to $NOTIFY_SOCKET, nothing without it, the watchdog interval."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from sync import notify


@pytest.fixture
def listener(tmp_path: Path, monkeypatch) -> socket.socket:
    path = tmp_path / "notify.sock"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(path))
    sock.settimeout(2)
    monkeypatch.setenv("NOTIFY_SOCKET", str(path))
    yield sock
    sock.close()


def test_notify_sends_all_lines_in_one_datagram(listener):
    assert notify.notify("READY=1", "STATUS=läuft")
    assert listener.recv(4096).decode() == "READY=1\nSTATUS=läuft"


def test_notify_reaches_an_abstract_socket(monkeypatch):
    name = f"quartier-test-{os.getpid()}"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind("\0" + name)
        sock.settimeout(2)
        monkeypatch.setenv("NOTIFY_SOCKET", "@" + name)
        assert notify.notify("WATCHDOG=1")
        assert sock.recv(100) == b"WATCHDOG=1"


def test_notify_without_a_socket_does_nothing(monkeypatch):
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    assert notify.notify("READY=1") is False


def test_notify_to_a_vanished_socket_is_not_fatal(tmp_path, monkeypatch):
    monkeypatch.setenv("NOTIFY_SOCKET", str(tmp_path / "gone.sock"))
    assert notify.notify("READY=1") is False


@pytest.mark.parametrize(("usec", "pid", "expected"), [
    ("30000000", None, 15.0), ("30000000", "own", 15.0), ("30000000", "1", None),
    ("0", None, None), ("", None, None), ("abc", None, None)])
def test_watchdog_interval_is_half_of_watchdogsec_for_this_process(monkeypatch, usec, pid,
                                                                   expected):
    monkeypatch.setenv("WATCHDOG_USEC", usec)
    if pid is None:
        monkeypatch.delenv("WATCHDOG_PID", raising=False)
    else:
        monkeypatch.setenv("WATCHDOG_PID", str(os.getpid()) if pid == "own" else pid)
    assert notify.watchdog_interval() == expected
