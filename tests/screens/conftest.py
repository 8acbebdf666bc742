"""GUI tests need a window of their own: tests/screens/gui runs in a separate pytest
process under Xvfb (see test_gui.py); the main run does not collect it."""

import os

collect_ignore = [] if os.environ.get("QK_GUI_PROCESS") == "1" else ["gui"]
