"""The chronology of a negotiation: consolidated events in world-date order, with sources."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from pydantic import BaseModel, ConfigDict

from timeline.domain.consolidation import (
    FactGroup,
    article_ids,
    consolidate,
    independent_count,
    sources_of,
    world_date,
)
from timeline.domain.envelope import RecordedEvent
from timeline.domain.fold import ArticleInfo
from timeline.domain.render import scheduled_date, visible_facts
from timeline.domain.values import WorldDateField, parties_code
from timeline.domain.views import Source
from timeline.projections.negotiation import KnownAt, fold_negotiation


class ChronologyRow(BaseModel):
    """One world event and every article reporting it.

    Invariant: rows are ordered by ``sort_date`` then fact id (never store order); ``dated_by`` is
    ``world`` when an article dates the event, ``report`` when only the publication day does.
    A scheduled meeting (``round_scheduled`` naming a date) is dated when the meeting is to
    be held; ``stated_on`` is then the day the schedule was stated (None on other rows).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    fact_id: str
    date: WorldDateField
    precision: str
    dated_by: str
    sort_date: dt.date
    type: str
    actor: str | None
    target: str | None
    subject: str
    polarity: str
    modality: str
    sources: tuple[Source, ...]
    independent_sources: int
    merge_rules: tuple[str, ...]
    stated_on: WorldDateField | None = None


def chronology(
    events: Iterable[RecordedEvent],
    negotiation: str,
    *,
    as_of: dt.date | None = None,
    known_at: KnownAt | None = None,
    articles: Mapping[str, ArticleInfo] | None = None,
) -> list[ChronologyRow]:
    """Reports of one negotiation consolidated into world events, oldest first.

    Trade figures are listed one report per row (their differing values are disputes, shown
    by the state's ``figures``); every other type is merged by the consolidation rules.
    ``articles`` are the articles of other negotiations the events cite (see
    :class:`~timeline.projections.negotiation.History`).
    """
    fold = fold_negotiation(events, negotiation, known_at=known_at, articles=articles)
    facts, _ = visible_facts(fold, as_of)
    groups = consolidate(f for f in facts if f.event.type != "trade_figure_reported")
    groups += [FactGroup([f], set()) for f in facts if f.event.type == "trade_figure_reported"]
    rows = [_row(group, fold.articles) for group in groups]
    rows.sort(key=lambda row: (row.sort_date, row.fact_id))
    return rows


def set_aside_rows(
    events: Iterable[RecordedEvent],
    negotiation: str,
    *,
    as_of: dt.date | None = None,
    known_at: KnownAt | None = None,
    articles: Mapping[str, ArticleInfo] | None = None,
) -> list[ChronologyRow]:
    """The events an analyst's rejection sets aside (counted nowhere in the state), one row
    each, in the same order and with the same dates as :func:`chronology`: what a reader
    of the chronology should see struck out, beside the judgement
    (``NegotiationState.judgements``)."""
    fold = fold_negotiation(events, negotiation, known_at=known_at, articles=articles)
    facts = [
        fact
        for fact in fold.set_aside.values()
        if as_of is None or world_date(fact.event).first_day() <= as_of
    ]
    rows = [_row(FactGroup([fact], article_ids(fact)), fold.articles) for fact in facts]
    rows.sort(key=lambda row: (row.sort_date, row.fact_id))
    return rows


def _row(group: FactGroup, articles: dict[str, ArticleInfo]) -> ChronologyRow:
    event = group.event
    when = world_date(event)
    dated_by = "world" if event.occurred is not None else "report"
    stated_on = None
    meeting = scheduled_date(group) if event.type == "round_scheduled" else None
    if meeting is not None and event.polarity == "positive":
        when, stated_on, dated_by = meeting, when, "world"
    sources = sources_of(group.members, articles)
    return ChronologyRow(
        fact_id=group.fact_id,
        date=when,
        stated_on=stated_on,
        precision=when.precision,
        dated_by=dated_by,
        sort_date=when.first_day(),
        type=event.type,
        actor=parties_code(event.actor),
        target=parties_code(event.target),
        subject=event.subject,
        polarity=event.polarity,
        modality=event.modality,
        sources=sources,
        independent_sources=independent_count(sources),
        merge_rules=tuple(group.notes),
    )
