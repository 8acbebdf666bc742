"""The demo terminal (kiosk/demo.py): the demo content, applied as a pull would apply it."""

from __future__ import annotations

from kiosk import views
from kiosk.clock import fixed_clock
from kiosk.demo import load_demo
from kiosk.store import Store
from tests.helpers import berlin

NOW = berlin(2026, 12, 8, 10, 5)


def test_load_demo_offers_the_details_code_for_every_entry(tmp_path):
    db_path = load_demo(tmp_path, NOW)
    store = Store(db_path, clock=fixed_clock(NOW))
    ids = store.entry_ids()
    assert len(ids) >= 15
    for entry_id in ids:
        # As the demo app builds it: no feed URL, so the links must be whole addresses.
        view = views.detail_view(store, entry_id, NOW, page_base=None)
        details = [c for c in view.codes if c.kind == "details"]
        assert details, entry_id
        assert details[0].payload.startswith("https://") and details[0].payload.endswith(
            f"/e/{entry_id}.html")
