"""The glossary of plain German for the terminal: what staff abbreviate and how the
screen and speech write it out ("1. OG" → "1. Obergeschoss").

The table and the expansion live in sync.glossary, because the phone pages the
publisher writes need them too and sync may not import kiosk.
"""

from sync.glossary import ABBREVIATIONS, WEEKDAY_ABBREVIATIONS, found, plain, plain_hours

__all__ = ["ABBREVIATIONS", "WEEKDAY_ABBREVIATIONS", "found", "plain", "plain_hours"]
