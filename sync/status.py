"""quartier-sync status: what a technician needs to know about this terminal's content.

Reads the state file (sync.state) and the database (read-only) and writes nothing.
The text is German (staff read it); `--json` gives the same facts for scripts.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sync import errors, kiosk_status
from sync.config import Config
from sync.state import load_state, state_path

RESULT_WORDS = {"updated": "aktualisiert", "unchanged": "bereits aktuell",
                "not_modified": "nicht geändert (aktuell)", "failed": "FEHLGESCHLAGEN"}
# For a state file written before errors carried German words (the kind was there).
KIND_WORDS = {cls.kind: cls.german for cls in (
    errors.SyncError, errors.FetchError, errors.TooLargeError, errors.FeedError,
    errors.SignatureError, errors.StaleVersionError, errors.AssetError, errors.StoreError,
    errors.ConfigError, errors.BusyError)}


def report(config: Config) -> dict[str, Any]:
    """Collect the sync state and the applied content into one JSON-ready dict."""
    state = load_state(config.data_dir)
    content = _content(config.db_path)
    return {
        "terminal": config.terminal.id, "site": config.terminal.site,
        "feed_url": config.sync.feed_url, "state_file": str(state_path(config.data_dir)),
        "database": str(config.db_path), "content": content, **state,
        "kiosk": kiosk_status.read(config.data_dir),
    }


def _content(db_path: Path) -> dict[str, Any] | None:
    if not db_path.exists():
        return None
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT site, version, generated_at, expires_at, applied_at, "
                               "changed_at FROM feed WHERE id = 1").fetchone()
            count = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return {"error": str(exc)}
    if row is None:
        return None
    keys = ("site", "version", "generated_at", "expires_at", "applied_at", "changed_at")
    return {**dict(zip(keys, row, strict=True)), "entries": count}


def text(rep: dict[str, Any], tz: ZoneInfo) -> str:
    """The report in German, one fact per line."""
    def when(iso: str | None) -> str:
        if not iso:
            return "noch nie"
        moment = datetime.fromisoformat(iso).astimezone(tz)
        return f"{moment:%d.%m.%Y, %H:%M} Uhr"

    lines = [f"Terminal {rep['terminal'] or '(ohne Kennung)'}, Standort "
             f"{rep['site'] or '(nicht eingestellt)'}",
             f"Feed:              {rep['feed_url'] or '(nicht eingestellt)'}"]
    content = rep["content"]
    if content and "error" in content:  # the English reason is in --json
        lines.append("Inhalt:            Datenbank nicht lesbar (beschädigt oder gesperrt)")
    elif content:
        count = content["entries"]
        lines.append(f"Inhalt:            Version {content['version']} vom "
                     f"{when(content['generated_at'])}, {count} "
                     + ("Eintrag" if count == 1 else "Einträge"))
        lines.append(f"Gültig bis:        {when(content['expires_at'])}"
                     + ("  – ABGELAUFEN, bitte die Redaktion informieren"
                        if rep.get("expired") else ""))
    else:
        lines.append("Inhalt:            noch keiner (noch nie erfolgreich synchronisiert)")
    result = RESULT_WORDS.get(rep.get("last_result") or "", "–")
    lines.append(f"Letzte Prüfung:    {when(rep.get('last_attempt'))} – {result}")
    lines.append(f"Letzter Erfolg:    {when(rep.get('last_success'))}")
    error = rep.get("last_error")
    if error:
        words = error.get("german") or KIND_WORDS.get(error.get("kind"),
                                                     errors.SyncError.german)
        lines.append(f"Letzter Fehler:    {when(error['at'])} – {words}")
        if rep.get("consecutive_failures"):
            lines.append(f"                   ({rep['consecutive_failures']}-mal in Folge; "
                         "der bisherige Inhalt bleibt sichtbar)")
    lines.append(f"Uhr:               {_clock_words(rep)}")
    kiosk = rep.get("kiosk") or {}
    speech = kiosk.get("speech") or {}
    speech_words = speech.get("text") or "unbekannt (die Anzeige lief noch nicht)"
    lines.append(f"Vorlesen:          {speech_words}")
    lines += _screen_lines(kiosk)
    lines.append(f"Empfangen:         {rep.get('bytes_received', 0)} Bytes bei der letzten "
                 f"Prüfung, {rep.get('bytes_received_total', 0)} insgesamt")
    return "\n".join(lines)


def _screen_lines(kiosk: dict[str, Any]) -> list[str]:
    """What the kiosk app last said about its screen (kiosk.liveness, kiosk.upkeep)."""
    seen = kiosk_status.for_heartbeat(kiosk, uptime_s=None) or {}
    if "frame_at" not in seen:
        return []
    age = seen.get("frame_age_s")
    when = "vor einem früheren Neustart" if age is None else f"vor {age:.0f} s"
    lines = [f"Bildschirm:        zeigt „{kiosk.get('route') or '?'}“, letztes Bild {when}"]
    for key, label in (("geometry", "Bildgröße:         "), ("clock", "Uhr (Anzeige):     "),
                       ("display", "Zeitplan:          ")):
        part = seen.get(key)
        if isinstance(part, dict) and part.get("text"):
            lines.append(f"{label}{part['text']}")
    return lines


def _clock_words(rep: dict[str, Any]) -> str:
    skew = rep.get("clock_skew_s")
    if skew is None and rep.get("clock_ok") is None:
        return "noch nicht geprüft"
    where = f"weicht {skew:+.0f} s von der Serverzeit ab" if skew is not None else \
        "keine Serverzeit erhalten"
    if rep.get("clock_ok"):
        return f"in Ordnung ({where})"
    return f"FALSCH: {where} – {rep.get('clock_note_german') or ''}".rstrip(" –")
