"""A visit: preferences, the idle question after 120 s, the reset 30 s later, the tap guard."""

import pytest

from kiosk.session import IdleClock, Phase, Preferences, TapGuard, all_said, faces


def test_preferences_cycle_and_default():
    prefs = Preferences()
    assert (prefs.text_size, prefs.theme, prefs.speech, prefs.speed, prefs.volume) == (
        0, "normal", False, 1, 0)
    assert [prefs.next_text_size() for _ in range(3)] == [1, 2, 0]
    assert [prefs.toggle_theme() for _ in range(2)] == ["high", "normal"]
    assert [prefs.next_speed() for _ in range(3)] == [2, 0, 1]
    assert [prefs.next_volume() for _ in range(3)] == [1, 2, 0]


def test_faces_show_each_setting_in_words_and_say_it():
    prefs = Preferences()
    shown = {target: (f.word, f.state) for target, f in faces(prefs).items()}
    assert shown == {"textsize": ("Schrift", "normal"), "contrast": ("Kontrast", "normal"),
                     "speed": ("Tempo", "normal"), "volume": ("Lauter", "normal")}
    prefs.next_text_size()
    prefs.next_text_size()
    prefs.toggle_theme()
    prefs.next_speed()
    assert faces(prefs)["textsize"].said == "Schrift: sehr groß."
    assert faces(prefs)["contrast"].said == "Kontrast: hoch."
    assert faces(prefs)["speed"].state == "schnell"


def test_faces_lauter_never_steps_down_under_its_word():
    """Issue 12: "Lauter" at the loudest step made it quieter. At the loudest step the
    button says "Leiser", since its next tap goes back to normal."""
    prefs = Preferences()
    seen = []
    for _ in range(4):
        before, face = prefs.volume, faces(prefs)["volume"]
        prefs.next_volume()
        seen.append((face.word, face.state))
        if prefs.volume < before:
            assert face.word == "Leiser"
        else:
            assert face.word == "Lauter"
    assert seen == [("Lauter", "normal"), ("Lauter", "laut"), ("Leiser", "sehr laut"),
                    ("Lauter", "normal")]
    loudest = Preferences(volume=2)
    assert faces(loudest)["volume"].said.startswith("Lautstärke: sehr laut.")
    assert "„Leiser“" in faces(loudest)["volume"].said


def test_all_said_holds_every_step_of_every_setting():
    said = all_said()
    assert len(said) == len(set(said)) == 3 + 2 + 3 + 3
    assert "Schrift: groß." in said and "Kontrast: normal." in said


def test_idle_clock_asks_after_idle_then_resets_after_grace():
    idle = IdleClock(idle_s=120, grace_s=30)
    assert idle.tick(10) is None and idle.phase is Phase.ATTRACT
    idle.touch(100)
    assert idle.phase is Phase.ACTIVE
    assert idle.tick(219) is None
    assert idle.tick(220) is Phase.ASKING
    assert idle.seconds_left(230) == 20
    assert idle.tick(249) is None
    assert idle.tick(250) is Phase.ATTRACT


def test_idle_clock_touch_while_asking_keeps_the_question_until_answered():
    idle = IdleClock(idle_s=120, grace_s=30)
    idle.touch(0)
    idle.tick(120)
    idle.touch(125)
    assert idle.phase is Phase.ASKING
    idle.keep_going(126)
    assert idle.phase is Phase.ACTIVE
    assert idle.tick(245) is None and idle.tick(246) is Phase.ASKING


@pytest.mark.parametrize(("gap", "accepted"), [(0.1, False), (0.49, False), (0.5, True),
                                               (2.0, True)])
def test_tap_guard_ignores_a_second_tap_on_the_same_target(gap, accepted):
    guard = TapGuard()
    assert guard.accept("tile:week", 10.0, (100, 100))
    assert guard.accept("tile:week", 10.0 + gap, (100, 100)) is accepted


def test_tap_guard_a_trembling_finger_acts_once():
    guard = TapGuard()
    results = [guard.accept("pager:next", 1.0 + 0.3 * i, (500, 500)) for i in range(5)]
    assert results == [True, False, False, False, False]


def test_tap_guard_same_spot_new_target_counts_as_repeat():
    guard = TapGuard()
    assert guard.accept("tile:today", 1.0, (900, 800))
    assert not guard.accept("row:x", 1.2, (910, 790))  # the screen changed under the finger
    assert guard.accept("bar:home", 1.3, (100, 50))     # elsewhere: a real tap
