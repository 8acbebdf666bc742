"""The place form: address, stop, position and measured accessibility facts with the day
they were checked ("geprüft am"). Facts, not verdicts: the terminal words them."""

from __future__ import annotations

from datetime import date
from typing import Any

from hub.forms.fields import (
    FieldError,
    FormState,
    limited,
    number_text,
    parse_date,
    parse_decimal,
    parse_int,
)
from hub.messages import msg

FACTS = {"step_free": "Stufenloser Eingang", "elevator": "Aufzug",
         "accessible_wc": "Rollstuhlgerechtes WC", "hearing_loop": "Induktionsschleife "
         "(Hörschleife)", "parking": "Behindertenparkplatz"}
YES_NO = [("ja", "ja"), ("nein", "nein"), ("", "nicht geprüft")]
TEXTS = {"address": 200, "room": 120, "floor": 60, "stop": 120}
MULTILINE = {"access_note"}


def values_from_place(place: dict | None) -> dict[str, Any]:
    place = place or {}
    access = place.get("access") or {}
    geo = place.get("geo") or {}
    values: dict[str, Any] = {"name": place.get("name", "")}
    for key in TEXTS:
        values[key] = place.get(key) or ""
    values["lat"] = number_text(geo.get("lat"))
    values["lon"] = number_text(geo.get("lon"))
    for key in FACTS:
        value = access.get(key)
        values[key] = "" if value is None else ("ja" if value else "nein")
    values["ramp_percent"] = number_text(access.get("ramp_percent"))
    values["door_width_cm"] = "" if access.get("door_width_cm") is None \
        else str(access["door_width_cm"])
    values["surface"] = access.get("surface") or ""
    values["access_note"] = access.get("note") or ""
    values["checked_on"] = access.get("checked_on") or ""
    return values


def parse(state: FormState, today: date) -> dict | None:
    """The feed's place object (without id) or None; errors go into `state`."""
    place: dict[str, Any] = {}
    name = state.get("name").strip()
    if not name:
        state.error("name", msg("name_missing"))
    place["name"] = name[:200]
    for key, maximum in TEXTS.items():
        try:
            place[key] = limited(state.get(key), maximum)
        except FieldError as exc:
            state.error(key, str(exc))
    place["geo"] = _geo(state)
    access = _access(state, today)
    place["access"] = access or None
    if not state.ok:
        return None
    return {k: v for k, v in place.items() if v is not None}


def _geo(state: FormState) -> dict | None:
    lat_text, lon_text = state.get("lat"), state.get("lon")
    if not lat_text.strip() and not lon_text.strip():
        return None
    try:
        lat = parse_decimal(lat_text.replace("-", "")) if lat_text.strip() else None
        lon = parse_decimal(lon_text.replace("-", "")) if lon_text.strip() else None
    except FieldError:
        lat = lon = None
    if lat is None or lon is None or lat > 90 or lon > 180:
        state.error("lat", msg("geo_invalid"))
        return None
    sign_lat = -1 if lat_text.strip().startswith("-") else 1
    sign_lon = -1 if lon_text.strip().startswith("-") else 1
    return {"lat": sign_lat * lat, "lon": sign_lon * lon}


def _access(state: FormState, today: date) -> dict:
    access: dict[str, Any] = {}
    for key in FACTS:
        value = state.get(key)
        if value in ("ja", "nein"):
            access[key] = value == "ja"
    try:
        ramp = parse_decimal(state.get("ramp_percent").removesuffix("%"))
        if ramp is not None and ramp > 100:
            raise FieldError(msg("ramp_invalid"))
        if ramp is not None:
            access["ramp_percent"] = ramp
    except FieldError:
        state.error("ramp_percent", msg("ramp_invalid"))
    try:
        door = parse_int(state.get("door_width_cm").removesuffix("cm").strip(), 30, 400)
        if door is not None:
            access["door_width_cm"] = door
    except FieldError:
        state.error("door_width_cm", msg("door_invalid"))
    for key, name in (("surface", "surface"), ("note", "access_note")):
        try:
            value = limited(state.get(name), 120 if key == "surface" else 400)
        except FieldError as exc:
            state.error(name, str(exc))
            continue
        if value:
            access[key] = value
    try:
        checked = parse_date(state.get("checked_on"))
    except FieldError as exc:
        state.error("checked_on", str(exc))
        return access
    if checked and checked > today:
        state.error("checked_on", msg("checked_future"))
    elif access and checked is None:
        state.error("checked_on", msg("checked_missing"))
    if checked:
        access["checked_on"] = checked.isoformat()
    return access
