"""A lifecycle resumed from another's decisions is the lifecycle folded afresh.

A fold snapshot keeps :func:`timeline.domain.proposals.lifecycle_log` of its groups (what
each step read and decided), and :func:`~timeline.domain.proposals.build_proposals` takes
the decisions of the first steps that read alike instead of searching the book again.
Here the log of one set of reports (between three parties, answers naming earlier
reports, quotes overlapping in a few articles) serves the lifecycle of another set made
from the same recorded events: some of them left out (as ``as_of``, a retraction or an
earlier ``known_at`` leave reports out), the state as of a day, or the same set. The
proposals, field for field and in order, and the unlinked answers are those of the
lifecycle folded without a log; and given the log of its own groups, the lifecycle never
searches the book at all.
"""

from __future__ import annotations

import os
from datetime import date
from unittest.mock import patch

from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from test_lifecycle_shortcuts_properties import (
    ARTICLES,
    DAYS,
    NEG,
    TEXT,
    _article,
    _reports,
)

from tests.unit.seedlike import event_id
from timeline.domain import proposals
from timeline.domain.consolidation import FactGroup
from timeline.domain.envelope import NewEvent, RecordedEvent
from timeline.domain.events import ProposalMade, ProposalRejected
from timeline.domain.fold import NegotiationFold
from timeline.domain.proposals import (
    LIFECYCLE_TYPES,
    build_proposals,
    in_lifecycle_order,
    lifecycle_log,
    lifecycle_order,
)
from timeline.domain.render import consolidated
from timeline.domain.values import Derivation, Evidence
from timeline.store.memory import InMemoryRecorder

TWO_SIDES = (("EU", "AU"), ("AU", "EU"))
THREE_ARTICLES = (*ARTICLES, "daily-c")
SETTINGS = settings(
    max_examples=int(os.environ.get("TIMELINE_REPLAY_EXAMPLES", "150")),
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _recorded(reports: list[NewEvent], articles: tuple[str, ...] = ARTICLES) -> list[RecordedEvent]:
    recorder = InMemoryRecorder()
    for index, new in enumerate([*map(_article, articles), *reports]):
        recorder.append(f"s-{index}", [new], expected_version=None)
    return list(recorder.read_all())


def _groups(
    recorded: list[RecordedEvent], as_of: date | None = None
) -> tuple[list[FactGroup], NegotiationFold]:
    fold = NegotiationFold(NEG)
    for event in recorded:
        fold.apply(event)
    by_type = consolidated(fold, as_of).by_type
    return [g for t in sorted(LIFECYCLE_TYPES) for g in by_type.get(t, ())], fold


@SETTINGS
@given(reports=_reports(), data=st.data())
def test_the_decisions_of_another_set_of_reports_change_nothing(
    reports: list[NewEvent], data: st.DataObject
) -> None:
    recorded = _recorded(reports)
    _resumed_as_afresh(recorded, data)


@SETTINGS
@given(reports=_reports(sides=TWO_SIDES, articles=THREE_ARTICLES, days=DAYS[:2]), data=st.data())
def test_the_decisions_of_merged_reports_change_nothing(
    reports: list[NewEvent], data: st.DataObject
) -> None:
    """(Two parties, three articles, two days: reports merge into groups of up to three,
    and answers imply the proposals their sentences name.)"""
    _resumed_as_afresh(_recorded(reports, THREE_ARTICLES), data)


def _resumed_as_afresh(recorded: list[RecordedEvent], data: st.DataObject) -> None:
    logged, fold = _groups(recorded)
    log = lifecycle_log(logged, fold.words)
    kept = [e for e in recorded if e.event.type == "article_ingested" or data.draw(st.booleans())]
    as_of = data.draw(st.sampled_from([None, *DAYS]))
    note(f"kept {len(kept)} of {len(recorded)} events, as of {as_of}")
    groups, other = _groups(kept, as_of)
    resumed = build_proposals(groups, other.articles, other.words, log)
    afresh = build_proposals(groups, other.articles, other.words)
    assert list(resumed.proposals.items()) == list(afresh.proposals.items())
    assert resumed.unlinked == afresh.unlinked


@SETTINGS
@given(reports=_reports(sides=TWO_SIDES, articles=THREE_ARTICLES, days=DAYS[:2]), data=st.data())
def test_the_order_taken_from_another_sets_log_is_the_lifecycle_order(
    reports: list[NewEvent], data: st.DataObject
) -> None:
    """Groups ranked by the steps of another set's log (those whose first report opened a
    step), the others put in place, in whatever order they come: sorted by
    :func:`lifecycle_order`, as with no log or a log of rows that are not steps."""
    recorded = _recorded(reports, THREE_ARTICLES)
    logged, fold = _groups(recorded)
    log: list[object] = list(lifecycle_log(logged, fold.words))
    kept = [e for e in recorded if e.event.type == "article_ingested" or data.draw(st.booleans())]
    groups, _ = _groups(kept, data.draw(st.sampled_from([None, *DAYS])))
    groups = data.draw(st.permutations(groups))
    if log and data.draw(st.booleans()):
        log[data.draw(st.integers(0, len(log) - 1))] = data.draw(st.sampled_from([7, [], [[]]]))
    want = sorted(groups, key=lifecycle_order)
    assert [id(g) for g in in_lifecycle_order(groups, log)] == [id(g) for g in want]
    assert [id(g) for g in in_lifecycle_order(groups, None)] == [id(g) for g in want]


def _no_search(*args: object, **kwargs: object) -> None:
    raise AssertionError("searched the book")


@SETTINGS
@given(reports=_reports())
def test_given_the_log_of_its_own_groups_the_lifecycle_never_searches(
    reports: list[NewEvent],
) -> None:
    groups, fold = _groups(_recorded(reports))
    log = lifecycle_log(groups, fold.words)
    afresh = build_proposals(groups, fold.articles, fold.words)
    with (
        patch.object(proposals, "_link", _no_search),
        patch.object(proposals, "_find_own", _no_search),
    ):
        resumed = build_proposals(groups, fold.articles, fold.words, log)
    assert list(resumed.proposals.items()) == list(afresh.proposals.items())
    assert resumed.unlinked == afresh.unlinked


ALTERATIONS = {
    "a row of two": lambda step: [step[0], step[1]],
    "an entry never opened": lambda step: [step[0], step[1], 10**6],
    "a link to an entry never opened": lambda step: [step[0], step[1], [10**6, "x", "y"]],
    "a link by name": lambda step: [step[0], step[1], ["p-0", "x", "y"]],
    "no row": lambda step: 7,
}


@SETTINGS
@given(reports=_reports(), alteration=st.sampled_from(sorted(ALTERATIONS)))
def test_a_decision_the_fold_cannot_take_is_searched_again(
    reports: list[NewEvent], alteration: str
) -> None:
    """(A snapshot altered since it was written: never a crash, and never a decision the
    fold cannot take.)"""
    groups, fold = _groups(_recorded(reports))
    log = [ALTERATIONS[alteration](step) for step in lifecycle_log(groups, fold.words)]
    resumed = build_proposals(groups, fold.articles, fold.words, log)
    afresh = build_proposals(groups, fold.articles, fold.words)
    assert list(resumed.proposals.items()) == list(afresh.proposals.items())
    assert resumed.unlinked == afresh.unlinked


def _said(
    cls: type[ProposalMade] | type[ProposalRejected],
    article_id: str,
    span: tuple[int, int],
    subject: str,
    day: date,
) -> NewEvent:
    start, end = span
    actor, target = ("EU", "AU") if cls is ProposalMade else ("AU", "EU")
    return NewEvent(
        event_id=event_id(cls.__name__, article_id, start, subject),
        event=cls(
            negotiation=NEG,
            actor=actor,
            target=target,
            subject=subject,
            occurred=day,
            reported_on=DAYS[-1],
            evidence=(
                Evidence(article_id=article_id, start=start, end=end, quote=TEXT[start:end]),
            ),
            derivation=Derivation(rule_id="test.said", extractor_version="test"),
        ),
    )


def test_an_answer_that_lost_the_report_sharing_a_sentence_is_searched_again() -> None:
    """The answer's first report stays, its second (the one quoting the sentence that names
    the proposal) is left out: the step reads other quotes, so it is searched again."""
    beef, wine, refusal = "cut the beef quota", "extend the wine quota", "AU turns it down"
    reports = [
        _said(ProposalMade, "wire-a", (0, 40), beef, DAYS[0]),
        _said(ProposalMade, "daily-c", (400, 440), beef, DAYS[0]),
        _said(ProposalMade, "paper-b", (200, 240), wine, DAYS[0]),
        _said(ProposalRejected, "paper-b", (0, 40), refusal, DAYS[1]),
        sentence := _said(ProposalRejected, "wire-a", (30, 70), refusal, DAYS[1]),
    ]
    recorded = _recorded(reports, THREE_ARTICLES)
    logged, fold = _groups(recorded)
    log = lifecycle_log(logged, fold.words)
    full = build_proposals(logged, fold.articles, fold.words)
    assert [p.link_rule for p in full.proposals.values()] == ["same-sentence", None]
    kept = [e for e in recorded if e.event_id != sentence.event_id]
    groups, other = _groups(kept)
    resumed = build_proposals(groups, other.articles, other.words, log)
    afresh = build_proposals(groups, other.articles, other.words)
    assert [p.status for p in afresh.proposals.values()] == ["open", "open"]
    assert list(resumed.proposals.items()) == list(afresh.proposals.items())
    assert resumed.unlinked == afresh.unlinked and len(afresh.unlinked) == 1
