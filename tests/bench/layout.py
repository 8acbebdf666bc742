"""How the screen's room is used (issue 12), on the demo over a week of mornings and
afternoons: pages of the longest detail at the largest text size, rows of a list page at
the default size. Window-free: the paging is what the screens lay out."""

from __future__ import annotations

import statistics
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from kiosk import paging, views
from kiosk.clock import TZ, fixed_clock
from kiosk.demo import load_demo
from kiosk.frames import frame
from kiosk.store import Store
from kiosk.theme import metrics

FIRST_DAY = datetime(2026, 12, 7, tzinfo=TZ)   # a Monday
TIMES = ((10, 5), (17, 30))
LANDSCAPE, PORTRAIT = (1920, 1080), (1080, 1920)


def _moments() -> list[datetime]:
    return [FIRST_DAY + timedelta(days=day, hours=h, minutes=m)
            for day in range(7) for h, m in TIMES]


def _lists(store: Store) -> list[str]:
    info = store.info()
    return ["today", "week"] + [f"category:{c.id}" for c in (info.categories if info else [])]


def run() -> dict[str, float]:
    pages_l, pages_p, with_qr, rows, week_pages = [], [], [], [], []
    large_l = frame(*LANDSCAPE, metrics(1920 / 476, 2))
    large_p = frame(*PORTRAIT, metrics(1920 / 476, 2))
    small = frame(*LANDSCAPE, metrics(1920 / 476, 0))
    with tempfile.TemporaryDirectory() as tmp:
        for now in _moments():
            data = Path(tmp) / now.strftime("%d%H")
            store = Store(load_demo(data, now), clock=fixed_clock(now))
            for entry_id in store.entry_ids(now):
                view = views.detail_view(store, entry_id, now, asset_dir=data / "assets")
                text = len(paging.detail_layout(view, large_l)[1])
                pages_l.append(text)
                with_qr.append(text + (1 if view.codes else 0))
                pages_p.append(len(paging.detail_layout(view, large_p)[1]))
            for key in _lists(store):
                view = views.list_view(store, key, now)
                fit = paging.title_fit(view.title, small, small.width - 2 * small.m.pad)
                pages = paging.list_pages(view.rows, small, fit.header)
                rows += [len(page) for page in pages[:-1]]     # the last may hold fewer
                if key == "week":
                    large_fit = paging.title_fit(view.title, large_l,
                                                 large_l.width - 2 * large_l.m.pad)
                    week_pages.append(len(paging.list_pages(view.rows, large_l,
                                                            large_fit.header)))
            store.close()
    return {
        "detail_pages_max_size2": max(pages_l),
        "detail_pages_max_size2_with_qr": max(with_qr),
        "detail_pages_mean_size2": round(statistics.mean(pages_l), 2),
        "detail_pages_max_size2_portrait": max(pages_p),
        "list_rows_per_page_size0": round(statistics.median(rows), 1),
        "list_rows_per_page_size0_min": min(rows),
        "week_list_pages_max_size2": max(week_pages),
    }
