"""A section's groups (meetings held, meetings scheduled, positions) in date order.

:func:`timeline.domain.render.in_date_order` sorts one type's groups by the world date of
their first report, then that report's :func:`report_order`. It is given the groups as
consolidation made them, in report order of their first reports, and sorts them by day
alone: a stable sort keeps a day's groups in their places, which stand for that order.
"""

from __future__ import annotations

import random
from datetime import date
from uuid import UUID

from timeline.domain.consolidation import FactGroup, consolidate, first_day_of, report_order
from timeline.domain.fold import AppliedFact, Quote, Report
from timeline.domain.render import in_date_order
from timeline.domain.values import WorldDate


def _fact(position: int, when: WorldDate | None, reported: date, start: int) -> AppliedFact:
    report = Report(
        "meeting_held", ("US",), ("KR",), f"round {position}", when, reported, "positive",
        "asserted", (Quote(f"a-{position % 5}", start, start + 8, "they met"),), "r.1",
    )  # fmt: skip
    # event ids falling as positions rise: an order by id would reverse a day's groups
    event_id = UUID(int=(10**6 - position) << 88)  # its fact id: its first ten hex digits
    return AppliedFact(position, event_id, None, report)  # type: ignore[arg-type]


def _dates(rng: random.Random) -> WorldDate | None:
    kind = rng.randrange(4)
    if kind == 0:
        return None  # dated by its report
    if kind == 1:
        return WorldDate(year=2017, month=rng.choice((7, 8)))
    if kind == 2:
        return WorldDate(year=rng.choice((2016, 2017)))
    return WorldDate(year=2017, month=rng.choice((7, 8)), day=rng.choice((1, 2, 31)))


def _definition(groups: list[FactGroup]) -> list[FactGroup]:
    """The order by its definition: first day, then the first report's report order."""
    return sorted(groups, key=lambda g: (first_day_of(g.event), report_order(g.first)))


def test_groups_of_one_day_keep_their_report_order() -> None:
    rng = random.Random(11)
    for _ in range(50):
        facts = [
            _fact(position, _dates(rng), date(2017, 8, rng.choice((1, 2))), rng.randrange(3))
            for position in range(1, 40)
        ]
        rng.shuffle(facts)
        groups = consolidate(facts)
        ordered = in_date_order(groups)
        assert [id(g) for g in ordered] == [id(g) for g in _definition(groups)]
        assert sorted(map(id, ordered)) == sorted(map(id, groups))


def test_a_day_s_groups_are_not_ordered_by_their_ids() -> None:
    day = WorldDate(year=2017, month=8, day=1)
    facts = [_fact(position, day, date(2017, 8, 2), position * 10) for position in (1, 2, 3)]
    groups = [FactGroup([fact], {fact.event.evidence[0].article_id}) for fact in facts]
    later = FactGroup([_fact(4, None, date(2017, 7, 1), 0)], {"a-4"})
    assert in_date_order([*groups, later]) == [later, *groups]
