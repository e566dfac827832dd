"""The negotiation state projected from recorded events, as of a date, as known at a time."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from timeline.domain.envelope import RecordedEvent
from timeline.domain.events import ArticleIngested, NegotiationEvent
from timeline.domain.fold import ArticleInfo, NegotiationFold, check_known, event_negotiations
from timeline.domain.state import state_of
from timeline.domain.subjects import KeyWords
from timeline.domain.views import NegotiationState

KnownAt = int | datetime
"""What the store knew: up to a position (``int``) or up to a ``recorded_at`` timestamp."""


def known(events: Iterable[RecordedEvent], known_at: KnownAt | None) -> Iterator[RecordedEvent]:
    """The events the store had recorded at ``known_at`` (all when None)."""
    if known_at is None:
        yield from events
    elif isinstance(known_at, datetime):
        for recorded in events:
            if recorded.recorded_at <= known_at:
                yield recorded
    else:
        for recorded in events:
            if recorded.position <= known_at:
                yield recorded


@dataclass(frozen=True, slots=True)
class History:
    """What ``state`` and ``replay`` fold for one negotiation: its events as the store knew
    them, in store order, and the articles their evidence cites that are filed under other
    negotiations (so sources name their outlet and wire however the events are folded).

    Invariant: ``events`` are in position order; ``articles`` holds only articles cited by
    the events' evidence and ingested by no event of ``events``.
    """

    negotiation: str
    events: tuple[RecordedEvent, ...]
    articles: Mapping[str, ArticleInfo] = field(default_factory=dict)

    def fold(
        self, *, horizon: date | None = None, words: KeyWords | None = None
    ) -> NegotiationFold:
        """The events filed into one accumulator that starts with the cited articles
        (rendering it looks subjects' key words up in ``words``, a fresh memo by default)."""
        return fold_negotiation(
            self.events, self.negotiation, horizon=horizon, articles=self.articles, words=words
        )


def cited_elsewhere(events: Iterable[RecordedEvent]) -> set[str]:
    """The article ids the events' evidence cites that no ``article_ingested`` among them
    ingests."""
    cited: set[str] = set()
    ingested: set[str] = set()
    for recorded in events:
        event = recorded.event
        if isinstance(event, NegotiationEvent):
            cited.update(evidence.article_id for evidence in event.evidence)
        elif isinstance(event, ArticleIngested):
            ingested.add(event.article_id)
    return cited - ingested


def fold_negotiation(
    events: Iterable[RecordedEvent],
    negotiation: str,
    *,
    known_at: KnownAt | None = None,
    horizon: date | None = None,
    articles: Mapping[str, ArticleInfo] | None = None,
    words: KeyWords | None = None,
) -> NegotiationFold:
    """File every event known at ``known_at`` into one negotiation's accumulator.

    With ``horizon``, facts dated after it are not filed (render as of it or earlier);
    ``articles`` are known before the first event (articles of other negotiations).
    """
    fold = NegotiationFold(negotiation, dict(articles or {}), horizon=horizon, words=words)
    apply = fold.apply
    for recorded in known(events, known_at):
        apply(recorded)
    return fold


def project(
    events: Iterable[RecordedEvent],
    negotiation: str,
    *,
    as_of: date | None = None,
    known_at: KnownAt | None = None,
) -> NegotiationState:
    """The state of ``negotiation`` as of the world date ``as_of``, as known at ``known_at``.

    ``events`` may hold other negotiations' events and ``article_ingested`` events: they are
    filtered here. Raises ProjectionError on an event type the fold does not know.
    """
    fold = fold_negotiation(events, negotiation, known_at=known_at, horizon=as_of)
    return state_of(fold, as_of)


def negotiations_in(events: Iterable[RecordedEvent]) -> set[str]:
    """Every negotiation the events mention (including ``unassigned``)."""
    names: set[str] = set()
    for recorded in events:
        check_known(recorded)
        names.update(event_negotiations(recorded.event))
    return names
