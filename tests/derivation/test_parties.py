"""Parties out of the box: every ISO 3166 country, the blocs, their names, demonyms,
capitals and institutions; datelines; a user file extends them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pycountry
import pytest

from tests.derivation.conftest import events_of, joint, make_article
from timeline.derivation.catalog import Catalog, load_catalog
from timeline.derivation.extractor import derive
from timeline.derivation.mentions import find_mentions
from timeline.derivation.nlp import parse
from timeline.derivation.world import iso_party_codes

DAY = date(2023, 10, 30)


def named(catalog: Catalog, text: str) -> list[tuple[str, str | None]]:
    """(words, party) of every party or person mention in the text, in order."""
    doc = parse(text)
    return [
        (doc[m.start : m.end].text, m.party)
        for m in find_mentions(doc, catalog, DAY)
        if m.kind in {"party", "person"}
    ]


def parties_in(catalog: Catalog, text: str) -> list[str | None]:
    return [party for _, party in named(catalog, text)]


def test_the_catalog_covers_every_iso_3166_country(catalog: Catalog) -> None:
    codes = set(catalog.party_codes())
    expected = {"UK" if c.alpha_2 == "GB" else c.alpha_2 for c in pycountry.countries}
    assert expected <= codes
    assert "GB" not in codes
    assert set(iso_party_codes()) == expected
    assert len(expected) >= 249


def test_every_country_has_a_name_and_an_alias_that_names_it(catalog: Catalog) -> None:
    for code in iso_party_codes():
        party = catalog.party(code)
        assert party is not None and party.name, code
        assert any(catalog.lookup_party(alias) == code for alias in party.aliases), code


@pytest.mark.parametrize("code", ["EU", "ASEAN", "MERCOSUR", "EFTA", "GCC", "AFRICAN_UNION", "WTO"])
def test_blocs_that_negotiate_as_one_are_parties(catalog: Catalog, code: str) -> None:
    assert catalog.party(code) is not None


@pytest.mark.parametrize(
    ("alias", "code"),
    [
        # short, official and common names
        ("Australia", "AU"), ("Commonwealth of Australia", None), ("Viet Nam", "VN"),
        ("Vietnam", "VN"), ("Federative Republic of Brazil", "BR"), ("Czechia", "CZ"),
        ("Czech Republic", "CZ"), ("Ivory Coast", "CI"), ("Côte d'Ivoire", "CI"),
        ("Cote d'Ivoire", "CI"), ("Türkiye", "TR"), ("Turkey", "TR"), ("Turkiye", "TR"),
        ("Republic of Korea", "KR"), ("South Korea", "KR"), ("Korea", "KR"),
        ("North Korea", "KP"), ("DPRK", "KP"), ("Great Britain", "UK"),
        ("United Kingdom", "UK"), ("Holland", "NL"), ("Burma", "MM"), ("Eswatini", "SZ"),
        # demonyms and their plurals
        ("Australian", "AU"), ("Australians", "AU"), ("Brazilian", "BR"), ("Japanese", "JP"),
        ("Filipino", "PH"), ("Argentine", "AR"), ("Argentinian", "AR"), ("Swiss", "CH"),
        ("Kenyan", "KE"), ("Kenyans", "KE"), ("Israelis", "IL"), ("New Zealander", "NZ"),
        # capitals used for governments
        ("Canberra", "AU"), ("Brasília", "BR"), ("Brasilia", "BR"), ("Tokyo", "JP"),
        ("New Delhi", "IN"), ("Wellington", "NZ"), ("Nairobi", "KE"), ("Ottawa", "CA"),
        # institutions and metonyms
        ("Itamaraty", "BR"), ("MOFCOM", "CN"), ("European Commission", "EU"),
        ("Brussels", "EU"), ("Kremlin", "RU"), ("Whitehall", "UK"), ("METI", "JP"),
        ("Australian government", "AU"), ("French government", "FR"), ("Chinese side", "CN"),
        # blocs
        ("Mercosur", "MERCOSUR"), ("Southern Common Market", "MERCOSUR"), ("Asean", "ASEAN"),
        ("Association of Southeast Asian Nations", "ASEAN"), ("Gulf Cooperation Council", "GCC"),
        ("European Free Trade Association", "EFTA"), ("African Union", "AFRICAN_UNION"),
        ("World Trade Organization", "WTO"), ("WTO", "WTO"),
    ],
)  # fmt: skip
def test_names_demonyms_capitals_and_institutions(
    catalog: Catalog, alias: str, code: str | None
) -> None:
    assert catalog.lookup_party(alias) == code


@pytest.mark.parametrize(
    "alias",
    ["IN", "IT", "TO", "NO", "ME", "AM", "BE", "IS", "Congolese", "Dominican", "Jerusalem",
     "Hamilton", "Victoria", "Kingston", "Male", "Stanley", "Nippon", "Bhārat", "Congo"],
)  # fmt: skip
def test_codes_shared_names_and_common_words_name_no_party(catalog: Catalog, alias: str) -> None:
    # A 2-letter code is an alias only where the news uses it (US, UK, EU); a name two
    # countries share names neither; a capital that is also a first name or another
    # place is no government; a native-language name is not English news.
    assert catalog.lookup_party(alias) is None


def test_listed_codes_are_aliases(catalog: Catalog) -> None:
    assert [catalog.lookup_party(a) for a in ("US", "UK", "EU", "UAE", "DRC")] == [
        "US", "UK", "EU", "AE", "CD",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Canberra rejected the offer from Brussels.", ["AU", "EU"]),
        ("Brazil's Itamaraty said the Mercosur bloc was ready.", ["BR", "BR", "MERCOSUR"]),
        ("The Japanese delegation met Kenyan officials in Nairobi.", ["JP", "KE", "KE"]),
        ("Vietnam and the Philippines signed; Thailand did not.", ["VN", "PH", "TH"]),
    ],
)
def test_parties_in_running_text(catalog: Catalog, text: str, expected: list[str]) -> None:
    assert parties_in(catalog, text) == expected


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("Farmers in New Mexico and the Gulf of Mexico fishermen complained.", "MX"),
        ("Ships crossed the Indian Ocean to reach the port.", "IN"),
        ("The Irish Sea crossing and the Irish border were discussed.", "IE"),
        ("Northern Ireland would stay aligned with the single market.", "IE"),
        ("A report in the Washington Post said the vote was close.", "US"),
        ("The South China Sea dispute flared again.", "CN"),
        ("The Doha Round stalled years ago; the Uruguay Round did not.", "QA"),
        ("The Australian dollar fell against the Japanese yen.", "AU"),
    ],
)
def test_names_that_hold_a_party_name_but_are_no_party(
    catalog: Catalog, text: str, hidden: str
) -> None:
    assert hidden not in parties_in(catalog, text)


@pytest.mark.parametrize(
    "text",
    [
        "OSAKA, Japan -- The two leaders agreed to resume talks.",
        "TOKYO (Reuters) - Japan said it would not lower its tariffs.",
        "LIMA, Peru, March 3 (AP) -- Peru said it would sign.",
    ],
)
def test_a_dateline_names_where_a_story_was_filed_not_an_actor(catalog: Catalog, text: str) -> None:
    doc = parse(text)
    mentions = find_mentions(doc, catalog, DAY)
    first_dash = next(t.i for t in doc if t.text in {"-", "--"})
    assert all(m.party is None for m in mentions if m.end <= first_dash)


def test_a_party_after_the_dateline_still_acts(catalog: Catalog) -> None:
    assert parties_in(catalog, "TOKYO (Reuters) - Japan said it would not lower its tariffs.") == [
        "JP"
    ]
    assert parties_in(catalog, "Japan - the third largest economy - said no.") == ["JP"]


@pytest.fixture(scope="module")
def eu_australia(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    path: Path = tmp_path_factory.mktemp("catalog") / "eu-australia.yaml"
    path.write_text(
        "negotiations:\n  eu-australia:\n    name: EU-Australia FTA\n"
        "    aliases: [EU-Australia free trade agreement]\n    parties: [AU, EU]\n",
        encoding="utf-8",
    )
    return load_catalog(path)


@pytest.mark.parametrize(
    "body",
    [
        "Australia on Sunday rejected the EU's offer on beef quotas.",
        "Canberra on Sunday rejected the European Union's offer on beef quotas.",
        "The Australian government on Sunday rejected Brussels' offer on beef quotas.",
    ],
)
def test_a_country_the_old_catalog_lacked_acts_in_a_negotiation(
    eu_australia: Catalog, body: str
) -> None:
    article = make_article(body, published=DAY, negotiation="eu-australia")
    rejected = events_of(derive(article, eu_australia), "proposal_rejected")
    assert [joint(e) for e in rejected] == ["AU"]


def test_a_user_file_adds_aliases_and_parties_over_the_world(tmp_path: Path) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        "parties:\n  AU: {aliases: [Team Australia]}\n"
        "  PIF: {name: Pacific Islands Forum, aliases: [Pacific Islands Forum, PIF]}\n",
        encoding="utf-8",
    )
    catalog = load_catalog(extra)
    assert catalog.lookup_party("Team Australia") == "AU"
    assert catalog.lookup_party("Canberra") == "AU"
    assert catalog.lookup_party("PIF") == "PIF"
