"""A group's merge notes are written when first read, and read as if written when each
report joined: the report's event id, the group's fact id and the rule, in joining order."""

from __future__ import annotations

from seedlike import record, stated

from timeline.domain.consolidation import Consolidator, FactGroup, fact_id_of, report_order
from timeline.domain.events import MeetingHeld
from timeline.domain.fold import AppliedFact, NegotiationFold


def _reports(count: int) -> list[AppliedFact]:
    fold = NegotiationFold("korus")
    for recorded in record(
        stated(MeetingHeld, f"m-{i}", f"the delegations met, says m-{i}",
               actor=["US"], target=["KR"], subject="talks on amending the deal")
        for i in range(1, count + 1)
    ):  # fmt: skip
        fold.apply(recorded)
    return sorted(fold.facts.values(), key=report_order)


def _consolidated(reports: list[AppliedFact]) -> FactGroup:
    consolidator = Consolidator()
    for fact in reports:
        consolidator.add(fact)
    (group,) = consolidator.groups
    return group


def test_notes_read_late_name_each_joined_report_its_group_and_rule_in_order() -> None:
    reports = _reports(4)
    consolidator = Consolidator()
    for fact in reports[:2]:
        consolidator.add(fact)
    (group,) = consolidator.groups
    first = fact_id_of(reports[0])
    assert group.notes == [f"{reports[1].event_id} merged into {first} by M3 same-day"]
    for fact in reports[2:]:  # joining after the notes were read: written when read again
        consolidator.add(fact)
    consolidator.rewind(3)
    consolidator.add(reports[3])
    assert group.notes == [
        f"{fact.event_id} merged into {first} by M3 same-day" for fact in reports[1:]
    ]
    assert all(type(note) is str for note in group.merges)


def test_a_group_whose_notes_were_read_equals_one_whose_notes_were_not() -> None:
    reports = _reports(3)
    read, unread = _consolidated(reports), _consolidated(reports)
    assert read.notes
    assert any(type(merge) is tuple for merge in unread.merges)
    assert read == unread and unread == read
    other = _consolidated(reports[:2])
    assert read != other
