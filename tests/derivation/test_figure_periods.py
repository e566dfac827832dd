"""A date phrase dates the amount it follows, up to the next amount; in "from X to Y", an
amount dated after publication is a goal, so the amount stated as it is now is the figure. A
ranking takes the date of its own clause, else the day it is stated."""

from __future__ import annotations

from datetime import date

import pytest

from tests.derivation.conftest import DeriveText
from timeline.domain.events import TradeFigureReported

PUBLISHED = date(2023, 5, 10)


def _figures(derive_text: DeriveText, body: str) -> list[tuple[float, str]]:
    return [
        (e.event.value, str(e.event.occurred))
        for e in derive_text(body, published=PUBLISHED, negotiation="india-uk")
        if isinstance(e.event, TradeFigureReported)
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # the amount as it stands, then a goal dated after publication: the present amount
        (
            "The two sides want to lift bilateral trade from roughly $30 billion today to "
            "$60 billion by 2035.",
            [(30.0, "2023-05-10")],
        ),
        (
            "Two-way trade, worth about $12 billion now, could double to $24 billion by 2030.",
            [(12.0, "2023-05-10")],
        ),
        (
            "Ministers hope bilateral trade will grow from $45 billion to $90 billion by the "
            "end of 2030, officials said.",
            [(45.0, "2023-05-10")],
        ),
        # a past date after the second amount is its own: the latest past amount wins
        (
            "Bilateral trade rose from $13 billion in 2015 to $20 billion last year.",
            [(20.0, "2022")],
        ),
        ("Bilateral trade was $20 billion in 2021, up from $13 billion in 2016.", [(20.0, "2021")]),
        (
            "Bilateral trade reached $45 billion last year and could hit $90 billion by 2030.",
            [(45.0, "2022")],
        ),
        # a lone goal keeps the date it names, as before
        ("The partners aim to lift bilateral trade to $100 billion by 2030.", [(100.0, "2030")]),
    ],
)
def test_a_date_phrase_dates_the_amount_it_follows(
    derive_text: DeriveText, body: str, expected: list[tuple[float, str]]
) -> None:
    assert _figures(derive_text, body) == expected


def _ranks(derive_text: DeriveText, body: str) -> list[tuple[float, str]]:
    return [
        (e.event.value, str(e.event.occurred))
        for e in derive_text(body, published=PUBLISHED, negotiation="india-uk")
        if isinstance(e.event, TradeFigureReported) and e.event.measure == "trade_partner_rank"
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a date right after the ranking, or before it in its own clause, is its period
        ("Britain was the fourth-largest trading partner of India last year.", [(4.0, "2022")]),
        ("India was Britain's 12th largest trading partner in 2021.", [(12.0, "2021")]),
        (
            "India overtook China last year as the second-largest trading partner of Britain.",
            [(2.0, "2022")],
        ),
        # no date of its own: the day it is stated
        ("Britain is the fourth-largest trading partner of India.", [(4.0, "2023-05-10")]),
        # the date of another clause, or past an amount, is not its period
        (
            "Since 2015, Britain has been the fourth-largest trading partner of India.",
            [(4.0, "2023-05-10")],
        ),
        (
            "Britain, which left the EU in 2020, is the fourth-largest trading partner of India.",
            [(4.0, "2023-05-10")],
        ),
        (
            "Britain is the fourth-largest trading partner of India and bilateral trade was "
            "$30 billion in 2022.",
            [(4.0, "2023-05-10")],
        ),
    ],
)
def test_a_ranking_takes_the_period_of_its_own_clause(
    derive_text: DeriveText, body: str, expected: list[tuple[float, str]]
) -> None:
    assert _ranks(derive_text, body) == expected
