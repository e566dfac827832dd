"""The envelope around an event: identity, stream, global position and the store's clock."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from timeline.domain.events import DomainEvent


class EventMetadata(BaseModel):
    """Causation and correlation ids linking an event to what caused it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    causation_id: UUID | None = None
    correlation_id: UUID | None = None


class NewEvent(BaseModel):
    """An event about to be appended: its id (deterministic for derived events) and payload."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    event_id: UUID
    event: DomainEvent
    metadata: EventMetadata = EventMetadata()

    @property
    def type(self) -> str:
        return self.event.type

    @property
    def schema_version(self) -> int:
        return self.event.schema_version


class RecordedEvent(BaseModel):
    """An event as the store holds it.

    Invariant: ``position`` is unique and increases in commit order across the whole store;
    ``stream_version`` counts from 1 within its stream; ``recorded_at`` is UTC.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    position: int
    stream_id: str
    stream_version: int
    event_id: UUID
    recorded_at: datetime
    event: DomainEvent
    metadata: EventMetadata = EventMetadata()

    @property
    def type(self) -> str:
        return self.event.type

    @property
    def schema_version(self) -> int:
        return self.event.schema_version
