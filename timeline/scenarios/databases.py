"""Databases for scenarios: a fresh migrated SQLite file, or PostgreSQL database, per scenario.

Every database is built by the migrations (never ``metadata.create_all``): once per session
into a template (a SQLite file, a PostgreSQL template database), then copied per scenario.

PostgreSQL comes from the ``timeline_postgres_url`` option (or ``TIMELINE_TEST_POSTGRES_URL``:
a server URL whose user may create databases), else from a throwaway cluster started here
when the PostgreSQL binaries are found (on PATH or in /usr/lib/postgresql/*/bin). Without
either, PostgreSQL runs skip, unless ``CI=true``: then a missing PostgreSQL fails them.

This module is a pytest plugin (registered by ``timeline.scenarios.plugin``); its fixtures
are named ``timeline_*`` so they never shadow a project's own.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from sqlalchemy.engine import URL, make_url

from timeline.scenarios.settings import settings_of
from timeline.store import migrate

TEMPLATE_PREFIX = "timeline_template"

SQLITE, POSTGRES, CONFIGURED = "sqlite", "postgres", "database"
"""The database kinds a scenario runs on (its test id says which)."""


def find_postgres_bin() -> Path | None:
    """The folder holding initdb and pg_ctl: PATH first, then Debian's versioned folders."""
    on_path = shutil.which("pg_ctl")
    if on_path and shutil.which("initdb"):
        return Path(on_path).parent
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
        reverse=True,
    )
    for folder in candidates:
        if (folder / "pg_ctl").is_file() and (folder / "initdb").is_file():
            return folder
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class ThrowawayCluster:
    """A PostgreSQL cluster in a temporary folder, on a free local port; trust auth."""

    bindir: Path
    folder: Path
    port: int
    as_postgres: bool

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_postgres else []
        done = subprocess.run(
            [*prefix, *command], capture_output=True, text=True, check=False, timeout=120
        )
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")

    def start(self) -> None:
        data = self.folder / "data"
        self._run(
            str(self.bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
            "--no-sync", "-E", "UTF8", "--no-locale",
        )  # fmt: skip
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=100"
        )
        self._run(
            str(self.bindir / "pg_ctl"), "-D", str(data), "-o", options,
            "-l", str(self.folder / "log"), "-w", "-t", "60", "start",
        )  # fmt: skip

    def stop(self) -> None:
        self._run(
            str(self.bindir / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "stop"
        )

    @property
    def url(self) -> URL:
        return make_url(f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres")


def start_cluster(bindir: Path) -> ThrowawayCluster:
    """Start a throwaway cluster (as the ``postgres`` user when run as root)."""
    as_postgres = os.geteuid() == 0
    folder = Path(tempfile.mkdtemp(prefix="timeline-pg-"))
    if as_postgres:
        shutil.chown(folder, user="postgres", group="postgres")
    cluster = ThrowawayCluster(bindir, folder, _free_port(), as_postgres)
    cluster.start()
    return cluster


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true needs PostgreSQL: {reason}", pytrace=False)
    pytest.skip(reason)


def _admin(url: URL) -> psycopg.Connection[tuple[object, ...]]:
    conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
    return psycopg.connect(conninfo, autocommit=True)


def unique_name(prefix: str) -> str:
    """A database name no other run (or other copy of these fixtures) uses."""
    return f"{prefix}_{uuid.uuid4().hex[:16]}"


def drop_database(server: URL, name: str) -> None:
    """Drop a database of the server, closing its connections."""
    with _admin(server) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


@contextmanager
def postgres_database(server: URL, template: str | None, prefix: str) -> Iterator[URL]:
    """A new database on ``server`` (a copy of ``template`` when given), dropped afterwards."""
    name = unique_name(prefix)
    statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    if template is not None:
        statement = sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
            sql.Identifier(name), sql.Identifier(template)
        )
    with _admin(server) as admin:
        admin.execute(statement)
    try:
        yield server.set(database=name)
    finally:
        drop_database(server, name)


@pytest.fixture(scope="session")
def timeline_postgres_server(pytestconfig: pytest.Config) -> Iterator[URL]:
    """An admin URL of a PostgreSQL server whose user may create databases."""
    given = settings_of(pytestconfig).postgres_url
    if given:
        yield make_url(given)
        return
    bindir = find_postgres_bin()
    if bindir is None:
        _unavailable(
            "no PostgreSQL: set timeline_postgres_url (or TIMELINE_TEST_POSTGRES_URL) or "
            "install PostgreSQL (initdb/pg_ctl on PATH or in /usr/lib/postgresql/*/bin)"
        )
    assert bindir is not None
    try:
        cluster = start_cluster(bindir)
    except (RuntimeError, OSError, LookupError) as error:
        _unavailable(f"could not start a throwaway PostgreSQL cluster: {error}")
        raise
    try:
        yield cluster.url
    finally:
        cluster.stop()
        shutil.rmtree(cluster.folder, ignore_errors=True)


@pytest.fixture(scope="session")
def timeline_postgres_template(timeline_postgres_server: URL) -> Iterator[str]:
    """The name of a database migrated to head, the template of per-scenario databases."""
    with postgres_database(timeline_postgres_server, None, TEMPLATE_PREFIX) as url:
        migrate.upgrade(url)
        assert url.database is not None
        yield url.database


@pytest.fixture(scope="session")
def timeline_sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head, copied for every scenario."""
    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    migrate.upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def timeline_configured_database(pytestconfig: pytest.Config) -> str:
    """The database the ``timeline_database`` option names, migrated to head once."""
    url = settings_of(pytestconfig).database
    if not url:
        raise pytest.UsageError("timeline_database is not set")
    migrate.upgrade(url)
    return url


@pytest.fixture
def timeline_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The database of one scenario: a fresh SQLite file, a fresh PostgreSQL database, or
    the configured one (the plugin parametrizes this fixture by the run's settings)."""
    kind = getattr(request, "param", SQLITE)
    if kind == CONFIGURED:
        yield str(request.getfixturevalue("timeline_configured_database"))
    elif kind == POSTGRES:
        server: URL = request.getfixturevalue("timeline_postgres_server")
        template: str = request.getfixturevalue("timeline_postgres_template")
        with postgres_database(server, template, "timeline_test") as url:
            yield url.render_as_string(hide_password=False)
    else:
        path = tmp_path / "timeline.db"
        shutil.copyfile(request.getfixturevalue("timeline_sqlite_template"), path)
        yield f"sqlite:///{path}"


def database_params(configured: bool, postgres: bool) -> list[object]:
    """The databases every scenario runs on, as pytest parameters (PostgreSQL marked)."""
    first = CONFIGURED if configured else SQLITE
    params: list[object] = [first]
    if postgres:
        params.append(pytest.param(POSTGRES, marks=pytest.mark.postgres))
    return params
