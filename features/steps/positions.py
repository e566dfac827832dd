"""Then steps about the positions each party has stated, with their quotes."""

from __future__ import annotations

from pytest_bdd import then

from features.steps import describe
from features.steps.types import step
from timeline.domain.values import WorldDate
from timeline.domain.views import NegotiationState


def _quotes(state: NegotiationState, party: str) -> list[str]:
    return [quote for position in state.positions.get(party, ()) for quote in position.quotes]


def _normal(text: str) -> str:
    """Lower case, single spaces and straight quotes, so typography does not fail a match."""
    table = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
    return " ".join(text.translate(table).lower().split())


@then(step('"{party:Quoted}" has stated a position quoting "{fragment:Quoted}"'))
def position_quoting(state: NegotiationState, party: str, fragment: str) -> None:
    """One of the party's positions has a quote containing the fragment (case-insensitive)."""
    found = [q for q in _quotes(state, party) if _normal(fragment) in _normal(q)]
    assert found, describe.positions(state)


@then(step('"{party:Quoted}" has stated no position'))
def no_position(state: NegotiationState, party: str) -> None:
    """No position of the party is known."""
    assert not state.positions.get(party), describe.positions(state)


@then(step('"{party:Quoted}" has stated a position on {day:Period}'))
def position_on(state: NegotiationState, party: str, day: WorldDate) -> None:
    """One of the party's positions is dated so (a day, month or year, as precise as stated)."""
    dated = [p for p in state.positions.get(party, ()) if p.date == day]
    assert dated, describe.positions(state)
