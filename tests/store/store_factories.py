"""Event factories for the store tests."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, Protocol

from sqlalchemy import func, insert, select

from timeline.domain.envelope import EventMetadata, NewEvent
from timeline.domain.events import ProposalMade
from timeline.domain.values import Evidence
from timeline.store.memory import InMemoryRecorder
from timeline.store.recorder import Recorder
from timeline.store.schema import events, streams
from timeline.store.sql import SqlRecorder

QUOTE = "Washington asked Seoul to amend the agreement"


def proposal(subject: str = "amend the agreement", **changes: Any) -> ProposalMade:
    """A realistic ProposalMade event; keyword arguments override its fields."""
    fields: dict[str, Any] = {
        "negotiation": "korus",
        "actor": "US",
        "target": "KR",
        "subject": subject,
        "occurred": "2017-08",
        "reported_on": date(2017, 8, 22),
        "evidence": (Evidence(article_id="a-1", start=10, end=10 + len(QUOTE), quote=QUOTE),),
        "derivation": {"rule_id": "proposal.request", "extractor_version": "1.0"},
        "terms": "renegotiate",
    }
    fields.update(changes)
    return ProposalMade(**fields)


def new_event(subject: str = "amend the agreement", **changes: Any) -> NewEvent:
    """A NewEvent with a fresh id around :func:`proposal`."""
    metadata = changes.pop("metadata", EventMetadata())
    return NewEvent(event_id=uuid.uuid4(), event=proposal(subject, **changes), metadata=metadata)


class RawWriter(Protocol):
    def __call__(
        self,
        stream_id: str,
        type_name: str,
        schema_version: int,
        payload: str,
        metadata: str | None = None,
    ) -> int: ...


def raw_writer(recorder: Recorder) -> RawWriter:
    """A function appending already-encoded rows behind the codec's back (returns positions)."""
    if isinstance(recorder, InMemoryRecorder):
        memory = recorder

        def to_memory(
            stream_id: str,
            type_name: str,
            schema_version: int,
            payload: str,
            metadata: str | None = None,
        ) -> int:
            return memory.append_raw(
                stream_id, type_name, schema_version, payload, metadata, event_id=uuid.uuid4()
            )

        return to_memory
    assert isinstance(recorder, SqlRecorder)
    engine = recorder.engine

    def to_database(
        stream_id: str,
        type_name: str,
        schema_version: int,
        payload: str,
        metadata: str | None = None,
    ) -> int:
        with engine.begin() as conn:
            key = conn.execute(
                select(streams.c.stream_key).where(streams.c.stream_id == stream_id)
            ).scalar()
            if key is None:
                conn.execute(insert(streams).values(stream_id=stream_id))
                key = conn.execute(
                    select(streams.c.stream_key).where(streams.c.stream_id == stream_id)
                ).scalar_one()
            position = int(conn.execute(select(func.max(events.c.position))).scalar() or 0) + 1
            version = (
                int(
                    conn.execute(
                        select(func.max(events.c.stream_version)).where(events.c.stream_key == key)
                    ).scalar()
                    or 0
                )
                + 1
            )
            conn.execute(
                insert(events).values(
                    position=position,
                    stream_key=key,
                    stream_version=version,
                    event_id=uuid.uuid4(),
                    recorded_at=func.current_timestamp(),
                    type=type_name,
                    schema_version=schema_version,
                    payload=payload,
                    metadata=metadata,
                )
            )
        return position

    return to_database
