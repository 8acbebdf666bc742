"""The meaning audit: what a resident must understand from one look at a screen, checked
on every shot of `quartier-kiosk tour` (DESIGN.md §6, "Meaning is tested too").

    record.py   what tour.json records about a list or detail page (from the view objects)
    german.py   reading German screen text: facts, abbreviations, "morgen", row moments
    rules.py    the rules; audit(doc) → findings

`python -m kiosk.meaning DIR...` prints how often each rule fires on the tours in DIR.
Window-free: no Kivy, so the hub and the unit tests can use it.
"""

from kiosk.meaning.rules import RULE_NAMES, Finding, audit

__all__ = ["RULE_NAMES", "Finding", "audit"]
