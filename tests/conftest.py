"""Fixtures shared by the whole suite: migrated SQLite and PostgreSQL databases, recorders.

PostgreSQL comes from ``TIMELINE_TEST_POSTGRES_URL`` when set (a server URL whose user may
create databases), else from a throwaway cluster started here when the PostgreSQL binaries
are found (on PATH or in /usr/lib/postgresql/*/bin). Without either, PostgreSQL tests skip,
unless ``CI=true``: then a missing PostgreSQL fails them.

Every database is built by the migrations (never ``metadata.create_all``): once per session
into a template (a SQLite file, a PostgreSQL template database), then copied per test.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from sqlalchemy.engine import URL, make_url

from timeline.store import migrate
from timeline.store.codec import DEFAULT_CODEC, Codec
from timeline.store.engine import open_engine
from timeline.store.memory import Clock, InMemoryRecorder, utc_now
from timeline.store.recorder import Recorder
from timeline.store.sql import SqlRecorder

POSTGRES_URL_VARIABLE = "TIMELINE_TEST_POSTGRES_URL"
TEMPLATE_PREFIX = "timeline_template"

BACKENDS = ["memory", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
DATABASES = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


# -- PostgreSQL ----------------------------------------------------------------------------


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


def _start_cluster(bindir: Path) -> ThrowawayCluster:
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


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[URL]:
    """An admin URL of a PostgreSQL server whose user may create databases."""
    given = os.environ.get(POSTGRES_URL_VARIABLE)
    if given:
        yield make_url(given)
        return
    bindir = find_postgres_bin()
    if bindir is None:
        _unavailable(
            f"no PostgreSQL: set {POSTGRES_URL_VARIABLE} or install PostgreSQL "
            "(initdb/pg_ctl on PATH or in /usr/lib/postgresql/*/bin)"
        )
    assert bindir is not None
    try:
        cluster = _start_cluster(bindir)
    except (RuntimeError, OSError, LookupError) as error:
        _unavailable(f"could not start a throwaway PostgreSQL cluster: {error}")
        raise
    try:
        yield cluster.url
    finally:
        cluster.stop()
        shutil.rmtree(cluster.folder, ignore_errors=True)


def _unique(prefix: str) -> str:
    """A database name no other run (or other copy of these fixtures) uses."""
    return f"{prefix}_{uuid.uuid4().hex[:16]}"


def _drop(server: URL, name: str) -> None:
    with _admin(server) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


@pytest.fixture(scope="session")
def postgres_template(postgres_server: URL) -> Iterator[str]:
    """The name of a database migrated to head, used as the template of per-test databases."""
    name = _unique(TEMPLATE_PREFIX)
    with _admin(postgres_server) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        migrate.upgrade(postgres_server.set(database=name))
        yield name
    finally:
        _drop(postgres_server, name)


@pytest.fixture
def postgres_database(postgres_server: URL, postgres_template: str) -> Iterator[URL]:
    """A fresh database migrated to head, dropped after the test."""
    name = _unique("timeline_test")
    with _admin(postgres_server) as admin:
        admin.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(name), sql.Identifier(postgres_template)
            )
        )
    try:
        yield postgres_server.set(database=name)
    finally:
        _drop(postgres_server, name)


@pytest.fixture
def empty_postgres_database(postgres_server: URL) -> Iterator[URL]:
    """A fresh database with no schema at all (for migration tests)."""
    name = _unique("timeline_empty")
    with _admin(postgres_server) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield postgres_server.set(database=name)
    finally:
        _drop(postgres_server, name)


# -- SQLite --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head, copied for every test that needs a database."""
    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    migrate.upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture
def sqlite_database(sqlite_template: Path, tmp_path: Path) -> str:
    """A fresh SQLite file migrated to head."""
    path = tmp_path / "timeline.db"
    shutil.copyfile(sqlite_template, path)
    return f"sqlite:///{path}"


# -- what tests use ------------------------------------------------------------------------


@pytest.fixture(params=DATABASES)
def database_url(request: pytest.FixtureRequest) -> str:
    """A fresh database migrated to head: SQLite, then PostgreSQL (marked ``postgres``)."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_database"))
    url: URL = request.getfixturevalue("postgres_database")
    return url.render_as_string(hide_password=False)


@pytest.fixture(params=BACKENDS)
def store_backend(request: pytest.FixtureRequest) -> str:
    """The recorder backend under test: memory, sqlite or postgres."""
    return str(request.param)


RecorderFactory = Callable[..., Recorder]


@pytest.fixture
def make_recorder(store_backend: str, request: pytest.FixtureRequest) -> Iterator[RecorderFactory]:
    """Build recorders on one fresh store of the current backend (all share its database)."""
    url: str | None = None
    if store_backend == "sqlite":
        url = str(request.getfixturevalue("sqlite_database"))
    elif store_backend == "postgres":
        url = request.getfixturevalue("postgres_database").render_as_string(hide_password=False)
    engines = []
    shared_memory: list[InMemoryRecorder] = []

    def build(*, codec: Codec = DEFAULT_CODEC, clock: Clock = utc_now) -> Recorder:
        if url is None:
            if shared_memory:
                raise RuntimeError("an in-memory store cannot be shared by two recorders")
            memory = InMemoryRecorder(codec=codec, clock=clock)
            shared_memory.append(memory)
            return memory
        engine = open_engine(url)
        engines.append(engine)
        return SqlRecorder(engine, codec=codec, clock=clock)

    yield build
    for engine in engines:
        engine.dispose()


@pytest.fixture
def recorder(make_recorder: RecorderFactory) -> Recorder:
    """A recorder on a fresh, empty store: memory, sqlite, then postgres."""
    return make_recorder()


class FakeClock:
    """A clock that stands still until moved; starts at 2026-01-01T00:00:00Z."""

    def __init__(self, start: datetime = datetime(2026, 1, 1, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> datetime:
        self.now += timedelta(seconds=seconds)
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    """A controllable clock for recorders (see FakeClock)."""
    return FakeClock()
