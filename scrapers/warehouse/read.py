"""Reading a warehouse file without getting in the writers' way."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb


def query(warehouse: str | Path, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
    """Rows of one query, read-only and closed at once: DuckDB has one writer, and a reader
    holding the live file would make the next load or dbt build fail."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()
