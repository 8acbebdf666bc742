"""The hub's settings: one defaults table, overridden by <data>/hub.toml, overridden by
arguments (tests, the command line).

The data folder holds everything the hub owns (see docs/hub.md):

    <data>/hub.sqlite        accounts, sites, entries, places, terminals, heartbeats, ...
    <data>/hub.toml          optional settings (this table's keys)
    <data>/secret            the session key, created on first start (mode 0600)
    <data>/keys/signing.key  the publisher's private key, created on first start (0600)
    <data>/content/          what the publisher reads: bilder/ (uploaded pictures, kept)
                             and <site>.json (written again on every publish)
    <data>/published/        the static tree terminals pull (sites/, assets/, e/)
"""

from __future__ import annotations

import copy
import ipaddress
import os
import re
import secrets
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hub.errors import ConfigError
from sync.errors import KeyFileError
from sync.signing import load_public_key

TIMEZONE = "Europe/Berlin"

DEFAULTS: dict[str, Any] = {
    "hub": {
        "name": "Quartier-Hub",
        # The address staff and terminals use, e.g. "https://example.org/hub". Empty: taken
        # from each request (fine on one machine, set it behind a proxy).
        "base_url": "",
        # Where the published tree is served. Empty: the hub serves it itself at base_url.
        "published_url": "",
        "serve_published": True,       # the embedded static server for feed, assets, pages
        "behind_proxy": False,         # trust X-Forwarded-* headers of one proxy (nginx)
        "secure_cookies": "auto",      # "auto": Secure when base_url is https; true; false
        "session_hours": 12,           # a login ends this long after it, however busy
        "session_idle_min": 120,       # ... or after this long without a request
        "max_upload_mb": 40,
        "publish_time": "04:30",       # the daily publish, local time
    },
    "login": {
        "max_failures": 5,             # wrong passwords per e-mail address in the window
        "max_failures_computer": 50,   # ... per computer (IP address), all addresses
        "window_min": 15,
        "parallel_checks": 2,          # argon2 checks at once (64 MiB each)
        "wait_s": 5,                   # wait for a free check, then "gleich noch einmal"
    },
    "fleet": {
        "contact_warn_min": 30,        # no heartbeat for this long: yellow
        "contact_alarm_min": 180,      # ... and this long: red
        "behind_warn_min": 60,         # an older feed version this long after publishing
        "behind_alarm_min": 1440,
        "skew_warn_s": 120,            # clock difference to the server
        "skew_alarm_s": 3600,
        "disk_warn_mb": 500,
        "disk_alarm_mb": 100,
        "new_grace_h": 24,             # a new terminal that never called in: yellow, not red
        "keep_heartbeats_days": 30,
        "keep_counters_days": 800,     # hourly usage counters: two reporting years and more
        "heartbeat_min_interval_s": 10,  # per terminal; sooner: 429 with Retry-After
        "history_every_s": 300,        # a heartbeat goes into the history this often (the
                                       # terminal's light always uses the newest one)
        "frame_alarm_s": 75,           # the kiosk drew no frame for this long: red
    },
    "calendars": {
        # Networks a calendar address may be in although they are not public (loopback,
        # RFC 1918, ULA, link-local, ...): an intranet calendar server, e.g.
        # ["10.20.0.5/32"]. Empty: only public addresses on web ports (hub.calendar_fetch).
        "allow_networks": [],
        "timeout_s": 30,               # total time for one calendar, redirects included
        "max_mb": 10,                  # a larger calendar is refused
    },
    "freshness": {"check_days": 90},
    "content": {
        "horizon_days": 120,           # how far ahead the publisher expands dates
        # At most this many events, and dates within the horizon, per subscribed calendar;
        # more is refused (26,000 events would pass the terminals' 8 MB feed limit).
        "calendar_max_dates": 2000,
        "bin_days": 30,                # deleted entries stay restorable this long
    },
    # Terminal software (hub/releases.py, the page "Software"; docs/hub.md "Releases").
    "releases": {
        "public_keys": [],             # release.pub lines: only releases signed by one are offered
        # Where terminals fetch releases. Empty: /releases next to published_url (the
        # nginx site), or below base_url when the hub serves the tree itself.
        "url": "",
    },
    "categories": [
        {"id": "treffen", "label": "Treffen & Bewegung", "icon": "treffen", "tile": True},
        {"id": "hilfe", "label": "Hilfe & Beratung", "icon": "hilfe", "tile": True},
        {"id": "mitmachen", "label": "Mitmachen", "icon": "mitmachen", "tile": True},
    ],
}


@dataclass(frozen=True)
class Paths:
    """Every file and folder of one data folder (absolute)."""

    data: Path

    @property
    def db(self) -> Path:
        return self.data / "hub.sqlite"

    @property
    def toml(self) -> Path:
        return self.data / "hub.toml"

    @property
    def secret(self) -> Path:
        return self.data / "secret"

    @property
    def keys(self) -> Path:
        return self.data / "keys"

    @property
    def signing_key(self) -> Path:
        return self.keys / "signing.key"

    @property
    def public_key(self) -> Path:
        return self.keys / "signing.pub"

    @property
    def content(self) -> Path:
        return self.data / "content"

    @property
    def images(self) -> Path:
        return self.content / "bilder"

    @property
    def published(self) -> Path:
        return self.data / "published"

    @property
    def releases(self) -> Path:
        return self.data / "releases"


def default_data_dir() -> Path:
    """$QUARTIER_HUB_DATA, else the user's data folder (never the working directory)."""
    env = os.environ.get("QUARTIER_HUB_DATA")
    if env:
        return Path(env).expanduser().resolve()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base).expanduser().resolve() / "quartier-hub"


def load_settings(data_dir: Path, overrides: dict | None = None) -> dict[str, Any]:
    """Defaults, then <data>/hub.toml, then `overrides`; checked."""
    settings = copy.deepcopy(DEFAULTS)
    path = data_dir / "hub.toml"
    if path.exists():
        try:
            extra = tomllib.loads(path.read_text("utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{path}: nicht lesbar ({exc})") from exc
        _merge(settings, extra, str(path))
    if overrides:
        _merge(settings, overrides, "overrides")
    _check(settings)
    return settings


def _merge(settings: dict, extra: dict, where: str) -> None:
    for section, values in extra.items():
        if section not in settings:
            raise ConfigError(f"{where}: unbekannter Abschnitt [{section}]")
        if section == "categories":
            settings[section] = values
            continue
        if not isinstance(values, dict):
            raise ConfigError(f"{where}: [{section}] muss eine Tabelle sein")
        for key, value in values.items():
            if key not in settings[section]:
                raise ConfigError(f"{where}: unbekannter Schlüssel [{section}] {key}")
            default = settings[section][key]
            if isinstance(default, bool) and not isinstance(value, bool) and \
                    not (section == "hub" and key == "secure_cookies"):
                raise ConfigError(f"{where}: [{section}] {key} muss true oder false sein")
            if isinstance(default, int) and not isinstance(default, bool) and \
                    (not isinstance(value, int | float) or isinstance(value, bool)):
                raise ConfigError(f"{where}: [{section}] {key} muss eine Zahl sein")
            settings[section][key] = value


def _check(settings: dict) -> None:
    hh, _, mm = str(settings["hub"]["publish_time"]).partition(":")
    if not (hh.isdigit() and mm.isdigit() and int(hh) < 24 and int(mm) < 60):
        raise ConfigError("[hub] publish_time muss eine Uhrzeit wie 04:30 sein")
    networks = settings["calendars"]["allow_networks"]
    if not isinstance(networks, list):
        raise ConfigError('[calendars] allow_networks muss eine Liste wie ["10.20.0.5/32"] '
                          "sein")
    for network in networks:
        try:
            ipaddress.ip_network(str(network), strict=False)
        except ValueError as exc:
            raise ConfigError(f"[calendars] allow_networks: {network!r} ist kein Netz wie "
                              "10.20.0.0/16 oder eine Adresse wie 10.20.0.5") from exc
    keys = settings["releases"]["public_keys"]
    if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
        raise ConfigError('[releases] public_keys muss eine Liste wie ["<Zeile aus '
                          'release.pub>"] sein')
    for i, key in enumerate(keys):
        try:
            load_public_key(key, f"[releases] public_keys[{i}]")
        except KeyFileError as exc:
            raise ConfigError(f"[releases] public_keys[{i}]: kein öffentlicher Schlüssel "
                              "(die Zeile aus release.pub)") from exc
    cats = settings["categories"]
    if not isinstance(cats, list) or not cats or not all(
            isinstance(c, dict) and c.get("id") and c.get("label") for c in cats):
        raise ConfigError("[[categories]] braucht mindestens eine Kategorie mit id und label")
    for cat in cats:
        if not re.match(r"^[a-z0-9][a-z0-9._-]{0,79}$", str(cat["id"])) \
                or len(str(cat["label"])) > 40:
            raise ConfigError(f"[[categories]] {cat['id']!r}: die id braucht Kleinbuchstaben, "
                              "Ziffern und Bindestriche, das label höchstens 40 Zeichen")


def ensure_secret(paths: Paths) -> str:
    """Return the session key, creating it (0600) on first start."""
    try:
        return paths.secret.read_text("ascii").strip()
    except FileNotFoundError:
        pass
    paths.data.mkdir(parents=True, exist_ok=True)
    value = secrets.token_hex(32)
    try:
        fd = os.open(paths.secret, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process was quicker
        return paths.secret.read_text("ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(value + "\n")
    return value


def ensure_signing_key(paths: Paths) -> None:
    """Create the publisher's key pair on first start (sync.signing.keygen, 0600)."""
    if paths.signing_key.exists():
        return
    from sync.signing import keygen

    keygen(paths.keys)


def public_key_text(paths: Paths) -> str:
    """The base64 public key that goes into every terminal's [sync] public_keys."""
    try:
        return paths.public_key.read_text("ascii").strip()
    except OSError:
        return ""
