"""Reading single form values the way staff type them: German dates and times, phone
numbers, amounts, web and e-mail addresses. Each reader returns the normalised value or
raises FieldError with the German message for the field."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import idna

from hub.messages import msg


class FieldError(ValueError):
    """A value cannot be read; the message is what staff see next to the field."""


@dataclass
class FormState:
    """Values as typed (strings and lists of strings) and errors by field name."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    def get(self, name: str, default: str = "") -> str:
        value = self.values.get(name, default)
        if isinstance(value, list):
            return value[0] if value else default
        return "" if value is None else str(value)

    def getlist(self, name: str) -> list[str]:
        value = self.values.get(name)
        if value is None or value == "":
            return []
        return [str(v) for v in value] if isinstance(value, list) else [str(value)]

    def error(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)

    @property
    def ok(self) -> bool:
        return not self.errors


def from_request(form: Any, list_fields: set[str] = frozenset(),  # type: ignore
                 multiline: set[str] = frozenset()) -> FormState:  # type: ignore
    """A FormState from request.form (a MultiDict): lists where a field may repeat.

    Control characters never get in: a field named in `multiline` keeps its line breaks
    (multi_line), every other field is one line (one_line). Passwords stay as typed.
    """
    values: dict[str, Any] = {}
    for name in form:
        clean = _cleaner(name, multiline)
        values[name] = [clean(v) for v in form.getlist(name)] if name in list_fields \
            else clean(form.get(name, ""))
    for name in list_fields:
        values.setdefault(name, [])
    return FormState(values)


def _cleaner(name: str, multiline: set[str]) -> Callable[[str], str]:
    if "password" in name:
        return str
    return multi_line if name in multiline else one_line


# C0 and C1 control characters, DEL, and the Unicode line and paragraph separators.
_CONTROL = r"\x00-\x1f\x7f-\x9f\u2028\u2029"
_LINE_BREAKS = re.compile(r"[^\S\n]*(?:\r\n|[\r\n\u2028\u2029])")
_CONTROL_RUN = re.compile(rf"\s*[{_CONTROL}]+\s*")
_NOT_IN_TEXT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def one_line(value: str) -> str:
    """A one-line field (title, name, address, ...): every line break, tab and other
    control character becomes one space. A line break in a title stopped publishing."""
    return _CONTROL_RUN.sub(" ", value or "").strip()


def multi_line(value: str) -> str:
    """A text field (summary, body, ...): line breaks become \\n, a tab a space, other
    control characters are dropped."""
    value = _LINE_BREAKS.sub("\n", (value or "").replace("\t", " "))
    return _NOT_IN_TEXT.sub("", value)


def text(value: str) -> str | None:
    value = (value or "").strip()
    return value or None


def limited(value: str, maximum: int) -> str | None:
    value = (value or "").strip()
    if len(value) > maximum:
        raise FieldError(msg("text_long", n=len(value), max=maximum))
    return value or None


_DATE_DE = re.compile(r"^(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{2}|\d{4})$")
_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(?:uhr)?$", re.IGNORECASE)


def parse_date(value: str) -> date | None:
    """ "24.12.2026", "24.12.26" or "2026-12-24" (a date input); empty: None."""
    value = (value or "").strip()
    if not value:
        return None
    match = _DATE_DE.match(value)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return date(year + 2000 if year < 100 else year, month, day)
        return date.fromisoformat(value)
    except ValueError as exc:
        raise FieldError(msg("date_invalid")) from exc


def parse_time(value: str) -> time | None:
    """ "14:30", "14.30", "9", "9 Uhr"; "24:00" is not a start time. Empty: None."""
    value = (value or "").strip()
    if not value:
        return None
    match = _TIME.match(value)
    if not match:
        raise FieldError(msg("time_invalid"))
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        raise FieldError(msg("time_invalid"))
    return time(hour, minute)


def parse_datetime_line(value: str) -> date | datetime:
    """One line of a date list: "07.01.2027" or "07.01.2027 10:00"."""
    value = value.strip()
    day_part, _, time_part = value.partition(" ")
    day = parse_date(day_part)
    if day is None:
        raise FieldError(msg("date_invalid"))
    clock = parse_time(time_part)
    return datetime.combine(day, clock) if clock else day


def parse_date_lines(value: str) -> list[date | datetime]:
    out = []
    for number, line in enumerate((value or "").splitlines(), 1):
        if not line.strip():
            continue
        try:
            out.append(parse_datetime_line(line))
        except FieldError as exc:
            raise FieldError(msg("date_lines_invalid", line=number, text=line.strip())) from exc
    return out


def date_line(value: date | datetime) -> str:
    """A date (with time) as staff type it: "07.01.2027" or "07.01.2027 10:00"."""
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    return value.strftime("%d.%m.%Y")


def parse_int(value: str, lo: int = 0, hi: int = 1_000_000) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    if not value.isdigit() or not lo <= int(value) <= hi:
        raise FieldError(msg("number_invalid"))
    return int(value)


def parse_decimal(value: str) -> float | None:
    """ "6,50", "6.50", "6,50 €"; empty: None."""
    value = (value or "").strip().removesuffix("€").strip().replace(",", ".")
    if not value:
        return None
    try:
        number = float(value)
    except ValueError as exc:
        raise FieldError(msg("euro_invalid")) from exc
    if number < 0 or number != number:
        raise FieldError(msg("euro_invalid"))
    return number


def number_text(value: float | int | None) -> str:
    """A number as staff type it: 6,5 → "6,50", 40 → "40", 48.7031 → "48,7031"."""
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    text = f"{value:.2f}" if abs(value) >= 1 and round(value, 2) == value else repr(value)
    return text.replace(".", ",")


_PHONE_CHARS = re.compile(r"^\+?[0-9 /().-]+$")


def normalise_phone(value: str) -> str | None:
    """A German phone number as the screens show it: area code, a space, the number.

    "069/90009-201", "(069) 90009 201", "+49 69 90009201" → "069 90009201". Without a
    separator after the area code the digits stay together.
    """
    value = (value or "").strip()
    if not value:
        return None
    if not _PHONE_CHARS.match(value):
        raise FieldError(msg("phone_invalid"))
    value = value.replace("(0)", " ")
    if value.startswith("00"):
        value = "+" + value[2:]
    international = value.startswith("+")
    groups = [g for g in re.split(r"[ /().-]+", value.lstrip("+")) if g]
    digits = "".join(groups)
    if not 5 <= len(digits) <= 15:
        raise FieldError(msg("phone_invalid"))
    if international:
        if not groups[0].startswith("49"):
            return "+" + " ".join([groups[0], "".join(groups[1:])]).strip()
        groups[0] = groups[0][2:]
        if not groups[0]:
            groups = groups[1:]
        groups[0] = "0" + groups[0]
    if len(groups) == 1:
        return groups[0]
    return f"{groups[0]} {''.join(groups[1:])}"


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def check_email(value: str) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    if not _EMAIL.match(value):
        raise FieldError(msg("email_invalid"))
    return value


WEB_MAX = 400
# Characters a web address never holds unencoded; "<", ">" and quotes end HTML attributes.
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_WEB_FORBIDDEN = re.compile(r"[\s<>\"'`\\\x00-\x1f\x7f-\x9f\u2028\u2029]")


def normalise_web(value: str) -> str | None:
    """A web address as the feed schema and every browser read it alike: http or https
    only, scheme and host in lower case, the host in IDNA (bücherei.de →
    xn--bcherei-...), no user name, nothing that could leave an HTML attribute.
    Without a scheme https:// is assumed: "www.gemeinde.de" → "https://www.gemeinde.de"."""
    value = (value or "").strip()
    if not value:
        return None
    if len(value) > WEB_MAX:
        raise FieldError(msg("web_long", n=len(value), max=WEB_MAX))
    if _WEB_FORBIDDEN.search(value):
        raise FieldError(msg("web_chars"))
    if not _SCHEME.match(value):
        value = "https://" + value
    scheme, sep, rest = value.partition("://")
    if not sep or scheme.lower() not in ("http", "https"):
        raise FieldError(msg("web_scheme"))
    parts = urlsplit(f"{scheme.lower()}://{rest}")
    try:
        port = parts.port
        host = idna.encode(parts.hostname or "", uts46=True).decode("ascii")
    except (ValueError, idna.IDNAError) as exc:
        raise FieldError(msg("web_invalid")) from exc
    if "@" in parts.netloc or "." not in host.strip(".") or host.endswith("."):
        raise FieldError(msg("web_invalid"))
    netloc = f"{host}:{port}" if port is not None else host
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def slugify(value: str, limit: int = 50) -> str:
    """ "Offener Mittagstisch!" → "offener-mittagstisch" (ä → ae, ß → ss)."""
    value = value.lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        value = value.replace(a, b)
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    value = re.sub(r"[^a-z0-9]+", "-", value).strip("-")
    return value[:limit].rstrip("-") or "eintrag"


def unique_slug(text: str, taken: Callable[[str], bool], limit: int = 50) -> str:
    """slugify(text), with "-2", "-3", … until `taken` says no."""
    base = slugify(text, limit)
    candidate, n = base, 2
    while taken(candidate):
        candidate, n = f"{base}-{n}", n + 1
    return candidate


SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")


def check_slug(value: str) -> str:
    value = (value or "").strip()
    if not SLUG.match(value):
        raise FieldError(msg("slug_invalid"))
    return value


def check_new_id_and_name(state: FormState, exists: Callable[[str], bool]) -> None:
    """The "id" and "name" fields of a new site or terminal: a free slug and a name."""
    try:
        if exists(check_slug(state.get("id"))):
            state.error("id", msg("slug_taken"))
    except FieldError as exc:
        state.error("id", str(exc))
    if not state.get("name").strip():
        state.error("name", msg("name_missing"))
