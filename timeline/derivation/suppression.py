"""Silencing weak readings: references, readings a stronger event silences, sourcing 'said'."""

from __future__ import annotations

from timeline.derivation.candidates import Candidate
from timeline.derivation.clauses import relative_clause_span
from timeline.derivation.context import (
    ArticleContext,
)

_SPECIFIC_PROPOSALS = {"counter_proposal_made", "joint_study_proposed"}


_REFERENCE_RULES = {"proposal.noun_with_owner"}


def drop_references(candidates: list[Candidate]) -> list[Candidate]:
    """A bare reference ("Seoul's suggestion") to a party's counter-proposal or study
    proposal is that event again, not a new proposal."""
    specific = {c.actor for c in candidates if c.type in _SPECIFIC_PROPOSALS}
    return [c for c in candidates if not (c.rule.id in _REFERENCE_RULES and c.actor in specific)]


_TERMS_NOUNS = {
    "deal",
    "agreement",
    "truce",
    "pact",
    "accord",
    "arrangement",
    "ceasefire",
    "term",
    "terms",
}


_FACT_RULES = {"position.said", "position.stance"}


_TRAILING_WORDS = 8


def _reports_facts(ctx: ArticleContext, c: Candidate, types: set[str]) -> bool:
    """A plain "said" that only sources facts: a trailing attribution of a trade figure
    ("exports rose 6 percent to $72.7 billion, the ministry said") or the terms of a deal
    ("Under the truce, the United States will hold off ..., the White House said")."""
    if c.rule.id not in _FACT_RULES:
        return False
    doc = ctx.doc
    span = c.sentence.span
    if doc[span.start].lower_ == "under" and any(
        t.lemma_ in _TERMS_NOUNS for t in doc[span.start : min(span.end, span.start + 4)]
    ):
        return True
    trailing = span.end - c.start <= _TRAILING_WORDS and any(
        doc[k].text == "," for k in range(max(span.start, c.start - 5), c.start)
    )
    return trailing and "trade_figure_reported" in types and c.rule.id == "position.said"


_COORDINATORS = {"and", "but", "while", "whereas"}


_SUBJECT_REACH = 8


def _new_subject_between(ctx: ArticleContext, first: int, second: int) -> bool:
    """A coordinated clause with a subject of its own separates two triggers ("Barnier
    said progress had been made, and Tusk called a summit for Sunday")."""
    doc = ctx.doc
    for k in range(first + 1, second - 1):
        if doc[k].text not in {",", ";"} or doc[k + 1].lower_ not in _COORDINATORS:
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
        if c.type == "position_stated" and (
            _in_other_clause(ctx, other, c) or _new_subject_between(ctx, c.start, other.start)
        ):
            continue
        if other.type == "meeting_held" and other.start < c.start:
            continue  # the setting ("At the first round, Lighthizer said"), not what is said
        if c.rule.quote == "inside" and not ctx.in_quote[other.start]:
            continue  # a quote is not silenced by the narration after it ("..., he said
            # shortly after the talks broke up")
        found.update((other.type, other.rule.id))
    return found


def suppress(ctx: ArticleContext, candidates: list[Candidate]) -> list[Candidate]:
    by_sentence: dict[int, set[str]] = {}
    for c in candidates:  # a rule is silenced by an event type or by another rule's id
        by_sentence.setdefault(c.sentence.index, set()).update((c.type, c.rule.id))
    return [
        c
        for c in candidates
        if not set(c.rule.suppressed_by) & _silencers(ctx, candidates, c)
        and not _reports_facts(ctx, c, by_sentence[c.sentence.index])
    ]
