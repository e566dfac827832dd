"""Persisted fold snapshots: a negotiation's fold accumulator at a store position.

A historical state (``as_of``, ``known_at`` before the checkpoint, ``explain``) is folded
from a negotiation's indexed events. A snapshot keeps what that fold accumulated from the
events up to store position ``P`` (:class:`timeline.domain.fold.NegotiationFold`: facts,
facts set aside, retractions, judgements, the negotiation's own articles), so a later fold
starts from it and decodes and files only the events after ``P``.

Why that is the fold from scratch: the fold is a left fold over the negotiation's events in
position order, and the index only ever adds positions above the checkpoint; the state
renders the accumulated facts in an order of their own (never the order they were filed
in). So "the accumulator after the events up to ``P``, then the events after ``P``" equals
"every event", for any ``as_of`` (facts dated after a horizon are dropped when the snapshot
is loaded, as the fold would not have filed them) and for any ``known_at`` at or after
``P`` (a timestamp: when every event in the snapshot was recorded at or before it). The
articles of other negotiations the evidence cites are not in it: they are looked up in the
index at every fold, as a fold from scratch does, and article re-derivations that named an
article the snapshot did not hold are kept aside to apply to them.

Documents, in the index's projection (``negotiation_index``), so a rebuild drops them with
the index and every write re-asserts the index's checkpoint (``expected``):

- ``g/<negotiation>``: the directory, ``{"version": V, "entries": [[slot, P, T, E, D], ...]}``:
  ``V`` the fold version (:func:`timeline.fold_version.fold_version`) that wrote the
  snapshots (another version: none is used, and the next write starts afresh), per snapshot
  its slot, its position ``P``, the latest ``recorded_at`` of its events ``T`` (ISO), the
  count ``E`` of indexed events up to ``P`` and the SHA-256 ``D`` of its document (a
  document whose digest is not the one listed is not used: a snapshot altered after it was
  written is never restored);
- ``f/<negotiation>/<slot>``: one snapshot, compact JSON (:func:`encode`), its facts (and those
  set aside) as columns, each distinct value written once
  (:mod:`timeline.projections.snapshot_facts`: a third of the decoding of one array per
  fact), in :func:`~timeline.domain.consolidation.report_order` (the order rendering takes
  them in: the restored fold keeps it, so rendering sorts only the facts filed after it). At most
  :data:`SLOTS` are kept per negotiation; a new one replaces the one whose loss leaves the
  smallest gap of positions (the newest is always kept). Beside the accumulator it keeps
  how consolidation groups its facts (``groups``, per merge key in report order), so that
  rendering files the facts that still follow a key's sequence without comparing them
  again (:class:`timeline.domain.consolidation.Grouping`: consolidation is a left fold per
  key, so the grouping of a key's first reports holds whatever comes after them, and a
  key is consolidated as before from its first report that differs), and what the proposal
  lifecycle of those groups read and decided at each step (``lifecycle``,
  :func:`timeline.domain.proposals.lifecycle_log`: rendering takes the decisions of the
  steps that still read the same reports, and searches from the first that does not).

A snapshot is written when a fold that could use one had to file at least
:func:`interval` events after the best snapshot it found: by ``state`` folding a historical
state (at ``min(known_at, checkpoint)``), and after a catch-up that renders the latest states
(``timeline projections catch-up``/``rebuild``). A historical state keeps it with the
consolidation its rendering made (:func:`encode` given it: nothing consolidated twice).
``verify`` folds each current snapshot's events again and compares the documents byte for
byte.

A runner remembers the snapshot it last restored (:class:`SnapshotMemo`), with the digest
of the document it was decoded from (checked against the directory then): the fact records
are immutable, so a later fold that finds the same digest in the directory restores them
into fresh dicts without reading the document again (25 MB for the largest negotiation of
a million events), and renders with the sources of their groups built before
(:class:`timeline.domain.consolidation.ReportSources`, while the articles' metadata is the
same; remembered from the second fold of a restored snapshot on: a runner asked once, as a
CLI command is, does not pay for the memo). What the memo restores is therefore always the
document the directory lists now.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from itertools import accumulate, repeat
from operator import attrgetter, le
from typing import Any
from uuid import UUID

from pydantic_core import from_json, to_json

from timeline.domain.consolidation import (
    FactGroup,
    Grouping,
    ReportSources,
    merge_key,
    report_order,
)
from timeline.domain.envelope import RecordedEvent
from timeline.domain.events import ArticleIngested, ArticleRederived, NegotiationEvent
from timeline.domain.fold import (
    AppliedFact,
    ArticleInfo,
    FiledJudgement,
    NegotiationFold,
)
from timeline.domain.proposals import LIFECYCLE_TYPES, LoggedSteps, lifecycle_log
from timeline.domain.render import Consolidated, groups_by_type
from timeline.domain.subjects import KeyWords
from timeline.errors import ConcurrencyError, StoreError
from timeline.fold_version import fold_version
from timeline.projections.index import (
    ARTICLE,
    PROJECTION,
    Documents,
    EventsAt,
    IndexView,
    decode_article,
    positions_in,
)
from timeline.projections.negotiation import KnownAt, known
from timeline.projections.snapshot_facts import FactColumns, encode_facts, packed, unpacked
from timeline.projections.state_document import sha256_text
from timeline.store.codec import parse_uuids
from timeline.store.readmodels import ReadModelStore

SNAPSHOT = "f/"
DIRECTORY = "g/"
SLOTS = 6
"""Snapshots kept per negotiation."""
MIN_EVENTS = 5000
"""No snapshot is written for fewer events filed after the best one (or from scratch)."""


def interval(events: int) -> int:
    """Events filed after the best snapshot that make a new one worth writing: a tenth of the
    negotiation's indexed events, at least :data:`MIN_EVENTS`."""
    return max(MIN_EVENTS, events // 10)


def directory_key(negotiation: str) -> str:
    return f"{DIRECTORY}{negotiation}"


def snapshot_key(negotiation: str, slot: int) -> str:
    return f"{SNAPSHOT}{negotiation}/{slot}"


@dataclass(frozen=True, slots=True)
class Entry:
    """One snapshot as the directory lists it."""

    slot: int
    position: int
    recorded: str
    """The latest ``recorded_at`` of its events (ISO), empty when it holds none."""
    events: int
    digest: str
    """The SHA-256 of its document (hex, :func:`sha256_text`)."""


def read_directory(docs: Documents, negotiation: str) -> list[Entry]:
    """The negotiation's snapshots of the running fold version, by position (none when the
    directory is missing, undecodable or of another version)."""
    key = directory_key(negotiation)
    document = docs.get(PROJECTION, [key]).get(key)
    if document is None:
        return []
    try:
        data = json.loads(document)
        if data["version"] != fold_version():
            return []
        entries = [
            Entry(int(s), int(p), str(t), int(e), str(d)) for s, p, t, e, d in data["entries"]
        ]
    except (ValueError, TypeError, KeyError):
        return []
    return sorted(entries, key=lambda entry: entry.position)


def encode_directory(entries: Iterable[Entry]) -> str:
    rows = [[e.slot, e.position, e.recorded, e.events, e.digest] for e in entries]
    return json.dumps({"version": fold_version(), "entries": rows}, separators=(",", ":"))


@dataclass(slots=True)
class Provenance:
    """What a snapshot must know of its events besides the accumulator: the articles their
    evidence cites that none of them ingests (``cited``), the articles they ingest (``own``),
    and re-derivations of articles none of them had ingested yet (``pending``: applied to
    the cited articles of other negotiations when those are looked up)."""

    cited: set[str] = field(default_factory=set)
    own: set[str] = field(default_factory=set)
    pending: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    latest: datetime | None = None

    def scan(self, events: Iterable[RecordedEvent]) -> None:
        """Take account of ``events`` (in position order), as the fold will file them."""
        cited, own, pending = self.cited, self.own, self.pending
        latest = self.latest
        for recorded in events:
            if latest is None or recorded.recorded_at > latest:
                latest = recorded.recorded_at
            event = recorded.event
            if isinstance(event, NegotiationEvent):
                cited.update(evidence.article_id for evidence in event.evidence)
            elif isinstance(event, ArticleIngested):
                own.add(event.article_id)
            elif isinstance(event, ArticleRederived) and event.article_id not in own:
                pending[event.article_id] = (event.negotiation, event.negotiations)
        self.latest = latest

    def elsewhere(self) -> list[str]:
        """The cited articles of other negotiations, sorted (what the index is asked for)."""
        return sorted(self.cited - self.own)


@dataclass(slots=True)
class Folded:
    """A fold and how it was made."""

    fold: NegotiationFold
    provenance: Provenance
    checkpoint: int
    base: int
    """The position of the snapshot it started from (0: from scratch)."""
    filed: int
    """Indexed events folded after the snapshot."""
    indexed: int
    """The negotiation's indexed events up to the fold's bound."""
    through: int | None
    """The store position the fold is at (None for a ``recorded_at`` bound)."""


# -- folding -------------------------------------------------------------------------------


def fold_from(
    docs: IndexView,
    rows: EventsAt,
    negotiation: str,
    *,
    known_at: KnownAt | None = None,
    horizon: date | None = None,
    words: KeyWords | None = None,
    keepable: bool = False,
    memo: SnapshotMemo | None = None,
) -> Folded:
    """The negotiation's fold known at ``known_at``, filing facts up to ``horizon``, from the
    best snapshot in ``docs`` (read through one snapshot of the read model) and the indexed
    events after it (from scratch when none serves). With ``keepable``, a fold that will be
    :func:`due` is folded without the horizon, so that it can be kept (rendering as of the
    horizon drops the facts dated after it all the same). With a ``memo``, a snapshot
    decoded before from a document of the digest the directory lists is restored from the
    records built then (the document is not read)."""
    until = known_at if isinstance(known_at, int) else None
    for entry in reversed(read_directory(docs, negotiation)):
        if until is not None and entry.position > until:
            continue
        if isinstance(known_at, datetime) and (
            entry.recorded and datetime.fromisoformat(entry.recorded) > known_at
        ):
            continue
        key = snapshot_key(negotiation, entry.slot)
        loaded = memo.take(key, entry, negotiation) if memo is not None else None
        if loaded is None:
            loaded = read(docs, negotiation, entry)
        if loaded is not None:
            try:
                folded = _fold(docs, rows, negotiation, loaded, known_at, horizon, words, keepable)
            except _Unrestorable:
                break  # not a fold this code wrote (verify reports it): folded without it
            if memo is not None:
                memo.give(key, loaded)
            return folded
        break
    return _fold(docs, rows, negotiation, None, known_at, horizon, words, keepable)


class _Unrestorable(Exception):
    """A snapshot of the running version whose document was altered after it was written
    (the directory, version, negotiation and position were checked before)."""


_ALTERED = (ValueError, TypeError, KeyError, IndexError, AttributeError)
"""What restoring an altered snapshot document raises."""


def _fold(
    docs: IndexView,
    rows: EventsAt,
    negotiation: str,
    loaded: Snapshot | None,
    known_at: KnownAt | None,
    horizon: date | None,
    words: KeyWords | None,
    keepable: bool,
) -> Folded:
    """The fold of :func:`fold_from` from ``loaded`` (from scratch when None)."""
    checkpoint = docs.checkpoint(PROJECTION)
    until = known_at if isinstance(known_at, int) else None
    positions = positions_in(docs, negotiation, until)
    through: int | None = checkpoint if until is None else min(until, checkpoint)
    if isinstance(known_at, datetime):
        through = None
    base = loaded.position if loaded is not None else 0
    tail = [p for p in positions if p > base] if base else positions
    if keepable and through is not None and _worth(through, base, len(tail), len(positions)):
        horizon = None
    events = tuple(known(rows.events_at(tail), known_at))
    try:
        provenance = loaded.provenance() if loaded is not None else Provenance()
    except _ALTERED as error:
        raise _Unrestorable from error
    provenance.scan(events)
    missing = provenance.elsewhere()
    articles: dict[str, ArticleInfo] = {}
    if missing:
        found = docs.get(PROJECTION, [f"{ARTICLE}{a}" for a in missing])
        for document in found.values():
            info = decode_article(document)
            articles[info.article_id] = info
    fold = NegotiationFold(negotiation, articles, horizon=horizon, words=words)
    if loaded is not None:
        try:
            loaded.restore(fold)
        except _ALTERED as error:
            raise _Unrestorable from error
    apply = fold.apply
    for recorded in events:
        apply(recorded)
    del events
    return Folded(fold, provenance, checkpoint, base, len(tail), len(positions), through)


def read(docs: Documents, negotiation: str, entry: Entry) -> Snapshot | None:
    """The snapshot ``entry`` lists, decoded (None when its document is missing, is not
    the one of the digest listed, or :func:`decode` refuses it)."""
    key = snapshot_key(negotiation, entry.slot)
    document = docs.get(PROJECTION, [key]).get(key)
    if document is None or sha256_text(document) != entry.digest:
        return None
    snapshot = decode(document, negotiation, entry.position)
    if snapshot is not None:
        snapshot.digest = entry.digest
    return snapshot


def _worth(through: int, base: int, filed: int, indexed: int) -> bool:
    return through > base and filed >= interval(indexed)


def due(folded: Folded) -> bool:
    """Whether the fold filed enough events after its snapshot to keep a new one."""
    return (
        folded.through is not None
        and folded.fold.horizon is None
        and _worth(folded.through, folded.base, folded.filed, folded.indexed)
    )


def keep(store: ReadModelStore, folded: Folded, parts: Consolidated | None = None) -> bool:
    """Write ``folded`` (unfiltered, at a store position) as a snapshot, checking the
    checkpoint it was folded at; False when another writer moved it or the store cannot be
    written (a read-only database): nothing is lost but the time a later fold saves.
    ``parts``: its consolidation for no ``as_of``, when rendering computed it (see
    :func:`encode`)."""
    fold, through = folded.fold, folded.through
    if through is None or fold.horizon is not None:
        return False
    negotiation = fold.negotiation
    with store.snapshot() as view:
        if view.checkpoint(PROJECTION) != folded.checkpoint:
            return False
        entries = read_directory(view, negotiation)
    if any(entry.position == through for entry in entries):
        return False
    recorded = folded.provenance.latest.isoformat() if folded.provenance.latest else ""
    used = {entry.slot for entry in entries}
    if len(entries) >= SLOTS:
        dropped = _thinned(entries)
        entries = [entry for entry in entries if entry is not dropped]
        slot = dropped.slot
    else:
        slot = min(set(range(SLOTS)) - used)
    document = encode(fold, folded.provenance, through, parts)
    entry = Entry(slot, through, recorded, folded.indexed, sha256_text(document))
    entries = sorted([*entries, entry], key=lambda e: e.position)
    documents = {
        snapshot_key(negotiation, slot): document,
        directory_key(negotiation): encode_directory(entries),
    }
    try:
        store.write(PROJECTION, documents, folded.checkpoint, expected=folded.checkpoint)
    except (ConcurrencyError, StoreError):
        return False
    return True


def _thinned(entries: Sequence[Entry]) -> Entry:
    """The snapshot (never the newest) whose loss leaves the smallest gap of positions."""
    best, best_gap = entries[0], None
    for index in range(len(entries) - 1):
        before = entries[index - 1].position if index else 0
        gap = entries[index + 1].position - before
        if best_gap is None or gap < best_gap:
            best, best_gap = entries[index], gap
    return best


# -- the document --------------------------------------------------------------------------


def encode(
    fold: NegotiationFold,
    provenance: Provenance,
    position: int,
    parts: Consolidated | None = None,
) -> str:
    """A snapshot of an unfiltered fold at ``position`` (JSON; see the module docstring).

    ``parts``: the fold's :func:`~timeline.domain.render.consolidated` facts and groups for
    no ``as_of`` (what rendering its latest state computes first), so that they are not
    sorted and consolidated again; anything else is ignored. pydantic-core's serializer
    writes the same JSON values as ``json.dumps`` (non-finite floats as ``NaN`` and
    ``Infinity``, which its parser reads back), three times faster."""
    own = [fold.articles[a] for a in fold.articles if a in provenance.own]
    if parts is not None and (
        parts.as_of is not None or fold.horizon is not None or len(parts.facts) != len(fold.facts)
    ):
        parts = None
    if parts is None:
        ordered = sorted(fold.facts.values(), key=report_order)
        facts = [f for f in ordered if f.event.type != "trade_figure_reported"]
        by_type = groups_by_type(facts, fold.words, fold.grouping)
    else:
        ordered, by_type = parts.facts, parts.by_type
        facts = [f for f in ordered if f.event.type != "trade_figure_reported"]
    data = {
        "version": fold_version(),
        "negotiation": fold.negotiation,
        "position": position,
        "applied_position": fold.applied_position,
        "events_applied": fold.events_applied,
        "latest": provenance.latest.isoformat() if provenance.latest else None,
        "facts": encode_facts(ordered),
        "set_aside": encode_facts(list(fold.set_aside.values())),
        "retracted": [[k.hex, p] for k, p in fold.retracted.items()],
        "judgements": [
            [
                k.hex,
                j.verdict,
                j.analyst,
                j.reason,
                j.position,
                j.recorded_at.isoformat(),
                j.event_type,
                j.article_id,
                j.quote,
            ]
            for k, j in fold.judgements.items()
        ],
        "articles": [
            [
                a.article_id,
                a.published.toordinal(),
                a.outlet,
                a.wire,
                a.negotiation,
                a.negotiations,
                a.own_origin,
                a.sha256,
            ]
            for a in own
        ],
        "groups": _grouping_rows(ordered, facts, by_type),
        "lifecycle": lifecycle_log(
            [g for t in sorted(LIFECYCLE_TYPES) for g in by_type.get(t, ())], fold.words
        ),
        "cited": sorted(provenance.cited - provenance.own),
        "own": sorted(provenance.own),
        "pending": [[a, n, ns] for a, (n, ns) in sorted(provenance.pending.items())],
    }
    return to_json(data, inf_nan_mode="constants").decode()


def _grouping_rows(
    ordered: list[AppliedFact], facts: list[AppliedFact], by_type: dict[str, list[FactGroup]]
) -> list[list[Any]]:
    """How consolidation groups the fold's ``facts`` (``ordered`` without trade figures, as
    rendering does: ``by_type``), per merge key in :func:`report_order`: ``[count, rows,
    groups, notes]``, its ``count`` reports' ``rows`` (each fact's place in the document's
    ``facts``, which lists the fold's facts in :func:`report_order`: ``ordered``) and
    ``groups`` (0 for a fact that starts a group, ``g + 1`` for one that joins the key's
    ``g``-th group) packed as a column's indexes are
    (:func:`~timeline.projections.snapshot_facts.packed`: one string each, not an array per
    report, which made decoding them cost as much as all the facts' columns), and the merge
    ``notes`` consolidation wrote for the reports that join a group, in order. See
    :class:`timeline.domain.consolidation.Grouping`; a fold restored from a snapshot files
    the facts that follow that snapshot's grouping as it says, without comparing them again.
    (Facts are told apart by identity: each is one object of the fold.)"""
    row_of = {id(fact): row for row, fact in enumerate(ordered)}
    joined: dict[int, tuple[FactGroup, str]] = {}
    started: dict[int, FactGroup] = {}
    for groups in by_type.values():
        for group in groups:
            started[id(group.first)] = group
            for member, note in zip(group.members[1:], group.notes, strict=True):
                joined[id(member)] = (group, note)
    keys: dict[tuple[object, ...], tuple[list[int], list[int], list[str]]] = {}
    ordinal: dict[int, int] = {}
    count: dict[tuple[object, ...], int] = {}
    for fact in facts:
        key = merge_key(fact.event)
        rows, joins, notes = keys.setdefault(key, ([], [], []))
        rows.append(row_of[id(fact)])
        found = joined.get(id(fact))
        if found is None:
            group = started[id(fact)]
            ordinal[id(group)] = count.get(key, 0)
            count[key] = ordinal[id(group)] + 1
            joins.append(0)
        else:
            group, note = found
            joins.append(ordinal[id(group)] + 1)
            notes.append(note)
    return [
        [len(rows), packed(rows, len(ordered)), packed(joins, len(rows) + 1), notes]
        for rows, joins, notes in keys.values()
    ]


class _Records:
    """The records a snapshot restores into every fold, each fact built once, when a fold
    first needs it (dated up to its horizon), its row then dropped: the records are
    immutable, each fold gets its own dicts of them."""

    __slots__ = ("aside_days", "built", "columns", "days", "first", "grouping", "set_aside")

    def __init__(self, data: dict[str, Any]) -> None:
        columns, set_aside = FactColumns(data["facts"]), FactColumns(data["set_aside"])
        self.grouping = _grouping(columns, data["groups"])
        """How consolidation groups the facts: for every horizon, as rendering looks up
        only the facts it is given (see :func:`_grouping`)."""
        self.days: list[int] = columns.days
        """Each fact's first world day (an ordinal)."""
        self.aside_days: list[int] = set_aside.days
        self.columns = columns
        self.built: list[AppliedFact | None] = [None] * columns.count
        """The facts built so far, by place."""
        self.first: tuple[Sequence[int], dict[UUID, AppliedFact]] | None = None
        """The places and facts the first restore built (not filed in ``built`` yet)."""
        self.set_aside = set_aside.facts(range(set_aside.count))
        if len({fact.event_id for fact in self.set_aside}) != len(self.set_aside):
            raise ValueError("a fact is set aside twice")

    def facts(self, places: Sequence[int]) -> dict[UUID, AppliedFact]:
        """The facts of the rows at ``places`` (in that order), built when not yet (the
        first call's are filed in ``built`` by the next one: a snapshot restored once pays
        nothing for the memo)."""
        built = self.built
        first = self.first
        if first is None:
            made = _by_id(self.columns.facts(places))
            if len(made) != len(places):
                raise ValueError("a fact is listed twice")
            self.first = (places, made)
            return dict(made)
        if first[0]:
            for place, record in zip(first[0], first[1].values(), strict=True):
                built[place] = record
            self.first = ([], {})
        missing = [place for place in places if built[place] is None]
        if missing:
            made = _by_id(self.columns.facts(missing))
            if len(made) != len(missing):
                raise ValueError("a fact is listed twice")
            for place, record in zip(missing, made.values(), strict=True):
                built[place] = record
            if len(missing) == len(places):
                return made
        out: dict[UUID, AppliedFact] = {}
        for place in places:
            fact = built[place]
            if fact is None:
                raise ValueError("a fact row was not built")
            out[fact.event_id] = fact
        if len(out) != len(places):
            raise ValueError("a fact is listed twice")
        return out


def _dated(days: list[int], limit: int | None) -> Sequence[int]:
    """The places of the days up to ``limit``, as a ``range`` when they are the first ones
    (the columns' values are then taken by a slice, or whole, not place by place)."""
    if limit is None:
        return range(len(days))
    places = [i for i, day in enumerate(days) if day <= limit]
    if not places or places[-1] == len(places) - 1:  # ascending: the first len(places)
        return range(len(places))
    return places


@dataclass(slots=True)
class Snapshot:
    """A decoded snapshot, ready to restore into a fresh accumulator (as many times as
    asked: the records it restores are built once, see :class:`SnapshotMemo`)."""

    position: int
    data: dict[str, Any]
    digest: str = ""
    """The digest of the document it was decoded from, checked against the directory's
    (what :class:`SnapshotMemo` compares; empty: not checked, never taken from a memo)."""
    _records: _Records | None = None
    _judged: tuple[dict[UUID, int], dict[UUID, FiledJudgement], list[ArticleInfo]] | None = None
    _lifecycle: list[list[Any]] | None = None
    _sources: ReportSources | None = None
    """The sources and views of the groups its folds rendered, for the folds from it after
    the first: the first renders without remembering them, as the memo costs a twentieth of
    a fresh runner's call (a CLI command's) and serves only a later fold from the same
    restored records (as :class:`~timeline.domain.proposals.StepMemo` does)."""

    def provenance(self) -> Provenance:
        data = self.data
        latest = data["latest"]
        return Provenance(
            cited=set(data["cited"]),
            own=set(data["own"]),
            pending={a: (n, tuple(ns)) for a, n, ns in data["pending"]},
            latest=datetime.fromisoformat(latest) if latest else None,
        )

    def restore(self, fold: NegotiationFold) -> None:
        """Fill ``fold`` (fresh, holding only the cited articles of other negotiations) with
        the snapshot, dropping facts dated after its horizon as the fold would have."""
        data = self.data
        records = self._records
        if records is None:
            records = self._records = _Records(data)
            data["facts"] = data["set_aside"] = None  # the records keep what is left
        judged = self._judged
        if judged is None:
            judged = self._judged = _judged(data)
        retracted, judgements, articles = judged
        for article_id, negotiation, negotiations in data["pending"]:
            info = fold.articles.get(article_id)
            if info is not None:
                fold.articles[article_id] = replace(
                    info, negotiation=negotiation, negotiations=tuple(negotiations)
                )
        for info in articles:
            fold.file_article(info)
        limit = fold.horizon.toordinal() if fold.horizon is not None else None
        places = _dated(records.days, limit)
        fold.facts = records.facts(places)
        fold.grouping = records.grouping
        lifecycle = self._lifecycle
        if lifecycle is None:
            lifecycle = data["lifecycle"]
            if not isinstance(lifecycle, list):  # its rows are checked as they are read
                raise ValueError("the lifecycle's steps are not a list")
            lifecycle = self._lifecycle = LoggedSteps(lifecycle)
        fold.lifecycle = lifecycle
        if self._sources is None:  # the first fold from it remembers nothing (see _sources)
            self._sources = ReportSources(self.position)
        else:
            fold.sources = self._sources
        aside = records.set_aside
        fold.set_aside = {aside[i].event_id: aside[i] for i in _dated(records.aside_days, limit)}
        fold.retracted = dict(retracted)
        fold.judgements = dict(judgements)
        fold.applied_position = data["applied_position"]
        fold.events_applied = data["events_applied"]


def _judged(
    data: dict[str, Any],
) -> tuple[dict[UUID, int], dict[UUID, FiledJudgement], list[ArticleInfo]]:
    """A snapshot's retractions, judgements and own articles, as the fold keeps them."""
    retracted = data["retracted"]
    judged = data["judgements"]
    ids = parse_uuids([j[0] for j in judged])
    articles = [
        ArticleInfo(
            article_id,
            date.fromordinal(published),
            outlet,
            wire,
            negotiation,
            tuple(negotiations),
            origin,
            sha,
            origin,
        )
        for article_id, published, outlet, wire, negotiation, negotiations, origin, sha in (
            data["articles"]
        )
    ]
    return (
        dict(zip(parse_uuids([r[0] for r in retracted]), [r[1] for r in retracted], strict=True)),
        {
            event_id: FiledJudgement(v, a, r, p, datetime.fromisoformat(t), et, art, q)
            for event_id, (_, v, a, r, p, t, et, art, q) in zip(ids, judged, strict=True)
        },
        articles,
    )


class SnapshotMemo:
    """Snapshots decoded and restored before, kept by key with the digest of the document
    they were decoded from (checked against the directory's when decoded, :func:`read`): a
    fold that finds the same digest in the directory restores the records built then
    instead of reading, decoding and building them again (a document written since has
    another digest; one altered since is not the one listed, and is never restored).
    Holds at most ``size`` snapshots (the least recently used goes first): one by default,
    as the records of the largest negotiation of a million events take about 170 MB.

    Thread-safe: a fold takes a snapshot out (:meth:`take`; no other fold can use it
    meanwhile: one running beside it decodes its own) and gives it back once restored
    (:meth:`give`)."""

    def __init__(self, size: int = 1) -> None:
        self.size = size
        self._kept: dict[str, Snapshot] = {}
        self._lock = threading.Lock()

    def take(self, key: str, entry: Entry, negotiation: str) -> Snapshot | None:
        """The snapshot kept under ``key`` when it was decoded from the document ``entry``
        lists (its position and digest; taken out until :meth:`give` puts it back), else
        None."""
        with self._lock:
            found = self._kept.pop(key, None)
        if (
            found is not None
            and found.digest
            and found.digest == entry.digest
            and found.position == entry.position
            and found.data["negotiation"] == negotiation
            and found.data["version"] == fold_version()
        ):
            return found
        return None

    def give(self, key: str, snapshot: Snapshot) -> None:
        """Keep ``snapshot`` (restored without error) under ``key``."""
        if self.size < 1:
            return
        with self._lock:
            self._kept.pop(key, None)
            self._kept[key] = snapshot
            while len(self._kept) > self.size:
                self._kept.pop(next(iter(self._kept)))


def _by_id(facts: list[AppliedFact]) -> dict[UUID, AppliedFact]:
    return dict(zip(map(_event_id, facts), facts, strict=True))


_event_id = attrgetter("event_id")


def _grouping(facts: FactColumns, keys: list[list[Any]]) -> Grouping:
    """The snapshot's grouping (:func:`_grouping_rows`) of its ``facts``, whatever
    horizon the facts are restored at: rendering looks up only the facts it is given, and a
    key's facts that follow its sequence (dated or not) are grouped as the sequence says
    (see :class:`Grouping`). Its columns are filled and checked by calls in C (``map``,
    ``accumulate``), not a Python loop per report."""
    positions = facts.positions
    order = dict(zip(positions, range(len(positions)), strict=True))
    key_of = [-1] * facts.count
    rows_of: list[Sequence[int]] = []
    joins: list[Sequence[int]] = []
    notes_of: list[list[str]] = []
    numbers: dict[tuple[object, ...], int] = {}
    for number, (count, written_rows, written_groups, notes) in enumerate(keys):
        if not (isinstance(count, int) and isinstance(notes, list)):
            raise ValueError("a key's grouping is not a count, rows, groups and notes")
        rows = unpacked(written_rows, facts.count, count)
        groups = unpacked(written_groups, count + 1, count)
        _drained(map(key_of.__setitem__, rows, repeat(number)))
        if count:
            numbers[facts.key(rows[0])] = number
        if len(notes) != count - groups.count(0):
            raise ValueError("a key's grouping has not one note per report joining a group")
        if not set(map(type, notes)) <= {str}:
            raise ValueError("a key's merge note is not a text")
        # a report joining the g-th group (g + 1) comes after at least g + 1 reports that
        # started one: the running count of starts before each place
        started = accumulate(map(_STARTS.__eq__, groups), initial=0)
        if not all(map(le, groups, started)):
            raise ValueError("a report joins no group started before it")
        rows_of.append(rows)
        joins.append(groups)
        notes_of.append(notes)
    return Grouping(order, key_of, rows_of, joins, notes_of, numbers)


_STARTS = 0
"""What a key's groups column says of a report that starts a group."""
_drained: Callable[[Iterable[object]], None] = deque[object](maxlen=0).extend
"""Runs an iterator to its end, keeping nothing (``map`` of a setter, in C)."""


def decode(document: str | None, negotiation: str, position: int) -> Snapshot | None:
    """The snapshot in ``document``, or None when it is missing, undecodable, of another
    fold version or not the one the directory says."""
    if document is None:
        return None
    try:
        # pydantic-core's JSON parser: the same values as json.loads, a fifth faster on a
        # snapshot without its memo of repeated strings (rows' strings mostly differ)
        data = from_json(document, cache_strings=False)
        if (
            data["version"] != fold_version()
            or data["negotiation"] != negotiation
            or data["position"] != position
        ):
            return None
    except (ValueError, TypeError, KeyError):
        return None
    return Snapshot(position, data)


__all__ = [
    "DIRECTORY",
    "SNAPSHOT",
    "Entry",
    "Folded",
    "Provenance",
    "Snapshot",
    "SnapshotMemo",
    "decode",
    "due",
    "encode",
    "fold_from",
    "keep",
    "read",
    "read_directory",
]
