"""Then steps about proposals: status, who answered, who is awaited, what answers what.

A proposal is named by its proposer and a description ("to amend the agreement", "for a joint
study"); timeline/scenarios/matching.py holds the matching rule.
"""

from __future__ import annotations

from timeline.domain.values import WorldDate
from timeline.domain.views import NegotiationState
from timeline.scenarios import describe
from timeline.scenarios.matching import find_proposal
from timeline.scenarios.registry import then

PROPOSAL = 'the proposal by "{party:Quoted}" {description:Words}'


@then("no proposal is known")
def no_proposal(state: NegotiationState) -> None:
    """The state holds no proposal at all."""
    assert not state.proposals, describe.proposals(state)


@then("{count:Count} proposals are known", examples=["2 proposals are known"])
def proposal_count(state: NegotiationState, count: int) -> None:
    """The state holds exactly this many proposals (of every kind)."""
    assert len(state.proposals) == count, describe.proposals(state)


@then(
    PROPOSAL + ' is "{status:Quoted}"',
    examples=['the proposal by "KR" for a joint study is "open"'],
)
def proposal_status(state: NegotiationState, party: str, description: str, status: str) -> None:
    """The proposal's status: open, rejected, accepted, countered, withdrawn or superseded."""
    proposal = find_proposal(state, party, description)
    assert proposal.status == status, describe.proposal_details(proposal)


@then(
    PROPOSAL + ' is "{status:Quoted}" by "{answerer:Quoted}"',
    examples=['the proposal by "US" to amend the agreement is "rejected" by "KR"'],
)
def proposal_answered(
    state: NegotiationState, party: str, description: str, status: str, answerer: str
) -> None:
    """The proposal has this status and was answered by this party."""
    proposal = find_proposal(state, party, description)
    assert (proposal.status, proposal.answered_by) == (status, answerer), (
        f"expected {status} by {answerer}, found:\n{describe.proposals(state)}"
    )


@then(
    PROPOSAL + ' awaits an answer from "{addressee:Quoted}"',
    examples=['the proposal by "KR" for a joint study awaits an answer from "US"'],
)
def proposal_awaits(state: NegotiationState, party: str, description: str, addressee: str) -> None:
    """The proposal is open and addressed to this party."""
    proposal = find_proposal(state, party, description)
    assert (proposal.status, proposal.addressee) == ("open", addressee), describe.proposal_details(
        proposal
    )


@then(
    PROPOSAL + " was made on {made_on:Period}",
    examples=['the proposal by "US" to amend the agreement was made on 2017-08-22'],
)
def proposal_made_on(
    state: NegotiationState, party: str, description: str, made_on: WorldDate
) -> None:
    """The day (or month, or year) the proposal was made, as precise as the articles say."""
    proposal = find_proposal(state, party, description)
    assert proposal.made_on == made_on, describe.proposal_details(proposal)


@then(
    PROPOSAL + ' answers the proposal by "{other_party:Quoted}" {other_description:Words}',
    examples=[
        'the proposal by "KR" for a joint study answers the proposal by "US" to amend the agreement'
    ],
)
def proposal_answers(
    state: NegotiationState,
    party: str,
    description: str,
    other_party: str,
    other_description: str,
) -> None:
    """The first proposal was made in answer to the second (e.g. a joint study to a demand)."""
    proposal = find_proposal(state, party, description)
    answered = find_proposal(state, other_party, other_description)
    assert proposal.in_answer_to == answered.id, (
        f"{proposal.id} answers {proposal.in_answer_to or 'no proposal'}, not {answered.id}\n"
        f"{describe.proposals(state)}"
    )
