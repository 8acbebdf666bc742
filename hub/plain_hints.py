"""Hints for staff: the abbreviations in what they typed, with the plain form the terminal
uses (sync.glossary). A hint, never an error: saving works either way."""

from __future__ import annotations

from dataclasses import dataclass

from sync.glossary import found

# Form field → its label on the form.
ENTRY_FIELDS = {
    "title": "Titel", "summary": "Kurzbeschreibung", "body": "Weitere Einzelheiten",
    "easy": "Text in Einfacher Sprache", "status_note": "Hinweis zum Status",
    "audience": "Für wen?", "cost_per": "pro …", "cost_note": "Hinweis zu den Kosten",
    "reg_note": "Hinweis zur Anmeldung", "bring": "Bitte mitbringen",
    "contact_role": "Aufgabe oder Stelle", "contact_phone_hours": "Telefonisch erreichbar",
    "organizer": "Veranstalter",
}
PLACE_FIELDS = {
    "name": "Name", "address": "Adresse", "room": "Raum", "floor": "Stockwerk",
    "stop": "Haltestelle und Entfernung", "surface": "Weg und Boden",
    "access_note": "Hinweis zum Zugang",
}
# Written out on the terminal and the phone page by themselves.
AUTOMATIC = {"name", "address", "room", "floor", "stop", "contact_phone_hours", "organizer"}
HOURS = {"contact_phone_hours"}


@dataclass(frozen=True)
class Hint:
    field: str
    label: str
    found: str
    plain: str
    automatic: bool

    @property
    def words(self) -> str:
        """ "„OG“ im Feld „Stockwerk“: am Terminal steht „Obergeschoss“"."""
        head = f"„{self.found}“ im Feld „{self.label}“: "
        if self.automatic:
            return head + f"am Terminal steht „{self.plain}“"
        return head + f"bitte ausschreiben, etwa „{self.plain}“"


def hints(values: dict, fields: dict[str, str]) -> list[Hint]:
    """The abbreviations in the form `values` of these `fields`, in form order."""
    out = []
    for name, label in fields.items():
        value = values.get(name)
        if not isinstance(value, str):
            continue
        for short, plain in found(value, hours=name in HOURS):
            out.append(Hint(name, label, short, plain, name in AUTOMATIC))
    return out
