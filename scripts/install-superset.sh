#!/usr/bin/env bash
# Superset in its own venv (.venv-superset): its pins (SQLAlchemy 1.4, Flask 2) clash with Airflow's.
# Versions frozen in bi/superset/constraints.txt; idempotent (a stamp newer than both files skips).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
venv=.venv-superset
stamp=$venv/.installed
if [ -f "$stamp" ] && [ "$stamp" -nt bi/superset/requirements.in ] && [ "$stamp" -nt bi/superset/constraints.txt ]; then
  exit 0
fi
[ -x $venv/bin/python ] || "$PYTHON" -m venv $venv
$venv/bin/python -m pip install --quiet --upgrade "pip>=24"
$venv/bin/python -m pip install --quiet -r bi/superset/requirements.in -c bi/superset/constraints.txt
touch "$stamp"
echo "installed Superset into $venv ($($venv/bin/superset version 2>/dev/null | grep -o 'Superset [0-9.]*' || echo '?'))"
