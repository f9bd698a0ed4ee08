"""A throw-away PostgreSQL server for the county tests and the benchmark.

``WORKSTATION_TEST_PG_URL`` (an SQLAlchemy URL of a database the tests may create schemas
in) wins. Otherwise ``initdb`` + ``pg_ctl`` from Debian's ``postgresql`` package
(``/usr/lib/postgresql/*/bin``, or on ``PATH``) make a cluster in a temporary folder that
listens only on a unix socket inside it, with fsync off; it is stopped and deleted at the
end. PostgreSQL refuses to run as root: as root the server runs as the ``postgres`` user
(made by the package) through ``runuser`` (or ``su``).

Each test database is a fresh schema (``search_path`` set in the URL), dropped afterwards.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ENV_URL = "WORKSTATION_TEST_PG_URL"
_USER = "workstation"
_DB = "county_test"


class Unavailable(RuntimeError):
    """No PostgreSQL server could be had (the message says why)."""


def _bin_dir() -> Path:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                        key=lambda p: int(Path(p).parent.name) if Path(p).parent.name
                        .isdigit() else 0)
    for found in reversed(candidates):
        if (Path(found) / "initdb").exists() and (Path(found) / "pg_ctl").exists():
            return Path(found)
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(os.path.realpath(initdb)).parent
    raise Unavailable("找不到 initdb / pg_ctl（请安装 Debian 的 postgresql 软件包："
                      "apt-get install -y postgresql）")


def _runner() -> list[str]:
    """The command prefix that runs a server program as a user PostgreSQL accepts."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam("postgres")
    except KeyError as exc:
        raise Unavailable("以 root 运行但没有 postgres 用户"
                          "（PostgreSQL 不能以 root 运行）") from exc
    if shutil.which("runuser"):
        return ["runuser", "-u", "postgres", "--"]
    return ["su", "postgres", "-s", "/bin/sh", "-c", '"$0" "$@"']


@dataclass
class Server:
    """A reachable PostgreSQL database; ``new_url`` gives a fresh empty schema in it."""

    url: str
    workdir: Path | None = None
    pg_ctl: list[str] = field(default_factory=list)
    schemas: list[str] = field(default_factory=list)

    def new_url(self) -> str:
        """A fresh empty schema (dropped by ``drop``/``stop``) as the URL's search path."""
        schema = f"t_{uuid.uuid4().hex[:12]}"
        self._run(f"CREATE SCHEMA {schema}")
        self.schemas.append(schema)
        url = make_url(self.url).update_query_dict({"options": f"-csearch_path={schema}"})
        return url.render_as_string(hide_password=False)

    def drop(self, url: str) -> None:
        schema = make_url(url).query["options"].split("=", 1)[1]
        if schema in self.schemas:
            self.schemas.remove(schema)
            self._run(f"DROP SCHEMA IF EXISTS {schema} CASCADE")

    def _run(self, *statements: str) -> None:
        engine = create_engine(self.url)
        try:
            with engine.begin() as conn:
                for statement in statements:
                    conn.execute(text(statement))
        finally:
            engine.dispose()

    def stop(self) -> None:
        try:
            if self.schemas:
                self._run(*(f"DROP SCHEMA IF EXISTS {s} CASCADE" for s in self.schemas))
        except Exception:  # the server is going away anyway
            pass
        self.schemas.clear()
        if self.workdir is not None:
            subprocess.run([*self.pg_ctl, "stop", "-D", str(self.workdir / "data"),
                            "-m", "immediate", "-w"], capture_output=True, timeout=60)
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None


def _check(url: str) -> None:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        raise Unavailable(f"无法连接 PostgreSQL {make_url(url).render_as_string()}：{exc}"
                          ) from exc
    finally:
        engine.dispose()


def start() -> Server:
    """The server from ``WORKSTATION_TEST_PG_URL``, else a throw-away one (see the module)."""
    given = os.environ.get(ENV_URL, "").strip()
    if given:
        if given.startswith(("postgresql://", "postgres://")):
            given = "postgresql+psycopg://" + given.split("://", 1)[1]
        _check(given)
        return Server(given)
    bindir = _bin_dir()
    runner = _runner()
    workdir = Path(tempfile.mkdtemp(prefix="wspg-"))  # short: unix socket paths ≤ 107 bytes
    data, log = workdir / "data", workdir / "server.log"
    if runner:
        shutil.chown(workdir, "postgres", "postgres")
    pg_ctl = [*runner, str(bindir / "pg_ctl")]

    def run(*args: str) -> None:
        done = subprocess.run(args, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
            raise Unavailable(f"{Path(args[len(runner)]).name} 失败：{' / '.join(tail)}")

    try:
        run(*runner, str(bindir / "initdb"), "-D", str(data), "-U", _USER, "--auth=trust",
            "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync")
        options = (f"-c listen_addresses='' -c unix_socket_directories='{workdir}' "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                   "-c max_connections=50")
        run(*pg_ctl, "start", "-D", str(data), "-l", str(log), "-w", "-t", "60",
            "-o", options)
    except (Unavailable, OSError, subprocess.TimeoutExpired) as exc:
        log_tail = log.read_text(errors="replace")[-400:] if log.exists() else ""
        subprocess.run([*pg_ctl, "stop", "-D", str(data), "-m", "immediate"],
                       capture_output=True, timeout=60)
        shutil.rmtree(workdir, ignore_errors=True)
        raise Unavailable(f"{exc} {log_tail}".strip()) from exc
    server = Server("", workdir, pg_ctl)
    try:
        admin = f"postgresql+psycopg://{_USER}@/postgres?host={workdir}"
        engine = create_engine(admin, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                conn.execute(text(f"CREATE DATABASE {_DB} ENCODING 'UTF8'"))
        finally:
            engine.dispose()
        server.url = f"postgresql+psycopg://{_USER}@/{_DB}?host={workdir}"
        _check(server.url)
    except BaseException:
        server.stop()
        raise
    return server
