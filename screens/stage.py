"""The root of the widget tree: the stage that holds the one screen on show, under a
layout that sees every touch first."""

from __future__ import annotations

from typing import Any

from kivy.app import App
from kivy.properties import StringProperty
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.widget import Widget


class Stage(FloatLayout):
    """Holds the one screen on show. Unlike a ScreenManager, the swap is complete in the
    very next frame (no transition state with two screens drawn at once)."""

    current = StringProperty("")

    def present(self, screen: Widget, name: str) -> None:
        if screen.parent is not self:
            self.clear_widgets()
            self.add_widget(screen)
        self.current = name


class RootLayout(FloatLayout):
    """Sees every touch first, to keep the visit alive. It swallows a touch only where
    nothing is there to tap: the night's dark screen (the touch only wakes it) and the
    notice of an unset clock."""

    def on_touch_down(self, touch: Any) -> bool:
        app = App.get_running_app()
        if app.upkeep.swallow(touch):
            return True
        app.note_touch()
        return super().on_touch_down(touch)
