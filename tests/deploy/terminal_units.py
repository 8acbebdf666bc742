"""A terminal's units for `quartier-update` where systemd is not PID 1: restarting a unit
stops its tests/supervisor.py stand-in and starts a new one from the real unit file, whose
ExecStart goes through <root>/current – so a switched link starts the other release, as
`systemctl restart` does on a terminal."""

from __future__ import annotations

from pathlib import Path

from tests.supervisor import Supervisor

ROOT = Path(__file__).resolve().parents[2]
SYSTEMD = ROOT / "deploy" / "systemd"
INSTALLED = "/opt/quartier-kiosk/current"
CONFIG = "/etc/quartier-kiosk/kiosk.toml"


class SupervisedUnits:
    """quartier-update's `units`: the real kiosk and sync units under the stand-in."""

    def __init__(self, root: Path, config: Path, logs: Path, env: dict[str, str]) -> None:
        self.root, self.config, self.logs, self.env = root, config, logs, env
        self.running: dict[str, Supervisor] = {}
        self.restarts: list[list[str]] = []

    def restart(self, names: list[str]) -> None:
        self.restarts.append(list(names))
        for name in names:
            old = self.running.pop(name, None)
            if old is not None:
                old.stop()
        for name in names:
            unit = Supervisor(SYSTEMD / name, substitute={INSTALLED: str(self.root / "current"),
                                                          CONFIG: str(self.config)},
                              env=self.env, log=self.logs / f"{name}.log")
            self.running[name] = unit.__enter__()

    def stop(self) -> None:
        for unit in self.running.values():
            unit.stop()
        self.running.clear()
