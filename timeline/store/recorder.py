"""The recorder protocols every event-store adapter implements.

``Recorder`` appends and reads events; ``ReadSideRecorder`` grows it by the capability the
projections need: index rows and events by position (a RowSource), and a store for
persisted read models (a ReadModelStore). The in-memory and the SQL recorder offer both, so
the projections never see an engine or a query.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from timeline.domain.envelope import NewEvent, RecordedEvent
from timeline.store.readmodels import ReadModelStore
from timeline.store.rows import RowSource

NO_STREAM = 0
"""``expected_version`` for a stream that must not exist yet."""

MAX_STREAM_ID_LENGTH = 200
"""The longest stream id every adapter accepts (the width of the SQL ``stream_id`` column)."""


@dataclass(frozen=True)
class AppendResult:
    """What an append did: the stream's version after it, and whether anything was new.

    ``duplicate`` is True when every event id was already stored with the same content
    (an idempotent replay of the same append); then nothing was written.
    """

    stream_id: str
    version: int
    positions: tuple[int, ...]
    duplicate: bool


@dataclass(frozen=True)
class StreamAppend:
    """One stream's share of an :meth:`Recorder.append_many` transaction."""

    stream_id: str
    events: Sequence[NewEvent]
    expected_version: int | None = None


class Recorder(Protocol):
    """Appends events atomically and reads them back by stream or in global order."""

    def append(
        self, stream_id: str, events: Sequence[NewEvent], *, expected_version: int | None
    ) -> AppendResult:
        """Append all events or none.

        ``expected_version`` is the stream's current version (``NO_STREAM`` for a new one);
        None skips the check. A mismatch raises ConcurrencyError and writes nothing.
        Appending event ids already stored with the same content is a no-op reported as
        ``duplicate``; the same id with different content raises DuplicateEventError.
        """
        ...

    def append_many(self, appends: Sequence[StreamAppend]) -> tuple[AppendResult, ...]:
        """Append to several streams in one transaction: every append happens, or none.

        Each item follows the rules of :meth:`append`, in order; a stream may appear more
        than once (later items see the versions earlier ones wrote). One result per item.
        """
        ...

    def stream_version(self, stream_id: str) -> int:
        """The stream's current version (0 when it does not exist)."""
        ...

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
        ...

    def read_events(self, event_ids: Sequence[UUID]) -> list[RecordedEvent]:
        """The stored events with these ids, in position order (ids not stored are left out)."""
        ...

    def read_all(
        self,
        *,
        after: int = 0,
        batch_size: int = 1000,
        until_position: int | None = None,
        recorded_until: datetime | None = None,
    ) -> Iterator[RecordedEvent]:
        """Every event with position > ``after`` in global order, streamed in batches.

        Never yields an event while an event with a lower position may still commit.
        """
        ...

    def max_position(self) -> int:
        """The highest committed position (0 when the store is empty)."""
        ...


class ReadSideRecorder(Recorder, Protocol):
    """A recorder that also serves the read side (the projections).

    Both calls are cheap and return objects bound to this recorder's store: what is
    appended through the recorder is what ``event_rows`` reads, and ``read_models`` keeps
    its documents in the same store (the same database, or the same process's memory), so
    a checkpoint names a position of these events.
    """

    def event_rows(self) -> RowSource:
        """Index rows in position order and events by position, from this store."""
        ...

    def read_models(self) -> ReadModelStore:
        """The persisted read models kept beside this store's events."""
        ...
