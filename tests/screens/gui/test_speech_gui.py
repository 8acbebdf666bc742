"""Vorlesen in the real app with the real espeak-ng engine; only the loudspeaker is faked
(a CI machine has none): it records each sound and when it was cut off."""

from __future__ import annotations

import time

from kiosk.nav import Route
from kiosk.session import SETTING_TARGETS, faces
from tests.screens.gui.conftest import frames, tap
from tests.screens.gui.test_app import find


def wait_until(condition, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        frames(1)
        if condition():
            return True
        time.sleep(0.01)
    return False


def _speech_started(app, before: int) -> bool:
    return len(app.fake_player.played) > before and app.speaker.speaking


def test_vorlesen_starts_speech_and_shows_stopp(app):
    before = len(app.fake_player.played)
    tap(find(app, "bar:read"), clock=app.fake_clock)
    assert wait_until(lambda: _speech_started(app, before))
    assert app.fake_player.played[-1].suffix == ".wav"
    assert wait_until(lambda: app.bar.buttons["read"].text == "Stopp")
    assert app.prefs.speech


def test_second_tap_on_vorlesen_stops_within_100_ms(app):
    before = len(app.fake_player.played)
    tap(find(app, "bar:read"), clock=app.fake_clock)
    assert wait_until(lambda: _speech_started(app, before))
    button = find(app, "bar:read")
    started = time.monotonic()
    tap(button, clock=app.fake_clock)
    assert not app.speaker.speaking
    assert app.fake_player.stops and app.fake_player.stops[-1] - started < 0.1
    played = len(app.fake_player.played)
    time.sleep(0.5)
    frames()
    assert len(app.fake_player.played) == played  # nothing of it plays afterwards
    assert wait_until(lambda: app.bar.buttons["read"].text == "Vorlesen")


def test_tile_tap_during_speech_stops_speech_before_navigating(app):
    before = len(app.fake_player.played)
    tap(find(app, "bar:read"), clock=app.fake_clock)
    assert wait_until(lambda: _speech_started(app, before))
    routes_at_stop = []
    real_stop = app.speaker.stop

    def stop_and_note():
        routes_at_stop.append(app.nav.current)
        real_stop()

    app.speaker.stop = stop_and_note
    try:
        tap(find(app, "tile:week"), clock=app.fake_clock)
    finally:
        app.speaker.stop = real_stop
    assert routes_at_stop and routes_at_stop[0] == Route("home")
    assert app.nav.current == Route("list", "week")
    # In the Vorlese-Modus the new screen is read on arrival.
    assert wait_until(lambda: app.speaker.speaking)


def test_idle_reset_stops_speech_and_restores_speed(app):
    tap(find(app, "bar:speed"), clock=app.fake_clock)
    tap(find(app, "bar:speed"), clock=app.fake_clock)
    assert app.prefs.speed == 0
    before = len(app.fake_player.played)
    tap(find(app, "bar:read"), clock=app.fake_clock)
    assert wait_until(lambda: _speech_started(app, before))
    app.fake_clock.advance(121)
    app.tick()
    assert not app.speaker.speaking  # the question silences the reading
    app.fake_clock.advance(31)
    app.tick()
    frames()
    assert not app.speaker.speaking
    assert app.prefs.speed == 1 and not app.prefs.speech
    assert app.nav.current == Route("attract")


def test_speech_text_of_the_screen_is_what_is_read(app):
    tap(find(app, "tile:week"), clock=app.fake_clock)
    said = app.speech_text()
    assert said.startswith("Diese Woche.")
    assert "Seite eins von" in said and "Uhr" in said


def _rms(path) -> float:
    import wave

    import numpy as np

    with wave.open(str(path)) as sound:
        samples = np.frombuffer(sound.readframes(sound.getnframes()), dtype="<i2")
    return float(np.sqrt(np.mean(samples.astype(np.float64) ** 2)))


def test_settings_buttons_show_and_say_their_state(app):
    """Schrift, Kontrast, Tempo and Lauter show their step in words and say it aloud at
    each tap, also without the Vorlese-Modus. Faked: only the loudspeaker (FakePlayer
    records each WAV the real espeak-ng made); what is said is read from the speaker
    (`last_text`, the text it synthesized and played)."""
    bar = app.bar.buttons
    assert {t: (bar[t].text, bar[t].state_text) for t in SETTING_TARGETS} == {
        "textsize": ("Schrift", "normal"), "contrast": ("Kontrast", "normal"),
        "speed": ("Tempo", "normal"), "volume": ("Lauter", "normal")}
    steps = {"textsize": [("Schrift", "groß"), ("Schrift", "sehr groß"),
                          ("Schrift", "normal")],
             "contrast": [("Kontrast", "hoch"), ("Kontrast", "normal")],
             "speed": [("Tempo", "schnell"), ("Tempo", "langsam"), ("Tempo", "normal")],
             "volume": [("Lauter", "laut"), ("Leiser", "sehr laut"), ("Lauter", "normal")]}
    for target, expected in steps.items():
        for word, state in expected:
            app.fake_clock.advance(1)   # no double tap
            before = len(app.fake_player.played)
            tap(find(app, f"bar:{target}"), clock=app.fake_clock)
            button = app.bar.buttons[target]
            assert (button.text, button.state_text) == (word, state)
            # The words on the button are drawn (a texture), and said aloud.
            assert [c.text for c in button.children][::-1] == [word, state]
            assert app.speaker.last_text.split(".")[0].endswith(f": {state}")
            assert wait_until(lambda n=before: len(app.fake_player.played) > n)
            assert not app.prefs.speech
            # The announcement is no reading: Vorlesen still offers to read the screen.
            assert app.bar.buttons["read"].text == "Vorlesen"
    assert "Lauter, jetzt normal" in app.speech_text()   # the bar read with its states
    tap(find(app, "bar:read"), clock=app.fake_clock)
    assert app.prefs.speech and app.speaker.last_text.startswith("Vorlesen ist eingeschaltet")


def test_lauter_says_each_step_louder_and_the_idle_reset_restores_it(app, tmp_path):
    speaker = app.speaker
    base, step = speaker.settings.volume, speaker.settings.volume_step
    rate = speaker.settings.rate(app.prefs.speed)
    for steps in (1, 2, 0):
        app.fake_clock.advance(1)   # no double tap
        before = len(app.fake_player.played)
        tap(find(app, "bar:volume"), clock=app.fake_clock)
        assert app.prefs.volume == steps
        assert speaker.volume == round(base + steps * step, 3)
        # Said at once, at the new volume, also without the Vorlese-Modus.
        assert wait_until(lambda n=before: len(app.fake_player.played) > n)
        assert not app.prefs.speech
        first = faces(app.prefs)["volume"].said.split(". ")[0].rstrip(".") + "."
        plain = speaker.engine.synthesize(first, rate, tmp_path / f"plain-{steps}.wav")
        gain = app.fake_player.levels[before] / _rms(plain)
        assert abs(gain - speaker.volume / base) < 0.03, (steps, gain)
    tap(find(app, "bar:volume"), clock=app.fake_clock)
    assert app.prefs.volume == 1 and speaker.volume > base
    app.fake_clock.advance(121)
    app.tick()
    app.fake_clock.advance(31)
    app.tick()
    frames()
    assert app.prefs.volume == 0 and speaker.volume == base
