"""HTTP details of the terminal's downloads."""

from sync.net import _date


def test_net_date_header_garbled_or_without_zone_is_ignored():
    assert _date("Tue, 01 Dec 2026 09:00:00 GMT").utcoffset().total_seconds() == 0
    assert _date("Tue, 01 Dec 2026 09:00:00 GMT, Tue, 01 Dec 2026 09:00:01 GMT") is None
    assert _date("Tue, 01 Dec 2026 09:00:00 -0000") is None  # RFC 2822: zone unknown
    assert _date("gestern") is None and _date(None) is None
