"""Public holidays for the feed's optional `holidays` list: the terminals keep their
screens dark on them unless `[display] on` has a rule for holidays (sync.schedule).

The publisher puts in the statutory holidays of Baden-Württemberg for the feed's window
(the Quartier 2030 programme's state), unless the content source brings its own list
(`"holidays": [{"date": "2026-12-24", "name": "Heiligabend"}]`; an empty list: none).
Easter by dateutil; the rest is fixed dates or a fixed distance from Easter.
"""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.easter import easter

# (month, day, name) and (days after Easter Sunday, name): Feiertagsgesetz BW, § 1.
FIXED = [(1, 1, "Neujahr"), (1, 6, "Heilige Drei Könige"), (5, 1, "Tag der Arbeit"),
         (10, 3, "Tag der Deutschen Einheit"), (11, 1, "Allerheiligen"),
         (12, 25, "1. Weihnachtstag"), (12, 26, "2. Weihnachtstag")]
FROM_EASTER = [(-2, "Karfreitag"), (1, "Ostermontag"), (39, "Christi Himmelfahrt"),
               (50, "Pfingstmontag"), (60, "Fronleichnam")]


def public_holidays(first: date, last: date) -> list[dict[str, str]]:
    """The holidays from `first` to `last` (both included), in date order, as the feed
    carries them: {"date": "YYYY-MM-DD", "name": …}."""
    found = []
    for year in range(first.year, last.year + 1):
        sunday = easter(year)
        days = [(date(year, m, d), name) for m, d, name in FIXED]
        days += [(sunday + timedelta(days=n), name) for n, name in FROM_EASTER]
        found += [(day, name) for day, name in days if first <= day <= last]
    return [{"date": day.isoformat(), "name": name} for day, name in sorted(found)]
