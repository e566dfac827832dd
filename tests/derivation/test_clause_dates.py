"""A month inside a relative clause dates the clause's noun, not the sentence's event: set off
by commas (to the next comma or the sentence's end), by dashes or by brackets."""

from __future__ import annotations

from datetime import date

import pytest

from tests.derivation.conftest import DeriveText, events_of
from timeline.domain.values import WorldDate

PUBLISHED = date(2019, 6, 29)
ARTICLE_DAY = WorldDate(year=2019, month=6, day=29)
OCTOBER_BEFORE = WorldDate(year=2018, month=10)
"""The October before the article: a past event told with a month and no year."""


@pytest.mark.parametrize(
    "body",
    [
        "Brazil's president \u2014 who faces a runoff in October \u2014 praised the agreement.",
        "Brazil's president\u2014who steps down in January\u2014welcomed the trade deal.",
        "Brazil's president \u2013 who faces a runoff in October \u2013 praised the agreement.",
        "Brazil's president -- who faces a runoff in October -- praised the agreement.",
        "Brazil's president - who faces a runoff in October - praised the agreement.",
        "Brazil's president (who faces a runoff in October) praised the agreement.",
        "Brazil's president, who faces a runoff in October, praised the agreement.",
        "Brazil's president, whose term ends in January, welcomed the trade deal.",
    ],
)
def test_a_month_in_a_relative_clause_does_not_date_the_stance(
    derive_text: DeriveText, body: str
) -> None:
    positions = events_of(derive_text(body, published=PUBLISHED, negotiation="eu-mercosur"),
                          "position_stated")  # fmt: skip
    assert [p.occurred for p in positions] == [ARTICLE_DAY]


@pytest.mark.parametrize(
    "body",
    [
        "Argentina rejected the offer, which expires in January.",
        "Argentina rejected the offer, which expires in January, on Friday.",
        "Argentina rejected the offer (which expires in January) on Friday.",
    ],
)
def test_a_month_in_a_clause_that_closes_the_sentence_does_not_date_the_answer(
    derive_text: DeriveText, body: str
) -> None:
    events = derive_text(body, published=PUBLISHED, negotiation="eu-mercosur")
    rejected = events_of(events, "proposal_rejected")
    assert len(rejected) == 1
    assert rejected[0].occurred != WorldDate(year=2019, month=1)


@pytest.mark.parametrize(
    ("body", "kind", "month"),
    [
        # the month outside any clause still dates the event
        ("Argentina in October criticised the agreement.", "position_stated", OCTOBER_BEFORE),
        ("Brazil praised the agreement in October.", "position_stated", OCTOBER_BEFORE),
        (
            "Brazil praised the agreement in October, which surprised Paraguay.",
            "position_stated",
            OCTOBER_BEFORE,
        ),
        # the event told inside the clause keeps the clause's month
        (
            "The EU praised the agreement with Mercosur, which Argentina had rejected in March.",
            "proposal_rejected",
            WorldDate(year=2019, month=3),
        ),
    ],
)
def test_a_month_outside_the_clause_or_with_the_clauses_own_event_still_dates_it(
    derive_text: DeriveText, body: str, kind: str, month: WorldDate
) -> None:
    events = events_of(derive_text(body, published=PUBLISHED, negotiation="eu-mercosur"), kind)
    assert [e.occurred for e in events] == [month]
