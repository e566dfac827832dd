"""Then steps about the positions each party has stated, with their quotes."""

from __future__ import annotations

from timeline.domain.values import WorldDate
from timeline.domain.views import NegotiationState
from timeline.scenarios import describe
from timeline.scenarios.registry import then


def _quotes(state: NegotiationState, party: str) -> list[str]:
    return [quote for position in state.positions.get(party, ()) for quote in position.quotes]


def _normal(text: str) -> str:
    """Lower case, single spaces and straight quotes, so typography does not fail a match."""
    table = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
    return " ".join(text.translate(table).lower().split())


@then(
    '"{party:Quoted}" has stated a position quoting "{fragment:Quoted}"',
    examples=['"KR" has stated a position quoting "mutually beneficial"'],
)
def position_quoting(state: NegotiationState, party: str, fragment: str) -> None:
    """One of the party's positions has a quote containing the fragment (case-insensitive)."""
    found = [q for q in _quotes(state, party) if _normal(fragment) in _normal(q)]
    assert found, describe.positions(state)


@then('"{party:Quoted}" has stated no position', examples=['"CA" has stated no position'])
def no_position(state: NegotiationState, party: str) -> None:
    """No position of the party is known."""
    assert not state.positions.get(party), describe.positions(state)


@then(
    '"{party:Quoted}" has stated a position on {day:Period}',
    examples=['"US" has stated a position on 2017-06'],
)
def position_on(state: NegotiationState, party: str, day: WorldDate) -> None:
    """One of the party's positions is dated so (a day, month or year, as precise as stated)."""
    dated = [p for p in state.positions.get(party, ()) if p.date == day]
    assert dated, describe.positions(state)
