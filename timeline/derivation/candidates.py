"""Candidate events: rule matches that stand, with actor, target, date and topic; figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from timeline.derivation import roles
from timeline.derivation.actors import fill_actor
from timeline.derivation.clause_dates import event_date, nearest_date
from timeline.derivation.clauses import new_subject_between, relative_clause_span
from timeline.derivation.context import (
    ArticleContext,
    Sentence,
)
from timeline.derivation.dates import after_publication
from timeline.derivation.figures import find_figures
from timeline.derivation.locations import meeting_location
from timeline.derivation.matching import shipped_rule_matcher
from timeline.derivation.rules import Rule, phrase_class, shipped_rules, word_class
from timeline.derivation.termination import notice_days
from timeline.derivation.topics import topic_of
from timeline.derivation.trigger_checks import inside_mention, names_other_side, trigger_stands
from timeline.domain.measures import canonical_measure
from timeline.domain.values import WorldDate


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


def find_candidates(ctx: ArticleContext) -> list[Candidate]:
    ruleset = shipped_rules()
    matcher = shipped_rule_matcher()
    vocab = ctx.doc.vocab.strings
    found: list[Candidate] = []
    seen: set[tuple[str, int]] = set()
    triggers: set[tuple[str, int, tuple[str, ...] | None]] = set()
    rules = {rule.id: rule for rule in ruleset.rules}
    for match_id, start, end in matcher(ctx.doc):  # by (start, end), as the Matcher lists them
        rule = rules[vocab[match_id]]
        sentence = ctx.sentence_of(start)
        if sentence.headline:
            continue
        if ctx.doc[start].idx < ctx.headline_end or inside_mention(ctx, start, end):
            continue
        if not trigger_stands(ctx, rule, sentence, start, end):
            continue
        negotiation = sentence.negotiation or ctx.negotiation
        word = start if rule.date_from == "first" else end - 1  # the word that dates it
        occurred, dated = event_date(ctx, rule, sentence, word)
        if (
            dated
            and ruleset.kind(rule.type).by_publication
            and after_publication(occurred, ctx.article.published_on)
        ):
            occurred, dated = ctx.anchor, False  # "ahead of elections in 2024": not its date
        if rule.date == "sentence" and not dated:
            continue  # e.g. "since the deal went into effect": no date, nothing to record
        if rule.past and after_publication(occurred, ctx.article.published_on):
            continue  # a meeting or deal dated after publication has not happened
        if sentence.negotiation and not sentence.dates:
            continue  # a passing reference to another negotiation, with no date
        actor = fill_actor(ctx, rule, sentence, start, end, negotiation)
        if rule.actor not in {"none"} and not actor:
            continue
        if rule.single_actor and actor and len(actor) > 1:
            continue  # "Washington and Beijing agreed to ..." is a deal, not an acceptance
        if rule.requires_other_party and not names_other_side(ctx, sentence, actor):
            continue
        again = (rule.id, sentence.index) in seen and not _own_date(
            rule, sentence, dated, occurred, found
        )
        if again and not _own_subject(ctx, rule, sentence, start, actor, found):
            continue  # one event per rule and sentence, unless a clause dates it apart
        if (rule.type, word, actor) in triggers:
            continue  # two rules reading one trigger ("the U.S. demand for ...") as one event
        if (
            rule.actor in {"subject", "owner", "owner_only", "speaker"}
            and ctx.parties
            and actor
            and not roles.speaks_within(ctx, actor, negotiation)
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
            topic=topic_of(ctx, rule, sentence, start, end),
            spans=[(sentence.start, sentence.end)],
            dated=dated,
            key_extra="+".join(actor or ()) if again else "",  # another party's: its own id
        )
        if rule.evidence == "clause":
            clause = relative_clause_span(ctx, sentence, start)
            if clause is not None:
                candidate.spans = [clause]
        kind = ruleset.kind(rule.type)
        if kind.located and rule.polarity == "positive":
            at = ctx.doc[start].idx - sentence.start
            candidate.extra["location"] = meeting_location(
                ctx.article.text[sentence.start : sentence.end], at
            )
            if rule.requires_place and candidate.extra["location"] is None:
                continue
        if kind.schedule:
            candidate.extra["scheduled_for"] = (
                nearest_date(ctx, sentence, start, future=True, reach=rule.date_reach)
                if rule.future
                else None
            )
            candidate.occurred = ctx.anchor
        if kind.details == "termination":
            _termination_details(ctx, candidate)
        seen.add((rule.id, sentence.index))
        triggers.add((rule.type, word, actor))
        found.append(candidate)
    for sentence in ctx.sentences:
        if sentence.headline:
            continue
        found.extend(_figure_candidates(ctx, sentence))
    return found


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


def _own_subject(
    ctx: ArticleContext,
    rule: Rule,
    sentence: Sentence,
    start: int,
    actor: tuple[str, ...] | None,
    found: list[Candidate],
) -> bool:
    """A rule fires again in one sentence for another party with a clause of its own
    ("Lula hailed the deal, while on Facebook, Milei praised it too")."""
    earlier = [c for c in found if c.rule.id == rule.id and c.sentence.index == sentence.index]
    return bool(earlier) and all(
        c.actor != actor and new_subject_between(ctx, c.start, start) for c in earlier
    )


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
    any_party = bool(set(words) & word_class("ANY_PARTY_WORD")) or bool(
        pairs & phrase_class("ANY_PARTY")
    )
    candidate.extra["invocable_by"] = "any" if any_party else None
    if candidate.rule.invokes:  # notice given: the actor invokes it
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
        rule = ruleset.figure_rule(figure.measure)
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
                    "measure": canonical_measure(figure.measure),
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
