"""Analysts' judgements in the fold: a rejected event counts nowhere, a confirmed one is
``confirmed``, the latest judgement decides, and judgements of retracted events are kept."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from seedlike import (
    AP,
    GN,
    NEG,
    ap_events,
    article,
    by_type,
    event_id,
    gulf_events,
    record,
    retraction,
    stated,
)

from timeline.audit import explain, field_paths, replay
from timeline.domain.envelope import NewEvent, RecordedEvent
from timeline.domain.events import (
    EventConfirmed,
    EventRejected,
    NegotiationEvent,
    TalksStalled,
    TerminationClauseCited,
    TradeFigureReported,
)
from timeline.domain.fold import rejected_ids
from timeline.domain.state import evolve, initial_state
from timeline.domain.views import NegotiationState
from timeline.projections.negotiation import project


def judged(
    target: NewEvent,
    *,
    rejected: bool,
    analyst: str = "alice",
    reason: str | None = "misread",
    negotiation: str = NEG,
    nth: int = 1,
) -> NewEvent:
    event = target.event
    assert isinstance(event, NegotiationEvent)
    fields = {
        "judged_event_id": target.event_id,
        "negotiation": negotiation,
        "article_id": event.evidence[0].article_id,
        "event_type": event.type,
        "quote": event.evidence[0].quote,
        "analyst": analyst,
        "reason": reason,
    }
    model = EventRejected if rejected else EventConfirmed
    return NewEvent(
        event_id=event_id("judged", target.event_id, nth, rejected),
        event=model.model_validate(fields),
    )


def seeds() -> list[NewEvent]:
    return [*ap_events(), *gulf_events()]


def state_of(events: Sequence[NewEvent]) -> NegotiationState:
    return project(record(list(events)), NEG)


def only(events: Sequence[NewEvent], cls: type[NegotiationEvent], article_id: str) -> NewEvent:
    found = [
        e
        for e in by_type(events, cls)
        if isinstance(e.event, NegotiationEvent) and e.event.evidence[0].article_id == article_id
    ]
    assert len(found) == 1, found
    return found[0]


def goods_deficit_2016(state: NegotiationState) -> str:
    keys = [key for key in state.figures if key.startswith("goods_deficit.2016")]
    assert len(keys) == 1, keys
    return state.figures[keys[0]].status


def test_a_rejected_stall_leaves_the_stalls_and_the_status_reasons() -> None:
    events = seeds()
    stall = only(events, TalksStalled, AP)
    before = state_of(events)
    after = state_of([*events, judged(stall, rejected=True)])

    assert len(before.stalls) == 1 and after.stalls == ()
    assert any(r.key.startswith("stalled") for r in before.status.reasons)
    assert not any(r.key.startswith("stalled") for r in after.status.reasons)
    judgement = after.judgements[str(stall.event_id)]
    assert (judgement.verdict, judgement.analyst, judgement.reason) == (
        "rejected",
        "alice",
        "misread",
    )
    assert judgement.retracted is False


def test_rejecting_one_of_two_disagreeing_figures_ends_the_dispute() -> None:
    events = seeds()
    gulf_deficit = next(
        e
        for e in only_figures(events, GN)
        if isinstance(e.event, TradeFigureReported) and e.event.measure == "goods_deficit"
    )
    assert goods_deficit_2016(state_of(events)) == "disputed"

    after = state_of([*events, judged(gulf_deficit, rejected=True)])

    assert goods_deficit_2016(after) == "single_source"


def only_figures(events: Sequence[NewEvent], article_id: str) -> list[NewEvent]:
    return [
        e
        for e in by_type(events, TradeFigureReported)
        if isinstance(e.event, NegotiationEvent) and e.event.evidence[0].article_id == article_id
    ]


def test_a_confirmed_single_source_figure_is_confirmed_not_single_source() -> None:
    events = seeds()
    services = next(
        e
        for e in only_figures(events, AP)
        if isinstance(e.event, TradeFigureReported) and e.event.measure == "services_surplus"
    )
    before = state_of(events)
    after = state_of([*events, judged(services, rejected=False, reason=None)])

    key = next(k for k in before.figures if k.startswith("services_surplus"))
    assert before.figures[key].status == "single_source"
    assert after.figures[key].status == "confirmed"
    assert after.figures[key].values[0].sources[0].confirmed_by == "alice"


def _notice(confidence: float) -> NewEvent:
    return stated(
        TerminationClauseCited,
        AP,
        "one side served notice that it would leave the agreement",
        actor="US",
        subject="the termination clause was invoked",
        invocable_by="any",
        notice_days=180,
        invoked=True,
        confidence=confidence,
    )


def test_a_confirmed_lower_confidence_notice_counts_and_the_status_rests_on_it() -> None:
    notice = _notice(0.5)
    events = [article(AP, "Associated Press", None), notice]
    before = state_of(events)
    assert before.status.value != "termination_notified"
    assert before.status.reported  # listed, not counted

    after = state_of([*events, judged(notice, rejected=False)])

    assert after.termination_clause.notice_support == "confirmed"
    assert after.status.value == "termination_notified"
    assert after.status.support == "confirmed"
    assert after.status.reported == ()


def test_the_latest_judgement_decides_and_a_confirmation_undoes_a_rejection() -> None:
    events = seeds()
    stall = only(events, TalksStalled, AP)
    rejected = judged(stall, rejected=True)
    confirmed = judged(stall, rejected=False, analyst="bob", reason="re-read: it is a stall", nth=2)

    state = state_of([*events, rejected, confirmed])

    assert len(state.stalls) == 1
    assert state.stalls[0].support == "confirmed"
    assert state.judgements[str(stall.event_id)].analyst == "bob"
    assert rejected_ids(record([*events, rejected])) == {stall.event_id}
    assert rejected_ids(record([*events, rejected, confirmed])) == set()


def test_a_judgement_of_a_retracted_event_is_kept_and_says_so() -> None:
    events = seeds()
    stall = only(events, TalksStalled, AP)
    for tail in (
        [judged(stall, rejected=True), retraction(stall, AP)],
        [retraction(stall, AP), judged(stall, rejected=True)],
    ):
        state = state_of([*events, *tail])
        assert state.stalls == ()
        assert state.judgements[str(stall.event_id)].retracted is True


def test_a_judgement_filed_under_another_negotiation_changes_nothing_here() -> None:
    events = seeds()
    stall = only(events, TalksStalled, AP)
    state = state_of([*events, judged(stall, rejected=True, negotiation="nafta")])
    assert len(state.stalls) == 1
    assert state.judgements == {}


def test_evolving_event_by_event_gives_the_state_of_the_whole_fold() -> None:
    events = seeds()
    stall = only(events, TalksStalled, AP)
    notice = _notice(0.5)
    tail = [
        notice,
        judged(stall, rejected=True),
        judged(notice, rejected=False),
        judged(stall, rejected=False, nth=2),
        judged(stall, rejected=True, nth=3),
    ]
    recorded = record([*events, *tail])
    state = initial_state(NEG)
    for item in recorded:
        state = evolve(state, item)
    assert state.model_dump() == project(recorded, NEG).model_dump()


def test_explain_shows_a_rejected_event_beside_the_fields_built_from_its_kind() -> None:
    events = seeds()
    stall = only(events, TalksStalled, AP)
    state = state_of([*events, judged(stall, rejected=True, reason="no stall: talks go on")])

    status = explain(state, "status")
    assert [j.event_id for j in status.rejected] == [stall.event_id]
    assert all(s.event_id != stall.event_id for s in status.sources)
    assert explain(state, "next_meeting").rejected == ()
    judgement = explain(state, f"judgements.{stall.event_id}")
    assert any("no stall: talks go on" in rule and "alice" in rule for rule in judgement.rules)
    for path in field_paths(state):
        explain(state, path)


def test_replay_shows_the_rejection_as_a_step_that_changes_the_state() -> None:
    events = seeds()
    stall = only(events, TalksStalled, AP)
    recorded: list[RecordedEvent] = record([*events, judged(stall, rejected=True)])

    steps = list(replay(recorded, NEG))

    last = steps[-1]
    assert last.type == "event_rejected"
    assert "alice rejected talks_stalled" in last.summary and "misread" in last.summary
    paths = {change.path for change in last.changes}
    assert any(path.startswith("stalls.") for path in paths)
    assert f"judgements.{stall.event_id}.verdict" in paths
    assert last.state is not None and last.state.stalls == ()


def test_a_judgement_needs_an_analyst_and_a_rejection_a_reason() -> None:
    import pytest
    from pydantic import ValidationError

    stall = only(seeds(), TalksStalled, AP)
    with pytest.raises(ValidationError):
        judged(stall, rejected=True, reason="")
    with pytest.raises(ValidationError):
        judged(stall, rejected=True, analyst="")
    assert isinstance(judged(stall, rejected=False, reason=None).event_id, UUID)
