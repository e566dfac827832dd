"""Schema migrations: the only module that knows where the alembic scripts live.

The scripts sit in the top-level ``migrations/`` folder of the source tree, installed as the
package ``timeline._migrations`` (see ``package-dir`` in ``pyproject.toml``), so they are
found the same way from a checkout, an editable install or a wheel, whatever the current
directory. The alembic ``Config`` is built here in code and handed an open connection.

Opening a store only checks that its schema is at head, and does so without importing
alembic (a third of a read command's start-up): the head is read from the scripts' own
``revision``/``down_revision`` assignments (parsed, not run) and the database's revision
from alembic's version table. Migrating imports alembic.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, func, inspect, select, text
from sqlalchemy.engine import URL, Connection
from sqlalchemy.exc import SQLAlchemyError

from timeline.errors import SchemaNotAtHeadError, StoreError
from timeline.store.engine import display_url, missing_sqlite_file, open_engine, require_existing
from timeline.store.schema import events

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_PACKAGE = "timeline._migrations"

Target = str | URL | Engine
"""A database URL, or an engine already open on it."""


def script_location() -> Path:
    """The folder holding ``env.py`` and ``versions/``."""
    try:
        found = Path(str(resources.files(MIGRATIONS_PACKAGE)))
    except ModuleNotFoundError:  # a source checkout on sys.path but not installed
        found = Path(__file__).resolve().parents[2] / "migrations"
    if not (found / "env.py").is_file():
        raise StoreError(f"the migration scripts are missing (looked in {found})")
    return found


def alembic_config(connection: Connection | None = None) -> Config:
    """An alembic Config built in code; ``connection`` is used by ``env.py`` when given."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(script_location()))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head() -> str:
    """The revision the code needs: the one revision no other script revises.

    Read from each script's ``revision`` and ``down_revision`` assignments without running
    it (a test checks it agrees with alembic's own ``ScriptDirectory.get_heads()``).
    """
    return _head(script_location())


@cache
def _head(location: Path) -> str:
    revisions: set[str] = set()
    revised: set[str] = set()
    for script in sorted((location / "versions").glob("*.py")):
        values = _assignments(script)
        if not isinstance(values.get("revision"), str):
            continue
        revisions.add(str(values["revision"]))
        down = values.get("down_revision")
        if isinstance(down, str):
            revised.add(down)
        elif isinstance(down, tuple | list):
            revised.update(str(d) for d in down)
    heads = sorted(revisions - revised)
    if len(heads) != 1:
        raise StoreError(f"the migrations must have exactly one head, found {heads}")
    return heads[0]


def _assignments(script: Path) -> dict[str, object]:
    """The module-level constants a migration script assigns (``revision: str = "0001"``)."""
    try:
        tree = ast.parse(script.read_text(encoding="utf-8"), str(script))
    except (OSError, SyntaxError, UnicodeDecodeError) as error:
        raise StoreError(f"cannot read the migration script {script}: {error}") from error
    found: dict[str, object] = {}
    for node in tree.body:
        targets: list[ast.expr]
        if isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        elif isinstance(node, ast.Assign):
            targets, value = list(node.targets), node.value
        else:
            continue
        for target in targets:
            if isinstance(target, ast.Name):
                try:
                    found[target.id] = ast.literal_eval(value)
                except ValueError:
                    continue
    return found


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


VERSION_TABLE = "alembic_version"
"""Where alembic keeps the database's revision (its default table, one row per head)."""


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
