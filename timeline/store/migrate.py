"""Schema migrations: the only module that knows where the alembic scripts live.

The scripts sit in the top-level ``migrations/`` folder of the source tree, installed as the
package ``timeline._migrations`` (see ``package-dir`` in ``pyproject.toml``), so they are
found the same way from a checkout, an editable install or a wheel, whatever the current
directory. The alembic ``Config`` is built here in code and handed an open connection.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlalchemy.engine import URL, Connection
from sqlalchemy.exc import SQLAlchemyError

from timeline.errors import SchemaNotAtHeadError, StoreError
from timeline.store.engine import display_url, open_engine

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
    config = Config()
    config.set_main_option("script_location", str(script_location()))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head() -> str:
    """The revision the code needs (the single head of the migration scripts)."""
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    if len(heads) != 1:
        raise StoreError(f"the migrations must have exactly one head, found {sorted(heads)}")
    return heads[0]


def upgrade(target: Target, revision: str = "head") -> None:
    """Migrate the database up to ``revision`` (creates the schema on an empty database)."""
    with _transaction(target) as conn:
        command.upgrade(alembic_config(conn), revision)


def downgrade(target: Target, revision: str) -> None:
    """Migrate the database down to ``revision`` (``"base"`` drops every table)."""
    with _transaction(target) as conn:
        command.downgrade(alembic_config(conn), revision)


def current(target: Target) -> str | None:
    """The database's revision, or None when it has never been migrated."""
    with _transaction(target) as conn:
        return _current(conn)


def ensure_at_head(target: Target) -> None:
    """Raise SchemaNotAtHeadError, naming the command to run, unless the schema is at head."""
    wanted = head()
    with _transaction(target) as conn:
        found = _current(conn)
        if found != wanted:
            raise SchemaNotAtHeadError(display_url(conn.engine.url), found, wanted)


def _current(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


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
