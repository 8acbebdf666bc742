# Quartier-Kiosk: one command each for a newcomer. Everything is set up on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export KIVY_NO_ARGS := 1

.PHONY: setup sysdeps demo test lint bench tour clean

sysdeps:
	@deploy/system-deps.sh dev

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

setup: sysdeps $(STAMP)

demo: setup
	$(BIN)/python -m kiosk.demo_run

test: setup
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python -m tests.bench

tour: setup
	xvfb-run -a -s "-screen 0 1920x1080x24" $(BIN)/quartier-kiosk tour --demo --out tour

clean:
	rm -rf $(VENV) .bench .pytest_cache .ruff_cache
