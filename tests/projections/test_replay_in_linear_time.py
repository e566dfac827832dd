"""Replay keeps each part of the state incrementally (figure buckets value by value, the
proposal lifecycle without going back for a report joining a group, the next meeting from
the meetings held since the latest schedule, the agreement from its milestones as they
change): on both databases, with every type interleaved, out-of-order dates, retractions,
judgements and ``as_of`` horizons, it gives the changes a from-scratch replay gives, and its
live flattened state equals a full render after every event."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import date, timedelta

import pytest

from timeline.app import Timeline
from timeline.audit import diff, flat, replay
from timeline.domain.envelope import NewEvent, RecordedEvent
from timeline.domain.events import (
    AgreementInForce,
    AgreementSigned,
    ArticleIngested,
    CounterProposalMade,
    EventConfirmed,
    EventRejected,
    EventRetracted,
    MeetingHeld,
    NegotiationEvent,
    PositionStated,
    ProposalAccepted,
    ProposalMade,
    ProposalRejected,
    RoundScheduled,
    TerminationClauseCited,
    TradeFigureReported,
)
from timeline.domain.fold import NegotiationFold
from timeline.domain.render import render
from timeline.domain.values import Derivation, Evidence
from timeline.incremental import LiveRender
from timeline.store.memory import InMemoryRecorder

NEGOTIATION = "korus"
START = date(2018, 1, 1)
OUTLETS = ("Daily One", "Evening Two", "Weekly Three")
TOPICS = ("auto tariffs", "steel quota", "beef access", "currency rules")
WORDS = (
    *("trade", "talks", "tariff", "deal", "ministers", "round"),
    *("agreement", "quota", "autos", "steel", "beef", "review"),
)


class Feed:
    """A deterministic feed of articles about one negotiation, each with several events of
    every kind, dated up to a week before publication (so lifecycle and meetings arrive out
    of date order), with retractions, rejections and confirmations of earlier events, and
    answers that name an earlier proposal report by its event id."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.made: list[tuple[uuid.UUID, ProposalMade]] = []
        self.derived: list[tuple[uuid.UUID, NegotiationEvent]] = []
        self.future: uuid.UUID | None = None
        """The id of a proposal report an answer already named (it comes later)."""

    def _id(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def articles(self, count: int) -> Iterator[tuple[str, list[NewEvent]]]:
        for number in range(count):
            yield self._article(number)

    def _article(self, number: int) -> tuple[str, list[NewEvent]]:
        rng = self.rng
        article_id = f"feed-{number:04d}"
        day = START + timedelta(days=number // 3)
        text = " ".join(rng.choices(WORDS, k=120))
        events = [
            NewEvent(
                event_id=self._id(),
                event=ArticleIngested(
                    article_id=article_id,
                    published=day,
                    outlet=rng.choice(OUTLETS),
                    wire="Wire A" if rng.random() < 0.2 else None,
                    negotiation=NEGOTIATION,
                    text=text,
                    sha256=f"{number:064x}",
                    extractor_version="test",
                ),
            )
        ]
        for _ in range(rng.randint(3, 7)):
            events.append(self._event(article_id, text, day))
        return f"article-{article_id}", events

    def _event(self, article_id: str, text: str, day: date) -> NewEvent:
        rng = self.rng
        roll = rng.random()
        if roll < 0.06 and self.derived:
            target_id, target = rng.choice(self.derived)
            judged = {
                "judged_event_id": target_id,
                "negotiation": NEGOTIATION,
                "article_id": target.evidence[0].article_id,
                "event_type": target.type,
                "quote": target.evidence[0].quote,
                "analyst": "ana",
            }
            event: object = (
                EventRejected(**judged, reason="misread")
                if rng.random() < 0.5
                else EventConfirmed(**judged)
            )
            return NewEvent(event_id=self._id(), event=event)  # type: ignore[arg-type]
        if roll < 0.1 and self.derived:
            schedules = [i for i, (_, e) in enumerate(self.derived) if e.type == "round_scheduled"]
            if schedules and rng.random() < 0.4:  # the latest schedule statement, often
                target_id, _target = self.derived.pop(schedules[-1])
            else:
                target_id, _target = self.derived.pop(rng.randrange(len(self.derived)))
            return NewEvent(
                event_id=self._id(),
                event=EventRetracted(
                    retracted_event_id=target_id,
                    negotiation=NEGOTIATION,
                    article_id=article_id,
                    reason="no longer derived",
                    extractor_version="test-2",
                ),
            )
        a, b = ("US", "KR") if rng.random() < 0.5 else ("KR", "US")
        topic = rng.choice(TOPICS)
        start = rng.randrange(0, len(text) - 60)
        common = {
            "negotiation": NEGOTIATION,
            "actor": a,
            "target": b,
            "occurred": day - timedelta(days=rng.choice((0, 0, 1, 3, 7))),
            "reported_on": day,
            "evidence": (
                Evidence(
                    article_id=article_id,
                    start=start,
                    end=start + 50,
                    quote=text[start : start + 50],
                ),
            ),
            "derivation": Derivation(
                rule_id="test.rule", extractor_version="test", confidence=rng.choice((0.6, 0.9))
            ),
        }
        kind = rng.choice(
            (
                "proposal",
                "proposal",
                "rejected",
                "accepted",
                "counter",
                "position",
                "figure",
                "figure",
                "held",
                "scheduled",
                "signed",
                "in_force",
                "termination",
            )
        )
        event: NegotiationEvent
        if kind == "proposal":
            event = ProposalMade(
                **common,
                subject=f"{a} proposes to amend the {topic}",
                polarity="negative" if rng.random() < 0.1 else "positive",
            )
        elif kind in ("rejected", "accepted"):
            answers = None
            if self.made and rng.random() < 0.2:
                answers = str(rng.choice(self.made)[0])
            elif rng.random() < 0.1:  # a report not stored yet
                self.future = self.future or self._id()
                answers = str(self.future)
            model = ProposalRejected if kind == "rejected" else ProposalAccepted
            event = model(**common, subject=f"{a} answers the {topic} proposal", answers=answers)
        elif kind == "counter":
            event = CounterProposalMade(**common, subject=f"{a} counters on the {topic}")
        elif kind == "position":
            event = PositionStated(**common, subject=f"{a} states its view on the {topic}")
        elif kind == "figure":
            named = rng.random()
            event = TradeFigureReported(
                **{**common, "target": None},
                subject="a trade figure",
                measure=rng.choice(("goods_deficit", "services_surplus")),
                value=rng.choice((17.5, 17.5, 22.9, 9.3)),
                unit="billion USD",
                period=rng.choice(("2016", "2017")),
                economy=None if named < 0.3 else ("US" if named < 0.9 else "KR"),
                partner=None if named < 0.3 else ("KR" if named < 0.9 else "US"),
            )
        elif kind == "held":
            event = MeetingHeld(
                **{**common, "actor": "KR+US", "target": None}, subject=f"talks on the {topic}"
            )
        elif kind == "scheduled":
            negative = rng.random() < 0.3
            event = RoundScheduled(
                **{**common, "actor": "KR+US", "target": None},
                subject="the next round",
                polarity="negative" if negative else "positive",
                scheduled_for=None if negative else day + timedelta(days=rng.randint(1, 9)),
            )
        elif kind == "signed":
            event = AgreementSigned(
                **{**common, "actor": "KR+US", "target": None}, subject="the amended deal"
            )
        elif kind == "in_force":
            event = AgreementInForce(
                **{**common, "actor": "KR+US", "target": None}, subject="the amended deal"
            )
        else:
            event = TerminationClauseCited(
                **{**common, "actor": None, "target": None},
                subject="the exit clause",
                invocable_by="any",
                notice_days=rng.choice((180, 180, 90)),
                invoked=rng.random() < 0.2,
                modality="asserted",
            )
        event_id = self._id()
        if isinstance(event, ProposalMade) and self.future is not None:
            event_id, self.future = self.future, None
        new = NewEvent(event_id=event_id, event=event)
        self.derived.append((new.event_id, event))
        if isinstance(event, ProposalMade):
            self.made.append((new.event_id, event))
        return new


def _from_scratch(
    events: list[RecordedEvent], as_of: date | None
) -> list[tuple[int, tuple[object, ...]]]:
    fold = NegotiationFold(NEGOTIATION)
    previous = flat(render(fold, as_of))
    out = []
    for recorded in events:
        if fold.apply(recorded):
            current = flat(render(fold, as_of))
            out.append((recorded.position, diff(previous, current)))
            previous = current
    return out


@pytest.fixture(scope="module", params=[3, 11])
def feed(request: pytest.FixtureRequest) -> list[tuple[str, list[NewEvent]]]:
    return list(Feed(request.param).articles(36))


@pytest.fixture
def timeline(database_url: str, feed: list[tuple[str, list[NewEvent]]]) -> Iterator[Timeline]:
    with Timeline.open(database_url) as opened:
        for stream, events in feed:
            opened.recorder.append(stream, events, expected_version=0)
        yield opened


@pytest.mark.parametrize("as_of", [None, START + timedelta(days=6), START - timedelta(days=1)])
def test_replay_on_a_store_equals_replaying_from_scratch(
    timeline: Timeline, as_of: date | None
) -> None:
    recorded = list(timeline.recorder.read_all())
    types = {r.event.type for r in recorded}
    assert {"event_retracted", "event_rejected", "event_confirmed"} <= types
    fast = [(s.position, s.changes) for s in timeline.replay(NEGOTIATION, as_of=as_of)]
    assert fast == _from_scratch(recorded, as_of)
    if as_of is None:
        paths = {c.path.split(".")[0] for _, changes in fast for c in changes}
        assert {"figures", "proposals", "agreement", "termination_clause"} <= paths
        assert {"next_meeting", "status"} <= paths


@pytest.mark.parametrize("as_of", [None, START + timedelta(days=6)])
def test_the_live_state_equals_a_full_render_after_every_event_of_the_feed(
    timeline: Timeline, as_of: date | None
) -> None:
    live = LiveRender(NEGOTIATION, as_of=as_of)
    for recorded in timeline.recorder.read_all():
        live.apply(recorded)
        assert live.flat == flat(render(live.fold, as_of)), recorded.position
    assert live.incremental


def test_the_last_replay_step_is_the_state(timeline: Timeline) -> None:
    steps = list(timeline.replay(NEGOTIATION))
    last = steps[-1].state
    assert last is not None
    assert flat(last) == flat(timeline.state(NEGOTIATION))


def _figure(
    article: str, value: float, *, economy: str | None, partner: str | None, outlet_day: int
) -> NegotiationEvent:
    quote = "the deficit was large"
    return TradeFigureReported(
        negotiation=NEGOTIATION,
        actor=None,
        subject="a trade figure",
        occurred=START + timedelta(days=outlet_day),
        reported_on=START + timedelta(days=outlet_day),
        evidence=(Evidence(article_id=article, start=0, end=len(quote), quote=quote),),
        derivation=Derivation(rule_id="test.figure", extractor_version="test"),
        measure="goods_deficit",
        value=value,
        unit="billion USD",
        period="2017",
        economy=economy,
        partner=partner,
    )


def test_a_figure_bucket_follows_values_joined_disputed_split_and_retracted() -> None:
    """One measure and period: a value, the same value from another origin (corroborated),
    another value (disputed), an unnamed report joining the one named pair, a second pair
    (the figure splits in two), and a retraction (the bucket rebuilt)."""
    reports = [
        (17.5, "US", "KR"),
        (17.5, "US", "KR"),
        (22.9, "US", "KR"),
        (17.5, None, None),
        (9.3, "KR", "US"),
        (17.5, None, None),
    ]
    recorder = InMemoryRecorder()
    ids = []
    for number, (value, economy, partner) in enumerate(reports):
        article = f"fig-{number}"
        figure = NewEvent(
            event_id=uuid.uuid4(),
            event=_figure(article, value, economy=economy, partner=partner, outlet_day=number),
        )
        ids.append(figure.event_id)
        ingested = ArticleIngested(
            article_id=article,
            published=START,
            outlet=OUTLETS[number % 3],
            negotiation=NEGOTIATION,
            text="the deficit was large",
            sha256=f"{number:064x}",
            extractor_version="test",
        )
        recorder.append(
            f"article-{article}",
            [NewEvent(event_id=uuid.uuid4(), event=ingested), figure],
            expected_version=None,
        )
    retraction = EventRetracted(
        retracted_event_id=ids[2],
        negotiation=NEGOTIATION,
        article_id="fig-2",
        reason="misread",
        extractor_version="test",
    )
    recorder.append(
        "retractions", [NewEvent(event_id=uuid.uuid4(), event=retraction)], expected_version=None
    )
    events = list(recorder.read_all())
    live = LiveRender(NEGOTIATION)
    statuses = []
    for recorded in events:
        live.apply(recorded)
        assert live.flat == flat(render(live.fold)), recorded.position
        statuses.append({k: v for k, v in live.flat.items() if k.endswith(".status")})
    assert "corroborated" in statuses[3].values()
    assert "disputed" in statuses[5].values()
    assert any(k.endswith(".US_vs_KR.status") for k in statuses[9])  # split by pair
    fast = [s.changes for s in replay(events, NEGOTIATION)]
    assert fast == [changes for _, changes in _from_scratch(events, None)]
