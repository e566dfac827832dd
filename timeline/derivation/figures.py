"""Trade figures in a sentence: money amounts on deficits, surpluses or volumes, and ranks.

Measures and their cue words are data (``rules/figures.yaml``). Whose figure it is comes
from the source named in the sentence ("US figures", "according to US data") or from its
speaker; a figure given as a difference from another party's number ("$4.4 billion more
than the number Korea came up with") yields that party's figure too, with ``derived_from``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from timeline.derivation.context import ArticleContext, Sentence
from timeline.derivation.dates import find_date_phrases
from timeline.derivation.rules import load_rule_yaml
from timeline.domain.values import WorldDate

_MONEY = re.compile(
    r"(?:US|U\.S\.)?\$\s?(?P<value>\d+(?:[.,]\d+)?)\s*(?P<scale>trillion|billion|million|bn|mn|tn)\b",
    re.I,
)
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "top": 1,
}  # fmt: skip
_RANK = re.compile(
    r"\b(?P<ord>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh"
    r"|twelfth|\d{1,2}(?:st|nd|rd|th))[- ](?:largest|biggest)\s+(?:trading\s+|trade\s+|export\s+)?"
    r"partner\b",
    re.I,
)
_DIFFERENCE = re.compile(
    r"(?:US|U\.S\.)?\$\s?(?P<value>\d+(?:\.\d+)?)\s*(?P<scale>billion|million|bn|mn)\s+"
    r"(?P<dir>more|less|higher|lower|bigger|smaller)\s+than\s+(?P<rest>[^.;]{0,60})",
    re.I,
)


@dataclass(frozen=True)
class Figure:
    """One figure found in a sentence (offsets relative to the article text)."""

    measure: str
    value: float
    unit: str
    period: WorldDate | None
    actor: str | None
    economy: tuple[str, ...] | None
    partner: tuple[str, ...] | None
    derived_from: str | None
    key: str


@cache
def _lexicon() -> dict[str, Any]:
    text = (files("timeline.derivation") / "rules" / "figures.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = load_rule_yaml(text)
    return data


def _measure(window: str) -> str | None:
    lower = window.lower()
    for measure, cues in _lexicon()["measures"].items():
        if any(cue in lower for cue in cues):
            return str(measure)
    return None


def _scale(value: str, scale: str) -> tuple[float, str]:
    number = float(value.replace(",", ""))
    unit = {"trillion": "USD trillion", "tn": "USD trillion", "million": "USD million",
            "mn": "USD million"}.get(scale.lower(), "USD billion")  # fmt: skip
    return number, unit


def _party_at(ctx: ArticleContext, sentence: Sentence, char: int) -> list[tuple[int, str]]:
    """(character offset, party) of party mentions in the sentence."""
    return [(start, party) for start, _, party in _party_spans(ctx, sentence)]


def _party_spans(ctx: ArticleContext, sentence: Sentence) -> list[tuple[int, int, str]]:
    """(start, end, party) character spans of party mentions in the sentence."""
    out = []
    for mention in ctx.mentions_in(sentence.span.start, sentence.span.end):
        if mention.is_agent and mention.party and mention.kind == "party":
            span = ctx.doc[mention.start : mention.end]
            out.append((span.start_char, span.end_char, mention.party))
    return out


def _source(ctx: ArticleContext, sentence: Sentence, text: str) -> str | None:
    """Whose figure: "US figures/data", "according to X", else the sentence's speaker."""
    offset = sentence.start
    for pattern in _lexicon()["source_patterns"]:
        for match in re.finditer(pattern, text):
            for at, party in _party_at(ctx, sentence, offset):
                if match.start() <= at - offset < match.end():
                    return party
    return sentence.speaker_party


def _economy_partner(
    ctx: ArticleContext, sentence: Sentence, text: str, at: int
) -> tuple[tuple[str, ...] | None, tuple[str, ...] | None]:
    """The economy whose balance it is (named before the measure) and its partner ("with X")."""
    parties = _party_at(ctx, sentence, sentence.start)
    before = [p for offset, p in parties if offset - sentence.start < at]
    partner = None
    match = re.compile(r"\bwith\s+(?:the\s+)?", re.I)
    for m in match.finditer(text):
        for offset, party in parties:
            if offset - sentence.start == m.end():
                partner = (party,)
                break
        if partner:
            break
    economy = None
    for party in reversed(before):
        if partner is None or party not in partner:
            economy = (party,)
            break
    return economy, partner


def _period(text: str, ctx: ArticleContext, after: int) -> WorldDate | None:
    """The period of the amount ending at ``after``: the date phrase right after it."""
    phrases = [
        p
        for p in find_date_phrases(text, ctx.article.published)
        if p.kind not in {"weekday", "deictic"}
    ]
    following = [p for p in phrases if p.start >= after and p.start - after <= 40]
    if following:
        return following[0].value
    return None


def _sentence_period(text: str, ctx: ArticleContext) -> WorldDate | None:
    """A date phrase anywhere in the sentence ("Last year, the deficit hit ...")."""
    phrases = [p for p in find_date_phrases(text, ctx.article.published) if p.kind != "weekday"]
    return phrases[0].value if phrases else None


def find_figures(ctx: ArticleContext, sentence: Sentence) -> list[Figure]:
    """Typed figures stated in one sentence."""
    text = ctx.article.text[sentence.start : sentence.end]
    figures: list[Figure] = []
    figures.extend(_money_figures(ctx, sentence, text))
    figures.extend(_rank_figures(ctx, sentence, text))
    return figures


def _money_figures(ctx: ArticleContext, sentence: Sentence, text: str) -> list[Figure]:
    amounts = list(_MONEY.finditer(text))
    if not amounts:
        return []
    difference = _DIFFERENCE.search(text)
    main = [m for m in amounts if not (difference and m.start() == difference.start())]
    if not main:
        return []
    first = main[0]
    measure = _measure(text[max(0, first.start() - 90) : first.start() + 40])
    if measure is None:
        return []
    periods = [(m, _period(text, ctx, m.end())) for m in main]
    dated = [(m, p) for m, p in periods if p is not None]
    period: WorldDate | None
    if dated:  # "from $13.2 billion in 2011 to $27.6 billion last year": the latest period
        chosen, period = max(dated, key=lambda item: item[1].last_day())
    else:
        chosen, period = periods[0][0], _sentence_period(text, ctx)
    value, unit = _scale(chosen.group("value"), chosen.group("scale"))
    actor = _source(ctx, sentence, text)
    economy, partner = _economy_partner(ctx, sentence, text, first.start())
    figures = [
        Figure(measure, value, unit, period, actor, economy, partner, None, f"{measure}:{actor}")
    ]
    if difference is not None:
        rest = difference.group("rest")
        other = None
        rest_start = difference.start("rest")
        for offset, party in _party_at(ctx, sentence, sentence.start):
            if 0 <= offset - sentence.start - rest_start < len(rest) and party != actor:
                other = party
                break
        if other is not None:
            delta, _ = _scale(difference.group("value"), difference.group("scale"))
            more = difference.group("dir").lower() in {"more", "higher", "bigger"}
            derived = round(value - delta if more else value + delta, 3)
            explanation = (
                f"{value:g} {unit} minus {delta:g}" if more else f"{value:g} {unit} plus {delta:g}"
            )
            figures.append(
                Figure(
                    measure,
                    derived,
                    unit,
                    period,
                    other,
                    economy,
                    partner,
                    f"{explanation}: the text gives {other}'s figure as "
                    f"{difference.group(0).strip()}",
                    f"{measure}:{other}:derived",
                )
            )
    return figures


def _rank_figures(ctx: ArticleContext, sentence: Sentence, text: str) -> list[Figure]:
    figures = []
    parties = _party_at(ctx, sentence, sentence.start)
    for match in _RANK.finditer(text):
        word = match.group("ord").lower()
        rank = _ORDINALS.get(word) or int(re.sub(r"\D", "", word))
        start, end = match.start(), match.end()
        # whose list: "X's seventh-largest partner" or "partner of/for X"
        economy = None
        possessive = [
            p
            for _, e, p in _party_spans(ctx, sentence)
            if re.fullmatch(r"\s*['’]s?\s*", text[e - sentence.start : start])
        ]
        if possessive:
            economy = possessive[-1]
        else:
            for o, p in parties:
                rel = o - sentence.start
                if end <= rel <= end + 10:
                    economy = p
                    break
        # who holds the rank: the agent named before "is ... partner" in the same clause
        clause_start = max(text.rfind(",", 0, start), text.rfind(";", 0, start), 0)
        holders = [
            p for o, p in parties if clause_start <= o - sentence.start < start and p != economy
        ]
        partner = holders[-1] if holders else None
        figures.append(
            Figure(
                "trading_partner_rank",
                float(rank),
                "rank",
                None,
                None,
                (economy,) if economy else None,
                (partner,) if partner else None,
                None,
                f"rank:{economy}:{partner}:{start}",
            )
        )
    return figures
