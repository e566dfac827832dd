"""Answers find the proposals they answer; a proposal implied by an answer is no phantom.

Our own sequences: a quota offer answered days later in a sentence that also names the
offer ("turned down the bloc's offer"), answers without any earlier proposal, counters.
"""

from __future__ import annotations

from datetime import date

from seedlike import NEG, article, record, stated

from timeline.audit import explain
from timeline.domain.events import CounterProposalMade, ProposalMade, ProposalRejected
from timeline.domain.values import WorldDate
from timeline.domain.views import NegotiationState
from timeline.projections.negotiation import project

A, B = "paper-a", "paper-b"
ANSWER = "Canberra on Sunday turned down the bloc's offer"


def offer(source: str = A, day: str = "2019-10-12", subject: str = "EU offers a beef quota"):
    return stated(
        ProposalMade,
        source,
        f"the bloc on {day} offered a larger quota for beef ({source})",
        actor="EU",
        target="AU",
        subject=subject,
        occurred=day,
        reported_on=date(2019, 10, 20),
    )


def implied(source: str = A) -> object:
    """The proposal the deriver reads in the answer's own sentence."""
    return stated(
        ProposalMade,
        source,
        ANSWER,
        actor="EU",
        target="AU",
        subject="EU proposes to change the agreement",
        occurred="2019-10-20",
        reported_on=date(2019, 10, 20),
    )


def rejection(source: str = A, cls: type = ProposalRejected, **extra: object) -> object:
    return stated(
        cls,
        source,
        ANSWER,
        actor="AU",
        target="EU",
        subject="AU rejects EU's proposal",
        occurred="2019-10-20",
        reported_on=date(2019, 10, 20),
        **extra,
    )


def state_of(events: list) -> NegotiationState:
    return project(record([article(A, "Paper A", None), article(B, "Paper B", None), *events]), NEG)


def test_a_rejection_naming_the_offer_links_to_the_real_offer_and_makes_no_phantom() -> None:
    state = state_of([offer(), implied(), rejection()])
    [proposal] = state.proposals.values()
    assert (proposal.proposer, proposal.status, proposal.answered_by) == ("EU", "rejected", "AU")
    assert proposal.made_on == WorldDate(year=2019, month=10, day=12)
    assert proposal.link_rule == "matching-subject"
    assert proposal.implied_by is None
    assert proposal.link_reason and "made 2019-10-12, answered 2019-10-20" in proposal.link_reason
    why = explain(state, f"proposals.{proposal.id}.status")
    assert any(rule.startswith("linked because proposed by EU to AU") for rule in why.rules)
    assert any("named again by the answer" in rule for rule in why.rules)


def test_the_order_of_ingestion_does_not_matter() -> None:
    late = state_of([implied(B), rejection(B), offer(A)])
    [proposal] = late.proposals.values()
    assert (proposal.status, proposal.made_on) == (
        "rejected",
        WorldDate(year=2019, month=10, day=12),
    )


def test_an_answer_with_no_earlier_proposal_opens_the_implied_one() -> None:
    state = state_of([implied(), rejection()])
    [proposal] = state.proposals.values()
    assert proposal.status == "rejected"
    assert proposal.link_rule == "implied-by-answer"
    assert proposal.implied_by is not None
    assert proposal.made_on == "unknown"
    assert proposal.answered_on == WorldDate(year=2019, month=10, day=20)
    assert state.unlinked_answers == ()


def test_an_implied_proposal_never_supersedes_a_real_one() -> None:
    unrelated = stated(
        ProposalRejected,
        A,
        ANSWER,
        actor="CN",
        target="EU",
        subject="CN rejects EU's proposal",
        occurred="2019-10-20",
    )
    state = state_of([offer(subject="EU proposes to change the beef quota"), implied(), unrelated])
    statuses = sorted(p.status for p in state.proposals.values())
    assert "superseded" not in statuses
    real = next(
        p for p in state.proposals.values() if p.made_on == WorldDate(year=2019, month=10, day=12)
    )
    assert real.status == "open"


def test_a_later_answer_never_links_to_a_proposal_made_after_it() -> None:
    later_offer = offer(day="2019-11-02")
    state = state_of([later_offer, implied(), rejection()])
    by_day = {str(p.made_on): p for p in state.proposals.values()}
    assert by_day["2019-11-02"].status == "open"
    assert by_day["unknown"].status == "rejected"


def test_a_counter_proposal_naming_the_offer_answers_the_real_offer() -> None:
    counter = rejection(cls=CounterProposalMade, terms="a smaller quota")
    state = state_of([offer(), implied(), counter])
    real = next(p for p in state.proposals.values() if p.proposer == "EU")
    assert [p.proposer for p in state.proposals.values()].count("EU") == 1
    assert real.status == "countered"
    answer = next(p for p in state.proposals.values() if p.proposer == "AU")
    assert answer.in_answer_to == real.id


def test_a_proposal_stated_in_another_sentence_is_never_implied() -> None:
    other = stated(
        ProposalMade,
        A,
        "Brussels also asked for access for its cheese makers",
        actor="EU",
        target="AU",
        subject="EU asks for cheese market access",
        occurred="2019-10-20",
    )
    state = state_of([offer(), other, rejection()])
    assert len(state.proposals) == 2


def test_facts_whose_short_ids_collide_are_never_taken_for_one_another() -> None:
    """Fact ids are a prefix of event ids; an implied proposal and its answer sharing that
    prefix (found by the property test with sequential ids) still fold as two facts."""
    from uuid import UUID

    made, answer = implied(), rejection()
    made = made.model_copy(update={"event_id": UUID(int=3)})
    answer = answer.model_copy(update={"event_id": UUID(int=4)})
    state = state_of([made, answer])
    [proposal] = state.proposals.values()
    assert (proposal.proposer, proposal.status, proposal.answered_by) == ("EU", "rejected", "AU")
