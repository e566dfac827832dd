"""The database schema as SQLAlchemy Core tables; alembic migrations must match it exactly.

Tables::

    streams                 one row per stream: integer key, text id, current version
    events                  the append-only log, keyed by global ``position``
    projection_checkpoints  the last position each projection applied
    projection_documents    a projection's read model, one JSON document per key

Events point at their stream through the integer ``stream_key``: the unique
``(stream_key, stream_version)`` index is far cheaper to maintain than one over text ids.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    ForeignKey,
    Identity,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
)

from timeline.store.recorder import MAX_STREAM_ID_LENGTH

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)
"""Every table of the store; alembic's autogenerate compares the migrations against it."""

BigKey = BigInteger().with_variant(Integer(), "sqlite")
"""BIGINT everywhere except SQLite, where only ``INTEGER PRIMARY KEY`` aliases the rowid."""

streams = Table(
    "streams",
    metadata,
    Column("stream_key", BigKey, Identity(), primary_key=True),
    Column("stream_id", String(MAX_STREAM_ID_LENGTH), nullable=False, unique=True),
)
"""One row per stream: its integer key and its text id. Rows are never deleted."""

events = Table(
    "events",
    metadata,
    Column("position", BigKey, primary_key=True, autoincrement=False),
    Column(
        "stream_key",
        BigKey,
        ForeignKey("streams.stream_key", ondelete="RESTRICT"),
        nullable=False,
    ),
    Column("stream_version", Integer, nullable=False),
    Column("event_id", Uuid(as_uuid=True), nullable=False, unique=True),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("type", String(100), nullable=False),
    Column("schema_version", Integer, nullable=False),
    Column("payload", Text, nullable=False),
    Column("metadata", Text, nullable=True),
    UniqueConstraint("stream_key", "stream_version"),
)
"""The append-only log.

Invariants: ``position`` is assigned by the store, unique and increasing in commit order;
``stream_version`` is dense from 1 within a stream; ``recorded_at`` (UTC) never decreases
as ``position`` grows; ``payload`` is the event's JSON including its ``type``; ``metadata``
is NULL when the event has none.
"""

projection_checkpoints = Table(
    "projection_checkpoints",
    metadata,
    Column("projection", Text, primary_key=True),
    Column("position", BigInteger, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=True),
)
"""The last event position each projection has applied."""

projection_documents = Table(
    "projection_documents",
    metadata,
    Column("projection", Text, primary_key=True),
    Column("key", Text, primary_key=True),
    Column("document", Text, nullable=False),
)
"""A projection's read model: one JSON document (as text) per ``(projection, key)``."""

__all__ = [
    "events",
    "metadata",
    "projection_checkpoints",
    "projection_documents",
    "streams",
]
