"""A lifecycle taken from the memo of a snapshot's logged steps is the lifecycle folded afresh.

A restored fold snapshot keeps its :func:`~timeline.domain.proposals.lifecycle_log` as
:class:`~timeline.domain.proposals.LoggedSteps`, whose memo folds the logged steps once and
keeps each proposal as every step left it: a lifecycle whose every step the log holds
(a state as of an earlier day, of the very reports the snapshot restored) is taken from
it. Here one fold's states as of a sequence of days (earlier and later, some asked
twice, the last the first) are rendered through one memo, then reports with another
reviewer's confirmation (other reports at the same positions) and other articles: each
lifecycle, field for field and in order, with its unlinked answers, is the one folded
without a log.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from unittest.mock import patch

from hypothesis import given
from hypothesis import strategies as st
from test_lifecycle_log_properties import (
    SETTINGS,
    THREE_ARTICLES,
    TWO_SIDES,
    _groups,
    _recorded,
)
from test_lifecycle_shortcuts_properties import DAYS, _reports

from timeline.domain import proposals
from timeline.domain.consolidation import FactGroup
from timeline.domain.fold import NegotiationFold
from timeline.domain.proposals import (
    LIFECYCLE_TYPES,
    Lifecycle,
    LoggedSteps,
    build_proposals,
    lifecycle_log,
)
from timeline.domain.render import consolidated


def _as_of(fold: NegotiationFold, day: date | None) -> list[FactGroup]:
    by_type = consolidated(fold, day).by_type
    return [g for t in sorted(LIFECYCLE_TYPES) for g in by_type.get(t, ())]


def _alike(got: Lifecycle, want: Lifecycle) -> None:
    assert list(got.proposals.items()) == list(want.proposals.items())
    assert got.unlinked == want.unlinked


@SETTINGS
@given(
    reports=_reports(sides=TWO_SIDES, articles=THREE_ARTICLES, days=DAYS),
    days=st.lists(st.sampled_from([None, *DAYS]), min_size=1, max_size=6),
)
def test_states_as_of_any_days_taken_from_the_memo_are_folded_afresh(
    reports: list[object], days: list[date | None]
) -> None:
    groups, fold = _groups(_recorded(reports, THREE_ARTICLES))  # type: ignore[arg-type]
    log = LoggedSteps(lifecycle_log(groups, fold.words))
    taken_from_memo = wanted = 0
    for day in [None, *days, None]:
        dated = _as_of(fold, day)
        afresh = build_proposals(dated, fold.articles, fold.words)
        ordered, prepared = proposals._prepared(dated, fold.articles, fold.words, log)
        wanted += proposals._read_alike(prepared, ordered, log) == len(ordered)
        with patch.object(proposals, "_resume", wraps=proposals._resume) as resumed:
            _alike(build_proposals(dated, fold.articles, fold.words, log), afresh)
        taken_from_memo += not resumed.called
    assert taken_from_memo == wanted - 1 > 0  # each whose steps the log holds, but the first
    confirmed = [
        replace(g, members=[replace(m, confirmed_by="analyst-2") for m in g.members])
        for g in _as_of(fold, days[0])
    ]
    _alike(
        build_proposals(confirmed, fold.articles, fold.words, log),
        build_proposals(confirmed, fold.articles, fold.words),
    )
    other_articles = {a: replace(info, outlet="Other Outlet") for a, info in fold.articles.items()}
    dated = _as_of(fold, days[-1])
    _alike(
        build_proposals(dated, other_articles, fold.words, log),
        build_proposals(dated, other_articles, fold.words),
    )


@SETTINGS
@given(reports=_reports(sides=TWO_SIDES, articles=THREE_ARTICLES, days=DAYS[:2]))
def test_a_memo_in_use_leaves_another_lifecycle_to_fold_its_own_steps(
    reports: list[object],
) -> None:
    """(Two lifecycles at once: the second folds its steps, the memo is left as it was.)"""
    groups, fold = _groups(_recorded(reports, THREE_ARTICLES))  # type: ignore[arg-type]
    log = LoggedSteps(lifecycle_log(groups, fold.words))
    afresh = build_proposals(groups, fold.articles, fold.words)
    with log.memo._lock:
        for _ in range(2):
            _alike(build_proposals(groups, fold.articles, fold.words, log), afresh)
    assert not log.memo._asked
    for _ in range(3):
        _alike(build_proposals(groups, fold.articles, fold.words, log), afresh)


@SETTINGS
@given(reports=_reports(), data=st.data())
def test_a_decision_the_memo_cannot_take_leaves_it_out(
    reports: list[object], data: st.DataObject
) -> None:
    """(An altered snapshot: a logged decision naming an entry never opened stops the
    memo's fold; the lifecycle is folded as without the memo, every time.)"""
    groups, fold = _groups(_recorded(reports))  # type: ignore[arg-type]
    steps = lifecycle_log(groups, fold.words)
    if steps:
        step = data.draw(st.integers(0, len(steps) - 1))
        steps[step] = [steps[step][0], steps[step][1], [10**6, "x", "y"]]
    log = LoggedSteps(steps)
    afresh = build_proposals(groups, fold.articles, fold.words)
    for _ in range(3):
        _alike(build_proposals(groups, fold.articles, fold.words, log), afresh)
