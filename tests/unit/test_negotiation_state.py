"""The negotiation state folded from hand-written seed-like events: the seed outcomes."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

import pytest
from seedlike import (
    AP,
    DAY,
    GN,
    T0,
    ap_events,
    gulf_events,
    record,
    seed_recorded,
)

from timeline.domain.envelope import NewEvent
from timeline.domain.events import ProposalMade, ProposalRejected, TerminationClauseCited
from timeline.domain.values import WorldDate
from timeline.domain.views import NONE_SCHEDULED, UNKNOWN, NegotiationState, Proposal
from timeline.projections.negotiation import negotiations_in, project


@pytest.fixture(scope="module")
def state() -> NegotiationState:
    return project(seed_recorded(), "korus", as_of=DAY)


def the_proposal(state: NegotiationState, proposer: str, kind: str) -> Proposal:
    found = [p for p in state.proposals.values() if p.proposer == proposer and p.kind == kind]
    assert len(found) == 1, found
    return found[0]


def test_the_us_amendment_proposal_is_rejected_by_korea(state: NegotiationState) -> None:
    proposal = the_proposal(state, "US", "proposal")
    assert proposal.addressee == "KR"
    assert proposal.status == "rejected"
    assert proposal.answered_by == "KR"
    assert proposal.answered_on == WorldDate(year=2017, month=8, day=22)
    assert proposal.link_rule == "matching-subject"
    assert {s.article_id for s in proposal.sources} == {AP, GN}
    assert proposal.independent_sources == 2


def test_the_korean_joint_study_awaits_the_us_answer(state: NegotiationState) -> None:
    study = the_proposal(state, "KR", "joint_study")
    us = the_proposal(state, "US", "proposal")
    assert study.status == "open"
    assert study.addressee == "US"
    assert study.in_answer_to == us.id
    assert len(state.proposals) == 2


def test_proposal_ids_are_deterministic() -> None:
    assert list(project(seed_recorded(), "korus").proposals) == list(
        project(seed_recorded(), "korus").proposals
    )


def test_the_termination_clause_any_party_180_days(state: NegotiationState) -> None:
    clause = state.termination_clause
    assert clause.invocable_by == "any"
    assert clause.notice_days == 180
    assert clause.invoked is False
    assert clause.earliest_effective == "not invoked"
    assert [s.article_id for s in clause.sources] == [GN]


def test_the_meeting_in_seoul_and_no_next_meeting(state: NegotiationState) -> None:
    [meeting] = state.meetings_held
    assert meeting.date == WorldDate(year=2017, month=8, day=22)
    assert meeting.location == "Seoul"
    assert meeting.independent_sources == 2
    assert state.next_meeting.value == NONE_SCHEDULED
    assert state.next_meeting.stated_on == WorldDate(year=2017, month=8, day=22)


def test_positions_of_both_sides_with_quotes(state: NegotiationState) -> None:
    assert set(state.positions) == {"KR", "US"}
    kr_quotes = [q for p in state.positions["KR"] for q in p.quotes]
    assert "Korea calls the deal good for both sides" in kr_quotes
    us = state.positions["US"]
    assert [str(p.date) for p in us] == ["2017-06", "2017-08-22"]


def test_the_goods_deficit_is_disputed_with_both_quotes(state: NegotiationState) -> None:
    figure = state.figures["goods_deficit.2016"]
    assert figure.status == "disputed"
    assert sorted(v.value for v in figure.values) == [27.6, 27.7]
    quotes = {v.value: v.sources[0].quote for v in figure.values}
    assert "27.6" in quotes[27.6] and "27.7" in quotes[27.7]
    assert {v.value: v.whose for v in figure.values} == {27.6: None, 27.7: "US"}


def test_the_partner_rank_is_disputed(state: NegotiationState) -> None:
    figure = state.figures["trade_partner_rank.2017"]
    assert figure.status == "disputed"
    assert sorted(v.value for v in figure.values) == [6, 7]
    assert figure.period_rule == "no period stated: year of the statement"


def test_a_single_source_figure(state: NegotiationState) -> None:
    assert state.figures["services_surplus.2016"].status == "single_source"


def test_the_agreement_in_force_since_2012(state: NegotiationState) -> None:
    assert state.agreement.in_force_since == WorldDate(year=2012)
    assert state.agreement.in_force_precision == "year"
    assert state.agreement.signed_on == UNKNOWN
    assert state.parties == ("KR", "US")


def test_status_is_stalled_as_of_the_talks(state: NegotiationState) -> None:
    assert state.status.value == "stalled"
    assert state.status.rule == "S5 stalled"
    texts = " | ".join(r.text for r in state.status.reasons)
    assert "rejected by KR" in texts
    assert "awaiting an answer from US" in texts
    assert "no next meeting scheduled" in texts


def test_state_before_the_talks() -> None:
    before = project(seed_recorded(), "korus", as_of=date(2017, 8, 1))
    assert before.proposals == {}
    assert before.meetings_held == ()
    assert before.next_meeting.value == UNKNOWN
    assert before.termination_clause.notice_days == UNKNOWN
    assert before.status.value == "in_force"
    assert before.status.rule == "S3 milestone"


def test_an_event_known_to_the_month_counts_from_its_first_day() -> None:
    mid_june = project(seed_recorded(), "korus", as_of=date(2017, 6, 15))
    assert [p.date for p in mid_june.positions["US"]] == [WorldDate(year=2017, month=6)]
    [note] = [n for n in mid_june.date_notes if n.date == WorldDate(year=2017, month=6)]
    assert note.counted_from == date(2017, 6, 1)
    assert note.counted_from == date(2017, 6, 1)
    may = project(seed_recorded(), "korus", as_of=date(2017, 5, 31))
    assert "US" not in may.positions


def test_before_anything_is_stated_everything_is_unknown() -> None:
    empty = project(seed_recorded(), "korus", as_of=date(2011, 1, 1))
    assert empty.status.value == "unknown"
    assert empty.agreement.in_force_since == UNKNOWN
    assert empty.figures == {}


def test_known_at_after_each_article() -> None:
    events = seed_recorded()
    ap_only = len(ap_events())
    first = project(events, "korus", known_at=ap_only)
    assert first.termination_clause.notice_days == UNKNOWN
    assert first.termination_clause.invocable_by == UNKNOWN
    assert first.next_meeting.value == UNKNOWN
    assert first.figures["goods_deficit.2016"].status == "single_source"
    both = project(events, "korus", known_at=len(events))
    assert both.termination_clause.notice_days == 180
    by_time = project(events, "korus", known_at=T0 + timedelta(minutes=ap_only))
    assert by_time.model_dump_json() == first.model_dump_json()


def test_as_of_and_known_at_combine() -> None:
    events = seed_recorded()
    state = project(events, "korus", as_of=date(2017, 8, 1), known_at=len(ap_events()))
    assert state.agreement.in_force_since == WorldDate(year=2012)
    assert state.proposals == {}


def test_other_negotiations_are_filtered_out() -> None:
    nafta = ProposalMade(
        **{
            **ap_events()[2].event.model_dump(),
            "negotiation": "nafta",
            "actor": "US",
            "target": "MX",
        }
    )
    extra = NewEvent(event_id=UUID(int=7), event=nafta)
    events = record([*ap_events(), *gulf_events(), extra])
    assert (
        project(events, "korus").model_dump_json()
        == project(seed_recorded(), "korus").model_dump_json()
    )
    assert negotiations_in(events) == {"korus", "nafta"}
    assert project(events, "nafta").parties == ("MX", "US")


def test_an_answer_no_rule_links_is_kept_unlinked() -> None:
    [rejection] = [e for e in gulf_events() if isinstance(e.event, ProposalRejected)]
    state = project(record([rejection]), "korus")
    assert state.proposals == {}
    [unlinked] = state.unlinked_answers
    assert unlinked.type == "proposal_rejected"


def test_a_disputed_notice_period() -> None:
    [clause] = [e for e in gulf_events() if isinstance(e.event, TerminationClauseCited)]
    other = clause.model_copy(
        update={
            "event_id": UUID(int=99),
            "event": clause.event.model_copy(
                update={
                    "notice_days": 90,
                    "evidence": (clause.event.evidence[0].model_copy(update={"article_id": AP}),),
                }
            ),
        }
    )
    state = project(record([clause, other]), "korus")
    # the value shown is one of the two, the same whichever was stored first
    assert state.termination_clause.notice_days in (180, 90)
    swapped = project(record([other, clause]), "korus").termination_clause
    assert swapped.notice_days == state.termination_clause.notice_days
    [dispute] = state.termination_clause.disputes
    assert dispute.field == "notice_days"
    assert sorted(value for value, _ in dispute.values) == [90, 180]
