"""Ambiguous names decided by the catalog's rules (data): Georgia, Chad, Jordan, Washington,
Turkey/Türkiye, Korea, the North and the South, the National Assembly, Guinea, Niger/Nigeria,
Irish, Indian; May the month is not Theresa May."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.derivation.test_parties import parties_in
from timeline.derivation.catalog import Catalog, load_catalog
from timeline.derivation.mentions import find_mentions
from timeline.derivation.nlp import parse


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Georgia: the country, unless the US state or part of a name
        ("Georgia signed a free trade deal with China in Tbilisi.", ["GE", "CN", "GE"]),
        ("The EU and Georgia agreed to deepen trade ties.", ["EU", "GE"]),
        ("Peanut growers in the state of Georgia want the tariffs gone.", []),
        ("Georgia Governor Brian Kemp praised the U.S. deal.", ["US"]),
        ("A plant near Atlanta will cut jobs, Georgia officials said.", []),
        # Chad and Jordan: countries, unless a person's name
        ("Chad and Niger asked the African Union for help.", ["TD", "NE", "AFRICAN_UNION"]),
        ("Chad Bown, an economist, said the tariffs hurt U.S. farmers.", ["US"]),
        ("Jordan signed the agreement with the United States.", ["JO", "US"]),
        ("Fans of Michael Jordan lined up outside.", []),
        ("Water from the Jordan River is scarce.", []),
        # Washington: the US government, unless the state or a name
        ("Washington rejected Beijing's offer.", ["US", "CN"]),
        ("Apple growers in Washington state fear Indian tariffs.", ["IN"]),
        ("A statue of George Washington stands outside.", []),
        # Turkey and Türkiye name one party
        ("Turkey and Türkiye are one country; Ankara agrees.", ["TR", "TR", "TR"]),
        # Korea in a trade text is South Korea; North Korea is its own party
        ("Korea agreed to buy more U.S. cars.", ["KR", "US"]),
        ("North Korea fired a missile as South Korea met the U.S.", ["KP", "KR", "US"]),
        # Guinea inside a longer country name; Niger is not Nigeria
        ("Papua New Guinea and Equatorial Guinea joined; Guinea did not.", ["PG", "GQ", "GN"]),
        ("Niger and Nigeria share a border; Nigerian and Nigerien traders cross it.",
         ["NE", "NG", "NG", "NE"]),
        ("Oil from the Niger Delta flows to Nigeria.", ["NG"]),
        # Irish: Ireland, but Northern Ireland stays inside the UK
        ("The Irish government backed the EU position.", ["IE", "EU"]),
        ("Dublin and London disagreed.", ["IE", "UK"]),
        ("Unionists in Northern Ireland fear a border in the Irish Sea.", []),
        # Indian: India, not the ocean
        ("Indian officials met Japanese negotiators in Tokyo.", ["IN", "JP", "JP"]),
        ("Shipping across the Indian Ocean slowed.", []),
        # New Mexico is no Mexico
        ("Ranchers in New Mexico sell beef to Mexico.", ["MX"]),
    ],
)  # fmt: skip
def test_ambiguous_names_are_decided_by_rules(
    catalog: Catalog, text: str, expected: list[str]
) -> None:
    assert parties_in(catalog, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("North Korea tested a missile. Talks with the North stalled.", ["KP", "KP"]),
        ("Pyongyang said the North would not give up its weapons.", ["KP", "KP"]),
        ("The North voted for the Union in the civil war.", []),
        ("Seoul said the South would keep buying U.S. beef.", ["KR", "KR", "US"]),
        ("Growers across the South want cheaper fertiliser.", []),
    ],
)
def test_the_north_and_the_south_need_the_koreas_named(
    catalog: Catalog, text: str, expected: list[str]
) -> None:
    assert parties_in(catalog, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the one country with a National Assembly the article names otherwise
        ("Vietnam's National Assembly approved the pact.", ["VN", "VN"]),
        ("The National Assembly in Hanoi voted on the deal.", ["VN", "VN"]),
        ("Seoul sent the bill to the National Assembly.", ["KR", "KR"]),
        ("Kenyan lawmakers in the National Assembly backed the US talks.", ["KE", "KE", "US"]),
        # none named, or two that both have one: no party
        ("The National Assembly passed the bill on Monday.", []),
        ("France and South Korea disagreed. The National Assembly voted.", ["FR", "KR"]),
        # another party named alone does not take it
        ("Canada said the National Assembly would vote.", ["CA"]),
    ],
)
def test_a_shared_legislature_name_is_the_named_partys(
    catalog: Catalog, text: str, expected: list[str]
) -> None:
    assert parties_in(catalog, text) == expected


def test_a_user_file_adds_an_ambiguity_rule(tmp_path: Path) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text("ambiguities:\n  Mali: {unless_after: [Music]}\n", encoding="utf-8")
    catalog = load_catalog(extra)
    assert parties_in(catalog, "Mali Music played in Mali.") == ["ML"]
    assert catalog.ambiguity("Georgia") is not None  # the shipped rules stay


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
