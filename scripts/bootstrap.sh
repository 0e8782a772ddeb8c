#!/usr/bin/env bash
# Create .venv and install the project with the frozen, tested versions (constraints.txt).
# Idempotent: does nothing when the install is already up to date.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
stamp=.venv/.installed
if [ -f "$stamp" ] && [ "$stamp" -nt pyproject.toml ] && [ "$stamp" -nt constraints.txt ]; then
  exit 0
fi
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade "pip>=24"
.venv/bin/python -m pip install --quiet -c constraints.txt -e '.[dev]'
touch "$stamp"
echo "installed into .venv ($(.venv/bin/python --version))"
