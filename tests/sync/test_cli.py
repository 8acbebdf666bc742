"""quartier-sync keygen / publish / pull / status as staff and technicians run them."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sync.cli import _parser, main
from tests.sync.conftest import SITE, write_source

BIN = Path(sys.executable).parent
REPO = Path(__file__).resolve().parents[2]


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "quartier-sync"), *args], capture_output=True,
                          text=True, timeout=120)


def test_cli_keygen_prints_the_config_line_and_refuses_a_second_key(tmp_path):
    result = _run("keygen", "--out", str(tmp_path / "k"))
    assert result.returncode == 0, result.stderr
    public = (tmp_path / "k" / "signing.pub").read_text().strip()
    assert f'public_keys = ["{public}"]' in result.stdout and "geheim halten" in result.stdout
    again = _run("keygen", "--out", str(tmp_path / "k"))
    assert again.returncode == 2
    assert f"{tmp_path / 'k' / 'signing.key'}: exists already" in again.stderr


def test_cli_publish_demo_then_unchanged(tmp_path, key_dir):
    args = ["publish", "--source", "demo", "--key", str(key_dir / "signing.key"),
            "--out", str(tmp_path / "out"), "--base-url", "https://inhalte.example"]
    first = _run(*args)
    assert first.returncode == 0, first.stderr
    assert re.search(r"lindenbach-alte-schule: Version \d+ veröffentlicht \(21 Einträge",
                     first.stdout)
    second = _run(*args)
    assert second.returncode == 0 and "unverändert" in second.stdout


def test_cli_publish_bad_source_exits_2_naming_file_and_field(tmp_path, key_dir, capsys):
    source = write_source(tmp_path / "quelle")
    doc = json.loads(source.read_text())
    doc["entries"][1]["kind"] = "party"
    source.write_text(json.dumps(doc))
    code = main(["publish", "--source", str(source), "--key", str(key_dir / "signing.key"),
                 "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2 and "Eingabe fehlerhaft" in err
    assert f"{source}:entries[1].kind" in err


@pytest.mark.parametrize(("args", "words"), [
    (["--key", "fehlt.key"], "fehlt.key: file not found"),
    (["--base-url", "inhalte.example"], "bitte eine Adresse mit https://"),
])
def test_cli_publish_bad_arguments_exit_2(tmp_path, key_dir, capsys, args, words):
    base = {"--source": "demo", "--key": str(key_dir / "signing.key"),
            "--out": str(tmp_path / "out")}
    base.update(dict(zip(args[::2], args[1::2], strict=True)))
    code = main(["publish", *[x for pair in base.items() for x in pair]])
    assert code == 2 and words in capsys.readouterr().err


def test_cli_pull_exit_codes_and_status(publisher, config, server):
    publisher()
    toml = str(config.source)
    first = _run("pull", "--config", toml)
    assert first.returncode == 0 and first.stdout.startswith("Aktualisiert: Version")
    second = _run("pull", "--config", toml)
    assert second.returncode == 0 and second.stdout.startswith("Nicht geändert")
    server.faults["feed.json"] = "500"
    write_source(config.source.parent / "quelle", titles={f"{SITE}-e0": "Neu"})
    publisher()
    failed = _run("pull", "--config", toml)
    assert failed.returncode == 1
    assert "der bisherige Inhalt bleibt sichtbar" in failed.stderr
    assert "Grund: Der Server antwortete mit dem Fehler HTTP 500." in failed.stderr
    assert "(technisch, network: HTTP 500 Internal Server Error" in failed.stderr
    status = _run("status", "--config", toml, "--json")
    assert status.returncode == 0
    report = json.loads(status.stdout)
    assert report["last_result"] == "failed" and "HTTP 500" in report["last_error"]["reason"]
    assert report["content"]["entries"] == 3 and report["terminal"] == "test-1"
    text = _run("status", "--config", toml)
    assert "Letzter Fehler:" in text.stdout and "HTTP 500" in text.stdout
    assert "Uhr:               in Ordnung" in text.stdout


def test_cli_pull_bad_config_exits_2(tmp_path, capsys):
    path = tmp_path / "kiosk.toml"
    path.write_text('[sync]\npublic_keys = ["kaputt"]\nfeed_url = "http://127.0.0.1:9/x"\n'
                    '[paths]\ndata = "d"\n')
    assert main(["pull", "--config", str(path)]) == 2
    assert "public_keys[0]: not base64" in capsys.readouterr().err
    path.write_text('[paths]\ndata = "d"\n')
    assert main(["pull", "--config", str(path)]) == 2
    assert "[sync] feed_url is empty" in capsys.readouterr().err


def test_cli_status_before_any_sync(tmp_path, capsys):
    path = tmp_path / "kiosk.toml"
    path.write_text('[paths]\ndata = "d"\n')
    assert main(["status", "--config", str(path)]) == 0
    out = capsys.readouterr().out
    assert "noch keiner" in out and "Letzter Erfolg:    noch nie" in out


def test_cli_every_command_is_documented():
    docs = (REPO / "docs" / "sync.md").read_text("utf-8")
    commands = _parser()._subparsers._group_actions[0].choices  # noqa: SLF001
    for name, sub in commands.items():
        assert f"quartier-sync {name}" in docs, name
        for action in sub._actions:  # noqa: SLF001
            for flag in action.option_strings:
                if flag not in ("-h", "--help"):
                    assert flag in docs, f"{name} {flag}"
