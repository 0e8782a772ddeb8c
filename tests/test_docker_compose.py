"""docker-compose.yml is a valid, production-shaped deployment (no Docker engine runs here)."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
COMPOSE = REPO / "docker-compose.yml"


def test_validates_against_the_compose_spec() -> None:
    checker = Path(sys.executable).parent / "check-jsonschema"
    proc = subprocess.run([str(checker), "--builtin-schema", "vendor.compose-spec", str(COMPOSE)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_production_shape() -> None:
    spec = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    services = spec["services"]
    assert {"postgres", "warehouse-db", "airflow-init", "airflow-apiserver", "airflow-scheduler", "airflow-dag-processor",
            "airflow-triggerer"} <= set(services)
    assert services["airflow-apiserver"]["command"] == "api-server"
    assert services["airflow-dag-processor"]["command"] == "dag-processor"
    for name in ("airflow-apiserver", "airflow-scheduler", "airflow-dag-processor", "airflow-triggerer"):
        service = services[name]
        env = service["environment"]
        assert env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].startswith("postgresql+psycopg2://airflow:${POSTGRES_PASSWORD")
        assert env["AIRFLOW__CORE__EXECUTOR"] == "LocalExecutor"
        assert env["AIRFLOW__CORE__DAGS_FOLDER"] == "/opt/mr-reports/dags"
        assert "./:/opt/mr-reports" in service["volumes"]  # the project mounted
        assert "mr-data:/opt/mr-data" in service["volumes"]  # the warehouse on a volume
        assert env["MR_DATA_DIR"].startswith("/opt/mr-data")  # the raw archive and documents on the volume
        assert service["depends_on"]["airflow-init"]["condition"] == "service_completed_successfully"
        assert service["depends_on"]["warehouse-db"]["condition"] == "service_healthy"
        # The warehouse on warehouse-db: the URL without a password, which comes from the environment
        # (MR_WAREHOUSE_PASSWORD, read by scrapers.warehouse.load.warehouse_url), from .env.
        assert env["MR_WAREHOUSE"] == "postgresql://mr_reports@warehouse-db:5432/mr_reports"
        assert env["MR_WAREHOUSE_PASSWORD"].startswith("${MR_WAREHOUSE_PASSWORD:?")
    assert "warehouse 1" in " ".join(services["airflow-init"]["command"])  # the 1-slot writer pool
    assert "healthcheck" in services["postgres"]
    assert {"mr-data", "postgres-db", "warehouse-db"} <= set(spec["volumes"])
    assert "crawl 4" in " ".join(services["airflow-init"]["command"])  # the crawl pool
    # The warehouse database: its own volume, its role and database, the password from .env.
    warehouse = services["warehouse-db"]
    assert warehouse["image"] == services["postgres"]["image"]  # the official image (the smoke test swaps both)
    assert "warehouse-db:/var/lib/postgresql/data" in warehouse["volumes"]
    assert warehouse["environment"]["POSTGRES_USER"] == "mr_reports" and warehouse["environment"]["POSTGRES_DB"] == "mr_reports"
    assert warehouse["environment"]["POSTGRES_PASSWORD"].startswith("${MR_WAREHOUSE_PASSWORD:?")
    assert "mr_reports" in warehouse["healthcheck"]["test"]


def test_no_secret_is_written_in_the_repo() -> None:
    text = COMPOSE.read_text(encoding="utf-8")
    for key in ("POSTGRES_PASSWORD", "MR_WAREHOUSE_PASSWORD", "AIRFLOW__CORE__FERNET_KEY", "AIRFLOW__API_AUTH__JWT_SECRET"):
        for value in re.findall(rf"^\s*{key}: *(\S+)", text, re.M):
            assert value.startswith("${"), f"{key} must come from the environment, not the file: {value}"
    assert ".env" in (REPO / ".gitignore").read_text(encoding="utf-8")


def test_services_are_locked_down_and_sized_for_a_small_host() -> None:
    """Non-root users, restart policies, healthchecks, limits that fit 2 cores / 8 GB, a real auth
    manager and the UI on loopback unless the operator says otherwise."""
    spec = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    services = spec["services"]
    long_running = [name for name in services if name != "airflow-init"]
    cpus = memory_gib = 0.0
    for name in long_running:
        service = services[name]
        assert service.get("user") and not str(service["user"]).startswith(("0", "root")), f"{name} runs as root"
        assert service["restart"] == "unless-stopped", name
        assert "healthcheck" in service, name
        limits = service["deploy"]["resources"]["limits"]
        cpus += float(limits["cpus"])
        size = limits["memory"]
        memory_gib += float(size[:-1]) / (1024 if size.endswith("M") else 1)
    assert cpus <= 2 * 2.5 and memory_gib <= 7, (cpus, memory_gib)  # CPU may be shared; memory must leave the OS 1 GB of 8
    env = services["airflow-apiserver"]["environment"]
    assert env["AIRFLOW__CORE__AUTH_MANAGER"].endswith("FabAuthManager")
    assert all(port.startswith("${AIRFLOW_API_BIND:-127.0.0.1}:") for port in services["airflow-apiserver"]["ports"])
    # The warehouse is reachable from this host only (BI tools, pg_dump); nothing else is published.
    assert all(port.startswith("127.0.0.1:") for port in services["warehouse-db"]["ports"])
    assert all("ports" not in services[name] for name in services if name not in ("airflow-apiserver", "warehouse-db"))
    init = " ".join(services["airflow-init"]["command"])
    assert "airflow users create --role Admin" in init and "${AIRFLOW_ADMIN_PASSWORD}" in init.replace("$$", "$")
    assert services["airflow-init"]["environment"]["AIRFLOW_ADMIN_PASSWORD"].startswith("${AIRFLOW_ADMIN_PASSWORD:?")


def test_the_admin_password_may_start_with_a_dash() -> None:
    """token_urlsafe() begins with '-' one time in 64; argparse then reads `--password -x…` as a
    missing value and the init service fails. The password must be given as `--password=…`.
    (The FAB provider that owns `airflow users create` lives in the image only, so its argparse
    options are declared here as FAB declares them.)"""
    import argparse

    parser = argparse.ArgumentParser(prog="airflow users create", exit_on_error=False)
    for short, long in (("-e", "--email"), ("-f", "--firstname"), ("-l", "--lastname"), ("-p", "--password"),
                        ("-r", "--role"), ("-u", "--username")):
        parser.add_argument(short, long)
    spec = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    script = spec["services"]["airflow-init"]["command"][-1]
    create = next(step for step in script.split("&&") if "airflow users create" in step)
    values = {"AIRFLOW_ADMIN_USERNAME": "admin", "AIRFLOW_ADMIN_PASSWORD": "-Xq3_secret"}
    rendered = re.sub(r"\$\$\{(\w+)\}", lambda m: values[m.group(1)], create)
    argv = shlex.split(rendered)[3:]  # after `airflow users create`
    args = parser.parse_args(argv)
    assert args.password == "-Xq3_secret" and args.username == "admin"
