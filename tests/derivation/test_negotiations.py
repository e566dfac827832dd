"""Which negotiation an article is about, when the catalog knows it and when it does not.

The texts are the project's own phrasings. The small catalog in
tests/fixtures/catalogs/more_parties.yaml adds AU, BR, JP, IN, NZ and MERCOSUR, so these tests do
not depend on which parties the shipped catalog has.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from timeline.derivation.articles import parse_article
from timeline.derivation.catalog import Catalog, load_catalog
from timeline.derivation.context import build_context
from timeline.derivation.extractor import derive_from_context
from timeline.derivation.negotiations import (
    ResolvedNegotiation,
    generated_name,
    known_parties_of_id,
    parties_of_id,
)
from timeline.domain.events import UNASSIGNED, NegotiationEvent

MORE_PARTIES = Path(__file__).resolve().parents[1] / "fixtures" / "catalogs" / "more_parties.yaml"


@pytest.fixture(scope="module")
def wider() -> Catalog:
    return load_catalog(MORE_PARTIES)


def resolve(
    catalog: Catalog, body: str, *, negotiation: str | None = None, title: str | None = None
) -> ResolvedNegotiation:
    front = "---\nid: n1\npublished: 2024-05-14\n"
    front += f"negotiation: {negotiation}\n" if negotiation else ""
    front += f"title: {title}\n" if title else ""
    article = parse_article(f"{front}---\n{body}\n", "n1.md")
    return build_context(article, catalog).resolved


@pytest.mark.parametrize(
    ("body", "expected_id", "parties"),
    [
        ("Negotiators closed the New Zealand–EU economic partnership agreement on Friday.",
         "eu-nz", ("EU", "NZ")),
        ("Officials said Brazil-EU trade talks would resume in the autumn.", "br-eu",
         ("BR", "EU")),
        ("Ministers hope to finish a free-trade pact between Australia and India this year.",
         "au-in", ("AU", "IN")),
        ("The two blocs restarted negotiations on a trade accord between Mercosur and the "
         "European Union after a long pause.", "eu-mercosur", ("EU", "MERCOSUR")),
        ("New Delhi said the U.S.-India deal would cut tariffs on nuts.", "in-us",
         ("IN", "US")),
        ("Officials said the Brazil-U.S. trade talks would resume.", "br-us", ("BR", "US")),
        ("The India/UK FTA entered its fifth round in New Delhi.", "in-uk", ("IN", "UK")),
        ("Canberra and Brussels said the Australia – EU trade agreement was close.", "au-eu",
         ("AU", "EU")),
    ],
)  # fmt: skip
def test_the_text_names_a_negotiation_by_its_parties(
    wider: Catalog, body: str, expected_id: str, parties: tuple[str, ...]
) -> None:
    found = resolve(wider, body)

    assert (found.id, found.parties, found.source) == (expected_id, parties, "text")
    assert found.name == generated_name(parties, wider)


def test_the_id_is_the_same_whichever_order_the_text_names_the_parties(wider: Catalog) -> None:
    one = resolve(wider, "The EU-Australia trade deal stalled over beef.")
    other = resolve(wider, "The Australia–EU free trade talks stalled over beef.")

    assert one.id == other.id == "au-eu"
    assert one.name == "Australia–European Union"


@pytest.mark.parametrize(
    ("body", "expected_id", "name"),
    [
        ("Eleven countries signed the Pacific Rim Trade and Investment Partnership (PRTIP) "
         "in a ceremony. The PRTIP enters into force next year.", "prtip",
         "Pacific Rim Trade and Investment Partnership"),
        ("Leaders hailed the Northern Coast Framework Agreement (NCFA) as a model.", "ncfa",
         "Northern Coast Framework Agreement"),
        ("Envoys on Thursday the Inland Waterways Trade Pact (IWTP) signed. The IWTP is new.",
         "iwtp", "Inland Waterways Trade Pact"),
        ("Negotiators closed the Agreement on the Orderly Exit of Members (AOEM) in May.",
         "aoem", "Agreement on the Orderly Exit of Members"),
    ],
)  # fmt: skip
def test_an_agreement_defined_with_an_acronym_is_named_by_it(
    wider: Catalog, body: str, expected_id: str, name: str
) -> None:
    found = resolve(wider, body)

    assert (found.id, found.name, found.source) == (expected_id, name, "text")


@pytest.mark.parametrize(
    "body",
    [
        "Brazil and Australia discussed the weather on Monday.",  # no deal word
        "The Brazil-Australia rugby match was sold out.",  # parties joined, but no deal
        "Officials said a deal between the two sides was close.",  # a deal, no parties
        "Experts at the World Health Organization (WHO) met in Geneva.",  # no agreement name
        "The EU-Brussels deal was a local matter.",  # one party twice is no negotiation
        "Nothing here names a party or a negotiation.",
    ],
)
def test_text_that_names_no_negotiation_is_unassigned(wider: Catalog, body: str) -> None:
    assert resolve(wider, body).id == UNASSIGNED


def test_parties_of_a_catalog_negotiation_come_from_the_catalog(wider: Catalog) -> None:
    found = resolve(wider, "Trade talks between Washington and Seoul resumed.")

    assert (found.id, found.source) == ("korus", "catalog")  # the one negotiation of KR, US


def test_the_front_matter_negotiation_is_honoured_when_the_catalog_lacks_it(
    wider: Catalog,
) -> None:
    found = resolve(wider, "Australia turned down the offer on Sunday.", negotiation="eu-australia")

    assert found == ResolvedNegotiation(
        "eu-australia", "Australia–European Union", ("AU", "EU"), "front_matter"
    )


@pytest.mark.parametrize(
    ("negotiation", "expected"),
    [
        ("eu-australia", ("AU", "EU")),
        ("india_uk", ("IN", "UK")),
        ("EU-Mercosur", ("EU", "MERCOSUR")),
        ("new zealand-us", ("NZ", "US")),
        ("us-japan", ("JP", "US")),  # every ISO country is a party out of the box
        ("cptpp", ()),  # not made of party names
        ("eu-atlantis", ()),  # one piece names no party
        ("eu-eu", ()),  # one party is no negotiation
        ("eu-new-zealand", ("EU", "NZ")),  # a name of several words
        ("united-arab-emirates_india", ("AE", "IN")),
        ("south-korea-new-zealand", ("KR", "NZ")),
        ("new-atlantis-eu", ()),  # "new" names nothing alone
        ("uk-cptpp", ("AU", "BN", "CA", "CL", "JP", "MX", "MY", "NZ", "PE", "SG", "UK", "VN")),
        ("cptpp-atlantis", ()),  # a negotiation's parties, and a piece naming none
    ],
)
def test_an_id_made_of_party_names_spells_its_parties(
    wider: Catalog, negotiation: str, expected: tuple[str, ...]
) -> None:
    assert parties_of_id(negotiation, wider) == expected


@pytest.mark.parametrize(
    ("negotiation", "expected"),
    [
        ("new-zealand-atlantis", ("NZ",)),
        ("atlantis-cptpp", ("AU", "BN", "CA", "CL", "JP", "MX", "MY", "NZ", "PE", "SG", "VN")),
        ("atlantis-zealand", ()),
    ],
)
def test_the_pieces_of_an_id_that_name_parties_are_known_alone(
    wider: Catalog, negotiation: str, expected: tuple[str, ...]
) -> None:
    assert known_parties_of_id(negotiation, wider) == expected


def test_a_front_matter_id_of_no_party_names_takes_its_parties_from_the_text(
    wider: Catalog,
) -> None:
    joined = resolve(
        wider,
        "Envoys met to advance a free trade agreement between New Zealand and India. "
        "Wellington tabled an offer; Australia watched.",
        negotiation="pacific-talks",
    )
    named = resolve(
        wider,
        "New Zealand proposed lower dairy tariffs. India refused. Wellington said it would "
        "wait. India said the offer was too small. Brazil was not involved.",
        negotiation="pacific-talks",
    )

    assert (joined.id, joined.parties) == ("pacific-talks", ("IN", "NZ"))
    assert (named.id, named.parties, named.name) == ("pacific-talks", ("IN", "NZ"), "pacific-talks")


@pytest.mark.parametrize(
    ("written", "kept"),
    [("EU-Australia", "eu-australia"), (" eu australia ", "eu-australia"), ("unassigned", None)],
)
def test_a_front_matter_id_is_kept_in_lower_case_with_hyphens(
    wider: Catalog, written: str, kept: str | None
) -> None:
    found = resolve(wider, "Nothing here names a deal.", negotiation=f"'{written}'")

    assert found.id == (kept or UNASSIGNED)


def test_a_front_matter_id_naming_one_known_party_has_only_that_party(wider: Catalog) -> None:
    found = resolve(
        wider,
        "Brazil and India talked about Atlantis. Brazil proposed a quota; India refused.",
        negotiation="eu-atlantis",
    )

    assert (found.id, found.parties) == ("eu-atlantis", ("EU",))  # Atlantis: no party known


def test_a_catalog_negotiation_in_the_front_matter_wins_over_the_text(wider: Catalog) -> None:
    found = resolve(wider, "The Brazil-EU trade deal came up in passing.", negotiation="korus")

    assert (found.id, found.source) == ("korus", "catalog")


def test_events_of_an_unknown_negotiation_are_filed_under_it_with_its_parties(
    wider: Catalog,
) -> None:
    body = (
        "Brussels offered on March 3 to open its market to more Australian lamb under a "
        "free trade agreement. Australia on Friday turned down the EU's offer, its trade "
        "minister said. The two sides met in Perth on Friday. They will meet again in Rome "
        "on June 2, officials said."
    )
    article = parse_article(
        f"---\nid: lamb\npublished: 2024-05-14\nnegotiation: eu-australia\n---\n{body}\n", "x"
    )
    events = [e.event for e in derive_from_context(build_context(article, wider))]
    assert all(isinstance(e, NegotiationEvent) for e in events)
    derived = {(e.type, e.actor) for e in events if isinstance(e, NegotiationEvent)}

    assert {e.negotiation for e in events if isinstance(e, NegotiationEvent)} == {"eu-australia"}
    assert ("proposal_rejected", ("AU",)) in derived
    assert ("meeting_held", ("AU", "EU")) in derived
    assert ("round_scheduled", ("AU", "EU")) in derived


ISSUE_8_REPRO = """---
id: repro-2023-10-30-beef
published: 2023-10-30
negotiation: eu-australia
---
The European Union on Oct. 12 proposed to raise Australia's beef quota to 30,000 tonnes as \
part of a free trade agreement. Australia on Sunday rejected the EU's offer, Trade Minister \
Don Farrell said, calling it not commercially meaningful. The two sides met in Osaka on the \
sidelines of a G7 trade ministers meeting. They will meet again in Brussels on Nov. 20, \
officials said.
"""


def test_the_eu_australia_repro_of_issue_8_is_filed_under_its_negotiation_with_both_parties(
    wider: Catalog,
) -> None:
    ctx = build_context(parse_article(ISSUE_8_REPRO, "repro.md"), wider)
    events = [e.event for e in derive_from_context(ctx)]
    facts = {
        (e.type, e.actor, str(e.occurred), getattr(e, "location", None))
        for e in events
        if isinstance(e, NegotiationEvent)
    }
    scheduled = [e for e in events if e.type == "round_scheduled"]

    assert (ctx.resolved.id, ctx.resolved.parties) == ("eu-australia", ("AU", "EU"))
    assert ("proposal_made", ("EU",), "2023-10-12", None) in facts
    assert ("proposal_rejected", ("AU",), "2023-10-29", None) in facts
    assert ("meeting_held", ("AU", "EU"), "2023-10-29", "Osaka") in facts
    assert [
        (str(getattr(e, "scheduled_for", None)), getattr(e, "location", None)) for e in scheduled
    ] == [("2023-11-20", "Brussels")]
