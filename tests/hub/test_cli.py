"""quartier-hub on the command line: add-user, add-site, publish, seed-demo and serve."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import requests

from hub import create_app
from hub.auth import password_hasher
from hub.queries import users as user_q

BIN = Path(sys.executable).parent


def _user(data_dir: Path, email: str) -> dict | None:
    app = create_app({"DATA_DIR": data_dir})
    with app.app_context():
        from hub import context

        return user_q.by_email(context.db(), email)


def test_cli_add_user_admin_with_password_on_stdin(runner, tmp_path):
    data = tmp_path / "hub"
    result = runner("add-user", "--data", str(data), "--email", "chefin@gemeinde.example",
                    "--role", "admin", "--password-stdin", stdin="Gute-Linde-am-Brunnen-7\n")
    assert result.code == 0, result.err
    assert result.out == "Konto angelegt: chefin@gemeinde.example (Verwaltung)\n"
    user = _user(data, "chefin@gemeinde.example")
    assert password_hasher().verify(user["password_hash"], "Gute-Linde-am-Brunnen-7")
    assert (data / "keys" / "signing.key").stat().st_mode & 0o777 == 0o600
    assert (data / "secret").stat().st_mode & 0o777 == 0o600


def test_cli_add_site_then_an_editor_for_it(runner, tmp_path):
    data = str(tmp_path / "hub")
    assert runner("add-site", "--data", data, "--id", "ort-a", "--name", "Treff A").code == 0
    result = runner("add-user", "--data", data, "--email", "r@test.example", "--role",
                    "editor", "--site", "ort-a", "--password-stdin",
                    stdin="Lange-Linde-am-Bach-3\n")
    assert result.code == 0 and "Redaktion: ort-a" in result.out
    assert _user(Path(data), "r@test.example")["sites"] == ["ort-a"]


def test_cli_add_user_refuses_bad_input_with_exit_2(runner, tmp_path):
    data = str(tmp_path / "hub")
    runner("add-site", "--data", data, "--id", "ort-a", "--name", "Treff A")
    cases = [
        (["--role", "editor", "--site", "ort-x"], "Lange-Linde-am-Bach-3",
         "--site ort-x: diese Begegnungsstätte gibt es nicht"),
        (["--role", "editor"], "Lange-Linde-am-Bach-3",
         "--site: Bitte wählen Sie mindestens eine Begegnungsstätte."),
        (["--role", "admin"], "kurz", "Passwort: Das Passwort muss mindestens 12 Zeichen"),
    ]
    for extra, password, message in cases:
        result = runner("add-user", "--data", data, "--email", "x@test.example", *extra,
                        "--password-stdin", stdin=password + "\n")
        assert result.code == 2 and message in result.err, result.err
    runner("add-user", "--data", data, "--email", "x@test.example", "--role", "admin",
           "--password-stdin", stdin="Lange-Linde-am-Bach-3\n")
    again = runner("add-user", "--data", data, "--email", "X@test.example", "--role", "admin",
                   "--password-stdin", stdin="Lange-Linde-am-Bach-3\n")
    assert again.code == 2 and "hat schon ein Konto" in again.err
    assert runner("add-site", "--data", data, "--id", "Ort A", "--name", "x").code == 2


def test_cli_publish_and_seed_demo(runner, tmp_path):
    data = str(tmp_path / "hub")
    result = runner("seed-demo", "--data", data)
    assert result.code == 0
    assert "E-Mail: admin@lindenbach.example  Passwort: Demo-Passwort-2026" in result.out
    assert (Path(data) / "published" / "sites" / "lindenbach-alte-schule" / "feed.json").exists()
    again = runner("seed-demo", "--data", data)
    assert "schon Inhalte" in again.out
    result = runner("publish", "--data", data, "--site", "eichhausen-buergertreff")
    assert result.code == 0 and "Bürgertreff Eichhausen: unverändert, Version" in result.out


def test_cli_serve_with_demo_on_a_free_port(tmp_path):
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [str(BIN / "quartier-hub"), "serve", "--data", str(tmp_path / "hub"), "--port", "0",
         "--demo", "--no-scheduler"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, env=env)
    try:
        lines = []
        for line in proc.stdout:  # type: ignore[union-attr]
            lines.append(line)
            if "läuft" in line:
                break
        output = "".join(lines)
        url = re.search(r"(http://127\.0\.0\.1:\d+)/", output)[1]
        assert "Passwort: Demo-Passwort-2026" in output
        assert "kiosk-schule-1.toml" in output
        assert requests.get(f"{url}/anmelden", timeout=5).status_code == 200
        feed = requests.get(f"{url}/sites/lindenbach-alte-schule/feed.json", timeout=5)
        assert feed.status_code == 200 and feed.json()["site"] == "lindenbach-alte-schule"
        toml = (tmp_path / "hub" / "demo" / "kiosk-schule-1.toml").read_text()
        assert f'feed_url = "{url}/sites/lindenbach-alte-schule/feed.json"' in toml
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0


def test_cli_python_m_hub_shows_help():
    result = subprocess.run([sys.executable, "-m", "hub", "--help"], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0 and "import-ics" in result.stdout
