"""What the read side reads from a recorder: index rows, and events by position (no SQL here).

Indexing events by negotiation needs only each event's position, type and negotiation (and,
for an article, its metadata): an :data:`IndexRow`. A :class:`RowSource` yields them in
position order and reads full events back by position. Every recorder offers one
(``ReadSideRecorder.event_rows``): the SQL recorder its own, which asks the database for
exactly those columns (:mod:`timeline.store.sql_rows`); the in-memory recorder
:class:`DecodedEventRows`, which serves any recorder through ``read_all`` by decoding every
event (the slow path).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Protocol

from timeline.domain.envelope import RecordedEvent
from timeline.domain.events import EVENT_MODELS, ArticleIngested
from timeline.domain.fold import check_known, event_negotiations
from timeline.errors import ProjectionError

INDEX_PROJECTION = "negotiation_index"
"""The read model index rows feed (named in the errors an unknown type raises)."""

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
        raise ProjectionError(
            INDEX_PROJECTION, f"unknown event type {type_name!r}", position=position
        )


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
