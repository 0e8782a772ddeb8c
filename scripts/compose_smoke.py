#!/usr/bin/env python3
"""Compose smoke test: docker-compose.yml started for real with podman, one nightly run through it.

Phases (each timed, a summary at the end):
  images   the production Dockerfile built on a stand-in base (Debian via debootstrap + Python +
           Airflow at constraints.txt; no registry image can be pulled here), and a PostgreSQL image
           from Debian's package for both databases (Airflow's metadata, the warehouse); the
           stand-ins are cached between runs (tests/compose/images/)
  up       docker-compose.yml + tests/compose/docker-compose.smoke.yml (host networking on
           127.0.0.1, test ports, a throwaway .env with generated secrets), driven by podman-compose
  healthy  every service's own healthcheck passes (postgres, warehouse-db, api-server, scheduler,
           dag-processor, triggerer); an unauthenticated REST request is refused
  run      mr_reports_nightly triggered through the REST API against the bundled demo sites,
           until it succeeds
  check    the marts on the PostgreSQL warehouse (psql inside warehouse-db): every demo report,
           year-over-year rows, no key twice; dbt's artifacts on the data volume, no DuckDB file there
  clear    dbt_build cleared through the REST API; it and publish_marts rerun, the run is green again,
           nothing doubled
  reinit   airflow-init run a second time, as an upgrade does: it must succeed again
  down     containers and volumes removed, the throwaway dir deleted

Usage: .venv/bin/python scripts/compose_smoke.py [--port-base 24500] [--keep]
Needs root (rootful podman), podman + runc + debootstrap (scripts/install-system-deps.sh) and
podman-compose (a dev extra, pinned in constraints.txt).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from scrapers.demo.server import DemoSites
from scrapers.demo.truth import expected_reports
from scrapers.ops.airflow_stack import AirflowAPI, StackError

IMAGES_DIR = REPO / "tests" / "compose" / "images"
OVERRIDE = REPO / "tests" / "compose" / "docker-compose.smoke.yml"
# Compose project name: containers and volumes never meet a real deployment's. Another --port-base
# gets its own (use_port_base), so two runs on one machine never remove each other's containers.
PROJECT = "mr-reports-smoke"
DEFAULT_PORT_BASE = 24500
PROJECT_IMAGE = "localhost/mr-smoke/mr-reports-airflow:smoke"
DAG_ID = "mr_reports_nightly"
SERVICES = ("postgres", "warehouse-db", "airflow-apiserver", "airflow-scheduler", "airflow-dag-processor", "airflow-triggerer")
DEBIAN_PACKAGES = ("ca-certificates", "curl", "tini", "python3", "python3-venv")
SYSTEM_TOOLS = ("podman", "runc", "debootstrap")
INSTALL_HINT = "run `bash scripts/install-system-deps.sh` (as root): podman, runc, debootstrap and containers.conf"
CACHE = Path(os.environ.get("MR_SMOKE_CACHE", Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "mr-reports" / "compose-smoke"))
RUN_TIMEOUT = 600.0  # s, one nightly run on the demo sites (~1 min here)
HEALTH_TIMEOUT = 300.0


class SmokeError(RuntimeError):
    pass


# -- small helpers ------------------------------------------------------------------------------


def sh(*args: str, check: bool = True, timeout: float = 1800, quiet: bool = False, **kw: Any) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(args, check=False, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL, **kw)
    if check and proc.returncode != 0:
        raise SmokeError(f"`{' '.join(args)[:300]}` exited {proc.returncode}:\n{proc.stdout[-3000:]}\n{proc.stderr[-5000:]}")
    if not quiet and proc.returncode == 0 and os.environ.get("MR_SMOKE_VERBOSE") == "1":
        print(proc.stdout[-2000:], proc.stderr[-2000:])
    return proc


def log(msg: str) -> None:
    print(f"[compose-smoke {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def digest(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode() if isinstance(p, str) else p)
    return h.hexdigest()[:12]


def image_exists(ref: str) -> bool:
    return sh("podman", "image", "exists", ref, check=False).returncode == 0


def image_id(ref: str) -> str | None:
    p = sh("podman", "image", "inspect", "--format", "{{.Id}}", ref, check=False)
    return p.stdout.strip() or None


def drop_other_tags(ref: str) -> None:
    """A new cached stand-in replaces the older ones of its name (the cache keeps one of each)."""
    repo = ref.rsplit(":", 1)[0]
    out = sh("podman", "images", "--filter", f"reference={repo}", "--format", "{{.Repository}}:{{.Tag}}").stdout.split()
    for other in out:
        if other != ref:
            sh("podman", "rmi", other, check=False)


def remove_smoke_images() -> None:
    """--fresh: every image this script made, and the debootstrap tarball, as on a new machine."""
    out = sh("podman", "images", "--filter", "reference=localhost/mr-smoke/*", "--format", "{{.Repository}}:{{.Tag}}").stdout.split()
    for ref in reversed(out):  # the project image before the bases it is built on
        sh("podman", "rmi", "--force", ref, check=False)
    shutil.rmtree(CACHE, ignore_errors=True)


def missing_prerequisites() -> list[str]:
    """What this machine lacks to run the smoke test (empty: ready)."""
    missing = [t for t in SYSTEM_TOOLS if shutil.which(t) is None]
    if os.geteuid() != 0:
        missing.append("root (rootful podman with host networking and debootstrap)")
    conf = Path("/etc/containers/containers.conf")
    if "default_ulimits" not in (conf.read_text() if conf.exists() else ""):
        missing.append(f"{conf} with [containers] default_ulimits = [] (setrlimit is not permitted here)")
    if not (Path(sys.executable).parent / "podman-compose").exists():
        missing.append("podman-compose in the venv (bash scripts/bootstrap.sh)")
    return missing


# -- phase: images --------------------------------------------------------------------------------


def debian_mirror() -> str:
    """The Debian mirror apt uses on this machine (deb822 or one-line sources), else Debian's own."""
    for path in sorted(Path("/etc/apt/sources.list.d").glob("*.sources")):
        for line in path.read_text().splitlines():
            if line.startswith("URIs:") and "security" not in line:
                return line.split()[1]
    for path in [Path("/etc/apt/sources.list"), *sorted(Path("/etc/apt/sources.list.d").glob("*.list"))]:
        if path.exists():
            for line in path.read_text().splitlines():
                parts = line.split()
                if len(parts) >= 3 and parts[0] == "deb" and "security" not in line:
                    return next(p for p in parts[1:] if "://" in p)
    return "http://deb.debian.org/debian"


def pip_build_mounts(scratch: Path) -> list[str]:
    """`podman build -v` arguments giving RUN steps this machine's pip configuration: its index
    settings and CA bundle (`pip config list`), without writing either into any image layer."""
    conf = sh(sys.executable, "-m", "pip", "config", "list", quiet=True).stdout
    settings: dict[str, str] = {}
    for line in conf.splitlines():
        key, _, value = line.partition("=")
        name = key.rsplit(".", 1)[-1]
        if name in ("cert", "index-url", "trusted-host", "timeout", "default-timeout"):
            settings[name] = value.strip().strip("'\"")
    ca = Path(settings.pop("cert", "") or os.environ.get("PIP_CERT", "") or "/etc/ssl/certs/ca-certificates.crt")
    settings.pop("extra-index-url", None)  # file:// mirrors of this host mean nothing inside a build
    pip_conf = scratch / "pip.conf"
    lines = ["[global]", "cert = /etc/mr-build/ca.crt"] + [f"{k} = {v}" for k, v in settings.items()]
    pip_conf.write_text("\n".join(lines) + "\n")
    mounts = ["-v", f"{pip_conf}:/etc/pip.conf:ro"]
    if ca.exists():
        mounts += ["-v", f"{ca}:/etc/mr-build/ca.crt:ro"]
    return mounts


def build_debian_base() -> str:
    """Debian bookworm minbase from the mirror apt uses, imported as an image; the rootfs tarball is
    cached so later runs skip debootstrap."""
    mirror = debian_mirror()
    tag = f"localhost/mr-smoke/debian:bookworm-{digest(mirror, *DEBIAN_PACKAGES)}"
    if image_exists(tag):
        log(f"debian base cached: {tag}")
        return tag
    tarball = CACHE / f"debian-bookworm-minbase-{tag.rsplit('-', 1)[-1]}.tar"
    if not tarball.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="mr-debootstrap-") as root:
            t0 = time.monotonic()
            sh("debootstrap", "--variant=minbase", f"--include={','.join(DEBIAN_PACKAGES)}", "bookworm", root, mirror, timeout=900)
            # apt inside builds: no recommends, no caches kept in layers
            (Path(root) / "etc/apt/apt.conf.d/90mr-smoke").write_text('APT::Install-Recommends "false";\n')
            shutil.rmtree(Path(root) / "var/cache/apt/archives", ignore_errors=True)
            (Path(root) / "var/cache/apt/archives/partial").mkdir(parents=True, exist_ok=True)
            tmp = tarball.with_suffix(".tmp")
            sh("tar", "-C", root, "--numeric-owner", "-cf", str(tmp), ".")
            os.replace(tmp, tarball)
            log(f"debootstrap {mirror} → {tarball} in {time.monotonic() - t0:.0f} s")
    sh("podman", "import", "--change", "CMD=/bin/bash", str(tarball), tag)
    drop_other_tags(tag)
    for old in CACHE.glob("debian-bookworm-minbase-*.tar"):
        if old != tarball:
            old.unlink()
    return tag


def _context(files: dict[str, Path], scratch: Path, name: str) -> Path:
    ctx = scratch / name
    ctx.mkdir()
    for dest, src in files.items():
        shutil.copy2(src, ctx / dest)
    return ctx


def _stand_in_image(name: str, debian: str, build: tuple[str, ...], scratch: Path, files: dict[str, Path]) -> str:
    """A base image built here on the Debian stand-in, tagged by the content of its files (cached)."""
    tag = f"localhost/mr-smoke/{name}:{digest(debian, *(p.read_bytes() for p in files.values()))}"
    if image_exists(tag):
        log(f"{name} image cached: {tag}")
        return tag
    ctx = _context(files, scratch, name)
    sh(*build, "--build-arg", f"DEBIAN_IMAGE={debian}", "-t", tag, "-f", str(ctx / "Containerfile"), str(ctx))
    drop_other_tags(tag)
    return tag


def build_images(scratch: Path) -> dict[str, str]:
    """The stand-in bases (cached by content) and the project image from the production Dockerfile."""
    mounts = pip_build_mounts(scratch)
    debian = build_debian_base()
    build = ("podman", "build", "--network=host", "--layers", "--quiet", *mounts)

    airflow_base = _stand_in_image("airflow-base", debian, build, scratch, {
        "Containerfile": IMAGES_DIR / "airflow-base.Containerfile", "airflow-entrypoint.sh": IMAGES_DIR / "airflow-entrypoint.sh",
        "constraints.txt": REPO / "constraints.txt",
    })
    postgres = _stand_in_image("postgres", debian, build, scratch, {
        "Containerfile": IMAGES_DIR / "postgres.Containerfile", "postgres-entrypoint.sh": IMAGES_DIR / "postgres-entrypoint.sh",
    })

    # The production Dockerfile, unchanged, on the stand-in base (layer cache keeps its deps layer).
    project = PROJECT_IMAGE
    previous = image_id(project)
    sh(*build, "--build-arg", f"AIRFLOW_BASE_IMAGE={airflow_base}", "-t", project, "-f", str(REPO / "Dockerfile"), str(REPO))
    if previous and previous != image_id(project):
        sh("podman", "rmi", previous, check=False)  # the last run's project image, now untagged
    # The build-time pip settings were bind mounts (buildah leaves only their empty mount points) and
    # .env is never copied: no content of either may be in the image.
    leaked = sh("podman", "run", "--rm", "--network=none", "--entrypoint", "bash", project, "-c",
                "find /etc/mr-build /etc/pip.conf /opt/mr-reports/.env -type f -size +0 2>/dev/null", check=False).stdout.split()
    if leaked:
        raise SmokeError(f"the project image holds build-time or secret files: {leaked}")
    return {"airflow": project, "postgres": postgres, "airflow_base": airflow_base}


# -- the deployment ------------------------------------------------------------------------------


def generate_env(path: Path, images: dict[str, str], ports: dict[str, int], smoke_dir: Path) -> dict[str, str]:
    """A throwaway .env, as a user writes one (README), plus the test override's settings."""
    from cryptography.fernet import Fernet

    env = {
        "POSTGRES_PASSWORD": secrets.token_urlsafe(24),
        # Begins with '-' on purpose: one generated password in 64 does, and nothing on its way (the
        # database's initdb, the URL, dbt's profile) may read it as an option.
        "MR_WAREHOUSE_PASSWORD": "-" + secrets.token_urlsafe(24),
        "AIRFLOW_FERNET_KEY": Fernet.generate_key().decode(),
        "AIRFLOW_JWT_SECRET": secrets.token_urlsafe(48),
        "AIRFLOW_API_SECRET_KEY": secrets.token_urlsafe(48),
        "AIRFLOW_ADMIN_USERNAME": "admin",
        "AIRFLOW_ADMIN_PASSWORD": secrets.token_urlsafe(18),
        "SMOKE_AIRFLOW_IMAGE": images["airflow"],
        "SMOKE_POSTGRES_IMAGE": images["postgres"],
        "SMOKE_DIR": str(smoke_dir),
        **{f"SMOKE_{k.upper()}_PORT": str(v) for k, v in ports.items()},
    }
    path.write_text("".join(f"{k}={v}\n" for k, v in env.items()))
    path.chmod(0o600)
    return env


def render_override(env: dict[str, str], dest: Path) -> Path:
    """The test override with its ${SMOKE_*} values filled in here: podman-compose leaves values
    under a `!override` tag uninterpolated, and the healthchecks must replace the production ones."""
    text = OVERRIDE.read_text(encoding="utf-8")
    for key, value in env.items():
        if key.startswith("SMOKE_"):
            text = text.replace("${" + key + "}", value)
    if "${SMOKE_" in text:
        raise SmokeError(f"{OVERRIDE} names a SMOKE_ value the script does not set: {text[text.index('${SMOKE_'):][:40]}")
    dest.write_text(text, encoding="utf-8")
    return dest


class Compose:
    def __init__(self, env_file: Path, override: Path) -> None:
        self.base = (str(Path(sys.executable).parent / "podman-compose"), "-p", PROJECT, "--env-file", str(env_file),
                     "-f", str(REPO / "docker-compose.yml"), "-f", str(override))

    def __call__(self, *args: str, check: bool = True, timeout: float = 600) -> subprocess.CompletedProcess[str]:
        return sh(*self.base, *args, check=check, timeout=timeout, cwd=REPO)

    @staticmethod
    def containers() -> dict[str, str]:
        """service → container name, for this project's containers (running or not)."""
        out = sh("podman", "ps", "-a", "--filter", f"label=io.podman.compose.project={PROJECT}", "--format", "json").stdout
        return {c["Labels"]["com.docker.compose.service"]: c["Names"][0] for c in json.loads(out or "[]")}

    @staticmethod
    def volumes() -> list[str]:
        out = sh("podman", "volume", "ls", "--filter", f"label=io.podman.compose.project={PROJECT}", "--format", "{{.Name}}").stdout
        return out.split()


def container_state(name: str) -> dict[str, Any]:
    return json.loads(sh("podman", "inspect", "--format", "{{json .State}}", name).stdout)


def wait_exited(name: str, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    while True:
        st = container_state(name)
        if st["Status"] in ("exited", "stopped"):
            return int(st["ExitCode"])
        if time.monotonic() > deadline:
            raise SmokeError(f"{name} still {st['Status']} after {timeout:.0f} s:\n{container_logs(name)}")
        time.sleep(2)


def container_logs(name: str, lines: int = 60) -> str:
    p = sh("podman", "logs", "--tail", str(lines), name, check=False)
    return p.stdout + p.stderr


def wait_healthy(containers: dict[str, str], services: tuple[str, ...], timeout: float) -> dict[str, float]:
    """Run each service's compose healthcheck (`podman healthcheck run`: the test, as defined in the
    compose files) until it passes. Podman without systemd has no timer to run them by itself."""
    t0 = time.monotonic()
    pending, passed = list(services), {}
    while pending:
        for service in list(pending):
            name = containers[service]
            st = container_state(name)
            if st["Status"] != "running":
                raise SmokeError(f"{service} is {st['Status']} (exit {st.get('ExitCode')}):\n{container_logs(name)}")
            if sh("podman", "healthcheck", "run", name, check=False, timeout=120).returncode == 0:
                passed[service] = time.monotonic() - t0
                pending.remove(service)
                log(f"healthy: {service} after {passed[service]:.0f} s")
        if pending and time.monotonic() - t0 > timeout:
            raise SmokeError(f"not healthy after {timeout:.0f} s: {pending}\n" + "\n".join(container_logs(containers[s]) for s in pending))
        if pending:
            time.sleep(3)
    return passed


def check_service_settings(containers: dict[str, str], services: tuple[str, ...]) -> list[str]:
    """What docker-compose.yml promises for every long-running service, read from the running
    containers: a non-root process user, a restart policy, CPU and memory limits."""
    problems = []
    for service in services:
        name = containers[service]
        info = json.loads(sh("podman", "inspect", name).stdout)[0]
        host = info["HostConfig"]
        uid = sh("podman", "exec", name, "id", "-u", check=False).stdout.strip()
        if uid in ("", "0"):
            problems.append(f"{service} runs as uid {uid or '?'}")
        if host.get("RestartPolicy", {}).get("Name") != "unless-stopped":
            problems.append(f"{service} restart policy {host.get('RestartPolicy')}")
        if not host.get("Memory") or not (host.get("NanoCpus") or host.get("CpuQuota")):
            problems.append(f"{service} has no memory/CPU limit (Memory={host.get('Memory')}, NanoCpus={host.get('NanoCpus')})")
    return problems


def failed_task_logs(api: AirflowAPI, run_id: str, tis: Any) -> str:
    """The states of the tasks that did not succeed, and the end of each failed one's log."""
    out = []
    for t in tis:
        if t["state"] == "success":
            continue
        out.append(f"- {t['task_id']}[{t['map_index']}]: {t['state']}")
        if t["state"] == "failed":
            try:
                text = api.task_log(DAG_ID, run_id, t["task_id"], t["try_number"], t["map_index"])
            except StackError as exc:
                text = f"(log not readable: {exc})"
            out.extend("    " + line[:400] for line in text.splitlines()[-12:])
    return "\n".join(out)


def refused_without_login(base_url: str, username: str) -> list[str]:
    """The REST API answers 401/403 to requests without a token or with a wrong password."""
    import requests

    problems = []
    r = requests.get(f"{base_url}/api/v2/dags", timeout=30)
    if r.status_code not in (401, 403):
        problems.append(f"GET /api/v2/dags without a token: {r.status_code} (want 401/403)")
    r = requests.post(f"{base_url}/auth/token", json={"username": username, "password": "not-the-password"}, timeout=30)
    if r.status_code not in (401, 403):
        problems.append(f"POST /auth/token with a wrong password: {r.status_code} {r.text[:200]} (want 401/403)")
    return problems


# -- phase: check --------------------------------------------------------------------------------

UNIQUE_KEYS = [
    ("raw.reports", "report_id"),
    ("marts.dim_report", "report_id"),
    ("marts.fct_metric_mentions", "mention_id"),
    ("marts.mart_metric_yoy", "agency_id, metric, domain, report_year"),
]


class Warehouse:
    """The PostgreSQL warehouse, read as an operator does: psql inside the warehouse-db container
    (`docker compose exec warehouse-db psql -U mr_reports mr_reports`), over its unix socket."""

    def __init__(self, container: str, port: int) -> None:
        self.container, self.port = container, port

    def query(self, sql: str) -> list[tuple[str, ...]]:
        p = sh("podman", "exec", self.container, "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "--csv", "-t",
               "-U", "mr_reports", "-d", "mr_reports", f"--port={self.port}", "-c", sql, quiet=True)
        return [tuple(row) for row in csv.reader(io.StringIO(p.stdout)) if row]


def warehouse_facts(wh: Warehouse) -> dict[str, Any]:
    reports = {(a, int(y)) for a, y in wh.query("select agency, report_year from marts.dim_report")}
    yoy = {source: int(n) for source, n in wh.query(
        "select prior_value_source, count(*) from marts.mart_metric_yoy where prior_value is not null group by 1")}
    dupes = {}
    for table, keys in UNIQUE_KEYS:
        [(n,)] = wh.query(f"select count(*) from (select {keys} from {table} group by {keys} having count(*) > 1) as d")
        if int(n):
            dupes[table] = int(n)
    [(mentions,)] = wh.query("select count(*) from marts.fct_metric_mentions")
    return {"reports": reports, "yoy_by_source": yoy, "duplicates": dupes, "mentions": int(mentions)}


def check_warehouse(wh: Warehouse) -> dict[str, Any]:
    """The marts on warehouse-db (what BI reads): every demo report, year-over-year rows both from a
    prior report and implied by a stated 同比, no key twice (raw layer included)."""
    want = {(e.agency, e.report_year) for e in expected_reports()}
    f = warehouse_facts(wh)
    problems = []
    if f["reports"] != want:
        problems.append(f"reports: missing {sorted(want - f['reports'])}, unexpected {sorted(f['reports'] - want)}")
    if not f["yoy_by_source"].get("report") or not f["yoy_by_source"].get("implied_from_stated_yoy"):
        problems.append(f"year-over-year rows by prior source: {f['yoy_by_source']}")
    if f["duplicates"]:
        problems.append(f"duplicate keys: {f['duplicates']}")
    if problems:
        raise SmokeError("warehouse on warehouse-db: " + "; ".join(problems))
    return f


def dbt_artifacts(dbt_dir: Path) -> dict[str, Path]:
    """What dbt_build writes (run_results.json) and what publish_marts writes (the docs catalog)."""
    return {"dbt_build": dbt_dir / "target" / "run_results.json", "publish_marts": dbt_dir / "docs-target" / "catalog.json"}


# -- the whole test --------------------------------------------------------------------------------


class Phases:
    def __init__(self) -> None:
        self.times: dict[str, float] = {}
        self.t0 = time.monotonic()

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        log(f"phase {name} …")
        t = time.monotonic()
        try:
            yield
        finally:
            self.times[name] = time.monotonic() - t
            log(f"phase {name}: {self.times[name]:.1f} s")

    def summary(self) -> str:
        total = time.monotonic() - self.t0
        parts = "  ".join(f"{k} {v:.0f} s" for k, v in self.times.items())
        up_to_green = sum(v for k, v in self.times.items() if k in ("images", "up", "healthy", "run"))
        return f"phase times: {parts}  | total {total:.0f} s; images→green nightly run {up_to_green:.0f} s"


def ports_from(base: int) -> dict[str, int]:
    # demo: base of 3 consecutive ports
    names = ("pg", "warehouse_pg", "api", "scheduler_health", "worker_log", "trigger_log", "demo")
    return {name: base + i for i, name in enumerate(names)}


def check_ports_free(ports: dict[str, int]) -> None:
    import socket

    busy = []
    for name, port in ports.items():
        for p in range(port, port + (3 if name == "demo" else 1)):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", p)) == 0:
                    busy.append(p)
    if busy:
        raise SmokeError(f"ports already in use on 127.0.0.1: {busy}; pick another --port-base")


def remove_leftovers(compose: Compose) -> None:
    """What a run killed before its teardown left; the project name is this script's alone."""
    leftovers = Compose.containers(), Compose.volumes()
    if any(leftovers):
        log(f"removing what an interrupted earlier run left: {leftovers}")
        compose("down", "-v", "-t", "10", check=False, timeout=300)
        for volume in Compose.volumes():
            sh("podman", "volume", "rm", "--force", volume, check=False)


def start_in_stages(compose: Compose) -> None:
    """In the order depends_on says. Podman 4.3 cannot wait for `healthy` itself (podman-compose
    warns and skips that condition), so the script waits on each healthcheck between the stages."""
    compose("up", "-d", "--no-deps", "postgres", "warehouse-db")
    wait_healthy(Compose.containers(), ("postgres", "warehouse-db"), HEALTH_TIMEOUT)
    compose("up", "-d", "--no-deps", "airflow-init")
    init = Compose.containers()["airflow-init"]
    code = wait_exited(init, 600)
    if code != 0:
        raise SmokeError(f"airflow-init exited {code}:\n{container_logs(init, 120)}")
    compose("up", "-d", "--no-deps", *SERVICES[2:])


def check_healthy_and_locked(base_url: str, username: str) -> dict[str, float]:
    healthy = wait_healthy(Compose.containers(), SERVICES, HEALTH_TIMEOUT)
    problems = check_service_settings(Compose.containers(), SERVICES)
    if problems:
        raise SmokeError("services not as docker-compose.yml promises: " + "; ".join(problems))
    log("every service: non-root, restart unless-stopped, CPU and memory limits")
    problems = refused_without_login(base_url, username)
    if problems:
        raise SmokeError("the REST API answers without a valid login: " + "; ".join(problems))
    log("unauthenticated REST requests are refused (401/403)")
    return healthy


def run_nightly(api: AirflowAPI) -> str:
    api.wait_for_dag(DAG_ID, timeout=300)
    api.unpause(DAG_ID)
    run_id = api.trigger(DAG_ID)
    state = api.wait_for_run(DAG_ID, run_id, RUN_TIMEOUT)
    tis = api.task_instances(DAG_ID, run_id)
    if state != "success":
        raise SmokeError(f"run {run_id} ended {state}:\n{failed_task_logs(api, run_id, tis)}")
    log(f"run {run_id}: success ({len(tis)} task instances)")
    return run_id


def check_data(wh: Warehouse, data_dir: Path, dbt_dir: Path) -> dict[str, Any]:
    """The marts on warehouse-db; on the data volume the archive and dbt's artifacts, owned by the
    airflow user, and no DuckDB warehouse (MR_WAREHOUSE points at warehouse-db)."""
    facts = check_warehouse(wh)
    duck = [str(p) for p in (data_dir / "warehouse.duckdb", data_dir / "published") if p.exists()]
    if duck:
        raise SmokeError(f"a DuckDB warehouse on the data volume although MR_WAREHOUSE is warehouse-db: {duck}")
    missing = [str(p) for p in [data_dir / "archive", *dbt_artifacts(dbt_dir).values()] if not p.exists()]
    if missing:
        raise SmokeError(f"missing on the data volume: {missing}")
    owner = data_dir.stat().st_uid, dbt_dir.stat().st_uid
    if owner != (50000, 50000):
        raise SmokeError(f"the data volume and dbt's dir should belong to the airflow user (50000): {owner}")
    log(f"warehouse-db ok: {len(facts['reports'])} reports, {facts['mentions']} mentions, "
        f"yoy rows by prior source {facts['yoy_by_source']}; dbt artifacts in {dbt_dir.relative_to(data_dir)}/ on the data volume")
    return facts


def clear_and_rerun(api: AirflowAPI, run_id: str, wh: Warehouse, dbt_dir: Path, before: dict[str, Any]) -> None:
    """The UI's Clear on dbt_build (with downstream): it reruns, dbt builds and documents the marts
    again, nothing is doubled."""
    artifacts = dbt_artifacts(dbt_dir)
    mtimes = {task: path.stat().st_mtime_ns for task, path in artifacts.items()}
    cleared = api.clear(DAG_ID, run_id, ["dbt_build"], include_downstream=True, only_failed=False)
    names = sorted({t["task_id"] for t in cleared})
    if "dbt_build" not in names or "publish_marts" not in names:
        raise SmokeError(f"clearing dbt_build cleared {names}")
    # The clear re-queues the run; wait until dbt_build has really run a second time.
    deadline = time.monotonic() + RUN_TIMEOUT
    while True:
        tis = {t["task_id"]: t for t in api.task_instances(DAG_ID, run_id) if t["map_index"] == -1}
        state = api.dag_run(DAG_ID, run_id)["state"]
        if tis["dbt_build"]["try_number"] >= 2 and state in ("success", "failed"):
            break
        if time.monotonic() > deadline:
            raise SmokeError(f"cleared dbt_build did not rerun: {tis['dbt_build']}, run {state}")
        time.sleep(2)
    if state != "success" or tis["publish_marts"]["state"] != "success":
        raise SmokeError(f"after clearing dbt_build the run is {state}: " + str({k: v["state"] for k, v in tis.items()}))
    after = check_warehouse(wh)
    if after["mentions"] != before["mentions"] or after["yoy_by_source"] != before["yoy_by_source"]:
        raise SmokeError(f"the rerun changed the marts: mentions {before['mentions']} → {after['mentions']}, "
                         f"yoy {before['yoy_by_source']} → {after['yoy_by_source']}")
    stale = [task for task, path in artifacts.items() if path.stat().st_mtime_ns == mtimes[task]]
    if stale:
        raise SmokeError(f"cleared, but these tasks wrote nothing new: {stale}")
    log(f"cleared {names}: dbt_build try {tis['dbt_build']['try_number']} succeeded, marts rebuilt and documented again, nothing doubled")


def rerun_init(api: AirflowAPI, run_id: str) -> None:
    """What an upgrade does (README): airflow-init runs again on the live deployment. Migrate, the
    pool and the admin user must all take a second run in their stride."""
    init = Compose.containers()["airflow-init"]
    sh("podman", "start", init)
    code = wait_exited(init, 600)
    if code != 0:
        raise SmokeError(f"airflow-init run a second time exited {code}:\n{container_logs(init, 60)}")
    if api.dag_run(DAG_ID, run_id)["state"] != "success":
        raise SmokeError("the run changed state after airflow-init ran again")
    log("airflow-init ran a second time cleanly (migrate, pool, existing admin kept)")


def tear_down(compose: Compose | None, keep: bool) -> None:
    if compose is None:
        return
    save_logs()
    if keep:
        log(f"--keep: left running; stop with {' '.join(compose.base)} down -v")
        return
    compose("down", "-v", "-t", "10", check=False, timeout=300)
    left = Compose.containers(), Compose.volumes()
    if any(left):
        raise SmokeError(f"left behind after down: containers {left[0]}, volumes {left[1]}")


def use_port_base(port_base: int) -> None:
    """The compose project and project image of a run on these ports: the defaults for the default
    base, else names of their own (a CI run and a developer's on one machine)."""
    global PROJECT, PROJECT_IMAGE
    if port_base != DEFAULT_PORT_BASE:
        PROJECT = f"mr-reports-smoke-{port_base}"
        PROJECT_IMAGE = f"localhost/mr-smoke/mr-reports-airflow:smoke-{port_base}"


def run(port_base: int, keep: bool, fresh: bool = False) -> dict[str, Any]:
    use_port_base(port_base)
    missing = missing_prerequisites()
    if missing:
        raise SmokeError(f"missing: {'; '.join(missing)}. Fix: {INSTALL_HINT}")
    phases = Phases()
    ports = ports_from(port_base)
    check_ports_free(ports)
    smoke_dir = Path(tempfile.mkdtemp(prefix="mr-compose-smoke-"))
    smoke_dir.chmod(0o755)  # the containers' airflow user reads the sources file
    sites = DemoSites(base_port=ports["demo"])
    compose: Compose | None = None
    result: dict[str, Any] = {"ports": ports}
    try:
        with phases("images"):
            if fresh:
                remove_smoke_images()
            images = build_images(smoke_dir)
        sites.start()
        sites.write_sources(smoke_dir / "sources.yaml").chmod(0o644)
        env = generate_env(smoke_dir / ".env", images, ports, smoke_dir)
        compose = Compose(smoke_dir / ".env", render_override(env, smoke_dir / "docker-compose.smoke.yml"))
        base_url = f"http://127.0.0.1:{ports['api']}"
        api = AirflowAPI(base_url, env["AIRFLOW_ADMIN_USERNAME"], env["AIRFLOW_ADMIN_PASSWORD"])

        with phases("up"):
            remove_leftovers(compose)
            start_in_stages(compose)
        with phases("healthy"):
            result["healthy_after_s"] = check_healthy_and_locked(base_url, env["AIRFLOW_ADMIN_USERNAME"])
        with phases("run"):
            run_id = run_nightly(api)
        data_dir = Path(json.loads(sh("podman", "volume", "inspect", f"{PROJECT}_mr-data").stdout)[0]["Mountpoint"])
        # dbt's dir for the warehouse URL the services were given (scrapers.warehouse.dbt.dbt_dir_for)
        dbt_dir = data_dir / "dbt" / f"postgresql-127.0.0.1-{ports['warehouse_pg']}-mr_reports"
        wh = Warehouse(Compose.containers()["warehouse-db"], ports["warehouse_pg"])
        with phases("check"):
            f = check_data(wh, data_dir, dbt_dir)
            result["warehouse"] = {"reports": len(f["reports"]), "mentions": f["mentions"], "yoy_by_source": f["yoy_by_source"]}
        with phases("clear"):
            clear_and_rerun(api, run_id, wh, dbt_dir, f)
        with phases("reinit"):
            rerun_init(api, run_id)
        return result
    finally:
        with phases("down"):
            try:
                tear_down(compose, keep)
            finally:
                sites.stop()
                if not keep:
                    shutil.rmtree(smoke_dir, ignore_errors=True)
        result["phases"] = phases.times
        print(phases.summary(), flush=True)


def save_logs() -> None:
    dest = REPO / ".artifacts" / "compose"
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    for service, name in Compose.containers().items():
        p = sh("podman", "logs", name, check=False)
        (dest / f"{service}.log").write_text(p.stdout + p.stderr)
    log(f"service logs: {dest}")


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")  # so a CI timeout's SIGTERM still runs the teardown


def main(argv: list[str] | None = None) -> int:
    signal.signal(signal.SIGTERM, _interrupt)
    parser = argparse.ArgumentParser(prog="compose_smoke", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port-base", type=int, default=DEFAULT_PORT_BASE,
                        help=f"first of 9 consecutive ports on 127.0.0.1 (default {DEFAULT_PORT_BASE}); another base also "
                             "gets its own compose project and image tag")
    parser.add_argument("--keep", action="store_true", help="leave the deployment running afterwards (for a look)")
    parser.add_argument("--fresh", action="store_true", help="first remove the cached stand-in images and debootstrap tarball (a new machine)")
    parser.add_argument("--json", type=Path, help="write the phase times and checks as JSON here")
    args = parser.parse_args(argv)
    try:
        result = run(args.port_base, args.keep, args.fresh)
    except (SmokeError, StackError) as exc:
        print(f"compose smoke test FAILED: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt as exc:
        print(f"compose smoke test interrupted ({exc}); containers and volumes removed", file=sys.stderr)
        return 130
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, default=str))
    print("compose smoke test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
