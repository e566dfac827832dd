"""Held-out corpora: score the deriver on original articles written blind to its rules.

The corpora's own consistency (articles, gold schema, quotes) is checked in
``test_corpus_self_checks.py``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.derivation.corpus_files import CORPORA, article_paths, load_gold
from timeline.derivation.articles import Article, read_article
from timeline.derivation.catalog import Catalog, load_catalog
from timeline.derivation.extractor import derive
from timeline.derivation.jsonl import derived_record
from timeline.domain.events import NEGOTIATION_EVENT_TYPES

# Floors a little below the measured F1, so that a regression fails while small rule changes
# pass. heldout: 0.571 when written (blind), 0.963 at extractor 1.2.0 after the rules were
# generalised against its misses (no longer blind). heldout3: 0.612 when written (blind,
# extractor 1.1.0), 0.864 at 1.2.0 after generalising against its misses (no longer blind).
# heldout2: written blind and never used for tuning: 0.637 at 1.1.0, 0.679 at 1.2.0 — the
# honest estimate of how the deriver does on unseen articles. heldout4: other negotiations
# (EU-Vietnam, EFTA-India, ASEAN-China...), 0.575 when written (blind, extractor 1.3.9),
# 0.667 at 1.4.0 after generalising against its misses (no longer blind). heldout5: the clutter
# of web pages, core and other negotiations, 0.623 when written (blind, extractor 1.4.0), 0.664
# after generalising against its misses (no longer blind). heldout6: genres and negotiations the
# others lack (a press release, a transcript, a roundup of three negotiations...), 0.483 when
# written (blind, extractor 1.4.1), 0.583 after generalising against its misses (no longer
# blind).
F1_FLOORS = {
    "heldout": 0.93,
    "heldout2": 0.64,
    "heldout3": 0.83,
    "heldout4": 0.62,
    "heldout5": 0.6,
    "heldout6": 0.52,
}

VOCABULARY = NEGOTIATION_EVENT_TYPES

Span = tuple[int, int]


@dataclass(frozen=True)
class Candidate:
    """One gold or derived event reduced to what matching needs.

    Invariants: `actor` is the set of party codes (empty for a null actor); every span is a
    non-empty half-open range of offsets into the article text; `quote` is the first quote.
    """

    type: str
    actor: frozenset[str]
    spans: tuple[Span, ...]
    quote: str


@dataclass
class Score:
    """True positives, false positives and false negatives per event type, plus the misses.

    Invariant: only types of VOCABULARY are counted; `misses` lists every unmatched event.
    """

    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    def prf(self, types: tuple[str, ...] = VOCABULARY) -> tuple[float, float, float]:
        """Micro-averaged precision, recall and F1 over the given types."""
        t = sum(self.tp[k] for k in types)
        p = sum(self.fp[k] for k in types)
        n = sum(self.fn[k] for k in types)
        precision = t / (t + p) if t + p else 0.0
        recall = t / (t + n) if t + n else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1

    def table(self) -> str:
        """A per-type P/R/F1 table with the overall figures underneath."""
        lines = [f"{'type':26} {'tp':>4} {'fp':>4} {'fn':>4} {'P':>6} {'R':>6} {'F1':>6}"]
        for kind in VOCABULARY:
            if self.tp[kind] or self.fp[kind] or self.fn[kind]:
                p, r, f = self.prf((kind,))
                counts = f"{self.tp[kind]:4} {self.fp[kind]:4} {self.fn[kind]:4}"
                lines.append(f"{kind:26} {counts} {p:6.2f} {r:6.2f} {f:6.2f}")
        core = tuple(k for k in VOCABULARY if k != "position_stated")
        for label, types in (("overall", VOCABULARY), ("without position_stated", core)):
            p, r, f = self.prf(types)
            lines.append(f"{label:26} {'':14} {p:6.2f} {r:6.2f} {f:6.2f}")
        return "\n".join(lines)


def parties(code: object) -> frozenset[str]:
    """A party code, a joint code such as "KR+US", or a list of codes, as a set."""
    if code is None or code == "":
        return frozenset()
    if isinstance(code, list | tuple):
        return frozenset(str(c).upper() for c in code)
    return frozenset(p.upper() for p in re.split(r"[+,/ ]+", str(code)) if p)


def spans_of(text: str, quote: str) -> list[Span]:
    """Every place where `quote` occurs verbatim in `text`."""
    if not quote:
        return []
    return [(m.start(), m.start() + len(quote)) for m in re.finditer(re.escape(quote), text)]


def overlap(a: Span, b: Span) -> int:
    """How many characters two spans share."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match(gold: list[Candidate], derived: list[Candidate]) -> list[tuple[int, int]]:
    """One-to-one greedy matching: largest evidence overlap first, same type, actors as sets.

    A gold event with a null actor matches any derived actor.
    """
    pairs: list[tuple[int, int, int]] = []
    for gi, g in enumerate(gold):
        for di, d in enumerate(derived):
            if d.type != g.type or (g.actor and d.actor != g.actor):
                continue
            best = max((overlap(s, t) for s in g.spans for t in d.spans), default=0)
            if best > 0:
                pairs.append((-best, gi, di))
    used_g: set[int] = set()
    used_d: set[int] = set()
    chosen: list[tuple[int, int]] = []
    for _, gi, di in sorted(pairs):
        if gi not in used_g and di not in used_d:
            used_g.add(gi)
            used_d.add(di)
            chosen.append((gi, di))
    return chosen


def gold_candidate(entry: dict[str, Any], text: str) -> Candidate:
    """A gold entry located in its article text (every quote must be found)."""
    spans: list[Span] = []
    for quote in [entry["evidence"], *(entry.get("alt_evidence") or [])]:
        found = spans_of(text, str(quote))
        assert found, f"{entry['article']}: gold quote not in the article: {quote!r}"
        spans.extend(found)
    return Candidate(entry["type"], parties(entry.get("actor")), tuple(spans), entry["evidence"])


def derived_candidate(record: dict[str, Any], text: str) -> Candidate:
    """A derived JSONL record reduced to its type, parties and evidence spans."""
    spans: list[Span] = []
    quotes: list[str] = []
    for ev in record.get("evidence") or []:
        quote = str(ev.get("quote", ""))
        quotes.append(quote)
        start, end = ev.get("start"), ev.get("end")
        if isinstance(start, int) and isinstance(end, int) and text[start:end] == quote:
            spans.append((start, end))
        else:
            spans.extend(spans_of(text, quote))
    return Candidate(
        str(record["type"]), parties(record.get("actor")), tuple(spans), quotes[0] if quotes else ""
    )


def score_article(article: Article, golds: list[dict[str, Any]], catalog: Catalog) -> Score:
    """Derive one article and compare its events with the gold events of that article."""
    text = article.text
    gold = [gold_candidate(g, text) for g in golds]
    records = [derived_record(new) for new in derive(article, catalog)]
    derived = [derived_candidate(r, text) for r in records if r["type"] in VOCABULARY]
    pairs = match(gold, derived)
    score = Score()
    for gi, _ in pairs:
        score.tp[gold[gi].type] += 1
    matched_g = {gi for gi, _ in pairs}
    matched_d = {di for _, di in pairs}
    for gi, g in enumerate(gold):
        if gi not in matched_g:
            score.fn[g.type] += 1
            who = "+".join(sorted(g.actor)) or "-"
            score.misses.append(f"MISSED   {article.id} {g.type} {who}: {g.quote[:90]}")
    for di, d in enumerate(derived):
        if di not in matched_d:
            score.fp[d.type] += 1
            who = "+".join(sorted(d.actor)) or "-"
            score.misses.append(f"SPURIOUS {article.id} {d.type} {who}: {d.quote[:90]}")
    return score


# -- the score ---------------------------------------------------------------------------------


def score_corpus(corpus: Path) -> Score:
    """The deriver's score over every article of a corpus folder."""
    catalog = load_catalog()
    gold = load_gold(corpus)["events"]
    total = Score()
    for path in article_paths(corpus):
        article = read_article(path)
        one = score_article(article, [g for g in gold if g["article"] == article.id], catalog)
        total.tp.update(one.tp)
        total.fp.update(one.fp)
        total.fn.update(one.fn)
        total.misses.extend(one.misses)
    return total


def test_matching_is_one_to_one_and_respects_actors() -> None:
    restated = Candidate("meeting_held", frozenset({"KR", "US"}), ((0, 10), (50, 60)), "a")
    figure = Candidate("trade_figure_reported", frozenset(), ((100, 120),), "b")
    derived = [
        Candidate("meeting_held", frozenset({"US", "KR"}), ((0, 5),), "x"),
        Candidate("meeting_held", frozenset({"US", "KR"}), ((52, 58),), "y"),
        Candidate("meeting_held", frozenset({"US"}), ((0, 10),), "z"),
        Candidate("trade_figure_reported", frozenset({"US"}), ((110, 111),), "w"),
    ]
    assert match([restated, figure], derived) == [(0, 1), (1, 3)]


@pytest.mark.parametrize("name", sorted(F1_FLOORS))
def test_heldout_f1_stays_above_the_floor(name: str) -> None:
    score = score_corpus(CORPORA / name)
    print()
    print(score.table())
    print("\n".join(score.misses))
    assert score.prf()[2] >= F1_FLOORS[name]
