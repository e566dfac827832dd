"""The rules' patterns run over the stretches they can match in find what spaCy's ``Matcher``
finds over the whole doc, in the same order (``timeline.derivation.matching``).

The order matters: two rules reading one trigger keep the first one the ``Matcher`` lists,
so the comparison is on the whole list, order included, on every rule's examples, the
project's articles (the held-out corpora, and the shared ones when present) and generated
texts that pile the patterns' own words, names and punctuation together.
"""

from __future__ import annotations

from itertools import chain, pairwise
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc

from tests.derivation.conftest import make_article
from tests.derivation.long_articles import long_article
from timeline.derivation.articles import Article, read_article
from timeline.derivation.catalog import Catalog
from timeline.derivation.context import build_context
from timeline.derivation.matching import RuleMatcher, shipped_rule_matcher
from timeline.derivation.nlp import parse
from timeline.derivation.rules import shipped_matcher, shipped_rules

ROOT = Path(__file__).resolve().parents[2]
CORPORA = [ROOT / "tests" / "corpus", ROOT.parent / "shared" / "corpus"]


def whole_doc(doc: Doc) -> list[tuple[int, int, int]]:
    """What the matcher finds over the whole doc, by (start, end) in its own order."""
    return sorted(shipped_matcher()(doc), key=lambda m: (m[1], m[2]))


def assert_same_matches(article: Article, catalog: Catalog) -> None:
    doc = build_context(article, catalog).doc
    assert shipped_rule_matcher()(doc) == whole_doc(doc), article.id


def test_every_rule_example_matches_as_over_the_whole_doc(catalog: Catalog) -> None:
    for rule in shipped_rules().rules:
        for example in rule.examples:
            article = make_article(
                example.text, published=example.published, negotiation=example.negotiation
            )
            assert_same_matches(article, catalog)


def _corpus_articles() -> list[Path]:
    return sorted(chain.from_iterable(c.glob("*/articles/*.md") for c in CORPORA))


@pytest.mark.parametrize("path", _corpus_articles(), ids=lambda p: f"{p.parts[-3]}/{p.stem}")
def test_every_corpus_article_matches_as_over_the_whole_doc(path: Path, catalog: Catalog) -> None:
    assert_same_matches(read_article(path), catalog)


def test_a_long_article_matches_as_over_the_whole_doc_and_runs_over_part_of_it(
    catalog: Catalog,
) -> None:
    doc = build_context(long_article(20_000), catalog).doc
    matches = shipped_rule_matcher()(doc)
    assert matches == whole_doc(doc)
    assert len({m[0] for m in matches}) >= 10  # many rules fire
    covered = sum(end - start for start, end in shipped_rule_matcher().stretches(doc))
    assert covered < len(doc) // 2  # and the matcher skips most of the text


def test_stretches_hold_every_match_and_are_apart(catalog: Catalog) -> None:
    doc = build_context(long_article(8_000, seed=3), catalog).doc
    stretches = shipped_rule_matcher().stretches(doc)
    for (_, end), (start, _) in pairwise(stretches):
        assert start > end  # at least one token between two stretches
    for _, start, end in whole_doc(doc):
        assert any(lo <= start and end <= hi for lo, hi in stretches)


def test_an_empty_doc_has_no_stretches_and_no_matches() -> None:
    doc = parse("")
    assert shipped_rule_matcher().stretches(doc) == []
    assert shipped_rule_matcher()(doc) == []


def test_a_pattern_without_an_anchor_sends_the_matcher_over_the_whole_doc(
    catalog: Catalog,
) -> None:
    ruleset = shipped_rules()
    loose: dict[str, Any] = {"IS_ALPHA": True, "OP": "?"}
    rules = (ruleset.rules[0].model_copy(update={"patterns": ((loose, {"IS_PUNCT": True}),)}),)
    matcher = RuleMatcher(ruleset.model_copy(update={"rules": rules}))
    doc = build_context(make_article("Seoul said no. Talks go on."), catalog).doc
    assert matcher.stretches(doc) == [(0, len(doc))]
    found = matcher(doc)
    assert found == sorted(matcher.matcher(doc), key=lambda m: (m[1], m[2]))
    assert [doc[start:end].text for _, start, end in found] == ["no.", "on."]


def _pattern_words() -> list[str]:
    """The words the patterns name (lemmas, lower-cased forms), a few of each class."""
    words: set[str] = set()
    for rule in shipped_rules().rules:
        for pattern in rule.patterns:
            for spec in pattern:
                for key in ("LEMMA", "LOWER", "ORTH"):
                    value = spec.get(key)
                    if isinstance(value, str):
                        words.add(value)
                    elif isinstance(value, dict):
                        words.update(v for v in value.get("IN", ())[:4] if isinstance(v, str))
    return sorted(w for w in words if w.strip())


WORDS = _pattern_words()
FILLERS = [
    "Seoul", "Washington", "the", "United States", "South Korea", "Lighthizer", "Beijing",
    "China", "Trump", "said", ",", ".", "“", "”", '"', "talks", "on", "Monday", "in",
    "2018", "a", "not", "and", "would", "new", "the EU", "the UK", "Britain", "—", "(", ")",
]  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    words=st.lists(st.sampled_from(WORDS + FILLERS), min_size=1, max_size=120),
    breaks=st.lists(st.integers(min_value=0, max_value=119), max_size=6),
)
def test_generated_texts_match_as_over_the_whole_doc(
    words: list[str], breaks: list[int], catalog: Catalog
) -> None:
    for at in sorted(set(breaks), reverse=True):
        if at < len(words):
            words.insert(at, ".\n\n")
    assert_same_matches(make_article(" ".join(words)), catalog)
