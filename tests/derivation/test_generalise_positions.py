"""Positions in unseen wordings: quote-first attribution, "according to", stance verbs,
third parties and people not yet in office, pronouns after a person addressed."""

from __future__ import annotations

from datetime import date

import pytest

from tests.derivation.conftest import DeriveText, events_of
from timeline.derivation.catalog import Catalog
from timeline.derivation.mentions import find_mentions
from timeline.derivation.nlp import parse
from timeline.domain.envelope import NewEvent


def _actors(events: list[NewEvent]) -> set[str]:
    return {"+".join(e.actor) for e in events_of(events, "position_stated") if e.actor}


@pytest.mark.parametrize(
    "body",
    [
        '"This pact is a great win. Our farmers will be better off," Trump said.',
        '"We are making progress. The tariffs must go," Lighthizer told reporters.',
        '"It is a fair outcome. Workers in both countries gain," the U.S. Trade '
        "Representative Robert Lighthizer said on Monday.",
    ],
)
def test_a_quote_split_before_its_attribution_is_the_speakers(
    derive_text: DeriveText, body: str
) -> None:
    events = derive_text(body, published=date(2018, 8, 27), negotiation="nafta")
    assert _actors(events) == {"US"}


@pytest.mark.parametrize(
    ("body", "party"),
    [
        ("According to Peña Nieto, the agreement keeps trade in North America open.", "MX"),
        ("The new pact is fair to workers, according to Lighthizer.", "US"),
        ("According to Trudeau, the deal protects Canada's dairy farmers.", "CA"),
    ],
)
def test_according_to_a_person_is_that_persons_position(
    derive_text: DeriveText, body: str, party: str
) -> None:
    events = derive_text(body, published=date(2018, 11, 30), negotiation="nafta")
    assert _actors(events) == {party}


def test_according_to_an_agency_gives_no_speaker(derive_text: DeriveText) -> None:
    events = derive_text(
        "The deal was accepted late on Thursday, according to an EU official.",
        published=date(2019, 3, 22),
        negotiation="brexit",
    )
    assert "EU" not in _actors(events)


@pytest.mark.parametrize(
    ("body", "negotiation", "party"),
    [
        ("Beijing denies that it forces foreign firms into technology transfers.", "us-china",
         "CN"),
        ("The EU remains willing to revise the political declaration on future ties.", "brexit",
         "EU"),
        ("Canadian Foreign Minister Chrystia Freeland offered a brighter reading of the round "
         "of talks.", "nafta", "CA"),
    ],
)  # fmt: skip
def test_stance_verbs_and_phrases(
    derive_text: DeriveText, body: str, negotiation: str, party: str
) -> None:
    events = derive_text(body, published=date(2018, 12, 2), negotiation=negotiation)
    assert _actors(events) == {party}


@pytest.mark.parametrize(
    "body",
    [
        "The Korea Automobile Manufacturers Association said the truck tariff would hurt "
        "exports under the deal.",
        "The American Automotive Policy Council said the trade deal leaves barriers in place.",
        "Farm groups said the agreement would hurt exports of beef.",
    ],
)
def test_associations_and_lobbies_are_third_parties(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, published=date(2018, 9, 25))
    assert events_of(events, "position_stated") == []


def test_a_candidate_not_yet_in_office_speaks_for_no_party(derive_text: DeriveText) -> None:
    events = derive_text(
        "Andrés Manuel López Obrador has said that, if elected, he would review any new "
        "NAFTA deal.",
        published=date(2018, 3, 6),
        negotiation="nafta",
    )
    assert "MX" not in _actors(events)


def test_he_after_a_person_addressed_is_the_speaker(derive_text: DeriveText) -> None:
    events = derive_text(
        "Trudeau was more restrained. He pressed Trump on the steel tariffs. "
        '"It is all the more reason to remove the tariffs between our countries," he said.',
        published=date(2018, 11, 30),
        negotiation="nafta",
    )
    assert "US" not in _actors(events)
    assert "CA" in _actors(events)


def test_a_relative_clause_date_does_not_date_the_statement(derive_text: DeriveText) -> None:
    events = derive_text(
        "Peña Nieto, who leaves office on Dec. 1, told Trump that the trade pact was good "
        "for both countries.",
        published=date(2018, 8, 27),
        negotiation="nafta",
    )
    (position,) = events_of(events, "position_stated")
    assert position.actor == ("MX",)
    assert str(position.occurred) == "2018-08-27"


@pytest.mark.parametrize(
    "body",
    [
        "Theresa May spoke in Brussels. May said the withdrawal deal was the right one.",
        "Theresa May spoke in Brussels. Later, May told reporters the deal was fair.",
        "May said on Thursday that the withdrawal agreement honoured the referendum.",
    ],
)
def test_may_alone_is_the_prime_minister(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, published=date(2019, 3, 22), negotiation="brexit")
    assert _actors(events) == {"UK"}


@pytest.mark.parametrize(
    "body",
    [
        "Theresa May spoke. Britain will leave on 22 May if the deal passes.",
        "Theresa May spoke. The EU said in May that the deal was fair.",
        "Theresa May spoke. By May 2019 the EU said the deal was fair.",
    ],
)
def test_may_as_a_month_is_no_person(catalog: Catalog, body: str) -> None:
    doc = parse(body)
    people = [m for m in find_mentions(doc, catalog, date(2019, 3, 22)) if m.kind == "person"]
    assert [doc[m.start : m.end].text for m in people] == ["Theresa May"]


@pytest.mark.parametrize(
    ("body", "actor"),
    [
        ("The round ended without a breakthrough, and the three countries said they would keep "
         "negotiating into 2018.", "CA+MX+US"),
        ("Guajardo said his country could not accept the auto proposal, but that Mexico would "
         "remain at the table.", "MX"),
        ("Canada will continue to negotiate in good faith, Freeland said after the talks "
         "stalled.", "CA"),
    ],
)  # fmt: skip
def test_a_commitment_to_keep_talking_is_a_position(
    derive_text: DeriveText, body: str, actor: str
) -> None:
    events = derive_text(body, published=date(2017, 10, 18), negotiation="nafta")
    assert actor in _actors(events)


@pytest.mark.parametrize(
    "body",
    [
        "Seoul's trade ministry said it would submit the revised deal to the National Assembly "
        "for ratification.",
        "Lighthizer said the administration planned to notify Congress of the trade deal by "
        "Friday.",
        "The ministry said it would publish the full text of the agreement next week.",
    ],
)
def test_procedural_statements_are_no_positions(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, published=date(2018, 9, 25))
    assert events_of(events, "position_stated") == []


@pytest.mark.parametrize(
    ("body", "clause"),
    [
        ("Trump, who for years called NAFTA the worst trade deal ever made, praised the new "
         "pact as a model agreement.", "who for years called NAFTA the worst trade deal ever made"),
        ("Seoul rejected a US proposal to revise a deal that Trump has called a “job killer”.",
         "that Trump has called a “job killer”"),
        ("Lighthizer, who has called the old deal a disaster, said the new rules were fair.",
         "who has called the old deal a disaster"),
    ],
)  # fmt: skip
def test_a_name_called_in_a_relative_clause_is_evidenced_by_the_clause(
    derive_text: DeriveText, body: str, clause: str
) -> None:
    negotiation = "korus" if "Seoul" in body else "nafta"
    events = derive_text(body, published=date(2018, 11, 30), negotiation=negotiation)
    quotes = [e.evidence[0].quote for e in events_of(events, "position_stated")]
    assert clause in quotes


@pytest.mark.parametrize(
    "body",
    [
        "Canada's dairy farmers said the agreement betrayed them.",
        "Mexican automakers said the new trade deal would raise their costs.",
        "U.S. farm groups said the trade pact would help exports of corn.",
        "Trump said on Twitter that Mexico would pay for the border wall.",
    ],
)
def test_sectors_named_by_a_country_and_off_topic_remarks_are_no_positions(
    derive_text: DeriveText, body: str
) -> None:
    events = derive_text(body, published=date(2018, 9, 30), negotiation="nafta")
    assert events_of(events, "position_stated") == []


@pytest.mark.parametrize(
    ("body", "negotiation", "party"),
    [
        ("A spokesman for China's foreign ministry said Beijing would not bow to pressure in "
         "the trade war.", "us-china", "CN"),
        ("The trade minister of South Korea said the FTA had been mutually beneficial.", "korus",
         "KR"),
        ("A senior official of the European Commission said the backstop was not negotiable.",
         "brexit", "EU"),
    ],
)  # fmt: skip
def test_a_spokesman_for_a_party_speaks_for_it(
    derive_text: DeriveText, body: str, negotiation: str, party: str
) -> None:
    events = derive_text(body, published=date(2019, 5, 10), negotiation=negotiation)
    assert party in _actors(events)


@pytest.mark.parametrize(
    ("body", "negotiation"),
    [
        ("Korea's exports to the U.S. rose 6 percent to $72.7 billion in 2018, the ministry "
         "said.", "korus"),
        ("Under the truce, the United States will hold off on raising tariffs on Chinese goods, "
         "the White House said.", "us-china"),
        ("Under the deal, Canada will open 3.6 percent of its dairy market, Ottawa said.",
         "nafta"),
    ],
)  # fmt: skip
def test_a_said_that_only_sources_facts_is_no_position(
    derive_text: DeriveText, body: str, negotiation: str
) -> None:
    events = derive_text(body, published=date(2019, 1, 2), negotiation=negotiation)
    assert events_of(events, "position_stated") == []


def test_a_figure_framed_by_a_stance_stays_a_position(derive_text: DeriveText) -> None:
    events = derive_text(
        "Lighthizer said that the U.S. trade deficit with Korea had doubled to $27.6 billion, "
        "and that Korea's barriers were a problem.",
        published=date(2017, 8, 22),
    )
    assert _actors(events) == {"US"}


@pytest.mark.parametrize(
    "body",
    [
        "Korean firms will build new factories in the U.S. that Seoul hopes will ease the "
        "trade deficit.",
        "Companies plan gas imports which Seoul believes will narrow the trade surplus.",
        "Firms announced new plants that Seoul hopes will calm the trade dispute.",
    ],
)
def test_a_stance_verb_in_a_relative_clause_is_no_position(
    derive_text: DeriveText, body: str
) -> None:
    events = derive_text(body, published=date(2017, 6, 30))
    assert events_of(events, "position_stated") == []
