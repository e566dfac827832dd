"""Clause boundaries in a sentence: punctuation, relative words, a trigger's relative clause."""

from __future__ import annotations

from timeline.derivation.context import (
    ArticleContext,
    Sentence,
)
from timeline.derivation.rules import word_class

CLAUSE_BREAK = {";", ":", "(", ")", "—", "–", "--"}


CLAUSE_END = {",", ";", ":", "—", "–", "(", ")"}


def relative_clause_span(
    ctx: ArticleContext, sentence: Sentence, start: int
) -> tuple[int, int] | None:
    """Character span of the relative clause holding the trigger ("who for years called
    NAFTA the worst trade deal", "that Trump has called a 'job killer.'"), or None."""
    doc = ctx.doc
    lo = None
    relatives = word_class("RELATIVE_WORD")
    for k in range(start - 1, max(sentence.span.start, start - 8) - 1, -1):
        if doc[k].lower_ in relatives:
            lo = k
            break
        if doc[k].text in CLAUSE_END or doc[k].text == ".":
            return None
    if lo is None or lo == sentence.span.start:
        return None
    hi = sentence.span.end
    for k in range(start + 1, sentence.span.end):
        if doc[k].text in CLAUSE_END and not ctx.in_quote[k]:
            hi = k
            break
    last = doc[hi - 1]
    end = last.idx + len(last.text)
    if hi == sentence.span.end and last.text == ".":
        end = last.idx
    return doc[lo].idx, end
