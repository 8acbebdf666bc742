"""quartier-sync publish: content source → the signed static tree of DESIGN.md section 5.

    sites/<site>/feed.json        compact UTF-8 JSON, format 1
    sites/<site>/feed.json.sig    {"key_id", "sig"}: Ed25519 over the exact bytes
    assets/<sha256>.<ext>         images, scaled and stripped (sync.images)
    e/<entry-id>.html · .ics      phone page and calendar file (sync.phonepage, sync.ics)
    .quartier-publish/            publisher state (versions, content hashes, image cache)

Versions: a new version is max(last version + 1, the Unix time of publishing). It grows
by itself even if the state folder is lost, and a republished site never falls behind.
Unchanged content (everything but version and publishing times) writes nothing at all, so
HTTP caches and ETags stay valid; after half the feed's lifetime it is published again
with a new version anyway, so terminals never see it expire while the source is quiet.
Files are written atomically, the feed last, so a terminal never finds a feed whose
images or pages are missing.
"""

from __future__ import annotations

import copy
import hashlib
import json
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from nacl.signing import SigningKey

from sync import feed as feedlib
from sync import glossary, ics, phonepage, wording
from sync.errors import PublishError
from sync.files import exclusive_lock, write_atomic, write_if_changed
from sync.images import ImageResolver, asset_name
from sync.pubstate import load_state, prune_assets, save_state
from sync.signing import key_id, load_signing_key, sign
from sync.source import LoadedSource, build_feed, load_sources

log = logging.getLogger(__name__)
STATE_DIR = ".quartier-publish"
BERLIN = ZoneInfo("Europe/Berlin")
WARN_FEED_BYTES = 8_000_000  # the terminals' default cap ([sync] max_feed_bytes)


@dataclass
class SiteResult:
    site: str
    file: str
    version: int
    changed: bool
    entries: int
    feed_bytes: int
    pages_written: int = 0


@dataclass
class _Built:
    src: LoadedSource
    doc: dict
    digest: str
    out_dir: Path
    known_pages: dict[str, str]                 # entry id -> digest of its published page
    page_digests: dict[str, str] = field(default_factory=dict)
    pages: dict[str, bytes] = field(default_factory=dict)        # only the ones to write
    calendars: dict[str, bytes | None] = field(default_factory=dict)
    assets: list[str] = field(default_factory=list)

    @property
    def site(self) -> str:
        return self.doc["site"]

    def page_path(self, entry_id: str) -> Path:
        return self.out_dir / "e" / f"{entry_id}.html"


def publish(source: str, key_path: Path, out_dir: Path, base_url: str | None = None,
            now: datetime | None = None) -> list[SiteResult]:
    """Publish every site of `source` (FILE, DIR or "demo") into `out_dir`."""
    now = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    key = load_signing_key(key_path)
    sources = load_sources(source, now.astimezone(BERLIN).date())
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PublishError(f"{out_dir}: cannot create the folder ({exc.strerror})") from exc
    with exclusive_lock(out_dir / STATE_DIR / "lock", "quartier-sync publish"):
        state = load_state(out_dir / STATE_DIR)
        resolver = ImageResolver(out_dir / "assets", state["images"])
        built = [_build(src, resolver, base_url, now, state["pages"], out_dir)
                 for src in sources]
        _check_ids(built, state)
        old_entries = {b.site: set(state["sites"].get(b.site, {}).get("entries", []))
                       for b in built}
        results = [_write_site(b, key, out_dir, state, now) for b in built]
        _retire_pages(old_entries, state, out_dir)
        prune_assets(out_dir / "assets", state)
        save_state(out_dir / STATE_DIR, state)
    return results


def _build(src: LoadedSource, resolver: ImageResolver, base_url: str | None,
           now: datetime, known_pages: dict[str, str], out_dir: Path) -> _Built:
    prepared, assets = resolver.resolve_source(src.doc, src.base_dir, src.file)
    if base_url:
        prepared["base_url"] = base_url.rstrip("/")
    doc = build_feed(copy.deepcopy(prepared), version=1, now=now, file=src.file)
    tz = ZoneInfo(src.doc.get("timezone", "Europe/Berlin"))
    places = {p["id"]: p for p in doc["places"]}
    built = _Built(src, doc, "", out_dir, known_pages,
                   assets=[asset_name(s, a["type"]) for s, a in assets.items()])
    for entry in doc["entries"]:
        _add_pages(built, entry, places.get(entry.get("place_id")), tz, now)
    built.digest = _digest(doc)
    return built


def _add_pages(built: _Built, entry: dict, place: dict | None, tz: ZoneInfo,
               now: datetime) -> None:
    entry_id = entry["id"]
    base = built.doc.get("base_url")
    entry["links"] = phonepage.page_links(entry, base)
    image = entry.get("image")
    image_src = None
    if image:
        info = built.doc["assets"][image["sha256"]]
        image_src = f"../assets/{asset_name(image['sha256'], info['type'])}"
    digest = _page_digest(entry, place, base, str(tz), image_src, now.year)
    built.page_digests[entry_id] = digest
    if built.known_pages.get(entry_id) == digest and built.page_path(entry_id).exists():
        return  # as published last time: neither rendered nor written again
    page_url = f"{base}/e/{entry_id}.html" if base else None
    calendar = ics.render(entry, place, tz=tz, stamp=now, page_url=page_url)
    html = phonepage.render(entry, place, ics_name=f"{entry_id}.ics" if calendar else None,
                            image_src=image_src)
    built.pages[entry_id] = html.encode("utf-8")
    built.calendars[entry_id] = calendar


def _page_digest(*parts: object) -> str:
    """Hash what a phone page and calendar file are made of, the renderer's code included."""
    text = json.dumps([_RENDERER, *parts], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _renderer_digest() -> str:
    # A change to the page or calendar code renders every page again, without a version
    # number anyone has to remember to bump.
    digest = hashlib.sha256()
    for module in (phonepage, ics, wording, glossary):
        digest.update(Path(module.__file__ or "").read_bytes())
    return digest.hexdigest()


def _digest(doc: dict) -> str:
    """Hash everything a terminal or a phone sees, except version and publishing times."""
    content = {k: v for k, v in doc.items() if k not in ("version", "generated_at",
                                                         "expires_at")}
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _check_ids(built: list[_Built], state: dict) -> None:
    # e/<id>.html is shared by all sites of a tree: the same id must mean the same page.
    owners: dict[str, tuple[str, str]] = {}
    for b in built:
        for entry_id, digest in b.page_digests.items():
            other = owners.get(entry_id)
            if other and other[1] != digest:
                raise PublishError(f"{b.src.file}: entry id {entry_id!r} is also in "
                                   f"{other[0]} with different content")
            owners[entry_id] = (b.src.file, digest)
    in_run = {b.site for b in built}
    for site, st in state["sites"].items():
        if site in in_run:
            continue
        for entry_id in set(st.get("entries", [])) & owners.keys():
            if state["pages"].get(entry_id) != owners[entry_id][1]:
                raise PublishError(f"{owners[entry_id][0]}: entry id {entry_id!r} is already "
                                   f"published for site {site!r} with different content")


def _write_site(b: _Built, key: SigningKey, out_dir: Path, state: dict,
                now: datetime) -> SiteResult:
    site_dir = out_dir / "sites" / b.site
    feed_path, sig_path = site_dir / "feed.json", site_dir / "feed.json.sig"
    st = state["sites"].setdefault(b.site, {})
    pages = _write_pages(b, out_dir)
    for entry_id in b.pages:
        state["pages"][entry_id] = b.page_digests[entry_id]
    kid = key_id(key.verify_key)
    fresh = (st.get("content_sha256") == b.digest and st.get("key_id") == kid
             and now < _time(st.get("refresh_after")) and _intact(feed_path, sig_path, st))
    if fresh:
        log.info("publish %s: unchanged (version %s)", b.site, st["version"])
        return SiteResult(b.site, b.src.file, st["version"], False, len(b.doc["entries"]),
                          feed_path.stat().st_size, pages)
    version = max(max(st.get("version", 0), _existing_version(feed_path)) + 1,
                  int(now.timestamp()))
    doc = {**b.doc, "version": version}
    feedlib.validate(doc)  # never sign anything a terminal would refuse
    body = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if len(body) > WARN_FEED_BYTES:
        log.warning("publish %s: feed.json has %d bytes, more than terminals accept by "
                    "default ([sync] max_feed_bytes)", b.site, len(body))
    write_atomic(feed_path, body)
    write_atomic(sig_path, sign(body, key))
    generated = datetime.fromisoformat(doc["generated_at"])
    expires = datetime.fromisoformat(doc["expires_at"])
    st.update({
        "version": version, "content_sha256": b.digest, "key_id": kid,
        "feed_sha256": hashlib.sha256(body).hexdigest(), "generated_at": doc["generated_at"],
        "refresh_after": (generated + (expires - generated) / 2).isoformat(),
        "entries": sorted(b.page_digests),
        "previous_assets": sorted(set(st.get("assets", [])) - set(b.assets)),
        "assets": sorted(b.assets), "source": b.src.file,
    })
    log.info("publish %s: version %d, %d entries, %d bytes", b.site, version,
             len(doc["entries"]), len(body))
    return SiteResult(b.site, b.src.file, version, True, len(doc["entries"]), len(body), pages)


def _write_pages(b: _Built, out_dir: Path) -> int:
    written = 0
    folder = out_dir / "e"
    for entry_id, page in b.pages.items():
        written += write_if_changed(folder / f"{entry_id}.html", page)
        calendar = b.calendars[entry_id]
        ics_path = folder / f"{entry_id}.ics"
        if calendar is None:
            ics_path.unlink(missing_ok=True)
        else:
            written += write_if_changed(ics_path, calendar, ics.same_ignoring_stamp)
    return written


def _retire_pages(old_entries: dict[str, set[str]], state: dict, out_dir: Path) -> None:
    """Replace the pages of entries no site publishes any more with a short notice."""
    live = {e for st in state["sites"].values() for e in st.get("entries", [])}
    gone_page = phonepage.render_gone().encode("utf-8")
    for entry_id in set().union(*old_entries.values()) - live:
        state["pages"].pop(entry_id, None)
        write_if_changed(out_dir / "e" / f"{entry_id}.html", gone_page)
        (out_dir / "e" / f"{entry_id}.ics").unlink(missing_ok=True)


def _intact(feed_path: Path, sig_path: Path, st: dict) -> bool:
    try:
        body = feed_path.read_bytes()
    except OSError:
        return False
    return sig_path.exists() and hashlib.sha256(body).hexdigest() == st.get("feed_sha256")


def _existing_version(feed_path: Path) -> int:
    try:
        version = json.loads(feed_path.read_bytes()).get("version", 0)
    except (OSError, ValueError, AttributeError):
        return 0
    return version if isinstance(version, int) else 0


def _time(text: str | None) -> datetime:
    if not text:
        return datetime.min.replace(tzinfo=UTC)
    return datetime.fromisoformat(text)


_RENDERER = _renderer_digest()
