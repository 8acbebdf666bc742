"""Each terminal's traffic light, from its last heartbeat and what was published.

green  – in Ordnung; yellow – bitte ansehen; red – gestört. Every light comes with its
reasons in German words ("letzter Kontakt vor 3 Stunden", "zeigt einen älteren Stand",
"Uhr geht 5 Minuten vor", "wenig Speicher: 150 MB frei"). Thresholds are in the [fleet]
table of the settings. Colour is never the only signal: pages show the word too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from hub.wording import ago_words, amount_words, shows_words

WORDS = {"green": "in Ordnung", "yellow": "bitte ansehen", "red": "gestört"}
_RANK = {"green": 0, "yellow": 1, "red": 2}


@dataclass(frozen=True)
class Published:
    """What the terminal's site has published, for comparing versions."""

    version: int | None
    behind_since: datetime | None = None   # when the first newer version was published
    versions_behind: int = 0
    shown_label: str | None = None         # "Stand: 5. Dezember, 4:30 Uhr" of the older one


@dataclass
class Light:
    color: str = "green"
    reasons: list[tuple[str, str]] = field(default_factory=list)   # (color, words)

    @property
    def word(self) -> str:
        return WORDS[self.color]

    def add(self, color: str, words: str) -> None:
        self.reasons.append((color, words))
        if _RANK[color] > _RANK[self.color]:
            self.color = color


def evaluate(terminal: dict, published: Published, now: datetime, rules: dict) -> Light:
    """The traffic light of one terminal (a row of the terminals table)."""
    light = Light()
    beat = terminal.get("last_heartbeat")
    seen = terminal.get("last_seen_at")
    if not beat or not seen:
        created = datetime.fromisoformat(terminal["created_at"])
        if now - created < timedelta(hours=rules["new_grace_h"]):
            light.add("yellow", "hat sich seit der Anmeldung noch nicht gemeldet")
        else:
            light.add("red", "hat sich noch nie gemeldet")
        return light
    _contact(light, datetime.fromisoformat(seen), now, rules)
    if beat.get("site") and beat["site"] != terminal["site_id"]:
        light.add("red", f"meldet sich für den Standort „{beat['site']}“ statt "
                         f"„{terminal['site_id']}“ – kiosk.toml prüfen")
    _version(light, beat.get("feed_version"), published, now, rules)
    last_sync = beat.get("last_sync") or {}
    if last_sync.get("ok") is False:
        error = last_sync.get("error") or "ohne Angabe"
        # The terminal's reason is written for technicians (English); say so.
        light.add("yellow", f"letzte Synchronisierung fehlgeschlagen (technische Meldung: "
                            f"{error})")
    _clock(light, beat.get("clock_skew_s"), rules)
    _disk(light, beat.get("disk_free_mb"), rules)
    _speech(light, beat.get("kiosk"))
    _screen(light, beat.get("kiosk"), datetime.fromisoformat(seen), now, rules)
    if light.color == "green":
        light.reasons.insert(0, ("green", f"alles in Ordnung – letzter Kontakt "
                                          f"{ago_words(seen, now)}"))
    return light


def _contact(light: Light, seen: datetime, now: datetime, rules: dict) -> None:
    age = now - seen
    if age > timedelta(minutes=rules["contact_alarm_min"]):
        light.add("red", f"letzter Kontakt {ago_words(seen, now)}")
    elif age > timedelta(minutes=rules["contact_warn_min"]):
        light.add("yellow", f"letzter Kontakt {ago_words(seen, now)}")


def _version(light: Light, version: int | None, published: Published, now: datetime,
             rules: dict) -> None:
    if version is None:
        light.add("red", "hat noch keine Inhalte geladen")
        return
    if published.version is None or version == published.version:
        return
    if version > published.version:
        light.add("yellow", "zeigt einen neueren Stand als den veröffentlichten – "
                            "hängt es an einem anderen Hub?")
        return
    # Version numbers are publishing times in seconds: words, not numbers, for staff.
    behind = "zeigt einen älteren Stand"
    if published.shown_label:
        behind = shows_words(published.shown_label)
    if published.versions_behind:
        count = published.versions_behind
        behind += f" ({count} Veröffentlichung{'en' if count > 1 else ''} zurück)"
    since = published.behind_since
    lag = now - since if since else timedelta(0)
    if since:
        behind += f", neuer Stand seit {amount_words(lag.total_seconds(), dative=True)}"
    if lag > timedelta(minutes=rules["behind_alarm_min"]):
        light.add("red", behind)
    elif lag > timedelta(minutes=rules["behind_warn_min"]):
        light.add("yellow", behind)


def _speech(light: Light, kiosk: object) -> None:
    # The kiosk app reports whether it can read aloud (an extension of the heartbeat); a
    # terminal without sound still shows everything, so it is yellow, not red.
    speech = kiosk.get("speech") if isinstance(kiosk, dict) else None
    if isinstance(speech, dict) and speech.get("available") is False:
        light.add("yellow", f"Vorlesen geht nicht: {speech.get('text') or 'ohne Angabe'}")


def _screen(light: Light, kiosk: object, seen: datetime, now: datetime,
            rules: dict) -> None:
    # The kiosk app's own report (kiosk.liveness, kiosk.upkeep), carried by the sync
    # daemon's heartbeat: sync may beat on while the screen is black.
    if not isinstance(kiosk, dict):
        return
    age = kiosk.get("frame_age_s")
    if isinstance(age, int | float) and age > rules["frame_alarm_s"]:
        since = age + max(0.0, (now - seen).total_seconds())
        light.add("red", f"Bildschirm zeigt seit {amount_words(since, dative=True)} "
                         "nichts mehr")
    clock = kiosk.get("clock")
    if isinstance(clock, dict) and clock.get("ok") is False:
        light.add("red", f"Uhr nicht gestellt: der Bildschirm zeigt „Die Uhrzeit wird gerade "
                         f"gestellt“ statt der Termine ({clock.get('text') or 'ohne Angabe'})")
    geometry = kiosk.get("geometry")
    if isinstance(geometry, dict) and geometry.get("ok") is False:
        light.add("yellow", f"Bildschirmgröße passt nicht zur kiosk.toml: "
                            f"{geometry.get('text') or 'ohne Angabe'}")


def _clock(light: Light, skew: float | None, rules: dict) -> None:
    if skew is None or abs(skew) <= rules["skew_warn_s"]:
        return
    words = f"Uhr geht {amount_words(skew)} {'vor' if skew > 0 else 'nach'}"
    light.add("red" if abs(skew) > rules["skew_alarm_s"] else "yellow", words)


def _disk(light: Light, free_mb: int | None, rules: dict) -> None:
    if free_mb is None or free_mb >= rules["disk_warn_mb"]:
        return
    light.add("red" if free_mb < rules["disk_alarm_mb"] else "yellow",
              f"wenig Speicher: {free_mb} MB frei")
