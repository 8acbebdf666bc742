"""Atomic writes, write-if-changed and the process lock."""

from __future__ import annotations

import os

import pytest

from sync.errors import BusyError
from sync.files import exclusive_lock, remove_temp_files, write_atomic, write_if_changed


def test_write_if_changed_leaves_an_identical_file_alone(tmp_path):
    path = tmp_path / "a" / "feed.json"
    assert write_if_changed(path, b"eins")
    stamp = path.stat().st_mtime_ns, path.stat().st_ino
    assert not write_if_changed(path, b"eins")
    assert (path.stat().st_mtime_ns, path.stat().st_ino) == stamp
    assert write_if_changed(path, b"zwei") and path.read_bytes() == b"zwei"


def test_write_if_changed_can_compare_loosely(tmp_path):
    path = tmp_path / "x.ics"
    write_if_changed(path, b"A\nDTSTAMP:1\n")
    assert not write_if_changed(path, b"A\nDTSTAMP:2\n", lambda old, new: old[:2] == new[:2])
    assert path.read_bytes() == b"A\nDTSTAMP:1\n"


def test_write_atomic_replaces_the_file_and_leaves_no_temp_file(tmp_path):
    path = tmp_path / "state.json"
    path.write_bytes(b"alt")
    write_atomic(path, b"neu", mode=0o600)
    assert path.read_bytes() == b"neu" and (path.stat().st_mode & 0o777) == 0o600
    assert os.listdir(tmp_path) == ["state.json"]


def test_remove_temp_files_only_removes_our_leftovers(tmp_path):
    (tmp_path / ".tmp-abc").write_bytes(b"half")
    (tmp_path / "kiosk.sqlite").write_bytes(b"keep")
    assert remove_temp_files(tmp_path) == 1
    assert os.listdir(tmp_path) == ["kiosk.sqlite"]


def test_exclusive_lock_refuses_a_second_holder(tmp_path):
    lock = tmp_path / "sync.lock"
    with exclusive_lock(lock, "quartier-sync pull"), \
            pytest.raises(BusyError, match="already running"), \
            exclusive_lock(lock, "quartier-sync pull"):
        pass
    with exclusive_lock(lock, "quartier-sync pull"):  # released again
        pass

