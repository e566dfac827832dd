"""Notice periods of termination clauses ("That process would take 180 days")."""

from __future__ import annotations

import re

from timeline.derivation.context import ArticleContext, Sentence

_WORDS = {"thirty": 30, "sixty": 60, "ninety": 90, "six": 6, "three": 3, "twelve": 12, "one": 1}
_PERIOD = re.compile(
    r"\b(?P<n>\d{1,4}|thirty|sixty|ninety|six|three|twelve|one)[- ]"
    r"(?P<unit>days?|months?|years?)(?:['’]s?)?(?:\s+(?:written\s+)?notice)?",
    re.I,
)
_CUES = re.compile(r"\b(notice|take|takes|took|after|process|effective|within|period)\b", re.I)
_UNIT_DAYS = {"day": 1, "month": 30, "year": 365}


def _days(text: str) -> int | None:
    if not _CUES.search(text):
        return None
    match = _PERIOD.search(text)
    if match is None:
        return None
    raw = match.group("n").lower()
    n = int(raw) if raw.isdigit() else _WORDS[raw]
    unit = match.group("unit").lower().rstrip("s")
    if unit == "month" and n == 6:
        return 180
    return n * _UNIT_DAYS[unit]


def notice_days(
    ctx: ArticleContext, sentence: Sentence
) -> tuple[int | None, tuple[int, int] | None]:
    """The notice period in days from the clause sentence or the one after it.

    Returns the days and, when the period comes from the next sentence, that sentence's span.
    """
    text = ctx.article.text
    days = _days(text[sentence.start : sentence.end])
    if days is not None:
        return days, None
    following = (
        ctx.sentences[sentence.index + 1] if sentence.index + 1 < len(ctx.sentences) else None
    )
    if following is None or following.paragraph != sentence.paragraph:
        return None, None
    days = _days(text[following.start : following.end])
    if days is None:
        return None, None
    return days, (following.start, following.end)
