"""Exceptions of the sync package.

    SyncError                 anything sync refuses to do; carries a human message
    ├── ConfigError           kiosk.toml is unreadable or a key has a wrong value
    ├── FeedError             a feed document is not a valid format-1 feed
    │   │                     (.path names the JSON path of the bad field)
    │   ├── SignatureError    feed.json.sig is missing, malformed, by an unknown key or wrong
    │   └── StaleVersionError the feed's version is not newer than the applied one (rollback)
    ├── SourceError           a content source file (our own JSON) is invalid
    │   │                     (.path names the JSON path, .file the file)
    │   └── RuleError         a repetition rule is unreadable or not allowed
    │                         (.problem: invalid, too_often, unsupported)
    ├── KeyFileError          a signing or public key file is missing or malformed
    ├── PublishError          the published tree cannot be written (disk, lock, id clash)
    ├── FetchError            the feed server could not be read: connection, timeout,
    │   │                     HTTP status, a body that ends early (.url names the address)
    │   └── TooLargeError     a body is larger than the configured cap
    ├── AssetError            a referenced image is missing, too large or has the wrong hash
    ├── BusyError             another sync process holds the data folder's lock
    └── StoreError            the terminal database cannot be opened or written

Every error has a `kind` (a short stable word for logs, status and heartbeat).
"""

from __future__ import annotations


class SyncError(Exception):
    """Base of every error the sync package raises on purpose."""

    kind = "error"


class ConfigError(SyncError):
    """The configuration file or one of its keys is wrong."""

    kind = "config"


class FeedError(SyncError):
    """A feed does not match format 1; `path` names the bad field."""

    kind = "feed"

    def __init__(self, message: str, path: str = "") -> None:
        self.path = path
        self.reason = message
        super().__init__(f"{path}: {message}" if path else message)


class SignatureError(FeedError):
    """The feed's signature is missing, malformed, by an unknown key or does not match."""

    kind = "signature"


class StaleVersionError(FeedError):
    """The feed's version is not newer than the one already applied (a rollback)."""

    kind = "version"


class SourceError(SyncError):
    """A content source file is invalid; names the file and the JSON path."""

    kind = "source"

    def __init__(self, message: str, path: str = "", file: str = "") -> None:
        self.path = path
        self.file = file
        self.reason = message
        where = ":".join(p for p in (file, path) if p)
        super().__init__(f"{where}: {message}" if where else message)


class RuleError(SourceError):
    """A repetition rule (RRULE) cannot be read or is not allowed here; `problem` says
    which: "invalid", "too_often" (finer than once a day) or "unsupported"."""

    def __init__(self, problem: str, message: str, path: str = "") -> None:
        self.problem = problem
        super().__init__(message, path)


class KeyFileError(SyncError):
    """A key file cannot be read or does not hold an Ed25519 key."""

    kind = "key"


class PublishError(SyncError):
    """The published tree cannot be written."""

    kind = "publish"


class FetchError(SyncError):
    """The feed server could not be read; `url` names the address."""

    kind = "network"

    def __init__(self, message: str, url: str = "") -> None:
        self.url = url
        super().__init__(f"{message} ({url})" if url else message)


class TooLargeError(FetchError):
    """A response body is larger than the configured cap."""

    kind = "too_large"


class AssetError(SyncError):
    """A referenced asset is missing, too large or does not match its hash."""

    kind = "asset"


class BusyError(SyncError):
    """Another sync process is working on the same data folder."""

    kind = "busy"


class StoreError(SyncError):
    """The terminal's SQLite file cannot be opened, migrated or written."""

    kind = "store"
