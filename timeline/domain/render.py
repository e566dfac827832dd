"""Rendering: the fold's filed facts, filtered to a world date, become a NegotiationState.

``as_of`` keeps the facts whose world date (``occurred``, else the day the article reported
it) starts on or before it; a fact known only to the month or year counts from the first
day of its period, and the state lists it in ``date_notes`` when ``as_of`` falls inside
that period.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Literal, TypeVar, cast
from uuid import UUID

from timeline.domain.consolidation import (
    MILESTONES,
    Consolidator,
    FactGroup,
    independent_count,
    sources_of,
    to_fact,
    world_date,
)
from timeline.domain.figures import build_figures
from timeline.domain.fold import AppliedFact, ArticleInfo, NegotiationFold
from timeline.domain.milestones import agreement as build_agreement
from timeline.domain.proposals import LIFECYCLE_TYPES, build_proposals
from timeline.domain.status import StatusInputs, decide
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
    trusted,
)

_Part = TypeVar("_Part")


def visible_facts(
    fold: NegotiationFold, as_of: date | None
) -> tuple[list[AppliedFact], list[DateNote]]:
    """The filed facts dated on or before ``as_of`` (all when None), in position order."""
    facts = sorted(fold.facts.values(), key=lambda f: f.position)
    if as_of is None:
        return facts, []
    kept: list[AppliedFact] = []
    notes: list[DateNote] = []
    for fact in facts:
        when = world_date(fact.event)
        first = when.first_day()
        if first > as_of:
            continue
        kept.append(fact)
        if when.precision != "day" and when.last_day() > as_of:
            notes.append(
                DateNote(
                    fact_id=f"f-{fact.event_id.hex[:10]}",
                    type=fact.event.type,
                    date=when,
                    counted_from=first,
                )
            )
    return kept, notes


class RenderMemo:
    """What rendering built for one fold, reused while its inputs are unchanged.

    Replaying renders the state after every event, and an event changes the reports of one
    type only. Reports of different types never merge (a group's key starts with the type),
    so consolidation runs per type, and goes on from where it was when the type's reports
    only grew at the end (consolidation is a left fold in position order); each part of the
    state is keyed by the generations of the types it is built from and by the fold's
    articles: an event recomputes its own type's groups and the parts built from them.

    Invariant: an entry is returned only when its key equals the current inputs' (the
    reports' ids per type; the very ArticleInfo objects, held by the key), so rendering with
    a memo gives what rendering without one gives. A memo serves one fold and one ``as_of``.
    """

    __slots__ = ("_generation", "_groups", "_parts", "field_parts")

    def __init__(self) -> None:
        self.field_parts: dict[str, object] = {}
        """State field -> the part it was built from in the last render: the same object
        in two renders means the same value."""
        self._generation = 0
        self._groups: dict[str, tuple[tuple[tuple[UUID, str | None], ...], int, Consolidator]] = {}
        self._parts: dict[str, tuple[tuple[object, ...], object]] = {}

    def groups(self, facts: Sequence[AppliedFact]) -> tuple[list[FactGroup], dict[str, int]]:
        """The facts consolidated (groups in order of their first report) and, per type,
        the generation of its groups."""
        by_type: dict[str, list[AppliedFact]] = {}
        for fact in facts:
            by_type.setdefault(fact.event.type, []).append(fact)
        generations: dict[str, int] = {}
        groups: list[FactGroup] = []
        for type_name, members in by_type.items():
            ids = tuple((member.event_id, member.confirmed_by) for member in members)
            cached = self._groups.get(type_name)
            if cached is None or cached[0] != ids:
                self._generation += 1
                if cached is not None and ids[: len(cached[0])] == cached[0]:
                    consolidator = cached[2]  # only later reports: go on folding
                    extra = members[len(cached[0]) :]
                else:
                    consolidator, extra = Consolidator(), members
                for member in extra:
                    consolidator.add(member)
                cached = (ids, self._generation, consolidator)
                self._groups[type_name] = cached
            generations[type_name] = cached[1]
            groups.extend(cached[2].groups)
        groups.sort(key=lambda group: group.first.position)
        return groups, generations

    def part(self, name: str, key: tuple[object, ...], build: Callable[[], _Part]) -> _Part:
        """``build()``, or what it returned last time for the same ``key``."""
        cached = self._parts.get(name)
        if cached is not None and cached[0] == key:
            return cast(_Part, cached[1])
        value = build()
        self._parts[name] = (key, value)
        return value


def render(
    fold: NegotiationFold, as_of: date | None = None, memo: RenderMemo | None = None
) -> NegotiationState:
    """The state of the fold's negotiation as of ``as_of``; pure, recomputed from the facts.

    ``memo`` (one per fold and ``as_of``) lets successive renders of a growing fold reuse
    the parts of the state whose reports did not change; the result is the same.
    """
    memo = memo or RenderMemo()
    facts, notes = visible_facts(fold, as_of)
    articles = fold.articles
    figure_facts = [f for f in facts if f.event.type == "trade_figure_reported"]
    groups, generations = memo.groups([f for f in facts if f.event.type != "trade_figure_reported"])
    by_type: dict[str, list[FactGroup]] = {}
    for group in groups:
        by_type.setdefault(group.event.type, []).append(group)
    sources_key = tuple(articles.values())

    def key(*types: str) -> tuple[object, ...]:
        return (*(generations.get(t, 0) for t in types), sources_key)

    def facts_of(*types: str) -> list[Fact]:
        out = [to_fact(g, articles) for t in types for g in by_type.get(t, [])]
        return sorted(out, key=_fact_order)

    lifecycle = memo.part(
        "proposals",
        key(*sorted(LIFECYCLE_TYPES)),
        lambda: build_proposals((g for g in groups if g.event.type in LIFECYCLE_TYPES), articles),
    )
    milestones = memo.part(
        "milestones", key(*sorted(MILESTONES)), lambda: facts_of(*sorted(MILESTONES))
    )
    held = memo.part(
        "held",
        key("meeting_held"),
        lambda: _meetings(by_type.get("meeting_held", []), articles, scheduled=False),
    )
    scheduled = memo.part(
        "scheduled",
        key("round_scheduled"),
        lambda: _meetings(
            [g for g in by_type.get("round_scheduled", []) if g.event.polarity == "positive"],
            articles,
            scheduled=True,
        ),
    )
    next_meeting = memo.part(
        "next_meeting",
        key("round_scheduled", "meeting_held"),
        lambda: _next_meeting(
            by_type.get("round_scheduled", []), by_type.get("meeting_held", []), articles
        ),
    )
    termination = memo.part(
        "termination",
        key("termination_clause_cited"),
        lambda: _termination(by_type.get("termination_clause_cited", []), articles),
    )
    stalls = memo.part("stalls", key("talks_stalled"), lambda: facts_of("talks_stalled"))
    threats = memo.part(
        "threats",
        key("withdrawal_threatened"),
        lambda: tuple(facts_of("withdrawal_threatened")),
    )
    positions = memo.part(
        "positions",
        key("position_stated"),
        lambda: _positions(by_type.get("position_stated", []), articles),
    )
    figures = memo.part(
        "figures",
        (tuple((f.event_id, f.confirmed_by) for f in figure_facts), sources_key),
        lambda: build_figures(figure_facts, articles),
    )
    agreement = memo.part(
        "agreement", key(*sorted(MILESTONES)), lambda: build_agreement(milestones)
    )
    reference = as_of
    if reference is None and facts:
        reference = max(world_date(f.event).first_day() for f in facts)
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
    for fact in facts:
        for side in (fact.event.actor, fact.event.target):
            if side:
                parties.update(side)
    state = NegotiationState(
        negotiation=fold.negotiation,
        as_of=as_of,
        applied_position=fold.applied_position,
        events_applied=fold.events_applied,
        parties=tuple(sorted(parties)),
        agreement=agreement,
        termination_clause=termination,
        withdrawal_threats=threats,
        proposals=lifecycle.proposals,
        unlinked_answers=tuple(lifecycle.unlinked),
        meetings_held=tuple(held),
        meetings_scheduled=tuple(scheduled),
        next_meeting=next_meeting,
        positions=positions,
        figures=figures,
        stalls=tuple(stalls),
        status=status,
        date_notes=tuple(notes),
        retracted=tuple(sorted(fold.retracted, key=lambda u: fold.retracted[u])),
        judgements=_judgements(fold),
    )
    memo.field_parts = {
        "agreement": agreement,
        "termination_clause": termination,
        "withdrawal_threats": threats,
        "proposals": lifecycle,
        "unlinked_answers": lifecycle,
        "meetings_held": held,
        "meetings_scheduled": scheduled,
        "next_meeting": next_meeting,
        "positions": positions,
        "figures": figures,
        "stalls": stalls,
    }
    return state


def _judgements(fold: NegotiationFold) -> dict[str, Judgement]:
    """Every judgement in force, in the order they were recorded."""
    out: dict[str, Judgement] = {}
    for event_id, filed in sorted(fold.judgements.items(), key=lambda item: item[1].position):
        out[str(event_id)] = trusted(
            Judgement,
            event_id=event_id,
            verdict=filed.verdict,
            analyst=filed.analyst,
            reason=filed.reason,
            judged_at=filed.recorded_at,
            position=filed.position,
            event_type=filed.event_type,
            article_id=filed.article_id,
            quote=filed.quote,
            retracted=event_id in fold.retracted,
        )
    return out


def _fact_order(fact: Fact) -> tuple[object, ...]:
    first = fact.sources[0]
    if fact.date is None:
        return (True, date.min, date.min, first.position)
    return (False, fact.date.first_day(), fact.date.last_day(), first.position)


def _group_day(group: FactGroup) -> date:
    return world_date(group.event).first_day()


def scheduled_date(group: FactGroup) -> WorldDate | None:
    """When a scheduled meeting is to be held: the first date its reports name."""
    return next((m.event.scheduled_for for m in group.members if m.event.scheduled_for), None)


def _meetings(
    groups: Sequence[FactGroup], articles: dict[str, ArticleInfo], *, scheduled: bool
) -> list[Meeting]:
    """Meetings held (dated when held) or scheduled (dated when they are to be held, with
    the day the schedule was stated), in the order they were held or stated."""
    out = []
    for group in sorted(groups, key=lambda g: (_group_day(g), g.first.position)):
        event = group.event
        location = next(
            (m.event.location for m in group.members if m.event.location),
            None,
        )
        sources = sources_of(group.members, articles)
        out.append(
            trusted(
                Meeting,
                fact_id=group.fact_id,
                date=scheduled_date(group) if scheduled else event.occurred,
                stated_on=world_date(event) if scheduled else None,
                location=location,
                subject=event.subject,
                parties=parties_code(event.actor),
                sources=sources,
                independent_sources=independent_count(sources),
            )
        )
    return out


def _next_meeting(
    schedules: Sequence[FactGroup], held: Sequence[FactGroup], articles: dict[str, ArticleInfo]
) -> NextMeeting:
    """The latest schedule statement decides, unless a meeting was held after it."""
    if not schedules:
        return NextMeeting()
    latest = max(schedules, key=lambda g: (_group_day(g), g.first.position))
    stated = world_date(latest.event)
    sources = sources_of(latest.members, articles)
    later = [g for g in held if _group_day(g) > stated.last_day()]
    if later:
        return NextMeeting(
            value=UNKNOWN,
            rule=f"a meeting was held on {later[-1].event.occurred} after the last statement "
            f"on the next meeting ({stated}); no later one is stated",
            stated_on=stated,
            sources=sources,
        )
    if latest.event.polarity == "negative":
        return NextMeeting(
            value=NONE_SCHEDULED,
            rule="the latest statement on the next meeting says no date is set",
            stated_on=stated,
            sources=sources,
        )
    when = scheduled_date(latest)
    if when is None:
        return NextMeeting(
            value=UNKNOWN,
            rule="a next meeting is announced without a date",
            stated_on=stated,
            sources=sources,
        )
    taken_place = [
        g
        for g in held
        if g.event.occurred is not None
        and g.event.occurred.compatible_with(when)
        and _group_day(g) >= stated.first_day()
    ]
    if taken_place:
        return NextMeeting(
            value=UNKNOWN,
            rule=f"the meeting scheduled for {when} was held; no later one is stated",
            stated_on=stated,
            sources=sources,
        )
    return NextMeeting(
        value=when,
        rule="the latest statement on the next meeting sets its date",
        stated_on=stated,
        sources=sources,
    )


def _termination(
    groups: Sequence[FactGroup], articles: dict[str, ArticleInfo]
) -> TerminationClause:
    """One clause from every report citing it; disagreeing reports become disputes."""
    members = [m for g in groups for m in g.members]
    if not members:
        return TerminationClause()
    members.sort(key=lambda m: m.position)
    sources = sources_of(members, articles)
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
        FieldDispute(
            field=name,
            values=tuple((value, sources_of(ms, articles)) for value, ms in values.items()),
        )
        for name, values in (("invocable_by", invocable_by), ("notice_days", notice_periods))
        if len(values) > 1
    )
    invocable = next(iter(invocable_by), UNKNOWN)
    notice_days: int | Literal["unknown"] = next(iter(notice_periods), UNKNOWN)
    if not invocations:
        return TerminationClause(
            invocable_by=invocable,
            notice_days=notice_days,
            invoked=False,
            notice_given_on=NOT_GIVEN,
            earliest_effective=NOT_INVOKED,
            sources=sources,
            disputes=disputes,
        )
    first = min(invocations, key=lambda m: (world_date(m.event).first_day(), m.position))
    when = world_date(first.event)
    effective: DateRange | Literal["unknown"] = UNKNOWN
    if isinstance(notice_days, int):
        try:
            period = timedelta(days=notice_days)
            effective = DateRange(
                earliest=when.first_day() + period, latest=when.last_day() + period
            )
        except OverflowError:  # beyond the calendar (year 9999): not a date anyone can use
            effective = UNKNOWN
    notice_sources = sources_of(invocations, articles)
    independent = independent_count(notice_sources)
    confidence = max(m.event.confidence for m in invocations)
    confirmed = any(m.confirmed_by for m in invocations)
    return TerminationClause(
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


def _positions(
    groups: Sequence[FactGroup], articles: dict[str, ArticleInfo]
) -> dict[str, tuple[Position, ...]]:
    by_party: dict[str, list[Position]] = {}
    for group in sorted(groups, key=lambda g: (_group_day(g), g.first.position)):
        event = group.event
        party = parties_code(event.actor) or "unattributed"
        sources = sources_of(group.members, articles)
        quotes = tuple(dict.fromkeys(s.quote for s in sources))
        by_party.setdefault(party, []).append(
            trusted(
                Position,
                fact_id=group.fact_id,
                party=party,
                date=event.occurred,
                subject=event.subject,
                quotes=quotes,
                sources=sources,
                independent_sources=independent_count(sources),
            )
        )
    return {party: tuple(items) for party, items in sorted(by_party.items())}
