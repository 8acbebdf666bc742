"""Benchmarks of releases and terminal updates (sync/release_build.py, sync/update*.py).

    release_build_s     `quartier-release build` of this checkout for this machine from
                        the whole terminal lock, the wheels from the cache
                        (.cache/release-wheels, filled on the first run)
    release_mb          the size of that release (its wheels)
    update_apply_s      verify + install + switch of that release on a terminal, locally:
                        the ring file and manifest checked, every wheel downloaded from a
                        server on 127.0.0.1 and checked against its SHA-256, a new venv
                        with every wheel installed and its smoke test, `current` switched
                        (what `quartier-update apply` does before restarting the units)
    update_verify_s     ... of which the download and the checks
    update_install_s    ... of which the venv, pip and the smoke test
    update_switch_ms    ... of which the switch of `current`
"""

from __future__ import annotations

import functools
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from sync import release, update_fetch
from sync.config import load_config
from sync.deadline import Deadline
from sync.net import make_session
from sync.signing import keygen, public_keys
from sync.update import system_python
from sync.update_install import Slots, install, prepare
from tests.sync.releases import build_release, put_ring, release_keys


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *_args: object) -> None:
        pass


def run() -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="bench-release-") as name:
        tmp = Path(name)
        key, public = release_keys(tmp / "keys")
        started = time.monotonic()
        folder = build_release(tmp / "www" / "releases", key, "9.9.9")
        build_s = time.monotonic() - started
        keygen(tmp / "hub")
        put_ring(tmp / "www" / "releases", tmp / "hub" / "signing.key", "alle", "9.9.9", 1)
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(
            _Quiet, directory=str(tmp / "www")))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            figures = _apply(tmp, server.server_address[1], public)
        finally:
            server.shutdown()
            server.server_close()
        manifest = release.parse_manifest((folder / release.MANIFEST).read_bytes())
    return {"release_build_s": round(build_s, 1),
            "release_mb": round(manifest.bytes / 1e6, 1), **figures}


def _apply(tmp: Path, port: int, public: str) -> dict[str, float]:
    hub_public = (tmp / "hub" / "signing.pub").read_text().strip()
    path = tmp / "kiosk.toml"
    path.write_text(f'[sync]\nfeed_url = "http://127.0.0.1:{port}/sites/s/feed.json"\n'
                    f'public_keys = ["{hub_public}"]\n[paths]\ndata = "{tmp / "daten"}"\n'
                    f'[update]\nrelease_keys = ["{public}"]\nroot = "{tmp / "opt"}"\n')
    config = load_config(path)
    slots = Slots(Path(config.update.root))
    session = make_session("bench", "bench")
    lim = update_fetch.limits(config, float(config.update.total_timeout_s))
    started = time.monotonic()
    with Deadline(float(config.update.total_timeout_s)) as deadline:
        ring = update_fetch.ring(session, config, public_keys(config.sync.public_keys), 0,
                                 lim, deadline)
        assert ring is not None and ring.release == "9.9.9"
        found = update_fetch.manifest(session, config, ring.release,
                                      release.release_keys(config.update.release_keys), lim,
                                      deadline)
        release.check_fits(found, arch=release.machine_arch(), config_version=1,
                           max_bytes=int(config.update.max_release_mb) * 1_000_000)
        folder = slots.folder(found.version)
        update_fetch.wheels(session, config, found, prepare(folder), [], lim, deadline)
    verified = time.monotonic()
    install(folder, found, system_python(config), float(config.update.install_timeout_s))
    installed = time.monotonic()
    slots.switch(folder)
    switched = time.monotonic()
    assert slots.current() == folder and slots.version_of(folder) == "9.9.9"
    return {"update_apply_s": round(switched - started, 1),
            "update_verify_s": round(verified - started, 1),
            "update_install_s": round(installed - verified, 1),
            "update_switch_ms": round((switched - installed) * 1000, 2)}
