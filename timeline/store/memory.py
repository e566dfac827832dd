"""The in-memory recorder: a real adapter holding encoded rows in lists, for tests and demos."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from timeline.domain.envelope import NewEvent, RecordedEvent
from timeline.store.appending import StoredEvent, StreamPlan, check_stream_ids, plan_all
from timeline.store.codec import DEFAULT_CODEC, Codec, utc
from timeline.store.readmodels import Clock, InMemoryReadModels, utc_now
from timeline.store.recorder import AppendResult, StreamAppend
from timeline.store.rows import DecodedEventRows


@dataclass(frozen=True, slots=True)
class _Row:
    position: int
    stream_id: str
    stream_version: int
    event_id: UUID
    recorded_at: datetime
    type: str
    schema_version: int
    payload: str
    metadata: str | None


class InMemoryRecorder:
    """A recorder over Python lists, with the same rules as the SQL adapter.

    Invariants: ``_rows[i].position == i + 1``; every stream's versions are dense from 1;
    ``recorded_at`` never decreases along positions; rows are stored encoded and decoded on
    every read, so the codec and upcasters run exactly as with a database. Thread-safe.
    """

    def __init__(self, *, codec: Codec = DEFAULT_CODEC, clock: Clock = utc_now) -> None:
        self._codec = codec
        self._clock = clock
        self._lock = threading.Lock()
        self._rows: list[_Row] = []
        self._by_id: dict[UUID, _Row] = {}
        self._streams: dict[str, list[_Row]] = {}
        self._read_models = InMemoryReadModels(clock=clock)

    def event_rows(self) -> DecodedEventRows:
        """Index rows and events by position, decoded from this store's rows."""
        return DecodedEventRows(self)

    def read_models(self) -> InMemoryReadModels:
        """The read models kept beside these events (in memory, like them)."""
        return self._read_models

    def append(
        self, stream_id: str, events: Sequence[NewEvent], *, expected_version: int | None
    ) -> AppendResult:
        """Append all events or none (see :class:`timeline.store.recorder.Recorder`)."""
        return self.append_many([StreamAppend(stream_id, events, expected_version)])[0]

    def append_many(self, appends: Sequence[StreamAppend]) -> tuple[AppendResult, ...]:
        """Append to several streams atomically (see :class:`~timeline.store.recorder.Recorder`)."""
        check_stream_ids(appends)
        with self._lock:
            versions = {
                item.stream_id: len(self._streams.get(item.stream_id, ())) for item in appends
            }
            return self._write(plan_all(appends, versions, self._codec, self._lookup))

    def append_raw(
        self,
        stream_id: str,
        type_name: str,
        schema_version: int,
        payload: str,
        metadata: str | None = None,
        *,
        event_id: UUID,
    ) -> int:
        """Append an already-encoded row without validating it; returns its position.

        For importing legacy data and for tests of decoding and upcasting.
        """
        with self._lock:
            row = self._row(
                stream_id,
                len(self._streams.get(stream_id, ())) + 1,
                event_id,
                self._now(),
                type_name,
                schema_version,
                payload,
                metadata,
            )
            self._store(row)
            return row.position

    def stream_version(self, stream_id: str) -> int:
        """The stream's current version (0 when it does not exist)."""
        with self._lock:
            return len(self._streams.get(stream_id, ()))

    def max_position(self) -> int:
        """The highest committed position (0 when empty)."""
        with self._lock:
            return len(self._rows)

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
        with self._lock:
            rows = list(self._streams.get(stream_id, ()))
        first = max(from_version, 1) - 1
        last = len(rows) if to_version is None else max(to_version, 0)
        until = utc(recorded_until) if recorded_until is not None else None
        return [
            self._decode(row)
            for row in rows[first:last]
            if (until_position is None or row.position <= until_position)
            and (until is None or row.recorded_at <= until)
        ]

    def read_events(self, event_ids: Sequence[UUID]) -> list[RecordedEvent]:
        """The stored events with these ids, in position order (ids not stored are left out)."""
        with self._lock:
            rows = [self._by_id[i] for i in dict.fromkeys(event_ids) if i in self._by_id]
        return [self._decode(row) for row in sorted(rows, key=lambda row: row.position)]

    def read_all(
        self,
        *,
        after: int = 0,
        batch_size: int = 1000,
        until_position: int | None = None,
        recorded_until: datetime | None = None,
    ) -> Iterator[RecordedEvent]:
        """Every event after ``after`` in position order, one batch under the lock at a time."""
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, not {batch_size}")
        until = utc(recorded_until) if recorded_until is not None else None
        start = max(after, 0)
        while True:
            with self._lock:
                end = len(self._rows)
                if until_position is not None:
                    end = min(end, until_position)
                batch = self._rows[start : min(start + batch_size, end)]
            if not batch:
                return
            for row in batch:
                if until is not None and row.recorded_at > until:
                    return
                yield self._decode(row)
            start = batch[-1].position

    def _lookup(self, event_ids: Sequence[UUID]) -> Mapping[UUID, StoredEvent]:
        found: dict[UUID, StoredEvent] = {}
        for event_id in event_ids:
            row = self._by_id.get(event_id)
            if row is not None:
                found[event_id] = StoredEvent(
                    row.event_id,
                    row.stream_id,
                    row.position,
                    row.type,
                    row.schema_version,
                    row.payload,
                    row.metadata,
                )
        return found

    def _now(self) -> datetime:
        now = utc(self._clock())
        if self._rows and self._rows[-1].recorded_at > now:
            return self._rows[-1].recorded_at
        return now

    def _row(
        self,
        stream_id: str,
        stream_version: int,
        event_id: UUID,
        recorded_at: datetime,
        type_name: str,
        schema_version: int,
        payload: str,
        metadata: str | None,
    ) -> _Row:
        return _Row(
            len(self._rows) + 1,
            stream_id,
            stream_version,
            event_id,
            recorded_at,
            type_name,
            schema_version,
            payload,
            metadata,
        )

    def _store(self, row: _Row) -> None:
        self._rows.append(row)
        self._by_id[row.event_id] = row
        self._streams.setdefault(row.stream_id, []).append(row)

    def _write(self, plans: Sequence[StreamPlan]) -> tuple[AppendResult, ...]:
        now = self._now()
        results: list[AppendResult] = []
        for plan in plans:
            positions: list[int] = []
            for version, encoded in plan.rows:
                row = self._row(
                    plan.stream_id,
                    version,
                    encoded.event_id,
                    now,
                    encoded.type,
                    encoded.schema_version,
                    encoded.payload,
                    encoded.metadata,
                )
                self._store(row)
                positions.append(row.position)
            results.append(plan.result(positions))
        return tuple(results)

    def _decode(self, row: _Row) -> RecordedEvent:
        return self._codec.recorded(
            row.position,
            row.stream_id,
            row.stream_version,
            row.event_id,
            row.recorded_at,
            row.type,
            row.schema_version,
            row.payload,
            row.metadata,
        )
