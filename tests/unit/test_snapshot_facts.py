"""A snapshot's facts written as columns read back as the same records (issue 11): values
JSON writes differently are never merged into one table entry, records sharing a value
share it, and any subset of places builds those facts in that order."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from uuid import UUID

import pytest
from pydantic_core import from_json, to_json

from timeline import fold_version
from timeline.domain.consolidation import merge_key
from timeline.domain.fold import AppliedFact, Quote, Report
from timeline.domain.values import WorldDate
from timeline.projections import snapshot_facts
from timeline.projections.snapshot_facts import FactColumns, encode_facts
from timeline.projections.snapshots import _dated


def _facts() -> list[AppliedFact]:
    day = date(2018, 3, 1)
    moment = datetime(2024, 1, 1, tzinfo=UTC)
    reports = [
        Report(
            "meeting_held", ("US",), ("KR",), "talks", WorldDate.model_validate("2018-02"),
            day, "positive", "asserted", (Quote("a-1", 0, 5, "quote"),), "rule", 0.0,
        ),
        Report(
            "meeting_held", ("US",), ("KR",), "talks", None, day, "positive", "asserted",
            (Quote("a-1", 0, 5, "quote"), Quote("a-2", 1, 3, "uo")), "rule", -0.0,
        ),
        Report(
            "termination_clause_cited", None, None, "clause", None, day, "positive",
            "asserted", (), "rule", math.nan, notice_days=1, invoked=True,
        ),
        Report(
            "trade_figure_reported", None, None, "deficit", None, date(2018, 3, 2),
            "neutral", "asserted", (), "rule", math.inf, measure="deficit", value=1.0,
            unit="USD", period=WorldDate.model_validate("2017"), economy=("US",),
            partner=("KR",), notice_days=None, invoked=False,
        ),
    ]  # fmt: skip
    return [
        AppliedFact(10 + n, UUID(int=n + 1), moment, report, "ana" if n == 1 else None)
        for n, report in enumerate(reports)
    ]


def _written(facts: list[AppliedFact]) -> FactColumns:
    document = to_json(encode_facts(facts), inf_nan_mode="constants").decode()
    return FactColumns(from_json(document))


def _same(have: AppliedFact, want: AppliedFact) -> None:
    assert repr(have) == repr(want)  # repr tells -0.0 from 0.0 and shows NaN


def test_facts_read_back_as_written_and_told_apart() -> None:
    facts = _facts()
    columns = _written(facts)
    built = columns.facts(range(columns.count))
    for have, want in zip(built, facts, strict=True):
        _same(have, want)
    assert math.copysign(1, built[1].event.confidence) == -1.0  # not merged with 0.0
    assert built[2].event.invoked is True and built[2].event.notice_days == 1
    assert built[3].event.invoked is False and built[3].event.notice_days is None
    assert built[0].event.actor is built[1].event.actor  # one tuple for equal values
    assert [columns.key(p) for p in range(columns.count)] == [merge_key(f.event) for f in facts]
    assert columns.days == [date(2018, 2, 1).toordinal()] + [date(2018, 3, 1).toordinal()] * 2 + [
        date(2018, 3, 2).toordinal()
    ]


def test_any_places_build_those_facts_in_that_order() -> None:
    facts = _facts()
    columns = _written(facts)
    for places in ([3, 0], [2], [], [1, 2, 3]):
        have = columns.facts(places)
        assert [f.event_id for f in have] == [facts[p].event_id for p in places]
        for got, want in zip(have, (facts[p] for p in places), strict=True):
            _same(got, want)


def test_facts_of_one_quote_each_read_back() -> None:
    """At any places (each fact's quote is built with its record)."""
    first = _facts()[0]
    other = replace(first.event, evidence=(Quote("a-3", 2, 4, "ot"),))
    facts = [
        first,
        replace(first, event_id=UUID(int=99), position=99),
        replace(first, event_id=UUID(int=98), position=98, event=other),
    ]
    columns = _written(facts)
    for places in (range(3), [2], [2, 0], [1, 2], []):
        for have, want in zip(columns.facts(places), (facts[p] for p in places), strict=True):
            _same(have, want)


def _shapes() -> list[dict[str, object]]:
    data = json.loads(to_json(encode_facts(_facts()), inf_nan_mode="constants"))
    altered = []
    for change in (
        lambda d: d.update(n=5),
        lambda d: d.update(id=d["id"][:-1]),
        lambda d: d["report"].pop(),
        lambda d: d["report"][0].__setitem__(1, d["report"][0][1][:-2]),
        lambda d: d["report"][0].__setitem__(1, d["report"][0][1][:-2] + "zz"),
        lambda d: d["report"][0].__setitem__(1, [0, 0, 0, 0]),
        lambda d: d["recorded"].append([]),
        lambda d: d.update(position=None),
        lambda d: d["quotes"]["count"].pop(),
        lambda d: d["quotes"]["start"].pop(),
        lambda d: d["quotes"].update(count=[2, -1, 1, 1]),
        lambda d: d["report"].__setitem__(8, [[], []]),
    ):
        copy = json.loads(json.dumps(data))
        change(copy)
        altered.append(copy)
    return altered


@pytest.mark.parametrize("data", _shapes())
def test_columns_of_another_shape_are_refused(data: dict[str, object]) -> None:
    with pytest.raises((ValueError, TypeError, KeyError, IndexError)):
        columns = FactColumns(data)
        columns.facts(range(columns.count))


def test_the_layout_of_the_columns_is_part_of_the_fold_version() -> None:
    """Changing how the facts are written makes every snapshot written before unused: the
    module is among the sources the fold version digests (see timeline/fold_version.py)."""
    files = {
        path for pattern in fold_version._SOURCES for path in fold_version._PACKAGE.glob(pattern)
    }
    assert Path(snapshot_facts.__file__).resolve() in files


def test_a_date_in_several_columns_is_read_once() -> None:
    """The world-date columns share one memo of texts (most scheduled dates are also dates
    events occurred on): equal dates of any column are one immutable instance."""
    first = _facts()[0]
    scheduled = replace(first.event, scheduled_for=WorldDate.model_validate("2018-02"))
    (built,) = _written([replace(first, event=scheduled)]).facts([0])
    assert built.event.scheduled_for == built.event.occurred == WorldDate(year=2018, month=2)
    assert built.event.scheduled_for is built.event.occurred


def test_the_first_places_build_the_first_facts() -> None:
    """A fold as of a date restores the facts dated up to it, which a snapshot lists first
    when their days come first: taken by a slice of each column (a range from 0), or whole."""
    facts = _facts()
    columns = _written(facts)
    for stop in range(len(facts) + 1):
        have = columns.facts(range(stop))
        assert [f.event_id for f in have] == [f.event_id for f in facts[:stop]]
        for got, want in zip(have, facts[:stop], strict=True):
            _same(got, want)
    single = [replace(f, event=replace(f.event, evidence=f.event.evidence[:1])) for f in facts]
    single = [f for f in single if f.event.evidence]
    one_each = _written(single)
    for stop in range(len(single) + 1):
        for got, want in zip(one_each.facts(range(stop)), single[:stop], strict=True):
            _same(got, want)


def test_the_days_up_to_a_limit_are_a_range_when_they_come_first() -> None:
    assert _dated([1, 2, 2, 5], 2) == range(3)
    assert _dated([1, 2, 2, 5], 0) == range(0)
    assert _dated([1, 2, 2, 5], None) == range(4)
    assert _dated([1, 5, 2, 2], 2) == [0, 2, 3]
    assert _dated([5, 1], 2) == [1]


@pytest.mark.parametrize("entries", [1, 0x100, 0x101, 0x10000, 0x10001])
def test_indexes_are_written_in_as_few_bytes_as_the_table_needs(entries: int) -> None:
    values = [entries - 1, 0, *range(entries)]
    column = json.loads(json.dumps(snapshot_facts._column(values, lambda v: v)))
    width = 1 if entries <= 0x100 else 2 if entries <= 0x10000 else 4
    assert len(column[0]) == entries and len(column[1]) == 2 * width * len(values)
    places = snapshot_facts.column_indexes(column, len(values))
    assert [column[0][place] for place in places] == values
    with pytest.raises(ValueError):
        snapshot_facts.column_indexes(column, len(values) - 1)
