"""Benchmark of the QR panel: build an entry's payloads and render one code for the screen."""

from __future__ import annotations

import statistics
import time
from datetime import timedelta

from kiosk import qr_render
from kiosk.clock import system_clock
from kiosk.qr import qr_codes
from sync.model import Contact, Entry, Geo, Links, Occurrence, Place

RUNS = 50


def _entry(now) -> tuple[Entry, Place, list[Occurrence]]:
    # A full-size Termin (version 11, the largest code the screen shows).
    place = Place(id="gemeindehaus", name="Evangelisches Gemeindehaus",
                  address="Kirchgasse 12, Lindenbach (fiktiv)", geo=Geo(48.7044, 9.2151))
    entry = Entry(id="lb-vortrag-vorsorge", kind="event", category="hilfe",
                  title="Vortrag: Vorsorgevollmacht und Patientenverfügung",
                  summary="Was muss ich regeln, solange ich es noch selbst kann?",
                  contact=Contact(role="Quartiersbüro", phone="069 90009210",
                                  phone_hours="Mo bis Do, 9 bis 12 Uhr"),
                  organizer="Betreuungsverein im Landkreis (fiktiv)",
                  links=Links(page="https://lindenbach.example/e/lb-vortrag-vorsorge.html"))
    start = now + timedelta(days=3)
    return entry, place, [Occurrence(start, start + timedelta(minutes=90))]


def run() -> dict[str, float]:
    now = system_clock()
    entry, place, dates = _entry(now)
    timings = []
    for i in range(RUNS):
        # A different minute each run, so no cached code is reused: a cold build every time.
        shifted = [Occurrence(d.start + timedelta(minutes=i), d.end) for d in dates]
        start = time.perf_counter()
        codes = qr_codes(entry, place, shifted, now)
        bitmap = qr_render.render(codes[0].payload, qr_render.MIN_MODULE_PX)
        timings.append((time.perf_counter() - start) * 1000)
        assert codes[0].kind == "termin"
        assert qr_render.version(codes[0].payload) == qr_render.MAX_VERSION
        assert bitmap.size == qr_render.size_modules(codes[0].payload) * qr_render.MIN_MODULE_PX
    qr_render.clear_cache()
    return {"qr_render_ms": round(statistics.median(timings), 2)}
