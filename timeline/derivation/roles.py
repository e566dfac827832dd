"""Role slots: who acts and who is addressed, found around a trigger without a parser.

Heuristics over tokens and catalog mentions: the subject is the nearest party, person or
pronoun before the trigger that is not in object position ("told the US", "with Seoul");
a passive "by X" wins; "we" inside a quote is the speaker's party; "he" is the last person
named; conjoined subjects ("Canada and Mexico") form a joint actor.
"""

from __future__ import annotations

from timeline.derivation.context import (
    ArticleContext,
    Sentence,
    is_object_like,
    party_of_pronoun,
)
from timeline.derivation.mentions import Mention
from timeline.derivation.rules import lemma_class, word_class

Parties = tuple[str, ...]

_JOINT_HEADS = {"sides", "countries", "nations", "parties", "governments", "delegations"}
_JOINT_DETS = {"both", "two", "three", "all", "the"}
_PAIR_DETS = {"both", "two"}
# people who speak for one side each: a joint actor only as "both leaders", "the two ministers"
_PAIR_PERSON_HEADS = {"ministers", "leaders", "negotiators", "presidents", "envoys", "premiers"}
_PAIR_LOOKBACK = 3
_LINKS = {"’s", "'s", "’", "'"}
_STOP_BETWEEN = {"to", "that", "which", "who", "and", "or", "but", "by", "of", "for", "with"}
_PASSIVE_AUX = {"be", "get", "been", "being"}


def _sorted(parties: set[str] | list[str] | tuple[str, ...]) -> Parties:
    return tuple(sorted(set(parties)))


def negotiation_parties(ctx: ArticleContext, negotiation: str) -> Parties:
    """The parties of a negotiation: the article's own as resolved (catalog or text), else
    the catalog's."""
    if negotiation == ctx.negotiation:
        return ctx.parties
    return ctx.catalog.negotiation_parties(negotiation)


def speaks_within(ctx: ArticleContext, actor: Parties, negotiation: str) -> bool:
    """Every party of ``actor`` is a party of the negotiation or a member of a bloc party
    that speaks for itself (Brazil in EU-Mercosur talks); any actor when no parties are
    known."""
    parties = negotiation_parties(ctx, negotiation)
    if not parties:
        return True
    return all(ctx.catalog.speaks_within(code, parties) for code in actor)


def is_passive(ctx: ArticleContext, start: int, end: int) -> bool:
    """A participle after a form of "be" ("were dismissed") or followed by "by X"."""
    doc = ctx.doc
    head = doc[start]
    participle = head.lower_.endswith(("ed", "en", "wn")) or head.lower_ in {
        "held", "made", "set", "met", "put", "sent", "told", "cut", "hit", "struck",
        "brought", "sought", "ruled",
    }  # fmt: skip
    if not participle:
        return False
    for j in range(start - 1, max(0, start - 3) - 1, -1):
        if doc[j].lemma_ in _PASSIVE_AUX:
            return True
        if not doc[j].is_alpha:
            break
    return by_agent(ctx, end) is not None


def by_agent(ctx: ArticleContext, end: int) -> Mention | str | None:
    """The agent of a passive: the mention after "by" right behind the trigger.

    Returns the mention, the string "third" when "by" introduces a non-party, or None.
    """
    doc = ctx.doc
    for j in range(end, min(len(doc), end + 3)):
        if doc[j].lower_ == "by":
            if _deadline_after(ctx, j + 1):
                return None  # "to conclude a deal by the end of 2025": a time, no agent
            for k in range(j + 1, min(len(doc), j + 6)):
                mention = ctx.mention_start.get(k)
                if mention is not None:
                    return mention if mention.is_agent else "third"
                if doc[k].is_punct:
                    break
            return "third"
        if not doc[j].is_alpha or doc[j].lower_ in {"and", "as", "that", "to"}:
            break
    return None


def _deadline_after(ctx: ArticleContext, at: int) -> bool:
    """Tokens at ``at`` tell a time ("the end of 2025", "March", "2030", "then")."""
    doc = ctx.doc
    if at >= len(doc):
        return False
    word = doc[at + 1] if doc[at].lower_ == "the" and at + 1 < len(doc) else doc[at]
    return word.like_num or word.lower_ in word_class("BY_TIME")


def _conjuncts(ctx: ArticleContext, mention: Mention, floor: int) -> list[str]:
    return _conjunct_group(ctx, mention, floor)[0]


def _conjunct_group(ctx: ArticleContext, mention: Mention, floor: int) -> tuple[list[str], Mention]:
    """The parties conjoined before and with ``mention`` ("Canada and Mexico"), and the
    first mention of the group (whose position says whether the group is an object)."""
    parties = [mention.party] if mention.party else []
    current = mention
    doc = ctx.doc
    while True:
        j = current.start - 1
        if j >= floor and doc[j].lower_ == "the":
            j -= 1
        links = {"and", ","} if len(parties) > 1 else {"and"}
        if j < floor or doc[j].lower_ not in links:
            break
        k = j
        previous = ctx.mention_end.get(k)
        if previous is None and k - 1 >= floor and doc[k - 1].lower_ == "the":
            previous = ctx.mention_end.get(k)
        if previous is None or not previous.is_agent:
            break
        parties.append(previous.party or "")
        current = previous
    return [p for p in parties if p], current


def subject(
    ctx: ArticleContext,
    sentence: Sentence,
    start: int,
    end: int,
    negotiation: str,
    *,
    flip_passive: bool = False,
) -> Parties | None:
    """The acting parties of a trigger at tokens [start, end).

    With ``flip_passive``, a passive without "by X" is acted by the counterpart of the
    subject found ("Barnier's proposals were dismissed" -> not Barnier's side).
    """
    doc = ctx.doc
    agent = by_agent(ctx, end)
    if isinstance(agent, Mention) and agent.party:
        return (agent.party,)
    if agent == "third":
        return None
    passive = flip_passive and is_passive(ctx, start, end)
    floor = sentence.span.start
    head = doc[start]
    if head.lower_.endswith("ing") and start > floor and doc[start - 1].text == ",":
        # ", insisting that ...": a participle takes the subject of the main clause
        main = first_agent(ctx, sentence, start)
        if main:
            return main
    if head.lower_.endswith("ing"):
        absolute = _absolute_subject(ctx, floor, start)
        if absolute:
            return absolute
    quoted = ctx.in_quote[start]
    relative = _who_antecedent(ctx, sentence, start)
    if relative is not None:
        return relative
    j = start - 1 if quoted else _before_relative_clause(ctx, sentence, start)
    while j >= floor:
        token = doc[j]
        if ctx.in_quote[j] != quoted and token.text not in {"“", "”", '"'}:
            if quoted:
                break
            j -= 1  # a quotation inside the clause ("called it a “horrible deal”")
            continue
        if token.text in {";"}:
            break
        mention = ctx.mention_end.get(j + 1)
        if mention is not None:
            conjoined, first = (
                _conjunct_group(ctx, mention, floor) if mention.is_agent else ([], mention)
            )
            if mention.is_agent and is_object_like(ctx, first):
                j = first.start - 1  # "for Canada and Mexico": an object, however long
                continue
            if mention.is_agent and not is_object_like(ctx, mention):
                if _heads_non_state(ctx, mention, start):
                    return None  # "Canada's dairy farmers said": not the government
                found = _sorted(conjoined)
                if passive and not _asked_in_demand(ctx, first, floor):
                    others = [p for p in negotiation_parties(ctx, negotiation) if p not in found]
                    return _sorted(others) if others else None
                return found
            j = mention.start - 1
            continue
        lower = token.lower_
        if lower in {"we", "i", "our", "my"} and ctx.in_quote[j]:
            return (sentence.speaker_party,) if sentence.speaker_party else None
        if lower in {"he", "she"} or (
            lower in {"his", "her"}
            and j + 1 < len(doc)
            and doc[j + 1].lower_ in {"country", "government", "administration", "side"}
        ):
            party = party_of_pronoun(ctx, sentence, j)
            return (party,) if party else None
        if lower in {"they", "their"} and not ctx.in_quote[j]:
            group = first_subject_group(ctx, sentence, j)
            if group:
                return group
        if lower == "they" and ctx.in_quote[j] and sentence.speaker_party:
            # a speaker's "they" is the other side ("We told them ..., and they accepted")
            speaker = sentence.speaker_party
            others = [p for p in negotiation_parties(ctx, negotiation) if p != speaker]
            return (others[0],) if len(others) == 1 else None
        if lower in _JOINT_HEADS and j - 1 >= floor and doc[j - 1].lower_ in _JOINT_DETS:
            parties = negotiation_parties(ctx, negotiation)
            if doc[j - 1].lower_ in _PAIR_DETS and len(parties) > 2:
                return recent_pair(ctx, sentence, j - 1, parties) or parties
            return parties or None
        if lower in _PAIR_PERSON_HEADS and j - 1 >= floor and doc[j - 1].lower_ in _PAIR_DETS:
            parties = negotiation_parties(ctx, negotiation)
            if len(parties) > 2:
                return recent_pair(ctx, sentence, j - 1, parties)
            return parties or None
        j -= 1
    if quoted and sentence.speaker_party:
        return (sentence.speaker_party,)
    return None


def _asked_in_demand(ctx: ArticleContext, mention: Mention, floor: int) -> bool:
    """The party is the one a demand asks, in its "that" clause ("Tokyo's request that
    Washington scrap its tariff was declined": declined by Washington, not by Tokyo)."""
    doc = ctx.doc
    j = mention.start - 1
    if j - 1 < floor or doc[j].lower_ != "that":
        return False
    return doc[j - 1].lemma_ in lemma_class("PROPOSAL_NOUN") | lemma_class("ANSWERED")


_RELATIVE_REACH = 18
_WHO_GAP = 2  # "who declared", "who also said", "who has long argued"


def _who_antecedent(ctx: ArticleContext, sentence: Sentence, start: int) -> Parties | None:
    """The speaker of a verb in a ", who ..." clause is the person or party right before
    it, even in object position ("welcomed by Moon, who declared ...", "met Kim, who
    said ...")."""
    doc = ctx.doc
    floor = sentence.span.start
    for k in range(start, max(floor, start - 1 - _WHO_GAP) - 1, -1):  # the trigger may
        if doc[k].lower_ == "who":  # be the "who" itself
            if k - 2 < floor or doc[k - 1].text != ",":
                return None
            mention = ctx.mention_end.get(k - 1)
            if mention is None or not mention.is_agent or not mention.party:
                return None
            return (mention.party,)
        if not doc[k].is_alpha:
            return None
    return None


def _before_relative_clause(ctx: ArticleContext, sentence: Sentence, start: int) -> int:
    """Where to look for the subject of a verb right after a ", who/which ...," clause: in
    front of that clause ("The DUP, which props up May's government, said" -> the DUP)."""
    doc = ctx.doc
    floor = sentence.span.start
    if start - 1 <= floor or doc[start - 1].text != ",":
        return start - 1
    for j in range(start - 2, max(floor, start - _RELATIVE_REACH) - 1, -1):
        if doc[j].text == "," and doc[j + 1].lower_ in {"who", "which"}:
            return j - 1
        if doc[j].text in {",", ";", ":", "(", ")"} or ctx.in_quote[j]:
            break
    return start - 1


def recent_pair(
    ctx: ArticleContext, sentence: Sentence, before: int, parties: Parties
) -> Parties | None:
    """The two parties "both sides" / "the two countries" stand for in talks of more than
    two: the pair named last, in this sentence before ``before`` or in the few sentences
    before it ("Mexico and the United States resumed talks. Both countries hope ...")."""
    index = sentence.index
    spans = [(sentence.span.start, before)]
    for k in range(index - 1, max(-1, index - 1 - _PAIR_LOOKBACK), -1):
        previous = ctx.sentences[k]
        spans.append((previous.span.start, previous.span.end))
    for lo, hi in spans:
        named = {m.party for m in ctx.mentions_in(lo, hi) if m.is_agent and m.party in parties}
        if len(named) == 2:
            return _sorted(named)
        if len(named) > 2:
            return None
    return None


def _heads_non_state(ctx: ArticleContext, mention: Mention, trigger: int) -> bool:
    """The party name only qualifies a non-state noun right after it ("Canada's dairy
    farmers", "Korean automakers", "U.S. farm groups")."""
    doc = ctx.doc
    nouns = lemma_class("NON_STATE")
    for k in range(mention.end, min(trigger, mention.end + 4)):
        token = doc[k]
        if token.lower_ in nouns or token.lemma_ in nouns:
            return True
        if token.is_punct and token.text not in _LINKS:
            return False
    return False


_TO_CLAUSE = 6


def _addressed_before(ctx: ArticleContext, sentence: Sentence, j: int) -> Parties | None:
    """The party addressed right before a "to"-clause holding token ``j`` ("urged the U.S.
    to drop its demand", "pressed Ottawa to give up its quotas")."""
    doc = ctx.doc
    for k in range(j - 1, max(sentence.span.start, j - _TO_CLAUSE) - 1, -1):
        if doc[k].lower_ != "to":
            continue
        mention = ctx.mention_end.get(k)
        if mention is not None and mention.is_agent and mention.party:
            start = mention.start - (1 if doc[mention.start - 1].lower_ == "the" else 0)
            if start > 0 and doc[start - 1].lemma_ in lemma_class("ADDRESS"):
                return (mention.party,)
        return None
    return None


def first_agent(ctx: ArticleContext, sentence: Sentence, before: int) -> Parties | None:
    """The first party named in subject position in the sentence, with its conjuncts."""
    for mention in ctx.mentions_in(sentence.span.start, before):
        if mention.is_agent and mention.party and not is_object_like(ctx, mention):
            end = mention.end
            group = [mention.party]
            nxt = ctx.mention_start.get(end + 1) or ctx.mention_start.get(end + 2)
            while nxt is not None and ctx.doc[end].lower_ == "and" and nxt.is_agent and nxt.party:
                group.append(nxt.party)
                end = nxt.end
                nxt = ctx.mention_start.get(end + 1) or ctx.mention_start.get(end + 2)
            return _sorted(group)
    return None


def first_subject_group(ctx: ArticleContext, sentence: Sentence, before: int) -> Parties | None:
    """Conjoined parties named before ``before`` ("Canada and the United States ... they")."""
    groups: list[list[str]] = []
    for mention in ctx.mentions_in(sentence.span.start, before):
        if not mention.is_agent or not mention.party or is_object_like(ctx, mention):
            continue
        conjoined = _conjuncts(ctx, mention, sentence.span.start)
        if len(conjoined) > 1:
            groups.append(conjoined)
    return _sorted(groups[-1]) if groups else None


def _absolute_subject(ctx: ArticleContext, floor: int, start: int) -> Parties | None:
    """The party right before a participle in a "with X ...ing" clause ("the talks ended,
    with Seoul rejecting the demand": Seoul rejects, not the main clause's subject)."""
    mention = ctx.mention_end.get(start)
    if mention is None or not mention.is_agent or not mention.party:
        return None
    before = mention.start - 1
    if before >= floor and ctx.doc[before].lower_ == "the":
        before -= 1
    if before >= floor and ctx.doc[before].lower_ == "with":
        return (mention.party,)
    return None


def owner(ctx: ArticleContext, sentence: Sentence, start: int, end: int) -> Parties | None:
    """The party a noun belongs to: "a US proposal", "Seoul's request", "the offer from X".

    Only possessive marks and modifiers of the ``OWNER_MODIFIER`` class ("unilateral",
    "latest", "long-standing", whose pieces the tokenizer splits at the hyphen) may stand
    between the party and the noun.
    """
    doc = ctx.doc
    floor = sentence.span.start
    modifiers = lemma_class("OWNER_MODIFIER")
    j = start - 1
    while j >= floor:
        mention = ctx.mention_end.get(j + 1)
        if mention is not None:
            return (mention.party,) if mention.is_agent and mention.party else None
        token = doc[j]
        if token.text in _LINKS or token.lower_ in modifiers:
            j -= 1
            continue
        hyphenated = j - 2 >= floor and doc[j - 1].text == "-"
        if hyphenated and f"{doc[j - 2].lower_}-{token.lower_}" in modifiers:
            j -= 3
            continue
        if token.lower_ in {"his", "her"} and not ctx.in_quote[j]:
            named = [m for m in ctx.mentions_in(sentence.span.start, j) if m.kind != "negotiation"]
            if named and not named[0].is_agent:
                return None  # "Jeremy Corbyn ... repeated his call": no party's
            party = party_of_pronoun(ctx, sentence, j)
            return (party,) if party else None
        if token.lower_ in {"their", "its"} and not ctx.in_quote[j]:
            addressed = _addressed_before(ctx, sentence, j)
            if addressed:  # "urged the U.S. to drop its demand": the addressee's
                return addressed
            return first_agent(ctx, sentence, j)  # "the Americans dropped their demand"
        break
    if end < sentence.span.end and doc[end].lower_ in {"from", "by", "of"}:
        for k in range(end + 1, min(sentence.span.end, end + 4)):
            mention = ctx.mention_start.get(k)
            if mention is not None:
                return (mention.party,) if mention.is_agent and mention.party else None
    return None


def proposal_owner(ctx: ArticleContext, sentence: Sentence, end: int) -> Parties | None:
    """The owner of the first proposal noun after a trigger (for rejections)."""
    nouns = lemma_class("PROPOSAL_NOUN")
    for j in range(end, min(sentence.span.end, end + 8)):
        if ctx.doc[j].lemma_ in nouns:
            return owner(ctx, sentence, j, j + 1)
    return None


def agents(
    ctx: ArticleContext, sentence: Sentence, start: int, end: int, negotiation: str
) -> Parties | None:
    """Joint actors of a signing or a deal: conjoined subjects plus "with X" partners."""
    found = set(subject(ctx, sentence, start, end, negotiation) or ())
    doc = ctx.doc
    for j in range(end, min(sentence.span.end, end + 6)):
        if doc[j].lower_ == "with":
            for k in range(j + 1, min(sentence.span.end, j + 5)):
                mention = ctx.mention_start.get(k)
                if mention is not None and mention.is_agent and mention.party:
                    found.add(mention.party)
                    break
            break
    if found:
        return _sorted(found)
    return negotiation_parties(ctx, negotiation) or None


def approver(ctx: ArticleContext, sentence: Sentence, start: int, end: int) -> Parties | None:
    """The party of the approving body: owning the body ("Mexico's Senate ratified",
    "Paraguay's Congress", whose body word alone would name another party), else named in
    the match ("approval by Congress")."""
    bodies = lemma_class("LEGISLATURE")
    for j in range(start, end):
        if ctx.doc[j].lower_ in bodies:
            found = owner(ctx, sentence, j, j + 1)
            if found:
                return found
    for j in range(start, end):
        for mention in ctx.mentions_covering(j):
            if mention.is_agent and mention.party:
                return (mention.party,)
    return None


def others(ctx: ArticleContext, actor: Parties | None, negotiation: str) -> Parties | None:
    """The negotiation's parties other than the actor (None when there are none)."""
    parties = negotiation_parties(ctx, negotiation)
    rest = [p for p in parties if p not in (actor or ())]
    return _sorted(rest) if rest else None
