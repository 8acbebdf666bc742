"""The installer's kiosk.toml helper: the hub's enrolment lines go in, comments and every
other line stay, a second run changes nothing, bad lines are refused in German; the video
mode from [screen]; the sound device from `aplay -L`."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from sync.config import load_config
from tests.hub.conftest import ADMIN, login, make_app, seed, unescape

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "deploy" / "terminal_config.py"
EXAMPLE = ROOT / "deploy" / "kiosk.toml.example"
_spec = importlib.util.spec_from_file_location("terminal_config", SCRIPT)
tc = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tc)

# `aplay -L` and /proc/asound/cards on a Raspberry Pi 4 (Bookworm, KMS) with the panel on
# HDMI 0 and a USB speaker; the HDMI-only variants below drop the USB card.
APLAY_L = """\
null
    Discard all samples (playback) or generate zero samples (capture)
hw:CARD=vc4hdmi0,DEV=0
    vc4-hdmi-0, MAI PCM i2s-hifi-0
    Direct hardware device without any conversions
plughw:CARD=vc4hdmi0,DEV=0
    vc4-hdmi-0, MAI PCM i2s-hifi-0
    Hardware device with all software conversions
default:CARD=vc4hdmi0
    vc4-hdmi-0, MAI PCM i2s-hifi-0
    Default Audio Device
hdmi:CARD=vc4hdmi0,DEV=0
    vc4-hdmi-0, MAI PCM i2s-hifi-0
    HDMI Audio Output
hw:CARD=vc4hdmi1,DEV=0
    vc4-hdmi-1, MAI PCM i2s-hifi-0
    Direct hardware device without any conversions
default:CARD=vc4hdmi1
    vc4-hdmi-1, MAI PCM i2s-hifi-0
    Default Audio Device
hw:CARD=Headphones,DEV=0
    bcm2835 Headphones, bcm2835 Headphones
    Direct hardware device without any conversions
plughw:CARD=Headphones,DEV=0
    bcm2835 Headphones, bcm2835 Headphones
    Hardware device with all software conversions
hw:CARD=UACDemoV10,DEV=0
    UACDemoV1.0, USB Audio
    Direct hardware device without any conversions
plughw:CARD=UACDemoV10,DEV=0
    UACDemoV1.0, USB Audio
    Hardware device with all software conversions
"""
CARDS = """\
 0 [Headphones     ]: bcm2835_headpho - bcm2835 Headphones
                      bcm2835 Headphones
 1 [vc4hdmi0       ]: vc4-hdmi - vc4-hdmi-0
                      vc4-hdmi-0
 2 [vc4hdmi1       ]: vc4-hdmi - vc4-hdmi-1
                      vc4-hdmi-1
 3 [UACDemoV10     ]: USB-Audio - UACDemoV1.0
                      Jieli Technology UACDemoV1.0 at usb-0000:01:00.0-1.3, full speed
"""
NO_USB_APLAY = APLAY_L.split("hw:CARD=UACDemoV10")[0]
NO_USB_CARDS = CARDS.split(" 3 [")[0]


@pytest.fixture(scope="module")
def enrolment(tmp_path_factory) -> str:
    """The lines the hub's enrolment page shows for a new terminal."""
    data_dir = tmp_path_factory.mktemp("hub") / "daten"
    app = make_app(data_dir, SETTINGS={"hub": {"base_url": "https://example.org/hub",
                                               "published_url": "https://cdn.example.org/q"}})
    seed(app)
    client = login(app.test_client(), ADMIN)
    page = unescape(client.post("/standorte/ort-a/terminals/neu",
                                data={"id": "a-9", "name": "Foyer"}).get_data(as_text=True))
    return re.search(r'<pre class="config" id="kiosk-toml"[^>]*>(.*?)</pre>', page, re.S)[1]


def _merge(base: str, settings: dict) -> str:
    return tc.merge(base, "kiosk.toml", settings)


def _enrolment_settings(lines: str) -> dict:
    tables = tc.check_enrolment(lines, "Zeilen")
    return {f"{t}.{k}": v for t, values in tables.items() for k, v in values.items()}


def test_merge_puts_the_hubs_lines_into_the_example_and_keeps_its_comments(enrolment):
    base = EXAMPLE.read_text()
    settings = {**_enrolment_settings(enrolment), "audio.device": "default:CARD=vc4hdmi0",
                "clock.ntp": ["ntp.kommune.example"]}
    text = _merge(base, settings)
    data = tomllib.loads(text)
    hub = tomllib.loads(enrolment)
    assert data["terminal"] == {**data["terminal"], **hub["terminal"]}
    assert data["sync"]["public_keys"] == hub["sync"]["public_keys"]
    assert data["sync"]["interval_s"] == 300 and data["hub"]["url"] == hub["hub"]["url"]
    assert data["audio"]["device"] == "default:CARD=vc4hdmi0"
    assert data["clock"]["ntp"] == ["ntp.kommune.example"]
    assert "BITTE-AUS-DEM-HUB-EINTRAGEN" not in text
    for comment in (line for line in base.splitlines() if line.startswith("#")):
        assert comment in text
    assert _merge(text, settings) == text               # a second run changes nothing


def test_merge_result_is_a_config_the_app_loads(enrolment, tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text(_merge(EXAMPLE.read_text(), {**_enrolment_settings(enrolment),
                                                 "audio.device": "plughw:CARD=X,DEV=0"}))
    config = load_config(path)
    assert config.terminal.id == "a-9" and config.speech.device == "plughw:CARD=X,DEV=0"


def test_merge_replaces_a_multiline_array_and_keeps_the_next_key():
    base = '[sync]\npublic_keys = [\n  "alt1",\n  "alt2",\n]\ninterval_s = 60 # Minute\n'
    text = _merge(base, {"sync.public_keys": ["neu"]})
    assert tomllib.loads(text)["sync"] == {"public_keys": ["neu"], "interval_s": 60}
    assert "interval_s = 60 # Minute" in text


def test_merge_refuses_what_it_cannot_edit_safely():
    base = 'sync.public_keys = ["alt"]\n'   # a dotted key instead of a [sync] table
    with pytest.raises(tc.Refused, match="nicht sicher eintragen.*sync.public_keys"):
        _merge(base, {"sync.public_keys": ["neu"]})


@pytest.mark.parametrize(("lines", "words"), [
    ('[terminal]\nsite = "a"\nid = "b"\n', "[terminal] token fehlt"),
    ('[terminal\nsite = "a"\n', "kein gültiges TOML"),
    ('[screen]\nwidth_px = 1\n', "unerwarteter Abschnitt [screen]"),
    ('[terminal]\nsite = "a"\nid = "b"\ntoken = "BITTE-AUS-DEM-HUB-EINTRAGEN"\n',
     "[terminal] token fehlt"),
])
def test_check_enrolment_names_what_is_wrong_in_german(tmp_path, lines, words):
    path = tmp_path / "zeilen.txt"
    path.write_text(lines)
    result = subprocess.run([sys.executable, str(SCRIPT), "check-enrolment", str(path)],
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert words in result.stderr and str(path) in result.stderr


@pytest.mark.parametrize(("screen", "token"), [
    ("", "video=HDMI-A-1:1920x1080@60D"),
    ("width_px = 1080\nheight_px = 1920\n", "video=HDMI-A-1:1080x1920@60D"),
    ("width_px = 1080\nheight_px = 1920\nrotation = 90\n", "video=HDMI-A-1:1920x1080@60D"),
    ('video_mode = "3840x2160@30"\noutput = "HDMI-A-2"\n', "video=HDMI-A-2:3840x2160@30D"),
])
def test_video_token_pins_the_mode_from_screen(screen, token):
    assert tc.video_token(tomllib.loads("[screen]\n" + screen)) == token


def test_video_token_refuses_a_garbled_mode():
    with pytest.raises(tc.Refused, match=r"\[screen\] video_mode"):
        tc.video_token({"screen": {"video_mode": "1920x1080; rm -rf /"}})


@pytest.mark.parametrize(("aplay", "cards", "output", "device"), [
    (APLAY_L, CARDS, "HDMI-A-1", "plughw:CARD=UACDemoV10,DEV=0"),
    (NO_USB_APLAY, NO_USB_CARDS, "HDMI-A-1", "default:CARD=vc4hdmi0"),
    (NO_USB_APLAY, NO_USB_CARDS, "HDMI-A-2", "default:CARD=vc4hdmi1"),
    ("hw:CARD=Headphones,DEV=0\n    bcm2835 Headphones\n",
     " 0 [Headphones     ]: bcm2835_headpho - bcm2835 Headphones\n", "HDMI-A-1",
     "plughw:CARD=Headphones,DEV=0"),
    ("", "--- no soundcards ---\n", "HDMI-A-1", "default"),
])
def test_choose_audio_device_prefers_usb_then_the_panels_hdmi(aplay, cards, output, device):
    assert tc.choose_audio_device(aplay, cards, output)[0] == device
