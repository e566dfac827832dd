"""The persisted negotiation index: each negotiation's events in append-only segments.

Documents of projection ``negotiation_index``:

- ``n/<negotiation>/<first position, 12 digits>``: a segment, the JSON list of the events of
  one negotiation applied in one batch (negotiation events, retractions and the negotiation's
  ``article_ingested`` events without their text, which the event store keeps);
- ``a/<article id>``: the article's metadata (outlet, wire, published), for evidence that
  cites an article filed under another negotiation.

A batch only writes new documents, so catch-up costs time in proportion to the new events,
never to the history. A negotiation's state at any ``as_of``/``known_at`` is folded from its
segments (positions and ``recorded_at`` are kept), without scanning the event store.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import cast
from uuid import UUID

from pydantic import BaseModel, ConfigDict, TypeAdapter

from timeline.domain.envelope import EventMetadata, RecordedEvent
from timeline.domain.events import ArticleIngested, Event, EventRetracted, NegotiationEventUnion
from timeline.domain.fold import ArticleInfo, check_known, event_negotiations

PROJECTION = "negotiation_index"
SEGMENT = "n/"
ARTICLE = "a/"


class IndexedEvent(BaseModel):
    """A recorded event as the index stores it (the payload typed by the event union)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    position: int
    stream_id: str
    stream_version: int
    event_id: UUID
    recorded_at: datetime
    event: Event
    metadata: EventMetadata = EventMetadata()

    def recorded(self) -> RecordedEvent:
        return RecordedEvent.model_construct(
            position=self.position,
            stream_id=self.stream_id,
            stream_version=self.stream_version,
            event_id=self.event_id,
            recorded_at=self.recorded_at,
            event=self.event,
            metadata=self.metadata,
        )


class ArticleDoc(BaseModel):
    """An article's metadata, as the index stores it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    article_id: str
    published: str
    outlet: str | None
    wire: str | None
    negotiation: str
    negotiations: tuple[str, ...] = ()


_SEGMENT = TypeAdapter(list[IndexedEvent])


def segment_key(negotiation: str, first_position: int) -> str:
    return f"{SEGMENT}{negotiation}/{first_position:012d}"


def negotiation_prefix(negotiation: str) -> str:
    return f"{SEGMENT}{negotiation}/"


def article_key(article_id: str) -> str:
    return f"{ARTICLE}{article_id}"


def _indexed(recorded: RecordedEvent) -> IndexedEvent:
    event = recorded.event
    if isinstance(event, ArticleIngested) and event.text:
        event = event.model_copy(update={"text": ""})
    return IndexedEvent.model_construct(
        position=recorded.position,
        stream_id=recorded.stream_id,
        stream_version=recorded.stream_version,
        event_id=recorded.event_id,
        recorded_at=recorded.recorded_at,
        event=cast(NegotiationEventUnion | ArticleIngested | EventRetracted, event),
        metadata=recorded.metadata,
    )


def index_batch(events: Iterable[RecordedEvent]) -> dict[str, str]:
    """The documents one batch of events adds to the index (raises on an unknown type)."""
    by_negotiation: dict[str, list[IndexedEvent]] = {}
    articles: dict[str, str] = {}
    for recorded in events:
        check_known(recorded)
        event = recorded.event
        names = event_negotiations(event)
        if not names:
            continue
        row = _indexed(recorded)
        for name in dict.fromkeys(names):
            by_negotiation.setdefault(name, []).append(row)
        if isinstance(event, ArticleIngested):
            info = ArticleInfo.of(event)
            articles[article_key(info.article_id)] = ArticleDoc(
                article_id=info.article_id,
                published=info.published.isoformat(),
                outlet=info.outlet,
                wire=info.wire,
                negotiation=info.negotiation,
                negotiations=info.negotiations,
            ).model_dump_json()
    docs = {
        segment_key(name, rows[0].position): _SEGMENT.dump_json(rows).decode()
        for name, rows in by_negotiation.items()
    }
    docs.update(articles)
    return docs


def decode_segment(document: str) -> list[RecordedEvent]:
    """The recorded events of one segment document, in position order."""
    return [row.recorded() for row in _SEGMENT.validate_json(document)]


def segment_events(documents: Iterable[tuple[str, str]]) -> Iterator[RecordedEvent]:
    """The events of a negotiation's segments (given in key order, hence position order)."""
    for _key, document in documents:
        yield from decode_segment(document)


def decode_article(document: str) -> ArticleInfo:
    doc = ArticleDoc.model_validate_json(document)
    return ArticleInfo(
        article_id=doc.article_id,
        published=datetime.fromisoformat(doc.published).date(),
        outlet=doc.outlet,
        wire=doc.wire,
        negotiation=doc.negotiation,
        negotiations=doc.negotiations,
    )


def negotiation_of_key(key: str) -> str | None:
    """The negotiation a segment key belongs to (None for other documents)."""
    if not key.startswith(SEGMENT):
        return None
    return key[len(SEGMENT) :].rsplit("/", 1)[0]


def cited_articles(events: Sequence[RecordedEvent]) -> set[str]:
    """Every article id the events' evidence cites."""
    ids: set[str] = set()
    for recorded in events:
        for evidence in getattr(recorded.event, "evidence", ()):
            ids.add(evidence.article_id)
    return ids
