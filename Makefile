# Quartier-Kiosk: one command each for a newcomer. Everything is set up on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export KIVY_NO_ARGS := 1

.PHONY: setup sysdeps demo test test-dates test-install bench lock clean

sysdeps:
	@deploy/system-deps.sh dev

# Everything from the hashed locks in requirements/ (see requirements/lock.sh): first the
# build tools, then .[test] without build isolation, then this checkout without dependencies.
$(STAMP): pyproject.toml requirements/build.txt requirements/test.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --require-hashes --no-deps -r requirements/build.txt
	$(BIN)/pip install -q --require-hashes --no-build-isolation -r requirements/test.txt
	$(BIN)/pip install -q --no-deps --no-build-isolation -e .
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

# Two workers, a test file on one worker each (its module fixtures are built once); the
# tests that time real processes run alone afterwards; the tests that involve dates run
# last, once at each of five moments (tests/dates.py; the ordinary Monday is their
# ordinary run).
test: setup
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n 2 --dist loadfile -m "not install and not serial and not dates" --durations=20
	$(BIN)/python -m pytest -m "serial and not install"
	$(BIN)/python -m tests.dates

# The tests that involve dates again, with the clock at five awkward moments (New Year's
# Eve, both DST changes, a leap day, an ordinary Monday): no test may read today's date.
test-dates: setup
	$(BIN)/python -m tests.dates

# What cannot run in `make test`: the installer for real in a Debian 12 root made with
# debootstrap (as root, with the Debian mirror reachable; about 3 minutes, the first run
# longer: the root, apt's packages and the wheels are cached in /var/cache/quartier-kiosk
# or .cache/), and the terminal and the hub each installed into a throw-away venv from
# the local wheel and their own lock, importing every module of their side without the
# other's packages.
test-install: setup
	$(BIN)/python -m pytest -m install tests/deploy/test_install_root.py
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/deploy/install_profiles.py

# Re-resolve requirements/*.txt after a change of pyproject.toml (UPGRADE=1: newest versions).
lock: setup
	requirements/lock.sh $(BIN)/uv

bench: setup
	$(BIN)/python -m tests.bench

clean:
	rm -rf $(VENV) .bench .pytest_cache .ruff_cache
