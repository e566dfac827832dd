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
