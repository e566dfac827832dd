"""Deals of many parties: membership from the catalog, named deals as deal words, outlets.

A joint act of a multilateral agreement ("the pact was signed on Sunday") is the act of all
its members, which the text rarely lists; a deal named by its name or acronym is a deal word
for the signing rules; a country inside a news outlet's name is no party.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.derivation.conftest import DeriveText, events_of, joint
from timeline.derivation.catalog import load_catalog

CPTPP = "AU+BN+CA+CL+JP+MX+MY+NZ+PE+SG+VN"
RCEP = "ASEAN+AU+CN+JP+KR+NZ"


def test_the_shipped_catalog_lists_the_members_of_multilateral_agreements() -> None:
    catalog = load_catalog()
    assert "+".join(sorted(catalog.negotiation_parties("rcep"))) == RCEP
    assert "+".join(sorted(catalog.negotiation_parties("cptpp"))) == CPTPP


@pytest.mark.parametrize(
    ("body", "negotiation", "parties", "when"),
    [
        ("The RCEP accord was signed on Sunday by its members.", "rcep", RCEP, "2020-11-15"),
        (
            "Leaders signed on Sunday the Regional Comprehensive Economic Partnership at a "
            "virtual ceremony.",
            "rcep",
            RCEP,
            "2020-11-15",
        ),
        (
            "Ministers from eleven nations put their signatures to the CPTPP in Santiago on "
            "Thursday.",
            "cptpp",
            CPTPP,
            "2020-11-12",
        ),
        (
            "The CPTPP, which was signed in March 2018, took effect that December.",
            "cptpp",
            CPTPP,
            "2018-03",
        ),
    ],
)
def test_a_joint_signing_is_by_every_member_of_the_agreement(
    derive_text: DeriveText, body: str, negotiation: str, parties: str, when: str
) -> None:
    events = derive_text(body, negotiation=negotiation, published=date(2020, 11, 15))
    (signed,) = events_of(events, "agreement_signed")
    assert joint(signed) == parties
    assert str(signed.occurred) == when


def test_members_listed_in_the_text_sign_as_listed(derive_text: DeriveText) -> None:
    body = "Trade ministers from Chile, New Zealand and Singapore signed the pact on Friday."
    events = derive_text(body, negotiation="depa", published=date(2020, 6, 13))
    (signed,) = events_of(events, "agreement_signed")
    assert joint(signed) == "CL+NZ+SG"


def test_the_host_of_a_gathering_is_not_a_signatory(derive_text: DeriveText) -> None:
    body = (
        "Japan's prime minister looked on as his trade minister signed the RCEP deal at the "
        "ASEAN summit held online on Sunday."
    )
    events = derive_text(body, negotiation="rcep", published=date(2020, 11, 15))
    (signed,) = events_of(events, "agreement_signed")
    assert joint(signed) == RCEP


@pytest.mark.parametrize(
    "body",
    [
        "Footage from the Vietnam News Agency showed the ministers signing the deal on Sunday.",
        "A video from Vietnam Host Broadcaster showed the ministers signing the deal on Sunday.",
        "The ministers signed the deal on Sunday, the Press Trust of India reported.",
        "The ministers signed the deal on Sunday, Agence France-Presse reported.",
    ],
)
def test_a_country_in_a_news_outlets_name_is_no_party(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, negotiation="rcep", published=date(2020, 11, 15))
    (signed,) = events_of(events, "agreement_signed")
    assert joint(signed) == RCEP


def test_a_country_beside_the_word_news_is_still_a_party(derive_text: DeriveText) -> None:
    body = "Vietnam signed the deal on Sunday, news agencies reported."
    events = derive_text(body, negotiation="eu-vietnam", published=date(2019, 7, 1))
    (signed,) = events_of(events, "agreement_signed")
    assert "VN" in (signed.actor or ())


@pytest.mark.parametrize(
    "body",
    [
        "The deal was signed on the same day that the president signed an executive order.",
        "The pact was signed on the same day as the tariffs were announced.",
    ],
)
def test_the_same_day_as_another_act_borrows_no_earlier_date(
    derive_text: DeriveText, body: str
) -> None:
    lead = "The president left the TPP on Jan. 20, 2017. "
    events = derive_text(lead + body, negotiation="cptpp", published=date(2018, 3, 9))
    assert all(str(e.occurred) != "2017-01-20" for e in events_of(events, "agreement_signed"))


@pytest.mark.parametrize(
    ("body", "negotiation", "kind", "parties"),
    [
        (
            "India and the EFTA states Switzerland, Norway, Iceland and Liechtenstein signed "
            "the agreement on Sunday.",
            "efta-india",
            "agreement_signed",
            "EFTA+IN",
        ),
        (  # every member, without the bloc's name
            "Switzerland, Norway, Iceland, Liechtenstein and India signed the pact on Sunday.",
            "efta-india",
            "agreement_signed",
            "EFTA+IN",
        ),
        (  # not every member, and no bloc: each its own
            "Norway, Iceland and India signed the agreement on Sunday.",
            "efta-india",
            "agreement_signed",
            "IN+IS+NO",
        ),
        (  # a member named with no bloc keeps its own code
            "Brazil and the European Union signed the agreement on Sunday.",
            "eu-mercosur",
            "agreement_signed",
            "BR+EU",
        ),
    ],
)
def test_a_bloc_of_the_negotiation_stands_for_its_members_named_with_it(
    derive_text: DeriveText, body: str, negotiation: str, kind: str, parties: str
) -> None:
    events = derive_text(body, negotiation=negotiation, published=date(2024, 3, 11))
    (found,) = events_of(events, kind)
    assert joint(found) == parties
