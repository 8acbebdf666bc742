"""The hub for a production WSGI server: `gunicorn hub.wsgi:app`
(deploy/hub/systemd/quartier-hub.service: one process, several threads).

The data folder comes from $QUARTIER_HUB_DATA. The daily publish does not run in here –
with more than one server process it would run once per process – but in its own
process, `quartier-hub scheduler` (deploy/hub/systemd/quartier-hub-scheduler.service).
"""

from __future__ import annotations

import logging
import os

from sync import profiles

_trouble = profiles.problem("hub", "hub.wsgi")
if _trouble:
    raise SystemExit(_trouble)
if not os.environ.get("QUARTIER_HUB_DATA"):
    raise SystemExit("hub.wsgi: QUARTIER_HUB_DATA ist nicht gesetzt – der Datenordner des "
                     "Hubs, z. B. Environment=QUARTIER_HUB_DATA=/var/lib/quartier-hub")

logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")

from hub import create_app  # noqa: E402 (after the checks above)

app = create_app({"DATA_DIR": os.environ["QUARTIER_HUB_DATA"]})
