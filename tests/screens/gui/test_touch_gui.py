"""Touch once: a press and release enter through the input path kiosk.kivy_setup configures
(SDL's pointer events → Kivy's "mouse" provider) and arrive as exactly one touch and one
action.

Faked: the touchscreen itself. There is none on a CI machine (and no uinput), and Xvfb
reads no evdev devices; the press and release are put into the X server with XTEST
(libXtst), the way a touchscreen's events reach SDL under X11. From SDL on everything is
real: SDL's event queue, Kivy's providers as configured (created the way App.run() does
it), the window's dispatch, the widgets and the tap guard. Under kmsdrm on the terminal
SDL reads the evdev device itself and feeds the same provider.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import time

import pytest
from kivy.base import EventLoop
from kivy.core.window import Window

from kiosk.kivy_setup import INPUT
from kiosk.nav import Route
from tests.screens.gui.conftest import frames
from tests.screens.gui.test_app import find


class XTest:
    """Pointer events into the X server (the faked touchscreen)."""

    def __init__(self) -> None:
        xlib = ctypes.util.find_library("X11")
        xtst = ctypes.util.find_library("Xtst")
        if not xlib or not xtst:
            pytest.skip("libX11/libXtst missing (Debian: libxtst6)")
        self.x11 = ctypes.CDLL(xlib)
        self.xtst = ctypes.CDLL(xtst)
        self.x11.XOpenDisplay.restype = ctypes.c_void_p
        self.x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        for name in ("XFlush", "XCloseDisplay"):
            getattr(self.x11, name).argtypes = [ctypes.c_void_p]
        self.xtst.XTestFakeMotionEvent.argtypes = [ctypes.c_void_p, ctypes.c_int,
                                                   ctypes.c_int, ctypes.c_int, ctypes.c_ulong]
        self.xtst.XTestFakeButtonEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint,
                                                   ctypes.c_int, ctypes.c_ulong]
        self.display = self.x11.XOpenDisplay(os.environ["DISPLAY"].encode())
        assert self.display, "cannot open the X display"

    def press(self, x: int, y: int, down: bool) -> None:
        self.xtst.XTestFakeMotionEvent(self.display, -1, x, y, 0)
        self.xtst.XTestFakeButtonEvent(self.display, 1, int(down), 0)
        self.x11.XFlush(self.display)
        time.sleep(0.2)   # the X server hands the event on to SDL's connection

    def close(self) -> None:
        self.x11.XCloseDisplay(self.display)


@pytest.fixture(scope="module")
def providers():
    """The configured input providers, created and started as App.run() does."""
    from kivy.base import _runTouchApp_prepare
    from kivy.config import Config

    assert dict(Config.items("input")) == INPUT
    if not EventLoop.input_providers or len(EventLoop.input_providers) <= 1:
        _runTouchApp_prepare()
    return [type(p).__name__ for p in EventLoop.input_providers]


def _pump(count: int) -> None:
    """What App.run()'s loop does: SDL's events into the window, then a frame."""
    for _ in range(count):
        Window.mainloop()
        frames(1)


def test_touch_one_input_path_and_one_tap_per_touch(app, providers):
    # SDL's own provider only carries finger events on Android/iOS; on Linux the mouse
    # provider is the one path (kiosk.kivy_setup).
    assert sorted(providers) == ["MouseMotionEventProvider", "SDL2MotionEventProvider"]
    tile = find(app, "tile:week")
    x, y = tile.to_window(*tile.center)
    screen_x, screen_y = int(Window.left + x), int(Window.top + Window.height - y)
    downs: list = []

    def count(_window, touch):
        downs.append(touch.device)

    taps: list = []   # every release a widget acts on, before the tap guard's judgement
    guard = app.accept_tap
    app.accept_tap = lambda widget: (taps.append(widget.target), guard(widget))[1]
    Window.bind(on_touch_down=count)
    _pump(3)   # the window's own events first (map, expose, focus)
    xtest = XTest()
    try:
        xtest.press(screen_x, screen_y, True)
        _pump(4)
        xtest.press(screen_x, screen_y, False)
        _pump(6)
    finally:
        xtest.close()
        Window.unbind(on_touch_down=count)
        del app.accept_tap
    assert downs == ["mouse"]
    assert taps == ["tile:week"] and app.nav.current == Route("list", "week")
