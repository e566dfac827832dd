"""The SQLAlchemy recorder: one adapter for SQLite and PostgreSQL over the Core tables.

Writers serialise on one lock per transaction (SQLite's write lock via ``BEGIN IMMEDIATE``;
on PostgreSQL a transaction-scoped advisory lock) and assign positions themselves, after
the last committed one. Positions therefore grow in commit order with no gaps, and a
follower reading ``read_all(after=last_seen)`` can never miss a later-committing lower
position. Driver errors become :class:`timeline.errors.StoreError` at this boundary.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any
from uuid import UUID, SafeUUID

from sqlalchemy import ColumnElement, Engine, String, func, insert, select, type_coerce
from sqlalchemy.engine import URL, Connection
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from timeline.domain.envelope import NewEvent, RecordedEvent
from timeline.domain.values import id_problem
from timeline.errors import StoreError, TimelineError
from timeline.store.appending import StoredEvent, StreamPlan, check_stream_ids, plan_all
from timeline.store.codec import DEFAULT_CODEC, Codec, parse_uuids, utc
from timeline.store.engine import WRITE, open_engine
from timeline.store.migrate import ensure_at_head
from timeline.store.readmodels import Clock, utc_now
from timeline.store.recorder import MAX_STREAM_ID_LENGTH, AppendResult, StreamAppend
from timeline.store.schema import events, streams
from timeline.store.sql_readmodels import SqlReadModels
from timeline.store.sql_rows import SqlEventRows

ADVISORY_LOCK_KEY = 0x74696D656C696E65  # "timeline" in ASCII
"""The PostgreSQL advisory lock every appending transaction holds until it ends."""

_CHUNK = 500  # ids per IN (...) list, well under every driver's parameter limit

_EVENT_COLUMNS = [column.name for column in events.columns]

_SQLITE_TIME = "%Y-%m-%d %H:%M:%S.%f"  # SQLAlchemy's storage format for DateTime on SQLite


def _read_columns(sqlite: bool) -> tuple[ColumnElement[Any], ...]:
    """The event columns; on SQLite, id and time come raw (parsed here, once per batch)."""
    if not sqlite:
        return tuple(events.columns)
    return tuple(
        type_coerce(column, String).label(column.name)
        if column.name in {"event_id", "recorded_at"}
        else column
        for column in events.columns
    )


class _EventIdTaken(Exception):
    """An optimistic append met an event id that is already stored."""


_new_object = object.__new__
_set_attribute = object.__setattr__


def uuid_from_hex(text: str) -> UUID:
    """``UUID(hex=text)`` for the 32 hex digits the store wrote, in half the time."""
    value = _new_object(UUID)
    _set_attribute(value, "int", int(text, 16))
    _set_attribute(value, "is_safe", SafeUUID.unknown)
    return value


def _chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


class SqlRecorder:
    """A recorder over the ``streams`` and ``events`` tables of a migrated database.

    Invariants: positions are dense and grow in commit order; stream versions are dense
    from 1; ``recorded_at`` (UTC) never decreases along positions; an append writes all its
    events or none. Stream keys are cached forever (stream rows are never deleted); stream
    versions are cached only while no other writer has appended since this one last did.
    """

    def __init__(
        self, engine: Engine, *, codec: Codec = DEFAULT_CODEC, clock: Clock = utc_now
    ) -> None:
        self._engine = engine
        self._codec = codec
        self._clock = clock
        self._postgres = engine.dialect.name == "postgresql"
        self._sqlite = engine.dialect.name == "sqlite"
        self._columns = _read_columns(self._sqlite)
        self._mark = mark = "?" if engine.dialect.paramstyle == "qmark" else "%s"
        self._driver_error: type[Exception] = engine.dialect.loaded_dbapi.Error
        self._insert_sql = (
            f"INSERT INTO {events.name} ({', '.join(_EVENT_COLUMNS)}) "
            f"VALUES ({', '.join([mark] * len(_EVENT_COLUMNS))})"
        )
        self._cache_lock = threading.Lock()
        self._keys: dict[str, int] = {}
        self._ids: dict[int, str] = {}
        self._versions: dict[str, int] = {}
        self._known_position = -1
        self._event_rows = SqlEventRows(engine, codec=codec)
        self._read_models = SqlReadModels(engine, clock=clock)

    @property
    def engine(self) -> Engine:
        """The engine this recorder writes through."""
        return self._engine

    def event_rows(self) -> SqlEventRows:
        """Index rows and events by position, queried from the ``events`` table."""
        return self._event_rows

    def read_models(self) -> SqlReadModels:
        """The read models in this database's ``projection_*`` tables."""
        return self._read_models

    def append(
        self, stream_id: str, events: Sequence[NewEvent], *, expected_version: int | None
    ) -> AppendResult:
        """Append all events or none (see :class:`timeline.store.recorder.Recorder`)."""
        return self.append_many([StreamAppend(stream_id, events, expected_version)])[0]

    def append_many(self, appends: Sequence[StreamAppend]) -> tuple[AppendResult, ...]:
        """Append to several streams in one transaction (all or nothing)."""
        if not appends:
            return ()
        check_stream_ids(appends)
        try:
            return self._append(appends, optimistic=True)
        except _EventIdTaken:
            return self._append(appends, optimistic=False)

    def stream_version(self, stream_id: str) -> int:
        """The stream's current version (0 when it does not exist)."""
        with self._reading() as conn:
            key = self._key_of(conn, stream_id)
            if key is None:
                return 0
            return self._fetch_versions(conn, [key]).get(key, 0)

    def max_position(self) -> int:
        """The highest committed position (0 when the store is empty)."""
        with self._reading() as conn:
            return int(conn.execute(select(func.max(events.c.position))).scalar() or 0)

    def read_stream(
        self,
        stream_id: str,
        *,
        from_version: int = 1,
        to_version: int | None = None,
        until_position: int | None = None,
        recorded_until: datetime | None = None,
    ) -> list[RecordedEvent]:
        """The stream's events in version order, optionally as the store knew them then."""
        with self._reading() as conn:
            key = self._key_of(conn, stream_id)
            if key is None:
                return []
            where = [events.c.stream_key == key, events.c.stream_version >= from_version]
            if to_version is not None:
                where.append(events.c.stream_version <= to_version)
            where.extend(self._as_of(until_position, recorded_until))
            query = select(*self._columns).where(*where).order_by(events.c.stream_version)
            rows = conn.execute(query).all()
        return list(self._decode_rows(rows, {key: stream_id}))

    def read_events(self, event_ids: Sequence[UUID]) -> list[RecordedEvent]:
        """The stored events with these ids, in position order (ids not stored are left out)."""
        found: list[RecordedEvent] = []
        with self._reading() as conn:
            for chunk in _chunks(list(dict.fromkeys(event_ids))):
                query = (
                    select(*self._columns)
                    .where(events.c.event_id.in_(chunk))
                    .order_by(events.c.position)
                )
                rows = conn.execute(query).all()
                names = self._names_of(conn, {row[1] for row in rows})
                found.extend(self._decode_rows(rows, names))
        return sorted(found, key=lambda recorded: recorded.position)

    def read_all(
        self,
        *,
        after: int = 0,
        batch_size: int = 1000,
        until_position: int | None = None,
        recorded_until: datetime | None = None,
    ) -> Iterator[RecordedEvent]:
        """Every event after ``after`` in position order; one short query per batch."""
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, not {batch_size}")
        mark = self._mark
        where = [f"position > {mark}"]
        bounds: list[Any] = []
        if until_position is not None:
            where.append(f"position <= {mark}")
            bounds.append(until_position)
        if recorded_until is not None:
            where.append(f"recorded_at <= {mark}")
            moment = utc(recorded_until)
            bounds.append(moment.strftime(_SQLITE_TIME) if self._sqlite else moment)
        # Plain SQL on the driver's cursor: this loop is the store's hottest read path.
        sql = (
            f"SELECT {', '.join(_EVENT_COLUMNS)} FROM {events.name} "
            f"WHERE {' AND '.join(where)} ORDER BY position LIMIT {mark}"
        )
        last = after
        while True:
            with self._reading() as conn:
                driver: Any = conn.connection.driver_connection
                cursor = driver.cursor()
                try:
                    cursor.execute(sql, (last, *bounds, batch_size))
                    rows: list[Sequence[Any]] = cursor.fetchall()
                finally:
                    cursor.close()
                names = self._names_of(conn, {row[1] for row in rows})
            yield from self._decode_rows(rows, names)
            if len(rows) < batch_size:
                return
            last = rows[-1][0]

    # -- appending -------------------------------------------------------------------

    def _append(
        self, appends: Sequence[StreamAppend], *, optimistic: bool
    ) -> tuple[AppendResult, ...]:
        with self._cache_lock:
            known_position = self._known_position
            cached = dict(self._versions)
        try:
            with self._engine.connect() as conn:
                conn.execution_options(**{WRITE: True})
                with conn.begin():
                    outcome = self._append_in(conn, appends, known_position, cached, optimistic)
        except TimelineError:
            raise
        except IntegrityError as error:
            if optimistic and "event_id" in str(error.orig):
                raise _EventIdTaken from error
            raise StoreError(f"append rejected by the database: {error.orig}") from error
        except SQLAlchemyError as error:
            raise StoreError(f"append failed: {error}") from error
        results, keys, versions, position, cache_valid = outcome
        with self._cache_lock:
            self._keys.update(keys)
            self._ids.update({key: name for name, key in keys.items()})
            if cache_valid and self._known_position == known_position:
                self._versions.update(versions)
            else:
                self._versions = dict(versions)
            self._known_position = position
        return results

    def _append_in(
        self,
        conn: Connection,
        appends: Sequence[StreamAppend],
        known_position: int,
        cached: Mapping[str, int],
        optimistic: bool,
    ) -> tuple[tuple[AppendResult, ...], dict[str, int], dict[str, int], int, bool]:
        if self._postgres:
            conn.execute(select(func.pg_advisory_xact_lock(ADVISORY_LOCK_KEY)))
        last = conn.execute(
            select(events.c.position, events.c.recorded_at)
            .order_by(events.c.position.desc())
            .limit(1)
        ).first()
        last_position = 0 if last is None else int(last[0])
        cache_valid = last_position == known_position
        names = list(dict.fromkeys(item.stream_id for item in appends))
        keys = {name: self._keys[name] for name in names if name in self._keys}
        versions = {name: cached[name] for name in names if cache_valid and name in cached}
        unsure = [name for name in names if name not in versions]
        if unsure:
            keys.update(self._fetch_keys(conn, [n for n in unsure if n not in keys]))
            found = self._fetch_versions(conn, [keys[n] for n in unsure if n in keys])
            versions.update({n: found.get(keys[n], 0) if n in keys else 0 for n in unsure})

        def lookup(event_ids: Sequence[UUID]) -> Mapping[UUID, StoredEvent]:
            return self._lookup(conn, event_ids)

        plans = plan_all(appends, versions, self._codec, lookup, optimistic=optimistic)
        writing = {plan.stream_id for plan in plans if plan.rows}
        new_streams = [name for name in names if name not in keys and name in writing]
        if new_streams:
            conn.execute(insert(streams), [{"stream_id": name} for name in new_streams])
            keys.update(self._fetch_keys(conn, new_streams))
        now = utc(self._clock())
        if last is not None and utc(last[1]) > now:
            now = utc(last[1])
        rows, results, position = self._rows(plans, keys, now, last_position)
        if rows:
            conn.exec_driver_sql(self._insert_sql, rows)
        after = dict(versions)
        after.update({plan.stream_id: plan.version_after for plan in plans})
        return results, keys, after, position, cache_valid

    def _rows(
        self, plans: Sequence[StreamPlan], keys: Mapping[str, int], now: datetime, position: int
    ) -> tuple[list[tuple[Any, ...]], tuple[AppendResult, ...], int]:
        """Driver-ready rows, in the column order of ``events``, and each plan's result."""
        sqlite = self._sqlite
        recorded_at: Any = now.strftime(_SQLITE_TIME) if sqlite else now
        rows: list[tuple[Any, ...]] = []
        results: list[AppendResult] = []
        for plan in plans:
            first = position + 1
            key = keys.get(plan.stream_id)
            for version, encoded in plan.rows:
                position += 1
                rows.append(
                    (
                        position,
                        key,
                        version,
                        encoded.event_id.hex if sqlite else encoded.event_id,
                        recorded_at,
                        encoded.type,
                        encoded.schema_version,
                        encoded.payload,
                        encoded.metadata,
                    )
                )
            results.append(plan.result(range(first, position + 1)))
        return rows, tuple(results), position

    def _lookup(self, conn: Connection, event_ids: Sequence[UUID]) -> dict[UUID, StoredEvent]:
        found: dict[UUID, StoredEvent] = {}
        for chunk in _chunks(event_ids):
            query = (
                select(
                    events.c.event_id,
                    streams.c.stream_id,
                    events.c.position,
                    events.c.type,
                    events.c.schema_version,
                    events.c.payload,
                    events.c.metadata,
                )
                .join_from(events, streams, events.c.stream_key == streams.c.stream_key)
                .where(events.c.event_id.in_(chunk))
            )
            for row in conn.execute(query):
                found[row[0]] = StoredEvent(*row)
        return found

    # -- reading ---------------------------------------------------------------------

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        try:
            with self._engine.connect() as conn:
                yield conn
        except (SQLAlchemyError, self._driver_error) as error:
            raise StoreError(f"reading the store failed: {error}") from error

    @staticmethod
    def _as_of(
        until_position: int | None, recorded_until: datetime | None
    ) -> list[ColumnElement[bool]]:
        where: list[ColumnElement[bool]] = []
        if until_position is not None:
            where.append(events.c.position <= until_position)
        if recorded_until is not None:
            where.append(events.c.recorded_at <= utc(recorded_until))
        return where

    def _key_of(self, conn: Connection, stream_id: str) -> int | None:
        key = self._keys.get(stream_id)
        if key is None:
            key = self._fetch_keys(conn, [stream_id]).get(stream_id)
            if key is not None:
                with self._cache_lock:
                    self._keys[stream_id] = key
                    self._ids[key] = stream_id
        return key

    def _names_of(self, conn: Connection, keys: set[int]) -> dict[int, str]:
        names = self._ids
        missing = [key for key in keys if key not in names]
        if missing:
            fetched: dict[int, str] = {}
            for chunk in _chunks(missing):
                query = select(streams.c.stream_key, streams.c.stream_id).where(
                    streams.c.stream_key.in_(chunk)
                )
                fetched.update({int(k): str(n) for k, n in conn.execute(query)})
            with self._cache_lock:
                self._ids.update(fetched)
                self._keys.update({name: key for key, name in fetched.items()})
        return self._ids

    def _fetch_keys(self, conn: Connection, names: Sequence[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        # A name no append accepts (NUL, too long) names no stream; PostgreSQL must not see it.
        storable = [n for n in names if id_problem(n, limit=MAX_STREAM_ID_LENGTH) is None]
        for chunk in _chunks(storable):
            # Plain SQL: every new stream's append and every read of a stream not yet seen
            # look keys up, and building the expression cost more than the query.
            sql = (
                f"SELECT stream_id, stream_key FROM {streams.name} "
                f"WHERE stream_id IN ({', '.join([self._mark] * len(chunk))})"
            )
            found.update({str(n): int(k) for n, k in conn.exec_driver_sql(sql, tuple(chunk))})
        return found

    def _fetch_versions(self, conn: Connection, keys: Sequence[int]) -> dict[int, int]:
        found: dict[int, int] = {}
        for chunk in _chunks(keys):
            query = (
                select(events.c.stream_key, func.max(events.c.stream_version))
                .where(events.c.stream_key.in_(chunk))
                .group_by(events.c.stream_key)
            )
            found.update({int(k): int(v) for k, v in conn.execute(query)})
        return found

    def _decode_rows(
        self, rows: Sequence[Sequence[Any]], names: Mapping[int, str]
    ) -> Iterator[RecordedEvent]:
        """Decode rows one by one; SQLite's raw ids and times are converted per batch."""
        if self._sqlite:
            event_ids: Sequence[UUID] = parse_uuids([row[3] for row in rows])
            times = {raw: utc(datetime.fromisoformat(raw)) for raw in {row[4] for row in rows}}
            moments: Sequence[datetime] = [times[row[4]] for row in rows]
        else:
            event_ids = [row[3] for row in rows]
            moments = [utc(row[4]) for row in rows]
        return self._codec.recorded_rows(rows, names, event_ids, moments)


def create_recorder(
    url: str | URL,
    *,
    codec: Codec = DEFAULT_CODEC,
    clock: Clock = utc_now,
    check_schema: bool = True,
) -> SqlRecorder:
    """A recorder on ``url``; raises SchemaNotAtHeadError when the schema needs upgrading."""
    engine = open_engine(url)
    if check_schema:
        try:
            ensure_at_head(engine)
        except BaseException:
            engine.dispose()
            raise
    return SqlRecorder(engine, codec=codec, clock=clock)
