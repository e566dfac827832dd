"""Trade figures in unfamiliar wording: agencies as sources, volumes, shares, ranks, tariffs."""

from __future__ import annotations

from datetime import date

import pytest

from tests.derivation.conftest import DeriveText
from timeline.domain.events import TradeFigureReported


def _figures(derive_text: DeriveText, body: str, **kwargs: object) -> list[TradeFigureReported]:
    events = derive_text(body, **kwargs)
    return [e.event for e in events if isinstance(e.event, TradeFigureReported)]


@pytest.mark.parametrize(
    ("body", "negotiation", "party"),
    [
        (
            "America's goods gap with Korea shrank to a $19.4 billion deficit last year, "
            "according to the Census Bureau.",
            "korus",
            "US",
        ),
        (
            "Canadian exports to the United States reached $402 billion in 2016, Statistics "
            "Canada reported.",
            "nafta",
            "CA",
        ),
        (
            "According to INEGI, Mexican exports to its northern neighbour climbed to $302 "
            "billion last year.",
            "nafta",
            "MX",
        ),
        (
            "Imports from the bloc came to £341bn in 2017, the Office for National Statistics "
            "said.",
            "brexit",
            "UK",
        ),
        (
            "Chinese exports to America rose to $478 billion in 2018, according to data "
            "from China's customs.",
            "us-china",
            "CN",
        ),
        (
            "Canada shipped 2.1 million tonnes of aluminum south last year, data from "
            "Statistics Canada showed.",
            "nafta",
            "CA",
        ),
        (
            "The bloc ran a €10 billion surplus with Britain in 2018, figures released by "
            "Eurostat showed.",
            "brexit",
            "EU",
        ),
    ],
)
def test_a_figure_credited_to_an_agency_is_its_partys(
    derive_text: DeriveText, body: str, negotiation: str, party: str
) -> None:
    (figure,) = _figures(derive_text, body, negotiation=negotiation, published=date(2019, 3, 1))
    assert figure.actor == (party,)


def test_the_ministry_said_is_the_ministry_named_before(derive_text: DeriveText) -> None:
    body = (
        "South Korea's Ministry of Trade, Industry and Energy said the talks went well.\n\n"
        "Shipments of Korean goods to America rose 4 percent to $70.1 billion in 2018, the "
        "ministry said on Wednesday."
    )
    (figure,) = _figures(derive_text, body, published=date(2019, 1, 3))
    assert figure.actor == ("KR",)
    assert figure.measure == "exports"
    assert str(figure.occurred) == "2018"


@pytest.mark.parametrize(
    "body",
    [
        "Trade among the three partners has roughly quadrupled since the pact took effect "
        "in 1994, reaching more than $1.1 trillion a year.",
        "Two-way trade between the neighbours topped $600 billion last year.",
        "Trade across the Channel was worth more than £420bn in 2018.",
        "Total trade with the bloc exceeded €500 billion.",
    ],
)
def test_trade_totals_in_other_words(derive_text: DeriveText, body: str) -> None:
    (figure,) = _figures(derive_text, body, negotiation="nafta", published=date(2019, 5, 2))
    assert figure.measure == "trade_volume"
    assert figure.occurred is None or str(figure.occurred) != "1994"


def test_a_pound_amount_keeps_its_currency(derive_text: DeriveText) -> None:
    (figure,) = _figures(
        derive_text,
        "Trade across the Channel was worth more than £420bn in 2018.",
        negotiation="brexit",
        published=date(2019, 5, 2),
    )
    assert (figure.value, figure.unit) == (420.0, "GBP billion")


@pytest.mark.parametrize(
    ("body", "unit"),
    [
        ("Seoul shipped 2.9 million tons of steel to America in 2017.", "million tons"),
        ("Korean carmakers exported 845,000 vehicles to the U.S. last year.", "vehicles"),
        ("Canada sold 3.4 million barrels of crude a day to the United States.", "million barrels"),
    ],
)
def test_volumes_shipped_are_figures(derive_text: DeriveText, body: str, unit: str) -> None:
    (figure,) = _figures(derive_text, body, published=date(2018, 3, 1))
    assert figure.unit == unit
    assert figure.measure == "export_volume"


@pytest.mark.parametrize(
    "body",
    [
        "Korea's steel exports to the U.S. are capped at 2.7 million tons a year.",
        "American carmakers may each ship 50,000 cars a year to Korea under the new rules.",
        "A side letter exempts Korean trucks from future tariffs, up to 1.5 million vehicles.",
    ],
)
def test_caps_and_quotas_are_not_figures(derive_text: DeriveText, body: str) -> None:
    assert _figures(derive_text, body, published=date(2018, 3, 1)) == []


@pytest.mark.parametrize(
    ("body", "value", "economy"),
    [
        ("Canada sends about three-quarters of its exports to the United States.", 75.0, "CA"),
        ("The bloc bought 45% of Britain's exports of goods in 2018.", 45.0, "UK"),
        ("Roughly half of Mexico's imports come from its northern neighbour.", 50.0, "MX"),
        ("China took about 26 percent of South Korea's exports last year.", 26.0, "KR"),
    ],
)
def test_shares_of_a_flow_are_figures(
    derive_text: DeriveText, body: str, value: float, economy: str
) -> None:
    (figure,) = _figures(derive_text, body, negotiation=None, published=date(2019, 2, 1))
    assert figure.value == value
    assert figure.unit == "percent"
    assert figure.economy == (economy,)


@pytest.mark.parametrize(
    ("body", "rank"),
    [
        ("Korea is the third-largest supplier of steel to the United States.", 3),
        ("Mexico has become America's second-biggest export market.", 2),
        ("For Seoul, Washington remains the largest customer for its cars.", 1),
        ("The U.S. is Canada's top trading partner.", 1),
    ],
)
def test_ranks_beyond_trading_partner(derive_text: DeriveText, body: str, rank: int) -> None:
    figures = _figures(derive_text, body)
    assert [f.value for f in figures if f.measure == "trade_partner_rank"] == [float(rank)]


@pytest.mark.parametrize(
    "body",
    [
        "Korea is one of the largest suppliers of steel to the United States.",
        "The United States is the world's largest market for cars.",
    ],
)
def test_not_a_rank_between_parties(derive_text: DeriveText, body: str) -> None:
    assert _figures(derive_text, body) == []


@pytest.mark.parametrize(
    "body",
    [
        "Washington held off 15% tariffs on about $160 billion of Chinese imports.",
        "The tariff it imposed on Sept. 1 on another $120 billion of goods will be halved.",
        "Duties covering some $34 billion of imports took effect on Friday.",
        "Beijing retaliated with levies against $60 billion of American exports.",
    ],
)
def test_goods_under_a_tariff_are_not_figures(derive_text: DeriveText, body: str) -> None:
    assert _figures(derive_text, body, negotiation="us-china", published=date(2019, 9, 20)) == []


@pytest.mark.parametrize(
    ("body", "measure"),
    [
        ("Washington's trade deficit with Seoul stood at $18.2 billion in 2015.", "goods_deficit"),
        ("The deficit with Mexico widened to $63 billion last year.", "goods_deficit"),
        ("Its trade gap with Ottawa was $11 billion in 2016.", "goods_deficit"),
        ("Seoul ran a trade surplus of $20.1 billion with the U.S. in 2016.", "goods_surplus"),
        ("The goods deficit with Korea reached $27.5 billion in 2016.", "goods_deficit"),
        ("Korea is America's sixth-largest trading partner.", "trade_partner_rank"),
    ],
)
def test_a_figure_is_derived_under_the_one_name_the_state_uses(
    derive_text: DeriveText, body: str, measure: str
) -> None:
    """The event, its subject and the state's figure key all say the canonical measure."""
    (figure,) = _figures(derive_text, body, negotiation="korus")
    assert figure.measure == measure
    assert figure.subject.split()[0] == measure
