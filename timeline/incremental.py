"""Incremental rendering: a negotiation's state, flattened, kept up to date event by event.

Replay shows what every event changed in the state. Rendering and flattening the whole
state after each event costs what the negotiation holds, so replaying it is quadratic.
:class:`LiveRender` keeps instead, next to the fold, each part of the state in a structure
that an event changes in proportion to what it changes:

- the facts consolidated per merge key and, within it, per day (consolidation is a left
  fold in :func:`~timeline.domain.consolidation.report_order`, and a day-dated report meets
  only the groups of its day: see :meth:`LiveRender._fold_key`); a fact that comes before
  some already folded rewinds its day's consolidation to its place (see
  :class:`~timeline.domain.consolidation.Consolidator`); each report's sources
  built once (:class:`_FactSources`), so a group's are its reports' put together;
- trade figures per measure and period (:class:`_FigureBucket`): a report joins one value
  of one figure or makes a new one at its place among the values, and only that value's
  paths, those of the values whose index moved and the figure's status are written again;
- the proposal lifecycle folded in lifecycle order (:class:`_LiveLifecycle`): a new group
  rewinds it to its place; a report joining a group rewinds it only to the first step that
  now reads its quotes otherwise (an answer's step, when its quote overlaps one of the
  other side in the same article and the same-sentence link it finds among the same
  candidates changes: :meth:`~timeline.domain.proposals.LifecycleFold.reads_alike`), or to
  the group when an answer names that report;
- the meetings held by day and the latest schedule statement: the next meeting reads the
  meetings held since that statement only, and is decided again only when a meeting or
  schedule group was made or dropped or the latest statement changed (a report joining a
  meeting leaves its first report, all the next meeting reads of it);
- the agreement's milestones with their sources counted (the articles kept sorted); its date
  disputes clustered again only from the cluster before the first fact of their type that
  moved to the first cluster after the last that starts as before (:func:`_reclustered`),
  and only the paths of the facts that moved, joined a dispute or left one written;
- the talks activity after the latest milestone, so the status is decided again only when
  what it reads changed;
- the state flattened into ``path -> value`` pairs (:func:`flatten_view`, straight from the
  views: source lists summarised, never dumped), owned by *elements*: a meeting, a
  position, a stall, a figure value, a proposal, or a whole part such as the status.

The changes are the paths whose value differs from the last call of
:meth:`LiveRender.take_changes`: only the paths written since are compared.

What it does not follow incrementally it recomputes from the fold (a *resync*): an
analyst's judgement (a rejection sets a fact aside, a confirmation grades its group), the
retraction of a judged event (its judgement then says so), an event filed twice, and
elements whose names collide (two facts sharing a fact id: the flattened state then keeps
the last, in the order only a full render gives). A retraction rewinds its type's
consolidation to the report before it and goes on without it (consolidation is not a
right fold: removing a report may regroup later ones); a trade figure's report leaves
its value (the bucket is rebuilt when the pairs it names change).

Positions, threats and the termination clause nobody invoked are written from their
reports without building their views (what their sources count is kept as reports join:
:class:`_Counted`, :class:`_Clause`); the other parts flatten their views.

Invariant: after every event, ``flat`` equals ``flatten(render(fold, as_of))``; the tests
check it against the full render on real and generated stores.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel
from pydantic_core import to_jsonable_python

from timeline.domain.consolidation import (
    Consolidator,
    FactGroup,
    Sources,
    first_day_of,
    merge_key,
    report_order,
    sources_of,
    to_fact,
    world_date,
)
from timeline.domain.envelope import RecordedEvent
from timeline.domain.events import (
    ArticleIngested,
    ArticleRederived,
    EventJudged,
    EventRetracted,
    NegotiationEvent,
)
from timeline.domain.figures import (
    FigureReport,
    ValueKey,
    figure_key,
    figure_report,
    figure_status,
    value_key,
)
from timeline.domain.fold import AppliedFact, ArticleInfo, NegotiationFold, Report
from timeline.domain.milestones import (
    DISPUTED_TYPES,
    ClusterEdge,
    disputable,
    dispute_parties,
)
from timeline.domain.proposals import (
    IMPLYING_TYPES,
    LIFECYCLE_TYPES,
    PROPOSAL_TYPES,
    EventNames,
    LifecycleFold,
    implying_answer,
    lifecycle_order,
    may_be_implied,
    proposal_view,
)
from timeline.domain.render import (
    meeting_view,
    next_meeting_after,
    position_view,
    render,
    schedule_order,
    termination_of,
    visible_facts,
)
from timeline.domain.status import (
    Activity,
    MilestonePhase,
    after,
    decide_from,
    phase_of,
)
from timeline.domain.subjects import WordsOf
from timeline.domain.support import counts, grade
from timeline.domain.values import WorldDate, parties_code
from timeline.domain.views import (
    NONE_SCHEDULED,
    NOT_GIVEN,
    NOT_INVOKED,
    UNKNOWN,
    DateNote,
    Fact,
    NegotiationState,
    NextMeeting,
    Proposal,
    Source,
    TerminationClause,
    fact_tiebreak,
    trusted_dict,
)

JsonValue = Any
"""A JSON-compatible value (what ``model_dump(mode="json")`` yields)."""

SOURCE_KEYS = frozenset({"sources", "answer_sources", "notice_sources"})
"""Source lists are summarised in the flattened state (how many, which articles)."""
SKIP_KEYS = frozenset({"applied_position", "events_applied"})
"""Counters every event moves: not state changes."""

FIGURES = "trade_figure_reported"
MILESTONE_TYPES = frozenset(
    {"agreement_reached", "agreement_signed", "agreement_ratified", "agreement_in_force"}
)
GROUP_FIELDS = {
    "position_stated": "positions",
    "meeting_held": "meetings_held",
    "round_scheduled": "meetings_scheduled",
    "talks_stalled": "stalls",
    "withdrawal_threatened": "withdrawal_threats",
}
"""Types whose every group is one element of a state field."""


def element_name(item: Mapping[str, JsonValue], index: int) -> str:
    """The name a list element takes in a flattened path."""
    return str(
        item.get("key") or item.get("fact_id") or item.get("id") or item.get("field") or str(index)
    )


def flatten(value: JsonValue, path: str, out: dict[str, JsonValue]) -> None:
    """Add ``value`` (a JSON dump) to ``out`` as ``path -> scalar`` pairs: dicts by key,
    lists of objects by each element's name, source lists summarised (also those of
    disputed values: ``[value, sources]`` pairs, by value), other lists joined."""
    if isinstance(value, dict):
        if not value and path:
            return
        for key, item in value.items():
            if key in SKIP_KEYS:
                continue
            child = f"{path}.{key}" if path else str(key)
            if key in SOURCE_KEYS and isinstance(item, list):
                if item:
                    articles = sorted({s["article_id"] for s in item})
                    out[child] = f"{len(item)} source(s): {', '.join(articles)}"
                continue
            flatten(item, child, out)
    elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        for index, item in enumerate(value):
            flatten(item, f"{path}.{element_name(item, index)}", out)
    elif isinstance(value, list) and value and all(_sourced_value(v) for v in value):
        for item, sources in value:
            out[f"{path}.{item}"] = f"{len(sources)} source(s): " + ", ".join(
                sorted({s["article_id"] for s in sources})
            )
    elif isinstance(value, list):
        if value:
            out[path] = ", ".join(str(v) for v in value)
    else:
        out[path] = value


def _sourced_value(value: object) -> bool:
    """True for a ``[value, [source, ...]]`` pair (a disputed value and who gives it)."""
    return (
        isinstance(value, list | tuple)
        and len(value) == 2
        and isinstance(value[1], list | tuple)
        and bool(value[1])
        and all(isinstance(s, dict | Source) for s in value[1])
    )


def source_summary(sources: Iterable[Any]) -> str:
    """How a source list reads in the flattened state: how many, and which articles."""
    items = sources if type(sources) is tuple else list(sources)
    return _summary_text(len(items), sorted({s.article_id for s in items}))


def _summary_text(count: int, articles: Iterable[str]) -> str:
    """A source list's summary from its length and its articles, sorted."""
    return f"{count} source(s): {', '.join(articles)}"


def _json_scalar(value: JsonValue) -> JsonValue:
    """A leaf value as ``model_dump(mode="json")`` gives it."""
    kind = type(value)
    if value is None or kind is str or kind is int or kind is float or kind is bool:
        return value
    if isinstance(value, WorldDate):
        return str(value)
    if isinstance(value, datetime):
        return to_jsonable_python(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    return to_jsonable_python(value)


def _is_object(value: object) -> bool:
    return isinstance(value, dict) or (
        isinstance(value, BaseModel) and not isinstance(value, WorldDate)
    )


def _object_name(item: Any, index: int) -> str:
    fields = item if isinstance(item, dict) else item.__dict__
    return str(
        fields.get("key")
        or fields.get("fact_id")
        or fields.get("id")
        or fields.get("field")
        or str(index)
    )


def flatten_view(value: Any, path: str, out: dict[str, JsonValue]) -> None:
    """What ``flatten(value.model_dump(mode="json"), path, out)`` gives, read from the
    views themselves: source lists are summarised without being dumped."""
    if isinstance(value, BaseModel) and not isinstance(value, WorldDate):
        items = value.__dict__
    elif isinstance(value, dict):
        if not value and path:
            return
        items = value
    elif isinstance(value, tuple | list):
        if not value:
            return
        if all(_is_object(v) for v in value):
            for index, item in enumerate(value):
                flatten_view(item, f"{path}.{_object_name(item, index)}", out)
        elif all(_sourced_value(v) for v in value):
            for item, sources in value:
                out[f"{path}.{_json_scalar(item)}"] = source_summary(sources)
        else:
            out[path] = ", ".join(str(_json_scalar(v)) for v in value)
        return
    else:
        out[path] = _json_scalar(value)
        return
    prefix = f"{path}." if path else ""
    skip = SKIP_KEYS
    for key, item in items.items():
        if key in skip:
            continue
        kind = type(item)
        if kind is str or item is None or kind is int or kind is float or kind is bool:
            out[f"{prefix}{key}"] = item  # a plain leaf, the common case
            continue
        child = f"{prefix}{key}"
        if kind is tuple or kind is list:
            if not item:
                continue
            if key in SOURCE_KEYS:
                out[child] = source_summary(item)
                continue
            if all(type(v) is str for v in item):  # a list of words: joined
                out[child] = ", ".join(item)
                continue
        elif kind is WorldDate:
            out[child] = str(item)  # as _json_scalar writes it
            continue
        elif key in SOURCE_KEYS and isinstance(item, tuple | list):
            if item:
                out[child] = source_summary(item)
            continue
        flatten_view(item, child, out)


def flat(state: NegotiationState) -> dict[str, JsonValue]:
    """The state as ``path -> value`` pairs (source lists summarised), for diffs."""
    out: dict[str, JsonValue] = {}
    flatten(state.model_dump(mode="json"), "", out)
    return out


Change = tuple[str, JsonValue, JsonValue]
"""A changed path, its value before and after (None when absent)."""


class _Collision(Exception):
    """Two elements of one field flatten under the same name."""


class LiveRender:
    """One negotiation's fold with its state kept flattened, element by element.

    Invariant: ``flat`` is the flattened render of ``fold`` as of ``as_of``; ``_elements``
    maps every element (field, name) to its owner and the paths it wrote, and every path of
    ``flat`` but the scalars is written by exactly one element.
    """

    def __init__(
        self,
        negotiation: str,
        *,
        as_of: date | None = None,
        articles: Mapping[str, ArticleInfo] | None = None,
    ) -> None:
        self.fold = NegotiationFold(negotiation, dict(articles or {}))
        self.as_of = as_of
        self.flat: dict[str, JsonValue] = {}
        self._pending: dict[str, JsonValue] = {}
        self._report_orders = _ReportOrders()
        self._collided = False
        self.seen = 0
        """Events given to :meth:`apply` so far."""
        self._resync()
        self._pending.clear()

    # -- applying events ----------------------------------------------------------

    def apply(self, recorded: RecordedEvent) -> bool:
        """File one event; True when it concerns the negotiation (a replay step).

        Events of other negotiations may still change the state (an article cited by its
        evidence): their changes are reported with the next step's.
        """
        fold = self.fold
        envelope = recorded.__dict__  # read once (a model's attributes cost more to read)
        event = envelope["event"]
        self.seen += 1
        if not isinstance(event, NegotiationEvent):  # most are: the others are told apart here
            if isinstance(event, ArticleIngested | ArticleRederived):
                # copies of one text share an origin: filing one may change the others'
                sha256 = getattr(event, "sha256", None)
                copies = fold.copies.get(sha256, set()) if sha256 is not None else set()
                before = {a: fold.articles.get(a) for a in {event.article_id, *copies}}
                mine = fold.apply(recorded)
                after = fold.copies.get(sha256, set()) if sha256 is not None else set()
                changed = [
                    a
                    for a in sorted({event.article_id, *after})
                    if fold.articles.get(a) != before.get(a)
                ]
                if changed:
                    self._article_changed(changed)
                return mine
            if isinstance(event, EventJudged):
                # a judgement sets a fact aside or files it again, and grades its group: rare
                # enough to render in full
                mine = fold.apply(recorded)
                if mine:
                    self._resync()
                return mine
            if isinstance(event, EventRetracted):
                target = fold.facts.get(event.retracted_event_id)
                mine = fold.apply(recorded)
                if not mine:
                    return mine
                if self._collided or event.retracted_event_id in fold.judgements:
                    self._resync()
                    return mine
                try:
                    if target is not None and self._visible(target):
                        self._unfile(target)
                    retracted = fold.retracted
                    order = sorted(retracted, key=retracted.__getitem__)
                    names = self._retracted_names  # each id's str() once, not per retraction
                    self._set("retracted", ", ".join(map(names, order)) if order else None)
                    self._refresh()
                except _Collision:
                    self._collided = True
                    self._resync()
                return mine
        event_id = envelope["event_id"]
        seen = event_id in fold.facts
        mine = fold.apply(recorded)
        fact = fold.facts.get(event_id)
        if not mine or fact is None or not self._visible(fact):
            return mine
        if seen or self._collided:
            self._resync()
            return mine
        try:
            self._file(fact)
            self._refresh()
        except _Collision:
            self._collided = True
            self._resync()
        return mine

    @property
    def incremental(self) -> bool:
        """False once two elements collided (fact ids sharing their prefix): every later
        event is then rendered in full."""
        return not self._collided

    def take_changes(self) -> list[Change]:
        """The paths changed since the last call, sorted, with their value before and after."""
        flat = self.flat
        changes = [
            (path, before, after)
            for path, before in self._pending.items()
            if before != (after := flat.get(path))
        ]
        self._pending.clear()
        changes.sort()  # by path: paths are unique, so the values are never compared
        return changes

    def state(self) -> NegotiationState:
        """The state of everything applied so far, rendered in full."""
        return render(self.fold, self.as_of)

    # -- the parts ------------------------------------------------------------------

    def _reset(self) -> None:
        self._milestone_articles: Counter[str] = Counter()
        self._milestone_sources = 0
        self._milestone_sorted: list[str] = []
        """The articles of ``_milestone_articles``, sorted."""
        self._disputes: dict[str, dict[str, JsonValue]] = {}
        """Each disputed type's flattened disputes (see :meth:`_redispute`)."""
        self._disputable: dict[str, list[_Dated]] = {}
        """Each disputed type's :func:`disputable` facts in :func:`date_order`."""
        self._clusters: dict[str, list[list[_Dated]]] = {}
        """Each disputed type's ``_disputable`` facts cut into the clusters of
        :func:`~timeline.domain.milestones.clusters_of`, those of one date included."""
        self._cluster_paths: dict[str, list[dict[_Dated, DatedPaths] | None]] = {}
        """Each cluster's facts' dated paths (None: one date, not a dispute), as ``_clusters``."""
        self._dispute_ids: dict[str, Counter[str]] = {}
        """How many disputed facts of each type have each fact id."""
        self._shared_ids: dict[str, int] = {}
        """How many fact ids ``_dispute_ids`` counts more than once, by type: their paths
        are the last's in cluster order, so the type's disputes are then written whole."""
        self._moved: dict[str, list[_Dated]] = {}
        """The disputable facts filed or unfiled since the disputes were written, by type."""
        self._held: list[tuple[date, int, FactGroup]] = []
        """The meetings held, by day, then in the order they were first reported."""
        self._serials: dict[int, int] = {}
        self._serial = 0
        self._next_meeting = NextMeeting()
        self._schedule: FactGroup | None = None
        """The latest schedule statement (:func:`schedule_order`)."""
        self._meetings_moved = True
        """Whether a meeting or schedule group was made or dropped since the next meeting
        was decided: it reads the latest schedule's reports, and of the meetings held only
        their first reports (a report joining one changes nothing it reads)."""
        self._status_stale = True
        """Whether what the status is decided from changed since it was decided."""
        self._consolidators: dict[tuple[object, ...], Consolidator] = {}
        """One per type and merge key (:func:`merge_key`) and, within a key, per day of the
        day-dated reports (see :meth:`_fold_key`): reports of other keys or other days never
        merge, so a report filed out of order rewinds only the reports of its key and day."""
        self._by_type: dict[str, list[Consolidator]] = {}
        self._coarse_years: set[tuple[object, ...]] = set()
        """The (merge key, year) pairs with a month- or year-dated report: their reports
        are folded in one consolidator for the year."""
        self._days_of: dict[tuple[object, ...], set[int]] = {}
        """The days of a (merge key, year) pair that have a consolidator of their own, as
        :meth:`_fold_key` numbers them."""
        self._buckets: dict[tuple[str, WorldDate], _FigureBucket] = {}
        self._citing: dict[str, list[AppliedFact]] = {}
        self._days: Counter[date] = Counter()
        self._removed: list[FactGroup] = []
        self._views: dict[str, dict[int, BaseModel]] = {f: {} for f in GROUP_FIELDS.values()}
        self._milestones: dict[int, Fact] = {}
        """The milestone facts, by their group's id."""
        self._orders: dict[int, tuple[object, object]] = {}
        """Each milestone's :func:`date_order` (None: undated) and :func:`phase_order`
        (None: it does not count), by its group's id."""
        self._dated: dict[str, list[tuple[object, int]]] = {}
        """Each type's dated milestones in :func:`date_order`: the first is the earliest."""
        self._counted: list[tuple[object, int]] = []
        """The milestones that count, in :func:`phase_order`: the last is the latest."""
        self._uncounted: dict[int, Fact] = {}
        """The milestones that do not count, in the order of ``_milestones``."""
        self._ratified: Counter[str] = Counter()
        self._summaries: dict[int, tuple[Fact, str, DatedPaths]] = {}
        """Each milestone fact's flattened date in a dispute (:meth:`_disputed`), by the
        fact's id (it holds the fact)."""
        self._parties: Counter[str] = Counter()
        self._parties_moved = True
        """Whether a party was named first or last since the parties were written."""
        self._latest: date | None = None
        self._elements: dict[tuple[str, str], tuple[object, tuple[str, ...], object]] = {}
        self._dirty_groups: dict[int, FactGroup] = {}
        self._sources = _FactSources(self.fold.articles)
        self._live_lifecycle = _LiveLifecycle(self.fold.articles, self.fold.words)
        self._signatures: dict[str, tuple[object, ...]] = {}
        self._proposals: dict[str, Proposal] = {}
        self._unlinked: list[str] = []
        self._dirty_types: set[str] = set()
        self._dirty_buckets: set[tuple[str, WorldDate]] = set()
        self._notes: list[DateNote] = []
        self._note_names: Counter[str] = Counter()
        """Date notes per flattened name: equal notes of distinct facts share one."""
        self._phase = phase_of(None, ())
        self._clause = _Clause()
        self._clause_invoked = False
        """Whether the clause was invoked when last written (only then does the status
        read it)."""
        self._termination = _UNINVOKED
        self._retracted_names = EventNames()
        """``str`` of the retracted events' ids: the list is written again at each retraction."""
        self._after: dict[str, dict[object, BaseModel]] = {
            kind: {} for kind in ("proposals", "answered", *_ACTIVITY_FIELDS)
        }

    def _visible(self, fact: AppliedFact) -> bool:
        return self.as_of is None or world_date(fact.event).first_day() <= self.as_of

    def _file(self, fact: AppliedFact) -> None:
        """Add a visible fact to the parts and mark what it changes."""
        event = fact.event
        parties = self._parties
        for side in (event.actor, event.target):
            if side:
                for party in side:
                    count = parties.get(party, 0)
                    if not count:
                        self._parties_moved = True  # named first
                    parties[party] = count + 1
        first = first_day_of(event)
        days = self._days
        days[first] = days.get(first, 0) + 1
        if self._latest is None or first > self._latest:
            self._latest = first
            self._status_stale = True
        when = event.occurred
        if (
            self.as_of is not None
            and when is not None
            and when.precision != "day"
            and when.last_day() > self.as_of
        ):
            self._note_names[f"f-{fact.event_id.hex[:10]}"] += 1
            self._notes.append(
                DateNote(
                    fact_id=f"f-{fact.event_id.hex[:10]}",
                    type=event.type,
                    date=when,
                    counted_from=first,
                )
            )
        for article in {evidence.article_id for evidence in event.evidence}:
            self._citing.setdefault(article, []).append(fact)
        if event.type == FIGURES:
            report = figure_report(fact)
            bucket = (report.measure, report.period)
            found = self._buckets.get(bucket)
            if found is None:
                found = self._buckets[bucket] = _FigureBucket(*bucket, self._report_orders)
            found.add(report)
            self._dirty_buckets.add(bucket)
            return
        if event.type == CLAUSE:
            self._clause.add(fact)
        consolidator = self._consolidator(event)
        added = consolidator.added
        orders = self._report_orders
        if not added or orders(added[-1][0]) < orders(fact):
            index = len(added)  # the common case: after every report of its day
        else:
            index = consolidator.insertion_index(fact)
        if index == len(added):
            self._consolidate(consolidator, fact)
            return
        # a report that comes before some already consolidated (an earlier or more precise
        # date): the consolidation is rewound to its place and goes on from it
        undone = self._rewind(consolidator, index)
        self._consolidate(consolidator, fact)
        for later, _group, _created in undone:
            self._consolidate(consolidator, later)
        if event.type == "round_scheduled":
            self._schedule = max(self._groups("round_scheduled"), key=schedule_order, default=None)
            self._meetings_moved = True

    def _fold_key(self, event: Report) -> tuple[object, ...]:
        """The consolidation a report is folded in: its merge key, and within it its day
        when it is dated to the day, ``undated``, or its year.

        A day-dated report is compared only with the groups of its day and with month- or
        year-dated groups of its year (:class:`~timeline.domain.consolidation.Consolidator`),
        and :func:`report_order` puts the coarse reports after every day-dated one, so no
        coarse group exists when a day-dated report is added: each day's reports fold on
        their own. Undated reports meet undated groups only. A coarse report meets every
        dated group of its year: a (key, year) with coarse reports is folded as one.
        """
        base = merge_key(event)
        when = event.occurred
        if len(base) == 1 or when is None:
            return base if len(base) == 1 else (*base, "undated")
        fields = when.__dict__  # its fields (a model's attributes cost more to read)
        year = fields["year"]
        if (*base, year) in self._coarse_years:
            return (*base, "year", year)
        if fields["day"] is not None:  # dated to the day
            return (*base, "day", _day_number(fields))
        return (*base, "year", year)

    def _consolidator(self, event: Report) -> Consolidator:
        """The consolidator of a report being filed (made when missing)."""
        key = self._fold_key(event)
        found = self._consolidators.get(key)
        if found is not None:
            return found
        when = event.occurred
        kind = key[-2] if len(key) > 2 else None
        if kind == "day" and when is not None:
            fields = when.__dict__
            self._days_of.setdefault((*key[:-2], fields["year"]), set()).add(_day_number(fields))
        # a key's day, its undated reports and a key without dates are one bucket each
        # (see _fold_key): only a year's reports, coarse and day-dated, are indexed
        consolidator = self._consolidators[key] = Consolidator(
            self.fold.words, one_bucket=kind != "year"
        )
        self._by_type.setdefault(event.type, []).append(consolidator)
        if kind == "year":
            self._fold_year(key, consolidator)
        return consolidator

    def _fold_year(self, key: tuple[object, ...], into: Consolidator) -> None:
        """A first coarse report of a key and year: the day-dated reports of that year,
        folded day by day so far, are folded again in one consolidator with it."""
        pair = (*key[:-2], key[-1])
        self._coarse_years.add(pair)
        facts: list[AppliedFact] = []
        for day in sorted(self._days_of.pop(pair, ())):
            day_key = (*key[:-2], "day", day)
            consolidator = self._consolidators.pop(day_key)
            self._by_type[str(key[0])].remove(consolidator)
            facts.extend(fact for fact, _group, _created in self._rewind(consolidator, 0))
        for fact in sorted(facts, key=report_order):
            self._consolidate(into, fact)
        if key[0] == "round_scheduled":
            self._schedule = max(self._groups("round_scheduled"), key=schedule_order, default=None)
            self._meetings_moved = True

    def _rewind(
        self, consolidator: Consolidator, index: int
    ) -> list[tuple[AppliedFact, FactGroup, bool]]:
        """Undo the reports after the first ``index``: the groups they made are forgotten,
        the groups they joined marked; returns them, in order, to be added again."""
        undone = consolidator.rewind(index)
        gone = {id(group): group for _fact, group, created in undone if created}
        for group in gone.values():
            self._forget(group)
        for _fact, group, _created in undone:
            if id(group) not in gone:
                self._dirty_groups[id(group)] = group
        return undone

    def _consolidate(self, consolidator: Consolidator, fact: AppliedFact) -> None:
        group = consolidator.add(fact)
        self._dirty_groups[id(group)] = group
        type_name = group.event.type
        self._dirty_types.add(type_name)
        if consolidator.added[-1][2]:  # a new group
            if type_name == "meeting_held" or type_name == "round_scheduled":
                self._meetings_moved = True
            if type_name == "meeting_held":
                self._serial += 1
                self._serials[id(group)] = self._serial
                insort(self._held, (world_date(group.event).first_day(), self._serial, group))
            elif type_name == "round_scheduled":
                latest = self._schedule
                if latest is None or schedule_order(group) > schedule_order(latest):
                    self._schedule = group

    def _unfile(self, fact: AppliedFact) -> None:
        """Take a retracted visible fact out of the parts: its type's consolidation is
        rewound to the report before it and goes on without it."""
        event = fact.event
        for side in (event.actor, event.target):
            for party in side or ():
                self._parties[party] -= 1
                if self._parties[party] <= 0:
                    del self._parties[party]
                    self._parties_moved = True
        when = world_date(event)
        self._days[when.first_day()] -= 1
        if self._days[when.first_day()] <= 0:
            del self._days[when.first_day()]
        latest = max(self._days) if self._days else None
        if latest != self._latest:  # the status's reference date (without an as_of)
            self._latest = latest
            self._status_stale = True
        if self.as_of is not None and when.precision != "day" and when.last_day() > self.as_of:
            name = f"f-{fact.event_id.hex[:10]}"
            self._note_names[name] -= 1
            if self._note_names[name] <= 0:  # another fact's equal note stays
                del self._note_names[name]
                self._drop("date_notes", name)
        if event.type == FIGURES:
            report = figure_report(fact)
            bucket = (report.measure, report.period)
            self._buckets[bucket].remove(fact)
            self._dirty_buckets.add(bucket)
            return
        if event.type == CLAUSE:
            self._clause.remove(fact)
        consolidator, index = self._filed(fact)
        undone = self._rewind(consolidator, index)
        self._dirty_types.add(event.type)
        for later, _group, _created in undone[1:]:
            self._consolidate(consolidator, later)
        if event.type == "round_scheduled":
            self._schedule = max(self._groups("round_scheduled"), key=schedule_order, default=None)
            self._meetings_moved = True

    def _filed(self, fact: AppliedFact) -> tuple[Consolidator, int]:
        """The consolidator a filed report is in and its place among the reports it added
        (looked up when needed, rarely: a retraction, an article cited changing)."""
        consolidator = self._consolidators[self._fold_key(fact.event)]
        added = consolidator.added
        return consolidator, next(i for i in range(len(added) - 1, -1, -1) if added[i][0] is fact)

    def _forget(self, group: FactGroup) -> None:
        """Drop the elements of a group that no longer exists."""
        self._dirty_groups.pop(id(group), None)
        self._milestone(id(group), None)
        type_name = group.event.type
        if type_name == "meeting_held" or type_name == "round_scheduled":
            self._meetings_moved = True
        if type_name == "meeting_held":
            entry = (world_date(group.event).first_day(), self._serials.pop(id(group)), group)
            del self._held[bisect_left(self._held, entry[:2])]
        elif type_name == "round_scheduled" and group is self._schedule:
            self._schedule = None
        if type_name in LIFECYCLE_TYPES:
            self._removed.append(group)
        field = GROUP_FIELDS.get(type_name)
        if field is None or self._views[field].pop(id(group), None) is None:
            return
        self._track(field, id(group), None)
        if type_name == "position_stated":
            party = parties_code(group.event.actor) or "unattributed"
            self._drop(field, f"{party}.{group.fact_id}")
        else:
            self._drop(field, group.fact_id)

    def _article_changed(self, article_ids: Iterable[str]) -> None:
        """Articles' outlet, wire or origin changed: rebuild what cites them."""
        facts = self.fold.facts
        citing = list(
            {
                id(f): f
                for article_id in article_ids
                for f in self._citing.get(article_id, ())
                if facts.get(f.event_id) is f
            }.values()
        )
        if citing:
            self._sources.clear()
        if not citing or self._collided:
            if citing:
                self._resync()
            return
        for fact in citing:
            if fact.event.type == FIGURES:
                report = figure_report(fact)
                bucket = (report.measure, report.period)
                self._buckets[bucket].whole = True
                self._dirty_buckets.add(bucket)
            else:
                consolidator, index = self._filed(fact)
                group = consolidator.added[index][1]
                self._dirty_groups[id(group)] = group
                self._dirty_types.add(group.event.type)
        try:
            self._refresh()
        except _Collision:
            self._collided = True
            self._resync()

    def _groups(self, type_name: str) -> list[FactGroup]:
        return [
            group
            for consolidator in self._by_type.get(type_name, ())
            for group in consolidator.groups
        ]

    def _refresh(self) -> None:
        """Rebuild the elements the marked groups, types and buckets feed; then the status."""
        articles = self.fold.articles
        lifecycle = [g for g in self._dirty_groups.values() if g.event.type in LIFECYCLE_TYPES]
        schedule = self._schedule
        meetings = self._meetings_moved or (
            schedule is not None and id(schedule) in self._dirty_groups
        )
        for group in self._dirty_groups.values():
            type_name = group.event.type
            field = GROUP_FIELDS.get(type_name)
            if type_name in MILESTONE_TYPES:
                self._milestone(id(group), to_fact(group, articles, self._sources))
            if field is None:
                continue
            if type_name in _COUNTED_TYPES:
                self._counted_group(field, group)
                continue
            view: BaseModel
            if type_name == "position_stated":
                position = view = position_view(group, articles, self._sources)
                name = f"{position.party}.{group.fact_id}"
            elif type_name in ("meeting_held", "round_scheduled"):
                if group.event.polarity != "positive" and type_name == "round_scheduled":
                    continue
                view = meeting_view(group, articles, self._sources)
                name = group.fact_id
            else:
                view = to_fact(group, articles, self._sources)
                name = group.fact_id
            self._views[field][id(group)] = view
            self._track(field, id(group), view)
            self._put(field, name, group, view)
        self._dirty_groups.clear()
        for bucket in self._dirty_buckets:
            self._paths(self._buckets[bucket].refresh(self._sources))
        self._dirty_buckets.clear()
        types = self._dirty_types
        if types & MILESTONE_TYPES:
            self._agreement(types)
            counted = self._counted
            latest = self._milestones[counted[-1][1]] if counted else None
            self._phase_to(phase_of(latest, self._uncounted.values()))
        if "termination_clause_cited" in types:
            self._clause_changed()
        if meetings:
            self._meetings_moved = False
            meeting = self._next_meeting_now()
            was = self._next_meeting
            # the status reads the next meeting only when none is scheduled (rule S5: a
            # rejection and no next meeting): another one changes nothing it reads
            if (meeting.value == NONE_SCHEDULED or was.value == NONE_SCHEDULED) and meeting != was:
                self._status_stale = True
            self._next_meeting = meeting
            self._whole("next_meeting", meeting, compare=True)
        if lifecycle or self._removed:
            self._lifecycle(lifecycle)
        self._dirty_types = set()
        if self._status_stale:
            self._status()
        if self._parties_moved:  # the set of parties changed (not only their counts)
            self._parties_moved = False
            parties = sorted(self._parties)
            self._set("parties", ", ".join(parties) if parties else None)
        for note in self._notes:
            self._put("date_notes", note.fact_id, note, note)
        self._notes.clear()

    def _clause_changed(self) -> None:
        """Write the termination clause again. Not invoked, it is written from its reports
        (:meth:`_Clause.paths`) and the status, which reads only an invoked clause, is left
        as it is; invoked, absent or unusual, it is the view :func:`termination_of` makes."""
        clause = self._clause
        invoked = clause.invoked > 0
        paths = None if invoked else clause.paths()
        if paths is None:
            self._termination = termination_of(
                self._groups(CLAUSE), self.fold.articles, self._sources
            )
            self._whole("termination_clause", self._termination)
        else:
            self._termination = _UNINVOKED
            key = ("termination_clause", "")
            self._write(key, "termination_clause", paths)
            self._elements[key] = ("termination_clause", tuple(paths), None)
        if invoked or self._clause_invoked:
            self._status_stale = True
        self._clause_invoked = invoked

    def _counted_group(self, field: str, group: FactGroup) -> None:
        """Write a position or a threat from its group's reports, without its view: the
        fields its reports change are counted as reports join it (:class:`_Counted`), and
        then only those are written again."""
        kind = group.event.type
        views = self._views[field]
        found = views.get(id(group))
        previous = found if isinstance(found, _Counted) else None
        if previous is not None:
            key = previous.key  # a group's name is its first report's: it keeps it
        elif kind == "position_stated":
            party = parties_code(group.event.actor) or "unattributed"
            key = (field, f"{party}.{group.fact_id}")
        else:
            key = (field, group.fact_id)
        entry = self._elements.get(key)
        if entry is not None and entry[0] is not group:
            raise _Collision(f"{key[0]}.{key[1]}")
        counted = _Counted.of(group, previous, self.fold.articles, self._sources.generation)
        counted.key = key
        views[id(group)] = counted  # type: ignore[assignment]
        base = f"{key[0]}.{key[1]}"
        if counted is previous and entry is not None and entry[2] is counted:
            # reports joined at its end: its counts grew, the rest is as written
            grown = _counted_paths(base, group, counted)
            known = entry[1]
            if all(path in known for path in grown):
                self._assign(grown)
                return
        if kind == "position_stated":
            paths = _position_paths(base, group, counted)
        else:
            paths = _fact_paths(base, group, counted)
        if entry is not None and len(entry[1]) == len(paths) and all(p in paths for p in entry[1]):
            self._assign(paths)  # the same paths: only values change
            self._elements[key] = (group, entry[1], counted)
            return
        self._write(key, group, paths)
        self._elements[key] = (group, tuple(paths), counted)

    def _next_meeting_now(self) -> NextMeeting:
        """The next meeting from the latest schedule and the meetings held since it was
        stated (the held meetings are kept by day)."""
        latest = self._schedule
        if latest is None:
            return NextMeeting()
        since = world_date(latest.event).first_day()
        held = sorted(self._held[bisect_left(self._held, (since,)) :], key=lambda e: e[1])
        return next_meeting_after(
            latest, [g for _d, _s, g in held], self.fold.articles, self._sources
        )

    def _milestone(self, key: int, fact: Fact | None) -> None:
        """File a milestone's fact (None: its group is gone): its sources counted, its
        place kept among its type's dated facts (:func:`date_order`) and, when it counts,
        among the milestones that count (:func:`phase_order`), or with those that do not."""
        old = self._milestones.pop(key, None)
        counted = self._milestone_articles
        if old is not None:
            self._milestone_sources -= len(old.sources)
            for source in old.sources:  # none is left at zero: the articles are its keys
                left = counted[source.article_id] - 1
                if left > 0:
                    counted[source.article_id] = left
                else:
                    del counted[source.article_id]
                    articles = self._milestone_sorted
                    del articles[bisect_left(articles, source.article_id)]
            dated, phased = self._orders.pop(key)
            if dated is not None:
                listed = self._dated[old.type]
                del listed[bisect_left(listed, (dated,))]
                if old.type in DISPUTED_TYPES and disputable(old, old.type):
                    listed = self._disputable[old.type]
                    del listed[bisect_left(listed, (dated,))]
                    self._moved.setdefault(old.type, []).append((dated, key))
            if phased is not None:
                del self._counted[bisect_left(self._counted, (phased,))]
            else:
                del self._uncounted[key]
            if old.type == "agreement_ratified" and old.actor:
                self._ratified[old.actor] -= 1
                if not self._ratified[old.actor]:
                    del self._ratified[old.actor]
            self._summaries.pop(id(old), None)
        if fact is not None:
            self._milestones[key] = fact
            self._milestone_sources += len(fact.sources)
            for source in fact.sources:
                if source.article_id not in counted:
                    insort(self._milestone_sorted, source.article_id)
                counted[source.article_id] += 1
            tiebreak = fact_tiebreak(fact)  # reads every source: once per fact
            dated = phased = None
            if fact.date is not None:
                dated = (fact.date.first_day(), tiebreak)
                insort(self._dated.setdefault(fact.type, []), (dated, key))
                if fact.type in DISPUTED_TYPES and disputable(fact, fact.type):
                    insort(self._disputable.setdefault(fact.type, []), (dated, key))
                    self._moved.setdefault(fact.type, []).append((dated, key))
            if counts(fact.type, fact.support):
                phased = (_last_day(fact.date) or date.min, tiebreak)
                insort(self._counted, (phased, key))
            else:
                self._uncounted[key] = fact
            self._orders[key] = (dated, phased)
            if fact.type == "agreement_ratified" and fact.actor:
                self._ratified[fact.actor] += 1

    def _disputed(self, fact: Fact, prefix: str) -> DatedPaths:
        """A dated milestone fact's paths in its type's disputes (under ``prefix``), made
        once per fact (its date, id and sources are its own)."""
        found = self._summaries.get(id(fact))
        if found is None or found[0] is not fact or found[1] != prefix:
            at = f"{prefix}.dates.{fact.fact_id}"
            paths = (
                (f"{at}.date", str(fact.date)),
                (f"{at}.fact_id", fact.fact_id),
                (f"{at}.sources", source_summary(fact.sources)),
                (f"{at}.independent_sources", fact.independent_sources),
            )
            found = self._summaries[id(fact)] = (fact, prefix, paths)
        return found[2]

    def _agreement(self, types: set[str]) -> None:
        """The agreement's paths (:func:`timeline.domain.milestones.agreement`, flattened):
        its sources counted as milestones change, its disputes again only when a fact of
        their type did."""
        paths: dict[str, JsonValue] = {}
        milestones = self._milestones
        for name, kind in _AGREEMENT_DATES:
            dated = self._dated.get(kind)
            fact = milestones[dated[0][1]] if dated else None  # the earliest
            paths[f"agreement.{name}"] = str(fact.date) if fact and fact.date else UNKNOWN
            if name == "in_force_since":
                paths["agreement.in_force_precision"] = fact.precision if fact else None
        if self._ratified:
            paths["agreement.ratified_by"] = ", ".join(sorted(self._ratified))
        if self._milestone_sources:
            articles = ", ".join(self._milestone_sorted)
            paths["agreement.sources"] = f"{self._milestone_sources} source(s): {articles}"
        for kind, field in DISPUTED_TYPES.items():
            moved = self._moved.pop(kind, None)
            if moved or kind not in self._disputes:
                self._redispute(kind, field, moved or [])
        key = ("agreement", "")
        self._write(key, "agreement", paths)
        self._elements[key] = ("agreement", tuple(paths), None)

    def _redispute(self, kind: str, field: str, moved: list[_Dated]) -> None:
        """Write the disputes of milestone type ``kind`` again where its disputable facts
        ``moved`` (filed or unfiled): the clusters from the one before the first moved fact
        to the first that starts after the last as before (:func:`_reclustered`); of those,
        only the dated paths of the facts that moved, joined a dispute or left one are
        written, with the parties of the last dispute."""
        clusters = self._clusters.setdefault(kind, [])
        cut = self._cluster_paths.setdefault(kind, [])
        disputes = self._disputes.setdefault(kind, {})
        if moved:
            prefix = f"agreement.disputes.{field}"
            milestones = self._milestones
            first, end, fresh = _reclustered(
                clusters, self._disputable.get(kind, []), min(moved), max(moved), milestones
            )
            before = {
                entry[1]: paths for own in cut[first:end] if own for entry, paths in own.items()
            }
            keys = {key for _order, key in moved}
            made: list[dict[_Dated, DatedPaths] | None] = []
            added: list[DatedPaths] = []  # the paths of the facts that moved or joined one
            removed: list[DatedPaths] = []  # those of the facts that moved or left one
            for cluster in fresh:
                facts = [milestones[key] for _order, key in cluster]
                if len({fact.date for fact in facts}) < 2:
                    made.append(None)  # one date: no dispute
                    continue
                own: dict[_Dated, DatedPaths] = {}
                for entry, fact in zip(cluster, facts, strict=True):
                    was = before.pop(entry[1], None)
                    if was is None or entry[1] in keys:
                        if was is not None:
                            removed.append(was)
                        was = self._disputed(fact, prefix)
                        added.append(was)
                    own[entry] = was
                made.append(own)
            removed.extend(before.values())
            shared_before = self._shared_ids.get(kind, 0)
            self._count_ids(kind, removed, -1)
            self._count_ids(kind, added, 1)
            clusters[first:end] = fresh
            cut[first:end] = made
            if shared_before or self._shared_ids.get(kind, 0):
                self._rewrite_disputes(kind, field, prefix)
            else:
                gone = [path for paths in removed for path, _value in paths]
                for path in gone:
                    disputes.pop(path, None)
                written: dict[str, JsonValue] = {}
                for paths in added:
                    written.update(paths)
                self._dispute_parties(kind, field, prefix, written)
                disputes.update(written)
                for path in gone:
                    if path not in disputes:
                        self._unset(path)
                self._assign(written)
            disputes = self._disputes[kind]
        # each type's disputes are an element of their own, written when their facts
        # move: a milestone of another type leaves them as they are
        self._elements[("agreement", f"disputes.{field}")] = ("agreement", tuple(disputes), None)

    def _count_ids(self, kind: str, facts: list[DatedPaths], step: int) -> None:
        """Count the fact ids of disputed facts (their dated paths) in (``step`` 1) or out
        (-1), and how many are counted more than once."""
        ids = self._dispute_ids.setdefault(kind, Counter())
        shared = self._shared_ids.get(kind, 0)
        for paths in facts:
            fact_id = str(paths[1][1])  # the fact_id path's value
            count = ids[fact_id] = ids[fact_id] + step
            if (step > 0 and count == 2) or (step < 0 and count == 1):
                shared += step
        self._shared_ids[kind] = shared

    def _rewrite_disputes(self, kind: str, field: str, prefix: str) -> None:
        """Write the disputes of ``kind`` whole, in cluster order (fact ids shared by
        several facts: each path is the last's)."""
        paths: dict[str, JsonValue] = {}
        for own in self._cluster_paths[kind]:
            for dated in own.values() if own else ():
                paths.update(dated)
        self._dispute_parties(kind, field, prefix, paths)
        for path in self._disputes[kind]:
            if path not in paths:
                self._unset(path)
        self._disputes[kind] = paths
        self._assign(paths)

    def _dispute_parties(
        self, kind: str, field: str, prefix: str, written: dict[str, JsonValue]
    ) -> None:
        """The paths that the last dispute of ``kind`` gives its type's disputes (its
        field, type and parties), put in ``written``; unset when there is none."""
        cut = self._cluster_paths[kind]
        last = next((i for i in range(len(cut) - 1, -1, -1) if cut[i] is not None), None)
        shared = (f"{prefix}.field", f"{prefix}.type", f"{prefix}.parties")
        if last is None:
            disputes = self._disputes[kind]
            for path in shared:
                if disputes.pop(path, _MISSING) is not _MISSING:
                    self._unset(path)
            return
        cluster = self._clusters[kind][last]
        written[shared[0]] = field
        written[shared[1]] = kind
        written[shared[2]] = dispute_parties([self._milestones[key] for _o, key in cluster])

    def _lifecycle(self, changed: list[FactGroup]) -> None:
        """Proposals and unlinked answers: the lifecycle fold goes on from the first group
        the event changed; only the proposals and answers it touched are flattened again."""
        articles = self.fold.articles
        removed, self._removed = self._removed, []
        self._live_lifecycle.update(changed, removed)
        fold = self._live_lifecycle.fold
        for pid in fold.touched:
            entry = fold.book.entries.get(pid)
            if entry is None:
                self._proposals.pop(pid, None)
                self._signatures.pop(pid, None)
                self._track("proposals", pid, None)
                self._drop("proposals", pid)
            else:
                signature = _signature(entry, self._sources.generation)
                was = self._signatures.get(pid)
                if was == signature and pid in self._proposals:
                    continue  # folded again to the same proposal
                self._signatures[pid] = signature
                old = self._proposals.get(pid)
                grown = was is not None and _reports_joined(was, signature)
                if grown and old is not None:
                    view = self._regrown(entry, old)
                else:
                    view = proposal_view(entry, articles, self._sources)
                self._proposals[pid] = view
                self._track("proposals", pid, view)
                if not grown or not self._resourced(view):
                    self._put("proposals", pid, pid, view, compare=True)
        fold.touched.clear()
        low = fold.unlinked_low
        now = fold.unlinked[low:]
        for name in self._unlinked[low:]:  # their groups may be new objects now
            self._drop("unlinked_answers", name)
        for group in now:
            fact = to_fact(group, articles, self._sources)
            self._put("unlinked_answers", fact.fact_id, group, fact, compare=True)
        self._unlinked[low:] = [group.fact_id for group in now]
        fold.unlinked_low = len(fold.unlinked)
        for group in changed:  # an unlinked answer that a report joined
            element = self._elements.get(("unlinked_answers", group.fact_id))
            if element is not None and element[0] is group:
                fact = to_fact(group, articles, self._sources)
                self._put("unlinked_answers", group.fact_id, group, fact, compare=True)

    def _regrown(self, entry: Any, old: Proposal) -> Proposal:
        """:func:`proposal_view` of a proposal whose reports (or its answer's) grew, nothing
        else changed (:func:`_reports_joined`): its previous view with its source lists and
        the count of their origins made again."""
        sources = self._sources(entry.group.members)
        answer = entry.answer_group
        fields = dict(old.__dict__)  # every field, in declared order (trusted views)
        fields["sources"] = sources
        fields["answer_sources"] = self._sources(answer.members) if answer is not None else ()
        fields["independent_sources"] = self._sources.independent(sources)
        return trusted_dict(Proposal, fields)

    def _resourced(self, view: Proposal) -> bool:
        """Write a proposal whose reports (or its answer's) grew, nothing else changed
        (:func:`_reports_joined`): its source lists and the count of their origins, when
        they flatten to the paths they flattened to; False (nothing written) otherwise."""
        now = view.__dict__  # its fields, read once (a model's attributes cost more to read)
        pid = now["id"]
        key = ("proposals", pid)
        entry = self._elements.get(key)
        if entry is None or entry[0] != pid or type(entry[2]) is not Proposal:
            return False
        was = entry[2].__dict__
        sources, answer_sources = now["sources"], now["answer_sources"]
        if not sources or not was["sources"] or bool(answer_sources) != bool(was["answer_sources"]):
            return False
        base = f"proposals.{pid}"
        summary = self._sources.summary
        paths: dict[str, JsonValue] = {
            f"{base}.sources": summary(sources),
            f"{base}.independent_sources": now["independent_sources"],
        }
        if answer_sources:
            paths[f"{base}.answer_sources"] = summary(answer_sources)
        self._assign(paths)
        self._elements[key] = (entry[0], entry[1], view)
        return True

    def _track(self, field: str, key: object, view: BaseModel | None) -> None:
        """Keep the talks activity after the latest milestone up to date with one view."""
        if field == "proposals":
            kinds: tuple[str, ...] = ("proposals", "answered")
        elif field in _ACTIVITY_FIELDS:
            kinds = (field,)
        else:
            return
        bound = self._phase.bound
        for kind in kinds:
            after = self._after[kind]
            if view is not None and _is_after(kind, view, bound):
                if after.get(key) is not view:
                    after[key] = view
                    self._status_stale = True
            elif after.pop(key, None) is not None:
                self._status_stale = True  # the status reads only the activity after it

    def _phase_to(self, phase: MilestonePhase) -> None:
        """A new milestone phase: refilter the activity after it (a later bound only drops
        items; an earlier one may bring any back). An equal one changes nothing."""
        if phase == self._phase:
            return  # the same values (the status reads nothing else of it)
        old, new = self._phase.bound, phase.bound
        self._phase = phase
        self._status_stale = True
        if old == new:
            return
        if new is not None and (old is None or new > old):
            for kind, after in self._after.items():
                for key in [k for k, v in after.items() if not _is_after(kind, v, new)]:
                    del after[key]
            return
        sources: dict[str, Mapping[Any, BaseModel]] = {
            "proposals": self._proposals,
            "answered": self._proposals,
            **{field: self._views[field] for field in _ACTIVITY_FIELDS},
        }
        for kind, views in sources.items():
            self._after[kind] = {k: v for k, v in views.items() if _is_after(kind, v, new)}

    def _status(self) -> None:
        after = self._after
        status = decide_from(
            self.as_of if self.as_of is not None else self._latest,
            self._termination,
            self._next_meeting,
            self._phase,
            Activity(
                proposals=list(after["proposals"].values()),  # type: ignore[arg-type]
                answered=list(after["answered"].values()),  # type: ignore[arg-type]
                held=list(after["meetings_held"].values()),  # type: ignore[arg-type]
                scheduled=list(after["meetings_scheduled"].values()),  # type: ignore[arg-type]
                stalls=list(after["stalls"].values()),  # type: ignore[arg-type]
            ),
        )
        self._whole("status", status, compare=True)
        self._status_stale = False

    # -- the flattened state --------------------------------------------------------

    def _set(self, path: str, value: JsonValue) -> None:
        flat = self.flat
        old = flat.get(path)
        if old == value and (value is not None or path in flat):
            return
        self._pending.setdefault(path, old)
        if value is None:
            flat.pop(path, None)
        else:
            flat[path] = value

    def _paths(self, updates: Mapping[str, JsonValue]) -> None:
        """Write paths (``_MISSING`` removes one)."""
        flat = self.flat
        pending = self._pending
        for path, value in updates.items():
            old = flat.get(path, _MISSING)
            if value is _MISSING:
                if old is not _MISSING:
                    pending.setdefault(path, old)
                    del flat[path]
            elif old is _MISSING or old != value:
                pending.setdefault(path, None if old is _MISSING else old)
                flat[path] = value

    def _unset(self, path: str) -> None:
        if path in self.flat:
            self._pending.setdefault(path, self.flat.pop(path))

    def _write(self, key: tuple[str, str], owner: object, paths: dict[str, JsonValue]) -> None:
        entry = self._elements.get(key)
        if entry is not None:
            for path in entry[1]:
                if path not in paths:
                    self._unset(path)
        self._assign(paths)

    def _assign(self, values: dict[str, JsonValue]) -> None:
        """Set each path to its value, remembering the value before of those that change."""
        flat = self.flat
        pending = self._pending
        for path, value in values.items():
            old = flat.get(path, _MISSING)
            if old is _MISSING or old != value:
                pending.setdefault(path, None if old is _MISSING else old)
                flat[path] = value

    def _put(
        self, field: str, name: str, owner: object, view: BaseModel, *, compare: bool = False
    ) -> None:
        """Flatten one element of a field (a list or dict of views) under its name."""
        key = (field, name)
        entry = self._elements.get(key)
        base = f"{field}.{name}"
        if entry is not None:
            if entry[0] is not owner and (isinstance(owner, FactGroup) or entry[0] != owner):
                raise _Collision(base)
            old = entry[2]
            if type(old) is type(view) and _is_object(view) and not isinstance(view, dict):
                # field by field (an equal view writes nothing: what ``compare`` asks)
                self._elements[key] = (owner, self._refield(base, entry[1], old, view), view)
                return
            if compare and (old is view or old == view):
                self._elements[key] = (owner, entry[1], view)
                return
        paths: dict[str, JsonValue] = {}
        flatten_view(view, base, paths)
        self._write(key, owner, paths)
        self._elements[key] = (owner, tuple(paths), view)

    def _refield(
        self, base: str, paths: tuple[str, ...], old: BaseModel, view: BaseModel
    ) -> tuple[str, ...]:
        """Write again only the fields of ``view`` that differ from those of ``old``, the
        element's previous view of the same class flattened under ``base`` into ``paths``
        (a field's paths are ``base.field`` and those under it, a function of its value:
        an equal value of the same type flattens the same); returns the element's paths."""
        before = old.__dict__
        written: dict[str, JsonValue] = {}
        changed: set[str] = set()
        prefix = f"{base}."
        simple = True  # every changed field was and is one path, base.field
        now = view.__dict__
        summarised = self._sources.summary
        # the fields holding another object than before (most hold the same one)
        for key in [k for k, item in now.items() if before.get(k, _MISSING) is not item]:
            if key in SKIP_KEYS:
                continue
            item = now[key]
            was = before.get(key, _MISSING)
            if type(was) is type(item) and was == item:
                continue
            changed.add(key)
            leaf = _leaf(key, item, summary=summarised)
            if leaf is _MISSING:
                flatten_view({key: item}, base, written)
                simple = False
            else:
                written[prefix + key] = leaf
                if simple and _leaf(key, was, whether=True) is _MISSING:
                    simple = False
        if not changed:
            return paths
        if simple:  # the same paths, some with new values
            self._assign(written)
            return paths
        cut = len(base) + 1  # a path is base.field or base.field.more (no dot in a field)
        stale = [
            path
            for path in paths
            if path[cut:].partition(".")[0] in changed and path not in written
        ]
        for path in stale:
            self._unset(path)
        self._assign(written)
        known = set(paths)
        if not stale and all(path in known for path in written):
            return paths
        gone = set(stale)
        kept = [path for path in paths if path not in gone]
        return (*kept, *(path for path in written if path not in known))

    def _whole(self, field: str, view: BaseModel, *, compare: bool = False) -> None:
        """Flatten a field made of one view."""
        key = (field, "")
        entry = self._elements.get(key)
        if entry is not None:
            old = entry[2]
            if type(old) is type(view) and _is_object(view) and not isinstance(view, dict):
                # field by field (an equal view writes nothing: what ``compare`` asks)
                self._elements[key] = (field, self._refield(field, entry[1], old, view), view)
                return
            if compare and old == view:
                return
        paths: dict[str, JsonValue] = {}
        flatten_view(view, field, paths)
        self._write(key, field, paths)
        self._elements[key] = (field, tuple(paths), view)

    def _drop(self, field: str, name: str) -> None:
        entry = self._elements.pop((field, name), None)
        if entry is not None:
            for path in entry[1]:
                self._unset(path)

    # -- recomputing from the fold --------------------------------------------------

    def _resync(self) -> None:
        """Rebuild every part from the fold; the flattened state from a full render."""
        truth = flat(render(self.fold, self.as_of))
        for path, value in self.flat.items():
            if truth.get(path) != value:
                self._pending.setdefault(path, value)
        for path, value in truth.items():
            if self.flat.get(path) != value:
                self._pending.setdefault(path, self.flat.get(path))
        self._reset()
        facts, _notes = visible_facts(self.fold, self.as_of)
        for fact in facts:
            self._file(fact)
        saved, self.flat = truth, {}
        try:
            self._rebuild_all()
        except _Collision:
            self._collided = True
        self.flat = saved

    def _rebuild_all(self) -> None:
        """Write every element (into a scratch ``flat``: the caller keeps the full render)."""
        self._next_meeting = self._next_meeting_now()
        self._dirty_types = {
            *(str(key[0]) for key in self._consolidators),
            *MILESTONE_TYPES,
            *LIFECYCLE_TYPES,
            "termination_clause_cited",
            "round_scheduled",
            "meeting_held",
        }
        self._dirty_buckets = set(self._buckets)
        for figures in self._buckets.values():
            figures.whole = True
        pending = dict(self._pending)
        self._refresh()
        self._pending = pending


_MISSING = object()


def _leaf(
    key: str,
    value: Any,
    *,
    whether: bool = False,
    summary: Callable[[Any], str] = source_summary,
) -> JsonValue:
    """What a view's field flattens to when that is one path (``base.key``, as
    :func:`flatten_view` writes it): a scalar, a date or day, a summarised source list or a
    list of words; ``_MISSING`` for a field that flattens to nothing or to paths under it
    (or that is left to flattening). With ``whether``, only whether it is one path: True
    instead of the value (a source list is not summarised for it). A source list is
    summarised by ``summary`` (:func:`source_summary`, or a memo's)."""
    kind = type(value)
    if value is None or kind is str or kind is int or kind is float or kind is bool:
        return True if whether else value
    if kind is WorldDate:
        return True if whether else str(value)
    if kind is date:  # a day (not a datetime)
        return True if whether else value.isoformat()
    if (kind is tuple or kind is list) and value:
        if key in SOURCE_KEYS:
            return True if whether else summary(value)
        if all(type(v) is str for v in value):
            return True if whether else ", ".join(value)
    return _MISSING


_COUNTED_TYPES = frozenset({"position_stated", "withdrawal_threatened"})
"""Types whose groups are written from their reports (:class:`_Counted`): their views are
read by nothing else (the status reads meetings and stalls)."""


class _Counted:
    """What a group's fields counted from its reports' sources are (one source per quote,
    in position order: :func:`~timeline.domain.consolidation.sources_of`): how many, their
    articles and origins, the distinct quotes, the best confidence and whether an analyst
    confirmed one. Kept as reports join the group at its end, each filed later than the
    others (as :class:`_FactSources` keeps their sources); counted again otherwise, or
    when an article changed (the sources' ``generation``)."""

    __slots__ = (
        "articles",
        "confidence",
        "confirmed",
        "count",
        "generation",
        "key",
        "latest",
        "members",
        "origins",
        "quotes",
        "sorted_articles",
    )

    def __init__(self, generation: int) -> None:
        self.generation = generation
        self.key: tuple[str, str] = ("", "")
        """The element it was written as (its field and name)."""
        self.members: tuple[AppliedFact, ...] = ()
        self.latest = 0
        self.count = 0
        self.articles: set[str] = set()
        self.sorted_articles: list[str] = []
        self.origins: set[str] = set()
        self.quotes: dict[str, None] = {}
        self.confidence = float("-inf")
        self.confirmed = False

    @classmethod
    def of(
        cls,
        group: FactGroup,
        found: _Counted | None,
        articles: Mapping[str, ArticleInfo],
        generation: int,
    ) -> _Counted:
        members = tuple(group.members)
        if found is not None and found.generation == generation:
            seen = found.members
            if len(seen) <= len(members) and members[: len(seen)] == seen:
                fresh = members[len(seen) :]
                latest = found.latest
                for fact in fresh:
                    if fact.position <= latest:
                        break
                    latest = fact.position
                else:
                    for fact in fresh:
                        found._add(fact, articles)
                    found.members = members
                    return found
        counted = cls(generation)
        ordered = sorted(members, key=lambda fact: fact.position)
        for fact in ordered:
            counted._add(fact, articles)
        counted.members = members
        return counted

    def _add(self, fact: AppliedFact, articles: Mapping[str, ArticleInfo]) -> None:
        event = fact.event
        self.latest = fact.position
        self.count += len(event.evidence)
        for quote in event.evidence:
            article_id = quote.article_id
            if article_id not in self.articles:
                self.articles.add(article_id)
                insort(self.sorted_articles, article_id)
            info = articles.get(article_id)
            self.origins.add(info.origin if info else f"article {article_id}")
            self.quotes[quote.quote] = None
        if event.confidence > self.confidence:
            self.confidence = event.confidence
        self.confirmed = self.confirmed or bool(fact.confirmed_by)

    def summary(self) -> str:
        """:func:`source_summary` of the sources."""
        return f"{self.count} source(s): {', '.join(self.sorted_articles)}"


def _position_paths(base: str, group: FactGroup, counted: _Counted) -> dict[str, JsonValue]:
    """The flattened :func:`~timeline.domain.render.position_view` of a group."""
    event = group.event
    paths: dict[str, JsonValue] = {
        f"{base}.fact_id": group.fact_id,
        f"{base}.party": parties_code(event.actor) or "unattributed",
        f"{base}.date": str(event.occurred) if event.occurred is not None else None,
        f"{base}.subject": event.subject,
    }
    if counted.quotes:
        paths[f"{base}.quotes"] = ", ".join(counted.quotes)
    if counted.count:
        paths[f"{base}.sources"] = counted.summary()
    paths[f"{base}.independent_sources"] = len(counted.origins)
    return paths


def _counted_paths(base: str, group: FactGroup, counted: _Counted) -> dict[str, JsonValue]:
    """The paths of a position (:func:`_position_paths`) or a threat (:func:`_fact_paths`)
    that what its reports count gives, for a group that reports joined: its counts grew,
    so none of these paths is gone."""
    if group.event.type == "position_stated":
        paths: dict[str, JsonValue] = {}
        if counted.quotes:
            paths[f"{base}.quotes"] = ", ".join(counted.quotes)
        paths[f"{base}.sources"] = counted.summary()
        paths[f"{base}.independent_sources"] = len(counted.origins)
        return paths
    independent = len(counted.origins)
    paths = {
        f"{base}.sources": counted.summary(),
        f"{base}.independent_sources": independent,
        f"{base}.confidence": counted.confidence,
        f"{base}.support": grade(independent, counted.confidence, confirmed=counted.confirmed),
    }
    if group.notes:
        paths[f"{base}.merge_rules"] = ", ".join(group.notes)
    return paths


def _fact_paths(base: str, group: FactGroup, counted: _Counted) -> dict[str, JsonValue]:
    """The flattened :func:`~timeline.domain.consolidation.to_fact` of a group."""
    event = group.event
    occurred = event.occurred
    independent = len(counted.origins)
    confidence = counted.confidence
    paths: dict[str, JsonValue] = {
        f"{base}.fact_id": group.fact_id,
        f"{base}.type": event.type,
        f"{base}.actor": parties_code(event.actor),
        f"{base}.target": parties_code(event.target),
        f"{base}.subject": event.subject,
        f"{base}.date": str(occurred) if occurred is not None else None,
        f"{base}.precision": occurred.precision if occurred is not None else None,
        f"{base}.polarity": event.polarity,
        f"{base}.modality": event.modality,
    }
    if counted.count:
        paths[f"{base}.sources"] = counted.summary()
    paths[f"{base}.independent_sources"] = independent
    paths[f"{base}.confidence"] = confidence
    paths[f"{base}.support"] = grade(independent, confidence, confirmed=counted.confirmed)
    if group.notes:
        paths[f"{base}.merge_rules"] = ", ".join(group.notes)
    return paths


CLAUSE = "termination_clause_cited"
_UNINVOKED = TerminationClause()
"""What the status reads of a clause nobody invoked (it reads only an invoked one)."""


class _Tally:
    """The sources of some reports, counted: how many (one per quote), and by article."""

    __slots__ = ("articles", "count", "reports")

    def __init__(self) -> None:
        self.reports = 0
        self.count = 0
        self.articles: Counter[str] = Counter()

    def add(self, report: AppliedFact, sign: int) -> None:
        evidence = report.event.evidence
        self.reports += sign
        self.count += sign * len(evidence)
        articles = self.articles
        for quote in evidence:
            left = articles[quote.article_id] + sign
            if left:
                articles[quote.article_id] = left
            else:
                del articles[quote.article_id]

    def summary(self) -> str:
        """:func:`source_summary` of the sources."""
        return f"{self.count} source(s): {', '.join(sorted(self.articles))}"


_CLAUSE_FIELDS = ("invocable_by", "notice_days")
"""The clause's fields whose values reports may dispute."""


class _Clause:
    """The termination clause's reports: in :func:`report_order` (a field's value is the
    first report's that gives one), with their sources counted in all and per value of
    each field that may be disputed, and how many say it was invoked."""

    __slots__ = ("all", "invoked", "reports", "values")

    def __init__(self) -> None:
        self.reports: list[tuple[tuple[object, ...], AppliedFact]] = []
        self.all = _Tally()
        self.values: dict[str, dict[object, _Tally]] = {name: {} for name in _CLAUSE_FIELDS}
        self.invoked = 0

    def add(self, report: AppliedFact) -> None:
        insort(self.reports, (report_order(report), report))
        self._count(report, 1)

    def remove(self, report: AppliedFact) -> None:
        self.reports = [entry for entry in self.reports if entry[1] is not report]
        self._count(report, -1)

    def _count(self, report: AppliedFact, sign: int) -> None:
        event = report.event
        self.all.add(report, sign)
        self.invoked += sign * (event.invoked and event.modality == "asserted")
        for name in _CLAUSE_FIELDS:
            value = getattr(event, name)
            if value is None:
                continue
            tallies = self.values[name]
            tally = tallies.get(value)
            if tally is None:
                tally = tallies[value] = _Tally()
            tally.add(report, sign)
            if not tally.reports:
                del tallies[value]

    def _first(self, name: str) -> object:
        for _order, report in self.reports:
            value = getattr(report.event, name)
            if value is not None:
                return value
        return UNKNOWN

    def paths(self) -> dict[str, JsonValue] | None:
        """The flattened ``termination_clause`` that
        :func:`~timeline.domain.render.termination_of` makes of the reports when nobody
        invoked it; None for no reports, or a value without quotes (the view is flattened
        then)."""
        if not self.reports:
            return None
        prefix = "termination_clause"
        paths: dict[str, JsonValue] = {
            f"{prefix}.invocable_by": self._first("invocable_by"),
            f"{prefix}.notice_days": self._first("notice_days"),
            f"{prefix}.invoked": False,
            f"{prefix}.notice_given_on": NOT_GIVEN,
            f"{prefix}.earliest_effective": NOT_INVOKED,
            f"{prefix}.notice_support": None,
            f"{prefix}.notice_confidence": None,
            f"{prefix}.notice_independent_sources": 0,
        }
        if self.all.count:
            paths[f"{prefix}.sources"] = self.all.summary()
        for name in _CLAUSE_FIELDS:
            tallies = self.values[name]
            if len(tallies) < 2:
                continue
            at = f"{prefix}.disputes.{name}"
            paths[f"{at}.field"] = name
            for value, tally in tallies.items():
                if not tally.count:
                    return None  # flattened otherwise: let the view say how
                paths[f"{at}.values.{value}"] = tally.summary()
        return paths


_AGREEMENT_DATES = (
    ("in_force_since", "agreement_in_force"),
    ("signed_on", "agreement_signed"),
    ("reached_on", "agreement_reached"),
)


_Dated = tuple[Any, int]
"""A disputable milestone fact's :func:`date_order` and key (its group's id)."""


def _reclustered(
    clusters: list[list[_Dated]],
    dated: Sequence[_Dated],
    low: _Dated,
    high: _Dated,
    facts: Mapping[int, Fact],
) -> tuple[int, int, list[list[_Dated]]]:
    """The clusters of :func:`~timeline.domain.milestones.clusters_of` (those of one date
    kept) after the facts from ``low`` to ``high`` moved: ``(first, end, fresh)`` where
    ``clusters[first:end]`` become ``fresh``. The pass starts again at the cluster that
    starts before ``low`` (what comes before it is as it was) and stops at the first
    cluster it starts after ``high`` that also started one before: the pass starts each
    cluster afresh, and the facts from there on are the same, so are their clusters."""
    old = bisect_left(clusters, low, key=_start)  # the first cluster that may not stay
    first = old - 1 if old else 0
    start = bisect_left(dated, clusters[first][0]) if old else 0
    fresh: list[list[_Dated]] = []
    cluster: list[_Dated] = []
    edge = ClusterEdge()
    for index in range(start, len(dated)):
        entry = dated[index]
        fact = facts[entry[1]]
        if cluster and not edge.admits(fact):
            fresh.append(cluster)
            if entry > high:
                while old < len(clusters) and clusters[old][0] < entry:
                    old += 1
                if old < len(clusters) and clusters[old][0] == entry:
                    return first, old, fresh
            cluster, edge = [], ClusterEdge()
        cluster.append(entry)
        edge.add(fact)
    if cluster:
        fresh.append(cluster)
    return first, len(clusters), fresh


def _start(cluster: list[_Dated]) -> _Dated:
    return cluster[0]


DatedPaths = tuple[tuple[str, JsonValue], ...]
"""A dated milestone fact's paths in its type's disputes."""


_Read = tuple[tuple[Source, ...], set[str], list[str], set[str]]
"""What is read of a source list: the list, its articles (a set, and sorted) and its
sources' origins."""


def _reading(sources: tuple[Source, ...]) -> _Read:
    articles = {source.article_id for source in sources}
    return (sources, articles, sorted(articles), {source.origin for source in sources})


class _FactSources:
    """:func:`sources_of` from each report's own sources, remembered: reports are immutable,
    so a group's sources are its reports' in position order (call :meth:`clear` when an
    article changes). Holds the reports it was asked about, so their ids are never reused."""

    __slots__ = ("_lists", "_memo", "_read", "articles", "generation")

    def __init__(self, articles: dict[str, ArticleInfo]) -> None:
        self.articles = articles
        self._memo: dict[int, tuple[AppliedFact, tuple[Source, ...]]] = {}
        self._lists: dict[int, tuple[tuple[AppliedFact, ...], tuple[Source, ...], int]] = {}
        """The last list asked about that starts with a given report (by the report's id):
        the list, its sources and its reports' latest position. A group's members grow at
        the end, and a report that joins in a replay is the latest filed: its sources go
        after the others'."""
        self._read: dict[int, _Read] = {}
        """What :meth:`summary` and :meth:`independent` read of the lists ``_lists`` holds,
        by the list's id: a list grown at the end takes over its previous list's, with only
        its new sources read (a source's attributes are a pydantic model's, dear to read)."""
        self.generation = 0
        """How many times the memo was cleared: the same reports give the same sources
        within one generation."""

    def summary(self, sources: tuple[Source, ...]) -> str:
        """:func:`source_summary` of ``sources``."""
        return _summary_text(len(sources), self._read_of(sources)[2])

    def independent(self, sources: tuple[Source, ...]) -> int:
        """:func:`~timeline.domain.consolidation.independent_count` of ``sources``."""
        return len(self._read_of(sources)[3])

    def _read_of(self, sources: tuple[Source, ...]) -> _Read:
        read = self._read.get(id(sources))
        if read is None or read[0] is not sources:
            return _reading(sources)
        return read

    def _grown(self, sources: tuple[Source, ...], out: tuple[Source, ...]) -> None:
        """``out`` is ``sources`` and more after them: what was read of ``sources`` is
        ``out``'s, with its new sources read."""
        read = self._read.pop(id(sources), None)
        if read is None or read[0] is not sources:
            self._read[id(out)] = _reading(out)
            return
        _list, articles, ordered, origins = read
        for source in out[len(sources) :]:
            fields = source.__dict__
            article = fields["article_id"]
            if article not in articles:
                articles.add(article)
                insort(ordered, article)
            origins.add(fields["origin"])
        self._read[id(out)] = (out, articles, ordered, origins)

    def _of(self, fact: AppliedFact) -> tuple[Source, ...]:
        hit = self._memo.get(id(fact))
        if hit is None:
            hit = self._memo[id(fact)] = (fact, sources_of((fact,), self.articles))
        return hit[1]

    def __call__(self, members: Sequence[AppliedFact]) -> tuple[Source, ...]:
        if len(members) < 2:
            return self._of(members[0]) if members else ()
        now = tuple(members)
        key = id(now[0])
        found = self._lists.get(key)
        if found is not None:
            was, sources, latest = found
            count = len(was)
            # the same reports (identity: equal tuples of the same objects) and more after
            # them, each filed later than every earlier one: their sources go at the end
            if count <= len(now) and now[:count] == was:
                if count == len(now):
                    return sources  # the same reports: the same list (views compare by identity)
                grown = list(sources)
                for fact in now[count:]:
                    if fact.position <= latest:
                        break
                    latest = fact.position
                    grown.extend(self._of(fact))
                else:
                    out = tuple(grown)
                    self._lists[key] = (now, out, latest)
                    self._grown(sources, out)
                    return out
        ordered: Sequence[AppliedFact] = now
        if any(now[i].position > now[i + 1].position for i in range(len(now) - 1)):
            ordered = sorted(now, key=lambda f: f.position)
        collected: list[Source] = []
        for fact in ordered:
            collected.extend(self._of(fact))
        out = tuple(collected)
        if found is not None:
            self._read.pop(id(found[1]), None)
        self._lists[key] = (now, out, ordered[-1].position)
        self._read[id(out)] = _reading(out)
        return out

    def clear(self) -> None:
        self._memo.clear()
        self._lists.clear()
        self._read.clear()
        self.generation += 1


def _signature(entry: Any, generation: int) -> tuple[object, ...]:
    """What a proposal's view is made of: the same signature, the same view. Its reports
    are compared by identity (their sources are theirs while the articles keep the
    :class:`_FactSources` ``generation``)."""
    return (
        entry.group,
        tuple(entry.group.members),
        generation,
        entry.kind,
        entry.proposer,
        entry.addressee,
        entry.status,
        entry.answered_by,
        entry.answered_on,
        entry.link_rule,
        entry.link_reason,
        entry.answer_fact,
        entry.in_answer_to,
        entry.implied_by,
        tuple(entry.answer_group.members) if entry.answer_group is not None else (),
        tuple(entry.history),
    )


def _reports_joined(was: tuple[object, ...], now: tuple[object, ...]) -> bool:
    """Whether two :func:`_signature` s of a proposal differ only by reports that joined
    its group or its answer's (the same group, the same first report): its view differs
    only by its sources, its answer's and the count of their origins."""
    before, after = was[1], now[1]
    return (
        was[0] is now[0]
        and before[0] is after[0]  # type: ignore[index]
        and was[2:14] == now[2:14]
        and was[15:] == now[15:]
    )


_ACTIVITY_FIELDS = ("meetings_held", "meetings_scheduled", "stalls")


def _last_day(when: WorldDate | None) -> date | None:
    return when.last_day() if when is not None else None


def _is_after(kind: str, view: BaseModel, bound: date | None) -> bool:
    """Whether a view is talks activity after the milestone ``bound`` (see
    :func:`timeline.domain.status.activity_after`)."""
    if kind == "proposals":
        return after(view.made_on, bound)  # type: ignore[attr-defined]
    if kind == "answered":
        answered_on = view.answered_on  # type: ignore[attr-defined]
        return bool(answered_on) and after(answered_on, bound)
    if kind == "meetings_scheduled":
        return after(view.stated_on, bound)  # type: ignore[attr-defined]
    return after(view.date, bound)  # type: ignore[attr-defined]


class _LiveLifecycle:
    """The proposal lifecycle kept folded: its groups in lifecycle order, the fold rewound
    to the first group an event changed (or whose implied proposal changed) and folded on
    from there. A report dated like the latest ones costs the few groups after it.

    Invariant: ``fold`` has folded exactly ``ordered``, with the implied pairs of
    :func:`implied_proposals` over them.
    """

    def __init__(self, articles: dict[str, ArticleInfo], words: WordsOf) -> None:
        self.fold = LifecycleFold(articles, journal=True, words=words)
        self.keys: list[tuple[object, ...]] = []
        self.ordered: list[FactGroup] = []
        self._answers: dict[str, list[FactGroup]] = {}
        self._proposals: dict[str, list[FactGroup]] = {}
        self._articles_of: dict[int, set[str]] = {}
        self._pairs: dict[int, tuple[FactGroup, FactGroup]] = {}
        self._named: Counter[str] = Counter()
        """The names the groups' explicit ``answers`` give."""
        self._answering: dict[int, set[str]] = {}
        """The proposals each answer group answers (``answer_group``), by the group's id."""
        self._answer_of: dict[str, int] = {}
        self._members: dict[int, list[AppliedFact]] = {}
        """Each group's reports as the fold last read them."""
        self._quoted: dict[str, list[FactGroup]] = {}
        """The groups with a quote in each article (some may have left it since)."""

    def _index(self, group: FactGroup) -> int:
        index = bisect_left(self.keys, lifecycle_order(group))
        if index >= len(self.ordered) or self.ordered[index] is not group:
            raise LookupError(group.fact_id)
        return index

    def _file(self, group: FactGroup, articles: Iterable[str]) -> None:
        if group.event.type in IMPLYING_TYPES:
            for article in articles:
                insort(self._answers.setdefault(article, []), group, key=lifecycle_order)
        elif may_be_implied(group):
            for article in articles:
                self._proposals.setdefault(article, []).append(group)

    def _where(self, group: FactGroup) -> int | None:
        index = bisect_left(self.keys, lifecycle_order(group))
        if index < len(self.ordered) and self.ordered[index] is group:
            return index
        return None

    def update(self, changed: Iterable[FactGroup], removed: Iterable[FactGroup] = ()) -> None:
        """Fold in groups that are new or changed, without groups that no longer exist."""
        low = len(self.ordered)
        touched_articles: set[str] = set()
        unpaired = False
        implying: list[FactGroup] = []
        for group in removed:
            if id(group) not in self._articles_of:
                continue  # made and undone before the fold saw it (a rebuild refiles)
            index = self._index(group)
            low = min(low, index)
            del self.keys[index]
            del self.ordered[index]
            articles = self._articles_of.pop(id(group))
            self._members.pop(id(group), None)
            for article in articles:
                quoted = self._quoted.get(article)
                if quoted is not None:
                    quoted[:] = [g for g in quoted if g is not group]
                for table in (self._answers, self._proposals):
                    listed = table.get(article)
                    if listed is not None:
                        listed[:] = [g for g in listed if g is not group]
            touched_articles |= articles
            pair = self._pairs.pop(id(group), None)
            if pair is not None:
                unpaired = True
                implying.append(pair[1])
            if group.event.answers:
                self._named[group.event.answers] -= 1
        for answer in implying:
            # the answer that implied a removed proposal filed it at its own step, which
            # may come before the proposal's: the fold goes back to the answer
            where = self._where(answer)
            if where is not None:
                low = min(low, where)
        if unpaired:
            self.fold.set_implied(
                sorted(self._pairs.values(), key=lambda pair: lifecycle_order(pair[0]))
            )
        new: list[FactGroup] = []
        joined: list[tuple[FactGroup, Sequence[AppliedFact], list[AppliedFact], bool]] = []
        """Groups reports joined: the reports new to it or gone, those gone, and whether
        the new ones joined at its end (else it was regrouped)."""
        implied: list[FactGroup] = []  # the proposals new or joined an answer may imply
        grown: dict[str, list[tuple[int, int]]] = {}
        """The quotes of the reports new to answer groups, by article."""
        for group in changed:
            known = self._articles_of.get(id(group))
            fresh: Sequence[AppliedFact] | None = group.members  # the reports new to it
            if known is None:
                key = lifecycle_order(group)
                index = bisect_left(self.keys, key)
                self.keys.insert(index, key)
                self.ordered.insert(index, group)
                added = set(group.articles)
                self._articles_of[id(group)] = added
                self._members[id(group)] = list(group.members)
                new.append(group)
                if group.event.answers:
                    self._named[group.event.answers] += 1
            else:
                added = group.articles - known
                known |= added
                seen = self._members[id(group)]
                members = group.members
                if len(seen) < len(members) and all(
                    a is b for a, b in zip(seen, members[: len(seen)], strict=True)
                ):
                    fresh = members[len(seen) :]
                    joined.append((group, fresh, [], True))
                else:  # the reports were regrouped: some may have left
                    fresh = None
                    was = {id(m) for m in seen}
                    now = {id(m) for m in members}
                    left = [m for m in seen if id(m) not in now]
                    moved = [m for m in members if id(m) not in was]
                    joined.append((group, [*moved, *left], left, False))
                    if left and group.event.type in IMPLYING_TYPES:
                        touched_articles |= known  # its quotes may have left any of them
                self._members[id(group)] = list(members)
            self._file(group, added)
            for article in added:
                self._quoted.setdefault(article, []).append(group)
            # an answer's new quotes may cover the proposals of its new articles only, and
            # only those with a quote they overlap (a proposal's own, new or joined, are
            # recomputed on their own: ``implied``)
            if group.event.type in IMPLYING_TYPES:
                if fresh is None:
                    touched_articles |= added
                else:
                    for report in fresh:
                        for quote in report.event.evidence:
                            spans = grown.setdefault(quote.article_id, [])
                            spans.append((quote.start, quote.end))
            elif may_be_implied(group) and self._may_be_implied_otherwise(group, known, fresh):
                implied.append(group)
        for group in new:
            low = min(low, self._index(group))
        fold = self.fold
        named = self._named
        readers: set[int] = set()
        for group, _reports, left, _appended in joined:
            # a group keeps its first report, so its place and date: reports leaving an
            # answer change only what its quotes are read for; those leaving a proposal
            # take the names the book gave it with them (before any group they joined
            # claims them), which only an answer naming them reads (below)
            if left and group.event.type in PROPOSAL_TYPES:
                fold.left(group, left)
        for group, reports, _left, appended in joined:
            # a report joining a group leaves its place in the order; the steps that read
            # its quotes (the same-sentence link between an answer and a proposal) are
            # those of the groups whose quotes overlap it
            if not fold.joined(group, reports if appended else None) or (
                named and any(named.get(str(m.event_id)) for m in reports)
            ):
                low = min(low, self._index(group))
            readers |= self._readers(group, reports)
            fold.touched.update(self._answering.get(id(group), ()))
        low = self._relink(touched_articles, low, implied, grown)
        # the fold goes back to the first of those steps that now reads them otherwise
        # (the steps before ``low`` are those of the groups folded before any change, at the
        # same places in ``ordered`` as when they were folded)
        for index in sorted(readers):
            if index >= low:
                break
            if not fold.reads_alike(index):
                low = index
                break
        fold.rewind(low)
        for group in self.ordered[len(fold.marks) :]:
            fold.step(group)
        self._reindex()

    def _may_be_implied_otherwise(
        self,
        proposal: FactGroup,
        known: set[str] | None,
        fresh: Sequence[AppliedFact] | None,
    ) -> bool:
        """Whether a proposal, new or changed, may now be implied by another answer than
        before. The answer implying it is the earliest (in lifecycle order) of the answers
        that address its proposer and cover each of its quotes (:func:`implying_answer`):
        reports joining it at its end (``fresh``) keep its proposer and add quotes, so the
        answers covering it can only be fewer. None implied it: none does now; the one that
        did and covers the new quotes too is still the earliest. (Answers that changed
        themselves recompute the proposals their new quotes overlap.)"""
        if known is None or fresh is None:
            return True  # new, or regrouped
        pair = self._pairs.get(id(proposal))
        return pair is not None and not _covers(pair[1], fresh)

    def _readers(self, group: FactGroup, reports: Sequence[AppliedFact]) -> set[int]:
        """The steps of the fold that may read the quotes of ``reports`` as ``group``'s: an
        answer's step reads its own quotes and those of the proposals it may link to
        (:func:`~timeline.domain.proposals._link`, the same-sentence rule), so a quote
        matters only where it overlaps a quote of a group of the other side in the same
        article."""
        steps: set[int] = set()
        spans: dict[str, list[tuple[int, int]]] = {}
        for report in reports:
            for quote in report.event.evidence:
                spans.setdefault(quote.article_id, []).append((quote.start, quote.end))
        kind = group.event.type
        answers = kind != "proposal_made"  # its step links it to a proposal
        opens = kind in PROPOSAL_TYPES  # its proposal may be linked to by an answer
        for article, ranges in spans.items():
            for other in self._quoted.get(article, ()):
                if other is group or id(other) not in self._articles_of:
                    continue
                other_kind = other.event.type
                reads_mine = opens and other_kind != "proposal_made"
                mine_reads = answers and other_kind in PROPOSAL_TYPES
                if not (reads_mine or mine_reads) or not _overlap(other, article, ranges):
                    continue
                if mine_reads:
                    steps.add(self._index(group))
                if reads_mine:
                    steps.add(self._index(other))
        return steps

    def _reindex(self) -> None:
        """Keep which proposals each answer group answers, for the proposals touched."""
        entries = self.fold.book.entries
        for pid in self.fold.touched:
            entry = entries.get(pid)
            group = entry.answer_group if entry is not None else None
            new = id(group) if group is not None else None
            old = self._answer_of.get(pid)
            if old == new:
                continue
            if old is not None:
                self._answering[old].discard(pid)
                del self._answer_of[pid]
            if new is not None:
                self._answering.setdefault(new, set()).add(pid)
                self._answer_of[pid] = new

    def _relink(
        self,
        articles: set[str],
        low: int,
        also: Iterable[FactGroup] = (),
        grown: Mapping[str, Sequence[tuple[int, int]]] | None = None,
    ) -> int:
        """Recompute the implied pairs of the proposals citing ``articles``, of the
        proposals ``also``, and of the proposals with a quote overlapping one of the
        ``grown`` spans by article (an answer's new quotes: an answer implies a proposal
        only when it covers each of the proposal's quotes, so new quotes of an answer
        change nothing for a proposal they do not overlap); the lowest index whose fold
        changes."""
        proposals = {id(p): p for a in articles for p in self._proposals.get(a, ())}
        proposals.update((id(p), p) for p in also)
        for article, spans in (grown or {}).items():
            for proposal in self._proposals.get(article, ()):
                if id(proposal) not in proposals and _overlap(proposal, article, spans):
                    proposals[id(proposal)] = proposal
        changed = False
        for proposal in proposals.values():
            answer = implying_answer(proposal, self._answers)
            pair = self._pairs.get(id(proposal))
            old = pair[1] if pair is not None else None
            if answer is old:
                continue
            changed = True
            for group in (proposal, old, answer):
                index = self._where(group) if group is not None else None
                if index is not None:
                    low = min(low, index)
            if answer is None:
                del self._pairs[id(proposal)]
            else:
                self._pairs[id(proposal)] = (proposal, answer)
        if changed:
            pairs = sorted(self._pairs.values(), key=lambda pair: lifecycle_order(pair[0]))
            self.fold.set_implied(pairs)
        return low


def _covers(answer: FactGroup, reports: Sequence[AppliedFact]) -> bool:
    """Whether each quote of ``reports`` overlaps a quote of ``answer`` in its article (as
    :func:`~timeline.domain.proposals._overlaps` reads a proposal's quotes)."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for member in answer.members:
        for quote in member.event.evidence:
            spans.setdefault(quote.article_id, []).append((quote.start, quote.end))
    for report in reports:
        for quote in report.event.evidence:
            found = spans.get(quote.article_id)
            if not found or not any(s < quote.end and quote.start < e for s, e in found):
                return False
    return True


def _overlap(group: FactGroup, article: str, ranges: Sequence[tuple[int, int]]) -> bool:
    """Whether a quote of ``group`` in ``article`` overlaps one of ``ranges``."""
    return any(
        quote.article_id == article and quote.start < end and start < quote.end
        for member in group.members
        for quote in member.event.evidence
        for start, end in ranges
    )


Pair = tuple[str | None, str | None]


class _LiveFigure:
    """One figure of a bucket: its values by their first report in :func:`report_order`
    (a value's place in ``values``), and the counts its status is decided from."""

    __slots__ = (
        "confirmed",
        "distinct",
        "economy",
        "firsts",
        "key",
        "origins",
        "partner",
        "rules",
    )

    def __init__(self, key: str, economy: str | None, partner: str | None) -> None:
        self.key = key
        self.economy = economy
        self.partner = partner
        self.origins: Counter[str] = Counter()
        self.confirmed = 0
        self.distinct: Counter[tuple[float, str]] = Counter()
        self.rules: Counter[str] = Counter()
        self.firsts: list[tuple[tuple[object, ...], tuple[Pair, ValueKey]]] = []
        """Each value's first report's :func:`report_order` and the value, in that order."""

    def place(self, order: tuple[object, ...]) -> int:
        return bisect_left(self.firsts, order, key=lambda entry: entry[0])


class _ValueTally:
    """The sources of a figure value's reports, counted (one per quote): how many, by
    article and by origin, and how many an analyst confirmed."""

    __slots__ = ("articles", "confirmed", "count", "origins")

    def __init__(self) -> None:
        self.count = 0
        self.confirmed = 0
        self.articles: Counter[str] = Counter()
        self.origins: Counter[str] = Counter()

    def add(self, article_id: str, origin: str, confirmed: bool) -> None:
        self.count += 1
        self.confirmed += confirmed
        self.articles[article_id] += 1
        self.origins[origin] += 1

    def remove(self, article_id: str, origin: str, confirmed: bool) -> None:
        self.count -= 1
        self.confirmed -= confirmed
        for counter, name in ((self.articles, article_id), (self.origins, origin)):
            counter[name] -= 1
            if counter[name] <= 0:
                del counter[name]


_VALUE_FIELDS = ("value", "unit", "whose", "derived_from", "sources", "independent_sources")


class _FigureBucket:
    """The figures of one measure and period (:func:`timeline.domain.figures.build_figures`
    per bucket), flattened, kept up to date report by report: a report joins one value of
    one figure, or makes a new one in its place among the values (by their first report in
    :func:`report_order`); only that value's paths, those of the values whose place moved,
    and the figure's status are written again.

    A retracted report leaves its value the same way (:meth:`_unfile`). A report naming a
    new (economy, partner) pair, or the retraction of the last report naming one, may
    regroup the whole bucket, and an article's change of origin may change any value: the
    bucket is then rebuilt in full (``whole``). Invariant: after :meth:`refresh`, ``paths``
    is the flattened ``figures`` entries of the bucket's reports.
    """

    def __init__(self, measure: str, period: WorldDate, orders: _ReportOrders) -> None:
        self.measure = measure
        self.period = period
        self._order = orders.of_figure
        self.reports: list[FigureReport] = []
        """In :func:`report_order`."""
        self.named: set[Pair] = set()
        self.figures: dict[Pair, _LiveFigure] = {}
        self.values: dict[tuple[Pair, ValueKey], list[FigureReport]] = {}
        """Each value's reports, in :func:`report_order`."""
        self.tallies: dict[tuple[Pair, ValueKey], _ValueTally] = {}
        """Each value's sources, counted."""
        self.fields: dict[tuple[Pair, ValueKey], tuple[JsonValue, ...]] = {}
        """Each value's flattened fields (``_VALUE_FIELDS``), wherever it stands."""
        self.paths: dict[str, JsonValue] = {}
        self.whole = True
        self.collided = False
        self._added: list[FigureReport] = []
        self._gone: list[FigureReport] = []
        """Reports retracted since the last refresh (taken out of their values)."""
        self._articles: Mapping[str, ArticleInfo] | None = None

    def add(self, report: FigureReport) -> None:
        reports = self.reports
        if reports and self._order(reports[-1]) > self._order(report):
            insort(reports, report, key=self._order)
        else:
            reports.append(report)
        if report.pair != (None, None) and report.pair not in self.named:
            self.whole = True
        elif not self.whole:
            self._added.append(report)

    def remove(self, fact: AppliedFact) -> None:
        gone = [r for r in self.reports if r.fact is fact]
        self.reports = [r for r in self.reports if r.fact is not fact]
        if len(gone) != 1 or self._added:
            self.whole = True
        elif not self.whole:
            self._gone.append(gone[0])

    def _pair(self, report: FigureReport) -> Pair:
        pair = report.pair
        if pair == (None, None) and len(self.named) == 1:
            return next(iter(self.named))
        return pair

    def refresh(self, sources: Sources) -> dict[str, JsonValue]:
        """The paths changed since the last refresh (``_MISSING`` for a path gone)."""
        self._articles = getattr(sources, "articles", None)
        if self.whole or self.collided:
            return self._rebuild(sources)
        out: dict[str, JsonValue] = {}
        gone, self._gone = self._gone, []
        for report in gone:
            if not self._unfile(report, out):
                return self._rebuild(sources)
        added, self._added = self._added, []
        for report in added:
            if not self._file(report, sources, out):
                return self._rebuild(sources)
        paths = self.paths
        for path, value in out.items():
            if value is _MISSING:
                paths.pop(path, None)
            else:
                paths[path] = value
        return out

    def _unfile(self, report: FigureReport, out: dict[str, JsonValue]) -> bool:
        """Take a retracted report out of its value and write what that changed (the
        values after it move up one place when it was the value's only report); False
        when the bucket must be rebuilt instead (its pair is no longer named, or its
        figure would be left without values)."""
        if report.pair != (None, None) and not any(r.pair == report.pair for r in self.reports):
            return False  # the pairs named changed: the bucket may regroup
        pair = self._pair(report)
        figure = self.figures.get(pair)
        key = (pair, value_key(report))
        members = self.values.get(key)
        tally = self.tallies.get(key)
        if figure is None or not members or tally is None:
            return False
        if not any(m is report for m in members):
            return False
        firsts = figure.firsts
        if len(members) == 1 and len(firsts) == 1:
            return False  # the figure goes
        index = figure.place(self._order(members[0]))
        was_first = members[0] is report
        members[:] = [m for m in members if m is not report]
        rules = figure.rules
        rules[report.period_rule] -= 1
        if not rules[report.period_rule]:
            del rules[report.period_rule]
        self._uncount(figure, tally, report)
        if not members:  # the value goes: the values after it move up one place
            del self.values[key], self.tallies[key], self.fields[key], firsts[index]
            distinct = (key[1][0], key[1][1])
            figure.distinct[distinct] -= 1
            if not figure.distinct[distinct]:
                del figure.distinct[distinct]
            for place in range(index, len(firsts)):
                self._write(figure, place, firsts[place][1], out)
            prefix = f"figures.{figure.key}.values.{len(firsts)}"
            for name in _VALUE_FIELDS:
                out[f"{prefix}.{name}"] = _MISSING
        else:
            low = high = index
            if was_first:  # the value's first report is now a later one: it may move down
                del firsts[index]
                order = self._order(members[0])
                place = figure.place(order)
                firsts.insert(place, (order, key))
                low, high = min(index, place), max(index, place)
            self._fields(key, members, tally)
            for place in range(low, high + 1):
                self._write(figure, place, firsts[place][1], out)
        self._head(figure, out, whole=False)
        return True

    def _uncount(self, figure: _LiveFigure, tally: _ValueTally, report: FigureReport) -> None:
        """Take a report's sources out of its value's tally and its figure's counts (an
        article's origin is as when they were counted: a change of origin rebuilds the
        bucket)."""
        articles = self._articles
        fact = report.fact
        confirmed = bool(fact.confirmed_by)
        for quote in fact.event.evidence:
            article_id = quote.article_id
            info = articles.get(article_id) if articles is not None else None
            origin = info.origin if info else f"article {article_id}"
            tally.remove(article_id, origin, confirmed)
            figure.origins[origin] -= 1
            if not figure.origins[origin]:
                del figure.origins[origin]
            figure.confirmed -= confirmed

    def _figure(self, pair: Pair) -> tuple[_LiveFigure, bool]:
        figure = self.figures.get(pair)
        if figure is not None:
            return figure, False
        split = len(self.named) > 1
        key = figure_key(self.measure, self.period, *(pair if split else (None, None)))
        figure = self.figures[pair] = _LiveFigure(key, *pair)
        return figure, True

    def _file(self, report: FigureReport, sources: Sources, out: dict[str, JsonValue]) -> bool:
        """File one more report and write what it changed; False when the bucket must be
        rebuilt instead (its figure's key is taken)."""
        pair = self._pair(report)
        figure, new = self._figure(pair)
        if new and any(f.key == figure.key for p, f in self.figures.items() if p != pair):
            return False
        key = (pair, value_key(report))
        order = self._order(report)
        firsts = figure.firsts
        members = self.values.get(key)
        if members is None:
            members = self.values[key] = [report]
            low = figure.place(order)
            firsts.insert(low, (order, key))
            high = len(firsts) - 1  # every value from its place on moved one further
            figure.distinct[(key[1][0], key[1][1])] += 1
        else:
            first = self._order(members[0])
            if first > order:  # the value's first report is now this one: it moves up
                insort(members, report, key=self._order)
                high = figure.place(first)
                del firsts[high]
                low = figure.place(order)
                firsts.insert(low, (order, key))
            else:
                insort(members, report, key=self._order)
                low = high = figure.place(first)
        figure.rules[report.period_rule] += 1
        self._joined(figure, key, members, report, sources)
        for index in range(low, high + 1):
            self._write(figure, index, firsts[index][1], out)
        self._head(figure, out, whole=new)
        return True

    def _value(
        self,
        figure: _LiveFigure,
        key: tuple[Pair, ValueKey],
        members: list[FigureReport],
        sources: Sources,
    ) -> None:
        """Compute one value's fields and count its sources in its figure's status."""
        old = self.tallies.get(key)
        if old is not None:
            for origin, count in old.origins.items():
                left = figure.origins[origin] - count
                if left:
                    figure.origins[origin] = left
                else:
                    del figure.origins[origin]
            figure.confirmed -= old.confirmed
        tally = self.tallies[key] = _ValueTally()
        for source in sources([m.fact for m in members]):
            tally.add(source.article_id, source.origin, bool(source.confirmed_by))
        for origin, count in tally.origins.items():
            figure.origins[origin] += count
        figure.confirmed += tally.confirmed
        self._fields(key, members, tally)

    def _joined(
        self,
        figure: _LiveFigure,
        key: tuple[Pair, ValueKey],
        members: list[FigureReport],
        report: FigureReport,
        sources: Sources,
    ) -> None:
        """:meth:`_value` for a value one report joined (or made): the report's sources
        (one per quote) counted on in the value's tally and its figure's counts, without
        building them; a value the report made starts from an empty tally."""
        tally = self.tallies.get(key)
        articles = getattr(sources, "articles", None)
        if articles is None or (tally is None and (len(members) != 1 or members[0] is not report)):
            self._value(figure, key, members, sources)
            return
        if tally is None:
            tally = self.tallies[key] = _ValueTally()
        fact = report.fact
        confirmed = bool(fact.confirmed_by)
        for quote in fact.event.evidence:
            article_id = quote.article_id
            info = articles.get(article_id)
            origin = info.origin if info else f"article {article_id}"
            tally.add(article_id, origin, confirmed)
            figure.origins[origin] += 1
            figure.confirmed += confirmed
        self._fields(key, members, tally)

    def _fields(
        self, key: tuple[Pair, ValueKey], members: list[FigureReport], tally: _ValueTally
    ) -> None:
        value, _unit, whose = key[1]
        self.fields[key] = (
            value,
            members[0].unit.strip(),  # as its first report spells it
            whose,
            next((m.event.derived_from for m in members if m.event.derived_from), None),
            f"{tally.count} source(s): {', '.join(sorted(tally.articles))}",
            len(tally.origins),
        )

    def _write(
        self,
        figure: _LiveFigure,
        index: int,
        key: tuple[Pair, ValueKey],
        out: dict[str, JsonValue],
    ) -> None:
        prefix = f"figures.{figure.key}.values.{index}"
        for name, value in zip(_VALUE_FIELDS, self.fields[key], strict=True):
            out[f"{prefix}.{name}"] = value

    def _head(self, figure: _LiveFigure, out: dict[str, JsonValue], *, whole: bool) -> None:
        prefix = f"figures.{figure.key}"
        if whole:
            out[f"{prefix}.key"] = figure.key
            out[f"{prefix}.measure"] = self.measure
            out[f"{prefix}.period"] = str(self.period)
            out[f"{prefix}.economy"] = figure.economy
            out[f"{prefix}.partner"] = figure.partner
        out[f"{prefix}.period_rule"] = "; ".join(sorted(figure.rules))
        out[f"{prefix}.status"] = figure_status(
            distinct=len(figure.distinct),
            confirmed=figure.confirmed > 0,
            origins=len(figure.origins),
        )

    def _rebuild(self, sources: Sources) -> dict[str, JsonValue]:
        self.whole = False
        self._added = []
        self._gone = []
        self.named = {r.pair for r in self.reports if r.pair != (None, None)}
        self.figures = {}
        self.values = {}
        self.tallies = {}
        self.fields = {}
        for report in self.reports:
            pair = self._pair(report)
            figure, _new = self._figure(pair)
            key = (pair, value_key(report))
            found = self.values.get(key)
            if found is None:
                self.values[key] = [report]
                figure.firsts.append((self._order(report), key))
                figure.distinct[(key[1][0], key[1][1])] += 1
            else:
                found.append(report)
            figure.rules[report.period_rule] += 1
        by_key = {figure.key: pair for pair, figure in self.figures.items()}
        self.collided = len(by_key) < len(self.figures)
        paths: dict[str, JsonValue] = {}
        for pair, figure in self.figures.items():
            for index, (_order, key) in enumerate(figure.firsts):
                self._value(figure, key, self.values[key], sources)
                if by_key[figure.key] == pair:  # a later pair of the same key overwrites
                    self._write(figure, index, key, paths)
        for pair in by_key.values():
            self._head(self.figures[pair], paths, whole=True)
        out: dict[str, JsonValue] = {path: _MISSING for path in self.paths if path not in paths}
        out.update(paths)
        self.paths = paths
        return out


def _day_number(fields: dict[str, Any]) -> int:
    """A day-dated date's number, given its fields (a WorldDate's ``__dict__``): distinct
    days get distinct numbers, the same day of another year too, in the days' order
    (cheaper to make and hash than a ``datetime.date``)."""
    day: int = (fields["year"] * 13 + fields["month"]) * 32 + fields["day"]
    return day


class _ReportOrders(dict[int, tuple[AppliedFact, tuple[object, ...]]]):
    """:func:`report_order` of each report asked about, remembered (reports are immutable;
    it holds them, so their ids are never reused): a report is placed when it is filed,
    and again at each later report of its consolidation or figure."""

    __slots__ = ()

    def __call__(self, fact: AppliedFact) -> tuple[object, ...]:
        hit = self.get(id(fact))
        if hit is None:
            hit = self[id(fact)] = (fact, report_order(fact))
        return hit[1]

    def of_figure(self, report: FigureReport) -> tuple[object, ...]:
        """The order of a figure's report (its fact's)."""
        return self(report.fact)
