"""Dating a trigger: its clause's date phrase or the article's anchor, by the rule's policy."""

from __future__ import annotations

import re

from timeline.derivation.context import (
    ArticleContext,
    Sentence,
)
from timeline.derivation.dates import attach_date, find_date_phrases
from timeline.derivation.rules import Rule
from timeline.domain.values import WorldDate


def nearest_date(
    ctx: ArticleContext,
    sentence: Sentence,
    start: int,
    future: bool,
    reach: int = 60,
) -> WorldDate | None:
    text = ctx.article.text[sentence.start : sentence.end]
    phrases = (
        find_date_phrases(text, ctx.article.published_on, future=True, reference=sentence.reference)
        if future
        else sentence.dates  # read the same way when the sentence was prepared
    )
    if not phrases:
        return None
    at = ctx.doc[start].idx - sentence.start
    clauses = [c for c in _relative_clauses(text) if not c[0] <= at < c[1]]
    clauses += _person_spans(ctx, sentence)  # "requested by May": Mrs May, not a month
    phrases = [p for p in phrases if not any(lo <= p.start < hi for lo, hi in clauses)]
    found = attach_date(phrases, text, at, reach)
    return found.value if found is not None else None


def _person_spans(ctx: ArticleContext, sentence: Sentence) -> list[tuple[int, int]]:
    """Character ranges (in the sentence) of the people named in it."""
    doc = ctx.doc
    return [
        (
            doc[m.start].idx - sentence.start,
            doc[m.end - 1].idx + len(doc[m.end - 1]) - sentence.start,
        )
        for m in ctx.mentions_in(sentence.span.start, sentence.span.end)
        if m.kind == "person"
    ]


_DASH = r"(?:\s*[\u2014\u2013]\s*|\s+--?\s+)"
_RELATIVE = re.compile(
    r",\s+(?:who|whose|which)\b[^,;:]*(?:,|[.!?]?[\"\u201d']?\s*$)"  # , who ...,  / to the end
    rf"|{_DASH}(?:who|whose|which)\b[^\u2014\u2013;:()]*?{_DASH}"  # - who ... -
    r"|\(\s*(?:who|whose|which)\b[^()]*\)"  # (who ...)
)


def _relative_clauses(text: str) -> list[tuple[int, int]]:
    """Character ranges of relative clauses set off by commas (to the next comma or the
    sentence's end), dashes or brackets: their dates belong to their noun ("Peña Nieto, who
    leaves office on Dec. 1, told Trump ...", "the premier (who faces voters in May) said")."""
    return [(m.start(), m.end()) for m in _RELATIVE.finditer(text)]


def event_date(
    ctx: ArticleContext, rule: Rule, sentence: Sentence, start: int
) -> tuple[WorldDate | None, bool]:
    """The event's world date and whether the sentence itself gave it."""
    if rule.date == "published":
        return ctx.article.published_on, False
    if rule.date == "anchor":
        return ctx.anchor, False
    if rule.date == "none":
        return None, False
    found = nearest_date(ctx, sentence, start, future=False, reach=rule.date_reach)
    if found is not None:
        return found, True
    if rule.date in {"sentence", "stated"}:
        return None, False
    return ctx.anchor, False
