"""The published tree changes a site's feed.json and its signature in one step: a publish
killed at any moment leaves the old or the new pair, never a mix a terminal refuses."""

from __future__ import annotations

import json
import os
import shutil
import signal
from datetime import timedelta
from pathlib import Path

from sync.publish import publish
from sync.pull import pull
from sync.signing import public_keys, verify
from tests.sync.conftest import SITE, T0, write_source

# Every call that changes the file system: the publish is killed right before each one.
FS_CHANGES = ("replace", "rename", "symlink", "unlink", "rmdir", "mkdir")


def _run_killed_at(source: Path, key: Path, out: Path, now, kill_at: int) -> bool:
    """Publish in a forked child that SIGKILLs itself just before its `kill_at`-th change
    to the file system; return True when it was killed, False when it finished first."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 0
        try:
            calls = [0]

            def counted(fn):
                def call(*args, **kwargs):
                    calls[0] += 1
                    if calls[0] == kill_at:
                        os.kill(os.getpid(), signal.SIGKILL)
                    return fn(*args, **kwargs)
                return call

            for name in FS_CHANGES:
                setattr(os, name, counted(getattr(os, name)))
            publish(str(source), key, out, now=now)
        except BaseException:  # noqa: BLE001 (the child reports any failure by its exit code)
            code = 3
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        assert os.WTERMSIG(status) == signal.SIGKILL
        return True
    assert os.WEXITSTATUS(status) == 0, "the publish failed instead of being killed"
    return False


def _restore(snapshot: Path, folder: Path) -> None:
    for child in folder.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    for child in snapshot.iterdir():
        target = folder / child.name
        if child.is_dir() and not child.is_symlink():
            shutil.copytree(child, target, symlinks=True)
        else:
            shutil.copy2(child, target, follow_symlinks=False)


def _live_pair_verifies(out: Path, keys: dict) -> dict:
    site = out / "sites" / SITE
    body = (site / "feed.json").read_bytes()
    verify(body, (site / "feed.json.sig").read_bytes(), keys)
    return json.loads(body)


def _links_resolve(out: Path, feed: dict) -> None:
    """Everything the live feed names is in the tree: pages, calendar files, images."""
    for entry in feed["entries"]:
        assert (out / "e" / f"{entry['id']}.html").is_file(), entry["id"]
        if entry["links"].get("ics"):
            assert (out / "e" / f"{entry['id']}.ics").is_file(), entry["id"]
    for sha, info in feed["assets"].items():
        ext = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}[info["type"]]
        assert (out / "assets" / f"{sha}.{ext}").is_file(), sha


def test_publish_tree_killed_at_every_step_leaves_old_or_new_feed(tmp_path, server, key_dir,
                                                                  config):
    key = key_dir / "signing.key"
    keys = public_keys([(key_dir / "signing.pub").read_text()])
    out = server.root
    source = write_source(tmp_path / "quelle")
    old = publish(str(source), key, out, now=T0)[0].version
    assert pull(config).version == old
    tree_before, terminal_before = tmp_path / "tree-before", tmp_path / "terminal-before"
    shutil.copytree(out, tree_before, symlinks=True)
    shutil.copytree(config.data_dir, terminal_before)
    # The next version: one title changed, one entry gone, one picture fewer.
    doc = json.loads(source.read_text())
    doc["entries"][0]["title"] = "Neuer Titel"
    del doc["entries"][1]["image"]
    doc["entries"] = doc["entries"][:2]
    source.write_text(json.dumps(doc), "utf-8")
    now = T0 + timedelta(minutes=1)
    new = int(now.timestamp())
    seen = {old: 0, new: 0}
    kill_at = 0
    while True:
        kill_at += 1
        assert kill_at < 400, "the publish never finished"
        _restore(tree_before, out)
        _restore(terminal_before, config.data_dir)
        if not _run_killed_at(source, key, out, now, kill_at):
            break
        # What the kill left is consistent: the pair verifies, and what it names is there.
        feed = _live_pair_verifies(out, keys)
        _links_resolve(out, feed)
        result = pull(config)   # never a refusal
        assert result.version in (old, new), (kill_at, result)
        seen[result.version] += 1
        # The next publish finishes the job.
        assert publish(str(source), key, out, now=now + timedelta(seconds=1))[0].version >= new
        feed = _live_pair_verifies(out, keys)
        _links_resolve(out, feed)
        assert pull(config).version == feed["version"]
    # Killed before and after the switch to the new version, many times each.
    assert seen[old] >= 3 and seen[new] >= 3, seen


def _publish_versions(tmp_path: Path, key: Path, out: Path, count: int) -> list[int]:
    source = write_source(tmp_path / "quelle")
    versions = []
    for i in range(count):
        write_source(tmp_path / "quelle", titles={f"{SITE}-e0": f"Titel {i}"})
        versions.append(publish(str(source), key, out, now=T0 + timedelta(minutes=i))[0]
                        .version)
    return versions


def test_publish_tree_keeps_the_newest_versions_and_links_relatively(tmp_path, key_dir):
    out = tmp_path / "out"
    versions = _publish_versions(tmp_path, key_dir / "signing.key", out, 5)
    link = out / "sites" / SITE
    assert link.is_symlink() and os.readlink(link) == f".v/{SITE}/{versions[-1]}"
    kept = sorted(int(p.name) for p in (out / "sites" / ".v" / SITE).iterdir())
    assert kept == versions[-3:]
    assert not [p for p in (out / "sites").iterdir() if p.name.startswith(".tmp-")]
    moved = tmp_path / "verschoben"   # a relative link: the tree can be copied elsewhere
    shutil.copytree(out, moved, symlinks=True)
    assert json.loads((moved / "sites" / SITE / "feed.json").read_bytes())["version"] == \
        versions[-1]


def test_publish_tree_repair_points_a_broken_pair_back_at_the_last_good_one(tmp_path,
                                                                          key_dir):
    from sync.publish import repair_tree
    from sync.publish_tree import check, live_version, prune
    from sync.signing import load_signing_key

    out = tmp_path / "out"
    versions = _publish_versions(tmp_path, key_dir / "signing.key", out, 3)
    public = load_signing_key(key_dir / "signing.key").verify_key
    assert check(out, public) == []
    broken = out / "sites" / ".v" / SITE / str(versions[-1]) / "feed.json"
    broken.write_bytes(broken.read_bytes().replace(b"Titel 2", b"Titel X"))
    (problem,) = check(out, public)
    assert problem.site == SITE and "does not match" in problem.reason
    (repaired,) = repair_tree(out, public)
    assert repaired.repaired_to == versions[-2] == live_version(out, SITE)
    assert check(out, public) == []
    prune(out, SITE, keep=0)      # the live version is never pruned
    assert live_version(out, SITE) == versions[-2] and check(out, public) == []


def test_publish_tree_moves_a_folder_of_the_former_layout(tmp_path, key_dir):
    out = tmp_path / "out"
    key = key_dir / "signing.key"
    (first,) = _publish_versions(tmp_path, key, out, 1)
    link = out / "sites" / SITE
    files = {p.name: p.read_bytes() for p in link.iterdir()}
    link.unlink()
    shutil.rmtree(out / "sites" / ".v")
    link.mkdir()
    for name, data in files.items():
        (link / name).write_bytes(data)
    write_source(tmp_path / "quelle", titles={f"{SITE}-e0": "Neu"})
    second = publish(str(tmp_path / "quelle" / f"{SITE}.json"), key, out,
                     now=T0 + timedelta(minutes=5))[0].version
    assert link.is_symlink() and os.readlink(link) == f".v/{SITE}/{second}"
    assert sorted(p.name for p in (out / "sites" / ".v" / SITE).iterdir()) == \
        sorted([str(first), str(second)])
    keys = public_keys([(key_dir / "signing.pub").read_text()])
    assert _live_pair_verifies(out, keys)["version"] == second
