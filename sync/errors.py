"""Exceptions of the sync package.

    SyncError                 anything sync refuses to do; carries a human message
    ├── ConfigError           kiosk.toml is unreadable or a key has a wrong value
    ├── FeedError             a feed document is not a valid format-1 feed
    │   │                     (.path names the JSON path of the bad field)
    │   ├── SignatureError    feed.json.sig is missing, malformed, by an unknown key or wrong
    │   └── StaleVersionError the feed's version is not newer than the applied one (rollback)
    ├── SourceError           a content source file (our own JSON) is invalid
    │   │                     (.path names the JSON path, .file the file)
    │   └── TooManyPixelsError  a picture is too large to decode safely (.width, .height,
    │                         .limit in pixels)
    │   └── RuleError         a repetition rule is unreadable or not allowed
    │                         (.problem: invalid, too_often, unsupported)
    ├── KeyFileError          a signing or public key file is missing or malformed
    ├── PublishError          the published tree cannot be written (disk, lock, id clash)
    ├── FetchError            the feed server could not be read: connection, timeout,
    │   │                     HTTP status, a body that ends early (.url names the address)
    │   ├── TooLargeError     a body is larger than the configured cap
    │   └── DeadlineError     the job took longer than its total deadline (sync.deadline)
    ├── AssetError            a referenced image is missing, too large or has the wrong hash
    ├── BusyError             another sync process holds the data folder's lock
    ├── StoreError            the terminal database cannot be opened or written
    ├── BuildError            `quartier-release build` cannot make a release (.bad_input:
    │                         the options or the checkout are wrong, not the tools)
    └── UpdateError           a software update cannot be done now (window, disk, install,
        │                     restart, health check; sync.update)
        └── ReleaseError      a release is refused: unsigned, signed by an unlisted key,
                              changed after signing, for another machine, too large

Every error has a `kind` (a short stable word for logs, status and heartbeat), an
English message (logs, heartbeat, --json) and `german`, the reason in words for staff and
technicians (`quartier-sync pull` and `status`): a class default, made more precise where
the error is raised (`german=`).
"""

from __future__ import annotations


class SyncError(Exception):
    """Base of every error the sync package raises on purpose."""

    kind = "error"
    german = "Die Synchronisierung ist fehlgeschlagen."

    def __init__(self, message: str = "", *, german: str = "") -> None:
        super().__init__(message)
        if german:
            self.german = german


class ConfigError(SyncError):
    """The configuration file or one of its keys is wrong."""

    kind = "config"
    german = "Die Einstellungen (kiosk.toml) sind fehlerhaft."


class FeedError(SyncError):
    """A feed does not match format 1; `path` names the bad field."""

    kind = "feed"
    german = "Der Feed ist fehlerhaft aufgebaut; er wird nicht übernommen."

    def __init__(self, message: str, path: str = "", *, german: str = "") -> None:
        self.path = path
        self.reason = message
        super().__init__(f"{path}: {message}" if path else message, german=german)


class SignatureError(FeedError):
    """The feed's signature is missing, malformed, by an unknown key or does not match."""

    kind = "signature"
    german = ("Die Signatur des Feeds passt nicht zu den eingetragenen Schlüsseln "
              "([sync] public_keys); der Feed wird nicht übernommen.")
    # which check failed (sync.signing.verify): no_keys, malformed, unknown_key, mismatch
    problem = ""


class StaleVersionError(FeedError):
    """The feed's version is not newer than the one already applied (a rollback)."""

    kind = "version"
    german = ("Der Feed ist nicht neuer als der angezeigte Stand (eine ältere Version wird "
              "nie übernommen).")


class SourceError(SyncError):
    """A content source file is invalid; names the file and the JSON path."""

    kind = "source"
    german = "Die Inhaltsdatei ist fehlerhaft."

    def __init__(self, message: str, path: str = "", file: str = "") -> None:
        self.path = path
        self.file = file
        self.reason = message
        where = ":".join(p for p in (file, path) if p)
        super().__init__(f"{where}: {message}" if where else message)


class TooManyPixelsError(SourceError):
    """A picture has more pixels than may be decoded (a decompression bomb, or just huge)."""

    def __init__(self, width: int, height: int, limit: int, path: str = "",
                 file: str = "") -> None:
        self.width, self.height, self.limit = width, height, limit
        super().__init__(f"image has too many pixels ({width}×{height}, at most "
                         f"{limit // 1_000_000} megapixels)", path, file)


class RuleError(SourceError):
    """A repetition rule (RRULE) cannot be read or is not allowed here; `problem` says
    which: "invalid", "too_often" (finer than once a day) or "unsupported"."""

    def __init__(self, problem: str, message: str, path: str = "") -> None:
        self.problem = problem
        super().__init__(message, path)


class KeyFileError(SyncError):
    """A key file cannot be read or does not hold an Ed25519 key."""

    kind = "key"
    german = "Eine Schlüsseldatei fehlt oder ist fehlerhaft."


class PublishError(SyncError):
    """The published tree cannot be written."""

    kind = "publish"
    german = "Die veröffentlichten Dateien lassen sich nicht schreiben."


class FetchError(SyncError):
    """The feed server could not be read; `url` names the address."""

    kind = "network"
    german = "Der Feed-Server war nicht erreichbar oder hat nicht vollständig geantwortet."
    status: int | None = None   # the HTTP status when the server answered with an error

    def __init__(self, message: str, url: str = "", *, german: str = "") -> None:
        self.url = url
        super().__init__(f"{message} ({url})" if url else message, german=german)


class TooLargeError(FetchError):
    """A response body is larger than the configured cap."""

    kind = "too_large"
    german = ("Die Antwort des Servers ist größer als erlaubt ([sync] max_feed_bytes); "
              "sie wird nicht übernommen.")


class DeadlineError(FetchError):
    """The whole job (one pull, one heartbeat, one calendar) took longer than allowed."""

    kind = "deadline"

    def __init__(self, message: str, url: str = "", *, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(message, url, german=(
            f"Der Abruf dauerte länger als die erlaubten {seconds:g} Sekunden und wurde "
            "abgebrochen ([sync] total_timeout_s)."))


class AssetError(SyncError):
    """A referenced asset is missing, too large or does not match its hash."""

    kind = "asset"
    german = ("Ein Bild des Feeds fehlt auf dem Server, ist zu groß oder beschädigt; der "
              "neue Stand wird nicht übernommen.")


class BusyError(SyncError):
    """Another sync process is working on the same data folder."""

    kind = "busy"
    german = "Eine andere Synchronisierung läuft gerade."


class StoreError(SyncError):
    """The terminal's SQLite file cannot be opened, migrated or written."""

    kind = "store"
    german = ("Die Datenbank des Terminals lässt sich nicht öffnen oder schreiben "
              "(Speicher voll oder Datei beschädigt?).")


class UpdateError(SyncError):
    """A software update could not be done (sync.update); the running release stays."""

    kind = "update"
    german = "Das Software-Update ist fehlgeschlagen; die bisherige Software läuft weiter."


class ReleaseError(UpdateError):
    """A release (or the hub's ring file naming it) does not pass verification."""

    kind = "release"
    german = ("Das Release wurde abgelehnt (Signatur oder Prüfsumme stimmt nicht); es wird "
              "nicht installiert.")


class BuildError(SyncError):
    """A release cannot be built (sync.release_build); `bad_input` for wrong options."""

    kind = "build"
    german = "Das Release konnte nicht gebaut werden."

    def __init__(self, message: str, *, german: str = "", bad_input: bool = False) -> None:
        super().__init__(message, german=german)
        self.bad_input = bad_input
