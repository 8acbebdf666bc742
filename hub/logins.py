"""Checking a password at login (and the old one when it is changed), against guessing and
against running out of memory.

- Every attempt is recorded as a failure *before* its password is checked – counting and
  recording in one write transaction – and removed again when it succeeds. So of 30
  parallel guesses for one address only the first `max_failures` are checked; the rest are
  refused without hashing.
- Two limits in the window (`window_min`): `max_failures` per e-mail address, and a much
  higher `max_failures_computer` per computer (IP address) across all addresses. One
  person's typos behind a town hall's shared address lock only their own address.
- Each argon2 check costs 64 MiB: at most `parallel_checks` run at once (a semaphore of the
  app); a request that gets no slot within `wait_s` seconds is answered "Bitte versuchen
  Sie es gleich noch einmal" (503) and its attempt does not count.
- An unknown address is checked against a dummy hash with the same parameters, so both
  take the same time and work and an answer does not tell which addresses have accounts.
"""

from __future__ import annotations

import contextlib
import math
import secrets
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlite_utils
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Flask, current_app

from hub import auth, context
from hub.queries import users as user_q

SLOTS = "hub.password_checks"
DUMMY = "hub.dummy_hash"


class Busy(Exception):
    """No password check slot became free in time."""


@dataclass
class Outcome:
    """What a login attempt came to."""

    user: dict | None = None       # the account, when the password was right
    locked: str | None = None      # nothing checked: "account" or "computer" is locked
    busy: bool = False             # nothing checked: no free slot
    wait_min: int = 0              # with `locked`: minutes until the next attempt counts
    left: int | None = None        # after a wrong password: attempts left for the address


def init_app(app: Flask) -> None:
    """Give the app its slots for password checks."""
    rules = app.config["HUB_SETTINGS"]["login"]
    app.extensions[SLOTS] = threading.BoundedSemaphore(max(1, int(rules["parallel_checks"])))
    app.extensions[DUMMY] = {"lock": threading.Lock(), "hash": None}


@contextlib.contextmanager
def password_slot() -> Iterator[None]:
    """Hold one of the app's password check slots, or raise Busy after `wait_s`."""
    slots = current_app.extensions[SLOTS]
    if not slots.acquire(timeout=float(context.settings()["login"]["wait_s"])):
        raise Busy
    try:
        yield
    finally:
        slots.release()


def hash_password(password: str) -> str:
    """The argon2 hash of a new password (inside a slot: it costs as much as a check)."""
    with password_slot():
        return auth.hasher().hash(password)


def attempt(db: sqlite_utils.Database, email: str, password: str, remote: str,
            now: datetime) -> Outcome:
    """Check a login: record it, refuse it when locked, else check the password."""
    rules = context.settings()["login"]
    since = now - timedelta(minutes=rules["window_min"])
    claim = user_q.claim_attempt(db, email, remote, now, since, rules["max_failures"],
                                 rules["max_failures_computer"])
    if claim["id"] is None:
        if claim["account"] >= rules["max_failures"]:
            column, value, limit = "email", user_q.login_key(email), rules["max_failures"]
            locked = "account"
        else:
            column, value, limit = "remote", remote, rules["max_failures_computer"]
            locked = "computer"
        oldest = user_q.unlocked_at(db, column, value, limit, since) or now
        wait = oldest + timedelta(minutes=rules["window_min"]) - now
        return Outcome(locked=locked, wait_min=max(1, math.ceil(wait.total_seconds() / 60)))
    try:
        with password_slot():
            user = user_q.by_email(db, email) if email.strip() else None
            right = _verify(user["password_hash"] if user else _dummy_hash(), password)
    except Busy:
        user_q.drop_attempt(db, claim["id"])
        return Outcome(busy=True)
    if user is not None and right:
        user_q.drop_attempt(db, claim["id"])
        user_q.clear_failures(db, email)
        return Outcome(user=user)
    return Outcome(left=rules["max_failures"] - user_q.failures_of(db, email, since))


def _verify(password_hash: str, password: str) -> bool:
    try:
        return auth.hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _dummy_hash() -> str:
    """A hash of a random password with the app's parameters, made once (in a slot)."""
    dummy = current_app.extensions[DUMMY]
    with dummy["lock"]:
        if dummy["hash"] is None:
            dummy["hash"] = auth.hasher().hash(secrets.token_hex(16))
        return dummy["hash"]
