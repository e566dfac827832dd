"""Alembic environment: runs the migrations on the connection timeline.store.migrate hands in."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from timeline.store.engine import open_engine
from timeline.store.schema import metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    """Use the connection passed in ``config.attributes``, else the configured URL."""
    if context.is_offline_mode():
        raise RuntimeError("offline (--sql) migrations are not supported; run them online")
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no connection in config.attributes and no sqlalchemy.url set")
    engine = open_engine(url)
    try:
        with engine.begin() as owned:
            _run(owned)
    finally:
        engine.dispose()


main()
