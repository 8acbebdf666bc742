"""The phone page of one entry (e/<id>.html): what a resident's phone opens from the QR code.

Written for people over 70 on a small screen: large text (22 px at the phone's default
size, and it grows with the phone's own text setting), strong contrast, one column, big
buttons for the three things people do next (call, put it in the calendar, find the
place), dates in full words, measured accessibility facts. Plain HTML and inline CSS: no
JavaScript, no web fonts, no cookies, nothing loaded from elsewhere.

A page depends only on the entry and its place, never on the time of publishing, so an
unchanged entry gives the same bytes and the file is not rewritten.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import date, datetime
from html import escape

from sync import wording
from sync.glossary import plain, plain_hours

MAX_DATES = 6

CSS = """
html{font-size:137.5%;-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:#fff;color:#111;line-height:1.5;
font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",Arial,sans-serif}
main{max-width:34rem;margin:0 auto;padding:.8rem .9rem 2rem;overflow-wrap:break-word}
h1{font-size:1.4rem;line-height:1.25;margin:.2rem 0 .8rem;hyphens:auto}
h2{font-size:1.25rem;line-height:1.3;margin:1.6rem 0 .5rem;padding-top:1rem;
border-top:3px solid #d0d0d0}
p{margin:.5rem 0}
.kind{margin:0;font-weight:bold;color:#2d2d2d}
.glance{margin:1rem 0;padding:.4rem .9rem;border-radius:.6rem;background:#f1f4f8;
border:2px solid #b9c3cf}
.glance p{margin:.45rem 0}
.under{margin-top:-.4rem}
.status{margin:.8rem 0;padding:.6rem .8rem;border:3px solid #7a0000;border-radius:.5rem;
background:#fff0f0;color:#7a0000;font-weight:bold}
.summary{font-size:1.1rem}
.button{display:block;box-sizing:border-box;min-height:3.2rem;margin:.9rem 0;
padding:.75rem 1rem;border-radius:.6rem;background:#0b4a2a;color:#fff;font-weight:bold;
text-align:center;text-decoration:none;border:3px solid #0b4a2a}
.button.second{background:#fff;color:#0b4a2a}
.button:focus,.button:hover{background:#fff;color:#0b4a2a;outline:3px solid #0a3a8a}
.phone{font-size:1.3rem;letter-spacing:.04em;white-space:nowrap}
.nowrap{white-space:nowrap}
a{color:#0a3a8a;text-decoration-thickness:.12em}
ul{margin:.4rem 0;padding-left:1.3rem}
li{margin:.35rem 0}
.dates{list-style:none;padding:0}
.dates li{margin:0;padding:.55rem 0;border-bottom:1px solid #c8c8c8}
.dates .off{color:#7a0000;font-weight:bold}
dt{font-weight:bold;margin-top:.7rem}
dd{margin:0}
img{display:block;max-width:100%;height:auto;border-radius:.5rem;margin:.8rem 0}
footer{margin-top:2rem;padding-top:1rem;border-top:3px solid #d0d0d0;color:#2d2d2d}
""".strip()


def style_hash(css: str) -> str:
    """The CSP source that allows exactly this <style> element: 'sha256-<base64>'."""
    return "sha256-" + base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode()


# What a phone page may load: its own <style> and pictures from its own server; no script,
# no form, no plugin, no <base>. frame-ancestors cannot be set in a <meta>: a server that
# serves the pages sends FRAME_POLICY as a header (docs/hub.md, "Production behind nginx").
POLICY = (f"default-src 'none'; style-src '{style_hash(CSS)}'; img-src 'self'; "
          "base-uri 'none'; form-action 'none'")
FRAME_POLICY = "frame-ancestors 'self'"


def render(entry: dict, place: dict | None, *, ics_name: str | None = None,
           image_src: str | None = None) -> str:
    """Return the phone page of `entry` as an HTML document."""
    parts = [f'<p class="kind">{escape(wording.KIND_WORDS.get(entry["kind"], ""))}</p>',
             f"<h1>{escape(entry['title'])}</h1>"]
    parts += _status(entry)
    if entry.get("summary"):
        parts.append(f'<p class="summary">{escape(entry["summary"])}</p>')
    parts += _glance(entry, place)
    parts += _actions(entry.get("contact"), ics_name)
    if image_src and entry.get("image"):
        parts.append(f'<img src="{escape(image_src)}" alt="{escape(entry["image"]["alt"])}">')
    parts += _dates(entry)
    parts += _where(place)
    parts += _access(place)
    parts += _facts(entry)
    if entry.get("body"):
        parts += ["<h2>Mehr dazu</h2>", _paragraphs(entry["body"])]
    if entry.get("easy"):
        parts += ["<h2>In Einfacher Sprache</h2>", _paragraphs(entry["easy"])]
    parts.append(_footer(entry))
    return _document(entry["title"], "\n".join(parts))


def page_links(entry: dict, base: str | None) -> dict:
    """The entry's `links` with its phone page and calendar file (links already set win).

    Without a base URL the links are relative to the feed's own address
    (sites/<site>/feed.json), so a terminal resolves them against its feed_url."""
    links = dict(entry.get("links") or {})
    prefix = f"{base.rstrip('/')}/e/" if base else "../../e/"
    links["page"] = links.get("page") or f"{prefix}{entry['id']}.html"
    has_dates = bool(entry.get("occurrences"))
    links["ics"] = links.get("ics") or (f"{prefix}{entry['id']}.ics" if has_dates else None)
    return links


def render_gone() -> str:
    """Return the page left behind for an entry that is no longer published."""
    return render_notice("Nicht mehr aktuell",
                         "Diesen Eintrag gibt es nicht mehr. Vielleicht ist der Termin "
                         "vorbei oder das Angebot wurde beendet.",
                         "Was es jetzt gibt, zeigt Ihnen der Bildschirm in Ihrer "
                         "Begegnungsstätte.")


def render_notice(title: str, *paragraphs: str) -> str:
    """Return a page with a heading and a few paragraphs of plain text (escaped here)."""
    body = "\n".join([f"<h1>{escape(title)}</h1>", *(f"<p>{escape(p)}</p>" for p in paragraphs)])
    return _document(title, body)


def _document(title: str, body: str) -> str:
    return ("<!DOCTYPE html>\n"
            '<html lang="de">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta name="robots" content="noindex">\n'
            f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n"
            f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n")


def _status(entry: dict) -> list[str]:
    word = wording.STATUS_WORDS.get(entry.get("status", "scheduled"))
    if not word:
        return []
    note = f" {escape(entry['status_note'])}" if entry.get("status_note") else ""
    return [f'<p class="status">{word}.{note}</p>']


def _glance(entry: dict, place: dict | None) -> list[str]:
    """The few facts people look for first, in a box: when, where, cost, registration."""
    rows: list[tuple[str, list[str]]] = []
    when = entry.get("rhythm") or _single_date(entry)
    if when:
        rows.append(("Wann", [when]))
    elif entry.get("hours"):
        rows.append(("Zeiten", wording.hours_lines(entry["hours"])))
    for exc in entry.get("hours_exceptions") or []:
        rows.append(("Achtung", [wording.exception_words(exc)]))
    if place:
        rows.append(("Wo", [place_line(place)]))
    cost = wording.cost_words(entry.get("cost"))
    if cost:
        rows.append(("Kosten", [cost]))
    registration = wording.registration_words(entry.get("registration"))
    if registration:
        rows.append(("Anmeldung", [registration]))
    if not rows:
        return []
    lines = [f"<p><strong>{label}:</strong> " + "<br>".join(escape(t) for t in texts) + "</p>"
             for label, texts in rows]
    return ['<div class="glance">', *lines, "</div>"]


def _single_date(entry: dict) -> str:
    occurrences = entry.get("occurrences") or []
    if len(occurrences) != 1:
        return ""
    day, hours = wording.occurrence_words(datetime.fromisoformat(occurrences[0]["start"]),
                                          datetime.fromisoformat(occurrences[0]["end"]))
    return f"{day}, {hours}"


def _actions(contact: dict | None, ics_name: str | None) -> list[str]:
    """The big buttons: call, and put the dates into the phone's calendar."""
    out = []
    contact = contact or {}
    if contact.get("phone"):
        shown = escape(wording.phone_groups(contact["phone"]))
        out.append(f'<a class="button" href="{escape(wording.tel_uri(contact["phone"]))}">'
                   f'Anrufen: <span class="phone">{shown}</span></a>')
        who = ", ".join(contact[k] for k in ("role", "name") if contact.get(k))
        hours = plain_hours(contact.get("phone_hours"))
        reach = f"erreichbar {hours}" if hours else ""
        line = " – ".join(t for t in (who, reach) if t)
        if line:
            out.append(f'<p class="under">{escape(line)}</p>')
    if contact.get("email"):
        mail = escape(contact["email"])
        out.append(f'<p>E-Mail: <a href="mailto:{mail}">{mail}</a></p>')
    if contact.get("web"):
        web = escape(contact["web"])
        out.append(f'<p>Internet: <a href="{web}">{web}</a></p>')
    if ics_name:
        out.append(f'<a class="button second" href="{escape(ics_name)}" download>'
                   "In meinen Kalender eintragen</a>")
    return out


def _dates(entry: dict) -> list[str]:
    occurrences = entry.get("occurrences") or []
    if len(occurrences) < 1 or (len(occurrences) == 1 and not entry.get("rhythm")
                                and occurrences[0].get("status", "scheduled") == "scheduled"
                                and not occurrences[0].get("note")):
        return []  # a single plain date is in the box already
    out = ["<h2>Die nächsten Termine</h2>", '<ul class="dates">']
    for occ in occurrences[:MAX_DATES]:
        start, end = datetime.fromisoformat(occ["start"]), datetime.fromisoformat(occ["end"])
        day, hours = wording.occurrence_words(start, end)
        status = wording.STATUS_WORDS.get(occ.get("status", "scheduled"))
        if occ.get("moved_from"):   # under its usual day: where it went
            day = wording.date_words(datetime.fromisoformat(occ["moved_from"]).date())
            hours, status = wording.moved_words(start, end), None
        extra = f'<br><span class="off">{status}</span>' if status else ""
        if occ.get("note"):
            extra += f"<br>{escape(occ['note'])}"
        out.append(f"<li><strong>{escape(day)}</strong><br>{escape(hours)}{extra}</li>")
    out.append("</ul>")
    more = len(occurrences) - MAX_DATES
    if more > 0:
        words = "ein weiterer Termin" if more == 1 else f"{more} weitere Termine"
        out.append(f"<p>… und {words} (alle im Kalender-Eintrag).</p>")
    return out


def _where(place: dict | None) -> list[str]:
    if not place:
        return []
    lines = [f"<strong>{escape(plain(place['name']))}</strong>"]
    lines += [escape(plain(place[k])) for k in ("address", "room", "floor") if place.get(k)]
    out = ["<h2>So finden Sie hin</h2>", "<p>" + "<br>".join(lines) + "</p>"]
    if place.get("stop"):
        out.append(f"<p>{escape(plain(place['stop']))}</p>")
    link = map_link(place)
    if link:
        out.append(f'<a class="button" href="{escape(link)}">Auf der Karte zeigen</a>')
    return out


def place_line(place: dict) -> str:
    """ "Evangelisches Gemeindehaus, Saal, 1. Obergeschoss": name, room and floor."""
    return ", ".join(plain(place[k]) for k in ("name", "room", "floor") if place.get(k))


def map_link(place: dict) -> str | None:
    """An OpenStreetMap link that every phone opens (a pin, or a search for the address)."""
    geo = place.get("geo")
    return wording.map_url(geo["lat"] if geo else None, geo["lon"] if geo else None,
                           plain(place.get("address")))


def _facts(entry: dict) -> list[str]:
    facts = [("Bitte mitbringen", entry.get("bring") or ""),
             ("Für wen", ", ".join(entry.get("audience") or [])),
             ("Anbieter" if entry["kind"] in ("offer", "call") else "Veranstalter",
              plain(entry.get("organizer")))]
    rows = [f"<dt>{label}</dt><dd>{escape(text)}</dd>" for label, text in facts if text]
    if not rows:
        return []
    return ["<h2>Gut zu wissen</h2>", "<dl>", *rows, "</dl>"]


def _access(place: dict | None) -> list[str]:
    lines = wording.access_lines((place or {}).get("access"))
    if not lines:
        return []
    out = ["<h2>Zugang</h2>", "<ul>", *[f"<li>{escape(line)}</li>" for line in lines], "</ul>"]
    checked = place["access"].get("checked_on")  # type: ignore[index]
    if checked:
        out.append("<p>Zugang nachgemessen am "
                   f"{wording.short_date(date.fromisoformat(checked))}.</p>")
    return out


def _paragraphs(text: str) -> str:
    blocks = [b.strip() for b in text.split("\n\n") if b.strip()]
    return "\n".join("<p>" + escape(b).replace("\n", "<br>") + "</p>" for b in blocks)


def _footer(entry: dict) -> str:
    lines = []
    contact = entry.get("contact") or {}
    if contact.get("phone"):
        # At the end of a long page, the number once more: nobody has to scroll back.
        who = contact.get("role") or contact.get("name") or "Kontakt"
        tel = escape(wording.tel_uri(contact["phone"]))
        lines.append(f"<p>Fragen? {escape(who)}: <a class=\"nowrap\" href=\"{tel}\">"
                     f"{escape(wording.phone_groups(contact['phone']))}</a></p>")
    checked = entry.get("last_checked")
    if checked:
        lines.append("<p>Angaben zuletzt geprüft am "
                     f"{wording.short_date(date.fromisoformat(checked))}.</p>")
    return "<footer>" + "".join(lines) + "</footer>" if lines else ""
