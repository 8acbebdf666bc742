"""German wording for screens and speech (Babel for dates and numbers).

`written` gives what the screen shows; `spoken` rewrites it for a speech engine. Both are
re-exported here, so callers write `from kiosk import text` and `text.when_text(...)`.
"""

from kiosk.text.spoken_forms import (
    number,
    ordinal,
    speak_date,
    speak_euro,
    speak_phone,
    speak_time,
    spoken,
)
from kiosk.text.written import (
    DASH,
    KIND_WORDS,
    STATUS_WORDS,
    access_lines,
    capitalize,
    clock_time,
    cost_text,
    date_text,
    day_text,
    end_time_text,
    euro_text,
    full_date,
    hours_lines,
    join_words,
    moved_text,
    opening_text,
    page_text,
    phone_text,
    registration_text,
    seats_text,
    short_date,
    stand_text,
    start_text,
    status_text,
    time_range,
    time_text,
    when_text,
)

__all__ = [
    "DASH", "KIND_WORDS", "STATUS_WORDS", "access_lines", "capitalize", "clock_time",
    "cost_text", "date_text", "day_text", "end_time_text", "euro_text", "full_date", "hours_lines",
    "join_words", "moved_text", "number", "opening_text", "ordinal", "page_text", "phone_text",
    "registration_text", "seats_text", "short_date", "speak_date", "speak_euro",
    "speak_phone", "speak_time", "spoken", "stand_text", "start_text", "status_text",
    "time_range", "time_text", "when_text",
]
