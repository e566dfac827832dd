"""Events in wording the corpora did not teach: truces, earlier meetings, counters, offers,
schedules, entry into force still to come, figures reported after a stance verb."""

from __future__ import annotations

from datetime import date

import pytest

from tests.derivation.conftest import DeriveText, events_of, joint


@pytest.mark.parametrize(
    ("body", "negotiation", "actor"),
    [
        ("Washington and Tokyo agreed on Sunday to suspend the planned duties on cars.", "us-japan",
         "JP+US"),
        ("The EU and the US agreed Friday to freeze new levies on steel.", "eu-us", "EU+US"),
        ("Beijing and Washington met in Osaka, and the U.S. agreed not to impose further "
         "tariffs for now.", "us-china", "CN+US"),
    ],
)  # fmt: skip
def test_a_truce_on_tariffs_is_an_agreement_not_an_acceptance(
    derive_text: DeriveText, body: str, negotiation: str, actor: str
) -> None:
    events = derive_text(body, negotiation=negotiation, published=date(2019, 6, 30))
    assert [joint(e) for e in events_of(events, "agreement_reached")] == [actor]
    assert events_of(events, "proposal_accepted") == []


def test_refusing_to_lift_tariffs_is_no_truce(derive_text: DeriveText) -> None:
    body = "Washington refused to agree to lift the steel tariffs on Monday."
    events = derive_text(body, negotiation="nafta", published=date(2019, 3, 12))
    assert events_of(events, "agreement_reached") == []


def test_an_earlier_meeting_stays_apart_from_the_days_meeting(derive_text: DeriveText) -> None:
    body = (
        "Abe met Trump in New York on Wednesday. The two leaders had already met on Monday "
        "night at a dinner in Washington."
    )
    events = derive_text(body, negotiation="us-japan", published=date(2019, 9, 26))
    dates = sorted(str(e.occurred) for e in events_of(events, "meeting_held"))
    assert dates == ["2019-09-23", "2019-09-25"]


def test_a_previous_meeting_in_a_negated_sentence_was_still_held(derive_text: DeriveText) -> None:
    body = 'The chair said: "That did not happen during our previous conference in Geneva."'
    events = derive_text(body, negotiation="wto", published=date(2017, 12, 14))
    assert len(events_of(events, "meeting_held")) == 1


def test_earlier_rounds_in_the_plural_name_no_meeting(derive_text: DeriveText) -> None:
    body = "Lighthizer accused Beijing of backtracking on commitments made in earlier rounds."
    events = derive_text(body, negotiation="us-china", published=date(2019, 5, 10))
    assert events_of(events, "meeting_held") == []


@pytest.mark.parametrize(
    "answer",
    [
        "Seoul rejected the plan and called for a ten-year phase-out.",
        "Seoul refused it, proposing a ten-year phase-out instead.",
        "Seoul dismissed the idea but suggested a ten-year phase-out.",
    ],
)
def test_a_rejection_with_another_ask_is_a_counter_proposal(
    derive_text: DeriveText, answer: str
) -> None:
    body = "Washington offered Seoul a twenty-year phase-out of the truck tariff. " + answer
    events = derive_text(body, negotiation="korus", published=date(2018, 3, 1))
    assert "US" in [joint(e) for e in events_of(events, "proposal_made")]
    assert [joint(e) for e in events_of(events, "counter_proposal_made")] == ["KR"]
    assert [joint(e) for e in events_of(events, "proposal_rejected")] == ["KR"]


def test_a_rejection_with_no_proposal_before_is_no_counter(derive_text: DeriveText) -> None:
    body = "Seoul rejected the idea and called for calm on the peninsula."
    events = derive_text(body, negotiation="korus", published=date(2018, 3, 1))
    assert events_of(events, "counter_proposal_made") == []


@pytest.mark.parametrize(
    ("body", "when"),
    [
        ("The two sides agreed in May 2021 to resume talks after a long pause.", None),
        ("Both ministers will come together in Geneva next week.", "2019-03"),
    ],
)
def test_schedules_told_with_a_date_between_or_coming_together(
    derive_text: DeriveText, body: str, when: str | None
) -> None:
    events = derive_text(body, negotiation="eu-india", published=date(2019, 3, 12))
    (scheduled,) = events_of(events, "round_scheduled")
    assert joint(scheduled) == "EU+IN"
    if when is not None:
        assert str(scheduled.scheduled_for).startswith(when)


@pytest.mark.parametrize(
    "body",
    [
        "The pact will remove tariffs on most goods by the time of full implementation in 2035.",
        "The agreement is to enter into force in January 2031.",
    ],
)
def test_an_entry_into_force_after_publication_is_no_event(
    derive_text: DeriveText, body: str
) -> None:
    events = derive_text(body, negotiation="china-australia", published=date(2015, 6, 17))
    assert events_of(events, "agreement_in_force") == []


def test_an_entry_into_force_before_publication_stays(derive_text: DeriveText) -> None:
    body = "The pact entered into force in December 2015."
    events = derive_text(body, negotiation="china-australia", published=date(2016, 6, 17))
    assert len(events_of(events, "agreement_in_force")) == 1


@pytest.mark.parametrize(
    "body",
    [
        "Trade Commissioner Phil Hogan stressed that the EU is Japan's second largest trading "
        "partner.",
        "Trade Commissioner Phil Hogan noted that the EU is Japan's second largest trading "
        "partner.",
    ],
)
def test_a_figure_after_a_stance_verb_is_the_speakers(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, negotiation="eu-japan", published=date(2019, 12, 1))
    assert [joint(e) for e in events_of(events, "trade_figure_reported")] == ["EU"]


def test_a_demand_by_a_party_that_names_its_act_is_a_proposal_of_its_own(
    derive_text: DeriveText,
) -> None:
    body = (
        "Britain had offered Canberra tariff-free access for lamb. Another sticking point was a "
        "demand by the UK that Australia drop a visa rule."
    )
    events = derive_text(body, negotiation="uk-australia", published=date(2021, 6, 15))
    assert len(events_of(events, "proposal_made")) == 2
