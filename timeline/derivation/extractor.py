"""The extractor: an article in, negotiation events grounded in quotes out (pure functions).

Pipeline: parse the article (sentences, mentions, quotes, speakers, date anchor); run the
declarative rules' token patterns; for each trigger check quotes, negation, passives and
cue words, fill the role slots and date it; add trade figures; let a sentence's stronger
events silence the weak readings the rules name (``suppressed_by``); merge restatements of
one event in an article into one event with several evidence spans; give every event a
deterministic id (uuid5 of article hash, rule, span and type).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from timeline.derivation import roles
from timeline.derivation.articles import Article
from timeline.derivation.catalog import Catalog
from timeline.derivation.context import (
    ArticleContext,
    Sentence,
    build_context,
    party_of_pronoun,
)
from timeline.derivation.dates import attach_date, find_date_phrases
from timeline.derivation.figures import find_figures
from timeline.derivation.locations import meeting_location
from timeline.derivation.rules import Cue, Rule, lemma_class, shipped_matcher, shipped_rules
from timeline.derivation.termination import notice_days
from timeline.derivation.version import EXTRACTOR_VERSION
from timeline.domain.envelope import NewEvent
from timeline.domain.events import (
    EVENT_MODELS,
    DomainEvent,
)
from timeline.domain.values import Derivation, Evidence, WorldDate

NAMESPACE = uuid.UUID("6f1c3a52-5c1e-4f51-9a38-7c0e0b6d7a11")
_NEGATORS = {"not", "n't", "never", "no", "neither", "nor", "without", "unable", "fail", "failed"}
_CLAUSE_BREAK = {";", ":", "(", ")", "—", "–", "--"}
_MERGE_TYPES_BY_DATE = {
    "meeting_held",
    "agreement_reached",
    "agreement_in_force",
    "agreement_signed",
}
_BARE = "noun"  # the topic of a bare proposal noun ("the US proposal"): a reference
_ROUND_DAYS = 6
_RELATIVE_WORDS = {"who", "which", "that"}
NEGOTIATION_CUE = "@negotiation"  # what a cue sees for a word of a negotiation's name


@dataclass
class Candidate:
    """An event found by one rule in one sentence, before merging."""

    rule: Rule
    type: str
    sentence: Sentence
    start: int
    end: int
    actor: tuple[str, ...] | None
    target: tuple[str, ...] | None
    negotiation: str
    occurred: WorldDate | None
    polarity: str
    topic: str
    extra: dict[str, Any] = field(default_factory=dict)
    spans: list[tuple[int, int]] = field(default_factory=list)
    key_extra: str = ""
    dated: bool = False  # the date came from the sentence, not from the article's anchor


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
    if cue.clause:  # keep to the trigger's clause
        for j in range(start - 1, lo - 1, -1):
            if ctx.doc[j].text in _CLAUSE_BREAK or ctx.doc[j].text == ",":
                lo = j + 1
                break
        for j in range(end, hi):
            if ctx.doc[j].text in _CLAUSE_BREAK or ctx.doc[j].text == ",":
                hi = j
                break
    lemmas: set[str] = set()
    for token in ctx.doc[lo:hi]:
        if cue.side == "after" and token.i < end:
            continue
        if cue.side == "before" and token.i >= start:
            continue
        if not names and token.i in ctx.name_tokens:
            continue
        lemmas.add(token.lemma_)
        lemmas.add(token.lower_)
        if token.ent_type_ == "NEGOTIATION":
            lemmas.add(NEGOTIATION_CUE)  # "signed the CPTPP": a named deal is a deal word
    return lemmas


def _negated(ctx: ArticleContext, sentence: Sentence, start: int, window: int) -> bool:
    doc = ctx.doc
    for j in range(start - 1, max(sentence.span.start, start - window) - 1, -1):
        token = doc[j]
        if token.text in _CLAUSE_BREAK or token.text == ",":
            return False
        if token.lower_ in _NEGATORS or token.lemma_ in _NEGATORS:
            return True
    return False


def _names_other_side(
    ctx: ArticleContext, sentence: Sentence, actor: tuple[str, ...] | None
) -> bool:
    """The sentence names another party or a negotiation (it is about the counterpart)."""
    for mention in ctx.mentions_in(sentence.span.start, sentence.span.end):
        if mention.kind == "negotiation":
            return True
        if mention.is_agent and mention.party and mention.party not in (actor or ()):
            return True
    return False


def _inside_mention(ctx: ArticleContext, start: int, end: int) -> bool:
    """A trigger that is part of a name ("States" in "United States") is no trigger."""
    return any(m.start <= start and end <= m.end for m in ctx.mentions if m.kind != "other")


def _checks(ctx: ArticleContext, rule: Rule, sentence: Sentence, start: int, end: int) -> bool:
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


def _nearest_date(
    ctx: ArticleContext,
    sentence: Sentence,
    start: int,
    future: bool,
    reach: int = 60,
) -> WorldDate | None:
    text = ctx.article.text[sentence.start : sentence.end]
    phrases = find_date_phrases(
        text, ctx.article.published_on, future=future, reference=sentence.reference
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


_RELATIVE = re.compile(r",\s+(?:who|which)\b[^,;:]*,")


def _relative_clauses(text: str) -> list[tuple[int, int]]:
    """Character ranges of ", who/which ...," clauses: their dates belong to their noun
    ("Peña Nieto, who leaves office on Dec. 1, told Trump ...")."""
    return [(m.start(), m.end()) for m in _RELATIVE.finditer(text)]


def _date(
    ctx: ArticleContext, rule: Rule, sentence: Sentence, start: int
) -> tuple[WorldDate | None, bool]:
    """The event's world date and whether the sentence itself gave it."""
    if rule.date == "published":
        return ctx.article.published_on, False
    if rule.date == "anchor":
        return ctx.anchor, False
    if rule.date == "none":
        return None, False
    found = _nearest_date(ctx, sentence, start, future=False, reach=rule.date_reach)
    if found is not None:
        return found, True
    if rule.date == "sentence":
        return None, False
    return ctx.anchor, False


_COMPLEMENT_SKIP = {"to", "for", "that", "on", "the", "a", "an", "its", "their", "more", "wider"}


def _complement(ctx: ArticleContext, sentence: Sentence, end: int) -> str | None:
    """The first content word of a proposal noun's complement ("the US demand to extend"
    -> "extend", "Washington's request for wider access" -> "access"); None when the noun
    stands bare ("the US proposal")."""
    doc = ctx.doc
    if end + 1 < sentence.span.end and doc[end].lower_ == "by":  # "a demand by the UK that"
        at = end + 2 if doc[end + 1].lower_ == "the" else end + 1
        agent = ctx.mention_start.get(at)
        if agent is not None:
            end = agent.end
    if end >= sentence.span.end or doc[end].lower_ not in {"to", "for", "that", "on"}:
        return None
    for token in doc[end : min(sentence.span.end, end + 5)]:
        named = token.i in ctx.name_tokens  # "that Australia remove": the act, not the party
        if token.is_alpha and token.lower_ not in _COMPLEMENT_SKIP and not named:
            return token.lemma_
    return None


def _topic(ctx: ArticleContext, rule: Rule, sentence: Sentence, start: int, end: int) -> str:
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
    clause = next((t.i for t in window if t.text in _CLAUSE_END), window.end)
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
        return f"demand:{complement}" if complement else _BARE
    return rule.topic or rule.id


def _actor(
    ctx: ArticleContext, rule: Rule, sentence: Sentence, start: int, end: int, negotiation: str
) -> tuple[str, ...] | None:
    if rule.actor == "subject":
        return roles.subject(
            ctx, sentence, start, end, negotiation, flip_passive=rule.passive == "flip"
        )
    if rule.actor == "owner":
        found = roles.owner(ctx, sentence, start, end)
        return found or roles.subject(ctx, sentence, start, end, negotiation)
    if rule.actor == "owner_only":
        return roles.owner(ctx, sentence, start, end)
    if rule.actor == "speaker":
        return (sentence.speaker_party,) if sentence.speaker_party else None
    if rule.actor == "joint":
        return roles.negotiation_parties(ctx, negotiation) or None
    if rule.actor == "agents":
        return roles.agents(ctx, sentence, start, end, negotiation)
    if rule.actor == "deal":  # the parties of a deal: those named together, else all of them
        return _deal_parties(ctx, sentence, start, end, negotiation)
    if rule.actor in {"approver", "approver_or_place"}:
        found = roles.approver(ctx, sentence, start, end)
        if (
            found is None
            and any(  # "May secured her cabinet's backing": the leader's party
                t.lower_ in {"his", "her", "its", "their"} for t in ctx.doc[max(0, start - 1) : end]
            )
        ):
            return roles.subject(ctx, sentence, start, end, negotiation)
        if found is None and any(t.lower_ == "cabinet" for t in ctx.doc[start:end]):
            person = ctx.last_person_before(start)  # a bare "the cabinet": the last leader's
            return (person.party,) if person is not None and person.party else None
        if found is None and rule.actor == "approver_or_place":
            found = _place_before(ctx, sentence, start)  # "In Ottawa, the House voted 200-90"
        return found or _deal_owner(ctx, sentence, end)
    return None


_DEAL_REACH = 6


def _deal_owner(ctx: ArticleContext, sentence: Sentence, end: int) -> tuple[str, ...] | None:
    """The party owning the deal a bare legislature votes on ("Lawmakers rejected May's
    deal" -> the UK's lawmakers)."""
    nouns = lemma_class("AGREEMENT_NOUN") | lemma_class("DEAL_NOUN")
    for j in range(end, min(sentence.span.end, end + _DEAL_REACH)):
        if ctx.doc[j].lemma_ in nouns and ctx.doc[j].lower_ != "it":
            return roles.owner(ctx, sentence, j, j + 1)
    return None


_PLACE_WORDS = {"in", "at", "outside", "near"}


def _place_before(ctx: ArticleContext, sentence: Sentence, start: int) -> tuple[str, ...] | None:
    """The party of the last party or capital named before ``start`` in the sentence."""
    named = [
        m.party
        for m in ctx.mentions_in(sentence.span.start, start)
        if m.is_agent and m.party and m.kind == "party"
    ]
    return (named[-1],) if named else None


_BY_STOP = {"in", "on", "at", "for", "during", "after", "before", "with", "to", "last", "this"}


def _parties_between(ctx: ArticleContext, sentence: Sentence, lo: int, hi: int) -> set[str]:
    """Parties named (or pronouns standing for a party) in tokens ``lo``..``hi``."""
    found: set[str] = set()
    for j in range(lo, hi):
        mention = ctx.mention_start.get(j)
        if j > 0 and ctx.doc[j - 1].lower_ in _PLACE_WORDS:
            continue  # "talks in Brussels": a place, not a party to them
        if j > 1 and ctx.doc[j - 1].lower_ == "the" and ctx.doc[j - 2].lower_ in _PLACE_WORDS:
            continue  # "signed at the ASEAN summit": the gathering's host, not a signatory
        if mention is not None and mention.is_agent and mention.party:
            found.add(mention.party)
        elif ctx.doc[j].lower_ in {"he", "she"}:
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
        if doc[j].text in _CLAUSE_BREAK:
            return None
        if doc[j].lower_ == "with":  # "announced the deal on Monday, with Mexico's president"
            for k in range(j + 1, min(sentence.span.end, j + 4)):
                mention = ctx.mention_start.get(k)
                if mention is not None:
                    return mention.party if mention.is_agent else None
            return None
    return None


def _deal_parties(
    ctx: ArticleContext, sentence: Sentence, start: int, end: int, negotiation: str
) -> tuple[str, ...] | None:
    """The parties of a deal, a signing or a stall: the passive's "by X and Y", else the
    parties named together in the trigger's clause ("he and Xi are to", "talks with
    Washington had made no progress"), else all the negotiation's parties."""
    doc = ctx.doc
    if end < sentence.span.end and doc[end].lower_ == "by":
        j = end + 1
        while j < sentence.span.end and not doc[j].is_punct and doc[j].lower_ not in _BY_STOP:
            j += 1
        by = _parties_between(ctx, sentence, end + 1, j)
        if by:
            return tuple(sorted(by))
        if j < sentence.span.end and doc[j].lower_ in _PLACE_WORDS:  # "by negotiators in
            return roles.negotiation_parties(ctx, negotiation) or None  # Brussels": no party
    lo = start
    ends = {m.end for m in ctx.mentions if m.is_agent}
    while lo > sentence.span.start and (
        doc[lo - 1].text not in _CLAUSE_BREAK | {","}
        or (doc[lo - 1].text == "," and lo - 1 in ends and lo in ctx.mention_start)
    ):  # a list of parties ("Mexico, Canada and the United States") is one clause
        lo -= 1
    in_clause = _parties_between(ctx, sentence, lo, end)
    relative = [j for j in range(lo, end) if doc[j].lower_ in _RELATIVE_WORDS]
    if relative and _parties_between(ctx, sentence, relative[-1] + 1, end):
        lo = relative[-1] + 1  # "folds Canada into the deal that Mexico struck": the clause's
        in_clause = _parties_between(ctx, sentence, lo, end)
    said = [
        j
        for j in range(lo, start)
        if doc[j].lower_ in lemma_class("SAY") and not _inside_mention(ctx, j, j + 1)
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


def _candidates(ctx: ArticleContext) -> list[Candidate]:
    ruleset = shipped_rules()
    matcher = shipped_matcher()
    vocab = ctx.doc.vocab.strings
    found: list[Candidate] = []
    seen: set[tuple[str, int]] = set()
    triggers: set[tuple[str, int, tuple[str, ...] | None]] = set()
    for match_id, start, end in sorted(matcher(ctx.doc), key=lambda m: (m[1], m[2])):
        rule = ruleset.rule(vocab[match_id])
        sentence = ctx.sentence_of(start)
        if sentence.headline:
            continue
        if ctx.doc[start].idx < ctx.headline_end or _inside_mention(ctx, start, end):
            continue
        if not _checks(ctx, rule, sentence, start, end):
            continue
        negotiation = sentence.negotiation or ctx.negotiation
        occurred, dated = _date(ctx, rule, sentence, start)
        if rule.date == "sentence" and not dated:
            continue  # e.g. "since the deal went into effect": no date, nothing to record
        if (
            rule.past
            and occurred is not None
            and occurred.first_day() > ctx.article.published_on.last_day()
        ):
            continue  # a meeting or deal dated after publication has not happened
        if sentence.negotiation and not sentence.dates:
            continue  # a passing reference to another negotiation, with no date
        actor = _actor(ctx, rule, sentence, start, end, negotiation)
        if rule.actor not in {"none"} and not actor:
            continue
        if rule.single_actor and actor and len(actor) > 1:
            continue  # "Washington and Beijing agreed to ..." is a deal, not an acceptance
        if rule.requires_other_party and not _names_other_side(ctx, sentence, actor):
            continue
        if (rule.id, sentence.index) in seen and not _own_date(
            rule, sentence, dated, occurred, found
        ):
            continue  # one event per rule and sentence, unless a clause dates it apart
        if (rule.type, start, actor) in triggers:
            continue  # two rules reading one trigger ("the U.S. demand for ...") as one event
        if (
            rule.actor in {"subject", "owner", "owner_only", "speaker"}
            and ctx.parties
            and actor
            and not set(actor) <= set(roles.negotiation_parties(ctx, negotiation) or actor)
        ):
            continue  # a party outside the negotiation (a third country) is not a party to it
        target: tuple[str, ...] | None = None
        if rule.answers and not _answers(found, sentence, actor):
            continue
        if rule.target == "other":
            target = roles.others(ctx, actor, negotiation)
        elif rule.target == "owner":
            target = roles.proposal_owner(ctx, sentence, end)
            if not target or target == actor:
                target = roles.others(ctx, actor, negotiation)
        candidate = Candidate(
            rule=rule,
            type=rule.type,
            sentence=sentence,
            start=start,
            end=end,
            actor=actor,
            target=target,
            negotiation=negotiation,
            occurred=occurred,
            polarity=rule.polarity,
            topic=_topic(ctx, rule, sentence, start, end),
            spans=[(sentence.start, sentence.end)],
            dated=dated,
        )
        if rule.evidence == "clause":
            clause = _relative_clause_span(ctx, sentence, start)
            if clause is not None:
                candidate.spans = [clause]
        if rule.type in {"meeting_held", "round_scheduled"} and rule.polarity == "positive":
            at = ctx.doc[start].idx - sentence.start
            candidate.extra["location"] = meeting_location(
                ctx.article.text[sentence.start : sentence.end], at
            )
            if rule.requires_place and candidate.extra["location"] is None:
                continue
        if rule.type == "round_scheduled":
            candidate.extra["scheduled_for"] = (
                _nearest_date(ctx, sentence, start, future=True, reach=rule.date_reach)
                if rule.future
                else None
            )
            candidate.occurred = ctx.anchor
        if rule.type == "termination_clause_cited":
            _termination_details(ctx, candidate)
        seen.add((rule.id, sentence.index))
        triggers.add((rule.type, start, actor))
        found.append(candidate)
    for sentence in ctx.sentences:
        if sentence.headline:
            continue
        found.extend(_figure_candidates(ctx, sentence))
    return found


_CLAUSE_END = {",", ";", ":", "—", "–", "(", ")"}


def _own_date(
    rule: Rule,
    sentence: Sentence,
    dated: bool,
    occurred: WorldDate | None,
    found: list[Candidate],
) -> bool:
    """A rule dated by its clause fires again in one sentence for another date ("the new
    pact entered into force on Wednesday, replacing the old one, which took effect in
    1994")."""
    if rule.date != "sentence" or not dated or occurred is None:
        return False
    return all(
        c.rule.id != rule.id or c.sentence.index != sentence.index or c.occurred != occurred
        for c in found
    )


def _relative_clause_span(
    ctx: ArticleContext, sentence: Sentence, start: int
) -> tuple[int, int] | None:
    """Character span of the relative clause holding the trigger ("who for years called
    NAFTA the worst trade deal", "that Trump has called a 'job killer.'"), or None."""
    doc = ctx.doc
    lo = None
    for k in range(start - 1, max(sentence.span.start, start - 8) - 1, -1):
        if doc[k].lower_ in _RELATIVE_WORDS:
            lo = k
            break
        if doc[k].text in _CLAUSE_END or doc[k].text == ".":
            return None
    if lo is None or lo == sentence.span.start:
        return None
    hi = sentence.span.end
    for k in range(start + 1, sentence.span.end):
        if doc[k].text in _CLAUSE_END and not ctx.in_quote[k]:
            hi = k
            break
    last = doc[hi - 1]
    end = last.idx + len(last.text)
    if hi == sentence.span.end and last.text == ".":
        end = last.idx
    return doc[lo].idx, end


def _answers(found: list[Candidate], sentence: Sentence, actor: tuple[str, ...] | None) -> bool:
    """Another party made a proposal in an earlier sentence: this one answers it."""
    return any(
        c.type == "proposal_made"
        and c.sentence.index < sentence.index
        and c.actor
        and not set(c.actor) & set(actor or ())
        for c in found
    )


def _termination_details(ctx: ArticleContext, candidate: Candidate) -> None:
    sentence = candidate.sentence
    words = [t.lower_ for t in sentence.span]
    pairs = set(pairwise(words))
    any_party = bool(set(words) & {"either", "each"}) or bool(
        pairs & {("any", "party"), ("a", "party"), ("any", "side"), ("both", "sides")}
    )
    candidate.extra["invocable_by"] = "any" if any_party else None
    if candidate.rule.topic == "termination-invoked":  # notice given: the actor invokes it
        candidate.extra["invoked"] = True
        candidate.extra["invocable_by"] = "any" if any_party else "+".join(candidate.actor or ())
    days, span = notice_days(ctx, sentence)
    candidate.extra["notice_days"] = days
    if span is not None and span not in candidate.spans:
        candidate.spans.append(span)


def _figure_candidates(ctx: ArticleContext, sentence: Sentence) -> list[Candidate]:
    out = []
    ruleset = shipped_rules()
    for figure in find_figures(ctx, sentence):
        rule_id = "figure.rank" if figure.measure == "trading_partner_rank" else "figure.amount"
        rule = ruleset.rule(rule_id)
        negotiation = sentence.negotiation or ctx.negotiation
        out.append(
            Candidate(
                rule=rule,
                type="trade_figure_reported",
                sentence=sentence,
                start=sentence.span.start,
                end=sentence.span.end,
                actor=(figure.actor,) if figure.actor else None,
                target=None,
                negotiation=negotiation,
                occurred=figure.period or ctx.anchor,
                polarity="positive",
                topic=figure.key,
                extra={
                    "measure": figure.measure,
                    "value": figure.value,
                    "unit": figure.unit,
                    "period": figure.period or ctx.anchor,
                    "economy": figure.economy,
                    "partner": figure.partner,
                    "derived_from": figure.derived_from,
                },
                spans=[(sentence.start, sentence.end)],
                key_extra=figure.key,
            )
        )
    return out


_SPECIFIC_PROPOSALS = {"counter_proposal_made", "joint_study_proposed"}
_REFERENCE_RULES = {"proposal.noun_with_owner"}


def _drop_references(candidates: list[Candidate]) -> list[Candidate]:
    """A bare reference ("Seoul's suggestion") to a party's counter-proposal or study
    proposal is that event again, not a new proposal."""
    specific = {c.actor for c in candidates if c.type in _SPECIFIC_PROPOSALS}
    return [c for c in candidates if not (c.rule.id in _REFERENCE_RULES and c.actor in specific)]


_TERMS_NOUNS = {
    "deal",
    "agreement",
    "truce",
    "pact",
    "accord",
    "arrangement",
    "ceasefire",
    "term",
    "terms",
}
_FACT_RULES = {"position.said", "position.stance"}
_TRAILING_WORDS = 8


def _reports_facts(ctx: ArticleContext, c: Candidate, types: set[str]) -> bool:
    """A plain "said" that only sources facts: a trailing attribution of a trade figure
    ("exports rose 6 percent to $72.7 billion, the ministry said") or the terms of a deal
    ("Under the truce, the United States will hold off ..., the White House said")."""
    if c.rule.id not in _FACT_RULES:
        return False
    doc = ctx.doc
    span = c.sentence.span
    if doc[span.start].lower_ == "under" and any(
        t.lemma_ in _TERMS_NOUNS for t in doc[span.start : min(span.end, span.start + 4)]
    ):
        return True
    trailing = span.end - c.start <= _TRAILING_WORDS and any(
        doc[k].text == "," for k in range(max(span.start, c.start - 5), c.start)
    )
    return trailing and "trade_figure_reported" in types and c.rule.id == "position.said"


_COORDINATORS = {"and", "but", "while", "whereas"}
_SUBJECT_REACH = 8


def _new_subject_between(ctx: ArticleContext, first: int, second: int) -> bool:
    """A coordinated clause with a subject of its own separates two triggers ("Barnier
    said progress had been made, and Tusk called a summit for Sunday")."""
    doc = ctx.doc
    for k in range(first + 1, second - 1):
        if doc[k].text not in {",", ";"} or doc[k + 1].lower_ not in _COORDINATORS:
            continue
        for j in range(k + 2, min(second, k + 2 + _SUBJECT_REACH)):
            mention = ctx.mention_start.get(j)
            if mention is not None and mention.is_agent:
                return True
    return False


def _in_other_clause(ctx: ArticleContext, other: Candidate, c: Candidate) -> bool:
    """``other`` is background to the position ``c``: the other side's act in a relative
    clause of what is said ("said the deal kept the panels that Washington wanted to
    scrap"), or the speaker's own past act in a clause on the subject ("Ottawa, which had
    resisted the demand, said the deal was fair")."""
    clause = _relative_clause_span(ctx, other.sentence, other.start)
    if clause is None:
        return False
    at = ctx.doc[c.start].idx
    if c.actor and other.actor and not set(c.actor) & set(other.actor):
        return other.start > c.start
    return clause[1] <= at


def _silencers(ctx: ArticleContext, candidates: list[Candidate], c: Candidate) -> set[str]:
    """The event types and rule ids of the sentence that may silence ``c``. A position is
    not silenced by an event told in a relative clause apart from its verb ("Freeland said
    the deal kept the panels that Washington wanted to scrap")."""
    found: set[str] = set()
    for other in candidates:
        if other.sentence.index != c.sentence.index or other is c:
            continue
        if other.type == c.type:  # a rule of the same type silences by its id only
            found.add(other.rule.id)
            continue
        if c.type == "position_stated" and (
            _in_other_clause(ctx, other, c) or _new_subject_between(ctx, c.start, other.start)
        ):
            continue
        if other.type == "meeting_held" and other.start < c.start:
            continue  # the setting ("At the first round, Lighthizer said"), not what is said
        if c.rule.quote == "inside" and not ctx.in_quote[other.start]:
            continue  # a quote is not silenced by the narration after it ("..., he said
            # shortly after the talks broke up")
        found.update((other.type, other.rule.id))
    return found


def _suppress(ctx: ArticleContext, candidates: list[Candidate]) -> list[Candidate]:
    by_sentence: dict[int, set[str]] = {}
    for c in candidates:  # a rule is silenced by an event type or by another rule's id
        by_sentence.setdefault(c.sentence.index, set()).update((c.type, c.rule.id))
    return [
        c
        for c in candidates
        if not set(c.rule.suppressed_by) & _silencers(ctx, candidates, c)
        and not _reports_facts(ctx, c, by_sentence[c.sentence.index])
    ]


def _merge_key(c: Candidate) -> tuple[Any, ...] | None:
    if c.type == "position_stated":
        return None
    if c.type == "trade_figure_reported":
        return (c.type, c.sentence.index, c.key_extra)
    if not c.rule.merge and c.topic == (c.rule.topic or c.rule.id):
        return None
    return (c.type, c.actor, c.target, c.polarity, c.negotiation, c.topic)


def _same_meeting(a: WorldDate | None, b: WorldDate | None) -> bool:
    """Meetings within a week of each other are one round ("started on Aug. 16" ... "wrapped
    up on Sunday"); dates at month or year precision match when compatible."""
    if a is None or b is None:
        return True
    if a.precision == "day" and b.precision == "day":
        return abs((a.first_day() - b.first_day()).days) <= _ROUND_DAYS
    return a.compatible_with(b)


def _other_schedule(a: Candidate, b: Candidate) -> bool:
    """Two schedules set for incompatible dates are two meetings."""
    when_a, when_b = a.extra.get("scheduled_for"), b.extra.get("scheduled_for")
    if a.type != "round_scheduled" or when_a is None or when_b is None:
        return False
    if not isinstance(when_a, WorldDate) or not isinstance(when_b, WorldDate):
        return False
    return not when_a.compatible_with(when_b)


def _years_apart(a: Candidate, b: Candidate) -> bool:
    """Two meetings whose dates (an undated one's the article's anchor) are over a year apart
    are two ("attended the summit" vs "talks launched in 2012")."""
    if a.occurred is None or b.occurred is None:
        return False
    return abs((a.occurred.first_day() - b.occurred.first_day()).days) > _YEAR_DAYS


def _bare_partner(merged: list[Candidate], c: Candidate) -> Candidate | None:
    """A bare proposal reference ("the US proposal", "rejected the EU's offer") after a
    proposal of that party ("the EU proposed to raise the quota") is that proposal again:
    the latest one, whatever its wording."""
    if c.type != "proposal_made" or c.topic != _BARE:
        return None
    for m in reversed(merged):
        if (m.type, m.actor, m.target, m.polarity, m.negotiation) != (
            c.type,
            c.actor,
            c.target,
            c.polarity,
            c.negotiation,
        ):
            continue
        if m.dated and c.dated and m.occurred and c.occurred and _far_apart(m.occurred, c.occurred):
            continue  # "the first request, on March 20" ... "London's demand, made in
            # January": two requests
        if c.topic == _BARE:
            return m
    return None


_SENTENCE_ROUND_DAYS = 14
_YEAR_DAYS = 366
_APART_DAYS = 45


def _far_apart(a: WorldDate, b: WorldDate) -> bool:
    """Two dates that cannot tell one act: incompatible and more than six weeks apart."""
    if a.compatible_with(b):
        return False
    return abs((a.first_day() - b.first_day()).days) > _APART_DAYS


def _same_round(a: Candidate, b: Candidate) -> bool:
    """One sentence telling a round's opening and end days tells one round."""
    if a.sentence.index != b.sentence.index or a.occurred is None or b.occurred is None:
        return False
    if a.occurred.precision != "day" or b.occurred.precision != "day":
        return False
    return abs((a.occurred.first_day() - b.occurred.first_day()).days) <= _SENTENCE_ROUND_DAYS


def _merge(candidates: list[Candidate]) -> list[Candidate]:
    """Restatements of one event in an article become one event with several spans."""
    merged: list[Candidate] = []
    index: dict[tuple[Any, ...], list[Candidate]] = {}
    for c in candidates:
        key = _merge_key(c)
        if key is None:
            merged.append(c)
            continue
        same = index.setdefault(key, [])
        first = next(
            (
                m
                for m in same
                if c.type not in _MERGE_TYPES_BY_DATE
                or (not (m.dated and c.dated) and not _years_apart(m, c))  # an undated
                # "during the round" is that round, but not one launched years before
                or _same_round(m, c)  # "opened on Feb. 25, ended on Monday"
                or _same_meeting(m.occurred, c.occurred)
            ),
            None,
        )
        if first is None:
            first = _bare_partner(merged, c)
        if first is not None and _other_schedule(first, c):
            first = None  # "the next round in May" and "a ministerial in September": two
        if first is None:
            same.append(c)
            merged.append(c)
            continue
        if c.type in _MERGE_TYPES_BY_DATE and c.dated and not first.dated:
            first.occurred, first.dated = c.occurred, True
        elif (
            c.type in _MERGE_TYPES_BY_DATE
            and c.occurred is not None
            and first.occurred is not None
            and c.occurred.precision == "day"
            and (
                first.occurred.precision != "day"
                or c.occurred.first_day() < first.occurred.first_day()
            )
        ):
            first.occurred = c.occurred  # a round is dated by its first day
        for span in c.spans:
            if span not in first.spans:
                first.spans.append(span)
        if first.occurred is None and c.occurred is not None:
            first.occurred, first.dated = c.occurred, c.dated
        for name, value in c.extra.items():
            if first.extra.get(name) is None and value is not None:
                first.extra[name] = value
    return _merge_positions(_absorb_undated_schedules(merged))


_SCHEDULE_SENTENCES = 2


def _absorb_undated_schedules(candidates: list[Candidate]) -> list[Candidate]:
    """ "No date was set for the next round; they agreed only to meet again": an undated
    positive schedule next to the same parties' "no date" is that one next round."""
    out: list[Candidate] = []
    negatives = [c for c in candidates if c.type == "round_scheduled" and c.polarity == "negative"]
    for c in candidates:
        if (
            c.type == "round_scheduled"
            and c.polarity == "positive"
            and (c.extra.get("scheduled_for") is None)
        ):
            none_set = next(
                (
                    n
                    for n in negatives
                    if n.actor == c.actor
                    and n.negotiation == c.negotiation
                    and abs(n.sentence.index - c.sentence.index) <= _SCHEDULE_SENTENCES
                ),
                None,
            )
            if none_set is not None:
                for span in c.spans:
                    if span not in none_set.spans:
                        none_set.spans.append(span)
                continue
        out.append(c)
    return out


def _merge_positions(candidates: list[Candidate]) -> list[Candidate]:
    """A party's positions in neighbouring sentences of one paragraph are one statement."""
    out: list[Candidate] = []
    last: dict[tuple[Any, ...], Candidate] = {}
    for c in sorted(candidates, key=lambda c: (c.sentence.index, c.start)):
        if c.type != "position_stated":
            out.append(c)
            continue
        if c.spans[0] != (c.sentence.start, c.sentence.end):
            out.append(c)  # a relative clause's position is its own event
            continue
        key = (c.actor, c.negotiation)
        previous = last.get(key)
        if (
            previous is not None
            and previous.sentence.paragraph == c.sentence.paragraph
            and c.sentence.index - previous.sentence.index <= 1
        ):
            for span in c.spans:
                if span not in previous.spans:
                    previous.spans.append(span)
            if c.dated and not previous.dated:
                previous.occurred, previous.dated = c.occurred, True
            previous.sentence = c.sentence
            continue
        last[key] = c
        out.append(c)
    return out


def _subject(c: Candidate) -> str:
    actor = "+".join(c.actor) if c.actor else "unknown"
    target = "+".join(c.target) if c.target else "the other side"
    text = c.rule.subject or c.type.replace("_", " ")
    subject = text.replace("{actor}", actor).replace("{target}", target)
    if c.type == "trade_figure_reported":
        subject = f"{c.extra['measure']} {c.extra['value']:g} {c.extra['unit']}"
    return subject


def _event_id(article: Article, c: Candidate) -> uuid.UUID:
    start, end = c.spans[0]
    name = f"{article.sha256}|{c.rule.id}|{start}:{end}|{c.type}|{c.key_extra}"
    return uuid.uuid5(NAMESPACE, name)


def _to_event(ctx: ArticleContext, c: Candidate) -> NewEvent:
    article = ctx.article
    evidence = tuple(
        Evidence(article_id=article.id, start=s, end=e, quote=article.text[s:e])
        for s, e in sorted(c.spans)
    )
    payload: dict[str, Any] = {
        "negotiation": c.negotiation,
        "actor": c.actor,
        "target": c.target,
        "subject": _subject(c),
        "occurred": c.occurred,
        "reported_on": article.published,
        "polarity": c.polarity,
        "modality": c.rule.modality,
        "evidence": evidence,
        "derivation": Derivation(
            rule_id=c.rule.id, extractor_version=EXTRACTOR_VERSION, confidence=c.rule.confidence
        ),
    }
    for name, value in c.extra.items():
        payload[name] = value
    model = EVENT_MODELS[c.type]
    event: DomainEvent = model.model_validate(payload)
    return NewEvent(event_id=_event_id(article, c), event=event)


def derive_from_context(ctx: ArticleContext) -> list[NewEvent]:
    """Events of an already prepared article."""
    candidates = _merge(_suppress(ctx, _drop_references(_candidates(ctx))))
    candidates.sort(key=lambda c: (c.spans[0], c.type, c.rule.id, c.key_extra))
    return [_to_event(ctx, c) for c in candidates]


def derive(article: Article, catalog: Catalog) -> list[NewEvent]:
    """The negotiation events an article states, each with its evidence and derivation."""
    return derive_from_context(build_context(article, catalog))
