#!/usr/bin/env bash
# Regenerates requirements.lock from .venv after a pinned dependency changed in pyproject.toml:
#   .venv/bin/pip install -e '.[test]' && scripts/lock.sh
set -euo pipefail
cd "$(dirname "$0")/.."
{
  echo "# Locked: every package the helpline and its tests install. Regenerate with scripts/lock.sh."
  .venv/bin/pip freeze --all --exclude-editable | grep -viE '^(pip|safe-migration-helpline)==' | sort -f
} > requirements.lock
echo "requirements.lock: $(grep -vc '^#' requirements.lock) packages"
