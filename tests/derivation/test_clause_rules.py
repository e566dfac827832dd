"""Termination clauses versus amendment and review clauses, in phrasings of our own."""

from __future__ import annotations

from datetime import date

import pytest

from tests.derivation.conftest import DeriveText, events_of, joint, of_type

NOTICE_DAY = date(2018, 2, 10)


@pytest.mark.parametrize(
    "body",
    [
        "The talks opened after Washington invoked the provision of the pact that lets either "
        "party seek amendments.",
        "In July the United States triggered the review clause of the accord, which allows "
        "either side to request changes.",
        "The USTR gave notice under the amendment clause last summer.",
        "Washington has notified Seoul under the article that lets each party propose "
        "modifications to the agreement.",
        "The administration served notice under the clause providing for a joint review of "
        "the deal.",
    ],
)
def test_an_amendment_or_review_clause_is_no_termination_notice(
    derive_text: DeriveText, body: str
) -> None:
    events = derive_text(body, published=NOTICE_DAY)
    assert of_type(events, "termination_clause_cited") == []
    assert of_type(events, "counter_proposal_made") == []  # a notice given is no offer


@pytest.mark.parametrize(
    "body",
    [
        "The talks were the second since the United States in December gave notice under the "
        "clause of the accord that allows either side to terminate it with six months' notice.",
        "Washington served notice in December under the provision that lets either party "
        "withdraw from the pact, or seek amendments, after six months.",
    ],
)
def test_notice_under_an_exit_clause_is_still_a_termination_notice(
    derive_text: DeriveText, body: str
) -> None:
    events = events_of(derive_text(body, published=NOTICE_DAY), "termination_clause_cited")
    invoked = [e for e in events if e.actor]
    assert [joint(e) for e in invoked] == ["US"]
    assert str(invoked[0].occurred) == "2017-12"


@pytest.mark.parametrize(
    "body",
    [
        "The ministerial meeting ended without any agreement on farm subsidies.",
        "The session closed on Friday without any deal on tariffs, officials said.",
        "Each delegation left the meeting early, and the talks ended in silence.",
    ],
)
def test_an_end_without_any_deal_is_no_exit_clause(derive_text: DeriveText, body: str) -> None:
    assert of_type(derive_text(body), "termination_clause_cited") == []


@pytest.mark.parametrize(
    "body",
    [
        "Either party may withdraw from the pact with six months' notice.",
        "Any member can leave the agreement six months after telling the others.",
        "The accord may be terminated by either side on 180 days' notice.",
    ],
)
def test_an_exit_open_to_any_party_is_cited(derive_text: DeriveText, body: str) -> None:
    (clause,) = events_of(derive_text(body), "termination_clause_cited")
    assert clause.actor is None
