"""A production-shaped Airflow deployment on this machine, started and stopped by one command.

    .venv/bin/python scripts/airflow_stack.py up     --home var/stack [--sources sources.yaml] [--data-dir DIR]
    .venv/bin/python scripts/airflow_stack.py status --home var/stack
    .venv/bin/python scripts/airflow_stack.py down   --home var/stack

It is docker-compose.yml without containers, with the same environment names:

* PostgreSQL from Debian's binaries (``/usr/lib/postgresql/<v>/bin``) as a private cluster in
  ``HOME/postgres/data`` (run as the ``postgres`` user when started by root: PostgreSQL refuses
  root). It listens on 127.0.0.1 on a free port only, no unix socket; role and database ``airflow``.
* ``airflow db migrate`` and the 1-slot ``warehouse`` pool (compose's airflow-init).
* ``airflow api-server``, ``scheduler`` (LocalExecutor, parallelism 4), ``dag-processor`` and
  ``triggerer``: four processes, each in its own process group, logging to ``HOME/logs/<name>.log``.
  The API binds 127.0.0.1 on a free port with AIRFLOW__API__HOST/PORT/BASE_URL set together (workers
  call the execution API at the base URL); the log servers and the scheduler's health server get
  free ports instead of 8793/8794/8974, and every component names its host 127.0.0.1 so log fetches
  stay on loopback.
* Simple auth manager with user ``admin``; its password is in ``HOME/passwords.json``.

``up`` waits for ``/api/v2/monitor/health`` to report every component healthy. ``down`` stops each
process group (SIGINT, then SIGTERM, then SIGKILL), then PostgreSQL, then any process left that
is still working in HOME (a task, a PostgreSQL backend). The cluster, metadata and logs stay in HOME, so a
second ``up`` on the same HOME resumes the same deployment.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
SERVICES = ("api-server", "scheduler", "dag-processor", "triggerer")
MARKER = "MR_STACK_HOME"  # set in every process the stack starts, so `down` can find stragglers
WAREHOUSE_POOL = ("warehouse", "1", "DuckDB warehouse - one writer at a time")  # as in docker-compose.yml
CRAWL_POOL = ("crawl", "4", "crawl tasks at once - each runs many sources")  # as in docker-compose.yml
INSTALL_HINT = "run `bash scripts/install-system-deps.sh` (as root) to install Debian's postgresql and chromium"


class StackError(RuntimeError):
    """The deployment could not be started, or a part of it died."""


class MissingSystemDependency(StackError):
    pass


def loopback_hostname() -> str:
    """[core] hostname_callable: components record 127.0.0.1, so log fetches stay on loopback."""
    return "127.0.0.1"


# -- system dependencies -----------------------------------------------------------------------


def find_pg_bindir() -> Path:
    """Debian's PostgreSQL server binaries: $MR_PG_BINDIR, the newest /usr/lib/postgresql/*/bin, PATH."""
    candidates: list[Path] = []
    if os.environ.get("MR_PG_BINDIR"):
        candidates.append(Path(os.environ["MR_PG_BINDIR"]))
    versions = [p for p in Path("/usr/lib/postgresql").glob("*/bin") if p.parent.name.isdigit()]
    candidates += sorted(versions, key=lambda p: int(p.parent.name), reverse=True)
    if shutil.which("initdb"):
        candidates.append(Path(shutil.which("initdb")).resolve().parent)  # type: ignore[arg-type]
    for c in candidates:
        if all((c / exe).is_file() for exe in ("initdb", "postgres", "pg_isready", "psql")):
            return c
    raise MissingSystemDependency(f"PostgreSQL server binaries (initdb, postgres) not found; {INSTALL_HINT}")


def missing_system_deps(*, browser: bool = False) -> list[str]:
    """What the deployment (and, with browser=True, the UI tests) need but this machine lacks."""
    missing = []
    try:
        find_pg_bindir()
    except MissingSystemDependency:
        missing.append("postgresql (Debian package: /usr/lib/postgresql/*/bin/initdb)")
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            missing.append("the `postgres` system user (created by Debian's postgresql package)")
    if browser:
        if not Path("/usr/bin/chromium").exists():
            missing.append("chromium (Debian package: /usr/bin/chromium)")
        import importlib.util

        if importlib.util.find_spec("playwright") is None:
            missing.append("the pip package playwright in .venv")
    return missing


# -- small process helpers ----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _proc_stat(pid: int) -> tuple[str, int, int] | None:
    """(state, process group, start time in clock ticks since boot) of a process, None if gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    fields = raw[raw.rindex(")") + 2 :].split()
    return fields[0], int(fields[2]), int(fields[19])


def start_time(pid: int) -> int | None:
    st = _proc_stat(pid)
    return None if st is None or st[0] == "Z" else st[2]


def _environ_has(pid: int, marker: str) -> bool:
    # setproctitle (Airflow's api-server, workers, log servers; PostgreSQL's ps display) overwrites
    # the memory /proc/PID/environ reads, so the marker alone does not find every process.
    try:
        return marker.encode() in Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return False


def _cwd(pid: int) -> str:
    try:
        return os.readlink(f"/proc/{pid}/cwd")
    except OSError:
        return ""


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _all_pids() -> Iterator[int]:
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            yield int(entry.name)


def group_members(pgid: int) -> list[int]:
    """Live (non-zombie) processes of a process group."""
    out = []
    for pid in _all_pids():
        st = _proc_stat(pid)
        if st and st[1] == pgid and st[0] != "Z":
            out.append(pid)
    return out


def belongs_to(pid: int, home: Path) -> bool:
    """A process this stack started: it carries the marker, or it is an Airflow/PostgreSQL process
    working in the stack's home (all services start there; PostgreSQL works in its data dir)."""
    if pid == os.getpid():
        return False
    if _environ_has(pid, f"{MARKER}={home}"):
        return True
    cwd = _cwd(pid)
    if not (cwd == str(home) or cwd.startswith(str(home) + os.sep)):
        return False
    cmd = _cmdline(pid)
    return any(word in cmd for word in ("airflow", "postgres", "dbt", "python"))


def stack_processes(home: Path) -> list[int]:
    return [pid for pid in _all_pids() if start_time(pid) is not None and belongs_to(pid, home)]


def psql(bindir: Path, port: int, password: str, sql: str) -> str:
    """One statement as the superuser of a private cluster on loopback; its output, trimmed."""
    proc = subprocess.run(
        [str(bindir / "psql"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", "postgres",
         "-v", "ON_ERROR_STOP=1", "-tAc", sql],
        capture_output=True, text=True, env={**os.environ, "PGPASSWORD": password, "PGCONNECT_TIMEOUT": "10"},
        stdin=subprocess.DEVNULL,
    )
    if proc.returncode != 0:
        raise StackError(f"psql failed: {proc.stderr.strip()}")
    return proc.stdout.strip()


def ensure_role_and_database(bindir: Path, port: int, superuser_password: str, role: str, password: str, database: str) -> None:
    """The login role and its database, created once (safe to rerun)."""
    if not psql(bindir, port, superuser_password, f"select 1 from pg_roles where rolname = '{role}'"):
        psql(bindir, port, superuser_password, f"create role {role} login password '{password}'")
    if not psql(bindir, port, superuser_password, f"select 1 from pg_database where datname = '{database}'"):
        psql(bindir, port, superuser_password, f"create database {database} owner {role} encoding 'UTF8'")


def tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return f"({path} does not exist)"


# -- the stack ------------------------------------------------------------------------------------


@dataclass
class StackPaths:
    home: Path

    @property
    def state(self) -> Path:
        return self.home / "stack.json"

    @property
    def secrets(self) -> Path:
        return self.home / "secrets.json"

    @property
    def passwords(self) -> Path:
        return self.home / "passwords.json"

    @property
    def env_file(self) -> Path:
        return self.home / "airflow.env"

    @property
    def pg_root(self) -> Path:
        return self.home / "postgres"

    @property
    def pg_data(self) -> Path:
        return self.pg_root / "data"

    @property
    def airflow_home(self) -> Path:
        return self.home / "airflow"

    @property
    def logs(self) -> Path:
        return self.home / "logs"

    def log(self, name: str) -> Path:
        return self.logs / f"{name}.log"


class AirflowStack:
    """Start, inspect and stop the deployment kept in ``home``.

    ``env`` is added to every Airflow service's environment (the pipeline's MR_* settings).
    ``use_job_schedule=False`` keeps the scheduler from creating cron runs (tests trigger runs
    themselves; production keeps the nightly schedule).
    """

    def __init__(
        self,
        home: str | Path,
        *,
        env: Mapping[str, str] | None = None,
        parallelism: int = 4,
        use_job_schedule: bool = True,
        admin_user: str = "admin",
        api_port: int = 0,
        dags_folder: str | Path | None = None,
    ) -> None:
        self.paths = StackPaths(Path(home).absolute())
        self.home = self.paths.home
        self.extra_env = dict(env or {})
        self.parallelism = parallelism
        self.use_job_schedule = use_job_schedule
        self.admin_user = admin_user
        self.requested_api_port = api_port
        self.dags_folder = Path(dags_folder or REPO_ROOT / "dags").absolute()
        self._procs: dict[str, subprocess.Popen] = {}  # children of this process, reaped as they exit
        self.state: dict[str, Any] = self._read_json(self.paths.state) or {}

    # -- state ----------------------------------------------------------------------------------

    @staticmethod
    def _read_json(path: Path) -> dict[str, Any] | None:
        try:
            return json.loads(path.read_text())
        except FileNotFoundError:
            return None

    @staticmethod
    def _write_json(path: Path, data: Mapping[str, Any], mode: int = 0o644) -> None:
        tmp = path.with_suffix(path.suffix + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
        with os.fdopen(fd, "w") as f:
            json.dump(data, f, indent=2, sort_keys=True)
            f.write("\n")
        os.chmod(tmp, mode)
        os.replace(tmp, path)

    def _save_state(self) -> None:
        self._write_json(self.paths.state, self.state)

    def _secrets(self) -> dict[str, str]:
        """Generated once per home and kept (0600): the cluster and the Fernet key outlive a restart."""
        data = self._read_json(self.paths.secrets)
        if data is None:
            from cryptography.fernet import Fernet

            data = {
                "postgres_superuser_password": secrets.token_hex(16),
                "postgres_password": secrets.token_hex(16),  # POSTGRES_PASSWORD in docker-compose.yml
                "jwt_secret": secrets.token_urlsafe(32),  # AIRFLOW_JWT_SECRET
                "fernet_key": Fernet.generate_key().decode(),  # AIRFLOW_FERNET_KEY
                "api_secret_key": secrets.token_urlsafe(32),
            }
            self._write_json(self.paths.secrets, data, 0o600)
        return data

    @property
    def admin_password(self) -> str:
        return json.loads(self.paths.passwords.read_text())[self.admin_user]

    @property
    def base_url(self) -> str:
        if "api_port" not in self.state:
            raise StackError(f"no stack state in {self.home}: run `up` first")
        return f"http://127.0.0.1:{self.state['api_port']}"

    # -- environment ----------------------------------------------------------------------------

    def airflow_env(self) -> dict[str, str]:
        """The environment of every Airflow process (services and CLI) of this deployment."""
        s, st = self._secrets(), self.state
        base_url = self.base_url
        env = {
            **os.environ,
            **self.extra_env,
            "PATH": str(VENV_BIN) + os.pathsep + os.environ.get("PATH", ""),
            "AIRFLOW_HOME": str(self.paths.airflow_home),
            "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
            "AIRFLOW__CORE__PARALLELISM": str(self.parallelism),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__CORE__DAGS_FOLDER": str(self.dags_folder),
            "AIRFLOW__CORE__FERNET_KEY": s["fernet_key"],
            "AIRFLOW__CORE__HOSTNAME_CALLABLE": "scrapers.ops.airflow_stack.loopback_hostname",
            "AIRFLOW__CORE__AUTH_MANAGER": "airflow.api_fastapi.auth.managers.simple.simple_auth_manager.SimpleAuthManager",
            "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS": f"{self.admin_user}:admin",
            "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE": str(self.paths.passwords),
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": (
                f"postgresql+psycopg2://airflow:{s['postgres_password']}@127.0.0.1:{st['pg_port']}/airflow"
            ),
            "AIRFLOW__API__HOST": "127.0.0.1",
            "AIRFLOW__API__PORT": str(st["api_port"]),
            "AIRFLOW__API__BASE_URL": base_url,
            "AIRFLOW__API__WORKERS": "1",
            "AIRFLOW__API__SECRET_KEY": s["api_secret_key"],
            "AIRFLOW__API_AUTH__JWT_SECRET": s["jwt_secret"],
            "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"{base_url}/execution/",
            "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT": str(st["worker_log_port"]),
            "AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT": str(st["trigger_log_port"]),
            "AIRFLOW__LOGGING__LOGGING_LEVEL": "INFO",
            "AIRFLOW__SCHEDULER__ENABLE_HEALTH_CHECK": "True",
            "AIRFLOW__SCHEDULER__SCHEDULER_HEALTH_CHECK_SERVER_HOST": "127.0.0.1",
            "AIRFLOW__SCHEDULER__SCHEDULER_HEALTH_CHECK_SERVER_PORT": str(st["scheduler_health_port"]),
            "AIRFLOW__SCHEDULER__USE_JOB_SCHEDULE": str(self.use_job_schedule),
            MARKER: str(self.home),
        }
        return env

    def _write_env_file(self, env: Mapping[str, str]) -> None:
        """HOME/airflow.env: `set -a; . HOME/airflow.env; set +a` to use the airflow CLI on this stack."""
        keys = sorted(k for k in env if k.startswith(("AIRFLOW", "MR_")) or k == "PATH")
        lines = ["# Written by scrapers.ops.airflow_stack; holds secrets (mode 0600)."]
        lines += [f"{k}='{env[k]}'" for k in keys if "'" not in env[k]]
        fd = os.open(self.paths.env_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write("\n".join(lines) + "\n")

    def airflow(self, *args: str, timeout: float = 600, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run an `airflow` CLI command against this deployment."""
        proc = subprocess.run(
            [str(VENV_BIN / "airflow"), *args], env=self.airflow_env(), capture_output=True, text=True,
            timeout=timeout, cwd=self.home, stdin=subprocess.DEVNULL,
        )
        with self.paths.log("cli").open("a") as log:
            log.write(f"$ airflow {' '.join(args)}  (exit {proc.returncode})\n{proc.stdout}{proc.stderr}\n")
        if check and proc.returncode != 0:
            raise StackError(f"airflow {' '.join(args)} failed (exit {proc.returncode}):\n{(proc.stdout + proc.stderr)[-4000:]}")
        return proc

    # -- up -------------------------------------------------------------------------------------

    def up(self, timeout: float = 300) -> AirflowStack:
        """Start PostgreSQL and the four Airflow services; on any failure stop what was started."""
        if self.running_services():
            raise StackError(f"a stack is already running in {self.home} (pids {self.running_services()}); `down` it first")
        self.home.mkdir(parents=True, exist_ok=True)
        self.paths.logs.mkdir(exist_ok=True)
        self.paths.airflow_home.mkdir(exist_ok=True)
        deadline = time.monotonic() + timeout
        try:
            self._choose_ports()
            self._write_passwords()
            self.start_postgres()
            env = self.airflow_env()
            self._write_env_file(env)
            self.airflow("db", "migrate", timeout=max(60.0, deadline - time.monotonic()))
            self.airflow("pools", "set", *WAREHOUSE_POOL)
            self.airflow("pools", "set", CRAWL_POOL[0], self.extra_env.get("MR_CRAWL_SLOTS", CRAWL_POOL[1]), CRAWL_POOL[2])
            for name in SERVICES:
                self._start_service(name, env)
            self.wait_healthy(deadline - time.monotonic())
        except BaseException:
            self.down()
            raise
        return self

    def _choose_ports(self) -> None:
        """Free loopback ports; a restarted home keeps its old ones where they are still free."""
        wanted = {"pg_port": 0, "api_port": self.requested_api_port, "worker_log_port": 0,
                  "trigger_log_port": 0, "scheduler_health_port": 0}
        taken: set[int] = set()
        for key, requested in wanted.items():
            port = requested or self.state.get(key) or 0
            if requested and not port_is_free(requested):
                raise StackError(f"port {requested} on 127.0.0.1 is in use")
            if not port or port in taken or not port_is_free(port):
                port = free_port()
                while port in taken:
                    port = free_port()
            taken.add(port)
            self.state[key] = port
        self.state.update(home=str(self.home), services={}, dags_folder=str(self.dags_folder),
                          use_job_schedule=self.use_job_schedule, admin_user=self.admin_user)
        self._save_state()

    def _write_passwords(self) -> None:
        """The simple auth manager's passwords file, with a known admin password (kept across restarts)."""
        current = self._read_json(self.paths.passwords) or {}
        if self.admin_user not in current:
            current[self.admin_user] = secrets.token_urlsafe(12)
        self._write_json(self.paths.passwords, current, 0o600)

    # -- PostgreSQL -----------------------------------------------------------------------------

    def _pg_identity(self) -> tuple[int, int] | None:
        """(uid, gid) to run PostgreSQL as when we are root (it refuses root), else None."""
        if os.geteuid() != 0:
            return None
        try:
            pw = pwd.getpwnam("postgres")
        except KeyError:
            raise MissingSystemDependency(f"running as root, but there is no `postgres` user to run PostgreSQL as; {INSTALL_HINT}") from None
        return pw.pw_uid, pw.pw_gid

    def _as_pg(self) -> dict[str, Any]:
        ident = self._pg_identity()
        return {} if ident is None else {"user": ident[0], "group": ident[1], "extra_groups": []}

    def _check_traversable(self, path: Path, uid: int) -> None:
        for parent in [path, *path.parents]:
            st = parent.stat()
            if st.st_uid != uid and not st.st_mode & stat.S_IXOTH:
                raise StackError(
                    f"PostgreSQL runs as the `postgres` user, which cannot enter {parent} (mode {oct(st.st_mode & 0o777)}): "
                    f"`chmod o+x {parent}` or choose a home whose parent folders are searchable"
                )

    def start_postgres(self) -> None:
        bindir = find_pg_bindir()
        ident = self._pg_identity()
        pg = self.paths
        pg.pg_root.mkdir(exist_ok=True)
        if ident:
            os.chmod(self.home, os.stat(self.home).st_mode | stat.S_IXOTH)  # a folder we created; search only
            os.chmod(pg.pg_root, 0o711)
            self._check_traversable(pg.pg_root, ident[0])
        s = self._secrets()
        if not (pg.pg_data / "PG_VERSION").exists():
            pg.pg_data.mkdir(mode=0o700, exist_ok=True)
            pwfile = pg.pg_root / ".initdb-pw"
            pwfile.write_text(s["postgres_superuser_password"] + "\n")
            try:
                if ident:
                    os.chown(pg.pg_data, *ident)
                    os.chown(pwfile, *ident)
                os.chmod(pwfile, 0o600)
                proc = subprocess.run(
                    [str(bindir / "initdb"), "-D", str(pg.pg_data), "-U", "postgres", f"--pwfile={pwfile}",
                     "--auth=scram-sha-256", "-E", "UTF8", "--no-locale"],
                    capture_output=True, text=True, cwd=pg.pg_root, stdin=subprocess.DEVNULL, **self._as_pg(),
                )
            finally:
                pwfile.unlink(missing_ok=True)
            pg.log("initdb").write_text(proc.stdout + proc.stderr)
            if proc.returncode != 0:
                raise StackError(f"initdb failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
        port = self.state["pg_port"]
        log = pg.log("postgres").open("ab")
        try:
            proc = subprocess.Popen(
                [str(bindir / "postgres"), "-D", str(pg.pg_data), "-h", "127.0.0.1", "-p", str(port), "-k", "",
                 "-c", "max_connections=100", "-c", "shared_buffers=64MB"],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=pg.pg_root,
                start_new_session=True, env={**os.environ, MARKER: str(self.home), "LC_ALL": "C"}, **self._as_pg(),
            )
        finally:
            log.close()
        self._procs["postgres"] = proc
        self.state["postgres"] = {"pid": proc.pid, "pgid": proc.pid, "starttime": start_time(proc.pid),
                                  "bindir": str(bindir), "log": str(pg.log("postgres"))}
        self._save_state()
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise StackError(f"postgres exited with {proc.returncode}:\n{tail(pg.log('postgres'))}")
            ready = subprocess.run([str(bindir / "pg_isready"), "-h", "127.0.0.1", "-p", str(port), "-t", "2"],
                                   capture_output=True, text=True)
            if ready.returncode == 0:
                break
            if time.monotonic() > deadline:
                raise StackError(f"postgres did not accept connections within 60 s:\n{tail(pg.log('postgres'))}")
            time.sleep(0.3)
        self._ensure_database(bindir, port, s)

    def _ensure_database(self, bindir: Path, port: int, s: Mapping[str, str]) -> None:
        ensure_role_and_database(bindir, port, s["postgres_superuser_password"], "airflow", s["postgres_password"], "airflow")

    # -- Airflow services -----------------------------------------------------------------------

    def _start_service(self, name: str, env: Mapping[str, str]) -> None:
        args = [str(VENV_BIN / "airflow"), name]
        if name == "api-server":
            args += ["--host", "127.0.0.1", "--port", str(self.state["api_port"])]
        log = self.paths.log(name).open("ab")
        try:
            proc = subprocess.Popen(args, env=dict(env), stdout=log, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL, cwd=self.home, start_new_session=True)
        finally:
            log.close()
        self._procs[name] = proc
        self.state.setdefault("services", {})[name] = {"pid": proc.pid, "pgid": proc.pid, "starttime": start_time(proc.pid),
                                                       "log": str(self.paths.log(name))}
        self._save_state()

    def health(self, timeout: float = 5) -> dict[str, Any]:
        import requests

        r = requests.get(f"{self.base_url}/api/v2/monitor/health", timeout=timeout)
        r.raise_for_status()
        return r.json()

    def wait_healthy(self, timeout: float = 180) -> dict[str, Any]:
        """Until metadatabase, scheduler, triggerer and dag_processor all report healthy."""
        deadline = time.monotonic() + max(timeout, 10)
        last: Any = None
        while time.monotonic() < deadline:
            for name in SERVICES:
                if not self._alive(name):
                    raise StackError(f"airflow {name} exited:\n{tail(self.paths.log(name))}")
            try:
                last = self.health()
                parts = ("metadatabase", "scheduler", "triggerer", "dag_processor")
                if all((last.get(p) or {}).get("status") == "healthy" for p in parts):
                    return last
            except Exception as exc:  # noqa: BLE001 - not up yet
                last = repr(exc)
            time.sleep(1)
        raise StackError(f"the stack was not healthy within {timeout:.0f} s; last health: {last}\n"
                         + "\n".join(f"--- {n}.log\n{tail(self.paths.log(n), 15)}" for n in SERVICES))

    def _info(self, name: str) -> dict[str, Any] | None:
        return self.state.get("postgres") if name == "postgres" else self.state.get("services", {}).get(name)

    def _alive(self, name: str) -> bool:
        proc = self._procs.get(name)
        if proc is not None:
            return proc.poll() is None
        info = self._info(name)
        return bool(info) and start_time(info["pid"]) == info.get("starttime")

    def running_services(self) -> dict[str, int]:
        names = [*self.state.get("services", {}), *(["postgres"] if self.state.get("postgres") else [])]
        return {n: self._info(n)["pid"] for n in names if self._alive(n)}  # type: ignore[index]

    # -- down -----------------------------------------------------------------------------------

    def _reap(self) -> None:
        for proc in self._procs.values():
            proc.poll()

    def _ours(self, info: Mapping[str, Any]) -> list[int]:
        """Live members of a recorded process group that really are this stack's (pids get reused)."""
        self._reap()
        members = group_members(info["pgid"])
        if start_time(info["pid"]) == info.get("starttime"):
            return members  # the leader we started is still there: the whole group is ours
        return [pid for pid in members if belongs_to(pid, self.home)]

    def _stop_groups(self, groups: Iterable[Mapping[str, Any]], steps: Iterable[tuple[signal.Signals, float]]) -> list[int]:
        """Signal whole process groups step by step until they are empty; return those that never emptied."""
        pending = [g for g in groups if self._ours(g)]
        for sig, wait_s in steps:
            if not pending:
                break
            for g in pending:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(g["pgid"], sig)
            deadline = time.monotonic() + wait_s
            while pending and time.monotonic() < deadline:
                time.sleep(0.2)
                pending = [g for g in pending if self._ours(g)]
        return [g["pgid"] for g in pending]

    def down(self) -> list[str]:
        """Stop everything this home started; return what needed more than a polite signal (for logs)."""
        self.state = self._read_json(self.paths.state) or self.state
        notes: list[str] = []
        services = self.state.get("services", {})
        graceful = [(signal.SIGINT, 20.0), (signal.SIGTERM, 10.0), (signal.SIGKILL, 5.0)]
        # Scheduler first (its executor waits for running tasks, which need the API), API server last.
        for batch in (("scheduler", "triggerer", "dag-processor"), ("api-server",)):
            left = self._stop_groups([services[n] for n in batch if n in services], graceful)
            if left:
                notes.append(f"process groups {left} survived SIGKILL")
        pg = self.state.get("postgres")
        if pg:
            # SIGINT to the postmaster alone is PostgreSQL's fast shutdown; then immediate, then kill.
            if self._alive("postgres"):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pg["pid"], signal.SIGINT)
                deadline = time.monotonic() + 30
                while self._alive("postgres") and time.monotonic() < deadline:
                    time.sleep(0.2)
            left = self._stop_groups([pg], [(signal.SIGQUIT, 10.0), (signal.SIGKILL, 5.0)])
            if left:
                notes.append(f"postgres group {left} survived SIGKILL")
        # Stragglers: anything of this stack still there (a task or a PostgreSQL backend in its own group).
        for sig in (signal.SIGTERM, signal.SIGKILL):
            strays = stack_processes(self.home)
            if not strays:
                break
            notes.append(f"{sig.name} to stray processes {strays}")
            for pid in strays:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, sig)
            deadline = time.monotonic() + 5
            while stack_processes(self.home) and time.monotonic() < deadline:
                time.sleep(0.2)
        self._reap()
        for proc in self._procs.values():
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=1)
        self._procs.clear()
        if self.paths.state.exists():
            self.state["services"] = {}
            self.state.pop("postgres", None)
            self._save_state()
        return notes

    # -- status ---------------------------------------------------------------------------------

    def status(self) -> dict[str, Any]:
        out: dict[str, Any] = {"home": str(self.home), "processes": {}}
        if not self.state:
            out["state"] = "no stack here"
            return out
        for name in ("postgres", *SERVICES):
            info = self.state.get("postgres") if name == "postgres" else self.state.get("services", {}).get(name)
            out["processes"][name] = {"pid": info["pid"], "running": self._alive(name), "log": info["log"]} if info else None
        out["api"] = self.base_url
        out["postgres_port"] = self.state.get("pg_port")
        out["admin_user"] = self.admin_user
        out["passwords_file"] = str(self.paths.passwords)
        try:
            out["health"] = self.health()
        except Exception as exc:  # noqa: BLE001
            out["health"] = f"unreachable: {exc.__class__.__name__}"
        return out

    def __enter__(self) -> AirflowStack:
        return self.up()

    def __exit__(self, *exc: object) -> None:
        self.down()


# -- REST API v2 client (what the UI uses) ---------------------------------------------------------


class AirflowAPI:
    """Bearer-token client for /api/v2 with the calls an operator makes."""

    def __init__(self, base_url: str, username: str, password: str, timeout: float = 30) -> None:
        import requests

        self.base_url = base_url.rstrip("/")
        self.username, self.password, self.timeout = username, password, timeout
        self.session = requests.Session()
        self._token: str | None = None

    @classmethod
    def for_stack(cls, stack: AirflowStack) -> AirflowAPI:
        return cls(stack.base_url, stack.admin_user, stack.admin_password)

    @property
    def token(self) -> str:
        if self._token is None:
            r = self.session.post(f"{self.base_url}/auth/token", json={"username": self.username, "password": self.password}, timeout=self.timeout)
            if r.status_code not in (200, 201):
                raise StackError(f"POST /auth/token: {r.status_code} {r.text[:500]}")
            self._token = r.json()["access_token"]
        return self._token

    def request(self, method: str, path: str, *, expect: Iterable[int] = (200,), **kw: Any) -> Any:
        headers = {"Authorization": f"Bearer {self.token}", **kw.pop("headers", {})}
        r = self.session.request(method, f"{self.base_url}/api/v2{path}", headers=headers, timeout=self.timeout, **kw)
        if r.status_code not in tuple(expect):
            raise StackError(f"{method} /api/v2{path}: {r.status_code} {r.text[:1000]}")
        return r.json() if r.content else None

    def wait_for_dag(self, dag_id: str, timeout: float = 120) -> dict[str, Any]:
        """Until the dag-processor has parsed and stored the DAG."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                return self.request("GET", f"/dags/{dag_id}")
            except StackError:
                if time.monotonic() > deadline:
                    errors = self.request("GET", "/importErrors")
                    raise StackError(f"DAG {dag_id} not parsed within {timeout:.0f} s; import errors: {errors}") from None
                time.sleep(1)

    def unpause(self, dag_id: str) -> None:
        self.request("PATCH", f"/dags/{dag_id}", json={"is_paused": False})

    def trigger(self, dag_id: str, conf: Mapping[str, Any] | None = None) -> str:
        run = self.request("POST", f"/dags/{dag_id}/dagRuns", json={"logical_date": None, "conf": dict(conf or {})})
        return run["dag_run_id"]

    def dag_run(self, dag_id: str, run_id: str) -> dict[str, Any]:
        return self.request("GET", f"/dags/{dag_id}/dagRuns/{run_id}")

    def wait_for_run(self, dag_id: str, run_id: str, timeout: float = 300,
                     done: Iterable[str] = ("success", "failed")) -> str:
        deadline = time.monotonic() + timeout
        while True:
            state = self.dag_run(dag_id, run_id)["state"]
            if state in tuple(done):
                return state
            if time.monotonic() > deadline:
                tis = {(t["task_id"], t["map_index"]): t["state"] for t in self.task_instances(dag_id, run_id)}
                raise StackError(f"run {run_id} still {state} after {timeout:.0f} s; tasks: {tis}")
            time.sleep(1)

    def task_instances(self, dag_id: str, run_id: str) -> list[dict[str, Any]]:
        return self.request("GET", f"/dags/{dag_id}/dagRuns/{run_id}/taskInstances", params={"limit": 1000})["task_instances"]

    def task_log(self, dag_id: str, run_id: str, task_id: str, try_number: int, map_index: int = -1) -> str:
        """The task attempt's whole log as text (one line per structured log record)."""
        data = self.request("GET", f"/dags/{dag_id}/dagRuns/{run_id}/taskInstances/{task_id}/logs/{try_number}",
                            params={"map_index": map_index, "full_content": "true"}, headers={"Accept": "application/json"})
        lines = []
        for item in data.get("content", []):
            if isinstance(item, dict):
                extra = {k: v for k, v in item.items() if k not in ("event", "timestamp", "level")}
                lines.append(f"{item.get('timestamp', '')} {item.get('level', '')} {item.get('event', '')}"
                             + (f" {json.dumps(extra, ensure_ascii=False)}" if extra else ""))
            else:
                lines.append(str(item))
        return "\n".join(lines)

    def clear(self, dag_id: str, run_id: str, task_ids: list[str | tuple[str, int]], *, include_downstream: bool = True,
              only_failed: bool = True, dry_run: bool = False) -> list[dict[str, Any]]:
        """The UI's Clear: rerun the failed task instances (and what follows them) in that run."""
        body = {"dry_run": dry_run, "dag_run_id": run_id, "task_ids": [list(t) if isinstance(t, tuple) else t for t in task_ids],
                "include_downstream": include_downstream, "include_upstream": False, "only_failed": only_failed,
                "reset_dag_runs": True}
        return self.request("POST", f"/dags/{dag_id}/clearTaskInstances", json=body)["task_instances"]


# -- command line --------------------------------------------------------------------------------


def _parse_env(items: list[str]) -> dict[str, str]:
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise SystemExit(f"--env wants KEY=VALUE, not {item!r}")
        out[key] = value
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="airflow_stack", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=("up", "down", "status"))
    parser.add_argument("--home", type=Path, required=True, help="where the cluster, metadata, secrets and logs live")
    parser.add_argument("--sources", type=Path, help="MR_SOURCES_FILE for the pipeline (default: the repo's sources.yaml)")
    parser.add_argument("--data-dir", type=Path, help="MR_DATA_DIR: archive and warehouse (default: HOME/data)")
    parser.add_argument("--env", action="append", default=[], metavar="KEY=VALUE", help="more environment for the services")
    parser.add_argument("--api-port", type=int, default=0, help="API/UI port on 127.0.0.1 (default: a free one)")
    parser.add_argument("--no-schedule", action="store_true", help="no cron runs: only triggered runs (AIRFLOW__SCHEDULER__USE_JOB_SCHEDULE=False)")
    args = parser.parse_args(argv)
    try:
        return _run(args)
    except StackError as exc:
        print(f"airflow_stack {args.command}: {exc}", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    home = args.home.absolute()

    if args.command == "up":
        env = {
            "MR_DATA_DIR": str((args.data_dir or home / "data").absolute()),
            "MR_SOURCES_FILE": str((args.sources or REPO_ROOT / "sources.yaml").absolute()),
            **_parse_env(args.env),
        }
        stack = AirflowStack(home, env=env, use_job_schedule=not args.no_schedule, api_port=args.api_port)
        t0 = time.monotonic()
        stack.up()
        print(f"up in {time.monotonic() - t0:.0f} s: {stack.base_url}  (user {stack.admin_user}, password in {stack.paths.passwords})")
        print(f"logs: {stack.paths.logs}/<service>.log; CLI: set -a; . {stack.paths.env_file}; set +a; airflow dags list")
        print(f"stop: {sys.executable} scripts/airflow_stack.py down --home {home}")
        return 0
    stack = AirflowStack(home)
    if args.command == "down":
        notes = stack.down()
        print("down" + (": " + "; ".join(notes) if notes else ""))
        return 0
    status = stack.status()
    print(json.dumps(status, indent=2))
    procs = status.get("processes") or {}
    return 0 if procs and all(p and p["running"] for p in procs.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
