"""The fold's contract (pure, total, unknown types raise, retractions) and its merge, link
and status rules, on small hand-written event sets."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Literal
from uuid import UUID

import pytest
from seedlike import (
    AP,
    GN,
    NEG,
    article,
    gulf_events,
    record,
    retraction,
    seed_recorded,
    stated,
)

from timeline.domain.consolidation import similarity
from timeline.domain.envelope import NewEvent, RecordedEvent
from timeline.domain.events import (
    AgreementSigned,
    DomainEvent,
    MeetingHeld,
    PositionStated,
    ProposalAccepted,
    ProposalMade,
    ProposalRejected,
    RoundScheduled,
    TerminationClauseCited,
    TradeFigureReported,
)
from timeline.domain.state import evolve, initial_state
from timeline.domain.values import WorldDate
from timeline.domain.views import NONE_SCHEDULED, UNKNOWN, DateRange, NegotiationState
from timeline.errors import ProjectionError
from timeline.projections.negotiation import project


def fold_all(events: list[RecordedEvent]) -> NegotiationState:
    state = initial_state(NEG)
    for event in events:
        state = evolve(state, event)
    return state


# -- the fold's contract ---------------------------------------------------------------


def test_evolve_one_event_at_a_time_equals_project() -> None:
    events = seed_recorded()
    assert fold_all(events).model_dump_json() == project(events, NEG).model_dump_json()


def test_evolve_leaves_its_input_unchanged() -> None:
    events = seed_recorded()
    before = fold_all(events[:5])
    snapshot = before.model_dump_json()
    after = evolve(before, events[5])
    assert before.model_dump_json() == snapshot
    assert after.events_applied == before.events_applied + 1


def test_an_initial_state_knows_nothing() -> None:
    state = initial_state(NEG)
    assert state.status.value == "unknown"
    assert state.next_meeting.value == UNKNOWN
    assert state.termination_clause.notice_days == UNKNOWN
    assert state.agreement.in_force_since == UNKNOWN


class TreatyBurned(DomainEvent):
    """An event type no fold knows."""

    type: Literal["treaty_burned"] = "treaty_burned"


def unknown_event(position: int = 1) -> RecordedEvent:
    return RecordedEvent(
        position=position,
        stream_id="x",
        stream_version=1,
        event_id=UUID(int=1),
        recorded_at=datetime(2020, 1, 1, tzinfo=UTC),
        event=TreatyBurned(),
    )


def test_an_unknown_event_type_raises_and_is_never_skipped() -> None:
    with pytest.raises(ProjectionError) as raised:
        evolve(initial_state(NEG), unknown_event(position=42))
    assert raised.value.position == 42
    assert "treaty_burned" in str(raised.value)
    with pytest.raises(ProjectionError):
        project([*seed_recorded(), unknown_event(position=99)], NEG)


def test_a_state_read_back_from_json_cannot_evolve() -> None:
    state = NegotiationState.model_validate_json(project(seed_recorded(), NEG).model_dump_json())
    assert state.status.value == "stalled"
    with pytest.raises(ProjectionError):
        evolve(state, seed_recorded()[0])


# -- retraction --------------------------------------------------------------------------


def test_a_retraction_removes_the_event_as_if_never_derived() -> None:
    gulf = gulf_events()
    [clause] = [e for e in gulf if isinstance(e.event, TerminationClauseCited)]
    events = record([*gulf, retraction(clause, GN)])
    state = project(events, NEG)
    assert state.termination_clause.notice_days == UNKNOWN
    assert state.retracted == (clause.event_id,)
    without = project(record([e for e in gulf if e is not clause]), NEG)
    assert state.termination_clause == without.termination_clause
    assert state.proposals == without.proposals


def test_before_the_retraction_is_known_the_event_still_counts() -> None:
    gulf = gulf_events()
    [clause] = [e for e in gulf if isinstance(e.event, TerminationClauseCited)]
    events = record([*gulf, retraction(clause, GN)])
    assert project(events, NEG, known_at=len(gulf)).termination_clause.notice_days == 180


def test_retracting_every_rejection_reopens_the_proposal() -> None:
    seeds = seed_recorded()
    rejections = [e for e in seeds if isinstance(e.event, ProposalRejected)]
    events = record(
        [
            *(NewEvent(event_id=e.event_id, event=e.event) for e in seeds),
            *(
                retraction(NewEvent(event_id=e.event_id, event=e.event), AP if i == 0 else GN)
                for i, e in enumerate(rejections)
            ),
        ]
    )
    state = project(events, NEG)
    [us] = [p for p in state.proposals.values() if p.proposer == "US"]
    assert us.status == "countered"  # only KR's joint study answers it now
    assert us.link_rule == "matching-subject"


# -- consolidation -------------------------------------------------------------------------


def test_copies_of_one_wire_story_are_not_independent() -> None:
    events = record(
        [
            article("a1", "Straits Times", "Bloomberg"),
            article("a2", "Gulf News", "Bloomberg"),
            stated(MeetingHeld, "a1", "the sides met in Seoul", actor="KR+US", subject="talks"),
            stated(MeetingHeld, "a2", "both sides met in Seoul", actor="KR+US", subject="talks"),
        ]
    )
    [meeting] = project(events, NEG).meetings_held
    assert len(meeting.sources) == 2
    assert meeting.independent_sources == 1


def test_independent_outlets_count_twice_and_the_merge_rule_is_recorded() -> None:
    events = record(
        [
            article("a1", "Associated Press", None),
            article("a2", "Gulf News", "Bloomberg"),
            stated(MeetingHeld, "a1", "the sides met in Seoul", actor="KR+US", subject="talks"),
            stated(MeetingHeld, "a2", "both sides met in Seoul", actor="KR+US", subject="videos"),
        ]
    )
    state = project(events, NEG)
    [meeting] = state.meetings_held
    assert meeting.independent_sources == 2
    assert meeting.fact_id.startswith("f-")


def test_two_reports_in_one_article_are_never_merged() -> None:
    events = record(
        [
            stated(MeetingHeld, AP, "they met in the morning", actor="KR+US", subject="talks"),
            stated(MeetingHeld, AP, "they met again at night", actor="KR+US", subject="talks"),
        ]
    )
    assert len(project(events, NEG).meetings_held) == 2


def test_different_days_are_different_meetings() -> None:
    events = record(
        [
            stated(MeetingHeld, AP, "they met on Monday", actor="KR+US", subject="talks"),
            stated(
                MeetingHeld,
                GN,
                "they met on Tuesday",
                actor="KR+US",
                subject="talks",
                occurred="2017-08-21",
            ),
        ]
    )
    assert len(project(events, NEG).meetings_held) == 2


def test_subject_similarity_folds_synonyms() -> None:
    assert similarity("US proposal to amend the FTA", "US request to revise the deal") == 1.0
    assert similarity("joint study", "steel quotas") == 0.0


def test_equal_figures_from_independent_origins_are_corroborated() -> None:
    def figure(article_id: str, value: float) -> NewEvent:
        return stated(
            TradeFigureReported,
            article_id,
            f"a surplus of {value} billion",
            subject="services surplus",
            measure="services surplus",
            value=value,
            unit="billion USD",
            period="2016",
        )

    events = record(
        [
            article("a1", "Associated Press", None),
            article("a2", "Reuters", None),
            figure("a1", 10.7),
            figure("a2", 10.7),
        ]
    )
    [fig] = project(events, NEG).figures.values()
    assert fig.status == "corroborated"
    assert fig.measure == "services_surplus"
    [value] = fig.values
    assert value.independent_sources == 2


# -- proposal lifecycle ----------------------------------------------------------------------


def test_an_explicit_answer_reference_wins() -> None:
    first = stated(
        ProposalMade, AP, "US wants steel quotas", actor="US", target="KR", subject="steel quotas"
    )
    second = stated(
        ProposalMade,
        AP,
        "US wants car rules",
        actor="US",
        target="KR",
        subject="auto rules of origin",
        occurred="2017-08-23",
    )
    answer = stated(
        ProposalAccepted,
        GN,
        "Korea said yes to the steel quotas",
        actor="KR",
        target="US",
        subject="accepts",
        occurred="2017-08-24",
        answers=str(first.event_id),
    )
    state = project(record([first, second, answer]), NEG)
    by_subject = {p.subject: p for p in state.proposals.values()}
    assert by_subject["steel quotas"].status == "accepted"
    assert by_subject["steel quotas"].link_rule == "explicit"
    assert by_subject["auto rules of origin"].status == "open"


def test_the_only_open_proposal_is_linked_and_says_so() -> None:
    made = stated(
        ProposalMade, AP, "US wants steel quotas", actor="US", target="KR", subject="steel quotas"
    )
    answer = stated(
        ProposalRejected,
        GN,
        "Seoul said no",
        actor="KR",
        target="US",
        subject="Seoul says no",
        occurred="2017-08-23",
    )
    [proposal] = project(record([made, answer]), NEG).proposals.values()
    assert proposal.status == "rejected"
    assert proposal.link_rule == "only-open-proposal"


def test_a_later_proposal_on_the_same_subject_supersedes() -> None:
    old = stated(
        ProposalMade,
        AP,
        "US wants steel quotas",
        actor="US",
        target="KR",
        subject="steel import quotas",
    )
    new = stated(
        ProposalMade,
        GN,
        "US now wants lower steel quotas",
        actor="US",
        target="KR",
        subject="steel import quotas, lower",
        occurred="2017-09-01",
    )
    proposals = list(project(record([old, new]), NEG).proposals.values())
    assert [p.status for p in proposals] == ["superseded", "open"]


def test_a_negative_proposal_withdraws_an_open_one() -> None:
    made = stated(
        ProposalMade,
        AP,
        "US wants steel quotas",
        actor="US",
        target="KR",
        subject="steel import quotas",
    )
    dropped = stated(
        ProposalMade,
        GN,
        "US dropped its steel quota demand",
        actor="US",
        target="KR",
        subject="steel import quotas dropped",
        occurred="2017-09-01",
        polarity="negative",
    )
    [proposal] = project(record([made, dropped]), NEG).proposals.values()
    assert proposal.status == "withdrawn"


# -- next meeting and status rules --------------------------------------------------------


def test_a_scheduled_round_is_the_next_meeting_until_it_is_held() -> None:
    scheduled = stated(
        RoundScheduled,
        AP,
        "next round on Sept. 5",
        actor="KR+US",
        subject="second round",
        scheduled_for="2017-09-05",
    )
    state = project(record([scheduled]), NEG)
    assert state.next_meeting.value == WorldDate(year=2017, month=9, day=5)
    assert state.status.value == "not_started"
    held = stated(
        MeetingHeld,
        GN,
        "the second round opened",
        actor="KR+US",
        subject="second round",
        occurred="2017-09-05",
    )
    later = project(record([scheduled, held]), NEG)
    assert later.next_meeting.value == UNKNOWN
    assert "was held" in later.next_meeting.rule
    assert later.status.value == "negotiating"


def test_none_scheduled_comes_from_a_negative_schedule() -> None:
    none = [e for e in gulf_events() if isinstance(e.event, RoundScheduled)]
    assert project(record(none), NEG).next_meeting.value == NONE_SCHEDULED


def test_an_invoked_clause_terminates_after_the_notice_period() -> None:
    notice = stated(
        TerminationClauseCited,
        AP,
        "the US gave notice of termination",
        subject="US gives notice",
        invocable_by="any",
        notice_days=180,
        invoked=True,
        occurred="2018-01-10",
    )
    events = record([notice])
    notified = project(events, NEG, as_of=date(2018, 3, 1))
    assert notified.termination_clause.earliest_effective == DateRange(
        earliest=date(2018, 7, 9), latest=date(2018, 7, 9)
    )
    assert notified.status.value == "termination_notified"
    assert project(events, NEG, as_of=date(2018, 7, 9)).status.value == "terminated"


def test_a_milestone_without_later_talks_gives_the_status() -> None:
    signed = stated(
        AgreementSigned,
        AP,
        "the pact was signed",
        actor="KR+US",
        subject="signed",
        occurred="2007-06-30",
    )
    state = project(record([signed]), NEG)
    assert state.status.value == "signed"
    assert state.agreement.signed_on == WorldDate(year=2007, month=6, day=30)


def test_the_rendered_state_is_valid_and_round_trips_through_json() -> None:
    state = project(seed_recorded(), NEG)
    again = NegotiationState.model_validate_json(state.model_dump_json())
    assert again.model_dump_json() == state.model_dump_json()


def test_positions_with_a_generic_subject_are_told_apart_by_their_quotes() -> None:
    def position(article_id: str, quote: str) -> NewEvent:
        return stated(
            PositionStated,
            article_id,
            quote,
            actor="US",
            target="KR",
            subject="US states its position",
        )

    events = record(
        [
            position(AP, "the deal has been good for both countries, Seoul said"),
            position(GN, "Seoul calls the deal good for both of the countries"),
            position(GN, "talks will go on, the US official said"),
        ]
    )
    positions = project(events, NEG).positions["US"]
    assert [len(p.sources) for p in positions] == [2, 1]
    assert positions[0].sources[1].article_id == GN
