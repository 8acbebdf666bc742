#!/bin/sh
# Resolve the locked dependency sets (docs/hub.md "Locked dependencies"): `make lock`.
#
#   build.txt     pip, setuptools, wheel: installed first, so every later step can use
#                 --no-build-isolation and nothing is downloaded without a hash
#   test.txt      a developer's machine and CI: .[test] = terminal + hub + test tools
#   terminal.txt  a terminal: .[terminal]   (the same versions as test.txt)
#   hub.txt       the hub: .[hub]           (the same versions as test.txt)
#
# Each lock is resolved for CPython 3.11 on Linux with glibc 2.36 (Debian 12 / Raspberry
# Pi OS Bookworm) twice, for x86_64 and for aarch64; the two must come out identical, so
# one file serves both (uv writes the hashes of every file of a pinned version, the
# aarch64 wheels included). Existing pins are kept unless UPGRADE=1. At the end, pip
# downloads every package of terminal.txt as a Raspberry Pi (aarch64, CPython 3.11) would
# install it – wheels only, except the pure-Python sdists in SDIST_ONLY – and checks each
# against its hash (--require-hashes), into .cache/lock-aarch64/wheels.
# Usage: requirements/lock.sh [UV]    (default: .venv/bin/uv, pinned in pyproject [test])
set -eu
cd "$(dirname "$0")/.."
uv=${1:-.venv/bin/uv}
check=.cache/lock-aarch64
mkdir -p "$check"
upgrade=""
[ "${UPGRADE:-0}" = 1 ] && upgrade="--upgrade"

compile() {
  out=$1
  shift
  [ -f "requirements/$out" ] && cp "requirements/$out" "$check/$out"
  for target in "x86_64-manylinux_2_36 requirements/$out" "aarch64-manylinux_2_36 $check/$out"; do
    platform=${target%% *}
    file=${target#* }
    # shellcheck disable=SC2086
    "$uv" pip compile -q $upgrade --python-version 3.11 --python-platform "$platform" \
      --generate-hashes --custom-compile-command "make lock" "$@" -o "$file"
  done
  if ! cmp -s "requirements/$out" "$check/$out"; then
    echo "lock: requirements/$out differs between x86_64 and aarch64:" >&2
    diff "requirements/$out" "$check/$out" >&2 || true
    exit 1
  fi
}

compile build.txt requirements/build.in
compile test.txt pyproject.toml --extra test -c requirements/build.txt
compile terminal.txt pyproject.toml --extra terminal -c requirements/test.txt
compile hub.txt pyproject.toml --extra hub -c requirements/test.txt
SDIST_ONLY=docopt
platforms=""
for tag in 2_36 2_34 2_31 2_28 2_27 2_26 2_24 2_17; do
  platforms="$platforms --platform manylinux_${tag}_aarch64"
done
# shellcheck disable=SC2086
"$(dirname "$uv")/python" -m pip download -q --no-deps --require-hashes --only-binary=:all: \
  --no-binary="$SDIST_ONLY" $platforms --platform manylinux2014_aarch64 \
  --python-version 3.11 --implementation cp --abi cp311 --abi abi3 --abi none \
  -r requirements/terminal.txt -d "$check/wheels"
echo "lock: requirements/{build,test,terminal,hub}.txt resolved (identical for x86_64 and"
echo "      aarch64); every package of terminal.txt downloaded for aarch64, hashes match"
