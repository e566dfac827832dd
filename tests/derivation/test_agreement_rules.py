"""Deals reached and signed, and talks that stall, in wording of any negotiation
(agreements.yaml)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.derivation.conftest import DeriveText, events_of, joint

# -- agreement reached --------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "Late last night it emerged that a compromise had been reached.",
        "A compromise was reached last night after ten hours of haggling.",
        "Officials confirmed late last night that the deal had been clinched.",
    ],
)
def test_a_deal_reached_last_night(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, negotiation="brexit", published=date(2019, 10, 17))
    reached = events_of(events, "agreement_reached")
    assert [(joint(a), str(a.occurred)) for a in reached] == [("EU+UK", "2019-10-16")]


@pytest.mark.parametrize(
    "body",
    [
        "Nothing is expected to prevent the leaders from announcing a deal on Monday.",
        "They set a year-end deadline for concluding the agreement.",
        "Ottawa accused Brussels of being incapable of reaching an agreement.",
        "London and Brussels agreed to resume talks with a view to the conclusion of an "
        "agreement by the end of next year.",
        "The chances of striking a deal this week are slim, officials said.",
        "Both sides left without reaching an agreement.",
    ],
)
def test_deals_not_reached(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, negotiation="brexit", published=date(2019, 10, 17))
    assert events_of(events, "agreement_reached") == []


def test_a_conclusion_dated_after_publication_is_no_deal(derive_text: DeriveText) -> None:
    events = derive_text(
        "The two sides announced the conclusion of an agreement in December 2020.",
        negotiation="brexit",
        published=date(2019, 10, 17),
    )
    assert events_of(events, "agreement_reached") == []


# -- agreement signed ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "The final text of the new pact (the CUSMA) has now been signed by all three countries.",
        "The revised agreement has finally been signed.",
        "The protocol, long delayed by legal checks, has just been formally signed.",
    ],
)
def test_a_signing_told_in_the_present_perfect(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, negotiation="nafta", published=date(2018, 11, 30))
    signed = events_of(events, "agreement_signed")
    assert [(joint(s), str(s.occurred)) for s in signed] == [("CA+MX+US", "2018-11-30")]


@pytest.mark.parametrize(
    "body",
    [
        "The revised agreement has not yet been signed.",
        "The pact would have been signed if Ottawa had agreed.",
        "The executive order has now been signed, but the deal is unchanged.",
    ],
)
def test_signings_that_did_not_happen(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, negotiation="nafta", published=date(2018, 11, 30))
    assert events_of(events, "agreement_signed") == []


@pytest.mark.parametrize(
    "body",
    [
        "Trudeau and Trump noted the deal was signed on the last day of Peña Nieto's term.",
        "Freeland and Lighthizer said the agreement was signed on Friday in Buenos Aires.",
    ],
)
def test_those_who_speak_of_a_signing_are_not_its_signatories(
    derive_text: DeriveText, body: str
) -> None:
    events = derive_text(body, negotiation="nafta", published=date(2018, 11, 30))
    assert [joint(s) for s in events_of(events, "agreement_signed")] == ["CA+MX+US"]


def test_a_pair_that_signed_is_still_the_pair(derive_text: DeriveText) -> None:
    events = derive_text(
        "Canada and the United States struck a deal late Sunday, officials said.",
        negotiation="nafta",
        published=date(2018, 10, 1),
    )
    assert [joint(a) for a in events_of(events, "agreement_reached")] == ["CA+US"]


@pytest.mark.parametrize(
    "body",
    [
        "Washington wants to rework the accord, signed by a previous administration, before "
        "the summer.",
        "Ottawa has no wish to reopen the treaty, inked by its former prime minister.",
        "Critics of the pact, signed amid protests, say it has cost jobs.",
    ],
)
def test_a_signing_told_in_passing_is_kept_undated(derive_text: DeriveText, body: str) -> None:
    """Background ("the accord, signed by ...") is not news of the day: its date is unknown."""
    events = derive_text(body, negotiation="nafta", published=date(2018, 11, 30))
    signed = events_of(events, "agreement_signed")
    assert [s.occurred for s in signed] == [None]


# -- talks stalled ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "The uncertainty would have grown had the parties not reached a new agreement.",
        "Markets would have slumped if the negotiators had not reached an accord.",
    ],
)
def test_a_counterfactual_is_no_stall(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, negotiation="nafta", published=date(2018, 11, 30))
    assert events_of(events, "talks_stalled") == []


@pytest.mark.parametrize(
    "body",
    [
        "The two sides could not reach any agreement on Friday.",
        "Negotiators failed to reach a deal on dairy on Friday.",
    ],
)
def test_talks_that_ended_without_a_deal(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, negotiation="nafta", published=date(2018, 11, 30))
    assert len(events_of(events, "talks_stalled")) == 1


# -- one rule firing twice in a sentence ------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "The revised pact entered into force on Wednesday, replacing the old accord, which "
        "took effect on March 3, 1998.",
        "The new treaty took effect on Monday; the deal it replaces had entered into force "
        "on May 1, 2004.",
        "The agreement came into force on Friday, and its predecessor came into force on "
        "June 5, 1999.",
    ],
)
def test_two_entries_into_force_in_one_sentence_are_two_events(
    derive_text: DeriveText, body: str
) -> None:
    events = derive_text(body, negotiation="nafta", published=date(2020, 7, 1))
    ids = [e.event_id for e in events]
    assert len(ids) == len(set(ids)), "no two events of an article share an id"
    dated = {str(e.occurred) for e in events_of(events, "agreement_in_force")}
    assert len(dated) == len(events_of(events, "agreement_in_force"))
