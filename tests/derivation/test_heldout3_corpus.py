"""Third held-out corpus: self-checks of the original articles and their gold events."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from timeline.derivation.articles import read_article
from timeline.domain.events import NEGOTIATION_EVENT_TYPES

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "heldout3"
ARTICLE_PATHS = sorted((CORPUS / "articles").glob("*.md"))

VOCABULARY = NEGOTIATION_EVENT_TYPES
PARTIES = frozenset({"US", "KR", "CA", "MX", "CN", "UK", "EU"})
NEGOTIATIONS = frozenset({"korus", "nafta", "us-china", "brexit", "other"})
FIELDS = ("article", "type", "actor", "target", "date", "negotiation", "subject", "evidence")
OPTIONAL = frozenset({"alt_evidence", "polarity", "scheduled_for"})
DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)


def split_front_matter(path: Path) -> tuple[dict[str, Any], str]:
    """Front matter (yaml.safe_load) and body of a corpus file, read without the deriver."""
    raw = path.read_text(encoding="utf-8")
    found = FRONT_MATTER.match(raw)
    assert found, f"{path.name}: no front matter"
    meta = yaml.safe_load(found.group(1))
    assert isinstance(meta, dict), f"{path.name}: front matter is not a mapping"
    return meta, raw[found.end() :]


def load_gold() -> dict[str, Any]:
    """The whole gold file of the corpus."""
    data = yaml.safe_load((CORPUS / "gold.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def parties(code: object) -> list[str]:
    """The party codes of a single or '+'-joined actor or target (empty for null)."""
    return [] if code is None else str(code).split("+")


def test_corpus_has_ten_articles_with_gold_for_each() -> None:
    gold_articles = {g["article"] for g in load_gold()["events"]}
    assert len(ARTICLE_PATHS) == 10
    assert gold_articles == {p.stem for p in ARTICLE_PATHS}


@pytest.mark.parametrize("path", ARTICLE_PATHS, ids=lambda p: p.stem[:2])
def test_every_article_parses(path: Path) -> None:
    meta, body = split_front_matter(path)
    article = read_article(path)
    assert article.id == meta["id"] == path.stem
    assert isinstance(meta["published"], dt.date)
    assert article.published == meta["published"]
    assert article.text == body
    assert meta["negotiation"] in NEGOTIATIONS
    assert str(meta["url"]).startswith("https://example.org/")
    assert 350 <= len(body.split()) <= 450


def test_every_gold_evidence_is_an_exact_substring_of_its_article_body() -> None:
    bodies = {p.stem: split_front_matter(p)[1] for p in ARTICLE_PATHS}
    missing = [
        (g["article"], quote)
        for g in load_gold()["events"]
        for quote in [g["evidence"], *(g.get("alt_evidence") or [])]
        if not quote or quote not in bodies[g["article"]]
    ]
    assert missing == []


def test_gold_fields_follow_the_schema() -> None:
    data = load_gold()
    assert set(data) == {"new_types", "events", "notes"}
    negotiation_of = {p.stem: split_front_matter(p)[0]["negotiation"] for p in ARTICLE_PATHS}
    for g in data["events"]:
        where = f"{g.get('article')} {g.get('type')}: {str(g.get('evidence'))[:50]}"
        assert tuple(g)[: len(FIELDS)] == FIELDS, where
        assert set(g) - set(FIELDS) <= OPTIONAL, where
        assert g["type"] in VOCABULARY, where
        assert g["negotiation"] in NEGOTIATIONS, where
        assert g["negotiation"] == negotiation_of[g["article"]], where
        assert isinstance(g["subject"], str) and g["subject"], where
        for role in ("actor", "target"):
            codes = parties(g[role])
            assert set(codes) <= PARTIES, where
            assert codes == sorted(set(codes)), where
        if g["actor"] is None:
            assert g["type"] in {"termination_clause_cited", "trade_figure_reported"}, where
        if g["type"] in {"termination_clause_cited", "trade_figure_reported"}:
            assert g["target"] is None, where
        assert g["date"] is None or DATE.fullmatch(str(g["date"])), where
        assert g.get("polarity") in {None, "negative"}, where
        assert isinstance(g.get("alt_evidence", []), list), where
        if g["type"] == "round_scheduled":
            assert "scheduled_for" in g, where
            assert g["scheduled_for"] is None or DATE.fullmatch(str(g["scheduled_for"])), where
        else:
            assert "scheduled_for" not in g, where


def test_no_gold_event_is_annotated_twice() -> None:
    keys = [(g["article"], g["type"], g["evidence"]) for g in load_gold()["events"]]
    assert len(keys) == len(set(keys))


def test_no_gold_event_is_dated_after_its_article_was_published() -> None:
    published = {p.stem: split_front_matter(p)[0]["published"] for p in ARTICLE_PATHS}
    late = [
        (g["article"], g["type"], g["date"])
        for g in load_gold()["events"]
        if g["date"] is not None and str(g["date"]) > published[g["article"]].isoformat()
    ]
    assert late == []


def test_a_scheduled_round_is_not_before_the_day_it_was_set() -> None:
    early = [
        (g["article"], g["scheduled_for"])
        for g in load_gold()["events"]
        if g["type"] == "round_scheduled"
        and g["scheduled_for"] is not None
        and g["date"] is not None
        and str(g["scheduled_for"]) < str(g["date"])[: len(str(g["scheduled_for"]))]
    ]
    assert early == []
