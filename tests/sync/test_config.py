"""kiosk.toml: defaults, file, overrides, and messages that name file and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from sync.config import DEFAULTS, load_config
from sync.errors import ConfigError

EXAMPLE = """
[terminal]
site = "lindenbach-alte-schule"
id = "schule-1"
token = "geheim"
[sync]
feed_url = "https://example.org/sites/lindenbach-alte-schule/feed.json"
public_keys = ["AAAA"]
interval_s = 60
[paths]
data = "daten"
[screen]
width_px = 1080
height_px = 1920
width_mm = 268
"""


def test_config_defaults_without_file(monkeypatch):
    monkeypatch.setattr("sync.config.SYSTEM_CONFIG", Path("/nonexistent/kiosk.toml"))
    config = load_config()
    assert config.sync.interval_s == DEFAULTS["sync"]["interval_s"]
    assert config.screen.width_px == 1920 and config.source is None
    assert config.mm_per_px == pytest.approx(476 / 1920)


def test_config_file_overrides_defaults_and_anchors_paths(tmp_path):
    path = tmp_path / "etc" / "kiosk.toml"
    path.parent.mkdir()
    path.write_text(EXAMPLE, "utf-8")
    config = load_config(path)
    assert config.terminal.id == "schule-1" and config.sync.interval_s == 60
    assert config.sync.read_timeout_s == DEFAULTS["sync"]["read_timeout_s"]
    # A relative data folder means "next to the config file", never the working directory.
    assert config.data_dir == tmp_path / "etc" / "daten"
    assert config.db_path == tmp_path / "etc" / "daten" / "kiosk.sqlite"
    assert config.mm_per_px == pytest.approx(268 / 1080)


def test_config_arguments_override_file(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text(EXAMPLE, "utf-8")
    config = load_config(path, {"sync": {"interval_s": 5}, "paths": {"data": str(tmp_path)}})
    assert config.sync.interval_s == 5 and config.data_dir == tmp_path


@pytest.mark.parametrize(("toml", "words"), [
    ("[sync]\ninterval_s = \"oft\"\n", "[sync] interval_s must be a number"),
    ("[sync]\ninterval_s = -5\n", "[sync] interval_s must not be negative"),
    ("[screen]\nfullscreen = 1\n", "[screen] fullscreen must be true or false"),
    ("[sync]\npublic_keys = \"AAAA\"\n", "[sync] public_keys must be a list of strings"),
    ("[terminal]\nsite = 5\n", "[terminal] site must be text"),
    ("terminal = 5\n", "'terminal' must be a [section]"),
    ("[sync\n", "kiosk.toml"),
])
def test_config_bad_values_name_file_and_key(tmp_path, toml, words):
    path = tmp_path / "kiosk.toml"
    path.write_text(toml, "utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert words in str(info.value) and str(path) in str(info.value)


def test_config_missing_file_is_named(tmp_path):
    with pytest.raises(ConfigError, match="file not found"):
        load_config(tmp_path / "nope.toml")


def test_config_audio_device_is_the_device_speech_plays_on(tmp_path):
    """The installer writes the chosen sound device to [audio] device; speech must play
    there (it used to read only [speech] device and played on ALSA's "default")."""
    path = tmp_path / "kiosk.toml"
    path.write_text(EXAMPLE + '[audio]\ndevice = "plughw:CARD=UACDemoV10,DEV=0"\n', "utf-8")
    assert load_config(path).speech.device == "plughw:CARD=UACDemoV10,DEV=0"
    path.write_text(EXAMPLE + '[speech]\ndevice = "hw:1"\n', "utf-8")
    config = load_config(path)
    assert config.speech.device == "hw:1" and config.audio.device == ""


def test_config_clock_ntp_is_a_list_of_servers(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text(EXAMPLE + '[clock]\nntp = ["ntp.kommune.example"]\n', "utf-8")
    assert load_config(path).clock.ntp == ["ntp.kommune.example"]
    path.write_text(EXAMPLE + '[clock]\nntp = "ntp.kommune.example"\n', "utf-8")
    with pytest.raises(ConfigError, match=r"\[clock\] ntp must be a list of strings"):
        load_config(path)
