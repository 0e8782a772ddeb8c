"""docker-compose.yml is a valid, production-shaped deployment (no Docker engine runs here)."""

from __future__ import annotations

import re
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
    assert {"postgres", "airflow-init", "airflow-apiserver", "airflow-scheduler", "airflow-dag-processor", "airflow-triggerer"} <= set(services)
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
    assert "warehouse 1" in " ".join(services["airflow-init"]["command"])  # the 1-slot writer pool
    assert "healthcheck" in services["postgres"]
    assert {"mr-data", "postgres-db", "warehouse-db"} <= set(spec["volumes"])
    # the warehouse in its own PostgreSQL, selected by the one setting, password from the environment
    assert "healthcheck" in services["warehouse-db"]
    env = services["airflow-scheduler"]["environment"]
    assert env["MR_WAREHOUSE"].startswith("postgresql://") and "@" in env["MR_WAREHOUSE"] and ":" not in env["MR_WAREHOUSE"].split("@")[0].split("//")[1]
    assert env["MR_WAREHOUSE_PASSWORD"].startswith("${")


def test_no_secret_is_written_in_the_repo() -> None:
    text = COMPOSE.read_text(encoding="utf-8")
    for key in ("POSTGRES_PASSWORD", "MR_WAREHOUSE_PASSWORD", "AIRFLOW__CORE__FERNET_KEY", "AIRFLOW__API_AUTH__JWT_SECRET"):
        for value in re.findall(rf"^\s*{key}: *(\S+)", text, re.M):
            assert value.startswith("${"), f"{key} must come from the environment, not the file: {value}"
    assert ".env" in (REPO / ".gitignore").read_text(encoding="utf-8")
