"""quartier-release: make and check software releases (docs/hub.md "Releases").

    quartier-release keygen --out DIR
    quartier-release build --key FILE --out DIR [--checkout DIR] [--commit REV | --source DIR]
                           [--version V] [--profile terminal|hub] [--arch aarch64|x86_64]
                           [--requirements FILE] [--cache DIR]
    quartier-release verify --public-key FILE|TEXT [...] DIR

Exit codes: 0 done, 1 an operation failed (pip, git, a file that does not match), 2 bad
usage or input. Messages are German: technicians read them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sync import release
from sync.errors import BuildError, KeyFileError, ReleaseError
from sync.signing import keygen

PRIVATE, PUBLIC = "release.key", "release.pub"


def _default_checkout() -> Path | None:
    here = Path(__file__).resolve().parents[1]
    return here if (here / "pyproject.toml").is_file() else None


def _keygen(args: argparse.Namespace) -> int:
    try:
        private, public = keygen(args.out, PRIVATE, PUBLIC)
    except KeyFileError as exc:
        print(f"quartier-release keygen: {exc}", file=sys.stderr)
        return 2
    key = public.read_text("ascii").strip()
    print(f"Release-Schlüssel erstellt.\n"
          f"  Privater Schlüssel:     {private}\n"
          f"      geheim und getrennt vom Hub aufbewahren; nur wer Releases baut, braucht ihn\n"
          f"  Öffentlicher Schlüssel: {public}\n"
          f"In die kiosk.toml jedes Terminals und in die hub.toml eintragen:\n"
          f"  [update]\n  release_keys = [\"{key}\"]      (Terminal)\n"
          f"  [releases]\n  public_keys = [\"{key}\"]       (Hub)")
    return 0


def _build(args: argparse.Namespace) -> int:
    from sync.release_build import build

    checkout = args.checkout or _default_checkout()
    if checkout is None:
        print("quartier-release build: --checkout fehlt (der Ordner des Repositorys)",
              file=sys.stderr)
        return 2
    arch = args.arch or ("aarch64" if args.profile == "terminal" else "x86_64")
    try:
        built = build(checkout=checkout, out=args.out, key=args.key, profile=args.profile,
                      arch=arch, version=args.version, commit=args.commit,
                      source=args.source, requirements=args.requirements, cache=args.cache)
    except BuildError as exc:
        print(f"quartier-release build: {exc.german}\n{exc}", file=sys.stderr)
        return 2 if exc.bad_input else 1
    m = built.manifest
    print(f"Release {m.version} gebaut ({m.profile}, {m.arch}, {len(m.files)} Dateien, "
          f"{m.bytes / 1e6:.1f} MB, Stand {m.commit or 'ohne Git'}):\n  {built.folder}\n"
          f"Auf den Hub kopieren nach <Daten>/releases/{m.version}/ (docs/hub.md, "
          "„Releases“), dann auf der Seite „Software“ einem Ring zuweisen.")
    return 0


def _verify(args: argparse.Namespace) -> int:
    texts = []
    for item in args.public_key:
        path = Path(item)
        texts.append(path.read_text("ascii").strip() if path.is_file() else item)
    try:
        manifest = release.verify_folder(args.folder, release.release_keys(texts, "--public-key"))
    except ReleaseError as exc:
        print(f"quartier-release verify: {exc.german}", file=sys.stderr)
        return 1
    print(f"Release {manifest.version} in Ordnung: Signatur und {len(manifest.files)} "
          f"Dateien ({manifest.bytes / 1e6:.1f} MB) geprüft.")
    return 0


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="quartier-release",
                                 description="Software-Releases bauen und prüfen.")
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("keygen", help="ein Schlüsselpaar für Releases erzeugen")
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(func=_keygen)
    p = sub.add_parser("build", help="ein Release bauen und signieren")
    p.add_argument("--key", type=Path, required=True, help="release.key")
    p.add_argument("--out", type=Path, required=True, help="Ordner; das Release kommt "
                   "nach OUT/<Version>/")
    p.add_argument("--checkout", type=Path, help="das Repository (Standard: dieses)")
    what = p.add_mutually_exclusive_group()
    what.add_argument("--commit", default="HEAD", help="Stand aus Git (Standard HEAD)")
    what.add_argument("--source", type=Path, help="diese Dateien, wie sie liegen "
                      "(mit nicht eingecheckten Änderungen)")
    p.add_argument("--version", help="statt `git describe`")
    p.add_argument("--profile", choices=release.PROFILES, default="terminal")
    p.add_argument("--arch", choices=release.ARCHES,
                   help="Standard: aarch64 für terminal, x86_64 für hub")
    p.add_argument("--requirements", type=Path, help="Sperrdatei (Standard: "
                   "requirements/<profile>.txt)")
    p.add_argument("--cache", type=Path, help="Wheel-Zwischenspeicher (Standard: "
                   ".cache/release-wheels)")
    p.set_defaults(func=_build)
    p = sub.add_parser("verify", help="einen Release-Ordner prüfen")
    p.add_argument("--public-key", action="append", required=True,
                   help="release.pub oder die Zeile daraus")
    p.add_argument("folder", type=Path)
    p.set_defaults(func=_verify)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
