"""Date phrases resolved against the publication day, with their precision."""

from __future__ import annotations

from datetime import date

import pytest

from timeline.derivation.dates import (
    attach_date,
    find_date_phrases,
    resolve_phrase,
    weekday_date,
)
from timeline.domain.values import WorldDate

TUESDAY = date(2017, 8, 22)  # a Tuesday


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("Tuesday", "2017-08-22"),  # same weekday as publication: the same day
        ("on Monday", "2017-08-21"),
        ("Wednesday", "2017-08-16"),
        ("in June", "2017-06"),
        ("in September", "2016-09"),  # a later month named without a year is last year's
        ("last year", "2016"),
        ("five years ago", "2012"),
        ("2 years ago", "2015"),
        ("last week", "2017-08"),
        ("this week", "2017-08"),
        ("last month", "2017-07"),
        ("July 12", "2017-07-12"),
        ("Aug. 16", "2017-08-16"),
        ("August 16, 2017", "2017-08-16"),
        ("16 August 2016", "2016-08-16"),
        ("recently", "2017"),
        ("yesterday", "2017-08-21"),
        ("since 1994", "1994"),
        ("June 2018", "2018-06"),
    ],
)
def test_phrases_resolve_with_precision(phrase: str, expected: str) -> None:
    assert str(resolve_phrase(phrase, TUESDAY)) == expected


def test_ranges_keep_their_end_day_and_future_dates_look_ahead() -> None:
    (found,) = find_date_phrases("set to host the second round on Sept. 1-5", date(2017, 8, 21))
    assert str(found.value) == "2017-09-01"
    assert found.until is not None and str(found.until) == "2017-09-05"
    assert str(resolve_phrase("next month", TUESDAY)) == "2017-09"
    assert weekday_date(0, TUESDAY, future=True) == date(2017, 8, 28)


def test_no_dates_in_money_pronouns_or_names() -> None:
    text = "We said $27.6 billion and 2,011 cars; Theresa May may agree."
    assert find_date_phrases(text, TUESDAY) == []


def test_longest_phrase_wins_and_offsets_point_into_the_text() -> None:
    text = "The round opened in Washington on August 16, 2017, officials said."
    (found,) = find_date_phrases(text, TUESDAY)
    assert text[found.start : found.end] == "August 16, 2017"


def test_future_cues_resolve_forward() -> None:
    published = date(2019, 12, 14)
    (found,) = find_date_phrases("The deal is expected to be signed in early January.", published)
    assert str(found.value) == "2020-01"
    (past,) = find_date_phrases("The deal was agreed in January.", published)
    assert str(past.value) == "2019-01"
    (monday,) = find_date_phrases("Talks will resume on Monday.", date(2017, 8, 22))
    assert str(monday.value) == "2017-08-28"


MID_OCTOBER = date(2019, 10, 17)  # publication day of the hopes and deadlines below


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Both governments are confident of a deal in December.", "2019-12"),
        ("She said she was optimistic about signing the pact in March.", "2020-03"),
        ("Officials are hopeful the treaty can be ratified in January.", "2020-01"),
        ("The premier hopes to wrap up the talks in September.", "2020-09"),
        ("A breakthrough is likely in November, diplomats say.", "2019-11"),
        ("The accord could be signed in February.", "2020-02"),
        ("The text may be initialled in August.", "2020-08"),
        ("Negotiators want an agreement by December.", "2019-12"),
        ("Both sides aim for a settlement by the end of June.", "2020-06"),
    ],
)
def test_hopes_possibilities_and_deadlines_look_ahead(text: str, expected: str) -> None:
    assert [str(p.value) for p in find_date_phrases(text, MID_OCTOBER)] == [expected]


MONDAY_27_AUGUST = date(2018, 8, 27)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The economy minister will meet Lighthizer in Washington on Thursday.", "2018-08-30"),
        (
            "Freeland will meet U.S. Trade Representative Robert Lighthizer in Washington on "
            "Thursday.",
            "2018-08-30",
        ),
        ("The round is expected to open in Ottawa on Thursday.", "2018-08-30"),
        ("The talks that will decide the deal's fate began on Thursday.", "2018-08-23"),
        ("The negotiators who will draft the legal text met in Ottawa on Thursday.", "2018-08-23"),
        ("Talks will resume, officials said on Thursday.", "2018-08-23"),
    ],
)
def test_a_future_cue_looks_ahead_across_its_clause_until_a_verb_in_the_past(
    text: str, expected: str
) -> None:
    assert [str(p.value) for p in find_date_phrases(text, MONDAY_27_AUGUST)] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The two sides could not agree in March.", "2019-03"),
        ("They could have signed the accord in June.", "2019-06"),
        ("The ministers had been confident of a deal in March.", "2019-03"),
        ("The treaty had been ratified by March.", "2019-03"),
        ("The legal review was completed by June.", "2019-06"),
        ("The accord was signed by both ministers in February.", "2019-02"),
        ("Talks resumed in May after a pause.", "2019-05"),
    ],
)
def test_what_could_not_be_or_was_done_by_a_date_stays_in_the_past(
    text: str, expected: str
) -> None:
    assert [str(p.value) for p in find_date_phrases(text, MID_OCTOBER)] == [expected]


JANUARY_2019 = WorldDate(year=2019, month=1)
YEAR_2019 = WorldDate(year=2019)


@pytest.mark.parametrize(
    ("phrase", "published", "expected"),
    [
        ("yesterday", JANUARY_2019, "2019-01"),  # a day of an unknown day of January
        ("on Tuesday", JANUARY_2019, "2019-01"),
        ("last week", JANUARY_2019, "2019-01"),
        ("last month", JANUARY_2019, "2018-12"),
        ("last year", JANUARY_2019, "2018"),
        ("three days ago", JANUARY_2019, "2019-01"),
        ("Jan. 9", JANUARY_2019, "2019-01-09"),  # a named day keeps its precision
        ("Dec. 20", JANUARY_2019, "2018-12-20"),  # a later month without a year: last year's
        ("in March", JANUARY_2019, "2018-03"),
        ("yesterday", YEAR_2019, "2019"),
        ("last month", YEAR_2019, "2019"),
        ("last year", YEAR_2019, "2018"),
        ("Oct. 12", YEAR_2019, "2019-10-12"),  # named without a year: the article's year
        ("in March", YEAR_2019, "2019-03"),
        ("November 2018", YEAR_2019, "2018-11"),
        ("yesterday", WorldDate(year=2017, month=8, day=22), "2017-08-21"),  # a day is a day
    ],
)
def test_relative_dates_keep_no_more_precision_than_the_publication(
    phrase: str, published: WorldDate, expected: str
) -> None:
    assert str(resolve_phrase(phrase, published)) == expected


def test_an_offset_from_a_relative_date_of_a_month_known_article_stays_at_that_precision() -> None:
    found = find_date_phrases("They met yesterday; a day later, they left.", JANUARY_2019)
    named = find_date_phrases("They met on Jan. 9 and again a day later.", JANUARY_2019)

    assert [str(p.value) for p in found] == ["2019-01", "2019-01"]
    assert [str(p.value) for p in named] == ["2019-01-09", "2019-01-10"]


# --- offsets from another date ----------------------------------------------------------

OFFSET_DAY = date(2018, 3, 27)  # publication day of the offset phrasings below


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        ("Talks opened on Jan. 5, a day after Seoul agreed.", None, ["2018-01-05", "2018-01-04"]),
        ("The round began on Monday and ended two days later.", None, ["2018-03-26", "2018-03-28"]),
        (
            "The pact took effect in 2012; a year earlier Congress approved it.",
            None,
            ["2012", "2011"],
        ),
        ("Seoul rejected the offer the following day.", "2018-03-20", ["2018-03-21"]),
        ("The next week, the two sides met again.", "2018-03-20", ["2018-03"]),
        ("Hours later, Trump called the deal a disaster.", "2018-03-23", ["2018-03-23"]),
        ("The sides met the day before.", "2018-03-20", ["2018-03-19"]),
        ("The previous month, Seoul had asked for an exemption.", "2018-03-20", ["2018-02"]),
    ],
)
def test_offsets_count_from_the_date_before(
    text: str, reference: str | None, expected: list[str]
) -> None:
    base = WorldDate.model_validate(reference) if reference else None
    found = find_date_phrases(text, OFFSET_DAY, reference=base)
    assert [str(p.value) for p in found] == expected


@pytest.mark.parametrize(
    "text",
    [
        "A day after the talks ended, Seoul said nothing.",
        "Seoul rejected the offer the following day.",
        "Two weeks later the ministry published its report.",
        "They met again the following day.",
    ],
)
def test_an_offset_without_a_date_to_count_from_is_no_date(text: str) -> None:
    assert find_date_phrases(text, OFFSET_DAY) == []
    assert find_date_phrases(text, date(2017, 9, 1)) == []


# --- "in two weeks" ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The negotiators will meet again in two weeks.", ["2017-09"]),
        ("Talks are due to resume in three days.", ["2017-09-04"]),
        ("A decision is expected in two months.", ["2017-11"]),
        ("The deal was struck in two weeks.", []),
        ("They will finish in two weeks of talks.", []),
    ],
)
def test_in_so_many_days_counts_ahead_only_for_what_is_ahead(
    text: str, expected: list[str]
) -> None:
    assert [str(p.value) for p in find_date_phrases(text, date(2017, 9, 1))] == expected


MONDAY_IN_AUGUST = date(2018, 8, 27)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a month told with a year counted from the publication's
        ("The talks opened in August last year.", "2017-08"),
        ("The round was held in early March this year.", "2018-03"),
        ("Talks resume in May next year.", "2019-05"),
        ("They first met on Aug. 16 last year.", "2017-08-16"),
        ("They first met on 3 June last year.", "2017-06-03"),
        ("The offer was tabled in January of last year.", "2017-01"),
        # a month told from the publication's month
        ("The offer was tabled last August.", "2017-08"),
        ("The offer was tabled last March.", "2018-03"),
        ("The ministers meet next March.", "2019-03"),
        ("The ministers meet next September.", "2018-09"),
        ("The ministers meet this coming March.", "2019-03"),
        ("The offer was tabled this March.", "2018-03"),
        # unchanged: a bare month, a bare relative year
        ("The offer was tabled in March.", "2018-03"),
        ("The offer was tabled last year.", "2017"),
    ],
)
def test_a_month_told_from_the_publication_takes_that_year(text: str, expected: str) -> None:
    (found,) = find_date_phrases(text, MONDAY_IN_AUGUST)
    assert str(found.value) == expected


def test_a_month_told_from_a_publication_known_to_the_year_names_no_other_year() -> None:
    assert str(resolve_phrase("in August last year", YEAR_2019)) == "2018-08"
    assert resolve_phrase("last August", YEAR_2019) is None  # which August is unknown


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        # a name set off by commas joins no clauses
        ("He received Japan's envoy, Ryosei Akazawa, at the White House on Monday.", "received",
         "2017-08-21"),
        ("They met Mexico's minister, Ildefonso Guajardo, in Ottawa on Monday.", "met",
         "2017-08-21"),
        # a clause of its own does, and takes room
        ("He received the envoy, who had flown in from Tokyo for the talks, at the White House "
         "on Monday.", "received", None),
        ("He received the envoy, and the two sides spoke again by phone on Monday.", "received",
         None),
    ],
)  # fmt: skip
def test_a_date_after_a_name_in_commas_is_the_triggers(
    text: str, trigger: str, expected: str | None
) -> None:
    phrases = find_date_phrases(text, TUESDAY)
    found = attach_date(phrases, text, text.index(trigger))
    assert (str(found.value) if found else None) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the first date after the trigger in its own clause, however long the clause
        ("The leaders announced an agreement in principle on the sidelines of the G7 summit in "
         "Biarritz on Aug. 15.", "2017-08-15"),
        # not one in the next clause, past the trigger's reach
        ("The leaders announced an agreement in principle, and officials of both governments "
         "met again in Biarritz on Aug. 15.", None),
    ],
)  # fmt: skip
def test_a_long_clause_keeps_its_date(text: str, expected: str | None) -> None:
    found = attach_date(find_date_phrases(text, TUESDAY), text, text.index("announced"))
    assert (str(found.value) if found else None) == expected
