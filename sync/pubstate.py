"""The publisher's state, kept in the published tree under .quartier-publish/state.json.

    {"format": "quartier-publish-state/1",
     "sites": {"<site>": {"version", "content_sha256", "key_id", "feed_sha256",
                          "generated_at", "refresh_after", "entries", "assets",
                          "previous_assets", "source"}},
     "images": {"<sha256 of the source file>/<processing>": {"sha256", "type", "bytes"}},
     "pages": {"<entry id>": "<digest of what its page and calendar file are made of>"}}

Nothing in it is secret; a web server may serve it or not. Losing it costs one full
republish (images are scaled again) but never a version that goes backwards: versions
also follow the clock and the feed.json already on disk.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

from sync.errors import PublishError
from sync.files import remove_temp_files, write_if_changed
from sync.images import asset_name

log = logging.getLogger(__name__)
STATE_FORMAT = "quartier-publish-state/1"
_ASSET_RE = re.compile(r"^[0-9a-f]{64}\.(jpg|png|webp)$")


def load_state(folder: Path) -> dict:
    """Read the state, or start an empty one if there is none."""
    path = folder / "state.json"
    try:
        state = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return _empty()
    except (OSError, ValueError) as exc:
        log.warning("publisher state %s unreadable (%s); starting afresh", path, exc)
        return _empty()
    if not isinstance(state, dict) or state.get("format") != STATE_FORMAT:
        log.warning("publisher state %s has an unknown format; starting afresh", path)
        return _empty()
    state.setdefault("sites", {})
    state.setdefault("images", {})
    state.setdefault("pages", {})
    return state


def save_state(folder: Path, state: dict) -> None:
    """Write the state atomically; an unchanged state is not rewritten."""
    text = json.dumps(state, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    try:
        write_if_changed(folder / "state.json", text.encode("utf-8"))
    except OSError as exc:
        raise PublishError(f"{folder}: cannot write the publisher state ({exc})") from exc


def prune_assets(assets_dir: Path, state: dict) -> int:
    """Delete images no site's current or previous feed names; return how many.

    The previous feed's images stay for one more publish: a terminal that fetched that
    feed a moment ago can still download them.
    """
    keep = {name for st in state["sites"].values()
            for name in st.get("assets", []) + st.get("previous_assets", [])}
    removed = remove_temp_files(assets_dir)
    if assets_dir.is_dir():
        for path in assets_dir.iterdir():
            if _ASSET_RE.match(path.name) and path.name not in keep:
                path.unlink(missing_ok=True)
                removed += 1
    state["images"] = {k: v for k, v in state["images"].items()
                       if asset_name(v["sha256"], v["type"]) in keep}
    return removed


def _empty() -> dict:
    return {"format": STATE_FORMAT, "sites": {}, "images": {}, "pages": {}}
