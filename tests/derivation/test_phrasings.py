"""More phrasings per family: clause structure, titles, decks, wrapped lines, captions."""

from __future__ import annotations

from datetime import date

from tests.derivation.conftest import DeriveText, events_of
from timeline.domain.envelope import NewEvent


def _actors(events: list[NewEvent], type_name: str) -> list[str | None]:
    return ["+".join(e.actor) if e.actor else None for e in events_of(events, type_name)]


def test_talks_that_ended_without_a_deal(derive_text: DeriveText) -> None:
    events = derive_text(
        "Two days of talks between the United States and China ended on Friday without an "
        "agreement.",
        published=date(2019, 5, 11),
        negotiation="us-china",
    )
    (stall,) = events_of(events, "talks_stalled")
    assert stall.actor == ("CN", "US")
    (meeting,) = events_of(events, "meeting_held")
    assert str(meeting.occurred) == "2019-05-10"


def test_reduced_relative_rejection(derive_text: DeriveText) -> None:
    events = derive_text("Seoul asked for a joint review, a request Washington turned down.")
    assert "US" in _actors(events, "proposal_rejected")


def test_title_stands_for_the_office_holder(derive_text: DeriveText) -> None:
    events = derive_text(
        "Theresa May spoke in Parliament on Monday. The EU said it would study the prime "
        "minister's proposal to extend the transition period.",
        published=date(2018, 10, 16),
        negotiation="brexit",
    )
    assert "UK" in _actors(events, "proposal_made")


def test_wants_the_other_side_to_act(derive_text: DeriveText) -> None:
    events = derive_text(
        "The United States wants China to cut its industrial subsidies.",
        negotiation="us-china",
    )
    (proposal,) = events_of(events, "proposal_made")
    assert proposal.actor == ("US",) and proposal.target == ("CN",)


def test_participle_clause_takes_the_main_subject(derive_text: DeriveText) -> None:
    events = derive_text(
        "Brussels rejected British proposals for a time limit, insisting that the backstop "
        "must remain an insurance policy.",
        negotiation="brexit",
    )
    assert _actors(events, "proposal_rejected") == ["EU"]
    assert "EU" in _actors(events, "position_stated")
    assert _actors(events, "proposal_made") == ["UK"]


def test_rejecting_an_accusation_is_not_rejecting_a_proposal(derive_text: DeriveText) -> None:
    events = derive_text(
        "China rejected the accusation that it had backtracked on its commitments.",
        negotiation="us-china",
    )
    assert events_of(events, "proposal_rejected") == []


def test_agreed_text_is_an_agreement_reached(derive_text: DeriveText) -> None:
    events = derive_text(
        "Negotiators for Britain and the European Union agreed the text of a draft deal on "
        "Tuesday.",
        published=date(2018, 11, 14),
        negotiation="brexit",
    )
    (reached,) = events_of(events, "agreement_reached")
    assert reached.actor == ("EU", "UK")
    assert str(reached.occurred) == "2018-11-13"


def test_headline_and_deck_are_not_annotated(derive_text: DeriveText) -> None:
    body = (
        "Seoul rejects US demand to revise trade deal\n\n"
        "Trade minister says talks ended without agreement\n\n"
        "Officials met in Seoul on Tuesday."
    )
    events = derive_text(body)
    assert events_of(events, "proposal_rejected") == []
    assert events_of(events, "talks_stalled") == []
    assert len(events_of(events, "meeting_held")) == 1


def test_hard_wrapped_sentence_keeps_exact_offsets(derive_text: DeriveText) -> None:
    body = (
        "SEOUL (Wire) - South Korean Trade Minister\n"
        "Kim Hyun-chong said on Tuesday that Seoul rejected the U.S. proposal to\n"
        "amend the free trade agreement.\n"
    )
    events = derive_text(body)
    (rejection,) = events_of(events, "proposal_rejected")
    assert rejection.actor == ("KR",)
    (evidence,) = rejection.evidence
    assert "\n" in evidence.quote and evidence.quote.endswith("agreement.")


def test_caption_event_of_another_negotiation_keeps_its_date(derive_text: DeriveText) -> None:
    body = (
        "Robert Lighthizer speaks before the first round of NAFTA renegotiations in "
        "Washington, U.S., August 16, 2017. REUTERS/Photographer\n\n"
        "Korean and U.S. officials met in Seoul on Tuesday."
    )
    events = derive_text(body)
    meetings = {(m.negotiation, str(m.occurred)) for m in events_of(events, "meeting_held")}
    assert ("nafta", "2017-08-16") in meetings
    assert ("korus", "2017-08-22") in meetings


def test_calling_the_deal_names_is_a_position(derive_text: DeriveText) -> None:
    events = derive_text('Donald Trump has called the pact a "disaster" for American workers.')
    assert _actors(events, "position_stated") == ["US"]


def test_single_party_agreeing_to_do_something_accepts(derive_text: DeriveText) -> None:
    events = derive_text(
        "Canada agreed to open its dairy market to U.S. farmers on Sunday.",
        published=date(2018, 10, 1),
        negotiation="nafta",
    )
    assert _actors(events, "proposal_accepted") == ["CA"]
    conditional = derive_text(
        "It is unclear whether Canada would agree to the changes.", negotiation="nafta"
    )
    assert events_of(conditional, "proposal_accepted") == []


def test_restatements_merge_into_one_event_with_several_quotes(derive_text: DeriveText) -> None:
    body = (
        "South Korea rejected a U.S. proposal to amend the FTA on Tuesday.\n\n"
        "Officials met for eight hours.\n\n"
        '"We did not agree to the U.S. demand to revise the deal," Kim Hyun-chong said.'
    )
    (rejection,) = events_of(derive_text(body), "proposal_rejected")
    assert len(rejection.evidence) == 2


def test_more_rejection_verbs(derive_text: DeriveText) -> None:
    for body in (
        "Mexico balked at the U.S. proposal to raise the regional content rule.",
        "Ottawa pushed back against Washington's demand for a sunset clause.",
        "Mexico shot down the American plan to review the pact every five years.",
    ):
        events = derive_text(body, negotiation="nafta")
        assert _actors(events, "proposal_rejected")[:1] in (["MX"], ["CA"]), body


def test_proposals_tabled_or_proposed(derive_text: DeriveText) -> None:
    events = derive_text(
        "Washington has proposed raising the regional content requirement for cars.",
        negotiation="nafta",
    )
    assert _actors(events, "proposal_made") == ["US"]
    events = derive_text(
        "The EU tabled a new proposal on customs checks in Brussels on Monday.",
        published=date(2018, 10, 9),
        negotiation="brexit",
    )
    (tabled,) = events_of(events, "proposal_made")
    assert tabled.actor == ("EU",) and tabled.target == ("UK",)
    assert str(tabled.occurred) == "2018-10-08"


def test_scheduled_rounds_and_conditional_threats(derive_text: DeriveText) -> None:
    events = derive_text(
        "The fourth round of talks is scheduled for Oct. 11 in Washington.",
        published=date(2017, 9, 28),
        negotiation="nafta",
    )
    (round_,) = events_of(events, "round_scheduled")
    assert str(getattr(round_, "scheduled_for")) == "2017-10-11"  # noqa: B009
    assert events_of(events, "meeting_held") == []
    threat = derive_text(
        "Robert Lighthizer said the United States would withdraw from NAFTA if Canada "
        "refused to compromise.",
        negotiation="nafta",
    )
    assert _actors(threat, "withdrawal_threatened") == ["US"]


def test_later_moments_signing_ratification_entry_into_force(derive_text: DeriveText) -> None:
    signed = derive_text(
        "Moon Jae-in and Donald Trump signed the revised trade agreement in New York on Monday.",
        published=date(2018, 9, 25),
    )
    (signature,) = events_of(signed, "agreement_signed")
    assert signature.actor == ("KR", "US") and str(signature.occurred) == "2018-09-24"
    ratified = derive_text(
        "Mexico's Senate ratified the USMCA on Wednesday.",
        published=date(2019, 6, 20),
        negotiation="nafta",
    )
    assert _actors(ratified, "agreement_ratified") == ["MX"]
    assembly = derive_text("South Korea's National Assembly ratified the revised FTA in 2018.")
    assert _actors(assembly, "agreement_ratified") == ["KR"]
    in_force = derive_text(
        "The phase one deal took effect on Feb. 14.",
        published=date(2020, 2, 20),
        negotiation="us-china",
    )
    (effect,) = events_of(in_force, "agreement_in_force")
    assert effect.actor == ("CN", "US") and str(effect.occurred) == "2020-02-14"


def test_position_phrasings_and_non_positions(derive_text: DeriveText) -> None:
    positions = [
        ("korus", "Seoul maintains that the FTA has benefited both economies.", "KR"),
        ("nafta", "Canada insists on keeping the Chapter 19 dispute panels.", "CA"),
        ("brexit", "Britain wants a deal that respects the referendum, Theresa May said.", "UK"),
        ("us-china", "Beijing has accused Washington of bullying.", "CN"),
        ("nafta", "Justin Trudeau said no deal is better than a bad deal for Canada.", "CA"),
    ]
    for negotiation, body, actor in positions:
        events = derive_text(body, negotiation=negotiation)
        assert _actors(events, "position_stated") == [actor], body
    for body in (
        "Donald Trump said he would visit Japan next month.",
        "Kim Hyun-chong said the weather delayed his flight.",
        "Moon Jae-in called for the strongest punishment of the missile tests.",
    ):
        assert derive_text(body) == [], body


def test_an_intention_to_reach_a_deal_is_not_a_deal(derive_text: DeriveText) -> None:
    events = derive_text(
        "The EU is ready to work day and night to reach a deal, Michel Barnier said.",
        negotiation="brexit",
    )
    assert events_of(events, "agreement_reached") == []
    assert _actors(events, "position_stated") == ["EU"]


def test_single_quotation_marks_carry_the_speaker(derive_text: DeriveText) -> None:
    events = derive_text(
        "Theresa May addressed MPs on Tuesday.\n\n"
        "‘We will not accept the EU’s proposal for a border in the Irish Sea,’ Mrs May told MPs.",
        published=date(2018, 3, 1),
        negotiation="brexit",
    )
    (rejection,) = events_of(events, "proposal_rejected")
    assert rejection.actor == ("UK",) and rejection.target == ("EU",)
