"""Every validation message staff can see next to a field, in one place (German).

Messages with {placeholders} are filled with str.format. Tests look each one up here, so
a change of wording changes one line.
"""

from __future__ import annotations

M = {
    # entries: texts
    "title_missing": "Bitte geben Sie einen Titel ein.",
    "title_long": "Der Titel ist {n} Zeichen lang, erlaubt sind höchstens 60. Kürzen Sie "
                  "ihn – Einzelheiten gehören in die Kurzbeschreibung.",
    "summary_missing": "Bitte schreiben Sie eine Kurzbeschreibung in ein oder zwei Sätzen.",
    "summary_long": "Die Kurzbeschreibung ist {n} Zeichen lang, erlaubt sind höchstens 240.",
    "text_long": "Dieser Text ist {n} Zeichen lang, erlaubt sind höchstens {max}.",
    "choose": "Bitte wählen Sie einen Eintrag aus der Liste.",
    "site_forbidden": "Für diese Begegnungsstätte dürfen Sie keine Einträge anlegen.",
    # entries: dates
    "date_invalid": "Bitte ein Datum wie 24.12.2026 angeben.",
    "time_invalid": "Bitte eine Uhrzeit wie 14:30 angeben.",
    "date_missing": "Bitte geben Sie das Datum des (ersten) Termins an.",
    "time_missing": "Bitte geben Sie die Uhrzeit des Beginns an.",
    "end_before_start": "Das Ende muss nach dem Beginn liegen.",
    "weekdays_missing": "Bitte kreuzen Sie mindestens einen Wochentag an.",
    "nth_missing": "Bitte wählen Sie, am wievielten Wochentag im Monat es stattfindet.",
    "rrule_invalid": "Diese Regel ist ungültig. Beispiel: FREQ=WEEKLY;BYDAY=TU",
    "rrule_too_often": "Ein Eintrag wiederholt sich höchstens einmal am Tag. Erlaubt sind "
                       "FREQ=DAILY (täglich), FREQ=WEEKLY (wöchentlich), FREQ=MONTHLY "
                       "(monatlich) und FREQ=YEARLY (jährlich), mit höchstens einer Uhrzeit "
                       "(BYHOUR, BYMINUTE und BYSECOND mit je einem Wert). Für mehrere "
                       "Uhrzeiten am Tag legen Sie bitte je einen Eintrag an.",
    "rrule_unsupported": "BYEASTER wird nicht unterstützt. Bitte tragen Sie die Termine "
                         "unter „Zusätzliche Termine“ ein.",
    "rrule_no_dates": "Diese Regel ergibt in den vier Jahren ab dem ersten Termin keinen "
                      "einzigen Termin. Bitte prüfen Sie die Tage (einen 30. Februar gibt "
                      "es zum Beispiel nicht).",
    "until_missing": "Bitte geben Sie an, bis wann es sich wiederholt.",
    "count_invalid": "Bitte eine Anzahl von 1 bis 500 angeben.",
    "date_lines_invalid": "Zeile {line}: „{text}“ ist kein Datum. Bitte eine Zeile je "
                          "Datum, z. B. 24.12.2026 oder 07.01.2027 10:00.",
    "change_date_missing": "Bitte geben Sie an, welcher Termin sich ändert.",
    "change_new_missing": "Bitte geben Sie das neue Datum oder die neue Uhrzeit an.",
    "hours_invalid": "Bitte Zeiten wie „9–12“ oder „09:00–12:00, 14:00–17:00“ angeben.",
    "hours_order": "Die Sprechzeit muss nach ihrem Beginn enden.",
    "valid_until_call": "Bei einem Aufruf ist „Gültig bis“ Pflicht: Bis wann werden "
                        "Helferinnen und Helfer gesucht?",
    "bulk_date_missing": "Bitte geben Sie das Datum für „Gültig bis“ an, z. B. 31.12.2026.",
    "valid_from_after_until": "„Gültig ab“ muss vor „Gültig bis“ liegen – sonst zeigt das "
                              "Terminal den Eintrag nie.",
    # entries: contact and details
    "contact_missing": "Bitte geben Sie mindestens einen Weg an, die Ansprechperson zu "
                       "erreichen: Telefon, E-Mail oder Webseite.",
    "phone_invalid": "Diese Telefonnummer ist nicht lesbar. Bitte mit Vorwahl schreiben, "
                     "z. B. 069 90009201.",
    "email_invalid": "Bitte eine gültige E-Mail-Adresse angeben, z. B. name@gemeinde.de.",
    "web_invalid": "Bitte eine Webadresse wie https://www.gemeinde.de angeben.",
    "web_scheme": "Bitte eine Webadresse angeben, die mit https:// oder http:// beginnt, "
                  "z. B. https://www.gemeinde.de.",
    "web_chars": "Die Webadresse enthält Leerzeichen oder Zeichen, die in einer Adresse "
                 "nicht vorkommen dürfen (< > \" ' ` \\). Bitte kopieren Sie die Adresse "
                 "noch einmal aus der Adresszeile des Browsers.",
    "web_long": "Die Webadresse ist {n} Zeichen lang, erlaubt sind höchstens {max}.",
    "publisher_refuses": "„{label}“: So können die Terminals den Eintrag nicht zeigen. "
                         "Bitte prüfen Sie diese Angabe. (Technische Meldung: {reason})",
    "euro_missing": "Bitte geben Sie den Betrag in Euro an, z. B. 6,50.",
    "euro_invalid": "Bitte einen Betrag wie 6,50 angeben.",
    "number_invalid": "Bitte eine ganze Zahl angeben.",
    "seats_free_more": "Es können nicht mehr Plätze frei sein, als es gibt.",
    "image_alt_missing": "Bitte beschreiben Sie, was auf dem Bild zu sehen ist. Der Text "
                         "wird vorgelesen.",
    "image_invalid": "Diese Datei ist kein Bild, das wir verwenden können (JPEG, PNG oder "
                     "WebP, höchstens 40 MB).",
    "image_pixels": "Das Bild ist zu groß: {width} × {height} Bildpunkte ({megapixels} "
                    "Megapixel). Erlaubt sind bei diesem Bild höchstens {limit} Megapixel. "
                    "Bitte verkleinern Sie es (z. B. auf 4000 × 3000 Bildpunkte) und laden "
                    "Sie es noch einmal hoch.",
    "image_unknown": "Dieses Bild ist hier nicht vorhanden. Bitte laden Sie es noch einmal "
                     "hoch.",
    "share_all_admin": "Nur die Verwaltung kann Einträge für alle Begegnungsstätten "
                       "freigeben. Bieten Sie den Eintrag stattdessen den Nachbarn an.",
    "share_sites_missing": "Bitte wählen Sie mindestens eine weitere Begegnungsstätte.",
    "share_sites_forbidden": "Sie können nur Begegnungsstätten wählen, die Sie selbst "
                             "betreuen. Anderen bieten Sie den Eintrag an.",
    "offer_sites_missing": "Bitte wählen Sie mindestens eine Begegnungsstätte.",
    # places
    "name_missing": "Bitte geben Sie den Namen an.",
    "geo_invalid": "Bitte Breite und Länge als Zahlen angeben, z. B. 48,7031 und 9,2127.",
    "door_invalid": "Bitte die Türbreite in Zentimetern angeben (30 bis 400).",
    "ramp_invalid": "Bitte die Steigung in Prozent angeben (0 bis 100).",
    "checked_missing": "Bitte geben Sie an, wann die Angaben zum Zugang geprüft wurden.",
    "checked_future": "Das Prüfdatum darf nicht in der Zukunft liegen.",
    # sites, users, terminals
    "slug_invalid": "Bitte nur Kleinbuchstaben, Ziffern und Bindestriche verwenden "
                    "(z. B. lindenbach-alte-schule).",
    "slug_taken": "Diese Kennung ist schon vergeben.",
    "email_taken": "Diese E-Mail-Adresse hat schon ein Konto.",
    "sites_missing": "Bitte wählen Sie mindestens eine Begegnungsstätte.",
    "password_mismatch": "Die beiden Passwörter stimmen nicht überein.",
    # polls
    "poll_question_missing": "Bitte schreiben Sie die Frage auf.",
    "poll_answers_missing": "Bitte geben Sie mindestens zwei Antworten an.",
    "poll_answer_twice": "Diese Antwort steht schon weiter oben.",
    "poll_sites_forbidden": "Sie können nur Begegnungsstätten wählen, die Sie selbst "
                            "betreuen.",
    "poll_day_missing": "Bitte geben Sie ein Datum an, z. B. 24.12.2026.",
    "poll_end_before_start": "Der letzte Tag darf nicht vor dem ersten liegen.",
    "poll_min_votes_invalid": "Bitte eine ganze Zahl von 0 bis 10000 angeben.",
    # logging in
    "login_wrong": "E-Mail-Adresse oder Passwort stimmen nicht. Bitte prüfen Sie beides.",
    "login_left": "Noch {n} Versuche, dann ist die Anmeldung für {window} Minuten gesperrt.",
    "login_left_one": "Noch 1 Versuch, dann ist die Anmeldung für {window} Minuten "
                      "gesperrt.",
    "login_now_locked": "Die Anmeldung mit dieser E-Mail-Adresse ist jetzt für {window} "
                        "Minuten gesperrt.",
    "login_locked": "Zu viele Anmeldeversuche mit dieser E-Mail-Adresse. Bitte warten Sie "
                    "{wait} und versuchen Sie es dann noch einmal. Wer das Passwort "
                    "vergessen hat: Die Verwaltung kann ein neues vergeben.",
    "login_locked_computer": "Von diesem Computer aus gab es zu viele fehlgeschlagene "
                             "Anmeldungen. Bitte warten Sie {wait} und versuchen Sie es "
                             "dann noch einmal.",
    "login_busy": "Der Hub prüft gerade sehr viele Anmeldungen. Bitte versuchen Sie es "
                  "gleich noch einmal.",
    "password_wrong": "Das bisherige Passwort stimmt nicht.",
    "last_admin": "Das ist das letzte Verwaltungskonto; es muss bleiben.",
}


def msg(key: str, **values: object) -> str:
    return M[key].format(**values)
