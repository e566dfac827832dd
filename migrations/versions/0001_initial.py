"""Initial schema: streams, events, projection checkpoints and documents.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigKey = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "streams",
        sa.Column("stream_key", BigKey, sa.Identity(), nullable=False),
        sa.Column("stream_id", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("stream_key", name=op.f("pk_streams")),
        sa.UniqueConstraint("stream_id", name=op.f("uq_streams_stream_id")),
    )
    op.create_table(
        "events",
        sa.Column("position", BigKey, autoincrement=False, nullable=False),
        sa.Column("stream_key", BigKey, nullable=False),
        sa.Column("stream_version", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("type", sa.String(length=100), nullable=False),
        sa.Column("schema_version", sa.Integer(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("metadata", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["stream_key"],
            ["streams.stream_key"],
            name=op.f("fk_events_stream_key_streams"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("position", name=op.f("pk_events")),
        sa.UniqueConstraint("event_id", name=op.f("uq_events_event_id")),
        sa.UniqueConstraint(
            "stream_key", "stream_version", name=op.f("uq_events_stream_key_stream_version")
        ),
    )
    op.create_table(
        "projection_checkpoints",
        sa.Column("projection", sa.Text(), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("projection", name=op.f("pk_projection_checkpoints")),
    )
    op.create_table(
        "projection_documents",
        sa.Column("projection", sa.Text(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("projection", "key", name=op.f("pk_projection_documents")),
    )


def downgrade() -> None:
    op.drop_table("projection_documents")
    op.drop_table("projection_checkpoints")
    op.drop_table("events")
    op.drop_table("streams")
