"""The proposal-matching rule of the step library, on hand-written proposals."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from timeline.domain.views import NegotiationState, Proposal, ProposalKind, Source
from timeline.scenarios.matching import Description, ProposalNotFound, find_proposal, stem


def source(quote: str) -> Source:
    return Source(
        event_id=uuid.uuid4(),
        position=1,
        event_type="proposal_made",
        article_id="a-1",
        origin="a-1",
        quote=quote,
        start=0,
        end=len(quote),
        rule_id="test",
        reported_on=dt.date(2017, 8, 22),
    )


def proposal(
    pid: str, proposer: str, subject: str, *quotes: str, kind: ProposalKind = "proposal"
) -> Proposal:
    return Proposal(
        id=pid,
        kind=kind,
        proposer=proposer,
        addressee="KR" if proposer == "US" else "US",
        subject=subject,
        sources=tuple(source(q) for q in quotes),
        independent_sources=1,
    )


def state(*proposals: Proposal) -> NegotiationState:
    return NegotiationState(negotiation="korus", proposals={p.id: p for p in proposals})


AMEND = proposal("p-amend", "US", "US proposes to change the agreement", "a proposal to amend it")
TERMS = proposal("p-terms", "US", "US calls for new terms", "modification and amendment of it")
STUDY = proposal("p-study", "KR", "KR proposes a study first", "a joint study", kind="joint_study")


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("amend", "amend"),
        ("amendment", "amend"),
        ("Revise", "revis"),
        ("modification", "modific"),
        ("studies", "stud"),
        ("deal", "deal"),
        ("tax", "tax"),
    ],
)
def test_stem_cuts_one_common_ending_keeping_four_letters(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_a_description_drops_small_words_and_names_a_kind() -> None:
    assert Description.parse("to amend the agreement").stems == ("amend", "agree")
    study = Description.parse("for a joint study")
    assert (study.kind, study.stems) == ("joint_study", ())
    counter = Description.parse("for a counter-proposal on tariffs")
    assert (counter.kind, counter.stems) == ("counter_proposal", ("tariff",))


def test_the_key_word_is_found_in_the_quotes_by_its_stem() -> None:
    only = state(AMEND, STUDY)
    assert find_proposal(only, "US", "to amend the agreement").id == "p-amend"
    assert find_proposal(only, "US", "for an amendment").id == "p-amend"


def test_the_kind_phrase_selects_joint_studies() -> None:
    assert find_proposal(state(AMEND, STUDY), "KR", "for a joint study").id == "p-study"


def test_the_proposer_must_match() -> None:
    with pytest.raises(ProposalNotFound, match="no proposal by 'KR'"):
        find_proposal(state(AMEND, STUDY), "KR", "to amend the agreement")


def test_more_matching_words_break_a_tie() -> None:
    both = state(AMEND, TERMS)
    assert find_proposal(both, "US", "to amend the agreement").id == "p-amend"
    assert find_proposal(both, "US", "to amend the terms").id == "p-terms"


def test_a_tie_is_an_error_listing_the_candidates() -> None:
    with pytest.raises(ProposalNotFound) as caught:
        find_proposal(state(AMEND, TERMS), "US", "to amend")
    message = str(caught.value)
    assert "2 proposals by 'US'" in message
    assert "p-amend" in message and "p-terms" in message
    assert "US calls for new terms" in message  # the listing of what the state holds


def test_no_match_lists_every_proposal_with_its_quotes() -> None:
    with pytest.raises(ProposalNotFound) as caught:
        find_proposal(state(AMEND, STUDY), "US", "to withdraw from the agreement")
    message = str(caught.value)
    assert "looked for words starting with withdraw" in message
    assert "a proposal to amend it" in message
    assert "p-study [joint_study] by KR" in message
