"""Silencing weak readings: references, readings a stronger event silences, sourcing 'said'."""

from __future__ import annotations

from timeline.derivation.candidates import Candidate
from timeline.derivation.clauses import relative_clause_span
from timeline.derivation.context import (
    ArticleContext,
)
from timeline.derivation.rules import shipped_rules, word_class


def drop_references(candidates: list[Candidate]) -> list[Candidate]:
    """A bare reference ("Seoul's suggestion") to a party's counter-proposal or study
    proposal is that event again, not a new proposal."""
    acts = {(o.type, o.actor) for o in candidates}
    return [c for c in candidates if not any((t, c.actor) in acts for t in c.rule.yields_to)]


_TRAILING_WORDS = 8


def _reports_facts(ctx: ArticleContext, c: Candidate, types: set[str]) -> bool:
    """A plain "said" that only sources facts: a trailing attribution of a trade figure
    ("exports rose 6 percent to $72.7 billion, the ministry said") or the terms of a deal
    ("Under the truce, the United States will hold off ..., the White House said")."""
    if not c.rule.sources_facts:
        return False
    doc = ctx.doc
    span = c.sentence.span
    if (
        "deal_terms" in c.rule.sources_facts
        and doc[span.start].lower_ == "under"
        and any(
            t.lemma_ in word_class("TERMS_NOUN")
            for t in doc[span.start : min(span.end, span.start + 4)]
        )
    ):
        return True
    trailing = span.end - c.start <= _TRAILING_WORDS and any(
        doc[k].text == "," for k in range(max(span.start, c.start - 5), c.start)
    )
    return trailing and "trade_figure_reported" in types and "trade_figures" in c.rule.sources_facts


_SUBJECT_REACH = 8


def _new_subject_between(ctx: ArticleContext, first: int, second: int) -> bool:
    """A coordinated clause with a subject of its own separates two triggers ("Barnier
    said progress had been made, and Tusk called a summit for Sunday")."""
    doc = ctx.doc
    coordinators = word_class("COORDINATOR")
    for k in range(first + 1, second - 1):
        if doc[k].text not in {",", ";"} or doc[k + 1].lower_ not in coordinators:
            continue
        for j in range(k + 2, min(second, k + 2 + _SUBJECT_REACH)):
            mention = ctx.mention_start.get(j)
            if mention is not None and mention.is_agent:
                return True
    return False


def _in_other_clause(ctx: ArticleContext, other: Candidate, c: Candidate) -> bool:
    """``other`` is background to the position ``c``: the other side's act in a relative
    clause of what is said ("said the deal kept the panels that Washington wanted to
    scrap"), or the speaker's own past act in a clause on the subject ("Ottawa, which had
    resisted the demand, said the deal was fair")."""
    clause = relative_clause_span(ctx, other.sentence, other.start)
    if clause is None:
        return False
    at = ctx.doc[c.start].idx
    if c.actor and other.actor and not set(c.actor) & set(other.actor):
        return other.start > c.start
    return clause[1] <= at


def _silencers(ctx: ArticleContext, candidates: list[Candidate], c: Candidate) -> set[str]:
    """The event types and rule ids of the sentence that may silence ``c``. A position is
    not silenced by an event told in a relative clause apart from its verb ("Freeland said
    the deal kept the panels that Washington wanted to scrap")."""
    found: set[str] = set()
    for other in candidates:
        if other.sentence.index != c.sentence.index or other is c:
            continue
        if other.type == c.type:  # a rule of the same type silences by its id only
            found.add(other.rule.id)
            continue
        if shipped_rules().kind(c.type).statement and (
            _in_other_clause(ctx, other, c) or _new_subject_between(ctx, c.start, other.start)
        ):
            continue
        if shipped_rules().kind(other.type).setting and other.start < c.start:
            continue  # the setting ("At the first round, Lighthizer said"), not what is said
        if c.rule.quote == "inside" and not ctx.in_quote[other.start]:
            continue  # a quote is not silenced by the narration after it ("..., he said
            # shortly after the talks broke up")
        found.update((other.type, other.rule.id))
    return found


def suppress(ctx: ArticleContext, candidates: list[Candidate]) -> list[Candidate]:
    by_sentence: dict[int, set[str]] = {}
    in_sentence: dict[int, list[Candidate]] = {}  # each candidate meets only its sentence's
    for c in candidates:  # a rule is silenced by an event type or by another rule's id
        by_sentence.setdefault(c.sentence.index, set()).update((c.type, c.rule.id))
        in_sentence.setdefault(c.sentence.index, []).append(c)
    return [
        c
        for c in candidates
        if not set(c.rule.suppressed_by) & _silencers(ctx, in_sentence[c.sentence.index], c)
        and not _reports_facts(ctx, c, by_sentence[c.sentence.index])
    ]
