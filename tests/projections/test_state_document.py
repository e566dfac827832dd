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
    Fact,
    Judgement,
    NegotiationState,
    NextMeeting,
    Source,
    TerminationClause,
)
from timeline.projections.negotiation import negotiations_in, project
from timeline.projections.state_document import (
    FORMAT,
    SECTIONS,
    decode_section,
    decode_state,
    decode_summary,
    encode_state,
    section_value,
)


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
    encoded = encode_state(state)
    decoded = decode_state(encoded.summary, encoded.sections)
    assert decoded is not None
    assert decoded.model_dump_json() == state.model_dump_json()
    assert decoded == NegotiationState.model_validate_json(state.model_dump_json())
    assert encode_state(decoded) == encoded, "deterministic"


@pytest.mark.parametrize("state", [*seed_states(), unusual_state()])
def test_the_summary_holds_every_section_empty_and_each_sections_count_and_digest(
    state: NegotiationState,
) -> None:
    encoded = encode_state(state)
    summary = decode_summary(encoded.summary)
    assert summary is not None
    for path in SECTIONS:
        assert not section_value(summary.state, path), path
        ref = summary.sections[path]
        assert ref.count == len(section_value(state, path))
        assert ref.size == len(encoded.sections[path])
        found = decode_section(path, encoded.sections[path])
        assert found is not None and found[0] == section_value(state, path)
    assert summary.state.status.value == state.status.value
    assert summary.state.agreement.reached_on == state.agreement.reached_on


@pytest.mark.parametrize("same_object", [True, False], ids=["one object", "equal objects"])
def test_a_source_cited_in_several_places_of_a_document_is_stored_once_and_decoded_once(
    same_object: bool,
) -> None:
    shared = source(1)
    threats = tuple(
        Fact(
            fact_id=f"f-{n}",
            type="withdrawal_threatened",
            subject="exit",
            sources=(shared if same_object else source(1),),
            independent_sources=1,
        )
        for n in range(2)
    )
    encoded = encode_state(NegotiationState(negotiation="korus", withdrawal_threats=threats))
    document = encoded.sections["withdrawal_threats"]
    assert len(json.loads(document)["sources"][0]) == 1
    found = decode_section("withdrawal_threats", document)
    assert found is not None
    first, second = found[0]
    assert first.sources[0] is second.sources[0]


def test_the_documents_are_smaller_than_pydantics_json() -> None:
    for state in seed_states():
        assert encode_state(state).size < len(state.model_dump_json()) * 0.8


def test_a_state_whose_sections_are_missing_or_not_their_documents_decodes_to_none() -> None:
    encoded = encode_state(unusual_state())
    sections = dict(encoded.sections)
    assert decode_state(encoded.summary, sections) is not None
    del sections["proposals"]
    assert decode_state(encoded.summary, sections) is None
    swapped = {**encoded.sections, "proposals": encoded.sections["figures"]}
    assert decode_state(encoded.summary, swapped) is None
    assert decode_section("proposals", encoded.sections["figures"]) is None  # another's


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
        f'{{"format": {FORMAT}, "sections": {{}}, "sources": [], "state": ["x"]}}',
        f'{{"format": {FORMAT}, "section": "proposals", "sources": [], "value": {{}}}}',
        '{"negotiation": "korus", "status": 12}',
    ],
)
def test_what_is_not_a_state_document_decodes_to_none(document: str) -> None:
    assert decode_state(document, encode_state(unusual_state()).sections) is None
    assert decode_summary(document) is None
    assert decode_section("proposals", document) is None


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


REPLACEMENTS: list[Any] = [None, "2018-13", "x" * 40, -1, 10**6, 1.5, [], {}, [0, 1]]
"""Values of every other kind a forged document could hold in place of any node."""
KINDS_PER_NODE = 3


@pytest.mark.parametrize("turn", range(KINDS_PER_NODE))
def test_any_value_replaced_anywhere_never_crashes_the_decoder(turn: int) -> None:
    """Every node of a real document replaced by a value of another kind: the decoder returns
    a state or None, never raises (a forged document with a matching stamp is served as
    written, so a wrong leaf may decode; a wrong shape must not crash). Node ``i`` gets
    ``KINDS_PER_NODE`` of the replacements, one per turn (``REPLACEMENTS[i + turn * 3]``):
    every kind replaces a third of the nodes, of every depth and shape."""
    step = len(REPLACEMENTS) // KINDS_PER_NODE

    def new(place: int) -> Any:
        return REPLACEMENTS[(place + turn * step) % len(REPLACEMENTS)]

    for state in [*seed_states()[:1], unusual_state()]:
        encoded = encode_state(state)
        summary = json.loads(encoded.summary)
        paths = _paths(summary)[:: 1 if state.negotiation == "korus" else 7]
        for place, path in enumerate(paths):
            found = decode_summary(json.dumps(_replaced(summary, path, new(place))))
            assert found is None or isinstance(found.state, NegotiationState)
        for name, document in encoded.sections.items():
            data = json.loads(document)
            for place, path in enumerate(_paths(data)[:: 1 if len(document) < 5000 else 7]):
                decode_section(name, json.dumps(_replaced(data, path, new(place))))  # never raises
