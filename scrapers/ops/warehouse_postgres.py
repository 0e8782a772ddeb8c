"""A private PostgreSQL cluster for the warehouse, from Debian's binaries (as for Airflow's metadata DB).

    .venv/bin/python -m scrapers.ops.warehouse_postgres up   --home var/pg [--port 23432]
    .venv/bin/python -m scrapers.ops.warehouse_postgres down --home var/pg

`up` runs initdb once (scram-sha-256, UTF8), starts `postgres` on 127.0.0.1 only (no unix socket),
creates role and database `mr_reports`, and prints the warehouse setting to use:
MR_WAREHOUSE=postgresql://mr_reports@127.0.0.1:PORT/mr_reports with the password in
MR_WAREHOUSE_PASSWORD (kept in HOME/password, mode 0600; never in a URL or the repo). As root it
runs PostgreSQL as the `postgres` user, which refuses root.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import pwd
import secrets
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

from scrapers.ops.airflow_stack import (
    INSTALL_HINT,
    MissingSystemDependency,
    StackError,
    ensure_role_and_database,
    find_pg_bindir,
    tail,
)

ROLE = DATABASE = "mr_reports"


class PostgresWarehouse:
    def __init__(self, home: Path, port: int = 23432) -> None:
        self.home = Path(home).resolve()
        self.port = port
        self.data = self.home / "data"
        self.log = self.home / "postgres.log"
        self._proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        """The SQLAlchemy URL without its password (that comes from MR_WAREHOUSE_PASSWORD)."""
        return f"postgresql://{ROLE}@127.0.0.1:{self.port}/{DATABASE}"

    def password(self, name: str = "password") -> str:
        path = self.home / name
        if not path.exists():
            self.home.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(18))
            path.chmod(0o600)
        return path.read_text().strip()

    def _as_pg(self) -> dict:
        if os.geteuid() != 0:
            return {}
        try:
            pw = pwd.getpwnam("postgres")
        except KeyError:
            raise MissingSystemDependency(f"no `postgres` user to run PostgreSQL as; {INSTALL_HINT}") from None
        return {"user": pw.pw_uid, "group": pw.pw_gid, "extra_groups": []}

    def start(self, timeout: float = 60) -> PostgresWarehouse:
        bindir = find_pg_bindir()
        ident = self._as_pg()
        self.home.mkdir(parents=True, exist_ok=True)
        if ident:
            for parent in [self.home, *self.home.parents]:  # the postgres user must reach its data dir
                if parent == Path("/"):
                    break
                os.chmod(parent, os.stat(parent).st_mode | stat.S_IXOTH)
        if not (self.data / "PG_VERSION").exists():
            self.data.mkdir(mode=0o700, exist_ok=True)
            pwfile = self.home / ".initdb-pw"
            pwfile.write_text(self.password("superuser_password") + "\n")
            try:
                if ident:
                    os.chown(self.data, ident["user"], ident["group"])
                    os.chown(pwfile, ident["user"], ident["group"])
                proc = subprocess.run(
                    [str(bindir / "initdb"), "-D", str(self.data), "-U", "postgres", f"--pwfile={pwfile}",
                     "--auth=scram-sha-256", "-E", "UTF8", "--no-locale"],
                    capture_output=True, text=True, cwd=self.home, stdin=subprocess.DEVNULL, **ident,
                )
            finally:
                pwfile.unlink(missing_ok=True)
            if proc.returncode != 0:
                raise StackError(f"initdb failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
        log = self.log.open("ab")
        if ident:
            os.chown(self.log, ident["user"], ident["group"])
        self._proc = subprocess.Popen(
            [str(bindir / "postgres"), "-D", str(self.data), "-h", "127.0.0.1", "-p", str(self.port), "-k", "",
             "-c", "max_connections=50", "-c", "shared_buffers=64MB", "-c", "fsync=off"],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=self.home,
            start_new_session=True, env={**os.environ, "LC_ALL": "C"}, **ident,
        )
        log.close()
        (self.home / "postgres.pid").write_text(str(self._proc.pid))
        deadline = time.monotonic() + timeout
        while subprocess.run([str(bindir / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port), "-t", "2"], capture_output=True).returncode:
            if self._proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise StackError(f"postgres did not start on 127.0.0.1:{self.port}:\n{tail(self.log)}")
            time.sleep(0.3)
        ensure_role_and_database(bindir, self.port, self.password("superuser_password"), ROLE, self.password(), DATABASE)
        return self

    def stop(self) -> None:
        """Fast shutdown (SIGINT), then SIGKILL of the group if it lingers."""
        pid_file = self.home / "postgres.pid"
        pid = self._proc.pid if self._proc else (int(pid_file.read_text()) if pid_file.exists() else None)
        if pid is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGINT)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                os.killpg(pid, 0)
            except ProcessLookupError:
                break
            if self._proc:
                self._proc.poll()
            time.sleep(0.2)
        else:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
        pid_file.unlink(missing_ok=True)
        self._proc = None

    def __enter__(self) -> PostgresWarehouse:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scrapers.ops.warehouse_postgres", description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["up", "down"])
    parser.add_argument("--home", default="var/pg")
    parser.add_argument("--port", type=int, default=23432)
    args = parser.parse_args(argv)
    pg = PostgresWarehouse(Path(args.home), args.port)
    if args.action == "down":
        pg.stop()
        return 0
    pg.start()
    print(f"MR_WAREHOUSE={pg.url}\nMR_WAREHOUSE_PASSWORD=$(cat {pg.home / 'password'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
