"""Exceptions of the sync package.

    SyncError                 anything sync refuses to do; carries a human message
    ├── ConfigError           kiosk.toml is unreadable or a key has a wrong value
    ├── FeedError             a feed document is not a valid format-1 feed
    │                         (.path names the JSON path of the bad field)
    ├── SourceError           a content source file (our own JSON) is invalid
    │                         (.path names the JSON path, .file the file)
    └── StoreError            the terminal database cannot be opened or written
"""

from __future__ import annotations


class SyncError(Exception):
    """Base of every error the sync package raises on purpose."""


class ConfigError(SyncError):
    """The configuration file or one of its keys is wrong."""


class FeedError(SyncError):
    """A feed does not match format 1; `path` names the bad field."""

    def __init__(self, message: str, path: str = "") -> None:
        self.path = path
        self.reason = message
        super().__init__(f"{path}: {message}" if path else message)


class SourceError(SyncError):
    """A content source file is invalid; names the file and the JSON path."""

    def __init__(self, message: str, path: str = "", file: str = "") -> None:
        self.path = path
        self.file = file
        self.reason = message
        where = ":".join(p for p in (file, path) if p)
        super().__init__(f"{where}: {message}" if where else message)


class StoreError(SyncError):
    """The terminal's SQLite file cannot be opened, migrated or written."""
