"""Schema migrations: alembic, configured in code, over the scripts revisions.py finds.

The alembic ``Config`` is built here in code and handed an open connection; where the
scripts live and which revision is their head is :mod:`timeline.store.revisions`' job.

Opening a store only checks that its schema is at head, and does so without importing
alembic (a third of a read command's start-up): the head is read from the scripts' own
``revision``/``down_revision`` assignments (parsed, not run) and the database's revision
from alembic's version table. Migrating imports alembic.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sqlalchemy import Engine, func, inspect, select, text
from sqlalchemy.engine import URL, Connection
from sqlalchemy.exc import SQLAlchemyError

from timeline.errors import SchemaNotAtHeadError, StoreError
from timeline.store.engine import display_url, missing_sqlite_file, open_engine, require_existing
from timeline.store.revisions import VERSION_TABLE, head, script_location
from timeline.store.schema import events

if TYPE_CHECKING:
    from alembic.config import Config

__all__ = [
    "alembic_config",
    "current",
    "downgrade",
    "ensure_at_head",
    "event_count",
    "head",
    "script_location",
    "upgrade",
]

Target = str | URL | Engine
"""A database URL, or an engine already open on it."""


def alembic_config(connection: Connection | None = None) -> Config:
    """An alembic Config built in code; ``connection`` is used by ``env.py`` when given."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(script_location()))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(target: Target, revision: str = "head") -> None:
    """Migrate the database up to ``revision`` (creates the schema on an empty database)."""
    from alembic import command

    with _transaction(target) as conn, _revision_named(revision):
        command.upgrade(alembic_config(conn), revision)


def downgrade(target: Target, revision: str, *, confirm: bool = False) -> None:
    """Migrate the database down to ``revision`` (``"base"`` drops every table).

    A downgrade that would move a store holding events refuses unless ``confirm``: a
    StoreError says how many events it would drop, and nothing changes. A SQLite file that
    does not exist is not created.
    """
    from alembic import command
    from alembic.script import ScriptDirectory

    if not isinstance(target, Engine):
        require_existing(target)
    with _transaction(target) as conn, _revision_named(revision):
        script = ScriptDirectory.from_config(alembic_config())
        script.get_revisions(revision)  # an unknown revision fails here, before the guard
        found = _current(conn)
        moves = found is not None and script.as_revision_number(revision) != found
        stored = event_count(conn) if moves else 0
        if stored and not confirm:
            raise StoreError(
                f"refusing to migrate down to {revision!r}: the store holds {stored} event(s), "
                "which the downgrade drops; nothing changed (confirm with --yes)"
            )
        command.downgrade(alembic_config(conn), revision)


def event_count(target: Target | Connection) -> int:
    """How many events the store holds (0 when it has no events table yet)."""
    if isinstance(target, Connection):
        if not inspect(target).has_table(events.name):
            return 0
        return int(target.execute(select(func.count()).select_from(events)).scalar() or 0)
    with _transaction(target) as conn:
        return event_count(conn)


@contextmanager
def _revision_named(revision: str) -> Iterator[None]:
    """Alembic's error for a revision it cannot find, as one clear StoreError line."""
    from alembic.util.exc import CommandError

    try:
        yield
    except CommandError as error:
        known = ", ".join(["base", "head", *_revisions()])
        raise StoreError(
            f"cannot migrate to revision {revision!r}: {str(error).splitlines()[0]} "
            f"(known revisions: {known})"
        ) from None


def _revisions() -> list[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def current(target: Target) -> str | None:
    """The database's revision, or None when it has never been migrated (a SQLite file
    that does not exist is not created)."""
    if not isinstance(target, Engine) and missing_sqlite_file(target) is not None:
        return None
    with _transaction(target) as conn:
        return _current(conn)


def ensure_at_head(target: Target) -> None:
    """Raise SchemaNotAtHeadError, naming the command to run, unless the schema is at head
    (StoreError, creating nothing, for a SQLite file that does not exist)."""
    if not isinstance(target, Engine):
        require_existing(target)
    wanted = head()
    with _transaction(target) as conn:
        found = _current(conn)
        if found != wanted:
            raise SchemaNotAtHeadError(display_url(conn.engine.url), found, wanted)


def _current(conn: Connection) -> str | None:
    """The revision alembic recorded, read with a plain query (None before any migration)."""
    if not inspect(conn).has_table(VERSION_TABLE):
        return None
    found = sorted(
        str(row[0]) for row in conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}"))
    )
    if len(found) > 1:
        raise StoreError(f"the database has several revisions {found}; expected one")
    return found[0] if found else None


@contextmanager
def _transaction(target: Target) -> Iterator[Connection]:
    engine = target if isinstance(target, Engine) else open_engine(target)
    try:
        with engine.begin() as conn:
            yield conn
    except SQLAlchemyError as error:
        raise StoreError(f"migration failed: {error}") from error
    finally:
        if engine is not target:
            engine.dispose()
