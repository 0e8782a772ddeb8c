"""Tell the operator: a log line for every failed task or missed deadline, plus an optional webhook.

Airflow calls `task_failed` (on_failure_callback of every task of the DAGs) and `night_overran`
(the nightly DAG's deadline alert). Both always write one line naming the DAG, the task, the
source(s) and the reason; when the Airflow connection `mr_reports_alerts` exists (e.g.
AIRFLOW_CONN_MR_REPORTS_ALERTS='https://chat.example/hook'), the same line is POSTed to it as JSON
{"text": …, "dag_id": …, …}. A webhook that is down never fails the task or hides the log line.
"""

from __future__ import annotations

import json
import logging
import urllib.request
from collections.abc import Mapping
from typing import Any


log = logging.getLogger("mr_reports.alerts")
ALERT_CONN_ID = "mr_reports_alerts"
WEBHOOK_TIMEOUT_S = 10


def one_line(value: object, limit: int = 400) -> str:
    """One line of at most `limit` characters (imported by the DAG file: no heavy imports here)."""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[:limit] + "…"


def alert_line(kind: str, dag_id: str, task_id: str, sources: str, reason: str, run_id: str = "") -> str:
    return f"MR-REPORTS {kind}: dag={dag_id} task={task_id} source={sources or '-'} run={run_id or '-'} reason={one_line(reason) if reason else '-'}"


def task_failed(context: Mapping[str, Any]) -> None:
    """on_failure_callback: one line, and the webhook if configured."""
    ti = context.get("ti") or context.get("task_instance")
    dag_id = getattr(ti, "dag_id", "") or str(getattr(context.get("dag"), "dag_id", ""))
    task_id = getattr(ti, "task_id", "")
    # Crawl tasks are labelled by their source ids (map_index_template); other tasks serve all sources.
    sources = _sources_of(context, ti)
    exception = context.get("exception")
    reason = f"{type(exception).__name__}: {exception}" if exception else "task failed"
    run_id = str(context.get("run_id") or getattr(context.get("dag_run"), "run_id", "") or "")
    line = alert_line("TASK FAILED", dag_id, task_id, sources, reason, run_id)
    log.error(line)
    send_webhook({"text": line, "kind": "task_failed", "dag_id": dag_id, "task_id": task_id, "source": sources,
                  "reason": one_line(reason), "run_id": run_id})


def _sources_of(context: Mapping[str, Any], ti: Any) -> str:
    if (getattr(ti, "map_index", -1) or -1) < 0:
        return "all"  # load, dbt and publish serve every source
    label = context.get("source_ids_label") or getattr(ti, "rendered_map_index", None)
    if label:
        return str(label)
    ids = (getattr(context.get("task"), "op_kwargs", None) or {}).get("source_ids")
    return ", ".join(ids) if isinstance(ids, list) else str(getattr(ti, "map_index", "?"))


async def night_overran(**kwargs: Any) -> None:
    """Deadline alert callback (runs in the triggerer): the nightly run is still going."""
    context = kwargs.get("context") or {}
    dag_run = context.get("dag_run") if isinstance(context, Mapping) else None
    dag_id = str(kwargs.get("dag_id") or getattr(dag_run, "dag_id", "mr_reports_nightly"))
    run_id = str(getattr(dag_run, "run_id", "") or "")
    line = alert_line("DEADLINE MISSED", dag_id, "-", "all", f"the run has not finished within {kwargs.get('within', 'its deadline')}", run_id)
    log.error(line)
    send_webhook({"text": line, "kind": "deadline_missed", "dag_id": dag_id, "run_id": run_id})


def webhook_url() -> str | None:
    """The URL of the `mr_reports_alerts` connection, or None when it is not configured."""
    try:
        from airflow.sdk import BaseHook

        conn = BaseHook.get_connection(ALERT_CONN_ID)
    except Exception:  # not configured (AirflowNotFoundException), or no Airflow here
        return None
    scheme = conn.conn_type if conn.conn_type in ("http", "https") else (conn.schema or "https")
    if not conn.host:
        return None
    if "://" in conn.host:
        return conn.host
    port = f":{conn.port}" if conn.port else ""
    return f"{scheme}://{conn.host}{port}/{(conn.schema if conn.conn_type in ('http', 'https') and conn.schema else '').lstrip('/')}".rstrip("/")


def send_webhook(payload: dict[str, Any], url: str | None = None) -> bool:
    url = url or webhook_url()
    if not url:
        return False
    request = urllib.request.Request(url, data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
                                     headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT_S) as response:  # noqa: S310 - operator-set URL
            return 200 <= response.status < 300
    except Exception as exc:
        log.warning("alert webhook %s failed: %s", ALERT_CONN_ID, one_line(exc))
        return False
