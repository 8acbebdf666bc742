"""Demo content, part 2: the entries of Lindenbach's Begegnungsstätte (see sync.demo).

Every date is computed from `today`, so the demo never looks stale. Phone numbers are from
the range the Bundesnetzagentur keeps free for media (069 90009 000-999).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta


def next_weekday(start: date, weekday: int) -> date:
    """First date on or after `start` that falls on `weekday` (0 = Monday)."""
    return start + timedelta(days=(weekday - start.weekday()) % 7)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    first = date(year, month, 1)
    return next_weekday(first, weekday) + timedelta(weeks=n - 1)


def at(day: date, hh_mm: str) -> str:
    return datetime.combine(day, time.fromisoformat(hh_mm)).isoformat(timespec="minutes")


def _contact(role: str, number: int, hours: str, name: str | None = None) -> dict:
    contact = {"role": role, "phone": f"069 90009{number:03d}", "phone_hours": hours}
    if name:
        contact["name"] = name
    return contact


def regular_events(today: date) -> list[dict]:
    week_ago = today - timedelta(days=7)
    friday = next_weekday(week_ago, 4)
    holiday_friday = next_weekday(today + timedelta(days=15), 4)
    tuesday = next_weekday(week_ago, 1)
    wednesday = next_weekday(week_ago, 2)
    month = today.month
    year = today.year
    erzaehl_first = nth_weekday(year, month, 3, 2)
    next_month = date(year + (month == 12), month % 12 + 1, 1)
    moved = nth_weekday(next_month.year, next_month.month, 3, 2)
    handy_first = nth_weekday(year, month, 2, 1)
    handy_skip = nth_weekday(next_month.year, next_month.month, 2, 1)
    return [
        {
            "id": "lb-offener-treff", "kind": "event", "category": "treffen",
            "title": "Offener Treff mit Kaffee und Zeitung",
            "summary": "Einfach vorbeikommen: Kaffee, Tee, die Tageszeitung und gute "
                       "Gespräche. Niemand muss etwas kaufen.",
            "schedule": {"start": at(week_ago, "09:30"), "end": at(week_ago, "12:00"),
                         "rrule": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"},
            "place_id": "alte-schule", "audience": ["alle"],
            "cost": {"kind": "free", "note": "Kaffee und Tee gegen eine kleine Spende"},
            "registration": {"kind": "none"},
            "contact": _contact("Quartiersbüro", 201, "Mo bis Fr, 9 bis 12 Uhr"),
            "organizer": "Quartiersbüro Lindenbach",
        },
        {
            "id": "lb-mittagstisch", "kind": "event", "category": "treffen",
            "title": "Offener Mittagstisch",
            "summary": "Ehrenamtliche kochen ein warmes Mittagessen. Essen Sie in "
                       "Gesellschaft – Nachbarn und Angehörige sind willkommen.",
            "body": "Hauptgericht, Salat, Nachtisch und Wasser. Vegetarisch auf Wunsch. "
                    "Mitnahme im eigenen Gefäß möglich.",
            "speech": None,
            "schedule": {"start": at(friday, "12:00"), "end": at(friday, "13:30"),
                         "rrule": "FREQ=WEEKLY;BYDAY=FR",
                         "exdates": [holiday_friday.isoformat()]},
            "place_id": "alte-schule", "audience": ["alle", "Alleinlebende"],
            "cost": {"kind": "amount", "euro": 6.5, "per": "Essen"},
            "registration": {"kind": "required", "seats": 40,
                             "note": "bis Mittwoch, 12 Uhr, in der jeweiligen Woche"},
            "contact": _contact("Küchenteam", 202, "Mo bis Mi, 9 bis 12 Uhr"),
            "organizer": "Krankenpflegeverein Lindenbach (fiktiv)",
        },
        {
            "id": "lb-spielenachmittag", "kind": "event", "category": "treffen",
            "title": "Seniorentreff: Spielenachmittag",
            "summary": "Rommé, Mensch ärgere dich nicht, Kaffee und Kuchen. "
                       "Einfach vorbeikommen.",
            "schedule": {"start": at(tuesday, "14:30"), "end": at(tuesday, "17:00"),
                         "rrule": "FREQ=WEEKLY;BYDAY=TU"},
            "place_id": "lindenhof", "audience": ["ab 60", "alle willkommen"],
            "cost": {"kind": "free", "note": "Kaffee und Kuchen 2 €"},
            "registration": {"kind": "none"},
            "contact": _contact("Seniorenrat", 203, "Di, 14 bis 17 Uhr"),
            "organizer": "Seniorenrat Lindenbach (fiktiv)",
        },
        {
            "id": "lb-erzaehlcafe", "kind": "event", "category": "treffen",
            "title": "Erzählcafé",
            "summary": "Bei Kaffee erzählen wir von früher. Jedes Mal ein anderes Thema.",
            "schedule": {"start": at(erzaehl_first, "15:00"),
                         "end": at(erzaehl_first, "16:30"),
                         "rrule": "FREQ=MONTHLY;BYDAY=2TH",
                         "changes": [{"date": moved.isoformat(),
                                      "start": at(moved + timedelta(days=1), "16:00"),
                                      "end": at(moved + timedelta(days=1), "17:30"),
                                      "status": "moved",
                                      "note": "diesmal am Freitag um 16 Uhr"}]},
            "place_id": "gemeindehaus", "audience": ["alle Generationen"],
            "cost": {"kind": "donation", "note": "Wer mag, gibt etwas für den Kuchen"},
            "registration": {"kind": "none"},
            "contact": _contact("Gemeindebüro", 204, "Mo bis Fr, 9 bis 11 Uhr"),
            "organizer": "Ev. Kirchengemeinde Lindenbach (fiktiv)",
        },
        {
            "id": "lb-handyhilfe", "kind": "event", "category": "hilfe",
            "title": "Handy-Hilfe: Digitalsprechstunde",
            "summary": "Ehrenamtliche Digital-Lotsen helfen bei Smartphone, Tablet, "
                       "WhatsApp, Fotos und Online-Terminen. Ohne Anmeldung.",
            "schedule": {"start": at(handy_first, "10:00"), "end": at(handy_first, "12:00"),
                         "rrule": "FREQ=MONTHLY;BYDAY=1WE,3WE",
                         "exdates": [handy_skip.isoformat()],
                         "rdates": [at(handy_skip + timedelta(days=1), "10:00")]},
            "place_id": "rathaus", "audience": ["alle"],
            "cost": {"kind": "free"}, "registration": {"kind": "none"},
            "bring": "Gerät aufgeladen, Ladekabel, Zugangsdaten und Passwörter",
            "contact": _contact("Bürgerbüro", 205, "Mo bis Fr, 8 bis 12 Uhr"),
            "organizer": "Gemeinde Lindenbach mit Digital-Lotsen (fiktiv)",
        },
        {
            "id": "lb-fruehstueck", "kind": "event", "category": "treffen",
            "title": "Samstagsfrühstück",
            "summary": "Gemeinsam frühstücken statt allein: Brötchen, Marmelade, Käse und "
                       "Kaffee. Besonders für Alleinlebende.",
            "schedule": {"start": at(next_weekday(week_ago, 5), "09:00"),
                         "end": at(next_weekday(week_ago, 5), "11:00"),
                         "rrule": "FREQ=WEEKLY;BYDAY=SA"},
            "place_id": "lindenhof", "audience": ["alle", "Alleinlebende"],
            "cost": {"kind": "amount", "euro": 3.5, "per": "Person"},
            "registration": {"kind": "none"},
            "contact": _contact("Bürgertreff Lindenhof", 213, "Sa, 9 bis 11 Uhr"),
            "organizer": "Bürgertreff Lindenhof (fiktiv)",
        },
        {
            "id": "lb-sonntagscafe", "kind": "event", "category": "treffen",
            "title": "Sonntagscafé",
            "summary": "Selbstgebackener Kuchen und Kaffee am Sonntagnachmittag. Wer mag, "
                       "bringt ein Spiel mit.",
            "schedule": {"start": at(next_weekday(week_ago, 6), "14:30"),
                         "end": at(next_weekday(week_ago, 6), "17:00"),
                         "rrule": "FREQ=WEEKLY;BYDAY=SU"},
            "place_id": "alte-schule", "audience": ["alle Generationen"],
            "cost": {"kind": "donation", "note": "Kuchen gegen Spende"},
            "registration": {"kind": "none"},
            "contact": _contact("Quartiersbüro", 201, "Mo bis Fr, 9 bis 12 Uhr"),
            "organizer": "Ehrenamtliche der Alten Schule (fiktiv)",
        },
        {
            "id": "lb-spaziergang", "kind": "event", "category": "treffen",
            "title": "Spaziergang-Gruppe am Bach",
            "summary": "Eine Stunde gemütlich gehen, mit Pausen auf Bänken. Auch mit "
                       "Rollator. Treffpunkt vor der Alten Schule.",
            "schedule": {"start": at(wednesday, "09:30"), "end": at(wednesday, "10:30"),
                         "rrule": "FREQ=WEEKLY;BYDAY=WE"},
            "place_id": "alte-schule", "audience": ["alle"],
            "cost": {"kind": "free"}, "registration": {"kind": "none"},
            "bring": "wetterfeste Kleidung",
            "contact": _contact("Quartiersbüro", 201, "Mo bis Fr, 9 bis 12 Uhr"),
        },
    ]


def courses_and_single_events(today: date) -> list[dict]:
    course_start = next_weekday(today + timedelta(days=5), 0)
    memory_start = next_weekday(today - timedelta(days=14), 3)
    fest = today + timedelta(days=9)
    talk = today + timedelta(days=12)
    concert = today + timedelta(days=3)
    kino = today + timedelta(days=1)
    return [
        {
            "id": "lb-sturzprophylaxe", "kind": "course", "category": "treffen",
            "title": "Sitzgymnastik und Sturzprophylaxe",
            "summary": "Sanfte Übungen im Sitzen und Stehen für Kraft und Gleichgewicht. "
                       "8 Termine.",
            "schedule": {"start": at(course_start, "10:00"), "end": at(course_start, "11:00"),
                         "rrule": "FREQ=WEEKLY;BYDAY=MO;COUNT=8"},
            "place_id": "sporthalle", "audience": ["ab 70"],
            "cost": {"kind": "amount", "euro": 40, "per": "Kurs",
                     "note": "für alle 8 Termine; Zuschuss bei der Krankenkasse erfragen"},
            "registration": {"kind": "required",
                             "deadline": (course_start - timedelta(days=4)).isoformat(),
                             "seats": 12, "seats_free": 5},
            "bring": "bequeme Kleidung, feste Schuhe, Getränk",
            "contact": _contact("Übungsleitung TSV", 208, "Mo bis Fr, 17 bis 19 Uhr"),
            "organizer": "TSV Lindenbach (fiktiv)",
        },
        {
            "id": "lb-gedaechtnistraining", "kind": "course", "category": "treffen",
            "title": "Gedächtnistraining in der Gruppe",
            "summary": "Rätsel, Wortspiele und Bewegung für den Kopf. Der Kurs läuft "
                       "schon, Einstieg ist jederzeit möglich.",
            "schedule": {"start": at(memory_start, "14:00"), "end": at(memory_start, "15:30"),
                         "rrule": "FREQ=WEEKLY;BYDAY=TH;COUNT=10"},
            "place_id": "gemeindehaus", "audience": ["ab 60"],
            "cost": {"kind": "amount", "euro": 3, "per": "Termin"},
            "registration": {"kind": "requested"},
            "contact": _contact("Gemeindebüro", 204, "Mo bis Fr, 9 bis 11 Uhr"),
            "organizer": "Ev. Kirchengemeinde Lindenbach (fiktiv)",
        },
        {
            "id": "lb-fest-generationen", "kind": "event", "category": "treffen",
            "title": "Nachmittag der Generationen",
            "summary": "Kinder der Grundschule singen, es gibt Kuchen und ein "
                       "Bastelangebot. Für Jung und Alt.",
            "schedule": {"start": at(fest, "14:30"), "end": at(fest, "17:30")},
            "place_id": "alte-schule", "audience": ["alle Generationen"],
            "cost": {"kind": "free"}, "registration": {"kind": "none"},
            "contact": _contact("Quartiersbüro", 201, "Mo bis Fr, 9 bis 12 Uhr"),
            "organizer": "Quartiersbüro und Grundschule Lindenbach (fiktiv)",
        },
        {
            "id": "lb-vortrag-vorsorge", "kind": "event", "category": "hilfe",
            "title": "Vortrag: Vorsorgevollmacht und Patientenverfügung",
            "summary": "Was muss ich regeln, solange ich es noch selbst kann? "
                       "Mit Zeit für Fragen.",
            "schedule": {"start": at(talk, "15:00"), "end": at(talk, "16:30")},
            "place_id": "alte-schule", "audience": ["alle", "Angehörige"],
            "cost": {"kind": "free"},
            "registration": {"kind": "required", "seats": 30, "seats_free": 0,
                             "waitlist": True},
            "status": "full",
            "status_note": "Ein zweiter Termin ist geplant.",
            "contact": _contact("Quartiersbüro", 210, "Mo bis Do, 9 bis 12 Uhr"),
            "organizer": "Betreuungsverein im Landkreis (fiktiv)",
        },
        {
            "id": "lb-konzert", "kind": "event", "category": "treffen",
            "title": "Konzert des Gesangvereins",
            "summary": "Volkslieder zum Zuhören und Mitsingen.",
            "schedule": {"start": at(concert, "16:00"), "end": at(concert, "17:30")},
            "place_id": "gemeindehaus", "audience": ["alle"],
            "cost": {"kind": "donation"}, "registration": {"kind": "none"},
            "status": "cancelled",
            "status_note": "Der Chorleiter ist erkrankt. Ein neuer Termin folgt.",
            "contact": _contact("Gesangverein", 211, "Mo bis Fr, 18 bis 20 Uhr"),
            "organizer": "Gesangverein Lindenbach 1890 (fiktiv)",
        },
        {
            "id": "lb-kino", "kind": "event", "category": "treffen",
            "title": "Kino am Nachmittag",
            "summary": "Ein alter Heimatfilm auf großer Leinwand, mit Untertiteln. "
                       "Danach Kaffee.",
            "schedule": {"start": at(kino, "15:00"), "end": at(kino, "17:00")},
            "place_id": "alte-schule", "audience": ["alle"],
            "cost": {"kind": "amount", "euro": 2.5, "per": "Person"},
            "registration": {"kind": "none"},
            "contact": _contact("Quartiersbüro", 201, "Mo bis Fr, 9 bis 12 Uhr"),
        },
    ]


def standing_offers(today: date) -> list[dict]:
    break_from = today + timedelta(days=20)
    break_to = break_from + timedelta(days=13)
    return [
        {
            "id": "lb-pflegestuetzpunkt", "kind": "offer", "category": "hilfe",
            "title": "Pflegestützpunkt-Sprechstunde",
            "summary": "Neutrale, kostenlose und vertrauliche Beratung zu Pflege, Hilfen "
                       "im Alltag und Anträgen. Auch Hausbesuche.",
            "hours": [{"day": "TU", "from": "09:00", "to": "12:00"},
                      {"day": "TH", "from": "14:00", "to": "17:00"}],
            "hours_exceptions": [{"from": break_from.isoformat(), "to": break_to.isoformat(),
                                  "note": "nur telefonisch"}],
            "place_id": "rathaus",
            "audience": ["Pflegebedürftige", "Angehörige"],
            "cost": {"kind": "free"},
            "registration": {"kind": "requested",
                             "note": "Termin am Telefon vereinbaren; Hausbesuch nach Absprache"},
            "contact": _contact("Pflegeberatung", 205, "Mo bis Fr, 9 bis 12 Uhr",
                                name="Frau Beispiel"),
            "organizer": "Pflegestützpunkt im Landkreis (fiktiv)",
        },
        {
            "id": "lb-nachbarschaftshilfe", "kind": "offer", "category": "hilfe",
            "title": "Nachbarschaftshilfe",
            "summary": "Hilfe beim Einkaufen, Begleitung zum Arzt, Vorlesen, kleine "
                       "Handgriffe im Haushalt.",
            "hours": [{"day": "MO", "from": "09:00", "to": "11:00"},
                      {"day": "WE", "from": "09:00", "to": "11:00"},
                      {"day": "TH", "from": "09:00", "to": "11:00"}],
            "place_id": None, "audience": ["ältere Menschen", "Familien mit Pflegeaufgaben"],
            "cost": {"kind": "amount", "euro": 15, "per": "Stunde",
                     "note": "Mit Pflegegrad oft über den Entlastungsbetrag bezahlt"},
            "registration": {"kind": "required", "note": "telefonische Vermittlung"},
            "contact": _contact("Einsatzleitung", 206, "Mo, Mi, Do, 9 bis 11 Uhr"),
            "organizer": "Verein Nachbarschaftshilfe Lindenbach (fiktiv)",
        },
        {
            "id": "lb-buergerbus", "kind": "offer", "category": "hilfe",
            "title": "Bürgerbus",
            "summary": "Ehrenamtliche fahren Sie zum Markt, zum Ärztehaus und zum "
                       "Supermarkt. Abholung an der Haustür, auch mit Rollator.",
            "hours": [{"day": "TU", "from": "08:30", "to": "12:00"},
                      {"day": "TH", "from": "08:30", "to": "12:00"}],
            "hours_exceptions": [{"from": break_from.isoformat(), "to": break_to.isoformat(),
                                  "note": "Betriebspause"}],
            "place_id": None, "audience": ["alle ohne Auto"],
            "cost": {"kind": "donation", "note": "1 € pro Fahrt als Spende"},
            "registration": {"kind": "required", "note": "bis 16 Uhr am Vortag"},
            "contact": _contact("Fahrtwunsch-Telefon", 207, "Mo bis Fr, 9 bis 16 Uhr"),
            "organizer": "Bürgerbus-Verein Lindenbach (fiktiv)",
        },
        {
            "id": "lb-seniorenrat-sprechstunde", "kind": "offer", "category": "hilfe",
            "title": "Sprechstunde des Seniorenrats",
            "summary": "Anliegen, Ideen, Beschwerden: Der Seniorenrat hört zu und gibt "
                       "sie an die Gemeinde weiter.",
            "hours": [{"day": "WE", "from": "10:00", "to": "12:00"}],
            "place_id": "alte-schule", "audience": ["alle"],
            "cost": {"kind": "free"}, "registration": {"kind": "none"},
            "contact": _contact("Seniorenrat", 203, "Di, 14 bis 17 Uhr"),
            "organizer": "Seniorenrat Lindenbach (fiktiv)",
        },
    ]


def calls_and_participation(today: date) -> list[dict]:
    meeting = today + timedelta(days=18)
    return [
        {
            "id": "lb-fahrer-gesucht", "kind": "call", "category": "mitmachen",
            "title": "Fahrerinnen und Fahrer für den Bürgerbus gesucht",
            "summary": "Ein Vormittag im Monat genügt. Führerschein Klasse B. Einweisung "
                       "und Versicherung über den Verein.",
            "valid_until": (today + timedelta(days=120)).isoformat(),
            "audience": ["alle mit Führerschein"],
            "registration": {"kind": "requested", "note": "einfach anrufen"},
            "contact": _contact("Vorstand Bürgerbus", 211, "Di und Do, 13 bis 15 Uhr"),
            "organizer": "Bürgerbus-Verein Lindenbach (fiktiv)",
        },
        {
            "id": "lb-vorlesepaten", "kind": "call", "category": "mitmachen",
            "title": "Vorlesepatinnen und Vorlesepaten gesucht",
            "summary": "Lesen Sie Kindern im Kindergarten vor, eine Stunde in der Woche. "
                       "Bücher sind da.",
            "valid_until": (today + timedelta(days=60)).isoformat(),
            "place_id": None, "audience": ["alle, die gern vorlesen"],
            "registration": {"kind": "requested"},
            "contact": _contact("Kindergarten Sonnenschein", 212, "Mo bis Fr, 8 bis 12 Uhr"),
        },
        {
            "id": "lb-quartiersgespraech", "kind": "participation", "category": "mitmachen",
            "title": "Quartiersgespräch: Unser Lindenplatz",
            "summary": "Bänke, Schatten, Treffpunkt? Sagen Sie, was am Lindenplatz fehlt. "
                       "Die Ergebnisse zeigen wir hier am Bildschirm.",
            "schedule": {"start": at(meeting, "17:00"), "end": at(meeting, "19:00")},
            "place_id": "alte-schule", "audience": ["alle Generationen"],
            "cost": {"kind": "free"}, "registration": {"kind": "none"},
            "bring": "Ihre Ideen",
            "contact": _contact("Quartiersbüro", 201, "Mo bis Fr, 9 bis 12 Uhr"),
            "organizer": "Gemeinde Lindenbach (fiktiv)",
            "poll_id": "lindenplatz",
        },
    ]
