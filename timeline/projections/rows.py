"""What the read-model runner reads from a store: index rows, and events by position.

Indexing events by negotiation needs only each event's position, type and negotiation (and,
for an article, its metadata), so ``SqlEventRows`` asks the database for exactly that with
its JSON functions (SQLite ``json_extract``/``json_remove``, PostgreSQL ``->>``/``-``) and
never decodes a payload while indexing; payloads are validated and upcast by the store's
codec when a negotiation's events are read back (``events_at``). It reads the ``events``
table of a migrated database, read-only and in position order; positions commit in order
because the store serialises their assignment, so ``position > after`` never skips one.
``DecodedEventRows`` serves any recorder through ``read_all`` (the in-memory store).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from timeline.domain.envelope import RecordedEvent
from timeline.domain.events import EVENT_MODELS, ArticleIngested
from timeline.domain.fold import check_known, event_negotiations
from timeline.errors import ProjectionError, StoreError
from timeline.store.codec import DEFAULT_CODEC, Codec
from timeline.store.sql import parse_uuids

PROJECTION = "negotiation_index"


IndexRow = tuple[int, str, str | None, str | None]
"""One event as the index sees it: ``(position, type, negotiation, article)``.

``article`` is the article's payload without its text (JSON), for ``article_ingested``.
"""


class RowSource(Protocol):
    """Index rows in position order, and full events by position."""

    def index_rows(
        self, *, after: int = 0, batch_size: int = 1000, until_position: int | None = None
    ) -> Iterator[IndexRow]: ...

    def events_at(self, positions: Sequence[int]) -> Iterator[RecordedEvent]: ...


class EventReader(Protocol):
    """The recorder method a decoded row source needs."""

    def read_all(
        self,
        *,
        after: int = 0,
        batch_size: int = 1000,
        until_position: int | None = None,
        recorded_until: datetime | None = None,
    ) -> Iterator[RecordedEvent]: ...


def check_type(position: int, type_name: str) -> None:
    """Raise ProjectionError for a type name no event model declares."""
    if type_name not in EVENT_MODELS:
        raise ProjectionError(PROJECTION, f"unknown event type {type_name!r}", position=position)


def article_json(event: ArticleIngested) -> str:
    """The article's payload without its text, as the index keeps it."""
    return event.model_copy(update={"text": ""}).model_dump_json()


class DecodedEventRows:
    """Rows from any recorder's ``read_all`` (decodes every event: the slow path)."""

    def __init__(self, recorder: EventReader) -> None:
        self._recorder = recorder

    def index_rows(
        self, *, after: int = 0, batch_size: int = 1000, until_position: int | None = None
    ) -> Iterator[IndexRow]:
        for recorded in self._recorder.read_all(
            after=after, batch_size=batch_size, until_position=until_position
        ):
            check_known(recorded)
            event = recorded.event
            names = event_negotiations(event)
            article = article_json(event) if isinstance(event, ArticleIngested) else None
            yield (recorded.position, event.type, names[0] if names else None, article)

    def events_at(self, positions: Sequence[int]) -> Iterator[RecordedEvent]:
        wanted = set(positions)
        if not wanted:
            return
        first, last = min(wanted), max(wanted)
        for recorded in self._recorder.read_all(after=first - 1, until_position=last):
            if recorded.position in wanted:
                yield recorded


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


def article_names(data: dict[str, Any]) -> tuple[str, ...]:
    """The negotiations an article payload (decoded JSON) belongs to."""
    return tuple(dict.fromkeys((data["negotiation"], *data.get("negotiations", ()))))
