"""The extractor: an article in, negotiation events grounded in quotes out (pure functions).

Pipeline: parse the article (sentences, mentions, quotes, speakers, date anchor); run the
declarative rules' token patterns; for each trigger check quotes, negation, passives and
cue words, fill the role slots and date it; add trade figures; let a sentence's stronger
events silence the weak readings the rules name (``suppressed_by``); merge restatements of
one event in an article into one event with several evidence spans; give every event a
deterministic id (uuid5 of article id and hash, rule, span and type: the same text under
another id, a syndicated copy, derives events of its own).

The steps live in modules by job: ``candidates`` (rule matches that stand, with
``trigger_checks``, ``actors`` and ``deal_parties``, ``clause_dates``, ``topics``, over the
``clauses`` of a sentence), ``suppression``, ``merging``; this module turns what is left
into events.
"""

from __future__ import annotations

import uuid
from typing import Any

from timeline.derivation.articles import Article
from timeline.derivation.candidates import Candidate, find_candidates
from timeline.derivation.catalog import Catalog
from timeline.derivation.context import (
    ArticleContext,
    build_context,
)
from timeline.derivation.merging import merge
from timeline.derivation.suppression import drop_references, suppress
from timeline.derivation.version import EXTRACTOR_VERSION
from timeline.domain.envelope import NewEvent
from timeline.domain.events import (
    EVENT_MODELS,
    DomainEvent,
)
from timeline.domain.values import Derivation, Evidence

NAMESPACE = uuid.UUID("6f1c3a52-5c1e-4f51-9a38-7c0e0b6d7a11")


def _subject(c: Candidate) -> str:
    actor = "+".join(c.actor) if c.actor else "unknown"
    target = "+".join(c.target) if c.target else "the other side"
    text = c.rule.subject or c.type.replace("_", " ")
    subject = text.replace("{actor}", actor).replace("{target}", target)
    if c.type == "trade_figure_reported":
        subject = f"{c.extra['measure']} {c.extra['value']:g} {c.extra['unit']}"
    return subject


def _event_id(article: Article, c: Candidate, taken: set[uuid.UUID]) -> uuid.UUID:
    """The candidate's id; when another event of the article already has it (one rule firing
    twice in a sentence, e.g. two entries into force with their own dates), the trigger's
    tokens, then a counter, tell them apart, so no two events of an article share an id."""
    start, end = c.spans[0]
    name = f"{article.id}|{article.sha256}|{c.rule.id}|{start}:{end}|{c.type}|{c.key_extra}"
    event_id = uuid.uuid5(NAMESPACE, name)
    again = 0
    while event_id in taken:
        again += 1
        event_id = uuid.uuid5(NAMESPACE, f"{name}|trigger {c.start}:{c.end}|{again}")
    taken.add(event_id)
    return event_id


def _to_event(ctx: ArticleContext, c: Candidate, taken: set[uuid.UUID]) -> NewEvent:
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
    return NewEvent(event_id=_event_id(article, c, taken), event=event)


def derive_from_context(ctx: ArticleContext) -> list[NewEvent]:
    """Events of an already prepared article."""
    candidates = merge(ctx, suppress(ctx, drop_references(find_candidates(ctx))))
    candidates.sort(key=lambda c: (c.spans[0], c.type, c.rule.id, c.key_extra))
    taken: set[uuid.UUID] = set()
    return [_to_event(ctx, c, taken) for c in candidates]


def derive(article: Article, catalog: Catalog) -> list[NewEvent]:
    """The negotiation events an article states, each with its evidence and derivation."""
    return derive_from_context(build_context(article, catalog))
