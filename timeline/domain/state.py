"""The negotiation state and its pure fold: ``evolve(state, recorded_event) -> state``.

``evolve`` is total and pure: it never mutates its input, reads no clock, no environment
and no database. An event of a type the fold does not know raises ProjectionError. Long
folds (rebuilds, projections over a whole store) use :class:`NegotiationFold` directly and
render once at the end; ``evolve`` is the same fold one event at a time.
"""

from __future__ import annotations

from datetime import date

from timeline.domain.envelope import RecordedEvent
from timeline.domain.fold import PROJECTION, NegotiationFold
from timeline.domain.render import Consolidated, render
from timeline.domain.views import NegotiationState
from timeline.errors import ProjectionError

__all__ = ["NegotiationFold", "NegotiationState", "evolve", "initial_state", "state_of"]


def state_of(
    fold: NegotiationFold, as_of: date | None = None, parts: Consolidated | None = None
) -> NegotiationState:
    """Render a fold into a state that keeps a private copy of the fold, so it can evolve
    (``parts``: its consolidation, when already computed, see :func:`render`)."""
    state = render(fold, as_of, parts)
    state._fold = fold.copy()
    return state


def initial_state(negotiation: str, *, as_of: date | None = None) -> NegotiationState:
    """The state of a negotiation no event has mentioned yet: everything ``unknown``."""
    return state_of(NegotiationFold(negotiation), as_of)


def evolve(state: NegotiationState, event: RecordedEvent) -> NegotiationState:
    """The state after one more recorded event; the input state is left unchanged.

    Events of other negotiations leave the state as it was (articles are still registered,
    for source independence). Raises ProjectionError for an unknown event type, or when
    ``state`` was read back from JSON and carries no fold to continue from.
    """
    fold = state._fold
    if not isinstance(fold, NegotiationFold):
        raise ProjectionError(
            PROJECTION,
            "this state carries no fold (read back from JSON?); rebuild it from the events",
            position=event.position,
        )
    twin = fold.copy()
    twin.apply(event)
    return state_of(twin, state.as_of)
