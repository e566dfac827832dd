"""Rendering: the fold's filed facts, filtered to a world date, become a NegotiationState.

``as_of`` keeps the facts whose world date (``occurred``, else the day the article reported
it) starts on or before it; a fact known only to the month or year counts from the first
day of its period, and the state lists it in ``date_notes`` when ``as_of`` falls inside
that period.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from operator import attrgetter
from typing import Literal, TypeVar

from timeline.domain.consolidation import (
    MILESTONES,
    Consolidator,
    FactGroup,
    Grouping,
    Sources,
    Viewer,
    fact_id_of,
    first_day_of,
    independent_count,
    inserted_in_order,
    merge_key,
    report_order,
    sources_in,
    to_fact,
    world_date,
)
from timeline.domain.figures import build_figures
from timeline.domain.fold import AppliedFact, ArticleInfo, NegotiationFold
from timeline.domain.milestones import agreement as build_agreement
from timeline.domain.proposals import LIFECYCLE_TYPES, build_proposals
from timeline.domain.status import StatusInputs, decide
from timeline.domain.subjects import WordsOf
from timeline.domain.support import grade
from timeline.domain.values import WorldDate, parties_code
from timeline.domain.views import (
    NONE_SCHEDULED,
    NOT_GIVEN,
    NOT_INVOKED,
    UNKNOWN,
    DateNote,
    DateRange,
    Fact,
    FieldDispute,
    Judgement,
    Meeting,
    NegotiationState,
    NextMeeting,
    Position,
    TerminationClause,
    fact_tiebreak,
    trusted,
    trusted_dict,
    trusted_state,
)

V = TypeVar("V")


def visible_facts(
    fold: NegotiationFold, as_of: date | None
) -> tuple[list[AppliedFact], list[DateNote]]:
    """The filed facts dated on or before ``as_of`` (all when None), in :func:`report_order`
    (not store order: the state is a function of the set of facts). A fold with a horizon
    on or before ``as_of`` filed none dated after it: only the notes are looked for."""
    order = fold.grouping.order if fold.grouping is not None else None
    if as_of is None:
        return in_report_order(list(fold.facts.values()), order), []
    kept: list[AppliedFact] = []
    straddling: list[AppliedFact] = []
    if fold.horizon is not None and fold.horizon <= as_of:
        kept = list(fold.facts.values())
        for fact in kept:
            occurred = fact.event.occurred
            if occurred is not None and occurred.day is None and occurred.last_day() > as_of:
                straddling.append(fact)
        return in_report_order(kept, order), _notes(straddling)
    for fact in fold.facts.values():  # filtered first: only the kept are sorted
        event = fact.event
        occurred = event.occurred
        if occurred is None:  # dated by its report: a day
            if event.reported_on <= as_of:
                kept.append(fact)
            continue
        if date(occurred.year, occurred.month or 1, occurred.day or 1) > as_of:
            continue
        kept.append(fact)
        if occurred.day is None and occurred.last_day() > as_of:
            straddling.append(fact)
    return in_report_order(kept, order), _notes(straddling)


def _notes(straddling: list[AppliedFact]) -> list[DateNote]:
    """The notes on facts whose period straddles ``as_of``, in :func:`report_order`."""
    straddling.sort(key=report_order)
    return [
        DateNote(
            fact_id=fact_id_of(fact),
            type=fact.event.type,
            date=fact.event.occurred,
            counted_from=first_day_of(fact.event),
        )
        for fact in straddling
    ]


def in_report_order(facts: list[AppliedFact], order: Mapping[int, int] | None) -> list[AppliedFact]:
    """``facts`` sorted by :func:`report_order`, given the ranks in it of some of them by
    store position (``order``, :class:`Grouping`): those are taken by rank (no key computed
    when they come in rank order, as a snapshot restores them), the others sorted and each
    put in place by bisection (a few keys each); many others: everything sorted."""
    if not order:
        facts.sort(key=report_order)
        return facts
    known: list[AppliedFact] = []
    other: list[AppliedFact] = []
    rank_of = order.get
    last = -1
    ranked = True
    for fact in facts:
        rank = rank_of(fact.position)
        if rank is None:
            other.append(fact)
            continue
        if rank < last:
            ranked = False
        last = rank
        known.append(fact)
    if len(other) * 8 > len(facts):
        facts.sort(key=report_order)
        return facts
    if not ranked:
        known.sort(key=lambda fact: order[fact.position])
    if not other:
        return known
    return inserted_in_order(known, other, report_order)


def groups_by_type(
    facts: Sequence[AppliedFact], words: WordsOf | None = None, grouping: Grouping | None = None
) -> dict[str, list[FactGroup]]:
    """The facts (in :func:`report_order`) consolidated per type (reports of different types
    never merge: a group's key starts with its type), each type's groups in order of their
    first report; with a ``grouping``, the reports it knows are filed as it says while they
    follow it (see :class:`Grouping`)."""
    consolidators: dict[str, Consolidator] = {}
    if grouping is None:
        for fact in facts:
            consolidator = consolidators.get(fact.event.type)
            if consolidator is None:
                consolidator = consolidators[fact.event.type] = Consolidator(words, log=False)
            consolidator.add(fact)
        return {name: consolidator.groups for name, consolidator in consolidators.items()}
    rank_of, key_of, rows = grouping.order.get, grouping.key_of, grouping.rows
    joins, notes, keys = grouping.joins, grouping.notes, grouping.keys
    following = [0] * len(joins)
    """Per key, the place in its sequence of the next report that follows it (-1: no
    longer followed)."""
    noted = [0] * len(joins)
    """Per key, how many of its notes the reports that followed it took."""
    made: list[list[tuple[int, FactGroup]]] = [[] for _ in joins]
    """Per key, the groups joined so far with their places in their type's groups."""
    get_consolidator = consolidators.get
    for fact in facts:
        event = fact.event
        consolidator = get_consolidator(event.type)
        if consolidator is None:
            consolidator = consolidators[event.type] = Consolidator(words, log=False)
        rank = rank_of(fact.position)
        key = key_of[rank] if rank is not None else -1
        if key < 0:  # a report the grouping does not number: looked up by its merge key
            key, rank = keys.get(merge_key(event), -1), None
        if key >= 0 and following[key] >= 0:
            place = following[key]
            sequence = rows[key]
            if rank is not None and place < len(sequence) and sequence[place] == rank:
                following[key] = place + 1
                joined = joins[key][place]
                if joined == 0:
                    made[key].append(
                        (len(consolidator.groups), consolidator.join(fact, None, None))
                    )
                else:
                    note = notes[key][noted[key]]
                    noted[key] += 1
                    consolidator.join(fact, made[key][joined - 1][1], note)
                continue
            following[key] = -1  # the first report that differs: consolidated from here on
            consolidator.adopt(made[key])
        consolidator.add(fact)
    return {name: consolidator.groups for name, consolidator in consolidators.items()}


@dataclass(frozen=True, slots=True)
class Consolidated:
    """What rendering computes first: the facts visible ``as_of`` (in :func:`report_order`),
    the notes on their dates, and their consolidation per type (trade figures aside). A
    fold snapshot of the same fold (``as_of`` None) keeps that grouping
    (:mod:`timeline.projections.snapshots`): given it, it is not consolidated twice."""

    as_of: date | None
    facts: list[AppliedFact]
    notes: list[DateNote]
    by_type: dict[str, list[FactGroup]]


def consolidated(fold: NegotiationFold, as_of: date | None = None) -> Consolidated:
    """The first step of :func:`render` (see :class:`Consolidated`)."""
    facts, notes = visible_facts(fold, as_of)
    by_type = groups_by_type(
        [f for f in facts if f.event.type != "trade_figure_reported"], fold.words, fold.grouping
    )
    return Consolidated(as_of, facts, notes, by_type)


def render(
    fold: NegotiationFold, as_of: date | None = None, parts: Consolidated | None = None
) -> NegotiationState:
    """The state of the fold's negotiation as of ``as_of``; pure, recomputed from the facts
    (from ``parts``, :func:`consolidated` of this fold and ``as_of``, when given)."""
    if parts is None or parts.as_of != as_of:
        parts = consolidated(fold, as_of)
    facts, notes, by_type = parts.facts, parts.notes, parts.by_type
    articles = fold.articles
    sources: Sources = partial(sources_in, articles)
    view: Viewer = partial(_made, articles, sources)
    if fold.sources is not None:  # the sources and views of reports kept from an earlier fold
        sources = fold.sources.bind(articles)
        view = fold.sources.viewer(articles, sources)
    figure_facts = [f for f in facts if f.event.type == "trade_figure_reported"]
    lifecycle = build_proposals(
        (g for t in LIFECYCLE_TYPES for g in by_type.get(t, ())),
        articles,
        fold.words,
        fold.lifecycle,
        sources,
        view,
    )
    milestones = milestone_facts(by_type, articles, sources, view)
    held = [view(meeting_view, g) for g in in_date_order(by_type.get("meeting_held", ()))]
    scheduled = [
        view(meeting_view, g)
        for g in in_date_order(by_type.get("round_scheduled", ()))
        if g.event.polarity == "positive"
    ]
    next_meeting = next_meeting_of(
        by_type.get("round_scheduled", []), by_type.get("meeting_held", []), articles, sources
    )
    termination = termination_of(by_type.get("termination_clause_cited", []), articles, sources)
    stalls = sorted(
        (view(to_fact, g) for g in by_type.get("talks_stalled", ())),
        key=fact_order,
    )
    threats = tuple(
        sorted(
            (view(to_fact, g) for g in by_type.get("withdrawal_threatened", ())),
            key=fact_order,
        )
    )
    positions = positions_by_party(
        view(position_view, g) for g in in_date_order(by_type.get("position_stated", ()))
    )
    figures = build_figures(figure_facts, articles, sources)
    agreement = build_agreement(milestones)
    reference = as_of
    if reference is None and facts:
        reference = max(first_day_of(f.event) for f in facts)
    status = decide(
        StatusInputs(
            reference_date=reference,
            milestones=milestones,
            proposals=list(lifecycle.proposals.values()),
            meetings_held=held,
            meetings_scheduled=scheduled,
            stalls=stalls,
            next_meeting=next_meeting,
            termination=termination,
        )
    )
    parties: set[str] = set()
    events = list(map(_event_of, facts))  # read in C: a large state has 50,000 reports
    for side in set(map(_actor_of, events)) | set(map(_target_of, events)):
        if side:  # each distinct party tuple once (reports repeat a few thousand-fold)
            parties.update(side)
    return trusted_state(  # every field, in order (a test checks); the views' own values
        {
            "negotiation": fold.negotiation,
            "as_of": as_of,
            "applied_position": fold.applied_position,
            "events_applied": fold.events_applied,
            "parties": tuple(sorted(parties)),
            "agreement": agreement,
            "termination_clause": termination,
            "withdrawal_threats": threats,
            "proposals": lifecycle.proposals,
            "unlinked_answers": tuple(lifecycle.unlinked),
            "meetings_held": tuple(held),
            "meetings_scheduled": tuple(scheduled),
            "next_meeting": next_meeting,
            "positions": positions,
            "figures": figures,
            "stalls": tuple(stalls),
            "status": status,
            "date_notes": tuple(notes),
            "retracted": tuple(sorted(fold.retracted, key=lambda u: fold.retracted[u])),
            "judgements": _judgements(fold),
        }
    )


_event_of = attrgetter("event")
_actor_of = attrgetter("actor")
_target_of = attrgetter("target")


def _made(
    articles: dict[str, ArticleInfo],
    sources: Sources,
    make: Callable[[FactGroup, dict[str, ArticleInfo], Sources], V],
    group: FactGroup,
) -> V:
    """A group's view made afresh (a :class:`Viewer` that remembers nothing)."""
    return make(group, articles, sources)


def _judgements(fold: NegotiationFold) -> dict[str, Judgement]:
    """Every judgement in force, in the order they were recorded."""
    out: dict[str, Judgement] = {}
    for event_id, filed in sorted(fold.judgements.items(), key=lambda item: item[1].position):
        out[str(event_id)] = filed.view(event_id, retracted=event_id in fold.retracted)
    return out


def milestone_facts(
    by_type: Mapping[str, Sequence[FactGroup]],
    articles: dict[str, ArticleInfo],
    sources_for: Sources | None = None,
    view: Viewer | None = None,
) -> list[Fact]:
    """The agreement milestones' facts, in date then position order (each group's
    :func:`to_fact` through ``view`` when given, see :meth:`ReportSources.viewer`)."""
    groups = [g for t in sorted(MILESTONES) for g in by_type.get(t, ())]
    if view is not None:
        out = [view(to_fact, g) for g in groups]
    else:
        out = [to_fact(g, articles, sources_for) for g in groups]
    return sorted(out, key=fact_order)


def fact_order(fact: Fact) -> tuple[object, ...]:
    """Undated facts first, then by world date, then fact id (never store order)."""
    if fact.date is None:
        return (True, date.min, date.min, fact_tiebreak(fact))
    return (False, fact.date.first_day(), fact.date.last_day(), fact_tiebreak(fact))


def _group_day(group: FactGroup) -> date:
    """:func:`first_day_of` the group's first report (a sort key of every group of a type:
    the report read directly, not through the ``FactGroup.event`` property)."""
    return first_day_of(group.members[0].event)


def in_date_order(groups: Sequence[FactGroup]) -> list[FactGroup]:
    """One type's groups by the world date of their first report, then its
    :func:`report_order`: ``groups`` as consolidation made them (in report order of their
    first reports, :func:`groups_by_type`), so their place stands for that order."""
    return sorted(groups, key=_group_day)  # a stable sort: a day's groups keep their places


def scheduled_date(group: FactGroup) -> WorldDate | None:
    """When a scheduled meeting is to be held: the first date its reports name."""
    return next((m.event.scheduled_for for m in group.members if m.event.scheduled_for), None)


def meeting_view(
    group: FactGroup, articles: dict[str, ArticleInfo], sources_for: Sources | None = None
) -> Meeting:
    """The meeting a group of ``meeting_held`` or ``round_scheduled`` reports states: held,
    dated when held; scheduled, dated when it is to be held, with the day the schedule was
    stated."""
    event = group.event
    scheduled = event.type == "round_scheduled"
    location = next((m.event.location for m in group.members if m.event.location), None)
    sources = (sources_for or partial(sources_in, articles))(group.members)
    return trusted_dict(  # every field of a Meeting, in order (a test checks)
        Meeting,
        {
            "fact_id": group.fact_id,
            "date": scheduled_date(group) if scheduled else event.occurred,
            "stated_on": world_date(event) if scheduled else None,
            "location": location,
            "subject": event.subject,
            "parties": parties_code(event.actor),
            "sources": sources,
            "independent_sources": independent_count(sources),
        },
    )


def next_meeting_of(
    schedules: Sequence[FactGroup],
    held: Sequence[FactGroup],
    articles: dict[str, ArticleInfo],
    sources_for: Sources | None = None,
) -> NextMeeting:
    """The latest schedule statement decides, unless a meeting was held after it."""
    if not schedules:
        return NextMeeting()
    latest = max(schedules, key=schedule_order)
    since = first_day_of(latest.event)
    held_since = [g for g in held if _group_day(g) >= since]
    return next_meeting_after(latest, held_since, articles, sources_for)


def schedule_order(group: FactGroup) -> tuple[date, tuple[object, ...]]:
    """Schedule statements by the day they were stated, then :func:`report_order` (never
    store order): the last decides."""
    return (_group_day(group), report_order(group.first))


def next_meeting_after(
    latest: FactGroup,
    held_since: Sequence[FactGroup],
    articles: dict[str, ArticleInfo],
    sources_for: Sources | None = None,
) -> NextMeeting:
    """The next meeting from the latest schedule statement and the meetings held on or after
    the first day it was stated (in the order they were first reported).

    Its fields are the fold's own values (a date, the reports' sources), so the view is
    built without validating them again (:func:`trusted`): a replay decides the next meeting
    again at every meeting or schedule made, and validation would go through every source of
    the statement each time."""
    stated = world_date(latest.event)
    sources = (sources_for or partial(sources_in, articles))(latest.members)
    value, rule = _next_meeting_value(latest, held_since, stated)
    return trusted(NextMeeting, value=value, rule=rule, stated_on=stated, sources=sources)


def _next_meeting_value(
    latest: FactGroup, held_since: Sequence[FactGroup], stated: WorldDate
) -> tuple[WorldDate | str, str]:
    """:func:`next_meeting_after`'s value and the rule that chose it."""
    later = [g for g in held_since if _group_day(g) > stated.last_day()]
    if later:
        last = max(later, key=lambda g: (_group_day(g), report_order(g.first)))
        return (
            UNKNOWN,
            f"a meeting was held on {last.event.occurred} after the last statement "
            f"on the next meeting ({stated}); no later one is stated",
        )
    if latest.event.polarity == "negative":
        return NONE_SCHEDULED, "the latest statement on the next meeting says no date is set"
    when = scheduled_date(latest)
    if when is None:
        return UNKNOWN, "a next meeting is announced without a date"
    taken_place = [
        g
        for g in held_since
        if g.event.occurred is not None
        and g.event.occurred.compatible_with(when)
        and _group_day(g) >= stated.first_day()
    ]
    if taken_place:
        return UNKNOWN, f"the meeting scheduled for {when} was held; no later one is stated"
    return when, "the latest statement on the next meeting sets its date"


def termination_of(
    groups: Sequence[FactGroup],
    articles: dict[str, ArticleInfo],
    sources_for: Sources | None = None,
) -> TerminationClause:
    """One clause from every report citing it; disagreeing reports become disputes."""
    members = [m for g in groups for m in g.members]
    if not members:  # the fold's own values below: built without validating them (trusted)
        return trusted(TerminationClause)
    members.sort(key=report_order)
    sources_of_ = sources_for or partial(sources_in, articles)
    sources = sources_of_(members)
    invocable_by: dict[str, list[AppliedFact]] = {}
    notice_periods: dict[int, list[AppliedFact]] = {}
    invocations: list[AppliedFact] = []
    for member in members:
        event = member.event
        if event.invocable_by is not None:
            invocable_by.setdefault(event.invocable_by, []).append(member)
        if event.notice_days is not None:
            notice_periods.setdefault(event.notice_days, []).append(member)
        if event.invoked and event.modality == "asserted":
            invocations.append(member)
    disputes = tuple(
        trusted(
            FieldDispute,
            field=name,
            values=tuple((value, sources_of_(ms)) for value, ms in values.items()),
        )
        for name, values in (("invocable_by", invocable_by), ("notice_days", notice_periods))
        if len(values) > 1
    )
    invocable = next(iter(invocable_by), UNKNOWN)
    notice_days: int | Literal["unknown"] = next(iter(notice_periods), UNKNOWN)
    if not invocations:
        return trusted(
            TerminationClause,
            invocable_by=invocable,
            notice_days=notice_days,
            invoked=False,
            notice_given_on=NOT_GIVEN,
            earliest_effective=NOT_INVOKED,
            sources=sources,
            disputes=disputes,
        )
    first = min(invocations, key=lambda m: (first_day_of(m.event), report_order(m)))
    when = world_date(first.event)
    effective: DateRange | Literal["unknown"] = UNKNOWN
    if isinstance(notice_days, int):
        try:
            period = timedelta(days=notice_days)
            effective = trusted(
                DateRange, earliest=when.first_day() + period, latest=when.last_day() + period
            )
        except OverflowError:  # beyond the calendar (year 9999): not a date anyone can use
            effective = UNKNOWN
    notice_sources = sources_of_(invocations)
    independent = independent_count(notice_sources)
    confidence = max(m.event.confidence for m in invocations)
    confirmed = any(m.confirmed_by for m in invocations)
    return trusted(
        TerminationClause,
        invocable_by=invocable,
        notice_days=notice_days,
        invoked=True,
        notice_given_on=when,
        earliest_effective=effective,
        notice_support=grade(independent, confidence, confirmed=confirmed),
        notice_confidence=confidence,
        notice_independent_sources=independent,
        notice_sources=notice_sources,
        sources=sources,
        disputes=disputes,
    )


def position_view(
    group: FactGroup, articles: dict[str, ArticleInfo], sources_for: Sources | None = None
) -> Position:
    """The position a group of ``position_stated`` reports states."""
    event = group.event
    party = parties_code(event.actor) or "unattributed"
    sources = (sources_for or partial(sources_in, articles))(group.members)
    return trusted_dict(  # every field of a Position, in order (a test checks)
        Position,
        {
            "fact_id": group.fact_id,
            "party": party,
            "date": event.occurred,
            "subject": event.subject,
            "quotes": (
                (sources[0].quote,)  # one source, most positions'
                if len(sources) == 1
                else tuple(dict.fromkeys(s.quote for s in sources))
            ),
            "sources": sources,
            "independent_sources": independent_count(sources),
        },
    )


def positions_by_party(positions: Iterable[Position]) -> dict[str, tuple[Position, ...]]:
    """Positions (given in date order) by party, parties sorted."""
    by_party: dict[str, list[Position]] = {}
    for position in positions:
        by_party.setdefault(position.party, []).append(position)
    return {party: tuple(items) for party, items in sorted(by_party.items())}
