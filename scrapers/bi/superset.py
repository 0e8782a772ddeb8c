"""Superset, the bundled BI, on the published copy: set up once, started and stopped by one command.

    make bi                      # = scripts/install-superset.sh, then `python -m scrapers bi`
    python -m scrapers bi --warehouse var/demo/data/warehouse.duckdb [--port 23088] [--home var/bi]

Superset lives in its own venv (.venv-superset, bi/superset/constraints.txt): its pins clash
with Airflow's. This module runs in the project venv and drives Superset's CLI in subprocesses:
`db upgrade`, `fab create-admin`, `init`, then `import-dashboards` of the YAML bundle kept in
bi/superset/dashboard/ with its one database pointed at the published copy (read-only
duckdb-engine). The server binds 127.0.0.1 only, in its own process group.

Superset reads the published path, which the pipeline swaps atomically; with no result cache and
NullPool engines (superset_config.py) each query opens the current file, so a new publish shows
without a restart.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import secrets
import signal
import subprocess
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import yaml

from scrapers.settings import REPO_ROOT
from scrapers.warehouse.load import is_url, warehouse_url

SUPERSET_VENV = REPO_ROOT / ".venv-superset"
BI_DIR = REPO_ROOT / "bi" / "superset"
BUNDLE_DIR = BI_DIR / "dashboard"
DASHBOARD_SLUG = "mr-reports"
DEFAULT_PORT = 23088
ADMIN_USER = "admin"


class SupersetError(RuntimeError):
    """Superset could not be installed, set up or started; the message names the step and its log."""


def duckdb_uri(published: Path) -> str:
    return f"duckdb:///{Path(published).resolve()}"


def database_config(config: dict, source: Path | str) -> dict:
    """The bundle's database pointed at this install's warehouse, read-only either way: the DuckDB
    published copy (read_only connection), or a PostgreSQL warehouse's `marts` schema (sessions
    default to read-only transactions; the password from MR_WAREHOUSE_PASSWORD goes into Superset's
    encrypted metadata, never into the repo)."""
    config = dict(config)
    if is_url(source):
        config["sqlalchemy_uri"] = warehouse_url(source).render_as_string(hide_password=False)
        config["extra"] = {**config["extra"], "engine_params": {"connect_args": {"options": "-c default_transaction_read_only=on"}}}
    else:
        config["sqlalchemy_uri"] = duckdb_uri(Path(source))
    return config


def dashboard_bundle(source: Path | str, bundle_dir: Path = BUNDLE_DIR) -> bytes:
    """The YAML export bundle as the zip `superset import-dashboards` takes, its database pointed at
    the published copy or the PostgreSQL warehouse (the one value that differs per install)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as bundle:
        for path in sorted(bundle_dir.rglob("*.yaml")):
            text = path.read_text(encoding="utf-8")
            rel = path.relative_to(bundle_dir)
            if rel.parts[0] == "databases":
                config = database_config(yaml.safe_load(text), source)
                text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
            bundle.writestr(f"mr_reports_dashboard/{rel.as_posix()}", text)
    return buffer.getvalue()


class Superset:
    """One Superset install: metadata and logs under `home`, serving the published copy on `port`."""

    def __init__(self, home: Path, published: Path | str, port: int = DEFAULT_PORT, venv: Path = SUPERSET_VENV) -> None:
        self.home = Path(home).resolve()
        # the DuckDB published copy, or a postgresql:// warehouse URL
        self.published = published if is_url(published) else Path(published).resolve()
        self.port = port
        self.venv = venv
        self.log_path = self.home / "superset.log"
        self.pid_path = self.home / "superset.pid"
        self._proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def dashboard_url(self) -> str:
        return f"{self.url}/superset/dashboard/{DASHBOARD_SLUG}/"

    def admin_password(self) -> str:
        path = self.home / "admin_password"
        if not path.exists():
            self.home.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(16))
            path.chmod(0o600)
        return path.read_text().strip()

    def env(self) -> dict[str, str]:
        secret = self.home / "secret_key"
        if not secret.exists():
            self.home.mkdir(parents=True, exist_ok=True)
            secret.write_text(secrets.token_urlsafe(42))
            secret.chmod(0o600)
        return {
            **os.environ,
            "PATH": f"{self.venv / 'bin'}:{os.environ.get('PATH', '/usr/bin:/bin')}",
            "SUPERSET_HOME": str(self.home),
            "SUPERSET_CONFIG_PATH": str(BI_DIR / "superset_config.py"),
            "FLASK_APP": "superset",
            "PYTHONUNBUFFERED": "1",
        }

    def superset(self, *args: str, timeout: float = 600) -> str:
        exe = self.venv / "bin" / "superset"
        if not exe.exists():
            raise SupersetError(f"{exe} missing: run `bash scripts/install-superset.sh` (or `make bi`)")
        proc = subprocess.run([str(exe), *args], env=self.env(), capture_output=True, text=True, timeout=timeout)
        out = proc.stdout + proc.stderr
        with open(self.home / "setup.log", "a", encoding="utf-8") as log:
            log.write(f"$ superset {' '.join(args)}\n{out}\n")
        if proc.returncode != 0:
            raise SupersetError(f"`superset {args[0]}` failed (exit {proc.returncode}); log {self.home / 'setup.log'}:\n{out[-3000:]}")
        return out

    def setup(self) -> None:
        """Metadata DB, admin user, roles, and the dashboard bundle (idempotent: reimport overwrites)."""
        if not is_url(self.published) and not self.published.exists():
            raise SupersetError(f"no published copy at {self.published}: run `make demo` (or the nightly DAG) first")
        self.home.mkdir(parents=True, exist_ok=True)
        # db upgrade + init take ~90 s on 2 cores: done once per home and pinned Superset version.
        stamp, pinned = self.home / ".metadata-ready", (BI_DIR / "constraints.txt").read_text()
        if not stamp.exists() or stamp.read_text() != pinned:
            self.superset("db", "upgrade")
            users = self.superset("fab", "list-users")
            if f"username:{ADMIN_USER}" not in users.replace(" ", ""):
                self.superset(
                    "fab", "create-admin", "--username", ADMIN_USER, "--firstname", "BI", "--lastname", "Admin",
                    "--email", "admin@localhost", f"--password={self.admin_password()}",
                )
            self.superset("init")
            stamp.write_text(pinned)
        self.import_dashboard()

    def import_dashboard(self) -> None:
        bundle = self.home / "dashboard_bundle.zip"
        bundle.write_bytes(dashboard_bundle(self.published))
        bundle.chmod(0o600)  # may hold the PostgreSQL password
        try:
            self.superset("import-dashboards", "--path", str(bundle), "--username", ADMIN_USER)
        finally:
            bundle.unlink(missing_ok=True)
        self.point_database()

    def point_database(self) -> None:
        """Set the database's URI and read-only arguments (an import never overwrites an existing one)."""
        bundled = yaml.safe_load(next((BUNDLE_DIR / "databases").glob("*.yaml")).read_text(encoding="utf-8"))
        config = database_config(bundled, self.published)
        proc = subprocess.run(
            [str(self.venv / "bin" / "python"), str(BI_DIR / "point_database.py")],
            input=json.dumps({k: config[k] for k in ("uuid", "sqlalchemy_uri", "extra")}),
            env=self.env(), capture_output=True, text=True, timeout=300,
        )
        if proc.returncode != 0:
            raise SupersetError(f"pointing Superset's database at the warehouse failed:\n{proc.stderr[-3000:]}")

    def start(self, timeout: float = 180) -> Superset:
        self.home.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "ab")
        self._proc = subprocess.Popen(
            [str(self.venv / "bin" / "superset"), "run", "-h", "127.0.0.1", "-p", str(self.port), "--with-threads"],
            env=self.env(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        log.close()
        self.pid_path.write_text(str(self._proc.pid))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise SupersetError(f"superset run exited ({self._proc.returncode}); log {self.log_path}:\n{self._tail()}")
            with contextlib.suppress(OSError, urllib.error.URLError):
                with urllib.request.urlopen(f"{self.url}/health", timeout=5) as resp:
                    if resp.status == 200:
                        return self
            time.sleep(1)
        self.stop()
        raise SupersetError(f"Superset not healthy on {self.url} after {timeout:.0f} s; log {self.log_path}:\n{self._tail()}")

    def _tail(self, lines: int = 40) -> str:
        return "\n".join(self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        """Stop the server's process group: INT, then TERM, then KILL."""
        if self._proc is None:
            return
        pgid = self._proc.pid
        for sig, wait_s in ((signal.SIGINT, 10), (signal.SIGTERM, 10), (signal.SIGKILL, 5)):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pgid, sig)
            try:
                self._proc.wait(timeout=wait_s)
                break
            except subprocess.TimeoutExpired:
                continue
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGKILL)  # workers left in the group
        self.pid_path.unlink(missing_ok=True)
        self._proc = None

    def __enter__(self) -> Superset:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class SupersetAPI:
    """The few REST calls the tests and the CLI need (JWT login, chart data)."""

    def __init__(self, base_url: str, password: str, username: str = ADMIN_USER) -> None:
        self.base_url = base_url
        body = json.dumps({"username": username, "password": password, "provider": "db", "refresh": False}).encode()
        self.token = self._call("POST", "/api/v1/security/login", body, auth=False)["access_token"]

    def _call(self, method: str, path: str, body: bytes | None = None, *, auth: bool = True) -> dict:
        request = urllib.request.Request(self.base_url + path, data=body, method=method, headers={"Content-Type": "application/json"})
        if auth:
            request.add_header("Authorization", f"Bearer {self.token}")
        with urllib.request.urlopen(request, timeout=60) as resp:
            return json.loads(resp.read())

    def get(self, path: str) -> dict:
        return self._call("GET", path)

    def dashboard_charts(self, slug: str = DASHBOARD_SLUG) -> list[dict]:
        return self.get(f"/api/v1/dashboard/{slug}/charts")["result"]

    def chart_rows(self, chart_id: int) -> list[dict]:
        """Rows the chart's saved query returns now (no cache: the current published copy)."""
        result = self.get(f"/api/v1/chart/{chart_id}/data/?force=true")["result"]
        return [row for r in result for row in r["data"]]
