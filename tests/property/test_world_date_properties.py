"""Two world dates agree when their spans of days meet: at the coarser precision."""

from __future__ import annotations

import calendar
from dataclasses import replace
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from timeline.domain.consolidation import (
    DAY_UNIQUE,
    MILESTONES,
    QUOTED_TYPES,
    SIMILARITY_THRESHOLD,
    first_day_of,
    merge_rule,
    similarity,
)
from timeline.domain.fold import Quote, Report
from timeline.domain.values import WorldDate, fields_compatible


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


@given(st.dates(), st.sampled_from(("day", "month", "year")))
def test_a_date_is_written_with_four_digits_of_year_and_two_of_month_and_day(
    day: date, precision: str
) -> None:
    """Any year from 1 to 9999 (str() writes those below 1000 without their zeros), any
    month and day: as the ISO format writes them."""
    month = day.month if precision != "year" else None
    when = WorldDate(year=day.year, month=month, day=day.day if precision == "day" else None)
    text = f"{day.year:04d}" + (f"-{day.month:02d}" if month else "")
    assert str(when) == text + (f"-{day.day:02d}" if precision == "day" else "")


@given(_dates(), _dates())
def test_the_fields_of_two_dates_are_compatible_as_the_dates_are(
    one: WorldDate, other: WorldDate
) -> None:
    """``fields_compatible`` (what consolidation calls on dates' ``__dict__``) says what
    the dates' spans of days say."""
    overlap = one.first_day() <= other.last_day() and other.first_day() <= one.last_day()
    assert fields_compatible(one.__dict__, other.__dict__) is overlap


def _reference_merge_rule(first: Report, other: Report) -> str | None:
    """The merge rule as first written, through the dates' attributes, methods and
    pydantic equality (``merge_rule`` reads each date's ``__dict__`` once instead)."""
    if first.type != other.type:
        return None
    if first.type == "termination_clause_cited":
        return "M1 one-clause"
    if first.actor != other.actor or first.target != other.target:
        return None
    if first.polarity != other.polarity:
        return None
    if first.type in MILESTONES and first.occurred is not None and other.occurred is not None:
        return "M2 same-milestone" if first.occurred.compatible_with(other.occurred) else None
    if (
        first.type in DAY_UNIQUE
        and first.occurred is not None
        and other.occurred is not None
        and first.occurred.day is not None
        and first.occurred == other.occurred
    ):
        return "M3 same-day"
    if first.occurred is None or other.occurred is None:
        compatible = first.occurred is None and other.occurred is None
    else:
        compatible = first.occurred.compatible_with(other.occurred)
    if compatible:
        if first.type in QUOTED_TYPES:
            words = (
                " ".join(q.quote for q in first.evidence),
                " ".join(q.quote for q in other.evidence),
            )
            score, name = similarity(*words), "M4 similar-statement"
        else:
            score, name = similarity(first.subject, other.subject), "M4 similar-subject"
        if score >= SIMILARITY_THRESHOLD:
            return f"{name} ({score:.2f})"
    return None


@st.composite
def _reports(draw: st.DrawFn) -> Report:
    kind = draw(
        st.sampled_from(
            ("agreement_signed", "meeting_held", "position_stated", "talks_resumed",
             "termination_clause_cited")
        )
    )  # fmt: skip
    when = draw(st.none() | _dates())
    if when is not None and draw(st.booleans()):  # an equal date, another instance
        when = WorldDate(year=when.year, month=when.month, day=when.day)
    subject = draw(st.sampled_from(("tariff talks", "tariff talks resume", "beef quota")))
    quote = Quote("a1", 0, len(subject), subject)
    return Report(
        kind, ("US",), draw(st.sampled_from((("EU",), ("JP",)))), subject, when,
        date(2018, 1, 1), draw(st.sampled_from(("positive", "negative"))), "asserted",
        (quote,), "r.1",
    )  # fmt: skip


@given(_reports(), _reports(), _dates(), st.booleans())
def test_the_merge_rule_reads_dates_as_their_attributes_say(
    first: Report, other: Report, when: WorldDate, alike: bool
) -> None:
    """Also for reports alike but for their dates (the rules that compare dates decide)."""
    if alike:
        other = replace(first, occurred=when, subject=other.subject, evidence=other.evidence)
    assert merge_rule(first, other) == _reference_merge_rule(first, other)


_DATE_TEXTS = st.one_of(
    st.builds(
        lambda y, m, d, parts: "-".join([f"{y:04d}", f"{m:02d}", f"{d:02d}"][:parts]),
        st.integers(0, 9999),
        st.integers(0, 13),
        st.integers(0, 32),
        st.integers(1, 3),
    ),
    st.from_regex(r"\A[ 0-9-]{1,12}\Z"),
    st.text(max_size=12),
)
"""Texts of dates of every precision, real or not (month 13, 31 February, year 0), and
others."""


@given(_DATE_TEXTS)
def test_a_world_date_built_from_its_text_is_the_one_validation_builds(text: str) -> None:
    """``world_date_of_text`` (rendering a snapshot's dates, decoding events' dates) builds
    the instance ``WorldDate.model_validate`` builds, field for field and in order, and
    gives None exactly when the text is not a real date of years 1 to 9999 written as
    ``world_date_from_text`` writes dates (then validation says what is wrong)."""
    from pydantic import ValidationError

    from timeline.domain.values import world_date_of_text

    made = world_date_of_text(text)
    try:
        validated = WorldDate.model_validate(text)
    except ValidationError:
        assert made is None
        return
    if made is None:  # only a text validation strips first
        assert text != text.strip()
        return
    assert made == validated
    assert list(made.__dict__.items()) == list(validated.__dict__.items())
    assert made.model_fields_set == validated.model_fields_set
    assert made.__pydantic_extra__ == validated.__pydantic_extra__
    assert made.__pydantic_private__ == validated.__pydantic_private__
    assert made.model_dump_json() == validated.model_dump_json()
    assert str(made) == str(validated)
