# Quartier-Kiosk: one command each for a newcomer. Everything is set up on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export KIVY_NO_ARGS := 1

.PHONY: setup sysdeps demo test bench clean

sysdeps:
	@deploy/system-deps.sh dev

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

setup: sysdeps $(STAMP)

# With a display: the terminal in a window with the demo content. Without one (SSH, CI):
# today's listing as text, and every screen rendered to ./tour as PNG.
demo: setup
	@if [ -n "$$DISPLAY" ]; then \
		$(BIN)/quartier-kiosk --demo --windowed; \
	else \
		$(BIN)/quartier-kiosk --demo --print; \
		echo; echo "No display: rendering every screen to ./tour (open the PNG files)."; \
		$(BIN)/quartier-kiosk tour --demo --out tour --themes normal --sizes 0 --scale 0.5; \
	fi

test: setup
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python -m tests.bench

clean:
	rm -rf $(VENV) .bench .pytest_cache .ruff_cache
