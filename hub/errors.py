"""Exceptions of the hub package.

    HubError                  anything the hub refuses to do; carries a German message for staff
    ├── ConfigError           hub.toml is unreadable or a key has a wrong value
    ├── InputError            a command-line argument or a value from staff is wrong
    │                         (add-user: unknown site, weak password, e-mail taken)
    ├── ImageError            an uploaded file is not a usable picture
    ├── CalendarError         an iCalendar file cannot be read or understood
    │   │                     (.line names the line of the file when it is known)
    │   └── CalendarFetchError  a calendar URL cannot be downloaded
    ├── SheetError            a spreadsheet cannot be read as a table of the template
    ├── PublishFailed         the publisher refused the content or could not write the tree
    └── BackupError           a backup cannot be written, or a backup file is damaged

Views turn these into messages next to a form or on a page; the CLI turns them into exit
codes (InputError, ConfigError, CalendarError and SheetError: 2; CalendarFetchError,
PublishFailed and BackupError: 1).
"""

from __future__ import annotations


class HubError(Exception):
    """Base of every error the hub raises on purpose; the message is German."""

    exit_code = 1


class ConfigError(HubError):
    """hub.toml cannot be read or one of its values is wrong."""

    exit_code = 2


class InputError(HubError):
    """A value given by staff or on the command line is wrong."""

    exit_code = 2


class ImageError(HubError):
    """An uploaded file is not a picture the hub can use."""

    exit_code = 2


class CalendarError(HubError):
    """An iCalendar document cannot be read; `line` is the line of the file (1-based)."""

    exit_code = 2

    def __init__(self, message: str, line: int | None = None, source: str = "") -> None:
        self.line = line
        self.source = source
        self.reason = message
        where = ", ".join(p for p in (source, f"Zeile {line}" if line else "") if p)
        super().__init__(f"{where}: {message}" if where else message)


class CalendarFetchError(CalendarError):
    """A calendar URL could not be downloaded; `detail` says why in English (logs, CLI),
    the message is the same for every reason (hub.calendar_fetch)."""

    exit_code = 1

    def __init__(self, message: str, line: int | None = None, source: str = "",
                 detail: str = "") -> None:
        self.detail = detail
        super().__init__(message, line, source)


class SheetError(HubError):
    """A spreadsheet is no table of the template (hub.sheet_read): nothing is applied."""

    exit_code = 2


class PublishFailed(HubError):
    """Publishing failed; the message says why in words staff can pass on."""

    exit_code = 1


class BackupError(HubError):
    """A backup could not be written or restored; the message names the file and why."""

    exit_code = 1
