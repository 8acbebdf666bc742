"""Install profiles: which packages each side needs beyond the shared base.

A terminal installs `quartier-kiosk[terminal]` (requirements/terminal.txt), the hub
`quartier-kiosk[hub]` (requirements/hub.txt); neither has the other's packages. The
console scripts ask here first, so a command of the other side ends with one clear
sentence instead of an ImportError. This module imports nothing outside the standard
library: it must work in every installation.
"""

from __future__ import annotations

import importlib.util

# Import name → distribution name (what `pip install` takes), per side.
PROFILES: dict[str, dict[str, str]] = {
    "terminal": {"kivy": "Kivy", "pyttsx3": "pyttsx3", "numpy": "numpy"},
    "hub": {"flask": "Flask", "flask_wtf": "Flask-WTF", "argon2": "argon2-cffi",
            "zxcvbn": "zxcvbn", "recurring_ical_events": "recurring-ical-events"},
}
INSTALL = {
    "terminal": "deploy/install-terminal.sh (pip install 'quartier-kiosk[terminal]', "
                "Abhängigkeiten aus requirements/terminal.txt)",
    "hub": "deploy/hub/install-hub.sh (pip install 'quartier-kiosk[hub]', "
           "Abhängigkeiten aus requirements/hub.txt)",
}
SIDE_NAMES = {"terminal": "eines Terminals", "hub": "des Hubs"}


def missing(profile: str) -> list[str]:
    """Return the distributions of `profile` that cannot be imported here."""
    absent = []
    for module, distribution in PROFILES[profile].items():
        try:
            found = importlib.util.find_spec(module) is not None
        except ImportError:  # a parent package is missing, or an import hook refuses it
            found = False
        if not found:
            absent.append(distribution)
    return absent


def problem(profile: str, program: str) -> str | None:
    """Return the German sentence for a missing profile, or None when all is there."""
    absent = missing(profile)
    if not absent:
        return None
    return (f"{program}: Diese Installation hat die Pakete {SIDE_NAMES[profile]} nicht "
            f"(es fehlt: {', '.join(absent)}). Installieren mit {INSTALL[profile]}.")
