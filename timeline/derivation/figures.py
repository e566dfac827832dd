"""Trade figures in a sentence: money amounts on deficits, surpluses or volumes, and ranks.

Measures and their cue words are data (``rules/figures.yaml``). Whose figure it is comes
from the source named in the sentence ("US figures", "according to US data") or from its
speaker; a figure given as a difference from another party's number ("$4.4 billion more
than the number Korea came up with") yields that party's figure too, with ``derived_from``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from timeline.derivation.context import ArticleContext, Sentence
from timeline.derivation.dates import after_publication, find_date_phrases
from timeline.derivation.rule_yaml import load_rule_yaml
from timeline.derivation.rules import lemma_class
from timeline.domain.values import WorldDate

_MONEY = re.compile(
    r"(?:(?:US|U\.S\.)?(?P<currency>[$£€])\s?)?(?P<value>\d+(?:[.,]\d+)?)\s*"
    r"(?P<scale>trillion|billion|million|bn|mn|tn)\b"
    r"(?:\s+(?:(?:U\.S\.|US|American|Canadian)\s+)?(?P<word>pounds|pounds sterling|euros"
    r"|dollars|yuan|won|pesos)\b)?",
    re.I,
)
_CURRENCIES = {"$": "USD", "£": "GBP", "€": "EUR"}
_CURRENCY_WORDS = {"pounds": "£", "pounds sterling": "£", "euros": "€", "dollars": "$"}


def _money(match: re.Match[str]) -> str | None:
    """The currency sign of an amount ("$27.6 billion", "614 billion pounds"), or None for
    a bare number or a currency without a code here ("5 trillion won")."""
    if match.group("currency"):
        return match.group("currency")
    return _CURRENCY_WORDS.get((match.group("word") or "").lower())


_VOLUME = re.compile(
    r"(?P<value>\d+(?:[.,]\d+)?)\s*(?P<scale>million|billion|thousand)?\s+(?:metric\s+)?"
    r"(?P<unit>tons|tonnes|barrels|bushels|vehicles|cars|units)\b",
    re.I,
)
# A share: a percentage or a fraction ("44%", "two-thirds"), read by _share_value.
_SHARE_OF = (
    r"(?P<share>\d+(?:\.\d+)?\s*(?:%|percent\b|per cent\b)|three[- ]quarters|two[- ]thirds"
    r"|one[- ]third|a third|one[- ]quarter|a quarter|half|one[- ]fifth|a fifth)\s+of\s+"
)
_SHARE = re.compile(
    _SHARE_OF
    + r"(?P<owner>[^,.;]{0,30}?)\b(?P<flow>exports|imports|trade|sales abroad|shipments)\b",
    re.I,
)
# A bloc's weight in the world ("account for 30 percent of the world's population", "nearly
# a third of global GDP", "a quarter of world trade").
_WORLD = r"(?:the\s+)?(?:world(?:'s|’s)?|global|globe(?:'s|’s)?|planet(?:'s|’s)?)\s"
_THE_WORLD = re.compile(_WORLD, re.I)
_WORLD_SHARE = re.compile(
    _SHARE_OF + _WORLD + r"\s*"
    r"(?P<what>gdp|gross\s+domestic\s+product|economic\s+output|output|economy|population"
    r"|people|consumers|trade|commerce|exports|imports)\b",
    re.I,
)
# Only a weight the bloc carries: "account for", "cover", "home to" before the share ("half of
# the world's population lives in Asia" is no figure of the talks).
_WEIGHS = re.compile(
    r"\b(?:account(?:s|ed|ing)?\s+for|represent(?:s|ed|ing)?|cover(?:s|ed|ing)?|make\s+up"
    r"|makes\s+up|made\s+up|comprise[sd]?|encompass(?:es|ed|ing)?|home\s+to|span(?:s|ned)?"
    r"|generate[sd]?|produce[sd]?)\b[^.;]{0,25}$",
    re.I,
)
_WORLD_MEASURES = {"gdp": "world_gdp_share", "gross domestic product": "world_gdp_share",
                   "economic output": "world_gdp_share", "output": "world_gdp_share",
                   "economy": "world_gdp_share", "population": "world_population_share",
                   "people": "world_population_share", "consumers": "world_population_share",
                   "trade": "world_trade_share", "commerce": "world_trade_share",
                   "exports": "world_export_share", "imports": "world_import_share"}  # fmt: skip
_FRACTIONS = {"three quarters": 75.0, "two thirds": 66.7, "one third": 33.3, "a third": 33.3,
              "one quarter": 25.0, "a quarter": 25.0, "half": 50.0, "one fifth": 20.0,
              "a fifth": 20.0}  # fmt: skip
# "15% tariffs on about $160 billion of imports": the value of goods under a tariff.
_COVERED = re.compile(
    r"(?:tariffs?|duties|duty|levies|levy|sanctions|tax|taxes|taxing)\b[^;]{0,50}?\b(?:on|of"
    r"|covering|covered|cover|covers|hit|hitting|hits|affecting|affect|affects|against|worth)"
    r"\s+(?:about|around|some|nearly|roughly|almost|more\s+than|over|up\s+to|another|an"
    r"\s+additional|a\s+further)?\s*$",
    re.I,
)
# A volume under a cap or a quota ("capped at 2.68 million tons", "may ship 50,000 cars").
_LIMITED = re.compile(
    r"\b(?:cap|caps|capped|quota|quotas|limit|limits|limited|ceiling|may|can|could|allowed|would"
    r"|will|tariffs?|duties|exempt|exempts|exemption|shields?|up\s+to)\b[^.;]{0,40}$",
    re.I,
)
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "top": 1,
}  # fmt: skip
_RANK = re.compile(
    r"\b(?:(?P<ord>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh"
    r"|twelfth|\d{1,2}(?:st|nd|rd|th))[- ](?:largest|biggest)\s+(?:(?:two-way|bilateral)\s+)?"
    r"(?:trading\s+partner"
    r"|trade\s+partner|export\s+(?:market|destination)|partner|supplier|market|buyer|customer"
    r"|source\s+of\s+imports)"
    r"|(?P<top>largest|biggest|top)\s+(?:(?:two-way|bilateral)\s+)?(?:trading\s+partner|trade\s+partner|export\s+"
    r"(?:market|destination)|supplier|buyer|customer|source\s+of\s+imports))\b",
    re.I,
)
# "one of the largest suppliers", "the world's biggest market": not a rank between parties.
_NOT_RANK = re.compile(
    r"(?:\b(?:one|some|among)\s+of\s+(?:the\s+|its\s+|their\s+)?|\bworld['’]s\s+)$", re.I
)
_DIFFERENCE = re.compile(
    r"(?:US|U\.S\.)?\$\s?(?P<value>\d+(?:\.\d+)?)\s*(?P<scale>billion|million|bn|mn)\s+"
    r"(?P<dir>more|less|higher|lower|bigger|smaller)\s+than\s+(?P<rest>[^.;]{0,60})",
    re.I,
)


_FALLS = {"fell", "dropped", "declined", "plunged", "slumped", "shrank", "sank", "tumbled",
          "slid", "decreased"}  # fmt: skip
# "exports to the EU fell by 41% in January": a flow, a verb of change, a percentage.
_CHANGE = re.compile(
    r"\b(?P<flow>exports|imports|trade|shipments)\b[^.;:]{0,60}?\b(?P<dir>fell|dropped|declined"
    r"|plunged|slumped|shrank|sank|tumbled|slid|decreased|rose|grew|increased|jumped|climbed"
    r"|surged|soared)\s+(?:by\s+)?(?:about\s+|around\s+|nearly\s+|almost\s+|roughly\s+"
    r"|some\s+|more\s+than\s+|over\s+)?(?:(?P<pct>\d+(?:\.\d+)?)\s*(?:%|percent\b|per\s+cent\b)"
    r"|(?P<part>a\s+third|a\s+quarter|a\s+fifth|half|one[- ]third|one[- ]quarter|one[- ]fifth)\b)",
    re.I,
)
# "if exports fell 10%", "could drop 5%": a forecast, not a figure.
_LIMITED_CHANGE = re.compile(
    r"\b(?:if|could|would|might|may|will|expected|forecast|projected|predicts?|unless)\b[^.;]{0,60}$",
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


def _measure(window: str, table: str = "measures") -> str | None:
    lower = window.lower()
    for measure, cues in _lexicon()[table].items():
        if any(cue in lower for cue in cues):
            return str(measure)
    return None


def _scale(value: str, scale: str, currency: str = "$") -> tuple[float, str]:
    number = float(value.replace(",", ""))
    size = {"trillion": "trillion", "tn": "trillion", "million": "million",
            "mn": "million"}.get(scale.lower(), "billion")  # fmt: skip
    return number, f"{_CURRENCIES.get(currency, 'USD')} {size}"


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


_BODY = re.compile(
    r"\bthe\s+(?P<head>ministry|department|bureau|office|agency|institute|service|customs"
    r"|administration)\s+(?:said|says|reported|reports|added|announced|estimated|showed)\b"
    r"|\baccording\s+to\s+(?:the\s+)?(?:\w+\s+){0,2}?(?P<head2>ministry|department|bureau"
    r"|office|agency|institute|service|customs|administration)\b",
    re.I,
)


def _body_named_before(ctx: ArticleContext, sentence: Sentence, head: str) -> str | None:
    """The party of the last body named before the sentence whose name holds ``head``
    ("the ministry said" after "South Korea's Ministry of Trade ... said")."""
    found = None
    for mention in ctx.mentions_in(0, sentence.span.start):
        span = ctx.doc[mention.start : mention.end]
        if mention.kind == "party" and mention.party and head in span.text.lower():
            found = mention.party
    return found


def _named_source(ctx: ArticleContext, sentence: Sentence, text: str) -> str | None:
    """The party of a source the sentence names ("US figures", "according to X")."""
    offset = sentence.start
    for pattern in _lexicon()["source_patterns"]:
        for match in re.finditer(pattern, text):
            for at, party in _party_at(ctx, sentence, offset):
                if match.start() <= at - offset < match.end():
                    return party
    return None


def _source(ctx: ArticleContext, sentence: Sentence, text: str) -> str | None:
    """Whose figure: "US figures/data", "according to X", a statistics body named earlier
    ("the ministry said"), else the sentence's speaker."""
    named = _named_source(ctx, sentence, text)
    if named is not None:
        return named
    for match in _BODY.finditer(text):
        head = str(match.group("head") or match.group("head2")).lower()
        body = _body_named_before(ctx, sentence, head)
        if body is not None:
            return body
    return _speaker_party(ctx, sentence)


_REPORTER_REACH = 2  # words between the reporter and the verb ("Goyal also pointed out")


def _speaker_party(ctx: ArticleContext, sentence: Sentence) -> str | None:
    """The sentence's speaker, else the party or person right before a verb of stance that
    reports the figure ("Dombrovskis stressed that the EU is India's third largest partner",
    "the minister noted that two-way trade ...")."""
    if sentence.speaker_party is not None:
        return sentence.speaker_party
    doc = ctx.doc
    verbs = lemma_class("SAY") | lemma_class("STANCE")
    for token in sentence.span:
        if ctx.in_quote[token.i] or (token.lemma_ not in verbs and token.lower_ not in verbs):
            continue
        for j in range(token.i, max(sentence.span.start, token.i - _REPORTER_REACH - 1), -1):
            mention = ctx.mention_end.get(j)
            if mention is not None:
                return mention.party if mention.is_agent else None
            if doc[j - 1].is_punct:
                break
    return None


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


def _period(
    text: str, ctx: ArticleContext, after: int, stop: int | None = None
) -> WorldDate | None:
    """The period of the amount ending at ``after``: the date phrase right after it, before
    ``stop`` (the next amount, whose date it is: "from $50 billion now to $100 billion by
    2030")."""
    end = after + 40 if stop is None else min(after + 40, stop)
    phrases = [
        p
        for p in find_date_phrases(text, ctx.article.published_on)
        if p.kind not in {"weekday", "deictic"}
    ]
    following = [p for p in phrases if after <= p.start <= end]
    if following:
        return following[0].value
    return None


_SINCE = re.compile(r"\b(?:since|after|before|when|until)\b[^,;]{0,40}$", re.I)


def _sentence_period(
    text: str, ctx: ArticleContext, others: Sequence[tuple[int, int]] = ()
) -> WorldDate | None:
    """A date phrase anywhere in the sentence ("Last year, the deficit hit ..."), but not the
    date of another clause ("since NAFTA took effect in 1994"), nor one inside ``others``
    (the stretches that date another amount)."""
    phrases = [
        p
        for p in find_date_phrases(text, ctx.article.published_on)
        if p.kind != "weekday"
        and not _SINCE.search(text[: p.start])
        and not any(start <= p.start < end for start, end in others)
    ]
    return phrases[0].value if phrases else None


def find_figures(ctx: ArticleContext, sentence: Sentence) -> list[Figure]:
    """Typed figures stated in one sentence."""
    text = ctx.article.text[sentence.start : sentence.end]
    figures: list[Figure] = []
    figures.extend(_money_figures(ctx, sentence, text))
    if not figures:  # a share or a volume restating the amount's flow is no new fact
        figures.extend(_volume_figures(ctx, sentence, text))
    if not figures:
        figures.extend(_world_share_figures(ctx, sentence, text))
    if not figures:
        figures.extend(_share_figures(ctx, sentence, text))
    if not figures:
        figures.extend(_change_figures(ctx, sentence, text))
    figures.extend(_rank_figures(ctx, sentence, text))
    return figures


def _volume_figures(ctx: ArticleContext, sentence: Sentence, text: str) -> list[Figure]:
    """Volumes shipped or bought ("shipped 3.83 million tons of steel to the US last year")."""
    out = []
    for match in _VOLUME.finditer(text):
        if _LIMITED.search(text[: match.start()]):
            continue
        measure = _measure(text[max(0, match.start() - 90) : match.end() + 40], "volume_measures")
        if measure is None:
            continue
        number = float(match.group("value").replace(",", ""))
        scale = (match.group("scale") or "").lower()
        unit = f"{scale} {match.group('unit').lower()}".strip()
        period = _period(text, ctx, match.end()) or _sentence_period(text, ctx)
        economy, partner = _economy_partner(ctx, sentence, text, match.start())
        actor = _source(ctx, sentence, text)
        out.append(
            Figure(
                measure,
                number,
                unit,
                period,
                actor,
                economy,
                partner,
                None,
                f"{measure}:{actor}:{unit}",
            )
        )
        break
    return out


def _share_value(match: re.Match[str]) -> float:
    """The percentage a share names ("44%", "two-thirds")."""
    raw = re.sub(r"[- ]+", " ", match.group("share").lower())
    number = _FRACTIONS.get(raw)
    return float(re.sub(r"[^\d.]", "", raw)) if number is None else number


def _world_share_figures(ctx: ArticleContext, sentence: Sentence, text: str) -> list[Figure]:
    """A bloc's share of the world's output, people or trade ("the members account for
    about 30 percent of global GDP"): the economy is the parties named before it."""
    match = next(
        (m for m in _WORLD_SHARE.finditer(text) if _WEIGHS.search(text[: m.start()])), None
    )
    if match is None:
        return []
    measure = _WORLD_MEASURES[re.sub(r"\s+", " ", match.group("what").lower())]
    economy, _ = _economy_partner(ctx, sentence, text, match.start())
    period = _period(text, ctx, match.end()) or _sentence_period(text, ctx)
    actor = _source(ctx, sentence, text)
    return [
        Figure(
            measure,
            _share_value(match),
            "percent",
            period,
            actor,
            economy,
            None,
            None,
            f"{measure}:{actor}",
        )
    ]


def _share_figures(ctx: ArticleContext, sentence: Sentence, text: str) -> list[Figure]:
    """Shares of a flow ("three-quarters of its exports", "bought 44% of the UK's exports");
    the world's flows are the bloc's weight or nothing (:func:`_world_share_figures`)."""
    match = _SHARE.search(text)
    if match is None or _THE_WORLD.match(match.group("owner")):
        return []
    number = _share_value(match)
    flow = match.group("flow").lower()
    measure = {"imports": "import_share", "trade": "trade_share"}.get(flow, "export_share")
    owners = [
        p
        for o, p in _party_at(ctx, sentence, sentence.start)
        if match.start("owner") <= o - sentence.start < match.end("owner")
    ]
    economy_before, partner = _economy_partner(ctx, sentence, text, match.start())
    economy = (owners[0],) if owners else economy_before
    period = _period(text, ctx, match.end()) or _sentence_period(text, ctx)
    actor = _source(ctx, sentence, text)
    return [
        Figure(
            measure, number, "percent", period, actor, economy, partner, None, f"{measure}:{actor}"
        )
    ]


def _change_figures(ctx: ArticleContext, sentence: Sentence, text: str) -> list[Figure]:
    """A flow's change in percent ("its shipments to Japan dropped 12% last quarter",
    "imports from the bloc rose by 7 per cent in May")."""
    match = _CHANGE.search(text)
    if match is None or _LIMITED_CHANGE.search(text[: match.start()]):
        return []
    flow = match.group("flow").lower()
    measure = (
        "import_change"
        if flow == "imports"
        else ("trade_change" if flow == "trade" else "export_change")
    )
    part = match.group("part")
    number = _FRACTIONS[re.sub(r"[- ]+", " ", part.lower())] if part else float(match.group("pct"))
    if match.group("dir").lower() in _FALLS:
        number = -number
    economy, partner = _economy_partner(ctx, sentence, text, match.start())
    period = _period(text, ctx, match.end()) or _sentence_period(text, ctx)
    actor = _source(ctx, sentence, text)
    return [
        Figure(measure, number, "percent", period, actor, economy, partner, None,
               f"{measure}:{actor}")
    ]  # fmt: skip


def _money_figures(ctx: ArticleContext, sentence: Sentence, text: str) -> list[Figure]:
    amounts = [
        m
        for m in _MONEY.finditer(text)
        if _money(m) is not None and not _COVERED.search(text[: m.start()])
    ]
    if not amounts:
        return []
    difference = _DIFFERENCE.search(text)
    main = [m for m in amounts if not (difference and m.start() == difference.start())]
    if not main:
        return []
    first = main[0]
    measure = _measure(text[max(0, first.start() - 120) : first.start() + 40])
    if measure is None:
        return []
    # each amount owns the stretch up to the next one: a date phrase there is its date
    starts = [m.start() for m in amounts]
    stretches = dict(zip(starts, [*starts[1:], len(text)], strict=True))
    periods = [(m, _period(text, ctx, m.end(), stretches[m.start()])) for m in main]
    dated = [(m, p) for m, p in periods if p is not None]
    # an amount dated after publication is a goal or a forecast ("$100 billion by 2030")
    published = ctx.article.published_on
    past = [(m, p) for m, p in dated if not after_publication(p, published)]
    undated = [m for m, p in periods if p is None]
    period: WorldDate | None
    if past:  # "from $13.2 billion in 2011 to $27.6 billion last year": the latest period
        chosen, period = max(past, key=lambda item: item[1].last_day())
    elif dated and not undated:
        chosen, period = max(dated, key=lambda item: item[1].last_day())
    else:  # none dated, or only goals: "from $50 billion now to $100 billion by 2030"
        chosen = undated[0]
        others = [span for span in stretches.items() if span[0] != chosen.start()]
        period = _sentence_period(text, ctx, others)
    value, unit = _scale(chosen.group("value"), chosen.group("scale"), _money(chosen) or "$")
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


def _rank_period(
    text: str, ctx: ArticleContext, clause_start: int, start: int, end: int
) -> WorldDate | None:
    """The period of a ranking from ``start`` to ``end``: the date phrase right after it
    ("the sixth-largest partner of the US last year", not past an amount, whose date that
    is), else the last one before it in its own clause ("overtook China last year as the
    largest partner"), but not the date of another clause ("since 2015")."""
    amounts = [m.start() for m in _MONEY.finditer(text) if m.start() >= end]
    following = _period(text, ctx, end, amounts[0] if amounts else None)
    if following is not None:
        return following
    before = [
        p
        for p in find_date_phrases(text, ctx.article.published_on)
        if clause_start <= p.start < start
        and p.kind not in {"weekday", "deictic"}
        and not _SINCE.search(text[: p.start])
    ]
    return before[-1].value if before else None


def _rank_figures(ctx: ArticleContext, sentence: Sentence, text: str) -> list[Figure]:
    figures = []
    parties = _party_at(ctx, sentence, sentence.start)
    for match in _RANK.finditer(text):
        start, end = match.start(), match.end()
        if _NOT_RANK.search(text[:start]):
            continue
        word = (match.group("ord") or "top").lower()
        rank = _ORDINALS.get(word) or int(re.sub(r"\D", "", word))
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
                "trade_partner_rank",
                float(rank),
                "rank",
                _rank_period(text, ctx, clause_start, start, end),
                _named_source(ctx, sentence, text)  # "..., according to US figures"
                or _speaker_party(ctx, sentence),  # "Dombrovskis stressed that the EU is ..."
                (economy,) if economy else None,
                (partner,) if partner else None,
                None,
                f"rank:{economy}:{partner}:{start}",
            )
        )
    return figures
