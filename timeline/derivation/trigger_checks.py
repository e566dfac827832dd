"""Whether a rule's trigger stands: quotes, negation, passives, cue windows and names."""

from __future__ import annotations

from timeline.derivation import roles
from timeline.derivation.clauses import CLAUSE_BREAK
from timeline.derivation.context import (
    ArticleContext,
    Sentence,
)
from timeline.derivation.rules import Cue, Rule, word_class

NEGOTIATION_CUE = "@negotiation"  # what a cue sees for a word of a negotiation's name


def _window(
    ctx: ArticleContext,
    sentence: Sentence,
    start: int,
    end: int,
    cue: Cue,
    *,
    names: bool = True,
) -> set[str]:
    """The lemmas and lower-cased words a cue sees; without ``names``, the words of party
    and person names are left out (the modal "may" is not Theresa May)."""
    span = sentence.span
    if cue.window is None:
        lo, hi = span.start, span.end
    else:
        lo = max(span.start, start - cue.window) if cue.side in {"before", "both"} else start
        hi = min(span.end, end + cue.window) if cue.side in {"after", "both"} else end
    words = ctx.words()
    if cue.clause:  # keep to the trigger's clause
        for j in range(start - 1, lo - 1, -1):
            if words.text[j] in CLAUSE_BREAK or words.text[j] == ",":
                lo = j + 1
                break
        for j in range(end, hi):
            if words.text[j] in CLAUSE_BREAK or words.text[j] == ",":
                hi = j
                break
    if cue.side == "after":
        lo = max(lo, end)
    if cue.side == "before":
        hi = min(hi, start)
    lemmas: set[str] = set()
    for i in range(lo, hi):
        if not names and i in ctx.name_tokens:
            continue
        lemmas.add(words.lemma[i])
        lemmas.add(words.lower[i])
        if words.negotiation[i]:
            lemmas.add(NEGOTIATION_CUE)  # "signed the CPTPP": a named deal is a deal word
    return lemmas


def _negated(ctx: ArticleContext, sentence: Sentence, start: int, window: int) -> bool:
    negators = word_class("NEGATOR")
    words = ctx.words()
    for j in range(start - 1, max(sentence.span.start, start - window) - 1, -1):
        if words.text[j] in CLAUSE_BREAK or words.text[j] == ",":
            return False
        if words.lower[j] in negators or words.lemma[j] in negators:
            return True
    return False


def names_other_side(
    ctx: ArticleContext, sentence: Sentence, actor: tuple[str, ...] | None
) -> bool:
    """The sentence names another party or a negotiation (it is about the counterpart)."""
    for mention in ctx.mentions_in(sentence.span.start, sentence.span.end):
        if mention.kind == "negotiation":
            return True
        if mention.is_agent and mention.party and mention.party not in (actor or ()):
            return True
    return False


def inside_mention(ctx: ArticleContext, start: int, end: int) -> bool:
    """A trigger that is part of a name ("States" in "United States") is no trigger."""
    return any(m.kind != "other" and end <= m.end for m in ctx.mentions_covering(start))


def trigger_stands(
    ctx: ArticleContext, rule: Rule, sentence: Sentence, start: int, end: int
) -> bool:
    quoted = ctx.in_quote[start]
    if rule.quote == "inside" and not quoted:
        return False
    if rule.quote == "outside" and quoted:
        return False
    negated = _negated(ctx, sentence, start, rule.negation_window)
    if rule.negation == "skip" and negated:
        return False
    if rule.negation == "require" and not negated:
        return False
    if rule.passive in {"skip", "require"}:
        passive = roles.is_passive(ctx, start, end)
        if (rule.passive == "skip") == passive:
            return False
    if (
        rule.passive == "agent_only"
        and roles.is_passive(ctx, start, end)
        and roles.by_agent(ctx, end) is None
    ):
        return False
    if rule.excludes_undated and not sentence.dates:
        for cue in rule.excludes_undated:
            if set(cue.lemmas) & _window(ctx, sentence, start, end, cue):
                return False
    for cue in rule.requires:
        if not set(cue.lemmas) & _window(ctx, sentence, start, end, cue):
            return False
    return not any(_vetoes(ctx, sentence, start, end, cue) for cue in rule.excludes)


def _vetoes(ctx: ArticleContext, sentence: Sentence, start: int, end: int, cue: Cue) -> bool:
    """An exclusion cue vetoes when its lemmas are in its window and no ``unless`` lemma is."""
    seen = _window(ctx, sentence, start, end, cue, names=False)
    return bool(set(cue.lemmas) & seen) and not set(cue.unless) & seen
