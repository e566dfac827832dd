"""The topic of a candidate event: what restatements share so that they merge into one event."""

from __future__ import annotations

from timeline.derivation.clauses import CLAUSE_END
from timeline.derivation.context import (
    ArticleContext,
    Sentence,
)
from timeline.derivation.rules import Rule, lemma_class

BARE = "noun"  # the topic of a bare proposal noun ("the US proposal"): a reference


_COMPLEMENT_SKIP = {"to", "for", "that", "on", "the", "a", "an", "its", "their", "more", "wider"}


def _complement(ctx: ArticleContext, sentence: Sentence, end: int) -> str | None:
    """The first content word of a proposal noun's complement ("the US demand to extend"
    -> "extend", "Washington's request for wider access" -> "access"); None when the noun
    stands bare ("the US proposal")."""
    doc = ctx.doc
    if end >= sentence.span.end or doc[end].lower_ not in {"to", "for", "that", "on"}:
        return None
    for token in doc[end : min(sentence.span.end, end + 5)]:
        if token.is_alpha and token.lower_ not in _COMPLEMENT_SKIP:
            return token.lemma_
    return None


def topic_of(ctx: ArticleContext, rule: Rule, sentence: Sentence, start: int, end: int) -> str:
    if rule.topic == "rejection-noun":
        return f"rejection:{ctx.doc[start].lemma_}"
    if rule.type != "proposal_made" or rule.topic in {"change-not-filed", "meeting"}:
        return rule.topic or rule.id
    if rule.topic == "demand-verb":
        lemma = ctx.doc[end - 1].lemma_
        return f"demand:{'delay' if lemma in lemma_class('DELAY') else lemma}"
    if rule.topic == "demand-noun":
        noun = ctx.doc[start - 1].lemma_ if start > sentence.span.start else ""
        return f"demand:{noun}"
    window = ctx.doc[end : min(sentence.span.end, end + 8)]
    clause = next((t.i for t in window if t.text in CLAUSE_END), window.end)
    if any(t.lemma_ in lemma_class("MEETING") for t in ctx.doc[end:clause]):  # "the
        # request for a session", not "the EU's offer, ..., calling it"
        return "meeting"
    if any(
        t.lemma_ in lemma_class("CHANGE") for t in ctx.doc[end : min(sentence.span.end, end + 20)]
    ):
        return "change"
    if rule.topic == "noun":
        complement = _complement(ctx, sentence, end)
        if complement in lemma_class("DELAY"):
            complement = "delay"  # "a request for an extension" = "asked for the delay"
        return f"demand:{complement}" if complement else BARE
    return rule.topic or rule.id
