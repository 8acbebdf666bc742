"""Shared by the QR tests: the demo "now" and strict readers for iCalendar and vCard payloads."""

from __future__ import annotations

import re

from icalendar import Calendar

from tests.helpers import berlin

DEMO_NOW = berlin(2026, 12, 1, 9)  # Tuesday, one hour after the demo feed was published


def _event(payload: str):
    calendar = Calendar.from_ical(payload)
    (event,) = calendar.walk("VEVENT")
    return event


def _unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)


def parse_vcard(payload: str) -> dict[str, list[tuple[list[str], str]]]:
    """A strict vCard 3.0 reader: CRLF lines, folding, required properties, escapes."""
    assert payload.endswith("\r\n"), "every content line ends with CRLF"
    assert "\n" not in payload.replace("\r\n", "") and "\r" not in payload.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in payload.split("\r\n"))
    lines = payload.replace("\r\n ", "").split("\r\n")[:-1]  # unfold (RFC 2425 5.8.1)
    assert lines[0] == "BEGIN:VCARD" and lines[-1] == "END:VCARD"
    props: dict[str, list[tuple[list[str], str]]] = {}
    for line in lines[1:-1]:
        head, sep, value = line.partition(":")
        assert sep, f"no ':' in {line!r}"
        name, *params = head.split(";")
        assert re.fullmatch(r"[A-Z][A-Z-]*", name), name
        assert all(re.fullmatch(r"[A-Z]+=[A-Z,]+", p) for p in params), params
        assert re.search(r"(?<!\\)[,;]", value) is None or name in ("N", "ORG"), line
        props.setdefault(name, []).append((params, value))
    assert props["VERSION"] == [([], "3.0")]
    assert len(props["FN"]) == 1 and len(props["N"]) == 1
    assert len(re.split(r"(?<!\\);", props["N"][0][1])) == 5
    return props


def _value(props: dict, name: str) -> str:
    return _unescape(props[name][0][1])
