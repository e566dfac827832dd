"""Reports joining proposal and answer groups in any order: the live lifecycle equals the
lifecycle folded from scratch after every event.

:class:`timeline.incremental.LiveRender` keeps the proposal lifecycle folded and, when a
report joins a group, goes back only to the steps whose reading of the quotes changed (the
same-sentence rule: :meth:`timeline.domain.proposals.LifecycleFold.reads_alike`), instead of
every step that reads an overlapping quote. Here every event is a proposal, an answer, a
counter-proposal or a joint study between two parties on two subjects and two days, quoting
one of a few overlapping spans of a few articles: reports join groups from other articles,
answers share sentences with one, two or none of the proposals, and the lifecycle links
change as reports arrive. For any append order, after each event the live flattened state
equals the full render of the same events, and the live fold's proposals and unlinked
answers equal :func:`timeline.domain.proposals.build_proposals` over the groups.
"""

from __future__ import annotations

import os
from datetime import date

from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from tests.unit.seedlike import LIFECYCLE_KINDS, article, event_id
from timeline.domain.envelope import NewEvent, RecordedEvent
from timeline.domain.proposals import LIFECYCLE_TYPES, build_proposals
from timeline.domain.render import render
from timeline.domain.values import Derivation, Evidence
from timeline.incremental import LiveRender, flat
from timeline.store.memory import InMemoryRecorder

NEG = "join-law"
TEXT = " ".join(f"word{i:03d}" for i in range(60))  # 479 characters, our own filler
ARTICLES = ("wire-a", "paper-b", "daily-c", "weekly-d")
SPANS = ((0, 40), (30, 70), (60, 100), (200, 240), (230, 260), (400, 440))
"""Quote spans: neighbours overlap, so answers share a sentence with some proposals."""
SUBJECTS = ("lower the beef quota", "lower the dairy tariff")
DAYS = (date(2022, 5, 2), date(2022, 5, 3))


def _article(article_id: str) -> NewEvent:
    """An article of the filler text, its outlet named by its id's first part."""
    return article(
        article_id, article_id.split("-")[0], None, TEXT, negotiation=NEG, published=DAYS[-1]
    )


@st.composite
def _report(draw: st.DrawFn, number: int) -> NewEvent:
    kind = draw(st.sampled_from(sorted(LIFECYCLE_KINDS)))
    cls, extra = LIFECYCLE_KINDS[kind]
    article_id = draw(st.sampled_from(ARTICLES))
    start, end = draw(st.sampled_from(SPANS))
    actor, target = draw(st.sampled_from([("EU", "AU"), ("AU", "EU"), ("AU", None)]))
    event = cls(
        negotiation=NEG,
        actor=actor,
        target=target,
        subject=draw(st.sampled_from(SUBJECTS)),
        occurred=draw(st.sampled_from(DAYS)),
        reported_on=DAYS[-1],
        evidence=(Evidence(article_id=article_id, start=start, end=end, quote=TEXT[start:end]),),
        derivation=Derivation(rule_id=f"test.{kind}", extractor_version="test"),
        **extra,
    )
    return NewEvent(event_id=event_id("report", number, kind, article_id, start), event=event)


@st.composite
def _orders(draw: st.DrawFn) -> list[NewEvent]:
    """The articles, then lifecycle reports in the order drawn (ids unique)."""
    size = draw(st.integers(2, 14))
    reports = [draw(_report(number)) for number in range(size)]
    return [*(_article(a) for a in ARTICLES), *draw(st.permutations(reports))]


def _record(events: list[NewEvent]) -> list[RecordedEvent]:
    recorder = InMemoryRecorder()
    for index, new in enumerate(events):
        recorder.append(f"s-{index}", [new], expected_version=None)
    return list(recorder.read_all())


@settings(
    max_examples=int(os.environ.get("TIMELINE_REPLAY_EXAMPLES", "150")),
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(events=_orders())
def test_reports_joining_groups_in_any_order_fold_as_from_scratch(
    events: list[NewEvent],
) -> None:
    recorded = _record(events)
    live = LiveRender(NEG)
    for event in recorded:
        live.apply(event)
        note(f"after position {event.position}: {event.event.type}")
        assert live.flat == flat(render(live.fold)), event.position
        folded = live._live_lifecycle.fold  # the law is about this fold
        groups = live._groups
        scratch = build_proposals(
            [g for t in sorted(LIFECYCLE_TYPES) for g in groups(t)],
            live.fold.articles,
            live.fold.words,
        )
        assert sorted(folded.book.entries) == sorted(scratch.proposals), event.position
        assert [g.fact_id for g in folded.unlinked] == [f.fact_id for f in scratch.unlinked]
