"""The privacy notice for residents ("Datenschutz"), written once: the terminal's
Datenschutz page, the hub's page "Datenschutz am Terminal" and docs/datenschutz.md all
show this text (a test keeps the document in step). Plain German, short sentences.
"""

from __future__ import annotations

from dataclasses import dataclass

TITLE = "Datenschutz am Terminal"
BUTTON = "Datenschutz"


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...]


SECTIONS = (
    Section("Kurz gesagt", (
        "Dieses Terminal weiß nicht, wer Sie sind. Es speichert keine Namen, keine Fotos "
        "und keine Tonaufnahmen. Es hat keine Kamera und kein Mikrofon.",
    )),
    Section("Was wir zählen", (
        "Das Terminal zählt, wie oft etwas benutzt wird – zum Beispiel: wie viele Besuche "
        "es in einer Stunde gab, welche Seiten und Einträge angesehen wurden, wie oft ein "
        "Code fürs Handy gezeigt wurde, ob „Vorlesen“, größere Schrift oder starker "
        "Kontrast gewählt wurden.",
        "Bei einer Umfrage zählt das Terminal nur, wie viele Stimmen jede Antwort in einer "
        "Stunde bekommen hat. Pro Besuch ist eine Stimme je Frage möglich.",
        "Gespeichert werden nur Summen für jede volle Stunde. Das Terminal schickt sie an "
        "die Gemeinde und löscht sie dann. Ist die Verbindung länger als eine Woche "
        "gestört, fasst es ältere Stunden zu ganzen Tagen zusammen.",
    )),
    Section("Was wir nicht speichern", (
        "Wir speichern nicht, wann genau Sie etwas angetippt haben, und nicht, in welcher "
        "Reihenfolge Sie Seiten angesehen haben.",
        "Wir speichern nicht, wo Sie den Bildschirm berührt haben, und nichts, was Sie "
        "eingeben.",
        "Ihre Stimme bei einer Umfrage wird nicht mit Ihrem Besuch verbunden. Niemand kann "
        "sehen, wie Sie abgestimmt haben.",
        "Wenn Sie gehen, vergisst das Terminal nach kurzer Zeit alle Ihre Einstellungen. "
        "Der nächste Besuch beginnt neu.",
    )),
    Section("Wozu die Zahlen dienen", (
        "Die Summen gehen an die Gemeinde. Sie zeigen, welche Angebote gefragt sind und ob "
        "das Terminal gut zu bedienen ist. Die Ergebnisse von Umfragen zeigen wir hier am "
        "Bildschirm, sobald genug Stimmen da sind.",
        "Die Summen werden für die Berichte an das Förderprogramm etwa zwei Jahre "
        "aufbewahrt. Sie werden nicht verkauft und nicht für Werbung genutzt.",
    )),
    Section("Fragen?", (
        "Fragen Sie das Team der Begegnungsstätte oder das Quartiersbüro. Dort erfahren Sie "
        "auch, wer für den Datenschutz zuständig ist.",
    )),
)


def plain_text() -> str:
    """The whole notice as text: headings and paragraphs, one per line (speech, tests)."""
    lines = [TITLE]
    for section in SECTIONS:
        lines.append(section.heading)
        lines.extend(section.paragraphs)
    return "\n".join(lines)


def markdown() -> str:
    """The notice as Markdown (docs/datenschutz.md holds exactly this after its header)."""
    parts = [f"# {TITLE}"]
    for section in SECTIONS:
        parts.append(f"## {section.heading}")
        parts.extend(section.paragraphs)
    return "\n\n".join(parts) + "\n"
