"""Every DAG file parses in real Airflow with no import errors, and is wired as operators rely on."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

PROBE = """
import json
from airflow.dag_processing.dagbag import DagBag
bag = DagBag(dag_folder=%r)
out = {"errors": {k: str(v) for k, v in bag.import_errors.items()}, "dags": {}}
for dag_id, dag in bag.dags.items():
    out["dags"][dag_id] = {
        "schedule": getattr(dag.timetable, "_expression", None) or getattr(dag.timetable, "expression", None) or type(dag.timetable).__name__,
        "timezone": str(dag.timezone),
        "catchup": dag.catchup,
        "max_active_runs": dag.max_active_runs,
        "dagrun_timeout_s": dag.dagrun_timeout.total_seconds() if dag.dagrun_timeout else None,
        "deadline_s": [d.interval.total_seconds() for d in (dag.deadline or [])],
        "params": {k: dag.params.get_param(k).resolve() for k in dag.params},
        "tasks": {
            t.task_id: {
                "pool": t.pool,
                "trigger_rule": str(t.trigger_rule.value if hasattr(t.trigger_rule, "value") else t.trigger_rule),
                "mapped": "Mapped" in type(t).__name__,
                "upstream": sorted(t.upstream_task_ids),
                "execution_timeout_s": t.execution_timeout.total_seconds() if t.execution_timeout else None,
                "on_failure_callback": [getattr(c, "__qualname__", str(c)) for c in (t.on_failure_callback or [])]
                if isinstance(t.on_failure_callback, list) else getattr(t.on_failure_callback, "__qualname__", None),
                "map_index_template": getattr(t, "map_index_template", None) or (getattr(t, "partial_kwargs", {}) or {}).get("map_index_template"),
            }
            for t in dag.tasks
        },
    }
print("JSON:" + json.dumps(out))
"""


@pytest.fixture(scope="module")
def dagbag(tmp_path_factory: pytest.TempPathFactory) -> dict:
    home = tmp_path_factory.mktemp("airflow_home")
    env = {"AIRFLOW_HOME": str(home), "AIRFLOW__CORE__LOAD_EXAMPLES": "False", "PATH": str(Path(sys.executable).parent)}
    proc = subprocess.run(
        [sys.executable, "-c", PROBE % str(REPO / "dags")], env=env, capture_output=True, text=True, timeout=300
    )
    line = next((l for l in proc.stdout.splitlines() if l.startswith("JSON:")), None)
    assert line, f"DagBag probe failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return json.loads(line[5:])


def test_no_import_errors(dagbag: dict) -> None:
    assert dagbag["errors"] == {}
    assert set(dagbag["dags"]) == {"mr_reports_nightly", "mr_reports_reextract"}


def test_nightly_schedule(dagbag: dict) -> None:
    dag = dagbag["dags"]["mr_reports_nightly"]
    assert dag["schedule"] == "0 2 * * *"
    assert dag["timezone"] == "Asia/Shanghai"
    assert dag["catchup"] is False
    assert dag["max_active_runs"] == 1


def test_crawl_is_mapped_and_writers_share_one_pool(dagbag: dict) -> None:
    tasks = dagbag["dags"]["mr_reports_nightly"]["tasks"]
    assert tasks["crawl_batch"]["mapped"] is True
    for writer in ("load_staging", "dbt_build", "publish_marts"):
        assert tasks[writer]["pool"] == "warehouse"
    assert tasks["crawl_batch"]["pool"] != "warehouse"
    # the sources that were crawled are loaded even when another batch failed
    assert tasks["load_staging"]["trigger_rule"] == "all_done"
    assert tasks["load_staging"]["upstream"] == ["crawl_batch"]
    reextract = dagbag["dags"]["mr_reports_reextract"]["tasks"]
    assert reextract["load_staging"]["pool"] == "warehouse"


def test_every_task_is_bounded_and_reports_its_failure(dagbag: dict) -> None:
    dag = dagbag["dags"]["mr_reports_nightly"]
    assert dag["dagrun_timeout_s"] == 10 * 3600  # a stuck night does not block the next
    assert dag["deadline_s"] == [6 * 3600]  # the operator is told well before that
    for task_id, task in dag["tasks"].items():
        assert task["execution_timeout_s"], task_id
        assert "task_failed" in str(task["on_failure_callback"]), task_id
    for task_id, task in dagbag["dags"]["mr_reports_reextract"]["tasks"].items():
        assert task["execution_timeout_s"] == 3600 and "task_failed" in str(task["on_failure_callback"]), task_id
    # crawl: ceil(batch 250 / 64 sources in parallel) rounds x 300 s source budget x 1.5
    assert dag["tasks"]["crawl_batch"]["execution_timeout_s"] == 4 * 300 * 1.5


def test_crawl_tasks_are_labelled_by_source_ids_and_trigger_form_has_params(dagbag: dict) -> None:
    dag = dagbag["dags"]["mr_reports_nightly"]
    assert dag["tasks"]["crawl_batch"]["map_index_template"] == "{{ source_ids_label }}"
    assert dag["params"] == {"source_ids": [], "refetch_known": False}
