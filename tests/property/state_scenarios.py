"""Hypothesis strategies: stores of arbitrary valid events, built from the real event models.

A *scenario* is a few articles (each an ``article_ingested`` event with its own text) and the
appends a store receives: every negotiation event type, every date precision (and undated),
unknown, single or joint actors, several negotiations, answers naming proposals that exist or
not, retractions and analysts' judgements of events that exist or not, world dates in no
relation to store order, evidence quoting real substrings of the articles' texts (sometimes
another article's), and appends of several streams interleaved. Events are validated by
their pydantic models, so everything here is an event the store accepts.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, get_args
from uuid import UUID

from hypothesis import strategies as st

from timeline.domain.envelope import NewEvent
from timeline.domain.events import (
    ArticleIngested,
    CounterProposalMade,
    EventConfirmed,
    EventRejected,
    EventRetracted,
    JointStudyProposed,
    MeetingHeld,
    NegotiationEvent,
    NegotiationEventUnion,
    ProposalAccepted,
    ProposalMade,
    ProposalRejected,
    RoundScheduled,
    TerminationClauseCited,
    TradeFigureReported,
)
from timeline.domain.values import Derivation, Evidence, WorldDate

NEGOTIATIONS = ("korus", "nafta", "unassigned", "talks-not-in-the-catalog")
PARTIES = ("US", "KR", "EU", "CN")
JOINT = ("KR+US", "CA+MX+US", "EU+US")
OUTLETS = (None, "Daily One", "daily one", "Evening Two")
WIRES = (None, "Wire A", "wire a ")
WORDS = (
    *("amend", "agreement", "deal", "study", "review", "tariffs", "autos", "steel", "beef"),
    *("quota", "deficit", "talks", "round", "meeting", "reject", "proposal", "offer"),
    *("revise", "terms", "joint", "effects", "impact", "trade", "the", "of", "to", "a"),
)
RULES = ("rule.alpha", "rule.beta", "manual")

NEGOTIATION_TYPES: tuple[type[NegotiationEvent], ...] = get_args(NegotiationEventUnion)
"""Every negotiation event type, from the union the codec decodes (a new type is generated too)."""


@dataclass(frozen=True)
class Append:
    """One atomic append: a stream and its events, in order."""

    stream: str
    events: tuple[NewEvent, ...]
    catch_up_after: bool

    def describe(self) -> str:
        lines = [f"append to {self.stream}{' (then catch up)' if self.catch_up_after else ''}:"]
        lines += [f"  {describe(new)}" for new in self.events]
        return "\n".join(lines)


@dataclass(frozen=True)
class Scenario:
    """The appends a store receives, in order, and the world dates worth asking about."""

    appends: tuple[Append, ...]
    dates: tuple[date, ...]

    def describe(self) -> str:
        return "\n".join(append.describe() for append in self.appends)

    @property
    def busiest(self) -> str:
        """The negotiation with the most events (the first by name among equals)."""
        counts: dict[str, int] = {}
        for append in self.appends:
            for new in append.events:
                if isinstance(new.event, NegotiationEvent):
                    counts[new.event.negotiation] = counts.get(new.event.negotiation, 0) + 1
        return min(counts, key=lambda name: (-counts[name], name), default="korus")

    @property
    def negotiations(self) -> set[str]:
        names = set()
        for append in self.appends:
            for new in append.events:
                event = new.event
                if isinstance(event, NegotiationEvent | EventRetracted):
                    names.add(event.negotiation)
                elif isinstance(event, ArticleIngested):
                    names.update((event.negotiation, *event.negotiations))
        return names


def describe(new: NewEvent) -> str:
    """One line per event: what a reader needs to rebuild a failing example."""
    event = new.event
    short = new.event_id.hex[:8]
    if isinstance(event, ArticleIngested):
        return (
            f"{short} article {event.article_id} published {event.published} "
            f"under {event.negotiation} {event.negotiations} outlet={event.outlet!r} "
            f"wire={event.wire!r} text={event.text!r}"
        )
    if isinstance(event, EventRetracted):
        return f"{short} retracts {event.retracted_event_id.hex[:8]} in {event.negotiation}"
    if isinstance(event, EventRejected | EventConfirmed):
        return f"{short} {event.type} {event.judged_event_id.hex[:8]} in {event.negotiation}"
    assert isinstance(event, NegotiationEvent)
    extra = event.model_dump(
        mode="json",
        exclude=set(NegotiationEvent.model_fields) | {"type"},
        exclude_defaults=True,
    )
    quotes = [(e.article_id, e.start, e.end) for e in event.evidence]
    return (
        f"{short} {event.type} [{event.negotiation}] {event.actor}->{event.target} "
        f"occurred={event.occurred} until={event.occurred_until} reported={event.reported_on} "
        f"{event.polarity}/{event.modality} subject={event.subject!r} {extra} evidence={quotes}"
    )


def world_dates(min_year: int = 2010, max_year: int = 2021) -> st.SearchStrategy[WorldDate]:
    """Dates known to the day, the month or the year; now and then at the calendar's edges."""
    day = st.dates(date(min_year, 1, 1), date(max_year, 12, 31)).map(WorldDate.of_day)
    month = st.builds(WorldDate, year=st.integers(min_year, max_year), month=st.integers(1, 12))
    year = st.builds(WorldDate, year=st.integers(min_year, max_year))
    edges = (date.min, date.max)
    edge = st.sampled_from(
        [WorldDate(year=1), WorldDate(year=9999, month=12), *map(WorldDate.of_day, edges)]
    )
    return st.one_of(day, month, year, day, month, year, edge)


def parties(allow_none: bool = True) -> st.SearchStrategy[str | None]:
    codes = st.sampled_from((*PARTIES, *JOINT))
    return st.one_of(st.none(), codes) if allow_none else codes


subjects = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(" ".join)
texts = st.lists(st.sampled_from(WORDS), min_size=6, max_size=30).map(" ".join)


@dataclass(frozen=True)
class _Article:
    article_id: str
    text: str
    published: date


@st.composite
def evidence(draw: st.DrawFn, articles: Sequence[_Article], own: _Article) -> Evidence:
    """A real span of the article's text (now and then of another article's)."""
    article = own
    if len(articles) > 1 and draw(st.integers(0, 5)) == 0:
        article = draw(st.sampled_from(articles))
    start = draw(st.integers(0, len(article.text) - 1))
    end = draw(st.integers(start + 1, min(len(article.text), start + 60)))
    return Evidence(
        article_id=article.article_id, start=start, end=end, quote=article.text[start:end]
    )


def _extra_fields(
    kind: type[NegotiationEvent], references: Sequence[str]
) -> st.SearchStrategy[dict[str, Any]]:
    """The fields of one event type beyond the common ones."""
    answers = st.one_of(st.none(), st.sampled_from([*references, "p-0000000000", "no such"]))
    fields: dict[str, st.SearchStrategy[Any]] = {}
    if kind in (ProposalMade, CounterProposalMade, JointStudyProposed):
        fields["terms"] = st.one_of(st.none(), subjects)
    if kind in (ProposalRejected, ProposalAccepted, CounterProposalMade, JointStudyProposed):
        fields["answers"] = answers
    if kind is TerminationClauseCited:
        fields["invocable_by"] = st.one_of(st.none(), st.just("any"), st.sampled_from(PARTIES))
        fields["notice_days"] = st.one_of(st.none(), st.integers(0, 400), st.integers(0, 10**7))
        fields["invoked"] = st.booleans()
    if kind in (MeetingHeld, RoundScheduled):
        fields["location"] = st.one_of(st.none(), st.sampled_from(["Seoul", "Washington"]))
    if kind is RoundScheduled:
        fields["scheduled_for"] = st.one_of(st.none(), world_dates())
    if kind is TradeFigureReported:
        fields["measure"] = st.sampled_from(
            ["goods_deficit", "trade deficit", "Trade Surplus", "partner rank", "x"]
        )
        fields["value"] = st.floats(-1e12, 1e12, allow_nan=False, allow_infinity=False)
        fields["unit"] = st.sampled_from(["USD bn", "usd bn ", "%", "rank"])
        fields["period"] = st.one_of(st.none(), world_dates())
        fields["economy"] = parties()
        fields["partner"] = parties()
        fields["derived_from"] = st.one_of(st.none(), subjects)
    return st.fixed_dictionaries(fields)


@st.composite
def negotiation_event(
    draw: st.DrawFn, articles: Sequence[_Article], own: _Article, references: Sequence[str]
) -> NegotiationEvent:
    """One valid event of any negotiation type, quoting ``own`` (mostly)."""
    kind = draw(st.sampled_from(NEGOTIATION_TYPES))
    occurred = draw(st.one_of(st.none(), world_dates()))
    until = draw(st.one_of(st.none(), world_dates())) if occurred and draw(st.booleans()) else None
    reported = own.published if draw(st.integers(0, 4)) else draw(st.dates(date(2010, 1, 1)))
    return kind(
        negotiation=draw(st.sampled_from(NEGOTIATIONS)),
        actor=draw(parties()),
        target=draw(parties()),
        subject=draw(subjects),
        occurred=occurred,
        occurred_until=until,
        reported_on=reported,
        polarity=draw(st.sampled_from(["positive", "positive", "negative"])),
        modality=draw(st.sampled_from(["asserted", "asserted", "possible", "conditional"])),
        evidence=tuple(
            draw(st.lists(evidence(articles, own), min_size=1, max_size=2, unique=True))
        ),
        derivation=Derivation(
            rule_id=draw(st.sampled_from(RULES)),
            extractor_version="test",
            confidence=draw(st.sampled_from([1.0, 0.9, 0.5])),
        ),
        **draw(_extra_fields(kind, references)),
    )


def _references(made: Sequence[NewEvent]) -> list[str]:
    """Names an explicit ``answers`` may use: event ids, fact ids and proposal ids."""
    out: list[str] = []
    for new in made[-6:]:
        out += [str(new.event_id), f"f-{new.event_id.hex[:10]}", f"p-{new.event_id.hex[:10]}"]
    return out


@st.composite
def scenarios(draw: st.DrawFn, max_articles: int = 4, max_events: int = 6) -> Scenario:
    """A store's worth of valid events, appended stream by stream in an arbitrary order.

    The order of appends is drawn first: each article's stream gets one or two appends (its
    ``article_ingested`` first), a stream of hand-recorded events and one of retractions
    get some too, interleaved. Events are then made in that order, so evidence quotes its
    own article or one already ingested, and retractions name events already appended (or
    none at all), as a real store has them.
    """
    counter = iter(range(1, 1_000_000))

    def new_id() -> UUID:
        return UUID(int=next(counter))

    count = draw(st.integers(1, max_articles))
    articles = [
        _Article(f"art-{index}", draw(texts), draw(st.dates(date(2010, 1, 1), date(2021, 12, 31))))
        for index in range(count)
    ]
    plan: dict[str, int] = {f"article:{a.article_id}": draw(st.integers(1, 2)) for a in articles}
    plan["manual:recorded.jsonl"] = draw(st.integers(0, 2))
    plan["manual:retractions"] = draw(st.integers(0, 2))
    plan["manual:judgements"] = draw(st.integers(0, 2))
    order = _interleave(draw, {name: n for name, n in plan.items() if n})
    by_stream = {f"article:{a.article_id}": a for a in articles}

    ingested: list[_Article] = []
    made: list[NewEvent] = []
    appends: list[Append] = []
    for stream in order:
        batch: list[NewEvent] = []
        article = by_stream.get(stream)
        if article is not None and article not in ingested:
            batch.append(_ingestion(draw, article, new_id()))
            ingested.append(article)
        if stream == "manual:retractions":
            for _ in range(draw(st.integers(1, 3))):
                batch.append(_retraction(draw, made, articles, new_id()))
        elif stream == "manual:judgements":
            for _ in range(draw(st.integers(1, 3))):
                batch.append(_judgement(draw, made, articles, new_id()))
        elif ingested:
            own = article or draw(st.sampled_from(ingested))
            for _ in range(draw(st.integers(0 if article else 1, max_events))):
                event = draw(negotiation_event(ingested, own, _references(made)))
                batch.append(NewEvent(event_id=new_id(), event=event))
                made.append(batch[-1])
        if batch:
            appends.append(Append(stream, tuple(batch), draw(st.booleans())))
    return Scenario(appends=tuple(appends), dates=_interesting_dates(draw, appends))


def _ingestion(draw: st.DrawFn, article: _Article, event_id: UUID) -> NewEvent:
    home = draw(st.sampled_from(NEGOTIATIONS))
    also = draw(st.lists(st.sampled_from(NEGOTIATIONS), max_size=2, unique=True))
    return NewEvent(
        event_id=event_id,
        event=ArticleIngested(
            article_id=article.article_id,
            published=article.published,
            outlet=draw(st.sampled_from(OUTLETS)),
            wire=draw(st.sampled_from(WIRES)),
            negotiation=home,
            negotiations=tuple(n for n in also if n != home),
            text=article.text,
            sha256=hashlib.sha256(article.text.encode()).hexdigest(),
            extractor_version="test",
        ),
    )


def _retraction(
    draw: st.DrawFn, made: Sequence[NewEvent], articles: Sequence[_Article], event_id: UUID
) -> NewEvent:
    """A retraction of an event already appended (in its negotiation, mostly), or of none."""
    target = draw(st.one_of(st.sampled_from(made), st.none())) if made else None
    if (
        target is not None
        and isinstance(target.event, NegotiationEvent)
        and draw(st.integers(0, 3))
    ):
        negotiation = target.event.negotiation
    else:
        negotiation = draw(st.sampled_from(NEGOTIATIONS))
    return NewEvent(
        event_id=event_id,
        event=EventRetracted(
            retracted_event_id=target.event_id if target else UUID(int=999_999),
            negotiation=negotiation,
            article_id=draw(st.sampled_from(articles)).article_id,
            reason="not derived by a newer extractor",
            extractor_version="test-2",
        ),
    )


def _judgement(
    draw: st.DrawFn, made: Sequence[NewEvent], articles: Sequence[_Article], event_id: UUID
) -> NewEvent:
    """An analyst's rejection or confirmation of an event already appended (in its
    negotiation, mostly), or of none."""
    target = draw(st.one_of(st.sampled_from(made), st.none())) if made else None
    negotiation = draw(st.sampled_from(NEGOTIATIONS))
    if (
        target is not None
        and isinstance(target.event, NegotiationEvent)
        and draw(st.integers(0, 3))
    ):
        negotiation = target.event.negotiation
    fields = {
        "judged_event_id": target.event_id if target else UUID(int=999_998),
        "negotiation": negotiation,
        "article_id": draw(st.sampled_from(articles)).article_id,
        "event_type": target.event.type if target else "meeting_held",
        "quote": "a quote",
        "analyst": draw(st.sampled_from(["alice", "bob"])),
        "reason": "misread",
    }
    model = draw(st.sampled_from([EventRejected, EventConfirmed]))
    return NewEvent(event_id=event_id, event=model.model_validate(fields))


def _interleave(draw: st.DrawFn, pending: dict[str, int]) -> list[str]:
    """Each stream named as many times as it has appends, streams interleaved at random."""
    out: list[str] = []
    left = dict(pending)
    while left:
        name = draw(st.sampled_from(sorted(left)))
        out.append(name)
        left[name] -= 1
        if not left[name]:
            del left[name]
    return out


def _interesting_dates(draw: st.DrawFn, appends: Sequence[Append]) -> tuple[date, ...]:
    """World dates at the edges of the events' dates (first and last days), plus one drawn."""
    edges: set[date] = set()
    for append in appends:
        for new in append.events:
            event = new.event
            if isinstance(event, NegotiationEvent):
                when = event.occurred or WorldDate.of_day(event.reported_on)
                edges.update((when.first_day(), when.last_day()))
    chosen = sorted(edges)
    if len(chosen) > 2:
        chosen = draw(st.lists(st.sampled_from(chosen), min_size=2, max_size=2, unique=True))
    chosen.append(draw(st.one_of(st.dates(date(2009, 1, 1), date(2022, 12, 31)), st.dates())))
    return tuple(sorted(set(chosen)))
