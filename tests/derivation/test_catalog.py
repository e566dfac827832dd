"""The catalog: aliases, people with dated roles, negotiations, user extensions, errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from timeline.derivation.catalog import Catalog, load_catalog
from timeline.domain.events import UNASSIGNED
from timeline.errors import CatalogError


@pytest.mark.parametrize(
    ("alias", "code"),
    [("Washington", "US"), ("Seoul", "KR"), ("U.S.", "US"), ("S. Korea", "KR"),
     ("Downing Street", "UK"), ("Brussels", "EU"), ("Beijing", "CN"), ("Ottawa", "CA")],
)  # fmt: skip
def test_party_aliases(catalog: Catalog, alias: str, code: str) -> None:
    assert catalog.lookup_party(alias) == code


def test_people_resolve_through_roles_on_a_date(catalog: Catalog) -> None:
    day = date(2017, 8, 22)
    assert catalog.lookup_party("Lighthizer", day) == "US"
    assert catalog.lookup_party("Kim Hyung-chong", day) == "KR"
    assert catalog.lookup_party("Kim Hyun-chong", day) == "KR"
    assert catalog.lookup_party("Michel Barnier", date(2019, 3, 8)) == "EU"
    assert catalog.lookup_party("Northern Ireland") is None


def test_negotiations_cover_the_shipped_set(catalog: Catalog) -> None:
    assert set(catalog.negotiation_ids()) >= {"korus", "nafta", "brexit", "us-china"}
    assert catalog.resolve_negotiation("Talks on the Korea-U.S. FTA in Seoul.") == "korus"
    assert catalog.resolve_negotiation("The NAFTA round ended.") == "nafta"
    assert catalog.resolve_negotiation("Barnier spoke about the backstop.") == "brexit"
    assert catalog.resolve_negotiation("Nothing relevant here.") == UNASSIGNED


def test_user_catalog_extends_the_defaults(tmp_path: Path) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        "parties:\n  JP: {name: Japan, aliases: [Tokyo]}\n"
        "people:\n  - name: Taro Example\n"
        "    roles: [{party: JP, title: Minister, from: 2017-01-01}]\n"
        "negotiations:\n  cptpp: {name: CPTPP, aliases: [TPP-11], parties: [JP, CA, MX]}\n"
        "  korus: {aliases: [the Korus pact]}\n",
        encoding="utf-8",
    )
    catalog = load_catalog(extra)
    assert catalog.lookup_party("Tokyo") == "JP"
    assert catalog.lookup_party("Taro Example", date(2018, 1, 1)) == "JP"
    assert "cptpp" in catalog.negotiation_ids()
    assert catalog.resolve_negotiation("They discussed the Korus pact.") == "korus"
    assert "KORUS FTA" in catalog.negotiation("korus").aliases  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "text",
    [
        "parties: [1, 2",
        "- just a list\n",
        "people:\n  - name: X\n    roles: [{party: ZZ, title: T, from: 2017-01-01}]\n",
        "negotiations:\n  unassigned: {name: N, parties: [US]}\n",
        'negotiations:\n  "talks\\0": {name: N, parties: [US]}\n',
        f"negotiations:\n  {'t' * 161}: {{name: N, parties: [US]}}\n",
    ],
)
def test_invalid_user_catalog_is_a_catalog_error(tmp_path: Path, text: str) -> None:
    extra = tmp_path / "bad.yaml"
    extra.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        load_catalog(extra)
    assert caught.value.path.endswith("bad.yaml")
