"""The fold's mutable accumulator: facts indexed by event id, articles, retractions and
analysts' judgements.

Applying an event is O(1): it only files the event. Every derived view (consolidation,
proposal lifecycle, status) is recomputed from the filed facts when the state is rendered,
so a retraction simply removes the retracted event's fact and the state behaves as if the
event had never been derived.

Judgements (``event_rejected``, ``event_confirmed``) are folded the same way, and the
latest judgement of an event decides:

- a rejection sets the event's fact aside (``set_aside``): like a retraction, nothing
  rendered from the facts sees it (proposals, status, figures, support, chronology), but
  the judgement is kept and shown (``NegotiationState.judgements``);
- a confirmation files the fact again if a rejection had set it aside, and marks it
  ``confirmed_by`` the analyst, which grades its facts ``confirmed``
  (:mod:`timeline.domain.support`);
- judging an event that a re-derivation retracted (before or after the judgement) changes
  nothing but the list of judgements, which says the event is retracted. An event that is
  derived again unchanged keeps its id, so its judgements go on applying.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from dataclasses import fields as dataclass_fields
from datetime import date, datetime
from operator import itemgetter
from typing import TYPE_CHECKING, Any, TypeVar, dataclass_transform
from uuid import UUID

from timeline.domain.envelope import RecordedEvent
from timeline.domain.events import (
    EVENT_MODELS,
    ArticleIngested,
    ArticleRederived,
    EventConfirmed,
    EventJudged,
    EventRejected,
    EventRetracted,
    NegotiationEvent,
)
from timeline.domain.subjects import KeyWords
from timeline.domain.values import WorldDate
from timeline.domain.views import Judgement, trusted
from timeline.errors import ProjectionError

if TYPE_CHECKING:  # consolidation imports this module
    from timeline.domain.consolidation import Grouping, ReportSources

PROJECTION = "negotiation_state"


_Record = TypeVar("_Record")


@dataclass_transform(frozen_default=True)
def record(cls: type[_Record]) -> type[_Record]:
    """The fold's per-event records (a report, its quotes, the filed fact, an article's
    metadata): frozen to the type checker, plain slotted dataclasses at run time
    (``__hash__`` and ``__eq__`` by value, as frozen ones). A frozen dataclass sets each
    field through ``object.__setattr__``; for the 25 fields of a :class:`Report` that made
    building one cost as much as validating its event (11 µs against 1 µs on the
    benchmark's machine).
    Nothing assigns to them (``mypy --strict`` refuses it); changes go through
    ``dataclasses.replace``. Named tuples build as fast but read their fields three times
    slower, and rendering reads them far more often than the fold builds them.
    """
    return dataclass(slots=True, unsafe_hash=True)(cls)


@record
class ArticleInfo:
    """What the state needs of an article: who published it and which wire it copies (a
    :func:`record`: a fold from a snapshot builds one per article of the negotiation, a
    frozen dataclass's nine ``object.__setattr__`` calls made that five times dearer)."""

    article_id: str
    published: date
    outlet: str | None
    wire: str | None
    negotiation: str
    negotiations: tuple[str, ...]
    origin: str
    """The independent origin: the wire if the article copies one, else the outlet; for the
    same text stored under several ids (a syndicated copy whose wire is not declared), the
    least of the copies' own origins, so the copies count once (see NegotiationFold)."""
    sha256: str | None = None
    """The SHA-256 of the article's text: equal for copies of one text."""
    own_origin: str = ""
    """The origin the article's own metadata gives (wire, else outlet, else the article)."""

    @classmethod
    def make(
        cls,
        *,
        article_id: str,
        published: date,
        outlet: str | None,
        wire: str | None,
        negotiation: str,
        negotiations: tuple[str, ...],
        sha256: str | None,
    ) -> ArticleInfo:
        name = wire or outlet or f"article {article_id}"
        origin = " ".join(name.lower().split())
        return cls(
            article_id=article_id,
            published=published,
            outlet=outlet,
            wire=wire,
            negotiation=negotiation,
            negotiations=negotiations,
            origin=origin,
            sha256=sha256,
            own_origin=origin,
        )

    @classmethod
    def of(cls, event: ArticleIngested) -> ArticleInfo:
        return cls.make(
            article_id=event.article_id,
            published=event.published,
            outlet=event.outlet,
            wire=event.wire,
            negotiation=event.negotiation,
            negotiations=event.negotiations,
            sha256=event.sha256,
        )


@record
class Quote:
    """An evidence span as the fold keeps it (same fields as :class:`Evidence`)."""

    article_id: str
    start: int
    end: int
    quote: str


@record
class Report:
    """What the fold keeps of one negotiation event: an immutable, flat copy of its payload.

    Attributes a type does not have are None (``invoked`` False), so the rendering rules
    read every type the same way. Keeping this instead of the pydantic event cuts the
    memory of a large negotiation's state by more than half. Built once per event, so
    a :func:`record`, like the fold's other per-event records.
    """

    type: str
    actor: tuple[str, ...] | None
    target: tuple[str, ...] | None
    subject: str
    occurred: WorldDate | None
    reported_on: date
    polarity: str
    modality: str
    evidence: tuple[Quote, ...]
    rule_id: str
    confidence: float = 1.0
    terms: str | None = None
    answers: str | None = None
    location: str | None = None
    scheduled_for: WorldDate | None = None
    invocable_by: str | None = None
    notice_days: int | None = None
    invoked: bool = False
    measure: str | None = None
    value: float | None = None
    unit: str | None = None
    period: WorldDate | None = None
    economy: tuple[str, ...] | None = None
    partner: tuple[str, ...] | None = None
    derived_from: str | None = None

    @classmethod
    def of(cls, event: NegotiationEvent) -> Report:
        fields = event.__dict__  # a validated model's fields (attribute access costs more)
        derivation = fields["derivation"].__dict__
        return cls(
            fields["type"],
            fields["actor"],
            fields["target"],
            fields["subject"],
            fields["occurred"],
            fields["reported_on"],
            fields["polarity"],
            fields["modality"],
            tuple([Quote(*_QUOTE_FIELDS(e.__dict__)) for e in fields["evidence"]]),
            derivation["rule_id"],
            derivation["confidence"],
            *_type_fields(type(event), fields),
        )


_TYPE_FIELDS: tuple[tuple[str, object], ...] = tuple(
    (item.name, item.default)
    for item in dataclass_fields(Report)[
        [f.name for f in dataclass_fields(Report)].index("confidence") + 1 :
    ]
)
"""The fields of a report that only some event types have, with their defaults; a type
that has one keeps its value under the same name (a test checks every type's fields)."""

_QUOTE_FIELDS = itemgetter("article_id", "start", "end", "quote")
"""An evidence item's fields as a :class:`Quote` takes them, from its ``__dict__``."""

_TYPE_FIELD_PLACES: dict[
    type[NegotiationEvent], tuple[list[object], tuple[tuple[int, str], ...]]
] = {}
"""For each event class, the defaults of the ``_TYPE_FIELDS`` and the places and names of
those the class declares: a type has one to four of the fourteen, so a report reads only
those of its event (not fourteen lookups of names most types lack)."""


def _type_fields(model: type[NegotiationEvent], fields: dict[str, Any]) -> list[Any]:
    """The values of the ``_TYPE_FIELDS`` in order: the event's own ``fields`` where its
    class declares the field, the default elsewhere."""
    places = _TYPE_FIELD_PLACES.get(model)
    if places is None:
        declared = model.model_fields
        places = _TYPE_FIELD_PLACES[model] = (
            [default for _name, default in _TYPE_FIELDS],
            tuple((i, name) for i, (name, _d) in enumerate(_TYPE_FIELDS) if name in declared),
        )
    defaults, present = places
    values = defaults.copy()
    for index, name in present:
        values[index] = fields[name]
    return values


@record
class AppliedFact:
    """A negotiation event as filed by the fold, with its envelope's position and clock;
    ``confirmed_by`` is the analyst whose confirmation is its latest judgement."""

    position: int
    event_id: UUID
    recorded_at: datetime
    event: Report
    confirmed_by: str | None = None


@dataclass(frozen=True, slots=True)
class FiledJudgement:
    """The latest judgement of one event, as the fold keeps it."""

    verdict: str
    """``rejected`` or ``confirmed``."""
    analyst: str
    reason: str | None
    position: int
    recorded_at: datetime
    event_type: str
    article_id: str
    quote: str

    @classmethod
    def of(cls, recorded: RecordedEvent, event: EventJudged) -> FiledJudgement:
        return cls(
            verdict="rejected" if isinstance(event, EventRejected) else "confirmed",
            analyst=event.analyst,
            reason=event.reason,
            position=recorded.position,
            recorded_at=recorded.recorded_at,
            event_type=event.event_type,
            article_id=event.article_id,
            quote=event.quote,
        )

    def view(self, event_id: UUID, *, retracted: bool) -> Judgement:
        """This judgement of event ``event_id`` as the state shows it."""
        return trusted(
            Judgement,
            event_id=event_id,
            verdict=self.verdict,
            analyst=self.analyst,
            reason=self.reason,
            judged_at=self.recorded_at,
            position=self.position,
            event_type=self.event_type,
            article_id=self.article_id,
            quote=self.quote,
            retracted=retracted,
        )


def event_negotiations(event: object) -> tuple[str, ...]:
    """The negotiations an event belongs to (an article may name several)."""
    if isinstance(event, NegotiationEvent):
        return (event.negotiation,)
    if isinstance(event, ArticleIngested | ArticleRederived):
        return (event.negotiation, *event.negotiations)
    if isinstance(event, EventRetracted | EventJudged):
        return (event.negotiation,)
    return ()


def rejected_ids(events: Iterable[RecordedEvent]) -> set[UUID]:
    """The ids of the events whose latest judgement among ``events`` is a rejection."""
    latest: dict[UUID, bool] = {}
    for recorded in sorted(events, key=lambda r: r.position):
        event = recorded.event
        if isinstance(event, EventRejected | EventConfirmed):
            latest[event.judged_event_id] = isinstance(event, EventRejected)
    return {event_id for event_id, rejected in latest.items() if rejected}


def check_known(recorded: RecordedEvent) -> None:
    """Raise ProjectionError unless the event's type is one the fold knows how to apply."""
    event = recorded.event
    model = EVENT_MODELS.get(event.type)
    if model is None or not isinstance(event, model):
        raise ProjectionError(
            PROJECTION,
            f"unknown event type {event.type!r} (event {recorded.event_id})",
            position=recorded.position,
        )


class NegotiationFold:
    """The accumulated facts of one negotiation.

    Invariants: ``facts`` holds exactly the applied events of this negotiation that are
    neither retracted nor rejected by their latest judgement, keyed by event id (render
    orders them by position); ``set_aside`` holds the rejected ones; ``retracted`` maps
    every retracted event id seen so far to the position of its retraction; ``judgements``
    maps every judged event id to its latest judgement; ``articles`` holds every article
    seen (of any negotiation: evidence may cite an article filed under another one).
    With a ``horizon`` (an ``as_of`` date), facts dated after it are not filed at all: a
    state rendered as of that date or earlier is the same, and memory stays bounded.
    """

    __slots__ = (
        "applied_position",
        "articles",
        "copies",
        "events_applied",
        "facts",
        "grouping",
        "horizon",
        "judgements",
        "lifecycle",
        "negotiation",
        "retracted",
        "set_aside",
        "sources",
        "words",
    )

    def __init__(
        self,
        negotiation: str,
        articles: dict[str, ArticleInfo] | None = None,
        *,
        horizon: date | None = None,
        words: KeyWords | None = None,
    ) -> None:
        self.negotiation = negotiation
        self.horizon = horizon
        # The memo of subjects' key words rendering uses (timeline.domain.subjects).
        self.words = KeyWords() if words is None else words
        self.articles: dict[str, ArticleInfo] = {}
        self.copies: dict[str, set[str]] = {}
        for info in (articles or {}).values():
            self.file_article(info)
        self.facts: dict[UUID, AppliedFact] = {}
        self.retracted: dict[UUID, int] = {}
        self.judgements: dict[UUID, FiledJudgement] = {}
        self.set_aside: dict[UUID, AppliedFact] = {}
        self.applied_position = 0
        self.events_applied = 0
        self.grouping: Grouping | None = None
        """How consolidation grouped facts of a snapshot this fold started from (rendering
        checks which still hold: :class:`timeline.domain.consolidation.Grouping`)."""
        self.sources: ReportSources | None = None
        """The sources of the reports of that snapshot, kept with its records (rendering
        builds each report's once: :class:`timeline.domain.consolidation.ReportSources`);
        not copied (a copy renders its own)."""
        self.lifecycle: Sequence[Any] | None = None
        """What the proposal lifecycle read and decided at each step in that snapshot
        (rendering takes the decisions of the steps that still read alike:
        :func:`timeline.domain.proposals.lifecycle_log`)."""

    def file_article(self, info: ArticleInfo) -> None:
        """Keep an article's metadata; copies of one text under several ids share one
        origin (the least of their own), as copies of a declared wire do."""
        self.articles[info.article_id] = info
        if info.sha256 is None:
            return
        same_text = self.copies.setdefault(info.sha256, set())
        same_text.add(info.article_id)
        if len(same_text) > 1:
            origin = min(self.articles[a].own_origin or self.articles[a].origin for a in same_text)
            for article_id in same_text:
                self.articles[article_id] = replace(self.articles[article_id], origin=origin)

    def copy(self) -> NegotiationFold:
        """An independent accumulator with the same content (facts themselves are immutable)."""
        twin = NegotiationFold(
            self.negotiation, dict(self.articles), horizon=self.horizon, words=self.words
        )
        twin.facts = dict(self.facts)
        twin.retracted = dict(self.retracted)
        twin.judgements = dict(self.judgements)
        twin.set_aside = dict(self.set_aside)
        twin.applied_position = self.applied_position
        twin.events_applied = self.events_applied
        twin.grouping = self.grouping
        twin.lifecycle = self.lifecycle
        return twin

    def apply(self, recorded: RecordedEvent) -> bool:
        """File one recorded event; True when it concerns this negotiation.

        Raises ProjectionError for an event type the fold does not know.
        """
        # the envelope's fields, read once (a model's attributes cost more to read)
        envelope = recorded.__dict__
        event = envelope["event"]
        if isinstance(event, NegotiationEvent):
            check_known(recorded)
            if event.negotiation != self.negotiation:
                return False
            event_id = envelope["event_id"]
            position = envelope["position"]
            if event_id not in self.retracted and not self._beyond(event):
                self._file(
                    AppliedFact(position, event_id, envelope["recorded_at"], Report.of(event))
                )
            self._count(position)
            return True
        if isinstance(event, ArticleIngested):
            self.file_article(ArticleInfo.of(event))
            mine = self.negotiation in event_negotiations(event)
            if mine:
                self._count(recorded.position)
            return mine
        if isinstance(event, ArticleRederived):  # the article may now be filed elsewhere
            info = self.articles.get(event.article_id)
            if info is not None:
                self.articles[event.article_id] = replace(
                    info, negotiation=event.negotiation, negotiations=event.negotiations
                )
            mine = self.negotiation in event_negotiations(event)
            if mine:
                self._count(recorded.position)
            return mine
        if isinstance(event, EventRetracted):
            if event.negotiation != self.negotiation:
                return False  # the index files a retraction under the negotiation it names
            self.facts.pop(event.retracted_event_id, None)
            self.set_aside.pop(event.retracted_event_id, None)
            self.retracted[event.retracted_event_id] = recorded.position
            self._count(recorded.position)
            return True
        if isinstance(event, EventRejected | EventConfirmed):
            if event.negotiation != self.negotiation:
                return False
            judged = event.judged_event_id
            self.judgements[judged] = FiledJudgement.of(recorded, event)
            fact = self.facts.pop(judged, None) or self.set_aside.pop(judged, None)
            if fact is not None:
                self._file(fact)
            self._count(recorded.position)
            return True
        check_known(recorded)
        raise ProjectionError(  # a known type the fold forgot to handle: a bug, never skipped
            PROJECTION, f"no rule applies event type {event.type!r}", position=recorded.position
        )

    def _file(self, fact: AppliedFact) -> None:
        """File a fact under its event's latest judgement: set aside when rejected, marked
        ``confirmed_by`` when confirmed."""
        # most folds have no judgement: the id (whose hash is computed in Python) is looked up
        # only when one has
        judgements = self.judgements
        judgement = judgements.get(fact.event_id) if judgements else None
        if judgement is not None and judgement.verdict == "rejected":
            self.set_aside[fact.event_id] = replace(fact, confirmed_by=None)
            return
        analyst = judgement.analyst if judgement is not None else None
        if fact.confirmed_by != analyst:
            fact = replace(fact, confirmed_by=analyst)
        self.facts[fact.event_id] = fact

    def _beyond(self, event: NegotiationEvent) -> bool:
        """True when the event's world date starts after the horizon (never rendered then)."""
        if self.horizon is None:
            return False
        when = event.occurred.first_day() if event.occurred is not None else event.reported_on
        return when > self.horizon

    def _count(self, position: int) -> None:
        """One more event applied, at store ``position``."""
        self.events_applied += 1
        if position > self.applied_position:
            self.applied_position = position
