"""The parties of a deal, a signing, a meeting or a stall, read from the trigger's clause."""

from __future__ import annotations

from timeline.derivation import roles
from timeline.derivation.clauses import CLAUSE_BREAK
from timeline.derivation.context import (
    ArticleContext,
    Sentence,
    party_of_pronoun,
)
from timeline.derivation.rules import lemma_class, word_class
from timeline.derivation.trigger_checks import inside_mention


def _parties_between(ctx: ArticleContext, sentence: Sentence, lo: int, hi: int) -> set[str]:
    """Parties named (or pronouns standing for a party) in tokens ``lo``..``hi``."""
    found: set[str] = set()
    places, pronouns = word_class("PLACE_PREPOSITION"), word_class("PERSON_PRONOUN")
    for j in range(lo, hi):
        mention = ctx.mention_start.get(j)
        if j > 0 and ctx.doc[j - 1].lower_ in places:
            continue  # "talks in Brussels": a place, not a party to them
        if mention is not None and mention.is_agent and mention.party:
            found.add(mention.party)
        elif ctx.doc[j].lower_ in pronouns:
            party = party_of_pronoun(ctx, sentence, j)
            if party:
                found.add(party)
    return found


def _with_partner(ctx: ArticleContext, sentence: Sentence, end: int) -> str | None:
    """The party of "with X" after a trigger ("struck with Mexico", "announced the deal on
    Monday, with Mexico's president on the line"), or its direct object ("Freeland met
    Lighthizer")."""
    doc = ctx.doc
    direct = ctx.mention_start.get(end)
    if direct is not None and direct.is_agent:
        return direct.party
    for j in range(end, sentence.span.end):
        if doc[j].text in CLAUSE_BREAK:
            return None
        if doc[j].lower_ == "with":  # "announced the deal on Monday, with Mexico's president"
            for k in range(j + 1, min(sentence.span.end, j + 4)):
                mention = ctx.mention_start.get(k)
                if mention is not None:
                    return mention.party if mention.is_agent else None
            return None
    return None


def deal_parties(
    ctx: ArticleContext, sentence: Sentence, start: int, end: int, negotiation: str
) -> tuple[str, ...] | None:
    """The parties of a deal, a signing or a stall: the passive's "by X and Y", else the
    parties named together in the trigger's clause ("he and Xi are to", "talks with
    Washington had made no progress"), else all the negotiation's parties."""
    doc = ctx.doc
    if end < sentence.span.end and doc[end].lower_ == "by":
        j = end + 1
        stop = word_class("BY_STOP")
        while j < sentence.span.end and not doc[j].is_punct and doc[j].lower_ not in stop:
            j += 1
        by = _parties_between(ctx, sentence, end + 1, j)
        if by:
            return tuple(sorted(by))
        if j < sentence.span.end and doc[j].lower_ in word_class("PLACE_PREPOSITION"):
            # "by negotiators in Brussels": a place, no party
            return roles.negotiation_parties(ctx, negotiation) or None
    lo = start
    ends = ctx.agent_ends
    while lo > sentence.span.start and (
        doc[lo - 1].text not in CLAUSE_BREAK | {","}
        or (doc[lo - 1].text == "," and lo - 1 in ends and lo in ctx.mention_start)
    ):  # a list of parties ("Mexico, Canada and the United States") is one clause
        lo -= 1
    in_clause = _parties_between(ctx, sentence, lo, end)
    relatives = word_class("RELATIVE_WORD")
    relative = [j for j in range(lo, end) if doc[j].lower_ in relatives]
    if relative and _parties_between(ctx, sentence, relative[-1] + 1, end):
        lo = relative[-1] + 1  # "folds Canada into the deal that Mexico struck": the clause's
        in_clause = _parties_between(ctx, sentence, lo, end)
    says = lemma_class("SAY")
    said = [
        j for j in range(lo, start) if doc[j].lower_ in says and not inside_mention(ctx, j, j + 1)
    ]  # not "States" of "the United States"
    if in_clause and said and not _parties_between(ctx, sentence, said[-1] + 1, end):
        # "Trump and Trudeau noted the deal was signed ...": speakers, not the signatories
        return roles.negotiation_parties(ctx, negotiation) or tuple(sorted(in_clause))
    if len(in_clause) > 1:  # "talks between Ottawa and Washington broke up"
        return tuple(sorted(in_clause))
    partner = _with_partner(ctx, sentence, end)
    if in_clause and partner and partner not in in_clause:  # "a deal Washington struck with
        return tuple(sorted(in_clause | {partner}))  # Mexico": its clause, not the sentence
    named = roles.agents(ctx, sentence, start, end, negotiation)
    together = in_clause | set(named or ())
    if len(together) > 1 or (named and roles.by_agent(ctx, end) is not None):
        return tuple(sorted(together))  # "Canada and Mexico signed", "signed by Obama"
    if not in_clause:  # "talks with Washington stalled, and no date has been set to resume them"
        earlier = _parties_between(ctx, sentence, sentence.span.start, lo)
        if len(earlier) > 1:
            return tuple(sorted(earlier))
    return roles.negotiation_parties(ctx, negotiation) or named
