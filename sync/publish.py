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
images or pages are missing; a site's feed.json and its signature change together in one
rename of a link (sync.publish_tree), and a pair that does not verify is repaired before
anything is published.
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

from nacl.signing import SigningKey, VerifyKey

from sync import feed as feedlib
from sync import glossary, ics, phonepage, wording
from sync import publish_tree as tree
from sync.errors import PublishError, SourceError, SyncError
from sync.files import exclusive_lock, write_if_changed
from sync.images import ImageResolver, asset_name
from sync.pubstate import load_state, prune_assets, save_state
from sync.signing import key_id, load_signing_key, sign
from sync.source import (
    ENTRY_FAULTS,
    LoadedSource,
    Skipped,
    build_feed,
    drop_unused_assets,
    load_sources,
)

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
    skipped: list[Skipped] = field(default_factory=list)   # entries left out (skip_bad)
    failed: SyncError | None = None     # the site was not published (skip_bad); why


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
    skipped: list[Skipped] | None = None       # a list when faulty entries are left out

    @property
    def site(self) -> str:
        return self.doc["site"]

    def page_path(self, entry_id: str) -> Path:
        return self.out_dir / "e" / f"{entry_id}.html"


def publish(source: str, key_path: Path, out_dir: Path, base_url: str | None = None,
            now: datetime | None = None, skip_bad: bool = False) -> list[SiteResult]:
    """Publish every site of `source` (FILE, DIR or "demo") into `out_dir`.

    With `skip_bad`, an entry that fails is left out (SiteResult.skipped) and a site whose
    feed fails as a whole is not published (SiteResult.failed), while the other sites are;
    without it, any fault in any source raises and nothing is published."""
    now = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    key = load_signing_key(key_path)
    sources = load_sources(source, now.astimezone(BERLIN).date())
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PublishError(f"{out_dir}: cannot create the folder ({exc.strerror})") from exc
    with exclusive_lock(out_dir / STATE_DIR / "lock", "quartier-sync publish"):
        tree.repair(out_dir, key.verify_key)
        state = load_state(out_dir / STATE_DIR)
        resolver = ImageResolver(out_dir / "assets", state["images"])
        built, failed = [], []
        for src in sources:
            try:
                built.append(_build(src, resolver, base_url, now, state["pages"], out_dir,
                                    skip_bad))
            except (SourceError, PublishError) as exc:
                if not skip_bad:
                    raise
                failed.append(_failed(src, exc, state))
        for b, exc in _check_ids(built, state, raise_first=not skip_bad):
            built.remove(b)
            failed.append(_failed(b.src, exc, state))
        old_entries = {b.site: set(state["sites"].get(b.site, {}).get("entries", []))
                       for b in built}
        results = [_write_site(b, key, out_dir, state, now) for b in built]
        _retire_pages(old_entries, state, out_dir)
        prune_assets(out_dir / "assets", state)
        save_state(out_dir / STATE_DIR, state)
    return results + failed


def repair_tree(out_dir: Path, public: VerifyKey) -> list[tree.Problem]:
    """Verify every site's live feed.json + .sig with `public`, point a site whose pair
    does not verify at its newest good version, and return what was found (waits for
    nobody: raises BusyError while a publish is running)."""
    if not (out_dir / "sites").is_dir():
        return []
    with exclusive_lock(out_dir / STATE_DIR / "lock", "quartier-sync publish"):
        return tree.repair(out_dir, public)


def _failed(src: LoadedSource, exc: SyncError, state: dict) -> SiteResult:
    site = str(src.doc.get("site"))
    log.error("publish %s: not published: %s", site, exc)
    version = state["sites"].get(site, {}).get("version", 0)
    return SiteResult(site, src.file, version, False, 0, 0, failed=exc)


def _build(src: LoadedSource, resolver: ImageResolver, base_url: str | None,
           now: datetime, known_pages: dict[str, str], out_dir: Path,
           skip_bad: bool = False) -> _Built:
    skipped: list[Skipped] | None = [] if skip_bad else None
    prepared, assets = resolver.resolve_source(src.doc, src.base_dir, src.file, skipped)
    if base_url:
        prepared["base_url"] = base_url.rstrip("/")
    doc = build_feed(copy.deepcopy(prepared), version=1, now=now, file=src.file,
                     skipped=skipped)
    tz = ZoneInfo(src.doc.get("timezone", "Europe/Berlin"))
    places = {p["id"]: p for p in doc["places"]}
    built = _Built(src, doc, "", out_dir, known_pages,
                   assets=[asset_name(s, a["type"]) for s, a in assets.items()],
                   skipped=skipped)
    for entry in list(doc["entries"]):
        try:
            _add_pages(built, entry, places.get(entry.get("place_id")), tz, now)
        except ENTRY_FAULTS as exc:
            if skipped is None:
                raise
            log.warning("publish %s: entry %r left out, its page cannot be made: %s: %s",
                        built.site, entry.get("id"), type(exc).__name__, exc)
            skipped.append(Skipped.of(entry, "", "the phone page or calendar file cannot be "
                                      f"made ({type(exc).__name__}: {exc})"))
            _forget_entry(built, entry)
    built.digest = _digest(doc)
    return built


def _forget_entry(built: _Built, entry: dict) -> None:
    built.doc["entries"].remove(entry)
    drop_unused_assets(built.doc)
    for table in (built.page_digests, built.pages, built.calendars):
        table.pop(entry["id"], None)


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


def _check_ids(built: list[_Built], state: dict, raise_first: bool = True
               ) -> list[tuple[_Built, PublishError]]:
    """Sites that publish an entry id another site publishes with other content.

    e/<id>.html is shared by all sites of a tree: the same id must mean the same page."""
    clashes: list[tuple[_Built, PublishError]] = []
    owners: dict[str, tuple[str, str]] = {}
    in_run = {b.site for b in built}
    for b in built:
        mine: dict[str, tuple[str, str]] = {}
        for entry_id, digest in b.page_digests.items():
            other = owners.get(entry_id)
            if other and other[1] != digest:
                clashes.append((b, PublishError(f"{b.src.file}: entry id {entry_id!r} is also "
                                                f"in {other[0]} with different content")))
                break
            mine[entry_id] = (b.src.file, digest)
        else:
            owners.update(mine)
    for site, st in state["sites"].items():
        if site in in_run:
            continue
        for entry_id in sorted(set(st.get("entries", [])) & owners.keys()):
            if state["pages"].get(entry_id) != owners[entry_id][1]:
                b = next(b for b in built if b.page_digests.get(entry_id) == owners[entry_id][1])
                clashes.append((b, PublishError(
                    f"{owners[entry_id][0]}: entry id {entry_id!r} is already published for "
                    f"site {site!r} with different content")))
    if clashes and raise_first:
        raise clashes[0][1]
    unique = {id(b): (b, exc) for b, exc in reversed(clashes)}
    return list(unique.values())


def _write_site(b: _Built, key: SigningKey, out_dir: Path, state: dict,
                now: datetime) -> SiteResult:
    site_dir = tree.site_dir(out_dir, b.site)
    feed_path, sig_path = site_dir / tree.FEED, site_dir / tree.SIG
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
                          feed_path.stat().st_size, pages, b.skipped or [])
    version = max(max(st.get("version", 0), _existing_version(out_dir, b.site)) + 1,
                  int(now.timestamp()))
    doc = {**b.doc, "version": version}
    feedlib.validate(doc)  # never sign anything a terminal would refuse
    body = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if len(body) > WARN_FEED_BYTES:
        log.warning("publish %s: feed.json has %d bytes, more than terminals accept by "
                    "default ([sync] max_feed_bytes)", b.site, len(body))
    tree.install(out_dir, b.site, version, body, sign(body, key))
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
    return SiteResult(b.site, b.src.file, version, True, len(doc["entries"]), len(body), pages,
                      b.skipped or [])


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


def _existing_version(out_dir: Path, site: str) -> int:
    """The highest version the tree holds for `site`: live, or in a version folder."""
    try:
        version = json.loads((tree.site_dir(out_dir, site) / tree.FEED).read_bytes()
                             ).get("version", 0)
    except (OSError, ValueError, AttributeError):
        version = 0
    return max(version if isinstance(version, int) else 0, tree.newest_folder(out_dir, site))


def _time(text: str | None) -> datetime:
    if not text:
        return datetime.min.replace(tzinfo=UTC)
    return datetime.fromisoformat(text)


_RENDERER = _renderer_digest()
