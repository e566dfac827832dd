"""Then steps about meetings held and scheduled, and the next meeting."""

from __future__ import annotations

import datetime as dt

from timeline.domain.values import WorldDate
from timeline.domain.views import NegotiationState
from timeline.scenarios import describe
from timeline.scenarios.registry import then


@then("a meeting was held on {day:Day}", examples=["a meeting was held on 2017-08-22"])
def meeting_held(state: NegotiationState, day: dt.date) -> None:
    """Some meeting held on that day is known."""
    held = [m for m in state.meetings_held if m.date == WorldDate.of_day(day)]
    assert held, describe.meetings(state)


@then(
    'a meeting was held on {day:Day} in "{place:Quoted}"',
    examples=['a meeting was held on 2017-08-22 in "Seoul"'],
)
def meeting_held_in(state: NegotiationState, day: dt.date, place: str) -> None:
    """Some meeting held on that day in that place (as the article names it) is known."""
    held = [
        m
        for m in state.meetings_held
        if m.date == WorldDate.of_day(day) and (m.location or "").lower() == place.lower()
    ]
    assert held, describe.meetings(state)


@then("no meeting was held on {day:Day}", examples=["no meeting was held on 2017-08-23"])
def no_meeting_held(state: NegotiationState, day: dt.date) -> None:
    """No meeting held on that day is known."""
    held = [m for m in state.meetings_held if m.date == WorldDate.of_day(day)]
    assert not held, describe.meetings(state)


@then("no meeting is known")
def no_meeting(state: NegotiationState) -> None:
    """Neither a meeting held nor one scheduled is known."""
    assert not state.meetings_held and not state.meetings_scheduled, describe.meetings(state)


@then(
    'the next meeting is "{value:Quoted}"',
    examples=['the next meeting is "none scheduled"', 'the next meeting is "2017-10-04"'],
)
def next_meeting(state: NegotiationState, value: str) -> None:
    """The next meeting: a date ("2017-10-04"), "none scheduled" or "unknown"."""
    assert state.next_meeting.value == value, describe.meetings(state)
