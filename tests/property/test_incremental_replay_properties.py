"""The live flattened state equals a full render after every event, on arbitrary stores.

:class:`timeline.incremental.LiveRender` keeps the state rendered event by event (groups,
the proposal lifecycle rewound and folded on, retractions rewinding a type's
consolidation). For every store of valid events ``state_scenarios`` draws, every
negotiation and a few ``as_of`` dates, its flattened state must equal the flattened full
render of the same fold after each event: with the scenarios' sequential event ids (whose
fact ids collide, which the live state meets by rendering in full) and with the ids spread
(which it follows incrementally). No database: the in-memory store.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from datetime import date

from hypothesis import HealthCheck, given, note, settings
from state_scenarios import Scenario, scenarios

from timeline.domain.envelope import NewEvent, RecordedEvent
from timeline.domain.events import EventJudged, EventRetracted, NegotiationEvent
from timeline.domain.render import render
from timeline.incremental import LiveRender, flat
from timeline.store.memory import InMemoryRecorder


def _spread(event_id: uuid.UUID) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"event-{event_id.int}")


def _respread(new: NewEvent) -> NewEvent:
    """The same event under a spread id (references to other events follow)."""
    event = new.event
    if isinstance(event, EventRetracted):
        event = event.model_copy(update={"retracted_event_id": _spread(event.retracted_event_id)})
    elif isinstance(event, EventJudged):
        event = event.model_copy(update={"judged_event_id": _spread(event.judged_event_id)})
    elif isinstance(event, NegotiationEvent) and getattr(event, "answers", None):
        answers = str(event.model_dump()["answers"])
        with contextlib.suppress(ValueError):
            answers = str(_spread(uuid.UUID(answers)))
        event = event.model_copy(update={"answers": answers})
    return NewEvent(event_id=_spread(new.event_id), event=event)


def _recorded(scenario: Scenario, *, spread: bool) -> list[RecordedEvent]:
    recorder = InMemoryRecorder()
    for append in scenario.appends:
        events = [_respread(new) if spread else new for new in append.events]
        recorder.append(append.stream, events, expected_version=None)
    return list(recorder.read_all())


def _check(
    recorded: list[RecordedEvent], negotiation: str, as_of: date | None, *, spread: bool
) -> None:
    live = LiveRender(negotiation, as_of=as_of)
    for event in recorded:
        live.apply(event)
        assert live.flat == flat(render(live.fold, as_of)), (negotiation, as_of, event.position)
        assert live.incremental or not spread, "distinct fact ids never collide"


@settings(
    max_examples=int(os.environ.get("TIMELINE_REPLAY_EXAMPLES", "40")),
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(scenario=scenarios(max_articles=5, max_events=8))
def test_the_live_state_equals_a_full_render_after_every_event(scenario: Scenario) -> None:
    note(scenario.describe())
    for spread in (False, True):
        recorded = _recorded(scenario, spread=spread)
        for negotiation in sorted(scenario.negotiations):
            for as_of in (None, *scenario.dates[:2]):
                _check(recorded, negotiation, as_of, spread=spread)
