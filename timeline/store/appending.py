"""The append rules every adapter shares: idempotency, duplicates and the version check.

An adapter reads what it must inside its transaction (the stream's version, and the stored
rows of event ids it is asked to append) and lets :func:`plan_append` decide what to write.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple
from uuid import UUID

from timeline.domain.envelope import NewEvent
from timeline.domain.values import id_problem
from timeline.errors import ConcurrencyError, DuplicateEventError, StoreError
from timeline.store.codec import Codec, EncodedEvent
from timeline.store.recorder import MAX_STREAM_ID_LENGTH, AppendResult, StreamAppend


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """What the store already holds under an event id, enough to compare content."""

    event_id: UUID
    stream_id: str
    position: int
    type: str
    schema_version: int
    payload: str
    metadata: str | None


class StreamPlan(NamedTuple):
    """What one :class:`StreamAppend` writes.

    Invariants: ``rows`` carry consecutive versions right after ``version_before``;
    when ``duplicate_positions`` is set, ``rows`` is empty and nothing is written.
    """

    stream_id: str
    version_before: int
    rows: tuple[tuple[int, EncodedEvent], ...]
    duplicate_positions: tuple[int, ...] | None = None

    @property
    def version_after(self) -> int:
        return self.version_before + len(self.rows)

    def result(self, positions: Sequence[int]) -> AppendResult:
        """The AppendResult once ``rows`` were written at ``positions``."""
        if self.duplicate_positions is not None:
            return AppendResult(self.stream_id, self.version_before, self.duplicate_positions, True)
        return AppendResult(self.stream_id, self.version_after, tuple(positions), False)


Lookup = Callable[[Sequence[UUID]], Mapping[UUID, StoredEvent]]
"""Fetch the stored rows of the given event ids (absent ids are simply missing)."""


def same_content(stored: StoredEvent, stream_id: str, new: NewEvent, codec: Codec) -> bool:
    """True when ``stored`` holds exactly ``new`` in ``stream_id`` (older encodings upcast)."""
    if stored.stream_id != stream_id:
        return False
    encoded = codec.encode(new)
    if (stored.type, stored.schema_version, stored.payload, stored.metadata) == (
        encoded.type,
        encoded.schema_version,
        encoded.payload,
        encoded.metadata,
    ):
        return True
    if stored.type != encoded.type:
        return False
    event = codec.decode_event(stored.type, stored.schema_version, stored.payload)
    metadata = codec.decode_metadata(stored.metadata)
    return event == new.event and metadata == new.metadata


def check_stream_ids(appends: Sequence[StreamAppend]) -> None:
    """Refuse, before any database sees it, a stream id no store can keep (see
    :func:`timeline.domain.values.id_problem`): StoreError, nothing written."""
    for item in appends:
        problem = id_problem(item.stream_id, limit=MAX_STREAM_ID_LENGTH)
        if problem is not None:
            raise StoreError(f"stream id {item.stream_id!r} {problem}; nothing written")


def plan_append(
    item: StreamAppend,
    current_version: int,
    codec: Codec,
    lookup: Lookup,
    *,
    optimistic: bool = False,
) -> StreamPlan:
    """Decide what appending ``item`` to a stream at ``current_version`` writes.

    Raises DuplicateEventError when an id is stored (or repeated in ``item``) with other
    content, and ConcurrencyError when ``expected_version`` does not match and the events are
    not all stored already. With ``optimistic`` the stored ids are looked up only when the
    version check fails; the adapter must then treat a unique-key violation on ``event_id``
    as a signal to plan again without ``optimistic``.
    """
    stream_id = item.stream_id
    matches = item.expected_version is None or item.expected_version == current_version
    if optimistic and matches and len(item.events) == 1:  # the common case, kept short
        return StreamPlan(
            stream_id, current_version, ((current_version + 1, codec.encode(item.events[0])),)
        )
    unique: dict[UUID, NewEvent] = {}
    for new in item.events:
        seen = unique.get(new.event_id)
        if seen is None:
            unique[new.event_id] = new
        elif seen != new:
            raise DuplicateEventError(str(new.event_id), stream_id)
    fresh = list(unique.values())
    if unique and not (optimistic and matches):
        stored = lookup(list(unique))
        if stored:
            for event_id, found in stored.items():
                if not same_content(found, stream_id, unique[event_id], codec):
                    raise DuplicateEventError(str(event_id), found.stream_id, stream_id)
            fresh = [new for new in fresh if new.event_id not in stored]
            if not fresh:
                return StreamPlan(
                    stream_id,
                    current_version,
                    (),
                    tuple(stored[event_id].position for event_id in unique),
                )
    if not matches:
        assert item.expected_version is not None
        raise ConcurrencyError(stream_id, item.expected_version, current_version)
    rows = tuple(
        (current_version + offset, codec.encode(new)) for offset, new in enumerate(fresh, 1)
    )
    return StreamPlan(stream_id, current_version, rows)


def plan_all(
    appends: Sequence[StreamAppend],
    versions: Mapping[str, int],
    codec: Codec,
    lookup: Lookup,
    *,
    optimistic: bool = False,
) -> list[StreamPlan]:
    """Plan a multi-stream transaction; ``versions`` holds every named stream's version.

    Later items see the versions earlier items wrote. An event id written by two items of
    the same transaction raises DuplicateEventError.
    """
    current = dict(versions)
    planned: dict[UUID, str] = {}
    plans: list[StreamPlan] = []
    for item in appends:
        plan = plan_append(item, current[item.stream_id], codec, lookup, optimistic=optimistic)
        for _, encoded in plan.rows:
            earlier = planned.get(encoded.event_id)
            if earlier is not None:
                raise DuplicateEventError(str(encoded.event_id), earlier, item.stream_id)
            planned[encoded.event_id] = item.stream_id
        current[item.stream_id] = plan.version_after
        plans.append(plan)
    return plans
