"""A derived trade figure carries the one measure name the state, explain and exports use."""

from __future__ import annotations

import pytest

from tests.derivation.conftest import DeriveText
from timeline.domain.events import TradeFigureReported


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
    """The event and its subject say the canonical measure (never ``trade_deficit``)."""
    figures = [
        e.event
        for e in derive_text(body, negotiation="korus")
        if isinstance(e.event, TradeFigureReported)
    ]
    assert [(f.measure, f.subject.split()[0]) for f in figures] == [(measure, measure)]


# -- a bloc's weight in the world ---------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "measure", "value"),
    [
        (
            "Its eleven members account for roughly 14 percent of the world's economic output.",
            "world_gdp_share",
            14.0,
        ),
        ("The partners together represent a quarter of global GDP.", "world_gdp_share", 25.0),
        (
            "The pact covers nearly half of the world's population, officials said.",
            "world_population_share",
            50.0,
        ),
        (
            "The bloc, home to a third of global consumers, met on Sunday.",
            "world_population_share",
            33.3,
        ),
        ("Between them they make up 27.5% of world trade.", "world_trade_share", 27.5),
        ("The signatories produce one-fifth of global exports.", "world_export_share", 20.0),
    ],
)
def test_a_blocs_share_of_the_world_is_a_figure(
    derive_text: DeriveText, body: str, measure: str, value: float
) -> None:
    figures = [
        e.event
        for e in derive_text(body, negotiation="rcep")
        if isinstance(e.event, TradeFigureReported)
    ]
    assert [(f.measure, f.value, f.unit) for f in figures] == [(measure, value, "percent")]


@pytest.mark.parametrize(
    "body",
    [
        "Half of the world's population lives in Asia, the minister said.",
        "A third of global trade still moves by sea.",
        "The region's growth outpaced a quarter of the world's forecasts.",
        "The members account for many of the world's fastest-growing economies.",
    ],
)
def test_a_share_of_the_world_the_bloc_does_not_carry_is_no_figure(
    derive_text: DeriveText, body: str
) -> None:
    figures = [
        e for e in derive_text(body, negotiation="rcep") if e.type == "trade_figure_reported"
    ]
    assert figures == []
