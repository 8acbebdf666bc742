"""Keeping facts whole on screen: non-breaking spaces where a line must not break.

Kivy's labels (and kiosk.layout.wrap) break lines only at U+0020; a no-break space
(U+00A0) is drawn as wide as a space and never broken (checked in
tests/screens/gui/test_app.py). So "16:00 bis 17:30 Uhr", "1. Obergeschoss", "120 m",
"10. Dezember", "6,50 €" and "069 90009 202" each stay on one line, while a line may still
break after a comma ("Donnerstag, | 10. Dezember, | 16:00 bis 17:30 Uhr").
"""

from __future__ import annotations

NBSP = "\u00a0"
DASHES = ("–", "—", "-")
# What never ends a page or column: the fact goes on after it ("16:00 bis").
DANGLING = {"bis", "von", "ab", *DASHES}
# What never starts a page or column, nor a line after a number: it belongs to the
# number before ("120 | m", "16:00 | bis 17:30 Uhr").
UNITS = {"Uhr", "m", "km", "cm", "mm", "€", "%", "Euro", "Cent", "Minuten", "Minute",
         "Stunden", "Stunde", "Meter", "Kilometer", "Zentimeter", "Prozent", "Plätze",
         "Platz", "Jahre", "Jahren", "Personen", "Termine", "bis"}
# Words before a number that may end a line: the number itself stays whole.
_LOOSE_BEFORE = {"Telefon"}
# Phrases read as one word.
_PHRASES = {("fällt", "aus")}


def _digit(word: str) -> bool:
    return any(c.isdigit() for c in word)


def _bind(left: str, right: str) -> bool:
    left, right = left.split(NBSP)[-1], right.split(NBSP)[0]   # words already held
    # After a comma or colon, and before a parenthesis ("069 90009 203 (dienstags, …)"),
    # a line may break: what follows is a fact of its own.
    if not left or not right or left[-1] in ",;:" or left in _LOOSE_BEFORE or \
            right[0] == "(":
        return False
    if (left, right.rstrip(".,;:)")) in _PHRASES:
        return True
    return _digit(left) or _digit(right)


def keep_together(text: str) -> str:
    """`text` with no-break spaces inside its facts: every space next to a number (unless
    after a comma, semicolon or colon) and inside "fällt aus"."""
    out = []
    for line in text.split("\n"):
        words = line.split(" ")
        joined = words[0]
        for left, right in zip(words, words[1:], strict=False):
            joined += (NBSP if _bind(left, right) else " ") + right
        out.append(joined)
    return "\n".join(out)


def plain_spaces(text: str) -> str:
    """The text with ordinary spaces again (for speech and comparisons)."""
    return text.replace(NBSP, " ")


def words(text: str) -> list[str]:
    """Words as a reader sees them: a no-break space separates words too."""
    return plain_spaces(text).split()


def dangling_end(text: str) -> str:
    """The word a page or column may not end with ("16:00 bis", "–"), or ""."""
    found = words(text)
    return found[-1] if found and found[-1] in DANGLING else ""


def orphan_start(text: str) -> str:
    """The word a page or column may not start with: a unit or "bis" left over from the
    one before, or ""."""
    found = words(text)
    return found[0] if found and found[0] in UNITS else ""


def loosen_once(group: str) -> str:
    """A too-wide group of words held by no-break spaces, with its weakest holds let go:
    between a word and the number after it, except after "bis", "von", "ab"; and before
    a parenthesis ("069 90009 203 | (erreichbar …"), which starts a phrase of its own."""
    parts = group.split(NBSP)
    out = parts[0]
    for left, right in zip(parts, parts[1:], strict=False):
        weak = (not _digit(left) and _digit(right) and left not in DANGLING) \
            or right.startswith("(")
        out += (" " if weak else NBSP) + right
    return out
