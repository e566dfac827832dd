"""The agreement's milestones kept in order, event by event, equal a full render's.

:class:`timeline.incremental.LiveRender` keeps each milestone type's dated facts sorted
(``date_order``) and the milestones that count sorted (``phase_order``) instead of scanning
them all at every event, and :func:`timeline.domain.milestones.clusters_of` finds the date
disputes in one pass. The general replay law (test_incremental_replay_properties) rarely
draws milestones close enough to be disputed, so this law draws only milestones: few
parties, dates days or weeks apart at every precision, supports from one to several
origins, ingested in any order (reports dated before those already filed), some retracted.
After every event the live flattened state must equal the full render's; and the one-pass
clusters must equal the definition's (each fact compared with every fact of its cluster).
"""

from __future__ import annotations

import hashlib
import os
from datetime import date, timedelta
from uuid import UUID

from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st

from timeline.domain.envelope import NewEvent
from timeline.domain.events import (
    AgreementInForce,
    AgreementRatified,
    AgreementReached,
    AgreementSigned,
    ArticleIngested,
    EventRetracted,
    NegotiationEvent,
)
from timeline.domain.milestones import DATE_DISPUTE_WINDOW, DISPUTED_TYPES, dispute_clusters
from timeline.domain.render import groups_by_type, milestone_facts, render, visible_facts
from timeline.domain.values import Derivation, Evidence, WorldDate
from timeline.domain.views import Fact, fact_tiebreak
from timeline.incremental import LiveRender, flat
from timeline.store.memory import InMemoryRecorder

KINDS = (AgreementInForce, AgreementSigned) * 3 + (AgreementReached, AgreementRatified)
TEXT = "the parties said the agreement was signed and entered into force on that day"
START = date(2018, 3, 1)

EXAMPLES = int(os.environ.get("TIMELINE_REPLAY_EXAMPLES", "40"))


@st.composite
def milestone_dates(draw: st.DrawFn) -> WorldDate | None:
    """A date within a few months of ``START``, at any precision (now and then none)."""
    day = START + timedelta(days=draw(st.integers(0, 75)))
    precision = draw(st.sampled_from(["day", "day", "day", "month", "year", "none"]))
    if precision == "none":
        return None
    if precision == "year":
        return WorldDate(year=day.year)
    if precision == "month":
        return WorldDate(year=day.year, month=day.month)
    return WorldDate.of_day(day)


@st.composite
def stores(draw: st.DrawFn) -> list[tuple[str, list[NewEvent]]]:
    """Appends of a store: articles, milestone reports citing them, retractions; shuffled."""
    ids = iter(range(1, 1_000_000))

    def new_id() -> UUID:
        return UUID(int=next(ids) * 7919 + 13)  # spread: fact ids (prefixes) stay distinct

    count = draw(st.integers(1, 5))
    articles = [f"art-{index}" for index in range(count)]
    appends: list[tuple[str, list[NewEvent]]] = []
    for index, article in enumerate(articles):
        ingested = ArticleIngested(
            article_id=article,
            published=START + timedelta(days=index),
            outlet=draw(st.sampled_from([None, "Daily One", "Evening Two"])),
            wire=draw(st.sampled_from([None, "Wire A"])),
            negotiation="korus",
            text=f"{TEXT} #{index}",
            sha256=hashlib.sha256(f"{TEXT} #{index}".encode()).hexdigest(),
            extractor_version="test",
        )
        appends.append((f"article:{article}", [NewEvent(event_id=new_id(), event=ingested)]))
    made: list[NewEvent] = []
    for _ in range(draw(st.integers(2, 16))):
        kind = draw(st.sampled_from(KINDS))
        article = draw(st.sampled_from(articles))
        start = draw(st.integers(0, len(TEXT) - 10))
        end = draw(st.integers(start + 1, start + 10))
        event = kind(
            negotiation="korus",
            actor=draw(st.sampled_from([None, None, ("US",), ("US",), ("KR",), ("KR", "US")])),
            subject=draw(st.sampled_from(["the agreement", "the amended agreement", "the deal"])),
            occurred=draw(milestone_dates()),
            reported_on=START + timedelta(days=draw(st.integers(0, 150))),
            evidence=(Evidence(article_id=article, start=start, end=end, quote=TEXT[start:end]),),
            derivation=Derivation(
                rule_id="rule.alpha",
                extractor_version="test",
                confidence=draw(st.sampled_from([1.0, 0.5])),
            ),
        )
        made.append(NewEvent(event_id=new_id(), event=event))
        appends.append((f"article:{article}", [made[-1]]))
    for target in draw(st.lists(st.sampled_from(made), max_size=2, unique_by=id)):
        assert isinstance(target.event, NegotiationEvent)
        retraction = EventRetracted(
            negotiation="korus",
            retracted_event_id=target.event_id,
            article_id=target.event.evidence[0].article_id,
            reason="test",
            extractor_version="test",
        )
        appends.append(("manual:retractions", [NewEvent(event_id=new_id(), event=retraction)]))
    # any ingest order, but an article before the reports citing it and a report before its
    # retraction, as a store has them
    shuffled = draw(st.permutations(appends[count:]))
    retractions = [a for a in shuffled if a[0] == "manual:retractions"]
    return appends[:count] + [a for a in shuffled if a not in retractions] + retractions


def _reference_clusters(milestones: list[Fact], kind: str) -> list[list[Fact]]:
    """The clusters by their definition: each fact compared with every fact of its cluster."""
    dated = sorted(
        (f for f in milestones if f.type == kind and f.date and f.date.precision != "year"),
        key=lambda f: (f.date.first_day() if f.date else None, fact_tiebreak(f)),
    )
    out: list[list[Fact]] = []
    cluster: list[Fact] = []
    for fact in dated:
        assert fact.date is not None
        if cluster:
            last = max(c.date.last_day() for c in cluster if c.date)
            close = (fact.date.first_day() - last).days <= DATE_DISPUTE_WINDOW
            agree = all(
                c.actor is None or fact.actor is None or c.actor == fact.actor for c in cluster
            )
            if not (close and agree):
                out.append(cluster)
                cluster = []
        cluster.append(fact)
    out.append(cluster)
    return [c for c in out if len({f.date for f in c}) >= 2]


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(appends=stores(), as_of=st.sampled_from([None, START + timedelta(days=40)]))
def test_the_live_milestones_equal_a_full_render_in_any_ingest_order(
    appends: list[tuple[str, list[NewEvent]]], as_of: date | None
) -> None:
    recorder = InMemoryRecorder()
    for stream, events in appends:
        recorder.append(stream, events, expected_version=None)
    live = LiveRender("korus", as_of=as_of)
    for recorded in recorder.read_all():
        live.apply(recorded)
        note(f"{recorded.position}: {recorded.event.type}")
        assert live.flat == flat(render(live.fold, as_of)), recorded.position
    facts, _notes = visible_facts(live.fold, as_of)
    milestones = milestone_facts(groups_by_type(facts, live.fold.words), live.fold.articles)
    for kind in DISPUTED_TYPES:
        clusters = dispute_clusters(milestones, kind)
        assert clusters == _reference_clusters(milestones, kind)
        event(f"{kind} disputes: {min(len(clusters), 2)}")
