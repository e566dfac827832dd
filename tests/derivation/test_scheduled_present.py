"""A change on a calendar told in the present simple is a schedule: its month or weekday is
the coming one ("the levy takes effect in October" in a June article), while the same words
in the past, after "to", "did" or "never", or a noun such as "start", keep looking back."""

from __future__ import annotations

from datetime import date

import pytest

from tests.derivation.conftest import DeriveText, events_of
from timeline.derivation.dates import find_date_phrases

WEDNESDAY = date(2019, 6, 12)
"""A Wednesday in June: the coming October is 2019's, the coming March 2020's."""


def _dates(text: str) -> list[str]:
    return [str(phrase.value) for phrase in find_date_phrases(text, WEDNESDAY)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The revised tariff schedule takes effect in October.", ["2019-10"]),
        ("The levy comes into force on Jan. 1.", ["2020-01-01"]),
        ("The new quotas go into effect in March.", ["2020-03"]),
        ("The pact enters into force in February, the ministry said.", ["2020-02"]),
        ("The waiver expires in February.", ["2020-02"]),
        ("The truce lapses on Monday.", ["2019-06-17"]),
        ("The next round of talks begins on Tuesday in Geneva.", ["2019-06-18"]),
        ("The exemption does not take effect until April.", ["2020-04"]),
        ("Higher duties kick in on March 1.", ["2020-03-01"]),
        ("The consultation period runs out in May.", ["2020-05"]),
        ("The joint committee convenes on Friday.", ["2019-06-14"]),
        ("The tariff took effect in March and expires in December.", ["2019-03", "2019-12"]),
    ],
)
def test_a_schedule_in_the_present_simple_looks_ahead(text: str, expected: list[str]) -> None:
    assert _dates(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The levy took effect in October.", ["2018-10"]),
        ("The new quotas went into effect on Jan. 1.", ["2019-01-01"]),
        ("The pact failed to take effect in May.", ["2019-05"]),
        ("The accord did not enter into force in March.", ["2019-03"]),
        ("The accord never came into force in March.", ["2019-03"]),
        ("The talks made a fresh start in March.", ["2019-03"]),
        ("Ministers spoke at the close of the round on Monday.", ["2019-06-10"]),
        ("The waiver expired in February.", ["2019-02"]),
        ("Negotiators said the offer lapsed on Monday.", ["2019-06-10"]),
    ],
)
def test_the_past_and_nouns_keep_looking_back(text: str, expected: list[str]) -> None:
    assert _dates(text) == expected


def test_an_agreement_that_takes_effect_later_is_a_plan_not_an_event(
    derive_text: DeriveText,
) -> None:
    planned = derive_text("The revised agreement takes effect in October.", published=WEDNESDAY)
    done = derive_text("The revised agreement took effect in October.", published=WEDNESDAY)

    assert events_of(planned, "agreement_in_force") == []
    assert [str(e.occurred) for e in events_of(done, "agreement_in_force")] == ["2018-10"]
