"""Two world dates agree when their spans of days meet: at the coarser precision."""

from __future__ import annotations

import calendar
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from timeline.domain.consolidation import first_day_of
from timeline.domain.fold import Report
from timeline.domain.values import WorldDate


def _report(when: WorldDate) -> Report:
    return Report(
        "meeting_held", None, None, "talks", when, date(2018, 1, 1), "positive", "asserted",
        (), "r.1",
    )  # fmt: skip


@st.composite
def _dates(draw: st.DrawFn) -> WorldDate:
    """A day, a month or a year, from few values of each so that they often meet."""
    year = draw(st.sampled_from((2016, 2017)))
    month = draw(st.sampled_from((None, 1, 2, 12)))
    day = draw(st.sampled_from((None, 1, 28))) if month is not None else None
    return WorldDate(year=year, month=month, day=day)


@given(_dates(), _dates())
def test_two_dates_are_compatible_exactly_when_their_days_overlap(
    one: WorldDate, other: WorldDate
) -> None:
    overlap = one.first_day() <= other.last_day() and other.first_day() <= one.last_day()
    assert one.compatible_with(other) is overlap
    assert other.compatible_with(one) is overlap


@given(_dates())
def test_a_dates_days_text_and_precision_read_its_fields(when: WorldDate) -> None:
    """The methods read the fields from ``__dict__`` (cheaper than a model's attributes):
    the same as the fields read as attributes."""
    year, month, day = when.year, when.month, when.day
    assert when.first_day() == date(year, month or 1, day or 1)
    last_month = month or 12
    last = day or calendar.monthrange(year, last_month)[1]
    assert when.last_day() == date(year, last_month, last)
    assert when.precision == ("day" if day is not None else "month" if month else "year")
    assert str(when) == "-".join(
        [f"{year:04d}", *([f"{month:02d}"] if month else []), *([f"{day:02d}"] if day else [])]
    )
    assert first_day_of(_report(when)) == when.first_day()
