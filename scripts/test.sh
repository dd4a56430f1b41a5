#!/usr/bin/env bash
# The whole test suite on real SQLite, PostgreSQL and Redis (started here if they are not running).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh --browser
scripts/services.sh
.venv/bin/ruff check .
.venv/bin/helpline flows check
.venv/bin/python -m pytest "$@"
