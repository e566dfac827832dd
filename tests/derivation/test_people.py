"""People the catalog does not know: introduced by an office naming a party (before or
after the name, possessive or apposition), then named by surname or as "the minister"."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.derivation.conftest import events_of, joint, make_article
from tests.derivation.test_parties import DAY, named
from timeline.derivation.catalog import Catalog, load_catalog
from timeline.derivation.extractor import derive
from timeline.derivation.mentions import find_mentions
from timeline.derivation.nlp import parse


def people(catalog: Catalog, text: str) -> list[tuple[str, str | None]]:
    """(words, party) of the person mentions in the text."""
    found = named(catalog, text)
    party_words = {w for w, _ in found if catalog.lookup_party(w)}
    return [(w, p) for w, p in found if w not in party_words]


@pytest.mark.parametrize(
    ("text", "person", "party"),
    [
        ("Australian Trade Minister Jane Roe said the offer fell short.", "Jane Roe", "AU"),
        ("Japan's economy minister Taro Sato met his counterpart.", "Taro Sato", "JP"),
        ("Canada's chief negotiator, Pat Doe, left the room.", "Pat Doe", "CA"),
        ("Luis Perez, Brazil's foreign minister, said the text was final.", "Luis Perez", "BR"),
        ("Ana Diaz, the Chilean trade minister, said talks went well.", "Ana Diaz", "CL"),
        ("EU trade commissioner Ola Berg arrived on Monday.", "Ola Berg", "EU"),
        ("Indonesia's Minister for Trade and Industry Budi Santoso spoke.", "Budi Santoso",
         "ID"),
        ("Mercosur's chief negotiator Rosa Vidal Paz said the bloc was ready.", "Rosa Vidal Paz",
         "MERCOSUR"),
        ("The deal was praised by Indian Commerce & Industry Minister Ravi Kumar.", "Ravi Kumar",
         "IN"),
        ("Vietnamese Deputy Trade Minister Tran Van Minh signed.", "Tran Van Minh", "VN"),
    ],
)  # fmt: skip
def test_an_office_naming_a_party_introduces_someone_who_speaks_for_it(
    catalog: Catalog, text: str, person: str, party: str
) -> None:
    assert (person, party) in people(catalog, text)


@pytest.mark.parametrize(
    "text",
    [
        "Trade Minister Jane Roe said the offer fell short.",  # no party in the office
        "Australian farmer Jane Roe said the offer fell short.",  # a farmer holds no office
        "Australia's trade minister said the offer fell short.",  # no name
        "Australian beef exporter Jane Roe welcomed the news.",
        "Australia's Jane Roe, a farmer, said the offer fell short.",
    ],
)
def test_no_office_or_no_name_introduces_nobody(catalog: Catalog, text: str) -> None:
    assert people(catalog, text) == []


def test_later_surname_and_title_name_the_person_introduced(catalog: Catalog) -> None:
    text = (
        "Roe was not yet in the room. Australian Trade Minister Jane Roe arrived later. "
        "Roe said the offer fell short. The minister left on Monday."
    )
    assert people(catalog, text) == [("Jane Roe", "AU"), ("Roe", "AU"), ("The minister", "AU")]


def test_two_people_introduced_keep_their_own_parties(catalog: Catalog) -> None:
    text = (
        "Indian Trade Minister Ravi Kumar met EU trade commissioner Ola Berg in Brussels. "
        "Kumar said the talks went well; Berg said more work was needed. "
        "The commissioner will travel to New Delhi."
    )
    assert people(catalog, text) == [
        ("Ravi Kumar", "IN"),
        ("Ola Berg", "EU"),
        ("Kumar", "IN"),
        ("Berg", "EU"),
        ("The commissioner", "EU"),
    ]


def test_a_catalogued_person_is_not_introduced_again(catalog: Catalog) -> None:
    text = "U.S. Trade Representative Robert Lighthizer said. Lighthizer left."
    found = [(w, p) for w, p in named(catalog, text) if w != "U.S."]
    assert found[0] == ("Robert Lighthizer", "US")


@pytest.fixture(scope="module")
def eu_australia(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    path: Path = tmp_path_factory.mktemp("catalog") / "eu-australia.yaml"
    path.write_text(
        "negotiations:\n  eu-australia:\n    name: EU-Australia FTA\n    parties: [AU, EU]\n",
        encoding="utf-8",
    )
    return load_catalog(path)


@pytest.mark.parametrize(
    "body",
    [
        "Australian Trade Minister Jane Roe met EU officials. On Sunday Roe rejected the "
        "EU's offer on beef quotas.",
        "Jane Roe, Australia's minister for trade, flew to Europe. Roe on Sunday rejected "
        "the EU's offer on beef quotas.",
    ],
)
def test_an_introduced_person_acts_for_their_party_by_surname(
    eu_australia: Catalog, body: str
) -> None:
    article = make_article(body, published=DAY, negotiation="eu-australia")
    rejected = events_of(derive(article, eu_australia), "proposal_rejected")
    assert [joint(e) for e in rejected] == ["AU"]


@pytest.mark.parametrize(
    ("text", "day", "party"),
    [
        ("Goyal said India wanted a deal by the end of the year.", "2022-03-14", "IN"),
        ("Farrell said the offer was not good enough.", "2023-10-30", "AU"),
        ("Dombrovskis said the bloc was ready.", "2022-06-17", "EU"),
        ("Farrell said the offer was not good enough.", "2015-06-01", None),  # not in office
        ("Hogan said the backstop was essential.", "2019-06-04", "EU"),  # his earlier office
    ],
)
def test_catalogued_trade_ministers_speak_for_their_party_on_the_day(
    catalog: Catalog, text: str, day: str, party: str | None
) -> None:
    doc = parse(text)
    mentions = find_mentions(doc, catalog, date.fromisoformat(day))
    people_found = [m.party for m in mentions if m.kind == "person"]
    assert people_found == ([party] if party else [])
