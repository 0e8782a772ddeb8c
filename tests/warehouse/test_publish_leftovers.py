"""A publish killed mid-copy leaves a temporary file as big as the warehouse; the next publish
removes it (its writer is dead), and never touches a live writer's file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from scrapers.warehouse.dbt import publish


def test_next_publish_removes_what_a_killed_publish_left(tmp_path: Path) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    con = duckdb.connect(str(warehouse))  # a warehouse with a mart, as the BI copy takes only marts
    con.execute("create schema marts; create table marts.reports as select 1 as report_id")
    con.close()
    published_dir = tmp_path / "published"
    published_dir.mkdir()
    # A publish writing its temporary copy, killed with -9 as an OOM killer or a lost node would.
    writer = subprocess.Popen(
        [sys.executable, "-c",
         "import os, sys, tempfile, time; sys.path.insert(0, '.');"
         "from scrapers.warehouse.leftovers import PUBLISH_TMP_PREFIX as P;"
         f"fd, p = tempfile.mkstemp(dir={str(published_dir)!r}, prefix=f'{{P}}{{os.getpid()}}-', suffix='.duckdb');"
         "os.write(fd, b'x' * 100000); print(p, flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True,
    )
    assert writer.stdout is not None
    leftover = Path(writer.stdout.readline().strip())
    # A live writer's file is left alone.
    publish(warehouse, published_dir / "warehouse.duckdb")
    assert leftover.exists()
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    # One from before pids were recorded, older than a day.
    ancient = published_dir / ".publish-abcd1234.duckdb"
    ancient.write_bytes(b"old")
    os.utime(ancient, (time.time() - 2 * 86400,) * 2)

    publish(warehouse, published_dir / "warehouse.duckdb")

    assert not leftover.exists() and not ancient.exists()
    assert sorted(p.name for p in published_dir.iterdir()) == ["dbt-docs", "warehouse.duckdb"]
    con = duckdb.connect(str(published_dir / "warehouse.duckdb"), read_only=True)
    assert con.execute("select report_id from marts.reports").fetchall() == [(1,)]  # the copy itself is whole
    con.close()
