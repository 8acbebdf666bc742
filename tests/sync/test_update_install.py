"""The A/B folders of quartier-update (sync.update_install.Slots): `current` is switched in
one step, a half-installed folder is never a way back, and at most the running release
and the one before it stay."""

from __future__ import annotations

import os
import threading

import pytest

from sync.errors import UpdateError
from sync.update_install import COMPLETE, Slots


def _folder(slots: Slots, name: str, complete: bool = True):
    folder = slots.root / name
    (folder / "bin").mkdir(parents=True)
    (folder / "bin" / "python").write_text("")
    if complete:
        (folder / COMPLETE).write_text(name)
    return folder


def test_slots_switch_never_leaves_current_missing(tmp_path):
    slots = Slots(tmp_path)
    a, b = _folder(slots, "releases/1.0"), _folder(slots, "releases/1.1")
    slots.switch(a)
    seen, missing, done = set(), [], threading.Event()

    def read() -> None:
        while not done.is_set():
            try:
                seen.add(os.readlink(slots.link))
            except FileNotFoundError:
                missing.append(1)

    reader = threading.Thread(target=read)
    reader.start()
    for i in range(100):
        slots.switch(b if i % 2 == 0 else a)
    done.set()
    reader.join()
    assert missing == [] and seen == {"releases/1.0", "releases/1.1"}
    assert slots.current() == a
    outside = tmp_path.parent / "installer-venv"
    (outside / "bin").mkdir(parents=True)
    slots.switch(outside)
    assert os.readlink(slots.link) == str(outside) and slots.current() == outside


def test_slots_prune_keeps_the_running_and_the_previous_release(tmp_path):
    slots = Slots(tmp_path)
    venv = _folder(slots, ".venv", complete=False)
    old, previous, running = (_folder(slots, f"releases/{v}") for v in ("1.0", "1.1", "1.2"))
    slots.switch(running)
    assert slots.prune([running, previous]) == ["1.0"]
    assert not old.exists() and previous.exists() and running.exists() and venv.exists()
    assert slots.prune([running, venv]) == ["1.1"]
    assert venv.exists()


def test_slots_a_half_installed_folder_is_no_way_back(tmp_path):
    slots = Slots(tmp_path)
    half = _folder(slots, "releases/2.0", complete=False)
    assert slots.resolve("releases/2.0") is None and slots.complete("2.0") is None
    (half / COMPLETE).write_text("2.0")
    assert slots.resolve("releases/2.0") == half == slots.complete("2.0")
    assert slots.resolve(".venv") is None  # gone


def test_slots_refuse_a_current_that_is_a_folder_and_a_version_that_is_a_path(tmp_path):
    slots = Slots(tmp_path)
    (tmp_path / "current").mkdir()
    with pytest.raises(UpdateError) as caught:
        slots.switch(_folder(slots, "releases/1.0"))
    assert "ist ein Ordner, keine Verknüpfung" in caught.value.german
    for version in ("../etc", ".versteckt", "1.0/../../x", ""):
        with pytest.raises(UpdateError):
            slots.folder(version)
