"""python -m hub: the same as the quartier-hub command."""

import sys

from hub.cli import main

sys.exit(main())
