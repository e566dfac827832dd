"""Consolidation: reports of the same world event, from several articles, become one fact.

The store keeps one event per article and statement. Two reports are merged when one of
these rules holds (checked in this order; the first that holds is recorded on the fact):

- ``M1 one-clause``: both cite the agreement's termination clause (an agreement has one).
- ``M2 same-milestone``: both report the same agreement milestone (reached, signed, ratified,
  in force) by the same parties at compatible dates (``WorldDate.compatible_with``).
- ``M3 same-day``: for types that happen once per parties and day (meetings, answers to
  proposals, joint studies, counter-proposals, schedules, stalls, threats): same type, actor,
  target and polarity, both dated to the same day.
- ``M4 similar-subject``: same type, actor, target and polarity, compatible dates (or both
  undated), and subjects that share at least half of the shorter one's key words
  (after folding synonyms such as revise/amend/modify or deal/pact/FTA). For stated
  positions the quotes are compared instead (``M4 similar-statement``): a party states
  many positions a day, and a generic subject ("KR states its position") says nothing of
  which one.

Reports are consolidated in :func:`report_order` (day-dated before month- and year-dated,
then by world date, publication day, article, place in it and event id), never in store
order: the groups, their first reports (which give a fact its id, subject and date) and
everything built from them are a function of the set of events, whatever order the
articles were ingested in.

Two reports from the same article are never merged (the store's unit is one event per
article and statement, so they are distinct statements). A report is compared with each
group's first report (groups are bucketed by type, parties and date, so a report meets
only groups it could merge with). Trade figures are not merged here: they are grouped per
measure and period in :mod:`timeline.domain.figures`, where differing values become disputes.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from operator import attrgetter
from typing import Any, Protocol, TypeVar, cast
from uuid import UUID

from timeline.domain.fold import AppliedFact, ArticleInfo, Report
from timeline.domain.model_slots import new_model, set_dict, set_extra, set_fields_set, set_private
from timeline.domain.subjects import KeyWords, WordsOf, key_words, similarity
from timeline.domain.support import grade
from timeline.domain.values import WorldDate, fields_compatible, parties_code
from timeline.domain.views import Fact, Source, shared_fields_set, trusted_dict

V = TypeVar("V")
T = TypeVar("T")

MILESTONES = frozenset(
    {"agreement_reached", "agreement_signed", "agreement_ratified", "agreement_in_force"}
)
DAY_UNIQUE = frozenset(
    {
        "meeting_held",
        "proposal_rejected",
        "proposal_accepted",
        "joint_study_proposed",
        "counter_proposal_made",
        "round_scheduled",
        "talks_stalled",
        "withdrawal_threatened",
    }
)
SIMILARITY_THRESHOLD = 0.5
QUOTED_TYPES = frozenset({"position_stated"})
"""Types whose reports are compared by their quotes rather than their subjects."""


def world_date(event: Report) -> WorldDate:
    """The event's world date: when it occurred, else the day the article reported it."""
    return event.occurred if event.occurred is not None else WorldDate.of_day(event.reported_on)


def first_day_of(event: Report) -> date:
    """The first day of :func:`world_date` (without building a ``WorldDate``)."""
    occurred = event.occurred
    if occurred is None:
        return event.reported_on
    when = occurred.__dict__  # its fields (a model's attributes cost more to read)
    return date(when["year"], when["month"] or 1, when["day"] or 1)


def report_order(fact: AppliedFact) -> tuple[object, ...]:
    """Where a report stands in consolidation: the most precisely dated first (so a group's
    first report, which dates and names it, is its most precise one), then by world date,
    publication day, the article and place of its first quote, and event id (as a number:
    the order of its hex digits). Store order plays no part. (Sorting calls it once per
    report: it reads the world date's fields instead of building a ``WorldDate`` for an
    undated report and a ``date`` per call.)"""
    event = fact.event
    occurred = event.occurred
    if occurred is None:
        rank, first_day = 0, event.reported_on
    else:
        when = occurred.__dict__  # its fields (a model's attributes cost more to read)
        day, month = when["day"], when["month"]
        rank = 0 if day is not None else 1 if month is not None else 2
        first_day = date(when["year"], month or 1, day or 1)
    evidence = event.evidence
    if evidence:
        first = evidence[0]
        article, start = first.article_id, first.start
        return (rank, first_day, event.reported_on, article, start, fact.event_id.int)
    return (rank, first_day, event.reported_on, "", 0, fact.event_id.int)


def merge_rule(first: Report, other: Report, words: WordsOf = key_words) -> str | None:
    """The rule under which ``other`` reports the same world event as ``first``, or None.

    (Each world date's fields are read once, from its ``__dict__``: a model's attribute,
    a method's included, costs several times a dict's item, and consolidation compares
    reports by the hundred thousand; same-day dates compare by their fields, as a
    pydantic model of one class without extras compares.)"""
    kind = first.type
    if kind != other.type:
        return None
    if kind == "termination_clause_cited":
        return "M1 one-clause"
    if first.actor != other.actor or first.target != other.target:
        return None
    if first.polarity != other.polarity:
        return None
    first_when, other_when = first.occurred, other.occurred
    if first_when is None or other_when is None:
        if first_when is not other_when:  # one dated, the other not: never the same
            return None
    else:
        mine, theirs = first_when.__dict__, other_when.__dict__
        if kind in MILESTONES:
            return "M2 same-milestone" if fields_compatible(mine, theirs) else None
        if (
            kind in DAY_UNIQUE
            and mine["day"] is not None
            # the same instance, most often (decoding shares equal dates)
            and (first_when is other_when or mine == theirs)
        ):
            return "M3 same-day"
        if not fields_compatible(mine, theirs):
            return None
    if kind in QUOTED_TYPES:
        score = similarity(_statement(first), _statement(other), words)
        name = "M4 similar-statement"
    else:
        score = similarity(first.subject, other.subject, words)
        name = "M4 similar-subject"
    if score >= SIMILARITY_THRESHOLD:
        return f"{name} ({score:.2f})"
    return None


def _statement(report: Report) -> str:
    evidence = report.evidence
    if len(evidence) == 1:  # the quote itself (its hash is kept: the key words memo reads it)
        return evidence[0].quote or report.subject
    return " ".join(quote.quote for quote in evidence) or report.subject


Merge = tuple[AppliedFact, str]
"""A report merged into a group and the rule that merged it: its note, not yet written."""


@dataclass(slots=True)
class FactGroup:
    """Reports merged into one fact; ``notes`` says which rule merged each later report.

    ``merges`` holds the notes, each written when first read (:func:`merge_note`; until
    then the report and its rule): most groups' notes are read by no view (positions',
    meetings', proposals'), and writing one formats the report's event id. Equal groups
    have the same reports, articles and notes, written or not."""

    members: list[AppliedFact]
    articles: set[str]
    merges: list[str | Merge] = field(default_factory=list)
    _named: tuple[AppliedFact, str] | None = field(default=None, compare=False, repr=False)
    """The first report and the :attr:`fact_id` it gives, once asked (a hex formatting of
    its id, asked for each report that joins and each view)."""

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FactGroup):
            return NotImplemented
        return (self.members, self.articles, self.notes) == (
            other.members,
            other.articles,
            other.notes,
        )

    @property
    def notes(self) -> list[str]:
        """The merge notes, in the order the reports joined (those not yet written are
        written now, in place)."""
        merges = self.merges
        for index, merge in enumerate(merges):
            if type(merge) is tuple:
                merges[index] = merge_note(merge[0], self.fact_id, merge[1])
        return cast(list[str], merges)

    @property
    def first(self) -> AppliedFact:
        return self.members[0]

    @property
    def event(self) -> Report:
        return self.members[0].event

    @property
    def fact_id(self) -> str:
        first = self.members[0]
        named = self._named
        if named is None or named[0] is not first:
            named = self._named = (first, fact_id_of(first))
        return named[1]


def merge_note(fact: AppliedFact, fact_id: str, rule: str) -> str:
    """The note saying that report ``fact`` joined the group of fact ``fact_id`` by ``rule``."""
    return f"{fact.event_id} merged into {fact_id} by {rule}"


def fact_id_of(fact: AppliedFact) -> str:
    """A deterministic id for the fact a report starts: ``f-`` and 10 hex digits of its id."""
    return f"f-{id_prefix(fact.event_id)}"


def id_prefix(event_id: UUID) -> str:
    """The first 10 of an id's 32 hex digits (``event_id.hex[:10]``, its 40 high bits, without
    writing all 32: ids are named by the ten thousand when a large state is rendered)."""
    return f"{event_id.int >> 88:010x}"


def article_ids(fact: AppliedFact) -> set[str]:
    return {evidence.article_id for evidence in fact.event.evidence}


def merge_key(event: Report) -> tuple[object, ...]:
    """What two reports must share to be merged at all (type first): only reports of one
    key are ever compared, so each key's groups can be folded on their own."""
    if event.type == "termination_clause_cited":
        return (event.type,)
    return (event.type, event.actor, event.target, event.polarity)


_base = merge_key


class _Buckets:
    """Groups indexed so a report is compared only with groups it could merge with.

    A day-dated report can merge only with groups of the same day or coarse groups (month,
    year) of its year; a coarse report with any group of its year; an undated report with
    undated groups. Candidates keep the groups' creation order.
    """

    __slots__ = ("by_day", "by_year", "coarse", "undated", "whole")

    def __init__(self) -> None:
        self.by_day: dict[tuple[object, ...], list[tuple[int, FactGroup]]] = {}
        self.by_year: dict[tuple[object, ...], list[tuple[int, FactGroup]]] = {}
        self.coarse: dict[tuple[object, ...], list[tuple[int, FactGroup]]] = {}
        self.undated: dict[tuple[object, ...], list[tuple[int, FactGroup]]] = {}
        self.whole: dict[tuple[object, ...], list[tuple[int, FactGroup]]] = {}

    def candidates(self, event: Report) -> list[FactGroup]:
        base = _base(event)
        if len(base) == 1:
            return [g for _, g in self.whole.get(base, ())]
        when = event.occurred
        if when is None:
            return [g for _, g in self.undated.get(base, ())]
        fields = when.__dict__  # its fields (a model's attributes cost more to read)
        year = (*base, fields["year"])
        if fields["day"] is not None:
            same_day = self.by_day.get((*year, fields["month"], fields["day"]))
            coarse = self.coarse.get(year)
            if not coarse:
                return [g for _, g in same_day] if same_day else []
            if not same_day:
                return [g for _, g in coarse]
            found = [*same_day, *coarse]
            found.sort(key=_creation)
            return [g for _, g in found]
        return [g for _, g in self.by_year.get(year, ())]

    def add(self, index: int, group: FactGroup) -> None:
        event = group.event
        base = _base(event)
        entry = (index, group)
        self.whole.setdefault(base, []).append(entry)
        when = event.occurred
        if when is None:
            self.undated.setdefault(base, []).append(entry)
            return
        fields = when.__dict__  # its fields (a model's attributes cost more to read)
        year = (*base, fields["year"])
        self.by_year.setdefault(year, []).append(entry)
        if fields["day"] is not None:
            self.by_day.setdefault((*year, fields["month"], fields["day"]), []).append(entry)
        else:
            self.coarse.setdefault(year, []).append(entry)

    def remove_last(self, group: FactGroup) -> None:
        """Undo :meth:`add` of the group added last."""
        event = group.event
        base = _base(event)
        self.whole[base].pop()
        when = event.occurred
        if when is None:
            self.undated[base].pop()
            return
        fields = when.__dict__
        year = (*base, fields["year"])
        self.by_year[year].pop()
        if fields["day"] is not None:
            self.by_day[(*year, fields["month"], fields["day"])].pop()
        else:
            self.coarse[year].pop()


def _creation(pair: tuple[int, FactGroup]) -> int:
    return pair[0]


class Consolidator:
    """Reports grouped as they come: a left fold, so reports added later give the groups
    that consolidating all of them at once gives. Callers add them in :func:`report_order`
    (:meth:`insertion_index` says where a report goes; :meth:`rewind` makes room).

    Invariant: ``groups`` keep the order of their first report; adding a report either
    appends it to the first earlier group it merges with (a group's members grow, in place)
    or starts a new group. ``added`` lists every report added, with its group and whether
    it started it, so the fold can be rewound (:meth:`rewind`).

    A consolidator told that its reports are all of one bucket (``one_bucket``: of one
    merge key and either one day, or undated, or a key without dates such as the
    termination clause's, as a caller that splits reports so gives them) compares each
    report with every group: the groups it is given are those :class:`_Buckets` would give
    (all of them, in the order they were made), without indexing them.
    """

    __slots__ = ("_buckets", "_log", "_words", "added", "groups")

    def __init__(
        self, words: WordsOf | None = None, *, one_bucket: bool = False, log: bool = True
    ) -> None:
        self._words = KeyWords() if words is None else words
        self.groups: list[FactGroup] = []
        self.added: list[tuple[AppliedFact, FactGroup, bool]] = []
        self._log = log
        """Whether ``added`` lists the reports (False: it stays empty, and the consolidator
        can be neither rewound nor asked where a report goes: rendering's, made for one
        state)."""
        self._buckets = None if one_bucket else _Buckets()

    def rewind(self, count: int) -> list[tuple[AppliedFact, FactGroup, bool]]:
        """Undo every report added after the first ``count``, leaving the groups as they
        were then; returns the undone ``added`` entries, oldest first."""
        undone = self.added[count:]
        shrunk: dict[int, FactGroup] = {}
        for _fact, group, created in reversed(undone):
            if created:
                self.groups.pop()
                if self._buckets is not None:
                    self._buckets.remove_last(group)
            else:
                group.members.pop()
                group.merges.pop()
                shrunk[id(group)] = group
        # a group's articles are its remaining reports': gathered once per group that lost
        # reports, not once per report undone (a rewind through a large group undoes many)
        for group in shrunk.values():
            group.articles = {a for member in group.members for a in article_ids(member)}
        del self.added[count:]
        return undone

    def insertion_index(self, fact: AppliedFact) -> int:
        """How many of the reports added come before ``fact`` in :func:`report_order`."""
        key = report_order(fact)
        added = self.added
        low, high = 0, len(added)
        while low < high:
            middle = (low + high) // 2
            if report_order(added[middle][0]) < key:
                low = middle + 1
            else:
                high = middle
        return low

    def add(self, fact: AppliedFact) -> FactGroup:
        """File one report; returns the group it joined or started."""
        event = fact.event
        articles = article_ids(fact)
        words = self._words
        buckets = self._buckets
        for group in self.groups if buckets is None else buckets.candidates(event):
            if not group.articles.isdisjoint(articles):
                continue
            rule = merge_rule(group.event, event, words)
            if rule is not None:
                group.members.append(fact)
                group.articles |= articles
                group.merges.append((fact, rule))  # its note is written when read
                if self._log:
                    self.added.append((fact, group, False))
                return group
        group = FactGroup([fact], set(articles))
        if buckets is not None:
            buckets.add(len(self.groups), group)
        self.groups.append(group)
        if self._log:
            self.added.append((fact, group, True))
        return group

    def join(self, fact: AppliedFact, group: FactGroup | None, note: str | None) -> FactGroup:
        """File a report where a :class:`Grouping` says the fold puts it: into ``group``
        with its merge ``note`` (as :meth:`add` wrote it), or (None) as a new group. The
        new group is not bucketed: only :meth:`adopt` makes a key's joined groups
        candidates of later :meth:`add` calls."""
        if group is None or note is None:
            group = FactGroup([fact], article_ids(fact), [])
            self.groups.append(group)
            if self._log:
                self.added.append((fact, group, True))
            return group
        group.members.append(fact)
        articles = group.articles
        for evidence in fact.event.evidence:
            articles.add(evidence.article_id)
        group.merges.append(note)
        if self._log:
            self.added.append((fact, group, False))
        return group

    def adopt(self, groups: Iterable[tuple[int, FactGroup]]) -> None:
        """Bucket groups filed by :meth:`join` (of one merge key, with their places in
        ``groups``, in the order they were made), so that reports added after them meet
        them as :meth:`add` would have (one bucket: every group is a candidate already)."""
        if self._buckets is None:
            return
        for index, group in groups:
            self._buckets.add(index, group)


@dataclass(slots=True)
class Grouping:
    """How consolidation grouped a set of reports, known beforehand (a fold snapshot keeps
    it, :mod:`timeline.projections.snapshots`), so that rendering files them without
    comparing them again.

    Consolidation is a left fold per merge key in :func:`report_order`: the groups of a
    key's first ``n`` reports are the same whatever reports come after them. So for each
    key, while the reports rendered are, in order, the first ones of the key's sequence
    here, each is filed where the sequence says; from the first report that differs (one
    added since, or one missing: retracted, set aside, or dated after an ``as_of``), the
    key's reports are consolidated as usual, after its groups so far.

    The reports known are numbered by their rank in :func:`report_order` (``order``, by
    store position: one event's, cheaper to look up than its id, whose hash is computed in
    Python). Per rank, ``key_of`` gives the number of the report's key (-1: none, a trade
    figure). Per key, ``rows[key]`` lists the ranks of its sequence's reports, in order,
    and ``joins[key][i]`` says what the sequence's ``i``-th report did: 0, it started a
    group; ``g + 1``, it joined the key's ``g``-th group (in the order they were started),
    with the merge note consolidation wrote (which names the report, the group's first
    report and the rule: the same while the key's reports follow the sequence), the next
    of ``notes[key]`` (the notes of the key's reports that join a group, in order);
    ``keys`` maps a merge key to its number. (Columns as the snapshot writes them, and one
    number per rank filled in C: no tuple per report.)
    """

    order: dict[int, int]
    """The reports' ranks in :func:`report_order` by store position (one event's, whose
    order depends only on it), for every report known beforehand, trade figures included:
    rendering sorts only the others (:func:`timeline.domain.render.visible_facts`)."""
    key_of: Sequence[int]
    rows: list[Sequence[int]]
    joins: list[Sequence[int]]
    notes: list[list[str]]
    keys: dict[tuple[object, ...], int]


def consolidate(facts: Iterable[AppliedFact], words: WordsOf | None = None) -> list[FactGroup]:
    """Group reports of the same world event, taken in :func:`report_order`; the groups
    keep their first report's order."""
    consolidator = Consolidator(words)
    for fact in sorted(facts, key=report_order):
        consolidator.add(fact)
    return consolidator.groups


def sources_of(
    members: Sequence[AppliedFact], articles: dict[str, ArticleInfo]
) -> tuple[Source, ...]:
    """Every evidence item of the reports, as sources naming article, origin and rule."""
    return sources_in(articles, members)


def sources_in(
    articles: dict[str, ArticleInfo], members: Sequence[AppliedFact]
) -> tuple[Source, ...]:
    """:func:`sources_of`, the articles first: ``partial(sources_in, articles)`` is the
    :data:`Sources` of ``articles`` (a partial of positional arguments: rendering asks for
    sources by the ten thousand, and one of keyword arguments makes a dict per call)."""
    out: list[Source] = []
    get = articles.get
    for fact in sorted(members, key=_by_position) if len(members) > 1 else members:
        event = fact.event
        for evidence in event.evidence:
            article_id = evidence.article_id
            info = get(article_id)
            source = new_model(Source)  # trusted_dict(Source, ...) written out
            set_fields_set(source, _SOURCE_FIELDS)
            set_extra(source, None)
            set_private(source, None)
            out.append(source)
            set_dict(
                source,
                {  # every field of a Source, in order (a test checks)
                    "event_id": fact.event_id,
                    "position": fact.position,
                    "event_type": event.type,
                    "article_id": article_id,
                    "outlet": info.outlet if info else None,
                    "wire": info.wire if info else None,
                    "origin": info.origin if info else f"article {article_id}",
                    "quote": evidence.quote,
                    "start": evidence.start,
                    "end": evidence.end,
                    "rule_id": event.rule_id,
                    "confidence": event.confidence,
                    "reported_on": event.reported_on,
                    "confirmed_by": fact.confirmed_by,
                },
            )
    return tuple(out)


_SOURCE_FIELDS = shared_fields_set(Source)


_by_position = attrgetter("position")
"""A report's store position, as a sort key called in C."""


class ReportSources:
    """:func:`sources_of`, remembered by the identity of the reports while the articles'
    metadata is the same (sources are immutable views, so states may share them).

    Kept by whoever keeps the reports between folds (a restored fold snapshot, whose
    records every fold from it shares: :mod:`timeline.projections.snapshots`), for groups
    of reports up to ``upto`` (a store position: the reports filed after it are made afresh
    by every fold and are not kept). :meth:`bind` gives the sources of a fold's articles,
    forgetting everything when they differ from the last fold's. Holds the reports it
    keeps, so their ids are never reused.

    Bounded: folds as of many dates give groups of many compositions, so each table holds
    at most :data:`GROWTH` times what the first fold filled it with (at least
    :data:`FLOOR` entries) and starts again empty when full."""

    GROWTH = 4
    FLOOR = 1024

    __slots__ = ("_articles", "_kept", "_limit", "_views", "upto")

    def __init__(self, upto: int) -> None:
        self.upto = upto
        self._limit: int | None = None
        self._articles: dict[str, ArticleInfo] = {}
        self._kept: dict[object, tuple[tuple[AppliedFact, ...], tuple[Source, ...]]] = {}
        self._views: dict[object, tuple[tuple[AppliedFact, ...], object]] = {}

    def bind(self, articles: dict[str, ArticleInfo]) -> Sources:
        """:func:`sources_of` with ``articles``."""
        if self._limit is None and (self._kept or self._views):  # after the first fold
            self._limit = self.GROWTH * max(len(self._kept), len(self._views), self.FLOOR)
        if self._articles != articles:
            self._kept.clear()
            self._views.clear()
            self._articles = dict(articles)
        return partial(self._sources, articles)

    def viewer(self, articles: dict[str, ArticleInfo], sources: Sources) -> Viewer:
        """The views of groups (``make(group, articles, sources)``, a function of the
        group's reports, its merge notes and the articles only, such as :func:`to_fact`),
        remembered like their sources (call after :meth:`bind` with the same ``articles``
        and give what it returned): views are immutable, so states may share them."""
        return partial(self._view, articles, sources)

    def _view(
        self,
        articles: dict[str, ArticleInfo],
        sources: Sources,
        make: Callable[[FactGroup, dict[str, ArticleInfo], Sources], V],
        group: FactGroup,
    ) -> V:
        members = group.members
        key: object = (
            (make, id(members[0]))  # most groups: one report, no notes
            if len(members) == 1
            else (make, tuple(map(id, members)), tuple(group.notes))
        )
        return self._remembered(self._views, key, members, make, group, articles, sources)

    def _remembered(
        self,
        table: dict[Any, Any],
        key: object,
        members: Sequence[AppliedFact],
        make: Callable[..., V],
        *args: Any,
    ) -> V:
        """``make(*args)`` for ``members``, remembered in ``table`` under ``key`` when every
        member is at or before the snapshot's position."""
        found = table.get(key)
        if found is not None:
            return found[1]  # type: ignore[no-any-return]
        made = make(*args)
        last = members[0].position if len(members) == 1 else max(map(_by_position, members))
        if last <= self.upto:
            self._keep(table, key, (tuple(members), made))
        return made

    def _keep(self, table: dict[Any, Any], key: Any, value: Any) -> None:
        if self._limit is not None and len(table) >= self._limit:
            table.clear()
        table[key] = value

    def _sources(
        self, articles: dict[str, ArticleInfo], members: Sequence[AppliedFact]
    ) -> tuple[Source, ...]:
        key: object = id(members[0]) if len(members) == 1 else tuple(map(id, members))
        return self._remembered(self._kept, key, members, sources_in, articles, members)


Sources = Callable[[Sequence[AppliedFact]], tuple[Source, ...]]
"""How a view gets the sources of its reports (:func:`sources_of`, or a :class:`SourceMemo`)."""


class Viewer(Protocol):
    """How rendering gets the view of a group (see :meth:`ReportSources.viewer`)."""

    def __call__(
        self, make: Callable[[FactGroup, dict[str, ArticleInfo], Sources], V], group: FactGroup
    ) -> V: ...


class SourceMemo:
    """:func:`sources_of`, remembered by the identity of the reports: facts are immutable,
    so the same reports give the same sources while the articles are unchanged (call
    :meth:`clear` when one changes). Holds the reports it was asked about, so their
    identities are never reused."""

    __slots__ = ("_memo", "articles")

    def __init__(self, articles: dict[str, ArticleInfo]) -> None:
        self.articles = articles
        self._memo: dict[tuple[int, ...], tuple[tuple[AppliedFact, ...], tuple[Source, ...]]] = {}

    def __call__(self, members: Sequence[AppliedFact]) -> tuple[Source, ...]:
        key = tuple(map(id, members))
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = (tuple(members), sources_of(members, self.articles))
        return found[1]

    def clear(self) -> None:
        self._memo.clear()


def independent_count(sources: Sequence[Source]) -> int:
    """Distinct origins: copies of the same wire story (or outlet) count once (one source,
    most groups': one origin, no set made)."""
    if len(sources) == 1:
        return 1
    return len({source.origin for source in sources})


def to_fact(
    group: FactGroup, articles: dict[str, ArticleInfo], sources_for: Sources | None = None
) -> Fact:
    """The output view of a group of reports."""
    event = group.event
    sources = (sources_for or partial(sources_in, articles))(group.members)
    independent = independent_count(sources)
    members = group.members
    if len(members) == 1:  # most groups (no generator made)
        confidence = event.confidence
        confirmed = bool(members[0].confirmed_by)
    else:
        confidence = max(member.event.confidence for member in members)
        confirmed = any(member.confirmed_by for member in members)
    return trusted_dict(  # every field of a Fact, in order (a test checks)
        Fact,
        {
            "fact_id": group.fact_id,
            "type": event.type,
            "actor": parties_code(event.actor),
            "target": parties_code(event.target),
            "subject": event.subject,
            "date": event.occurred,
            "precision": event.occurred.precision if event.occurred is not None else None,
            "polarity": event.polarity,
            "modality": event.modality,
            "sources": sources,
            "independent_sources": independent,
            "confidence": confidence,
            "support": grade(independent, confidence, confirmed=confirmed),
            "merge_rules": tuple(group.notes),
        },
    )


def inserted_in_order(ordered: list[T], others: list[T], key: Callable[[T], Any]) -> list[T]:
    """``ordered`` (already in ``key`` order) with ``others`` sorted and each put in place
    by bisection (before the items of ``ordered`` with an equal key): a sort of both
    together with a few key computations each, when ``others`` are few."""
    others.sort(key=key)
    out: list[T] = []
    start = 0
    for item in others:
        at = bisect_left(ordered, key(item), start, key=key)
        out.extend(ordered[start:at])
        out.append(item)
        start = at
    out.extend(ordered[start:])
    return out
