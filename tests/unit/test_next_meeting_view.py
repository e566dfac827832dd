"""The next meeting, built from the fold's values without validating them again, equals
the view validated from the same fields, in each of the ways it is decided."""

from __future__ import annotations

import pytest
from seedlike import record, stated

from timeline.domain.consolidation import FactGroup, consolidate
from timeline.domain.events import MeetingHeld, RoundScheduled
from timeline.domain.fold import NegotiationFold
from timeline.domain.render import next_meeting_after
from timeline.domain.views import NextMeeting


def _groups(*events: object) -> list[FactGroup]:
    fold = NegotiationFold("korus")
    for recorded in record(events):  # type: ignore[arg-type]
        fold.apply(recorded)
    return consolidate(fold.facts.values())


def _schedule(**fields: object) -> object:
    fields.setdefault("subject", "the next round of talks")
    return stated(RoundScheduled, "s-1", "the next round is set", occurred="2017-08-22",
                  actor=["US"], target=["KR"], **fields)  # fmt: skip


def _held(day: str) -> object:
    return stated(MeetingHeld, f"h-{day}", f"they met on {day}", occurred=day,
                  actor=["US"], target=["KR"], subject="talks")  # fmt: skip


@pytest.mark.parametrize(
    ("schedule", "held", "value"),
    [
        (_schedule(scheduled_for="2017-10"), [], "2017-10"),
        (_schedule(scheduled_for="2017-10"), ["2017-10-04"], "unknown"),
        (_schedule(scheduled_for="2017-10"), ["2017-11-20"], "unknown"),
        (_schedule(polarity="negative"), [], "none scheduled"),
        (_schedule(), [], "unknown"),
    ],
    ids=["dated", "held-as-scheduled", "held-later", "none-scheduled", "undated"],
)
def test_the_next_meeting_equals_the_view_validated_from_its_fields(
    schedule: object, held: list[str], value: str
) -> None:
    latest, *meetings = _groups(schedule, *(_held(day) for day in held))
    built = next_meeting_after(latest, meetings, {})
    validated = NextMeeting.model_validate(dict(built.__dict__))
    assert built == validated
    assert [type(v) for v in built.__dict__.values()] == [
        type(v) for v in validated.__dict__.values()
    ]
    assert built.model_dump_json() == validated.model_dump_json()
    assert str(built.value) == value
    assert built.sources and built.stated_on is not None
