#!/usr/bin/env bash
# Runs the helpline on its embedded default: SQLite file under var/, in-process queue, embedded NLU.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
exec .venv/bin/helpline run "$@"
