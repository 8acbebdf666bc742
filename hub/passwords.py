"""Rules for new passwords (admin form, own password, `quartier-hub add-user`), with German
reasons. Existing passwords are not checked again; they meet these rules when next changed.

- 12 to 128 characters (one rule for every role: editors publish to every terminal of
  their sites too), no spaces at either end;
- no "Quartier", "Passwort", "Password", "Kennwort" – also written with digits for letters;
- not the name from the e-mail address (the part before @, and each of its pieces of four
  or more letters, e.g. "anna" and "schmidt" of anna.schmidt@…);
- not easily guessed: zxcvbn (Dropbox's estimator, MIT) rates it at least 3 of 4. Its
  dictionaries hold 30,000 common passwords (German ones like "passwort", "hallo",
  "qwertzuiop" among them), keyboard rows, repeats, sequences and dates.
"""

from __future__ import annotations

import re

MIN_LENGTH = 12
MAX_LENGTH = 128
MIN_SCORE = 3           # zxcvbn: 3 "safely unguessable", 4 "very unguessable"
ZXCVBN_MAX = 72         # zxcvbn refuses longer input; the first 72 characters are rated
NAME_PIECE = 4          # shorter pieces of an address ("al", "b") would forbid too much
WORDS = ("quartier", "passwort", "password", "kennwort")
# Digits and signs people write for letters ("Qu4rt13r", "P@ssw0rt").
LEET = str.maketrans({"0": "o", "1": "i", "!": "i", "3": "e", "4": "a", "@": "a",
                      "5": "s", "$": "s", "7": "t", "8": "b"})


HELP = (f"Mindestens {MIN_LENGTH} Zeichen; kein häufiges Passwort, nicht „Quartier“ oder "
        "„Passwort“ und nicht der Name aus der E-Mail-Adresse. Drei oder vier Wörter, die "
        "nichts miteinander zu tun haben, sind leicht zu merken und sicher.")


def password_problem(password: str, email: str = "") -> str | None:
    """Why `password` is not acceptable for the account `email`, in German; None if it is."""
    if len(password) < MIN_LENGTH:
        return f"Das Passwort muss mindestens {MIN_LENGTH} Zeichen lang sein."
    if len(password) > MAX_LENGTH:
        return f"Das Passwort darf höchstens {MAX_LENGTH} Zeichen lang sein."
    if password.strip() != password:
        return "Das Passwort darf nicht mit Leerzeichen beginnen oder enden."
    plain = password.lower()
    letters = plain.translate(LEET)
    if any(word in plain or word in letters for word in WORDS):
        return "Wörter wie „Quartier“ oder „Passwort“ sind zu leicht zu erraten."
    if any(name in plain or name in letters for name in _names(email)):
        return "Das Passwort darf den Namen aus der E-Mail-Adresse nicht enthalten."
    # Imported here: its dictionaries take 12 MB, needed only when a password is set.
    from zxcvbn import zxcvbn

    if zxcvbn(password[:ZXCVBN_MAX])["score"] < MIN_SCORE:
        return ("Dieses Passwort ist zu leicht zu erraten: Es steht in Listen häufig "
                "benutzter Passwörter oder folgt einem einfachen Muster (Tastaturreihe, "
                "Wiederholung, Zahlenfolge). Tipp: drei oder vier Wörter, die nichts "
                "miteinander zu tun haben, z. B. „Fahrrad Tulpe Gewitter 7“.")
    return None


def _names(email: str) -> set[str]:
    local = email.strip().lower().partition("@")[0]
    pieces = [p for p in re.split(r"[^\w]|_|\d", local) if p]
    candidates = {re.sub(r"[^\w]|_", "", local), *pieces}
    return {c for c in candidates if len(c) >= NAME_PIECE}
