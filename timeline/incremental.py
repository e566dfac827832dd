"""Incremental rendering: a negotiation's state, flattened, kept up to date event by event.

Replay shows what every event changed in the state. Rendering and flattening the whole
state after each event costs what the negotiation holds, so replaying it is quadratic.
:class:`LiveRender` keeps instead, next to the fold:

- the facts consolidated per type, as they come (consolidation is a left fold in position
  order, see :class:`~timeline.domain.consolidation.Consolidator`), and trade figures per
  measure and period (figures of other buckets never change);
- the state flattened into ``path -> value`` pairs (:func:`flatten`), owned by *elements*: a
  meeting, a position, a stall, a figure, a proposal, or a whole part such as the status;

and after an event rebuilds only the elements built from what the event changed: the group
it joined or started, the parts built from its type (proposals, the agreement, the
termination clause, the next meeting), the status and the parties. The changes are the
paths whose value differs from the last call of :meth:`LiveRender.take_changes`.

What it does not follow incrementally it recomputes from the fold (a *resync*): an
analyst's judgement (a rejection sets a fact aside, a confirmation grades its group), the
retraction of a judged event (its judgement then says so), a retraction (consolidation is
not a right fold: removing a report may regroup later ones), an event filed twice, and
elements whose names collide (two facts sharing a fact id: the flattened state then keeps
the last, in the order only a full render gives).

Invariant: after every event, ``flat`` equals ``flatten(render(fold, as_of))``; the tests
check it against the full render on real and generated stores.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any
from uuid import UUID

from pydantic import BaseModel

from timeline.domain.consolidation import (
    Consolidator,
    FactGroup,
    SourceMemo,
    to_fact,
    world_date,
)
from timeline.domain.envelope import RecordedEvent
from timeline.domain.events import (
    ArticleIngested,
    ArticleRederived,
    EventJudged,
    EventRetracted,
)
from timeline.domain.figures import build_figures, figure_bucket
from timeline.domain.fold import AppliedFact, ArticleInfo, NegotiationFold
from timeline.domain.milestones import agreement as build_agreement
from timeline.domain.proposals import (
    IMPLYING_TYPES,
    LIFECYCLE_TYPES,
    LifecycleFold,
    implying_answer,
    lifecycle_order,
    may_be_implied,
    proposal_view,
)
from timeline.domain.render import (
    meeting_view,
    next_meeting_of,
    position_view,
    render,
    termination_of,
    visible_facts,
)
from timeline.domain.status import (
    Activity,
    MilestonePhase,
    after,
    decide_from,
    milestone_phase,
)
from timeline.domain.subjects import WordsOf
from timeline.domain.values import WorldDate, parties_code
from timeline.domain.views import DateNote, Fact, NegotiationState, Proposal

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
    lists of objects by each element's name, other lists joined, source lists summarised."""
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
    elif isinstance(value, list):
        if value:
            out[path] = ", ".join(str(v) for v in value)
    else:
        out[path] = value


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
        event = recorded.event
        self.seen += 1
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
                self._set("retracted", ", ".join(map(str, order)) if order else None)
                self._refresh()
            except _Collision:
                self._collided = True
                self._resync()
            return mine
        seen = recorded.event_id in fold.facts
        mine = fold.apply(recorded)
        fact = fold.facts.get(recorded.event_id)
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
        changes.sort(key=lambda change: change[0])
        return changes

    def state(self) -> NegotiationState:
        """The state of everything applied so far, rendered in full."""
        return render(self.fold, self.as_of)

    # -- the parts ------------------------------------------------------------------

    def _reset(self) -> None:
        self._consolidators: dict[str, Consolidator] = {}
        self._buckets: dict[tuple[str, WorldDate], list[AppliedFact]] = {}
        self._bucket_keys: dict[tuple[str, WorldDate], list[str]] = {}
        self._citing: dict[str, list[AppliedFact]] = {}
        self._group_of: dict[UUID, FactGroup] = {}
        self._days: Counter[date] = Counter()
        self._removed: list[FactGroup] = []
        self._views: dict[str, dict[int, BaseModel]] = {f: {} for f in GROUP_FIELDS.values()}
        self._milestones: dict[int, Fact] = {}
        self._parties: Counter[str] = Counter()
        self._latest: date | None = None
        self._elements: dict[tuple[str, str], tuple[object, tuple[str, ...], object]] = {}
        self._dirty_groups: dict[int, FactGroup] = {}
        self._sources = SourceMemo(self.fold.articles)
        self._live_lifecycle = _LiveLifecycle(self.fold.articles, self._sources, self.fold.words)
        self._signatures: dict[str, tuple[object, ...]] = {}
        self._proposals: dict[str, Proposal] = {}
        self._unlinked: list[str] = []
        self._dirty_types: set[str] = set()
        self._dirty_buckets: set[tuple[str, WorldDate]] = set()
        self._notes: list[DateNote] = []
        self._note_names: Counter[str] = Counter()
        """Date notes per flattened name: equal notes of distinct facts share one."""
        self._phase = milestone_phase([])
        self._after: dict[str, dict[object, BaseModel]] = {
            kind: {} for kind in ("proposals", "answered", *_ACTIVITY_FIELDS)
        }

    def _visible(self, fact: AppliedFact) -> bool:
        return self.as_of is None or world_date(fact.event).first_day() <= self.as_of

    def _file(self, fact: AppliedFact) -> None:
        """Add a visible fact to the parts and mark what it changes."""
        event = fact.event
        for side in (event.actor, event.target):
            if side:
                self._parties.update(side)
        when = world_date(event)
        first = when.first_day()
        self._days[first] += 1
        if self._latest is None or first > self._latest:
            self._latest = first
        if self.as_of is not None and when.precision != "day" and when.last_day() > self.as_of:
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
            bucket = figure_bucket(fact)
            self._buckets.setdefault(bucket, []).append(fact)
            self._dirty_buckets.add(bucket)
            return
        consolidator = self._consolidators.get(event.type)
        if consolidator is None:
            consolidator = self._consolidators[event.type] = Consolidator(self.fold.words)
        self._consolidate(consolidator, fact)

    def _consolidate(self, consolidator: Consolidator, fact: AppliedFact) -> None:
        group = consolidator.add(fact)
        self._group_of[fact.event_id] = group
        self._dirty_groups[id(group)] = group
        self._dirty_types.add(group.event.type)

    def _unfile(self, fact: AppliedFact) -> None:
        """Take a retracted visible fact out of the parts: its type's consolidation is
        rewound to the report before it and goes on without it."""
        event = fact.event
        for side in (event.actor, event.target):
            for party in side or ():
                self._parties[party] -= 1
                if self._parties[party] <= 0:
                    del self._parties[party]
        when = world_date(event)
        self._days[when.first_day()] -= 1
        if self._days[when.first_day()] <= 0:
            del self._days[when.first_day()]
        self._latest = max(self._days) if self._days else None
        if self.as_of is not None and when.precision != "day" and when.last_day() > self.as_of:
            name = f"f-{fact.event_id.hex[:10]}"
            self._note_names[name] -= 1
            if self._note_names[name] <= 0:  # another fact's equal note stays
                del self._note_names[name]
                self._drop("date_notes", name)
        if event.type == FIGURES:
            bucket = figure_bucket(fact)
            self._buckets[bucket] = [f for f in self._buckets[bucket] if f is not fact]
            self._dirty_buckets.add(bucket)
            return
        consolidator = self._consolidators[event.type]
        added = consolidator.added
        index = next(i for i in range(len(added) - 1, -1, -1) if added[i][0] is fact)
        undone = consolidator.rewind(index)
        gone = {id(group): group for _fact, group, created in undone if created}
        for group in gone.values():
            self._forget(group)
        for _fact, group, _created in undone:
            if id(group) not in gone:
                self._dirty_groups[id(group)] = group
        self._dirty_types.add(event.type)
        for later, _group, _created in undone[1:]:
            self._consolidate(consolidator, later)

    def _forget(self, group: FactGroup) -> None:
        """Drop the elements of a group that no longer exists."""
        self._dirty_groups.pop(id(group), None)
        self._milestones.pop(id(group), None)
        type_name = group.event.type
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
                self._dirty_buckets.add(figure_bucket(fact))
            else:
                group = self._group_of[fact.event_id]
                self._dirty_groups[id(group)] = group
                self._dirty_types.add(group.event.type)
        try:
            self._refresh()
        except _Collision:
            self._collided = True
            self._resync()

    def _groups(self, type_name: str) -> list[FactGroup]:
        consolidator = self._consolidators.get(type_name)
        return consolidator.groups if consolidator is not None else []

    def _refresh(self) -> None:
        """Rebuild the elements the marked groups, types and buckets feed; then the status."""
        articles = self.fold.articles
        lifecycle = [g for g in self._dirty_groups.values() if g.event.type in LIFECYCLE_TYPES]
        for group in self._dirty_groups.values():
            type_name = group.event.type
            field = GROUP_FIELDS.get(type_name)
            if type_name in MILESTONE_TYPES:
                self._milestones[id(group)] = to_fact(group, articles)
            if field is None:
                continue
            view: BaseModel
            if type_name == "position_stated":
                position = view = position_view(group, articles)
                name = f"{position.party}.{group.fact_id}"
            elif type_name in ("meeting_held", "round_scheduled"):
                if group.event.polarity != "positive" and type_name == "round_scheduled":
                    continue
                view = meeting_view(group, articles)
                name = group.fact_id
            else:
                view = to_fact(group, articles)
                name = group.fact_id
            self._views[field][id(group)] = view
            self._track(field, id(group), view)
            self._put(field, name, group, view)
        self._dirty_groups.clear()
        for bucket in self._dirty_buckets:
            figures = build_figures(self._buckets[bucket], articles, self._sources)
            for key in self._bucket_keys.get(bucket, ()):
                if key not in figures:
                    self._drop("figures", key)
            for key, figure in figures.items():
                self._put("figures", key, bucket, figure)
            self._bucket_keys[bucket] = list(figures)
        self._dirty_buckets.clear()
        types = self._dirty_types
        if types & MILESTONE_TYPES:
            milestones = self._milestone_list()
            self._whole("agreement", build_agreement(milestones))
            self._phase_to(milestone_phase(milestones))
        if "termination_clause_cited" in types:
            self._termination = termination_of(self._groups("termination_clause_cited"), articles)
            self._whole("termination_clause", self._termination)
        if types & {"round_scheduled", "meeting_held"}:
            self._next_meeting = next_meeting_of(
                self._groups("round_scheduled"), self._groups("meeting_held"), articles
            )
            self._whole("next_meeting", self._next_meeting)
        if lifecycle or self._removed:
            self._lifecycle(lifecycle)
        self._dirty_types = set()
        self._status()
        parties = sorted(self._parties)
        self._set("parties", ", ".join(parties) if parties else None)
        for note in self._notes:
            self._put("date_notes", note.fact_id, note, note)
        self._notes.clear()

    def _milestone_list(self) -> list[Fact]:
        return list(self._milestones.values())

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
                signature = _signature(entry, self._sources)
                if self._signatures.get(pid) == signature and pid in self._proposals:
                    continue  # folded again to the same proposal
                self._signatures[pid] = signature
                view = proposal_view(entry, articles, self._sources)
                self._proposals[pid] = view
                self._track("proposals", pid, view)
                self._put("proposals", pid, pid, view, compare=True)
        fold.touched.clear()
        low = fold.unlinked_low
        now = fold.unlinked[low:]
        for name in self._unlinked[low:]:  # their groups may be new objects now
            self._drop("unlinked_answers", name)
        for group, fact in now:
            self._put("unlinked_answers", fact.fact_id, group, fact, compare=True)
        self._unlinked[low:] = [fact.fact_id for _group, fact in now]
        fold.unlinked_low = len(fold.unlinked)

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
                after[key] = view
            else:
                after.pop(key, None)

    def _phase_to(self, phase: MilestonePhase) -> None:
        """A new milestone phase: refilter the activity after it (a later bound only drops
        items; an earlier one may bring any back)."""
        old, new = self._phase.bound, phase.bound
        self._phase = phase
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

    def _unset(self, path: str) -> None:
        if path in self.flat:
            self._pending.setdefault(path, self.flat.pop(path))

    def _write(self, key: tuple[str, str], owner: object, paths: dict[str, JsonValue]) -> None:
        entry = self._elements.get(key)
        if entry is not None:
            for path in entry[1]:
                if path not in paths:
                    self._unset(path)
        flat = self.flat
        pending = self._pending
        for path, value in paths.items():
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
        if entry is not None:
            if entry[0] is not owner and (isinstance(owner, FactGroup) or entry[0] != owner):
                raise _Collision(f"{field}.{name}")
            if compare and (entry[2] is view or entry[2] == view):
                self._elements[key] = (owner, entry[1], view)
                return
        paths: dict[str, JsonValue] = {}
        flatten(view.model_dump(mode="json"), f"{field}.{name}", paths)
        self._write(key, owner, paths)
        self._elements[key] = (owner, tuple(paths), view)

    def _whole(self, field: str, view: BaseModel, *, compare: bool = False) -> None:
        """Flatten a field made of one view."""
        key = (field, "")
        entry = self._elements.get(key)
        if compare and entry is not None and entry[2] == view:
            return
        paths: dict[str, JsonValue] = {}
        flatten(view.model_dump(mode="json"), field, paths)
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
        articles = self.fold.articles
        self._termination = termination_of(self._groups("termination_clause_cited"), articles)
        self._next_meeting = next_meeting_of(
            self._groups("round_scheduled"), self._groups("meeting_held"), articles
        )
        self._dirty_types = {
            *self._consolidators,
            *MILESTONE_TYPES,
            *LIFECYCLE_TYPES,
            "termination_clause_cited",
            "round_scheduled",
            "meeting_held",
        }
        self._dirty_buckets = set(self._buckets)
        pending = dict(self._pending)
        self._refresh()
        self._pending = pending


_MISSING = object()


def _signature(entry: Any, sources: SourceMemo) -> tuple[object, ...]:
    """What a proposal's view is made of: the same signature, the same view."""
    return (
        entry.group,
        sources(entry.group.members),
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
        entry.answer_sources,
        tuple(entry.history),
    )


_ACTIVITY_FIELDS = ("meetings_held", "meetings_scheduled", "stalls")


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

    def __init__(
        self, articles: dict[str, ArticleInfo], sources: SourceMemo, words: WordsOf
    ) -> None:
        self.fold = LifecycleFold(articles, journal=True, sources=sources, words=words)
        self.keys: list[tuple[date, int, int]] = []
        self.ordered: list[FactGroup] = []
        self._answers: dict[str, list[FactGroup]] = {}
        self._proposals: dict[str, list[FactGroup]] = {}
        self._articles_of: dict[int, set[str]] = {}
        self._pairs: dict[int, tuple[FactGroup, FactGroup]] = {}

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
        for group in removed:
            index = self._index(group)
            low = min(low, index)
            del self.keys[index]
            del self.ordered[index]
            articles = self._articles_of.pop(id(group))
            for article in articles:
                for table in (self._answers, self._proposals):
                    listed = table.get(article)
                    if listed is not None:
                        listed[:] = [g for g in listed if g is not group]
            touched_articles |= articles
            unpaired |= self._pairs.pop(id(group), None) is not None
        if unpaired:
            self.fold.set_implied(
                sorted(self._pairs.values(), key=lambda pair: lifecycle_order(pair[0]))
            )
        for group in changed:
            known = self._articles_of.get(id(group))
            if known is None:
                key = lifecycle_order(group)
                index = bisect_left(self.keys, key)
                self.keys.insert(index, key)
                self.ordered.insert(index, group)
                added = set(group.articles)
                self._articles_of[id(group)] = added
            else:
                added = group.articles - known
                known |= added
            self._file(group, added)
            touched_articles |= group.articles
        for group in changed:
            low = min(low, self._index(group))
        low = self._relink(touched_articles, low)
        self.fold.rewind(low)
        for group in self.ordered[len(self.fold.marks) :]:
            self.fold.step(group)

    def _relink(self, articles: set[str], low: int) -> int:
        """Recompute the implied pairs of the proposals citing ``articles``; the lowest
        index whose fold changes."""
        proposals = {id(p): p for a in articles for p in self._proposals.get(a, ())}
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
