"""The compact state document: it gives back exactly the state it was given, and anything
that is not such a document decodes to None, never to an exception."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from uuid import UUID

import pytest
from seedlike import seed_recorded

from timeline.domain.values import WorldDate
from timeline.domain.views import (
    DateRange,
    Judgement,
    NegotiationState,
    NextMeeting,
    Source,
    TerminationClause,
)
from timeline.projections.negotiation import negotiations_in, project
from timeline.projections.state_document import FORMAT, decode_state, encode_state


def seed_states() -> list[NegotiationState]:
    events = seed_recorded()
    return [project(events, name) for name in sorted(negotiations_in(events))]


def source(number: int) -> Source:
    return Source(
        event_id=UUID(int=number),
        position=number,
        event_type="proposal_made",
        article_id=f"a-{number}",
        origin="Some Wire",
        quote="a quote",
        start=0,
        end=7,
        rule_id="test.rule",
        reported_on=dt.date(2018, 3, 1),
    )


def unusual_state() -> NegotiationState:
    """Values of every kind a union holds: a date range, a notice in days, a datetime with
    its zone, a world date known to the month, a source cited twice, a float given as int."""
    shared = source(1)
    return NegotiationState(
        negotiation="korus",
        termination_clause=TerminationClause(
            notice_days=180,
            invoked=True,
            notice_given_on=WorldDate(year=2018, month=3),
            earliest_effective=DateRange(
                earliest=dt.date(2018, 8, 28), latest=dt.date(2018, 9, 27)
            ),
            notice_confidence=1,
            sources=(shared, source(2)),
            notice_sources=(shared,),
        ),
        next_meeting=NextMeeting(value="none scheduled", sources=(shared,)),
        retracted=(UUID(int=7), UUID(int=2**128 - 1)),
        judgements={
            str(UUID(int=3)): Judgement(
                event_id=UUID(int=3),
                verdict="confirmed",
                analyst="kim",
                judged_at=dt.datetime(2018, 3, 2, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=9))),
                position=3,
                event_type="proposal_made",
                article_id="a-3",
                quote="a quote",
            )
        },
    )


@pytest.mark.parametrize(
    "state", [*seed_states(), unusual_state(), NegotiationState(negotiation="x")]
)
def test_a_state_decodes_to_the_very_state_encoded(state: NegotiationState) -> None:
    document = encode_state(state)
    decoded = decode_state(document)
    assert decoded is not None
    assert decoded.model_dump_json() == state.model_dump_json()
    assert decoded == NegotiationState.model_validate_json(state.model_dump_json())
    assert encode_state(decoded) == document, "deterministic"


def test_a_source_cited_in_several_places_is_stored_once_and_decoded_once() -> None:
    document = encode_state(unusual_state())
    assert len(json.loads(document)["sources"][0]) == 2
    decoded = decode_state(document)
    assert decoded is not None
    clause = decoded.termination_clause
    assert clause.sources[0] is clause.notice_sources[0] is decoded.next_meeting.sources[0]


def test_the_document_is_smaller_than_pydantics_json() -> None:
    for state in seed_states():
        assert len(encode_state(state)) < len(state.model_dump_json()) * 0.8


@pytest.mark.parametrize(
    "document",
    [
        "",
        "not json",
        "[]",
        "null",
        '{"format": 1, "sources": [], "state": []}',
        f'{{"format": {FORMAT}, "sources": [], "state": []}}',
        f'{{"format": {FORMAT}, "sources": {{}}, "state": ["x"]}}',
        f'{{"format": {FORMAT}, "sources": [], "state": ["x"], "more": 1}}',
        '{"negotiation": "korus", "status": 12}',
    ],
)
def test_what_is_not_a_state_document_decodes_to_none(document: str) -> None:
    assert decode_state(document) is None


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*path, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    return found


def _replaced(data: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    copy = list(data) if isinstance(data, list) else dict(data)
    copy[path[0]] = _replaced(data[path[0]], path[1:], new)
    return copy


@pytest.mark.parametrize("new", [None, "2018-13", "x" * 40, -1, 10**6, 1.5, [], {}, [0, 1]])
def test_any_value_replaced_anywhere_never_crashes_the_decoder(new: Any) -> None:
    """Every node of a real document replaced by a value of another kind: the decoder returns
    a state or None, never raises (a forged document with a matching stamp is served as
    written, so a wrong leaf may decode; a wrong shape must not crash)."""
    data = json.loads(encode_state(unusual_state()))
    for state in seed_states()[:1]:
        data_seed = json.loads(encode_state(state))
        for path in _paths(data_seed)[::7]:
            decoded = decode_state(json.dumps(_replaced(data_seed, path, new)))
            assert decoded is None or isinstance(decoded, NegotiationState)
    for path in _paths(data):
        decoded = decode_state(json.dumps(_replaced(data, path, new)))
        assert decoded is None or isinstance(decoded, NegotiationState)
