"""Cutting German text into sentences, the unit of synthesis, caching and playback.

A sentence is the smallest piece that still sounds natural on its own, and the first
one can play while the rest is synthesized. A wrong cut inside "am 8. Dezember" makes
the voice drop and pause mid-phrase, while a missed cut only makes a piece longer, so
every doubtful full stop is kept inside the sentence.

The same text must always be cut the same way: the cache is keyed by sentence, and the
pre-rendered pieces of a whole entry are found again in the speech of each of its pages.
"""

from __future__ import annotations

import re

# Abbreviations that end with a full stop but not a sentence (lower case, without the
# stop). Single letters ("z. B.", "u. a.", initials) are handled by a rule of their own.
_ABBREVIATION_WORDS = """
    abs abt allg bzgl bzw ca chr dipl dr ehem etc ev evtl fa fam frl geb gem ggf ggü hbf
    hl hr hrsg inkl jh jhd kath max mind mio min mrd nr pers pfr pl prof sog std str tel
    tsd usw vgl vors zb zzgl
    mo di mi do fr sa so
    jan feb mär apr jun jul aug sep sept okt nov dez
"""
ABBREVIATIONS = frozenset(_ABBREVIATION_WORDS.split())

# Short numbers before a full stop are ordinals ("8. Dezember", "1. OG", "3. Advent");
# four digits and more are years or amounts, which do end sentences.
_ORDINAL_MAX_DIGITS = 3
_TERMINATOR = re.compile(r"([.!?…]+)([“”\"»«)\]’']*)(\s+)(?=\S)")
_WORD_BEFORE = re.compile(r"(\w+)$")
_OPENERS = "„\"»«(‚'"
_SOFT_BREAKS = ("; ", ": ", " – ", ", ")
MAX_CHARS = 220
MIN_PIECE = 40


def split_sentences(text: str, max_chars: int = MAX_CHARS) -> list[str]:
    """Cut `text` into sentences; pieces longer than `max_chars` are cut at commas."""
    out: list[str] = []
    for paragraph in text.splitlines():
        for sentence in _sentences(paragraph):
            out += _chunks(sentence, max_chars)
    return out


def _sentences(paragraph: str) -> list[str]:
    pieces, start = [], 0
    for match in _TERMINATOR.finditer(paragraph):
        if _ends_sentence(paragraph, match):
            pieces.append(paragraph[start:match.start(3)].strip())
            start = match.end()
    pieces.append(paragraph[start:].strip())
    return [p for p in pieces if p]


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    following = text[match.end()]
    opens = following.isupper() or following.isdigit() or following in _OPENERS
    if match[1] != ".":
        return opens  # "!", "?", "…", "..." end a sentence unless the text runs on
    word = _WORD_BEFORE.search(text, 0, match.start())
    if word is None:
        return opens
    token = word[1]
    if token.isdigit():
        return len(token) > _ORDINAL_MAX_DIGITS
    lower = token.lower()
    # "Hauptstr. 5": the abbreviation is the end of a longer word.
    if len(token) == 1 or lower in ABBREVIATIONS or lower.endswith("str"):
        return False
    # After a real word a full stop ends the sentence even before a small letter (a
    # screen line may start with one: "rollstuhlgerechtes WC"); after an unknown short
    # token only a capital, a digit or a quote shows that a new sentence begins.
    return opens or len(token) >= 3


def _chunks(sentence: str, max_chars: int) -> list[str]:
    """Cut an over-long sentence at its last soft break before `max_chars`, so the first
    piece of an uncached text does not wait for a whole paragraph to be synthesized."""
    out = []
    while len(sentence) > max_chars:
        cut = _soft_break(sentence, max_chars)
        if cut is None:
            break
        out.append(sentence[:cut].strip())
        sentence = sentence[cut:].strip()
    out.append(sentence)
    return out


def _soft_break(sentence: str, max_chars: int) -> int | None:
    for mark in _SOFT_BREAKS:
        at = sentence.rfind(mark, MIN_PIECE, max_chars)
        if at != -1 and len(sentence) - at > MIN_PIECE // 2:
            return at + len(mark.rstrip())
    at = sentence.rfind(" ", MIN_PIECE, max_chars)
    return at if at != -1 else None
