"""The hub: the staff editor where content is written once for all terminals.

`create_app(test_config)` builds the Flask app for one data folder (hub/app.py,
docs/hub.md). Importing this package needs nothing beyond the standard library, so that
`quartier-hub` can say clearly when the hub's packages are not installed (sync.profiles)
and `quartier-hub backup`/`restore` work in any installation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the hub for a data folder (created and migrated on first start)."""
    from hub.app import create_app as build

    return build(test_config)
