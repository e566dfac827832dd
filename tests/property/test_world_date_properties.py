"""Two world dates agree when their spans of days meet: at the coarser precision."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from timeline.domain.values import WorldDate


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
