"""The topic of a candidate event: what restatements share so that they merge into one event."""

from __future__ import annotations

from timeline.derivation.clauses import CLAUSE_END
from timeline.derivation.context import (
    ArticleContext,
    Sentence,
)
from timeline.derivation.rules import Rule, lemma_class, word_class

BARE = "noun"  # the topic of a bare proposal noun ("the US proposal"): a reference


def _complement(ctx: ArticleContext, sentence: Sentence, end: int) -> str | None:
    """The first content word of a proposal noun's complement ("the US demand to extend"
    -> "extend", "Washington's request for wider access" -> "access"); None when the noun
    stands bare ("the US proposal")."""
    doc = ctx.doc
    if end >= sentence.span.end or doc[end].lower_ not in word_class("COMPLEMENT_LINK"):
        return None
    skip = word_class("COMPLEMENT_SKIP")
    for token in doc[end : min(sentence.span.end, end + 5)]:
        if token.is_alpha and token.lower_ not in skip:
            return token.lemma_
    return None


def topic_of(ctx: ArticleContext, rule: Rule, sentence: Sentence, start: int, end: int) -> str:
    """What restatements of one event share, by the rule's ``topic_from``."""
    if rule.topic_from == "trigger_noun":
        return f"rejection:{ctx.doc[start].lemma_}"
    if rule.topic_from == "fixed":
        return rule.topic or rule.id
    if rule.topic_from == "demanded_verb":
        lemma = ctx.doc[end - 1].lemma_
        return f"demand:{'delay' if lemma in lemma_class('DELAY') else lemma}"
    if rule.topic_from == "demanded_noun":
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
    if rule.topic_from == "proposal_noun":
        complement = _complement(ctx, sentence, end)
        if complement in lemma_class("DELAY"):
            complement = "delay"  # "a request for an extension" = "asked for the delay"
        return f"demand:{complement}" if complement else BARE
    return rule.topic or rule.id
