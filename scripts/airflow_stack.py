"""Start, inspect and stop the production-shaped local Airflow deployment (PostgreSQL + 4 services).

    .venv/bin/python scripts/airflow_stack.py up|down|status --home DIR [--sources FILE] [--data-dir DIR]

The code lives in scrapers/ops/airflow_stack.py (importable by tests); see its docstring.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scrapers.ops.airflow_stack import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
