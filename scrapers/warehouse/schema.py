"""Staging tables: what the loaders write and dbt's staging models read (schema `raw`).

Every table has a natural primary key so a rerun replaces rows instead of adding them.
Types are exact from here on: a metric value is DECIMAL (yuan exact to the fen; SQLAlchemy `Float`
would be a 32-bit FLOAT in DuckDB, 16,192 yuan off on 2942.29亿), percents and scores are DOUBLE,
counts BIGINT. Strings are TEXT (VARCHAR in DuckDB): the marts' contracts say `text` on both warehouses.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Double,
    Integer,
    MetaData,
    Numeric,
    Table,
    Text,
)

RAW_SCHEMA = "raw"
# Metric values: up to 10^20 with 4 decimals (a rate such as 6.7批次/千人 has decimals; yuan need 2).
VALUE_TYPE = Numeric(24, 4)
metadata = MetaData(schema=RAW_SCHEMA)

sources = Table(
    "sources",
    metadata,
    Column("source_id", Text, primary_key=True),
    Column("agency", Text, nullable=False),
    Column("province", Text),
    Column("city", Text),
    Column("county", Text),
    Column("list_urls", Text, nullable=False),  # JSON array
    Column("loaded_at", DateTime, nullable=False),
)

reports = Table(
    "reports",
    metadata,
    Column("report_id", Text, primary_key=True),
    Column("url", Text, nullable=False),
    Column("source_id", Text, nullable=False),
    Column("agency", Text),
    Column("title", Text),
    Column("report_year", Integer),
    Column("published_date", Date),
    Column("published_source", Text),
    Column("body_text", Text, nullable=False),
    Column("source_file", Text),
    Column("raw_sha256", Text),
    Column("extractor_version", Text, nullable=False),
    Column("notes", Text),  # JSON array of operator notes
    Column("loaded_at", DateTime, nullable=False),
)

metric_mentions = Table(
    "metric_mentions",
    metadata,
    Column("report_id", Text, primary_key=True),
    Column("extractor_version", Text, primary_key=True),
    Column("mention_seq", Integer, primary_key=True),  # order in the text
    Column("metric", Text, nullable=False),
    Column("domain", Text, nullable=False),
    Column("value", VALUE_TYPE, nullable=False),
    Column("unit", Text, nullable=False),
    Column("approx", Boolean, nullable=False),
    Column("period", Text, nullable=False),
    Column("yoy_pct", Double),
    Column("evidence", Text, nullable=False),
    Column("start_offset", Integer, nullable=False),
    Column("end_offset", Integer, nullable=False),
    Column("rule_id", Text),
    Column("confidence", Double),
    Column("loaded_at", DateTime, nullable=False),
)

crawl_events = Table(
    "crawl_events",
    metadata,
    Column("run_id", Text, primary_key=True),
    Column("source_id", Text, primary_key=True),
    Column("url", Text, primary_key=True),
    Column("kind", Text, primary_key=True),  # report | known | skipped | error
    Column("title", Text),
    Column("reason", Text),
    Column("loaded_at", DateTime, nullable=False),
)

source_runs = Table(
    "source_runs",
    metadata,
    Column("run_id", Text, primary_key=True),
    Column("source_id", Text, primary_key=True),
    Column("status", Text, nullable=False),  # ok | partial | failed
    Column("reason", Text),
    Column("list_pages", BigInteger, nullable=False),
    Column("reports_new", BigInteger, nullable=False),
    Column("reports_known", BigInteger, nullable=False),
    Column("items_skipped", BigInteger, nullable=False),
    Column("errors", BigInteger, nullable=False),
    Column("started_at", DateTime),
    Column("finished_at", DateTime),
    Column("loaded_at", DateTime, nullable=False),
)

catalog_metrics = Table(
    "catalog_metrics",
    metadata,
    Column("metric", Text, primary_key=True),
    Column("name_zh", Text, nullable=False),
    Column("name_en", Text, nullable=False),
    Column("unit", Text, nullable=False),
    Column("definition", Text),
)

catalog_domains = Table(
    "catalog_domains",
    metadata,
    Column("domain", Text, primary_key=True),
    Column("name_zh", Text, nullable=False),
    Column("name_en", Text, nullable=False),
    Column("includes", Text),
)
