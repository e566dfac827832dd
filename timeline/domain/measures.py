"""Trade measures: one canonical snake_case name per measure, in events, state and exports.

A trade figure's ``measure`` is folded to its canonical name when the event is built or
decoded (so events stored under an older name, e.g. ``trade_deficit`` before extractor
1.3.2, read as ``goods_deficit``). A "trade deficit" with no qualifier is the goods deficit,
as in US Census and USTR usage; "partner rank" variants are ``trade_partner_rank``.
"""

from __future__ import annotations

import re

MEASURE_ALIASES: dict[str, str] = {
    "trade_deficit": "goods_deficit",
    "goods_trade_deficit": "goods_deficit",
    "merchandise_deficit": "goods_deficit",
    "merchandise_trade_deficit": "goods_deficit",
    "trade_surplus": "goods_surplus",
    "goods_trade_surplus": "goods_surplus",
    "merchandise_surplus": "goods_surplus",
    "services_trade_surplus": "services_surplus",
    "service_surplus": "services_surplus",
    "services_trade_deficit": "services_deficit",
    "partner_rank": "trade_partner_rank",
    "trading_partner_rank": "trade_partner_rank",
    "trade_partner_ranking": "trade_partner_rank",
    "bilateral_trade": "trade_volume",
    "bilateral_trade_volume": "trade_volume",
}
"""Other names of a measure -> its canonical name."""

_NON_WORD = re.compile(r"[^a-z0-9]+")


def canonical_measure(measure: str) -> str:
    """The measure's canonical snake_case name ("Trade deficit" -> ``goods_deficit``)."""
    name = _NON_WORD.sub("_", measure.lower()).strip("_")
    return MEASURE_ALIASES.get(name, name)
