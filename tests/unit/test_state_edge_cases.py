"""Valid events that once broke the state, each found by the property test of
tests/property/test_state_properties.py and kept here as a plain example."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from uuid import NAMESPACE_URL, uuid5

import pytest
from seedlike import AP, NEG, article, record, stated

from timeline import EventFileError, Timeline
from timeline.audit import explain, field_paths
from timeline.domain.envelope import NewEvent
from timeline.domain.events import EventRetracted, MeetingHeld, TerminationClauseCited
from timeline.projections.negotiation import project

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
AP_SEED = "ap-2017-08-22-korea-says-no"


def _notice(occurred: str, notice_days: int) -> NewEvent:
    return stated(
        TerminationClauseCited,
        AP,
        "either side may end the deal with notice, and one side gave it",
        actor="US",
        subject="the termination clause was invoked",
        occurred=occurred,
        invocable_by="any",
        notice_days=notice_days,
        invoked=True,
    )


@pytest.mark.parametrize("as_of", [None, date(2018, 3, 1), date(2018, 7, 1)])
def test_a_notice_known_only_to_the_month_gives_a_state_at_any_date(as_of: date | None) -> None:
    """Issue 9's repro: the earliest effective date of a notice dated to the month was
    stored as prose, and the status rules crashed parsing it back."""
    events = record([article(AP, "Associated Press", None), _notice("2017-12", 180)])
    state = project(events, NEG, as_of=as_of)
    assert state.termination_clause.invoked is True
    for path in field_paths(state):
        explain(state, path)


def test_a_notice_period_beyond_the_calendar_leaves_the_effective_date_unknown() -> None:
    events = record([article(AP, "Associated Press", None), _notice("9999-06", 10**6)])
    state = project(events, NEG)
    assert state.termination_clause.notice_days == 10**6
    assert state.termination_clause.earliest_effective == "unknown"
    for path in field_paths(state):
        explain(state, path)


def _retraction(target: NewEvent, negotiation: str) -> NewEvent:
    return NewEvent(
        event_id=uuid5(NAMESPACE_URL, f"retract/{negotiation}/{target.event_id}"),
        event=EventRetracted(
            retracted_event_id=target.event_id,
            negotiation=negotiation,
            article_id=AP,
            reason="no longer derived",
            extractor_version="test-2",
        ),
    )


def test_a_retraction_applies_to_the_negotiation_it_names_only() -> None:
    """The read model files a retraction under the negotiation it names, so the fold of
    another negotiation must not apply it either (else the read model and a full scan of
    the store disagree)."""
    meeting = stated(MeetingHeld, AP, "the two sides met in Seoul", actor="KR+US", subject="talks")
    base = [article(AP, "Associated Press", None), meeting]
    elsewhere = project(record([*base, _retraction(meeting, "nafta")]), NEG)
    assert len(elsewhere.meetings_held) == 1
    assert elsewhere.retracted == ()
    here = project(record([*base, _retraction(meeting, NEG)]), NEG)
    assert here.meetings_held == ()
    assert here.retracted == (meeting.event_id,)


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_a_figure_that_is_no_finite_number_is_refused_before_it_reaches_the_store(
    sqlite_database: str, tmp_path: Path, value: str
) -> None:
    """JSON allows NaN and infinities, the store writes them as null and then cannot read
    the event back: every later state of the negotiation failed. The event refuses them."""
    with Timeline.open(sqlite_database) as timeline:
        timeline.ingest([SEEDS / "2017-08-22-ap-korea-says-no.md"])
        text = timeline.recorder.read_stream(f"article:{AP_SEED}")[0].event
        quote = str(text.text)[:40]  # type: ignore[attr-defined]
        evidence = {"article_id": AP_SEED, "start": 0, "end": 40, "quote": quote}
        line = (
            '{"type": "trade_figure_reported", "negotiation": "korus", "actor": "US", '
            '"subject": "a figure", "reported_on": "2017-08-22", "measure": "goods_deficit", '
            f'"value": {value}, "unit": "USD bn", "evidence": [{json.dumps(evidence)}]}}'
        )
        events = tmp_path / "figure.jsonl"
        events.write_text(line + "\n", encoding="utf-8")
        before = timeline.recorder.max_position()
        with pytest.raises(EventFileError, match="finite number"):
            timeline.record(events)
        assert timeline.recorder.max_position() == before
        assert timeline.state("korus").figures
