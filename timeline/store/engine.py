"""Engines for the store: SQLite made durable (WAL, synchronous=FULL) and PostgreSQL via psycopg.

SQLite connections run with the driver's own transaction handling off: the engine emits
``BEGIN`` itself, and ``BEGIN IMMEDIATE`` on connections marked with :data:`WRITE`, so a
writer holds the write lock before it reads the versions it checks.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import StaticPool

from timeline.errors import ConfigurationError, StoreError

WRITE = "timeline_write"
"""Execution option marking a connection whose transaction will write."""

SQLITE_BUSY_TIMEOUT_MS = 30_000


def normalize_url(url: str | URL) -> URL:
    """The URL with the driver the store uses (``postgresql`` means ``postgresql+psycopg``)."""
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise ConfigurationError(f"not a database URL: {url!s}") from error
    if parsed.drivername in {"postgresql", "postgres"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    elif parsed.drivername == "sqlite":
        parsed = parsed.set(drivername="sqlite+pysqlite")
    if parsed.drivername not in {"postgresql+psycopg", "sqlite+pysqlite"}:
        raise ConfigurationError(
            f"unsupported database {parsed.drivername!r}: use sqlite:///FILE or postgresql://..."
        )
    return parsed


def display_url(url: str | URL) -> str:
    """The URL as a user would type it: default driver names, password hidden."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    return parsed.set(drivername=backend).render_as_string(hide_password=True)


def is_memory_sqlite(url: URL) -> bool:
    """True for an in-memory SQLite database (which WAL and other connections cannot see)."""
    return url.get_backend_name() == "sqlite" and url.database in {None, "", ":memory:"}


def missing_sqlite_file(url: str | URL) -> Path | None:
    """The SQLite file ``url`` names when it does not exist (connecting would create it)."""
    parsed = normalize_url(url)
    if parsed.get_backend_name() != "sqlite" or is_memory_sqlite(parsed):
        return None
    path = Path(str(parsed.database))
    return None if path.exists() else path


def require_existing(url: str | URL) -> None:
    """Raise StoreError, creating nothing, when ``url`` names a SQLite file that does not
    exist: only ``timeline db upgrade`` creates a store, so a mistyped path never leaves an
    empty file behind."""
    path = missing_sqlite_file(url)
    if path is not None:
        shown = display_url(url)
        raise StoreError(
            f"no database at {path} (nothing was created); "
            f"create it with: timeline db upgrade --db {shown}"
        )


def open_engine(url: str | URL, **engine_options: Any) -> Engine:
    """An engine for ``url``, with SQLite durable by default and PostgreSQL sessions in UTC."""
    parsed = normalize_url(url)
    if parsed.get_backend_name() == "postgresql":
        connect_args = {"options": "-c timezone=UTC"}
        return create_engine(parsed, connect_args=connect_args, **engine_options)
    if is_memory_sqlite(parsed):
        engine_options.setdefault("poolclass", StaticPool)
        engine_options.setdefault("connect_args", {"check_same_thread": False})
    engine = create_engine(parsed, **engine_options)
    _make_sqlite_durable(engine, in_memory=is_memory_sqlite(parsed))
    return engine


def _make_sqlite_durable(engine: Engine, *, in_memory: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        try:
            if not in_memory:
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        writing = connection.get_execution_options().get(WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")
