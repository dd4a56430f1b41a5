#!/usr/bin/env bash
# Installs everything the helpline needs into .venv (idempotent: skips what is already current).
#   scripts/bootstrap.sh          runtime + test dependencies, compiled translations
#   scripts/bootstrap.sh --browser  also Debian's chromium for the browser tests
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3.11}
VENV=.venv

if ! command -v "$PYTHON" >/dev/null 2>&1; then
  echo "bootstrap: $PYTHON not found; install Python 3.11 first" >&2
  exit 1
fi
if [ ! -x "$VENV/bin/python" ]; then
  echo "bootstrap: creating $VENV"
  "$PYTHON" -m venv "$VENV"
fi

# Reinstall only when the lock file or pyproject changed since the last successful install.
stamp="$VENV/.installed-$(cat requirements.lock pyproject.toml | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "bootstrap: installing locked dependencies"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check --upgrade "pip==26.3"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r requirements.lock
  "$VENV/bin/pip" install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
  rm -f "$VENV"/.installed-*
  touch "$stamp"
fi

# Translations are compiled from the committed .po catalogs on every bootstrap (fast).
"$VENV/bin/helpline" locales compile >/dev/null

if [ "${1:-}" = "--browser" ] && [ ! -x /usr/bin/chromium ]; then
  echo "bootstrap: installing Debian's chromium for the browser tests"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
