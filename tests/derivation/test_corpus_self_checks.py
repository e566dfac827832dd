"""The held-out corpora check themselves: articles parse, gold follows its schema and quotes."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.derivation.corpus_files import (
    CORPORA,
    article_paths,
    load_gold,
    party_codes,
    split_front_matter,
)
from timeline.derivation.articles import read_article
from timeline.domain.events import NEGOTIATION_EVENT_TYPES

PARTIES = frozenset({"US", "KR", "CA", "MX", "CN", "UK", "EU"})
NEGOTIATIONS = frozenset({"korus", "nafta", "us-china", "brexit", "other"})
BLOCS = frozenset({"UK", "EU", "ASEAN", "MERCOSUR", "EFTA", "WTO"})
COUNTRY = re.compile(r"[A-Z]{2}")
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
FIELDS = ("article", "type", "actor", "target", "date", "negotiation", "subject", "evidence")
OPTIONAL = frozenset({"alt_evidence", "polarity", "scheduled_for"})
DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
UNATTRIBUTED = frozenset({"termination_clause_cited", "trade_figure_reported"})


@dataclass(frozen=True)
class Corpus:
    """A held-out corpus and what its README promises: article count and length in words.

    ``one_negotiation``: every gold event belongs to its article's negotiation and is
    annotated once (the first corpus has events of another negotiation and restatements).
    ``wide_codes``: parties and negotiations are coded as in the second development set:
    any ISO alpha-2 code but GB, plus UK, EU, ASEAN, MERCOSUR, EFTA and WTO, and a free
    lower-case slug per negotiation (the others use the five parties and slugs above).
    ``roundups``: articles of a one-negotiation corpus that report several negotiations (a
    weekly roundup); their events carry their own negotiation's slug, each annotated once.
    """

    name: str
    articles: int
    min_words: int
    max_words: int = 450
    one_negotiation: bool = True
    wide_codes: bool = False
    roundups: tuple[str, ...] = ()

    def knows_party(self, code: str) -> bool:
        if not self.wide_codes:
            return code in PARTIES
        return code in BLOCS or (COUNTRY.fullmatch(code) is not None and code != "GB")

    def knows_negotiation(self, slug: str) -> bool:
        if not self.wide_codes:
            return slug in NEGOTIATIONS
        return SLUG.fullmatch(slug) is not None and slug != "other"

    @property
    def path(self) -> Path:
        return CORPORA / self.name

    def __str__(self) -> str:
        return self.name


CORPUS_SPECS = (
    Corpus("heldout", articles=12, min_words=250, one_negotiation=False),
    Corpus("heldout2", articles=10, min_words=250),
    Corpus("heldout3", articles=10, min_words=350),
    Corpus("heldout4", articles=10, min_words=350, wide_codes=True),
    Corpus("heldout5", articles=10, min_words=300, wide_codes=True),
    Corpus(
        "heldout6",
        articles=10,
        min_words=300,
        wide_codes=True,
        roundups=("09-eu-india-nz-india-weekly-roundup",),
    ),
)
ARTICLES = [(c, p) for c in CORPUS_SPECS for p in article_paths(c.path)]


@pytest.mark.parametrize("corpus", CORPUS_SPECS, ids=str)
def test_corpus_has_its_articles_with_gold_for_each(corpus: Corpus) -> None:
    paths = article_paths(corpus.path)
    assert len(paths) == corpus.articles
    assert {g["article"] for g in load_gold(corpus.path)["events"]} == {p.stem for p in paths}


@pytest.mark.parametrize(
    ("corpus", "path"), ARTICLES, ids=[f"{c}-{p.stem[:2]}" for c, p in ARTICLES]
)
def test_every_article_parses(corpus: Corpus, path: Path) -> None:
    meta, body = split_front_matter(path)
    article = read_article(path)
    assert article.id == meta["id"] == path.stem
    assert isinstance(meta["published"], dt.date)
    assert article.published == meta["published"]
    assert article.text == body
    assert corpus.knows_negotiation(meta["negotiation"])
    assert str(meta["url"]).startswith("https://example.org/")
    assert corpus.min_words <= len(body.split()) <= corpus.max_words


@pytest.mark.parametrize("corpus", CORPUS_SPECS, ids=str)
def test_every_gold_evidence_is_an_exact_substring_of_its_article_body(corpus: Corpus) -> None:
    bodies = {p.stem: split_front_matter(p)[1] for p in article_paths(corpus.path)}
    missing = [
        (g["article"], quote)
        for g in load_gold(corpus.path)["events"]
        for quote in [g["evidence"], *(g.get("alt_evidence") or [])]
        if not quote or quote not in bodies[g["article"]]
    ]
    assert missing == []


@pytest.mark.parametrize("corpus", CORPUS_SPECS, ids=str)
def test_gold_fields_follow_the_schema(corpus: Corpus) -> None:
    data = load_gold(corpus.path)
    assert set(data) == {"new_types", "events", "notes"}
    negotiation_of = {
        p.stem: split_front_matter(p)[0]["negotiation"] for p in article_paths(corpus.path)
    }
    for g in data["events"]:
        where = f"{g.get('article')} {g.get('type')}: {str(g.get('evidence'))[:50]}"
        assert tuple(g)[: len(FIELDS)] == FIELDS, where
        assert set(g) - set(FIELDS) <= OPTIONAL, where
        assert g["type"] in NEGOTIATION_EVENT_TYPES, where
        assert corpus.knows_negotiation(g["negotiation"]), where
        if corpus.one_negotiation and g["article"] not in corpus.roundups:
            assert g["negotiation"] == negotiation_of[g["article"]], where
        assert isinstance(g["subject"], str) and g["subject"], where
        for role in ("actor", "target"):
            codes = party_codes(g[role])
            assert all(corpus.knows_party(code) for code in codes), where
            assert codes == sorted(set(codes)), where
        if g["actor"] is None:
            assert g["type"] in UNATTRIBUTED, where
        if g["type"] in UNATTRIBUTED:
            assert g["target"] is None, where
        assert g["date"] is None or DATE.fullmatch(str(g["date"])), where
        assert g.get("polarity") in {None, "negative"}, where
        assert isinstance(g.get("alt_evidence", []), list), where
        if g["type"] == "round_scheduled":
            assert "scheduled_for" in g, where
            assert g["scheduled_for"] is None or DATE.fullmatch(str(g["scheduled_for"])), where
        else:
            assert "scheduled_for" not in g, where


@pytest.mark.parametrize("corpus", [c for c in CORPUS_SPECS if c.one_negotiation], ids=str)
def test_no_gold_event_is_annotated_twice(corpus: Corpus) -> None:
    keys = [(g["article"], g["type"], g["evidence"]) for g in load_gold(corpus.path)["events"]]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("corpus", CORPUS_SPECS, ids=str)
def test_no_gold_event_is_dated_after_its_article_was_published(corpus: Corpus) -> None:
    published = {p.stem: split_front_matter(p)[0]["published"] for p in article_paths(corpus.path)}
    late = [
        (g["article"], g["type"], g["date"])
        for g in load_gold(corpus.path)["events"]
        if g["date"] is not None and str(g["date"]) > published[g["article"]].isoformat()
    ]
    assert late == []


@pytest.mark.parametrize("corpus", CORPUS_SPECS, ids=str)
def test_a_scheduled_round_is_not_before_the_day_it_was_set(corpus: Corpus) -> None:
    early = [
        (g["article"], g["scheduled_for"])
        for g in load_gold(corpus.path)["events"]
        if g["type"] == "round_scheduled"
        and g["scheduled_for"] is not None
        and g["date"] is not None
        and str(g["scheduled_for"]) < str(g["date"])[: len(str(g["scheduled_for"]))]
    ]
    assert early == []
