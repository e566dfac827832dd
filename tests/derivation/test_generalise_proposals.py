"""Proposals and answers in unseen wordings: demands in noun phrases and relative clauses,
conjoined demands, conditions, red lines, acceptances of new terms, offers that answer."""

from __future__ import annotations

from datetime import date

import pytest

from tests.derivation.conftest import DeriveText, events_of
from timeline.domain.envelope import NewEvent

NAFTA = {"published": date(2017, 10, 18), "negotiation": "nafta"}


def _actors(events: list[NewEvent], type_name: str) -> list[str]:
    return ["+".join(e.actor or ()) for e in events_of(events, type_name)]


@pytest.mark.parametrize(
    "body",
    [
        "The round stalled on the sunset clause sought by Washington.",
        "Ottawa again objected to the dairy quotas demanded by the United States, officials said.",
        "Negotiators spent the day on the content rules proposed by the U.S. side and by "
        "Lighthizer.",
    ],
)
def test_a_term_sought_by_a_party_is_its_proposal(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, **NAFTA)
    assert "US" in _actors(events, "proposal_made")


@pytest.mark.parametrize(
    "body",
    [
        "Canada defended its dispute panels, which Washington wants dismantled.",
        "The United States wants the panels eliminated by 2020.",
        "Mexico said the steel quotas, which the U.S. wants tightened, were not on the table.",
    ],
)
def test_wanting_something_done_is_a_demand(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, **NAFTA)
    assert "US" in _actors(events, "proposal_made")


@pytest.mark.parametrize(
    "body",
    [
        "Washington also wants to raise the regional content for cars to 85 percent, and to "
        "abolish the Chapter 19 panels.",
        "The United States seeks to cut the duty-free threshold and to end the panels.",
        "The U.S. is pushing to limit public procurement and to eliminate the dispute panels.",
    ],
)
def test_two_conjoined_demands_are_two_proposals(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, **NAFTA)
    assert _actors(events, "proposal_made") == ["US", "US"]


@pytest.mark.parametrize(
    "body",
    [
        "Trump threatened in September to pull out of the pact unless Seoul agreed to "
        "renegotiate it.",
        "Trump said the steel tariffs would only come off for Canada and Mexico if a new NAFTA "
        "deal is signed.",
        "Washington will keep the truck tariff unless Seoul opens its farm market.",
    ],
)
def test_a_condition_is_a_demand_not_an_acceptance(derive_text: DeriveText, body: str) -> None:
    negotiation = "nafta" if "NAFTA" in body else "korus"
    events = derive_text(body, published=date(2018, 3, 6), negotiation=negotiation)
    assert _actors(events, "proposal_made") == ["US"]
    assert events_of(events, "proposal_accepted") == []


@pytest.mark.parametrize(
    ("body", "party"),
    [
        ('"We have seen proposals that are simply not acceptable to Canada," Freeland said.', "CA"),
        ("The sunset proposal is unacceptable to Mexico, Guajardo told reporters.", "MX"),
        ("Officials said the U.S. demands on dairy were not acceptable to Ottawa.", "CA"),
    ],
)
def test_not_acceptable_to_a_party_is_its_rejection(
    derive_text: DeriveText, body: str, party: str
) -> None:
    events = derive_text(body, **NAFTA)
    assert _actors(events, "proposal_rejected") == [party]
    assert events_of(events, "position_stated") == []


@pytest.mark.parametrize(
    ("body", "party"),
    [
        ("The Americans dropped their demand to scrap the panels, which Canadian negotiators "
         "had called a red line.", "CA"),
        ("Ottawa called the sunset clause a red line.", "CA"),
        ("The auto content demand is a red line for Mexico.", "MX"),
    ],
)  # fmt: skip
def test_a_red_line_is_a_rejection(derive_text: DeriveText, body: str, party: str) -> None:
    events = derive_text(body, **NAFTA)
    assert party in _actors(events, "proposal_rejected")


@pytest.mark.parametrize(
    "body",
    [
        "Canada opened its dairy market, a concession Ottawa had refused for months.",
        "The deal drops the five-year sunset clause that Canada had resisted.",
        "Negotiators removed the provision Canada had fought since August.",
    ],
)
def test_a_rejection_in_a_relative_clause(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, published=date(2018, 10, 1), negotiation="nafta")
    assert "CA" in _actors(events, "proposal_rejected")


@pytest.mark.parametrize(
    "body",
    [
        "Theresa May accepted the new timetable shortly before midnight.",
        "Seoul accepted the revised deadline on Friday.",
        "Ottawa accepted the shorter extension after a phone call.",
    ],
)
def test_accepting_new_terms_is_an_acceptance(derive_text: DeriveText, body: str) -> None:
    negotiation = "brexit" if body.startswith("Theresa") else "korus"
    negotiation = "nafta" if body.startswith("Ottawa") else negotiation
    events = derive_text(body, published=date(2019, 3, 22), negotiation=negotiation)
    assert len(events_of(events, "proposal_accepted")) == 1


@pytest.mark.parametrize(
    "second",
    [
        "Under the EU's offer, Britain will leave on 22 May if MPs approve the deal.",
        "The EU's offer gives Britain until 12 April.",
        "The offer from the EU, made late on Thursday, was a shorter delay.",
    ],
)
def test_an_offer_answering_a_request_is_a_counter_proposal(
    derive_text: DeriveText, second: str
) -> None:
    events = derive_text(
        f"Theresa May asked for a delay to Brexit in a letter on Wednesday. {second}",
        published=date(2019, 3, 22),
        negotiation="brexit",
    )
    assert _actors(events, "counter_proposal_made") == ["EU"]
    assert _actors(events, "proposal_made") == ["UK"]


def test_an_offer_with_no_request_before_it_is_a_proposal(derive_text: DeriveText) -> None:
    events = derive_text(
        "The EU's offer gives Britain until 12 April.",
        published=date(2019, 3, 22),
        negotiation="brexit",
    )
    assert events_of(events, "counter_proposal_made") == []


def test_two_different_demands_of_one_party_stay_apart(derive_text: DeriveText) -> None:
    events = derive_text(
        "Seoul accepted the US demand to extend the truck tariff to 2041. Kim said the "
        "government did not accept Washington's request for wider access to its farm market.",
        published=date(2018, 3, 26),
    )
    assert _actors(events, "proposal_made") == ["US", "US"]


def test_pressing_a_person_on_a_term_is_a_demand(derive_text: DeriveText) -> None:
    events = derive_text(
        "Trudeau used his remarks to press Trump directly on the steel tariffs.",
        published=date(2018, 11, 30),
        negotiation="nafta",
    )
    assert _actors(events, "proposal_made") == ["CA"]


@pytest.mark.parametrize(
    "body",
    [
        "Trump, who for years called NAFTA the worst trade deal, praised the new pact that "
        "changes the rules.",
        "Trump called the old pact a disaster and hailed the changes.",
        "Lighthizer called the new rules a model for future trade changes.",
    ],
)
def test_calling_names_is_no_demand(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, published=date(2018, 11, 30), negotiation="nafta")
    assert events_of(events, "proposal_made") == []


@pytest.mark.parametrize(
    "body",
    [
        "Mexico will not accept any link between the metal tariffs and the NAFTA talks.",
        "Mexico did not accept the condition set by Washington.",
        "Mexico would never agree to the new deadline.",
    ],
)
def test_refusing_a_link_or_a_condition_is_a_rejection(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, published=date(2018, 3, 6), negotiation="nafta")
    assert _actors(events, "proposal_rejected") == ["MX"]


@pytest.mark.parametrize(
    "first",
    [
        "EU leaders turned down Theresa May's request for an extension until 30 June.",
        "EU leaders refused the British request for a postponement to 30 June.",
        "EU leaders said no to the UK's request for an extension of Article 50.",
    ],
)
def test_one_request_for_a_delay_told_twice_is_one_proposal(
    derive_text: DeriveText, first: str
) -> None:
    events = derive_text(
        f"{first} The prime minister had asked for the delay in a letter on Wednesday.",
        published=date(2019, 3, 22),
        negotiation="brexit",
    )
    assert _actors(events, "proposal_made") == ["UK"]


@pytest.mark.parametrize(
    "body",
    [
        "The deal replaces the U.S. demand for a five-year sunset clause.",
        "Mexico's push for a longer phase-in of the content rules was heard.",
        "Negotiators discussed Canada's call for an independent dispute panel.",
    ],
)
def test_one_proposal_noun_read_by_two_rules_is_one_event(
    derive_text: DeriveText, body: str
) -> None:
    events = derive_text(body, published=date(2018, 8, 27), negotiation="nafta")
    assert len(events_of(events, "proposal_made")) == 1


@pytest.mark.parametrize(
    ("body", "type_name", "actor"),
    [
        ("Canada caved to U.S. demands on dairy after months of talks.", "proposal_accepted",
         "CA"),
        ("Mexico gave in to Washington's request for higher wages in car plants.",
         "proposal_accepted", "MX"),
        ("Canada's refusal to open its dairy market angered Washington.", "proposal_rejected",
         "CA"),
        ("Mexico's rejection of the U.S. sunset demand was expected.", "proposal_rejected",
         "MX"),
        ("Ottawa countered with its own proposal on dispute panels.", "counter_proposal_made",
         "CA"),
        ("The United States insisted on a sunset clause in the new pact.", "proposal_made",
         "US"),
    ],
)  # fmt: skip
def test_yielding_refusing_and_countering_in_other_words(
    derive_text: DeriveText, body: str, type_name: str, actor: str
) -> None:
    events = derive_text(body, published=date(2018, 9, 30), negotiation="nafta")
    assert actor in _actors(events, type_name)


def test_a_refused_demand_is_no_acceptance(derive_text: DeriveText) -> None:
    events = derive_text(
        "Canada refused to bow to U.S. demands on dairy.",
        published=date(2018, 9, 30),
        negotiation="nafta",
    )
    assert events_of(events, "proposal_accepted") == []


@pytest.mark.parametrize(
    ("body", "actor"),
    [
        ("In return, the Americans dropped their demand to scrap the dispute panels.", "US"),
        ("Canada repeated its request for an exemption from the steel tariffs.", "CA"),
        ("Trudeau said his proposal on dairy quotas was final.", "CA"),
    ],
)
def test_a_possessive_pronoun_owns_the_proposal(
    derive_text: DeriveText, body: str, actor: str
) -> None:
    events = derive_text(body, published=date(2018, 10, 1), negotiation="nafta")
    assert actor in _actors(events, "proposal_made")


@pytest.mark.parametrize(
    "body",
    [
        "South Korea has agreed to Washington's demand to renegotiate the trade deal.",
        "Seoul accepted the U.S. request to amend the pact.",
        "Korea agreed to Washington's call to revise the agreement.",
    ],
)
def test_an_accepted_demand_is_the_other_sides_proposal(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, published=date(2017, 10, 5))
    assert _actors(events, "proposal_made") == ["US"]
    assert _actors(events, "proposal_accepted") == ["KR"]


@pytest.mark.parametrize(
    "body",
    [
        "Theresa May spoke first. Jeremy Corbyn, the Labour leader, said the deal was bad and "
        "repeated his call for a general election.",
        "Theresa May spoke first. Jeremy Corbyn said his proposal for a customs union stood.",
        "Theresa May spoke first. Jeremy Corbyn renewed his demand for a new referendum.",
    ],
)
def test_an_opposition_leaders_demand_is_no_partys(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, published=date(2019, 3, 22), negotiation="brexit")
    assert events_of(events, "proposal_made") == []


@pytest.mark.parametrize(
    ("body", "party"),
    [
        ("Canada will not budge on its dairy system, Freeland said.", "CA"),
        ("Mexico would not bend on wages in car plants.", "MX"),
        ("Ottawa won't give an inch on the dispute panels.", "CA"),
    ],
)
def test_not_budging_is_a_rejection(derive_text: DeriveText, body: str, party: str) -> None:
    events = derive_text(body, published=date(2018, 3, 6), negotiation="nafta")
    assert _actors(events, "proposal_rejected") == [party]


def test_budging_is_no_rejection(derive_text: DeriveText) -> None:
    events = derive_text(
        "Canada budged on dairy in the final hours.",
        published=date(2018, 9, 30),
        negotiation="nafta",
    )
    assert events_of(events, "proposal_rejected") == []


@pytest.mark.parametrize(
    "body",
    [
        "Trump's plan to impose tariffs on Mexican goods rattled markets.",
        "The United States plans to impose tariffs on $200 billion of Chinese goods.",
        "Washington wants to raise tariffs on Chinese goods to 25 percent.",
    ],
)
def test_a_unilateral_tariff_move_is_no_proposal(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, published=date(2019, 5, 10), negotiation="us-china")
    assert events_of(events, "proposal_made") == []
