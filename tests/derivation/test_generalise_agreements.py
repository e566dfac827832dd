"""Agreements in unfamiliar wording: deals, signings, approvals, entry into force, notice."""

from __future__ import annotations

from datetime import date

import pytest

from tests.derivation.conftest import DeriveText, events_of, joint
from timeline.domain.events import TerminationClauseCited


@pytest.mark.parametrize(
    ("body", "negotiation", "actor", "when"),
    [
        (
            "Washington and Beijing agreed to a 60-day truce on Sunday.",
            "us-china",
            "CN+US",
            "2019-03-10",
        ),
        (
            "The two governments settled on a first-stage accord in December.",
            "us-china",
            "CN+US",
            "2018-12",
        ),
        (
            "Seoul and Washington agreed in principle in March to revise the pact.",
            "korus",
            "KR+US",
            "2019-03",
        ),
        (
            "Ottawa, which struck its own bilateral understanding with Washington on Sept. 30, "
            "welcomed the news.",
            "nafta",
            "CA+US",
            "2018-09-30",
        ),
        (
            "Negotiators signed off on three more chapters on Friday.",
            "nafta",
            "CA+MX+US",
            "2019-03-08",
        ),
        (
            "Negotiators agreed on the main outlines of the deal last month.",
            "korus",
            "KR+US",
            "2019-02",
        ),
    ],
)
def test_deals_reached_in_other_words(
    derive_text: DeriveText, body: str, negotiation: str, actor: str, when: str
) -> None:
    events = derive_text(body, negotiation=negotiation, published=date(2019, 3, 12))
    (deal,) = events_of(events, "agreement_reached")
    assert joint(deal) == actor
    assert str(deal.occurred) == when
    assert events_of(events, "agreement_signed") == []


@pytest.mark.parametrize(
    ("body", "negotiation", "actor", "when"),
    [
        (
            "The legal text was finalised by British and EU officials in Brussels late on Tuesday.",
            "brexit",
            "EU+UK",
            "2019-03-12",
        ),
        (
            "The truce was sealed with Beijing in Buenos Aires on Saturday.",
            "us-china",
            "CN+US",
            "2019-03-09",
        ),
        ("The amendments were first agreed in principle in February.", "korus", "KR+US", "2019-02"),
        (
            "The accord has finally been clinched after months of haggling, officials said on "
            "Monday.",
            "korus",
            "KR+US",
            "2019-03-11",
        ),
    ],
)
def test_deals_reached_in_the_passive(
    derive_text: DeriveText, body: str, negotiation: str, actor: str, when: str
) -> None:
    events = derive_text(body, negotiation=negotiation, published=date(2019, 3, 13))
    (deal,) = events_of(events, "agreement_reached")
    assert joint(deal) == actor
    assert str(deal.occurred) == when


@pytest.mark.parametrize(
    "body",
    [
        "The tariffs will only be lifted if a new and fair deal is signed.",
        "The candidate said he would tear up any agreement signed before he takes office.",
        "The White House told Congress of its intent to sign an agreement, a step that would "
        "let the deal be signed within 90 days.",
        "Officials hope a deal can be reached before the summit.",
        "Unless the accord is ratified by parliament, the old rules stay.",
    ],
)
def test_conditional_and_intended_acts_are_not_facts(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, negotiation="nafta", published=date(2018, 8, 30))
    for kind in ("agreement_signed", "agreement_reached", "agreement_ratified"):
        assert events_of(events, kind) == [], kind


@pytest.mark.parametrize(
    ("body", "actor"),
    [
        (
            "Justin Trudeau and Enrique Peña Nieto put their signatures to the accord on Friday.",
            "CA+MX",
        ),
        ("Presidents Moon Jae-in and Donald Trump signed the revised deal in New York.", "KR+US"),
        ("The pact, signed by George W. Bush's envoy in 2007, was later amended.", "KR+US"),
    ],
)
def test_signatures(derive_text: DeriveText, body: str, actor: str) -> None:
    events = derive_text(body, negotiation="korus" if "Moon" in body or "Bush" in body else "nafta")
    (signed,) = events_of(events, "agreement_signed")
    assert joint(signed) == actor


def test_one_subject_two_verbs_each_with_its_date(derive_text: DeriveText) -> None:
    events = derive_text(
        "The original pact was signed in June 2007 and entered into force in March 2012.",
        published=date(2018, 3, 27),
    )
    (signed,) = events_of(events, "agreement_signed")
    (in_force,) = events_of(events, "agreement_in_force")
    assert (str(signed.occurred), str(in_force.occurred)) == ("2007-06", "2012-03")
    later = derive_text(
        "The amended accord was ratified by the National Assembly on Dec. 7 and took effect on "
        "Jan. 1.",
        published=date(2019, 1, 2),
    )
    (effect,) = events_of(later, "agreement_in_force")
    assert str(effect.occurred) == "2019-01-01"


@pytest.mark.parametrize(
    ("body", "party", "when"),
    [
        (
            "Theresa May won her cabinet's collective backing for the draft treaty on Wednesday.",
            "UK",
            "2018-11-14",
        ),
        (
            "Theresa May returned to London. The cabinet backed the draft withdrawal agreement "
            "on Wednesday evening.",
            "UK",
            "2018-11-14",
        ),
        ("Britain's parliament gave its approval to the deal on Wednesday.", "UK", "2018-11-14"),
    ],
)
def test_cabinet_and_parliament_approval(
    derive_text: DeriveText, body: str, party: str, when: str
) -> None:
    events = derive_text(body, negotiation="brexit", published=date(2018, 11, 15))
    (approval,) = events_of(events, "agreement_ratified")
    assert joint(approval) == party
    assert str(approval.occurred) == when


@pytest.mark.parametrize(
    "body",
    [
        "The Commons voted down the deal by 230 votes on Jan. 15.",
        "Britain's parliament rejected the agreement on Tuesday.",
        "The British parliament has already defeated it twice, most recently on March 12.",
    ],
)
def test_failed_votes_are_negative_ratification(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, negotiation="brexit", published=date(2019, 3, 20))
    (vote,) = events_of(events, "agreement_ratified")
    assert vote.polarity == "negative"
    assert joint(vote) == "UK"


@pytest.mark.parametrize(
    ("body", "actor", "when"),
    [
        (
            "The United States on Tuesday gave South Korea formal notice that it will terminate "
            "the FTA.",
            "US",
            "2019-03-12",
        ),
        ("Washington served notice of withdrawal from the pact on Monday.", "US", "2019-03-11"),
        (
            "The U.S. notified Seoul on Friday that it was terminating the agreement.",
            "US",
            "2019-03-08",
        ),
    ],
)
def test_notice_given_invokes_the_clause(
    derive_text: DeriveText, body: str, actor: str, when: str
) -> None:
    events = derive_text(body, published=date(2019, 3, 14))
    (clause,) = [e.event for e in events if isinstance(e.event, TerminationClauseCited)]
    assert clause.invoked
    assert joint(clause) == actor
    assert str(clause.occurred) == when
    assert events_of(events, "withdrawal_threatened") == []


@pytest.mark.parametrize(
    "body",
    [
        "Trump has said he could give formal notice that the United States will leave the deal.",
        "The president threatened to serve notice of withdrawal if Seoul refused.",
        "Washington may notify Seoul that it intends to terminate the pact.",
    ],
)
def test_notice_only_spoken_of_invokes_nothing(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, published=date(2019, 3, 14))
    assert not [e for e in events if isinstance(e.event, TerminationClauseCited)]


def test_could_give_notice_is_a_threat(derive_text: DeriveText) -> None:
    events = derive_text(
        "Trump has said he could give formal notice that the United States will leave the deal.",
        published=date(2019, 3, 14),
    )
    assert [joint(e) for e in events_of(events, "withdrawal_threatened")] == ["US"]


@pytest.mark.parametrize(
    ("body", "party"),
    [
        ("Lawmakers in Seoul ratified the deal on Thursday.", "KR"),
        ("Mexico's senators approved the accord on Thursday.", "MX"),
        ("Canadian MPs passed the agreement on Thursday.", "CA"),
    ],
)
def test_legislators_named_with_their_country(
    derive_text: DeriveText, body: str, party: str
) -> None:
    events = derive_text(body, negotiation="nafta", published=date(2019, 4, 14))
    (approval,) = events_of(events, "agreement_ratified")
    assert joint(approval) == party
