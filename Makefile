# Quartier-Kiosk: one command each for a newcomer. Everything is set up on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export KIVY_NO_ARGS := 1

.PHONY: setup sysdeps demo test test-dates test-install bench clean

sysdeps:
	@deploy/system-deps.sh dev

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

setup: sysdeps $(STAMP)

# The whole chain on this machine: the hub with the demo content (URL and logins are
# printed), a demo terminal that syncs from it every DEMO_INTERVAL seconds, and the kiosk
# in a window; without a display (SSH, CI) today's listing as text and every screen
# rendered to ./tour. Hub and sync run until Ctrl+C. Data: ./demo-data (delete it to start
# over). deploy/run_demo.py starts and stops the processes.
DEMO_PORT     ?= 8765
DEMO_INTERVAL ?= 60
demo: setup
	@$(BIN)/python deploy/run_demo.py --data "$(CURDIR)/demo-data" --tour "$(CURDIR)/tour" \
		--port $(DEMO_PORT) --interval $(DEMO_INTERVAL)

test: setup
	$(BIN)/ruff check .
	$(BIN)/python -m pytest
	$(BIN)/python -m tests.dates

# The tests that involve dates again, with the clock at five awkward moments (New Year's
# Eve, both DST changes, a leap day, an ordinary Monday): no test may read today's date.
test-dates: setup
	$(BIN)/python -m tests.dates

# The installer for real in a Debian 12 root made with debootstrap (as root, with the Debian
# mirror reachable; about 3 minutes, the first run longer: the root, apt's packages and the
# wheels are cached in /var/cache/quartier-kiosk or .cache/). Not part of `make test`.
test-install: setup
	$(BIN)/python -m pytest -m install tests/deploy/test_install_root.py

bench: setup
	$(BIN)/python -m tests.bench

clean:
	rm -rf $(VENV) .bench .pytest_cache .ruff_cache
