"""A consolidation rewound to make room for a report that comes before others groups the
reports as consolidating all of them at once does (a left fold in report order)."""

from __future__ import annotations

from seedlike import record, stated

from timeline.domain.consolidation import Consolidator, FactGroup, consolidate, report_order
from timeline.domain.events import MeetingHeld
from timeline.domain.fold import AppliedFact, NegotiationFold


def _reports(articles: list[str]) -> list[AppliedFact]:
    """One report of the same meeting in each article (same day, parties and subject)."""
    fold = NegotiationFold("korus")
    for recorded in record(
        stated(MeetingHeld, article_id, f"the delegations met in {article_id}",
               actor=["US"], target=["KR"], subject="talks on amending the deal")
        for article_id in articles
    ):  # fmt: skip
        fold.apply(recorded)
    return sorted(fold.facts.values(), key=report_order)


def _shape(groups: list[FactGroup]) -> list[tuple[list[int], set[str], list[str]]]:
    return [([m.position for m in g.members], set(g.articles), list(g.notes)) for g in groups]


def test_reports_filed_before_others_of_a_large_group_regroup_as_consolidated_at_once() -> None:
    reports = _reports([f"m-{i}" for i in range(1, 9)])
    late = [reports[2], reports[5]]  # filed last, each before reports already in the group
    consolidator = Consolidator()
    for fact in reports:
        if fact not in late:
            consolidator.add(fact)
    for fact in late:
        index = consolidator.insertion_index(fact)
        undone = consolidator.rewind(index)
        consolidator.add(fact)
        for later, _group, _created in undone:
            consolidator.add(later)
    assert _shape(consolidator.groups) == _shape(consolidate(reports))
    assert len(consolidator.groups) == 1  # one meeting: every report joined it again


def test_a_rewound_group_keeps_only_the_articles_of_the_reports_left_in_it() -> None:
    reports = _reports([f"m-{i}" for i in range(1, 6)])
    consolidator = Consolidator()
    for fact in reports:
        consolidator.add(fact)
    (group,) = consolidator.groups
    consolidator.rewind(2)
    assert group.articles == {"m-1", "m-2"}
    assert [m.position for m in group.members] == [r.position for r in reports[:2]]


def _statements(day: str | None, count: int) -> list[AppliedFact]:
    """Reports of one key on one day (None: undated), two subjects, articles shared by
    some: each joins the first earlier group it merges with, or starts one."""
    fold = NegotiationFold("korus")
    subjects = ("talks on amending the deal", "a dispute over steel tariffs")
    for recorded in record(
        stated(MeetingHeld, f"d-{i % 3}", f"report {i} of the meeting", occurred=day,
               actor=["US"], target=["KR"], subject=subjects[i % 2])
        for i in range(count)
    ):  # fmt: skip
        fold.apply(recorded)
    return sorted(fold.facts.values(), key=report_order)


def test_a_consolidator_of_one_bucket_groups_as_the_indexed_one_with_rewinds() -> None:
    for day in ("2017-08-22", None):
        reports = _statements(day, 9)
        indexed, one = Consolidator(), Consolidator(one_bucket=True)
        for consolidator in (indexed, one):
            for fact in reports[3:]:
                consolidator.add(fact)
            for fact in reports[:3]:  # each before every report added: a full rewind
                undone = consolidator.rewind(consolidator.insertion_index(fact))
                consolidator.add(fact)
                for later, _group, _created in undone:
                    consolidator.add(later)
        assert _shape(one.groups) == _shape(indexed.groups) == _shape(consolidate(reports))
        assert len(one.groups) > 2  # several groups met each report
