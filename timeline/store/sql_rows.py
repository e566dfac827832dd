"""Index rows and events by position straight from the ``events`` table (SQLite, PostgreSQL).

``SqlEventRows`` is the SQL recorder's :class:`timeline.store.rows.RowSource`. It asks the
database for an index row's columns with its JSON functions (SQLite
``json_extract``/``json_remove``, PostgreSQL ``->>``/``-``) and never decodes a payload while
indexing; payloads are validated and upcast by the store's codec when a negotiation's events
are read back (``events_at``). It reads the ``events`` table of a migrated database,
read-only and in position order; positions commit in order because the store serialises
their assignment, so ``position > after`` never skips one.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from timeline.domain.envelope import RecordedEvent
from timeline.domain.events import EVENT_MODELS
from timeline.errors import StoreError
from timeline.store.codec import DEFAULT_CODEC, Codec, parse_uuids
from timeline.store.rows import IndexRow, check_type

_INDEX_SQL = {
    "sqlite": (
        "SELECT position, type, json_extract(payload, '$.negotiation'), "
        "CASE WHEN type = 'article_ingested' THEN json_remove(payload, '$.text') END "
        "FROM events WHERE position > ?{until} ORDER BY position LIMIT ?"
    ),
    "postgresql": (
        "SELECT position, type, payload::json ->> 'negotiation', "
        "CASE WHEN type = 'article_ingested' THEN (payload::jsonb - 'text')::text END "
        "FROM events WHERE position > %s{until} ORDER BY position LIMIT %s"
    ),
}
_EVENTS_SQL = (
    "SELECT e.position, s.stream_id, e.stream_version, e.event_id, e.recorded_at, e.type, "
    "e.schema_version, e.payload, e.metadata FROM events e "
    "JOIN streams s ON s.stream_key = e.stream_key WHERE e.position IN ({marks}) "
    "ORDER BY e.position"
)
_IN_CHUNK = 500


class SqlEventRows:
    """Index rows and events straight from the ``events`` table (SQLite or PostgreSQL)."""

    def __init__(self, engine: Engine, *, codec: Codec = DEFAULT_CODEC) -> None:
        self._engine = engine
        self._codec = codec
        self._dialect = engine.dialect.name
        self._mark = "?" if self._dialect == "sqlite" else "%s"
        if self._dialect not in _INDEX_SQL:
            raise StoreError(f"no index query for database {self._dialect!r}")

    def _fetch(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        try:
            with self._engine.connect() as conn:
                driver = conn.connection.driver_connection
                if driver is None:
                    raise StoreError("the database connection is closed")
                cursor = driver.cursor()
                try:
                    cursor.execute(sql, params)
                    return list(cursor.fetchall())
                finally:
                    cursor.close()
        except SQLAlchemyError as error:
            raise StoreError(f"reading events failed: {error}") from error

    def index_rows(
        self, *, after: int = 0, batch_size: int = 1000, until_position: int | None = None
    ) -> Iterator[IndexRow]:
        until = f" AND position <= {self._mark}" if until_position is not None else ""
        sql = _INDEX_SQL[self._dialect].format(until=until)
        last = after
        while True:
            params = [last, until_position, batch_size] if until else [last, batch_size]
            batch: list[IndexRow] = self._fetch(sql, params)
            if {row[1] for row in batch} - EVENT_MODELS.keys():
                for position, type_name, _negotiation, _article in batch:
                    check_type(position, type_name)
            yield from batch
            if len(batch) < batch_size:
                return
            last = batch[-1][0]

    def events_at(self, positions: Sequence[int]) -> Iterator[RecordedEvent]:
        ordered = sorted(set(positions))
        for start in range(0, len(ordered), _IN_CHUNK):
            chunk = ordered[start : start + _IN_CHUNK]
            sql = _EVENTS_SQL.format(marks=",".join([self._mark] * len(chunk)))
            rows = self._fetch(sql, chunk)
            times = {raw: _utc(raw) for raw in {row[4] for row in rows}}
            yield from self._codec.recorded_rows(
                rows, None, parse_uuids([row[3] for row in rows]), [times[row[4]] for row in rows]
            )


def _utc(moment: str | datetime) -> datetime:
    """A stored ``recorded_at`` (SQLite text or a driver datetime) as an aware UTC datetime."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
