"""Write the dashboard bundle's dataset YAMLs from the marts of a published copy.

    .venv/bin/python bi/superset/sync_datasets.py var/demo/data/published/warehouse.duckdb

Columns, types and descriptions come from the database (the descriptions are dbt's, persisted by
persist_docs), so Superset shows what _marts.yml says. UUIDs and Superset-only calculated columns
(those with an `expression`, e.g. the report link) are kept from the files already there.
tests/bi checks that the committed files match the marts.
"""

from __future__ import annotations

import sys
import uuid
from pathlib import Path

import duckdb
import yaml

BUNDLE = Path(__file__).resolve().parent / "dashboard"
DATABASE_UUID = yaml.safe_load((BUNDLE / "databases" / "mr_reports.yaml").read_text())["uuid"]
DATASETS = {  # table -> its time column (Superset's main_dttm_col)
    "mart_metric_yoy": "report_year_date",
    "fct_metric_mentions": "report_year_date",
    "dim_report": "report_year_date",
    "mart_source_status": "last_finished_at",
}

# Column headers analysts read on the dashboard (Chinese and English); other columns keep their name.
LABELS = {
    "agency": "机构 agency",
    "metric_name_zh": "指标 metric",
    "domain_name_zh": "领域 domain",
    "unit_name_zh": "单位 unit",
    "report_year": "年度 year",
    "value": "数值 value",
    "prior_value": "上年 prior",
    "abs_change": "增减 change",
    "pct_change": "计算同比 computed %",
    "stated_yoy_pct": "报告同比 stated %",
    "prior_value_source": "上年来源 prior from",
    "approx": "约数 approx",
    "period": "期间 period",
    "evidence": "原文 evidence",
    "last_status": "状态 status",
}


def dataset_config(con: duckdb.DuckDBPyConnection, table: str, existing: dict) -> dict:
    rows = con.execute(
        "select column_name, data_type, comment from duckdb_columns() where schema_name = 'marts' and table_name = ? order by column_index",
        [table],
    ).fetchall()
    columns = [
        {
            "column_name": name,
            "verbose_name": LABELS.get(name),
            "is_dttm": data_type in ("DATE", "TIMESTAMP"),
            "is_active": True,
            "type": data_type,
            "advanced_data_type": None,
            "groupby": True,
            "filterable": True,
            "expression": None,
            "description": comment,
            "python_date_format": None,
            "extra": None,
        }
        for name, data_type, comment in rows
    ]
    columns += [c for c in existing.get("columns", []) if c.get("expression")]
    description = con.execute("select comment from duckdb_tables() where schema_name = 'marts' and table_name = ?", [table]).fetchone()[0]
    return {
        "table_name": table,
        "main_dttm_col": DATASETS[table],
        "description": description,
        "default_endpoint": None,
        "offset": 0,
        "cache_timeout": None,
        "catalog": None,
        "schema": "marts",
        "sql": None,
        "params": None,
        "template_params": None,
        "filter_select_enabled": True,
        "fetch_values_predicate": None,
        "extra": None,
        "normalize_columns": False,
        "always_filter_main_dttm": False,
        "folders": None,
        "uuid": existing.get("uuid") or str(uuid.uuid4()),
        "metrics": existing.get("metrics") or [
            {"metric_name": "count", "verbose_name": "COUNT(*)", "metric_type": "count", "expression": "COUNT(*)",
             "description": None, "d3format": None, "currency": None, "extra": None, "warning_text": None}
        ],
        "columns": columns,
        "version": "1.0.0",
        "database_uuid": DATABASE_UUID,
    }


def main(published: str) -> None:
    con = duckdb.connect(published, read_only=True)
    try:
        for table in DATASETS:
            path = BUNDLE / "datasets" / "mr_reports" / f"{table}.yaml"
            existing = yaml.safe_load(path.read_text()) if path.exists() else {}
            text = yaml.safe_dump(dataset_config(con, table, existing), allow_unicode=True, sort_keys=False, width=120)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}")
    finally:
        con.close()


if __name__ == "__main__":
    main(sys.argv[1])
