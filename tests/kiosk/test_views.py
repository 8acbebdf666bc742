"""What the screens show, built from a real store: tiles, rows, banners, sections, speech."""

from __future__ import annotations

import pytest

from kiosk import paging, polls, speech_text, text, views
from kiosk.frames import frame
from kiosk.store import Store
from kiosk.text.keep import plain_spaces
from kiosk.theme import metrics
from sync.apply import apply_feed
from tests.helpers import berlin, entry, make_feed

NOW = berlin(2026, 12, 1, 10, 0)


@pytest.fixture
def demo_store(db_path, demo_feed):
    apply_feed(db_path, demo_feed)
    return Store(db_path)


def test_home_view_has_fixed_tiles_then_feed_categories(demo_store):
    home = views.home_view(demo_store, NOW)
    assert [t.label for t in home.tiles] == ["Heute", "Diese Woche", "Treffen & Bewegung",
                                             "Hilfe & Beratung", "Mitmachen"]
    assert home.date_line == "Heute ist Dienstag, 1. Dezember 2026"
    assert home.greeting == "Guten Morgen!" and home.site_name
    assert home.tiles[0].hint.endswith(("Termin", "Termine"))
    assert home.next_heading == views.NOW_HEADING and home.stand.startswith("Stand: ")


def test_home_view_without_content_says_so(tmp_path):
    home = views.home_view(Store(tmp_path / "none.sqlite"), NOW)
    assert home.tiles[:2] and "Noch keine Inhalte" in home.empty_today


def test_rows_say_status_in_words(db_path):
    cancelled = entry("a", berlin(2026, 12, 1, 15))
    cancelled["occurrences"][0].update(status="cancelled", note="Die Leiterin ist krank.")
    apply_feed(db_path, make_feed([cancelled, entry("b", berlin(2026, 12, 1, 16),
                                                    status="full")]))
    rows = views.list_view(Store(db_path), "today", NOW).rows
    assert rows[0].headline == "Heute, 15:00 bis 16:00 Uhr"
    assert rows[0].status == "Fällt aus: Die Leiterin ist krank."
    assert rows[0].status_kind == "cancelled"
    assert rows[1].status == "Ausgebucht" and rows[1].status_kind == "full"


def test_row_of_an_ongoing_event_starts_with_jetzt(db_path):
    apply_feed(db_path, make_feed([entry("a", berlin(2026, 12, 1, 9, 30), minutes=120)]))
    (row,) = views.list_view(Store(db_path), "today", NOW).rows
    assert row.headline == "Jetzt, bis 11:30 Uhr"


def test_category_rows_of_offers_show_opening(demo_store):
    rows = views.list_view(demo_store, "category:hilfe", NOW).rows
    pflege = next(r for r in rows if r.entry_id == "lb-pflegestuetzpunkt")
    assert pflege.headline == "Jetzt geöffnet bis 12:00 Uhr" and pflege.status_kind == "open"


def test_detail_view_key_facts_come_first_with_status(demo_store):
    detail = views.detail_view(demo_store, "lb-vortrag-vorsorge", NOW)
    assert detail.banner.kind == "full" and detail.banner.text.startswith("Ausgebucht")
    assert set(detail.banner.facts) == {"status", "registration"}   # "– Warteliste"
    facts = [(line.icon, line.facts) for line in detail.facts]
    assert facts == [("calendar", ("next_date",)), ("location", ("place",)),
                     ("euro", ("cost",)), ("phone", ("registration",))]
    assert detail.facts[3].text == "069 90009 210 (montags bis donnerstags, 9 bis 12 Uhr)"
    assert "ausgebucht" not in detail.facts[0].text    # the status above says it
    assert [s.heading for s in detail.sections] == ["", "Zugang"]
    cancelled = views.detail_view(demo_store, "lb-konzert", NOW)
    assert cancelled.banner.kind == "cancelled" and "Chorleiter" in cancelled.banner.text


def test_detail_view_registration_says_whether_by_when_and_how(demo_store):
    course = views.detail_view(demo_store, "lb-sturzprophylaxe", NOW)
    registration = [line for line in course.facts if "registration" in line.facts]
    assert registration[0].text.startswith("Bitte anmelden bis ")
    assert registration[-1].style == "phone" and "(montags bis freitags, 17 bis 19 Uhr)" in \
        registration[-1].text
    more = course.sections[-2]
    assert any(line.text == "Noch 5 Plätze frei" for line in more.lines)
    free = views.detail_view(demo_store, "lb-spielenachmittag", NOW)
    assert [line.text for line in free.facts if "registration" in line.facts] == \
        ["Sie müssen sich nicht anmelden"]     # and no phone to register
    assert any(line.style == "phone" for line in free.sections[-2].lines)


def test_detail_view_of_an_offer_has_hours_and_open_banner(demo_store):
    detail = views.detail_view(demo_store, "lb-pflegestuetzpunkt", NOW)
    assert detail.banner.text == "Jetzt geöffnet bis 12:00 Uhr"
    assert detail.banner.facts == ("next_date",)
    hours = next(s for s in detail.sections if s.heading == "Öffnungszeiten")
    assert hours.lines[0].text == "Dienstag, 9:00 bis 12:00 Uhr"


@pytest.mark.parametrize("size", [0, 1, 2])
@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1080, 1920)])
def test_detail_pages_hold_every_line_once_and_fit(demo_store, size, width, height):
    f = frame(width, height, metrics(1920 / 476, size))
    for entry_id in demo_store.entry_ids(NOW):
        view = views.detail_view(demo_store, entry_id, NOW)
        fit, pages = paging.detail_layout(view, f)
        if not paging.facts_on_first_page(view, pages):   # the phone's hours went below
            view = views.phone_hours_below(view)
        available = f.detail_text(fit.header).h
        words = " ".join(b.text for p in pages for b in p.blocks
                         if "(Fortsetzung)" not in b.text).split()
        expected = " ".join(([view.banner.text] if view.banner else [])
                            + [line.text for line in view.facts]
                            + ([polls.POLL_BUTTON] if view.poll_id else []) + [view.summary]
                            + [x for s in view.sections
                               for x in [s.heading] + [ln.text for ln in s.lines]])
        assert words == expected.split()
        for page in pages:
            assert page.blocks
            for column in page.columns:
                assert sum(b.height + f.m.mm(1) for b in column) <= available + 1
                assert not column or column[-1].kind != "heading"
        facts = {line.text for line in view.facts}
        assert facts <= {plain_spaces(b.text) for b in pages[0].blocks}, entry_id


def test_list_pages_hold_at_most_five_rows_that_fit(demo_store):
    f = frame(1080, 1920, metrics(1920 / 476, 0))
    view = views.list_view(demo_store, "week", NOW)
    pages = paging.list_pages(view.rows, f)
    assert [r.row for p in pages for r in p] == view.rows
    for page in pages:
        assert 1 <= len(page) <= 5
        assert sum(r.height for r in page) + (len(page) - 1) * f.m.gap <= f.list_area().h


def test_speech_text_reads_every_row_in_spoken_form(demo_store):
    f = frame(1920, 1080, metrics(1920 / 476, 0))
    view = views.list_view(demo_store, "today", NOW)
    pages = paging.list_pages(view.rows, f)
    said = speech_text.list_speech(view, pages, 0)
    for measured in pages[0]:
        assert text.spoken(measured.row.headline) in said
        assert text.spoken(measured.row.title) in said
    assert "Uhr" in said and ":" not in said.replace(": ", "")
    assert "Start, Zurück, Vorlesen, Schrift, Kontrast, Tempo und Lauter" in said


def test_detail_view_says_where_a_moved_date_went(db_path):
    moved = entry("a", berlin(2026, 12, 3, 14, 30), berlin(2026, 12, 11, 16))
    moved["occurrences"][1].update(status="moved", note="diesmal am Freitag",
                                   moved_from=berlin(2026, 12, 10, 14, 30).isoformat())
    first = entry("b", berlin(2026, 12, 4, 10), berlin(2026, 12, 11, 10))
    first["occurrences"][0].update(status="moved",
                                   moved_from=berlin(2026, 12, 3, 10).isoformat())
    apply_feed(db_path, make_feed([moved, first]))
    detail = views.detail_view(Store(db_path), "a", NOW)
    assert detail.facts[0].text == "Donnerstag, 3. Dezember, 14:30 bis 15:30 Uhr"
    more = next(s for s in detail.sections if s.heading == "Weitere Termine")
    assert more.lines[0].text == ("Donnerstag, 10. Dezember: verlegt auf Freitag, "
                                  "11. Dezember, 16:00 bis 17:00 Uhr (diesmal am Freitag)")
    # The next date itself moved: the key fact says where from.
    assert views.detail_view(Store(db_path), "b", NOW).facts[0].text == (
        "Donnerstag, 3. Dezember: verlegt auf Freitag, 4. Dezember, 10:00 bis 11:00 Uhr")


def test_detail_view_says_an_entrys_status_once(db_path):
    full = entry("a", berlin(2026, 12, 3, 14, 30), berlin(2026, 12, 10, 14, 30),
                 status="full")
    apply_feed(db_path, make_feed([full]))
    detail = views.detail_view(Store(db_path), "a", NOW)
    assert detail.banner.text == "Ausgebucht"
    assert detail.facts[0].text == "Donnerstag, 3. Dezember, 14:30 bis 15:30 Uhr"
    dates = [line.text for s in detail.sections for line in s.lines if "Dezember" in line.text]
    assert dates and not any("usgebucht" in d for d in dates), dates
    # A row of the lists shows one date: it says the status itself.
    assert views.list_view(Store(db_path), "week", NOW).rows[0].status == "Ausgebucht"


# -- plain German (issue 12) ------------------------------------------------------------------

def _all_texts(view: views.DetailView) -> list[str]:
    return [view.title, view.summary, *(view.banner.text for _ in [0] if view.banner),
            *(s.heading for s in view.sections),
            *(ln.text for s in view.sections for ln in s.lines)]


def test_detail_view_writes_out_abbreviated_floor_and_place(db_path):
    doc = make_feed([entry("a", berlin(2026, 12, 2, 15))])
    doc["places"][0].update(name="Ev. Gemeindehaus", room="Saal", floor="1. OG",
                            address="Hauptstr. 5, Lindenbach")
    apply_feed(db_path, doc)
    store = Store(db_path)
    view = views.detail_view(store, "a", NOW)
    assert [ln.text for ln in view.facts if "place" in ln.facts] == [
        "Evangelisches Gemeindehaus, Saal, 1. Obergeschoss"]
    assert "Adresse: Hauptstraße 5, Lindenbach" in [ln.text for s in view.sections
                                                    for ln in s.lines]
    (row,) = views.list_view(store, "week", NOW).rows
    assert row.place == "Evangelisches Gemeindehaus"


def test_detail_view_writes_out_short_weekdays_of_phone_hours(db_path):
    contact = {"role": "Büro", "phone": "069 90009201", "phone_hours": "Mo bis Fr, 9 bis 12 Uhr"}
    apply_feed(db_path, make_feed([entry("a", berlin(2026, 12, 2, 15), contact=contact)]))
    lines = [ln.text for s in views.detail_view(Store(db_path), "a", NOW).sections
             for ln in s.lines]
    assert "Büro, Telefon 069 90009 201 (montags bis freitags, 9 bis 12 Uhr)" in lines


def test_demo_details_show_no_glossary_abbreviation(demo_store):
    from kiosk.text.glossary import found

    for entry_id in demo_store.entry_ids(NOW):
        view = views.detail_view(demo_store, entry_id, NOW)
        for line in _all_texts(view):
            assert found(line, hours=True) == [], (entry_id, line)


def test_row_of_a_call_says_until_when_in_one_sentence(demo_store):
    rows = views.list_view(demo_store, "category:mitmachen", NOW).rows
    call = next(r for r in rows if r.entry_id == "lb-fahrer-gesucht")
    assert call.headline == "Gesucht bis 31. März 2027"


def test_detail_speech_never_says_anmeldung_ohne_anmeldung(demo_store):
    f = frame(1920, 1080, metrics(1920 / 476, 0))
    for entry_id in demo_store.entry_ids(NOW):
        view = views.detail_view(demo_store, entry_id, NOW)
        _fit, pages = paging.detail_layout(view, f)
        said = " ".join(speech_text.detail_speech(view, pages, n) for n in range(len(pages)))
        assert "Anmeldung: Ohne Anmeldung" not in said, entry_id
        assert "erforderlich" not in said and "erbeten" not in said, entry_id


# -- time order (issue 12) --------------------------------------------------------------------

MORNING = berlin(2026, 12, 8, 10, 5)     # Tuesday: two offers open now, the Treff running
AFTERNOON = berlin(2026, 12, 7, 16, 8)   # Monday: today is over


def _demo_at(tmp_path, now) -> Store:
    from kiosk.demo import load_demo

    return Store(load_demo(tmp_path / now.strftime("%d%H%M"), now))


def _moments(rows: list, now) -> list:
    from kiosk.meaning.german import row_moment

    return [m for m in (row_moment(r.headline, now.replace(tzinfo=None)) for r in rows)
            if m is not None]


@pytest.mark.parametrize("now", [MORNING, AFTERNOON, berlin(2026, 12, 8, 8, 30)])
def test_list_view_every_list_is_in_time_order_with_open_offers_first(tmp_path, now):
    store = _demo_at(tmp_path, now)
    keys = ["today", "week", *(f"category:{c.id}" for c in store.info().categories)]
    for key in keys:
        rows = views.list_view(store, key, now).rows
        moments = _moments(rows, now)
        assert moments == sorted(moments), (key, [r.headline for r in rows])
        dated = [r for r in rows if _moments([r], now)]
        assert rows[:len(dated)] == dated, key     # rows without a time come last


def test_list_view_hilfe_shows_the_offers_open_now_at_the_top(tmp_path):
    """Issue 12: "Hilfe & Beratung" ran 16 Dec, 20 Dec, then the offers open now and
    "morgen 9:00"."""
    rows = views.list_view(_demo_at(tmp_path, MORNING), "category:hilfe", MORNING).rows
    assert [r.headline for r in rows[:2]] == ["Jetzt geöffnet bis 12:00 Uhr"] * 2
    assert {r.status_kind for r in rows[:2]} == {"open"}
    assert rows[2].headline.startswith("Nächste Sprechstunde: morgen, Mittwoch")


def test_list_view_today_starts_with_the_offers_open_now(tmp_path):
    store = _demo_at(tmp_path, MORNING)
    rows = views.list_view(store, "today", MORNING).rows
    assert [r.entry_id for r in rows[:3]] == ["lb-pflegestuetzpunkt", "lb-buergerbus",
                                              "lb-offener-treff"]
    assert rows[2].headline == "Jetzt, bis 12:00 Uhr"


def test_home_view_says_what_is_on_now_and_in_the_next_hour(tmp_path):
    store = _demo_at(tmp_path, MORNING)
    home = views.home_view(store, MORNING)
    assert home.next_heading == "Jetzt und in der nächsten Stunde"
    assert [r.headline for r in home.next_rows] == [
        "Jetzt geöffnet bis 12:00 Uhr", "Jetzt geöffnet bis 12:00 Uhr", "Jetzt, bis 12:00 Uhr"]
    early = berlin(2026, 12, 8, 8, 30)   # the Pflegestützpunkt opens at 9:00
    soon = views.home_view(_demo_at(tmp_path, early), early).next_rows
    assert [r.headline for r in soon] == ["Jetzt geöffnet bis 12:00 Uhr",
                                          "Nächste Sprechstunde: heute, 9:00 Uhr"]


def test_home_view_after_the_last_event_says_nothing_is_left_today(tmp_path):
    store = _demo_at(tmp_path, AFTERNOON)
    home = views.home_view(store, AFTERNOON)
    assert home.next_heading == "Als Nächstes" and home.next_rows == []
    assert home.empty_today == "Heute steht nichts mehr an."


@pytest.mark.parametrize("now", [MORNING, AFTERNOON, berlin(2026, 12, 8, 13, 0),
                                 berlin(2026, 12, 8, 21, 0)])
def test_home_view_never_contradicts_the_attract_screen(tmp_path, now):
    """What Start names for now and today leads the attract screen's slides; when Start
    says nothing is left today, the attract screen shows no row of today."""
    store = _demo_at(tmp_path, now)
    home, attract = views.home_view(store, now), views.attract_view(store, now)
    assert attract.slides[:len(home.next_rows)] == home.next_rows
    if not home.next_rows:
        assert not any(r.headline.startswith(("Heute", "Jetzt")) for r in attract.slides)


def test_detail_phone_hours_go_below_only_where_page_1_cannot_hold_them(demo_store):
    # At the largest text a status with its reason, a long place and a phone with hours
    # need more than page 1: the number stays a key fact there, its hours follow below.
    view = views.detail_view(demo_store, "lb-vortrag-vorsorge", NOW)
    for size, moved in ((0, False), (2, True)):
        f = frame(1920, 1080, metrics(1920 / 476, size))
        _fit, pages = paging.detail_layout(view, f)
        first = [plain_spaces(b.text) for b in pages[0].blocks]
        assert "069 90009 210" in " ".join(first)
        assert ("069 90009 210 (montags bis donnerstags, 9 bis 12 Uhr)" in first) != moved
        later = [plain_spaces(b.text) for p in pages for b in p.blocks]
        assert ("Telefonisch erreichbar montags bis donnerstags, 9 bis 12 Uhr" in later) == moved
        assert paging.facts_on_first_page(view, pages) != moved
