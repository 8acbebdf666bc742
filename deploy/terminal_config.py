#!/usr/bin/env python3
"""The installer's helper for /etc/quartier-kiosk/kiosk.toml (deploy/install-terminal.sh).

Runs with the system's python3 before the app is installed, so it uses the standard
library only (tomllib reads; writing is a careful line edit, checked by reading back).

    terminal_config.py check-enrolment FILE       are these the hub's enrolment lines?
    terminal_config.py merge --base FILE [--enrol FILE] [--text KEY=VALUE]... [--item KEY=VALUE]...
        print FILE with the enrolment lines and the settings put in (comments, order and
        every other line kept); a result that does not read back exactly is refused.
        --text sets a string, --item adds to a list (the given items replace the list)
    terminal_config.py get FILE KEY               one value (a list: one item per line)
    terminal_config.py video FILE                 the kernel's video= token for [screen]
    terminal_config.py ntp FILE                   [clock] ntp as one line for timesyncd
    terminal_config.py audio-device --aplay FILE --cards FILE [--output HDMI-A-1]
        the ALSA device for speech, chosen from `aplay -L` and /proc/asound/cards

Exit codes: 0 done, 2 bad input (a German message names the file, line or key).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tomllib
from pathlib import Path
from typing import Any

# What the hub's enrolment page shows (hub/views/terminals.py, kiosk_lines).
ENROLMENT = {"terminal": ("site", "id", "token"), "sync": ("feed_url", "public_keys"),
             "hub": ("url",)}
# ... and what it shows when the hub knows it: where releases are, the release keys.
OPTIONAL = {"update": ("url", "release_keys")}
PLACEHOLDER = "BITTE-AUS-DEM-HUB-EINTRAGEN"
_HEADER = re.compile(r"^\s*\[([A-Za-z0-9_-]+)\]\s*(#.*)?$")
_ANY_HEADER = re.compile(r"^\s*\[")
_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")


class Refused(Exception):
    """Bad input; the message (German) says what and where."""


def read_toml(text: str, where: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise Refused(f"{where}: kein gültiges TOML ({exc})") from exc


def check_enrolment(text: str, where: str) -> dict[str, dict[str, Any]]:
    """The enrolment lines as tables; refuse anything that is not what the hub shows."""
    data = read_toml(text, where)
    for table, value in data.items():
        if table not in ENROLMENT | OPTIONAL or not isinstance(value, dict) or (
                table in OPTIONAL and not set(value) <= set(OPTIONAL[table])):
            raise Refused(f"{where}: unerwarteter Abschnitt [{table}] – bitte genau die "
                          f"Zeilen von der Hub-Seite „Zeilen für die kiosk.toml“ einfügen")
    for table, keys in ENROLMENT.items():
        for key in keys:
            value = data.get(table, {}).get(key)
            if key == "public_keys":
                ok = isinstance(value, list) and value and all(
                    isinstance(v, str) and v and PLACEHOLDER not in v for v in value)
            else:
                ok = isinstance(value, str) and value.strip() and PLACEHOLDER not in value
            if not ok:
                raise Refused(f"{where}: [{table}] {key} fehlt oder ist leer – die Zeilen "
                              f"von der Hub-Seite bitte vollständig einfügen")
    return data


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise Refused(f"Wert {value!r} kann nicht in die kiosk.toml geschrieben werden")


def _value_end(lines: list[str], start: int) -> int:
    """Index after the last line of the value that starts on line `start` (arrays may
    span lines)."""
    depth, end = 0, start
    for end in range(start, len(lines)):
        text = lines[end].split("#", 1)[0] if end > start else \
            lines[end].split("=", 1)[1].split("#", 1)[0]
        depth += text.count("[") - text.count("]")
        if depth <= 0:
            break
    return end + 1


def set_key(lines: list[str], table: str, key: str, value: Any) -> list[str]:
    """The lines with `key = value` in `[table]`: replaced where it is, else added after
    the table's last key, else a new table at the end."""
    line = f"{key} = {toml_value(value)}"
    current, insert_at, index = None, None, 0
    while index < len(lines):
        text = lines[index]
        header = _HEADER.match(text)
        if header or _ANY_HEADER.match(text):
            current = header.group(1) if header else None
            if current == table:
                insert_at = index + 1
            index += 1
            continue
        assignment = _KEY.match(text)
        if assignment is None:
            index += 1
            continue
        end = _value_end(lines, index)
        if current == table:
            if assignment.group(1) == key:
                return lines[:index] + [line] + lines[end:]
            insert_at = end
        index = end
    if insert_at is None:
        tail = [""] if lines and lines[-1].strip() else []
        return lines + tail + [f"[{table}]", line]
    return lines[:insert_at] + [line] + lines[insert_at:]


def _lookup(data: dict, dotted: str) -> Any:
    table, key = dotted.split(".", 1)
    return data.get(table, {}).get(key)


def merge(base: str, where: str, settings: dict[str, Any]) -> str:
    """`base` with every "table.key" of `settings` set; refused unless it reads back with
    exactly those values and everything else unchanged."""
    before = read_toml(base, where)
    lines = base.splitlines()
    for dotted, value in settings.items():
        table, key = dotted.split(".", 1)
        lines = set_key(lines, table, key, value)
    text = "\n".join(lines) + "\n"
    try:
        after = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        after = None
    expected = json.loads(json.dumps(before))
    for dotted, value in settings.items():
        table, key = dotted.split(".", 1)
        expected.setdefault(table, {})[key] = value
    if after != expected:
        raise Refused(f"{where}: die Zeilen ließen sich nicht sicher eintragen (ungewöhnliche "
                      f"Schreibweise?). Die Datei bleibt unverändert; bitte von Hand "
                      f"eintragen: {', '.join(settings)}")
    return text


def video_token(data: dict) -> str:
    """`video=HDMI-A-1:1920x1080@60D` from [screen]: `video_mode` if set, else width_px x
    height_px at 60 Hz (the panel's own orientation: a turned panel gets its native mode,
    wider than high). "D" switches the output on even when the panel is still off."""
    screen = data.get("screen", {})
    output = screen.get("output") or "HDMI-A-1"
    mode = screen.get("video_mode") or ""
    if not mode:
        width, height = int(screen.get("width_px", 1920)), int(screen.get("height_px", 1080))
        if screen.get("rotation") in (90, 270):
            width, height = height, width
        mode = f"{width}x{height}@60"
    if not re.fullmatch(r"\d{3,5}x\d{3,5}(@\d{2,3})?", mode):
        raise Refused(f"[screen] video_mode = {mode!r}: erwartet z. B. \"1920x1080@60\"")
    if not re.fullmatch(r"[A-Za-z]+(-[A-Za-z])?-\d", output):
        raise Refused(f"[screen] output = {output!r}: erwartet z. B. \"HDMI-A-1\"")
    return f"video={output}:{mode}D"


def parse_cards(text: str) -> dict[str, str]:
    """/proc/asound/cards → {card id: driver}, e.g. {"vc4hdmi0": "vc4-hdmi"}."""
    cards = {}
    for match in re.finditer(r"^\s*\d+\s+\[(\S+)\s*\]:\s+(\S+)", text, re.MULTILINE):
        cards[match.group(1)] = match.group(2)
    return cards


def choose_audio_device(aplay_l: str, cards_text: str,
                        output: str = "HDMI-A-1") -> tuple[str, list[str]]:
    """The device for speech and the reasons (German). A USB speaker wins (someone plugged
    it in for this); else the HDMI port of the panel, through the card's `default` PCM
    (vc4-hdmi takes only IEC958 frames, which `plughw:` cannot make); else the first other
    card; else ALSA's "default"."""
    cards = parse_cards(cards_text)
    listed = set(re.findall(r"^\w+:CARD=([^,\s]+)", aplay_l, re.MULTILINE))
    present = [c for c in cards if c in listed] or sorted(listed)
    usb = [c for c in present if cards.get(c) == "USB-Audio"]
    if usb:
        reasons = [f"USB-Lautsprecher „{usb[0]}“ gefunden"]
        if len(usb) > 1:
            reasons.append(f"mehrere USB-Geräte ({', '.join(usb)}); das erste wird benutzt")
        return f"plughw:CARD={usb[0]},DEV=0", reasons
    number = output.rsplit("-", 1)[-1]
    hdmi = f"vc4hdmi{int(number) - 1}" if number.isdigit() else ""
    if hdmi in present:
        return f"default:CARD={hdmi}", [f"Ton über HDMI zum Bildschirm ({output})"]
    others = [c for c in present if not c.startswith("vc4hdmi")]
    if others:
        return f"plughw:CARD={others[0]},DEV=0", [f"Soundkarte „{others[0]}“"]
    return "default", ["keine Soundkarte gefunden – bitte Lautsprecher anschließen und "
                       "mit --audio-device angeben"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="terminal_config.py")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check-enrolment")
    check.add_argument("file", type=Path)
    merge_cmd = commands.add_parser("merge")
    merge_cmd.add_argument("--base", type=Path, required=True)
    merge_cmd.add_argument("--enrol", type=Path)
    merge_cmd.add_argument("--text", action="append", default=[], metavar="KEY=VALUE")
    merge_cmd.add_argument("--item", action="append", default=[], metavar="KEY=VALUE")
    get = commands.add_parser("get")
    get.add_argument("file", type=Path)
    get.add_argument("key")
    for name in ("video", "ntp"):
        commands.add_parser(name).add_argument("file", type=Path)
    audio = commands.add_parser("audio-device")
    audio.add_argument("--aplay", type=Path, required=True)
    audio.add_argument("--cards", type=Path, required=True)
    audio.add_argument("--output", default="HDMI-A-1")
    return parser


def _read(path: Path) -> str:
    try:
        return path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise Refused(f"{path}: nicht lesbar ({exc})") from exc


def _settings(texts: list[str], items: list[str]) -> dict[str, Any]:
    settings: dict[str, Any] = {}
    for option, pairs in (("--text", texts), ("--item", items)):
        for pair in pairs:
            key, _, value = pair.partition("=")
            if "." not in key:
                raise Refused(f"{option} {pair}: erwartet Abschnitt.Schlüssel=Wert")
            if option == "--text":
                settings[key] = value
            else:
                settings.setdefault(key, []).append(value)
    return settings


def ntp_servers(data: dict) -> str:
    """[clock] ntp as "a b" for timesyncd's NTP= line; only host names and addresses."""
    servers = data.get("clock", {}).get("ntp", [])
    if not isinstance(servers, list):
        raise Refused("[clock] ntp: erwartet eine Liste, z. B. [\"ntp.kommune.example\"]")
    for server in servers:
        if not isinstance(server, str) or not re.fullmatch(r"[A-Za-z0-9.:-]{1,253}", server):
            raise Refused(f"[clock] ntp: {server!r} ist kein Rechnername")
    return " ".join(servers)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "check-enrolment":
            check_enrolment(_read(args.file), str(args.file))
        elif args.command == "merge":
            settings = {}
            if args.enrol:
                for table, values in check_enrolment(_read(args.enrol),
                                                     str(args.enrol)).items():
                    settings.update({f"{table}.{k}": v for k, v in values.items()})
            settings.update(_settings(args.text, args.item))
            sys.stdout.write(merge(_read(args.base), str(args.base), settings))
        elif args.command == "get":
            value = _lookup(read_toml(_read(args.file), str(args.file)), args.key)
            for item in value if isinstance(value, list) else [] if value is None else [value]:
                print(item)
        elif args.command == "video":
            print(video_token(read_toml(_read(args.file), str(args.file))))
        elif args.command == "ntp":
            print(ntp_servers(read_toml(_read(args.file), str(args.file))))
        else:
            device, reasons = choose_audio_device(_read(args.aplay), _read(args.cards),
                                                  args.output)
            print(f"Tonausgabe: {device} ({'; '.join(reasons)})", file=sys.stderr)
            print(device)
    except Refused as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
