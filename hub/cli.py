"""quartier-hub: the staff editor's command line (built in the hub issue)."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """Report that the hub is not built yet; exit 2."""
    print("quartier-hub: the staff editor is not part of this version yet.", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
