"""Proposals and their answers: an answer names a proposal already told, not a new one."""

from __future__ import annotations

from datetime import date

import pytest

from tests.derivation.conftest import DeriveText, events_of, joint

PUBLISHED = date(2019, 3, 9)


@pytest.mark.parametrize(
    "body",
    [
        "The European Union on March 1 proposed to extend the transition by two years. London on "
        "Thursday rejected the EU's offer, a spokesman said, calling it unworkable.",
        "The EU on March 1 offered to cap the fee at 20 billion euros. Britain "
        "on Thursday turned down the EU proposal.",
        "On March 1 the EU suggested that the UK pay what it owes under the deal in "
        "instalments. London on Thursday dismissed the EU's plan, calling it insulting.",
    ],
)
def test_a_rejected_proposal_told_before_stays_one_proposal(
    derive_text: DeriveText, body: str
) -> None:
    events = derive_text(body, published=PUBLISHED, negotiation="brexit")
    proposals = events_of(events, "proposal_made")
    assert [joint(p) for p in proposals] == ["EU"]
    assert str(proposals[0].occurred) == "2019-03-01"
    (rejection,) = events_of(events, "proposal_rejected")
    assert joint(rejection) == "UK"


@pytest.mark.parametrize(
    "body",
    [
        "London on Thursday rejected the EU's offer, a spokesman said.",
        "Britain on Thursday turned down the EU proposal, calling it unworkable.",
    ],
)
def test_a_rejection_alone_still_tells_the_proposal_it_answers(
    derive_text: DeriveText, body: str
) -> None:
    events = derive_text(body, published=PUBLISHED, negotiation="brexit")
    assert [joint(p) for p in events_of(events, "proposal_made")] == ["EU"]
    assert [joint(r) for r in events_of(events, "proposal_rejected")] == ["UK"]


def test_two_distinct_demands_of_one_party_stay_two(derive_text: DeriveText) -> None:
    body = (
        "The United States wants to raise the content required to 85 percent. Washington "
        "also seeks to abolish the dispute panels."
    )
    proposals = events_of(derive_text(body, negotiation="nafta"), "proposal_made")
    assert len(proposals) == 2
