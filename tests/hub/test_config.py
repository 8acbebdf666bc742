"""Settings: defaults, <data>/hub.toml, first start (secret, key, database), migrations."""

from __future__ import annotations

import pytest

from hub import create_app
from hub.config import DEFAULTS, Paths, default_data_dir, load_settings
from hub.db import migrations, open_db
from hub.errors import ConfigError


def test_config_defaults_and_hub_toml(tmp_path):
    assert load_settings(tmp_path) == DEFAULTS
    (tmp_path / "hub.toml").write_text(
        '[hub]\nbase_url = "https://example.org/hub"\npublish_time = "05:15"\n'
        '[fleet]\ndisk_warn_mb = 800\n[[categories]]\nid = "alles"\nlabel = "Alles"\n',
        "utf-8")
    settings = load_settings(tmp_path)
    assert settings["hub"]["base_url"] == "https://example.org/hub"
    assert settings["hub"]["publish_time"] == "05:15"
    assert settings["fleet"]["disk_warn_mb"] == 800
    assert settings["categories"] == [{"id": "alles", "label": "Alles"}]
    assert DEFAULTS["hub"]["base_url"] == ""  # the table itself is untouched


@pytest.mark.parametrize(("text", "message"), [
    ("[hub\n", "nicht lesbar"),
    ("[wetter]\nsonne = true\n", "unbekannter Abschnitt [wetter]"),
    ("[hub]\nfarbe = 1\n", "unbekannter Schlüssel [hub] farbe"),
    ('[fleet]\ndisk_warn_mb = "viel"\n', "[fleet] disk_warn_mb muss eine Zahl sein"),
    ('[hub]\npublish_time = "morgens"\n', "publish_time muss eine Uhrzeit"),
    ("[hub]\nserve_published = 1\n", "serve_published muss true oder false sein"),
    ('[[categories]]\nid = "Treffen A"\nlabel = "x"\n', "die id braucht Kleinbuchstaben"),
    ('[calendars]\nallow_networks = "10.0.0.0/8"\n', "allow_networks muss eine Liste"),
    ('[calendars]\nallow_networks = ["intranet"]\n', "'intranet' ist kein Netz"),
    ('[calendars]\ntimeout_s = "lang"\n', "[calendars] timeout_s muss eine Zahl sein"),
])
def test_config_mistakes_name_the_key(tmp_path, text, message):
    (tmp_path / "hub.toml").write_text(text, "utf-8")
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_settings(tmp_path)


def test_config_first_start_creates_secret_key_and_database(tmp_path):
    data = tmp_path / "neu"
    app = create_app({"DATA_DIR": data})
    paths = Paths(data)
    assert paths.secret.stat().st_mode & 0o777 == 0o600
    assert paths.signing_key.stat().st_mode & 0o777 == 0o600
    assert paths.db.exists() and paths.images.is_dir() and paths.published.is_dir()
    secret = app.config["SECRET_KEY"]
    assert create_app({"DATA_DIR": data}).config["SECRET_KEY"] == secret  # kept


def test_config_data_dir_never_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.delenv("QUARTIER_HUB_DATA", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_data_dir() == tmp_path / "xdg" / "quartier-hub"
    monkeypatch.setenv("QUARTIER_HUB_DATA", "relativ")
    assert default_data_dir().is_absolute()


def test_db_migrations_are_applied_once(tmp_path):
    db = open_db(tmp_path / "hub.sqlite")
    assert migrations.pending(db) == []
    names = {t.name for t in db.tables}
    assert {"users", "sites", "entries", "places", "offers", "terminals", "heartbeats",
            "counters", "publications", "login_failures", "calendars", "sessions",
            "publish_problems", "image_sites"} <= names
    db.conn.close()
    again = open_db(tmp_path / "hub.sqlite")
    assert [m.name for m in migrations.applied(again)] == \
        [m.name for m in migrations._migrations]  # each once, in order
