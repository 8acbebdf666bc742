"""The terminal's configuration: one defaults table, overridden by kiosk.toml, overridden by
arguments (tests, command line).

Both processes of a terminal (the sync daemon and the kiosk app) read the same file, so
the table lives here, in the package without GUI dependencies.
"""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from sync.errors import ConfigError

SYSTEM_CONFIG = Path("/etc/quartier-kiosk/kiosk.toml")
# The version of kiosk.toml's layout this code needs ([terminal] config_version). Raise it
# when a release needs keys an older kiosk.toml lacks: `quartier-release build` writes it
# into the manifest as min_config_version, and terminals with an older file refuse the
# release until the installer has updated their kiosk.toml.
CONFIG_VERSION = 1

DEFAULTS: dict[str, dict[str, Any]] = {
    "terminal": {"site": "", "id": "", "token": "", "config_version": 1},
    "sync": {
        "feed_url": "",
        "public_keys": [],
        "interval_s": 300,
        "connect_timeout_s": 5.0,
        "read_timeout_s": 20.0,
        "max_feed_bytes": 8_000_000,
        "max_asset_bytes": 8_000_000,
        "backoff_max_s": 3600,
        "retry_s": 30,              # first wait after a failed sync; doubles up to backoff_max_s
        "total_timeout_s": 120.0,   # deadline for one download, however slowly it trickles
        "max_clock_skew_s": 120,    # more than this between our clock and the server's: flag
        "assets_url": "",           # default: <feed_url>/../../assets/
    },
    "paths": {"data": "/var/lib/quartier-kiosk"},
    "screen": {
        "width_px": 1920,
        "height_px": 1080,
        "width_mm": 476.0,
        "fullscreen": True,
        "rotation": 0,                  # 0 | 90 | 180 | 270: a panel mounted turned (clockwise)
        "output": "HDMI-A-1",           # the connector the panel is on (kernel's name)
        "video_mode": "",               # e.g. "1920x1080@60"; empty: width_px x height_px @60
    },
    # heartbeat_s: a heartbeat also between syncs, so the fleet page sees a black screen
    # within two minutes (the kiosk writes its last frame every 30 s; docs/sync.md).
    "hub": {"url": "", "timeout_s": 5.0, "heartbeat_s": 45},
    "kiosk": {
        "idle_s": 120,
        "idle_grace_s": 30,
        "attract_slide_s": 10,
        "language": "de",
        "timezone": "Europe/Berlin",
    },
    "speech": {
        "engine": "espeak-ng",          # espeak-ng | pyttsx3 | piper (docs/speech.md)
        "voice": "de",
        "rate_wpm": 150,                # "normal"; langsam and schneller are factors of it
        "volume": 0.9,                  # default loudness, back after every visit
        "device": "default",            # ALSA device for aplay; [audio] device wins
        "piper_model": "",              # .onnx voice file; relative = next to kiosk.toml
        "espeak_bin": "espeak-ng",
        "piper_bin": "piper",           # Piper's command, used when piper-tts is not importable
        "slow_factor": 0.8,
        "fast_factor": 1.25,
        "volume_step": 0.2,
        "volume_min": 0.3,
        "volume_max": 1.5,
        "engine_timeout_s": 20.0,       # one sentence; pyttsx3 hangs are cut off after this
        "cache_mb": 300,                # pre-rendered and spoken sentences, oldest dropped first
        "prerender_speeds": ["langsam", "normal", "schneller"],
    },
    # Chosen when the terminal is installed (deploy/install-terminal.sh --audio-device, or
    # detected from `aplay -L`): the ALSA device everything the terminal says is played on.
    # test_gain: the loudness of the test sentence at start (0: silent, the device is
    # still opened and fed; 1: as spoken).
    "audio": {"device": "", "test_gain": 0.0},
    # The municipality's time servers (public NTP is often blocked there); the installer
    # writes them into systemd-timesyncd's configuration.
    # wait_for_sync: until a time server has set the clock, the screen says "Die Uhrzeit
    # wird gerade gestellt" instead of claiming a "heute" (kiosk.clock_check).
    "clock": {"ntp": [], "wait_for_sync": True},
    # When the screen is on (sync.schedule; empty: always) and how it goes dark
    # (kiosk.display: auto | cec | backlight | xset | wlr-randr | vcgencmd | black).
    "display": {"on": "", "backend": "auto", "cec_device": "/dev/cec0"},
    # Software updates (quartier-update, sync/update.py; docs/install.md "Updates").
    "update": {
        "ring": "alle",                 # "pilot": gets a release first; "alle": the rest
        "release_keys": [],             # release.pub lines; only releases signed by one
        "url": "",                      # the hub's releases; empty: /releases/ of feed_url's server
        # Only inside this local time window (outside the opening hours): "HH:MM-HH:MM".
        "window": "02:00-05:00",
        "root": "/opt/quartier-kiosk",  # releases/<version>/ and the link `current`
        "units": ["quartier-sync.service", "quartier-kiosk.service"],
        "python": "",                   # the system Python for new releases; empty: this one's
        "total_timeout_s": 1800.0,      # deadline for downloading one release
        "max_release_mb": 400,          # a larger release is refused
        "install_timeout_s": 1800.0,    # creating the new folder and installing into it
        "health_timeout_s": 300.0,      # first frame and a good sync, else back
    },
}


class Config:
    """Sections of the configuration as attributes: `cfg.sync.interval_s`."""

    def __init__(self, data: dict[str, dict[str, Any]], source: Path | None = None) -> None:
        self.data = data
        self.source = source
        for name, values in data.items():
            setattr(self, name, SimpleNamespace(**values))

    @property
    def data_dir(self) -> Path:
        """Folder for the database, the asset cache and the speech cache."""
        return Path(self.data["paths"]["data"])

    @property
    def db_path(self) -> Path:
        return self.data_dir / "kiosk.sqlite"

    @property
    def asset_dir(self) -> Path:
        return self.data_dir / "assets"

    @property
    def mm_per_px(self) -> float:
        screen = self.data["screen"]
        return float(screen["width_mm"]) / float(screen["width_px"])


def load_config(path: Path | str | None = None, overrides: dict | None = None) -> Config:
    """Read defaults, then `path` (or the system file if it exists), then `overrides`."""
    data = copy.deepcopy(DEFAULTS)
    source: Path | None = None
    if path is None and SYSTEM_CONFIG.exists():
        path = SYSTEM_CONFIG
    if path is not None:
        source = Path(path).resolve()
        _merge(data, _read_toml(source), str(source))
        _anchor_paths(data, source.parent)
    if overrides:
        _merge(data, overrides, "overrides")
    if data["audio"]["device"]:
        data["speech"]["device"] = data["audio"]["device"]
    return Config(data, source)


def _read_toml(path: Path) -> dict:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: file not found") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from exc


def _merge(data: dict, extra: dict, where: str) -> None:
    for section, values in extra.items():
        if not isinstance(values, dict):
            raise ConfigError(f"{where}: {section!r} must be a [section]")
        target = data.setdefault(section, {})
        defaults = DEFAULTS.get(section, {})
        for key, value in values.items():
            if key in defaults:
                value = _coerce(defaults[key], value, f"{where}: [{section}] {key}")
            target[key] = value


def _coerce(default: Any, value: Any, where: str) -> Any:
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ConfigError(f"{where} must be true or false, not {value!r}")
        return value
    if isinstance(default, (int, float)):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"{where} must be a number, not {value!r}")
        if value < 0:
            raise ConfigError(f"{where} must not be negative")
        return type(default)(value) if isinstance(default, float) else value
    if isinstance(default, list):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where} must be a list of strings")
        return value
    if isinstance(default, str) and not isinstance(value, str):
        raise ConfigError(f"{where} must be text, not {value!r}")
    return value


def _anchor_paths(data: dict, base: Path) -> None:
    # A relative data path in a config file means "next to the config file", never the
    # working directory of whoever started the process.
    folder = Path(data["paths"]["data"])
    if not folder.is_absolute():
        data["paths"]["data"] = str((base / folder).resolve())
