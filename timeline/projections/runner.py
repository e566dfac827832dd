"""Runs persisted read models: catch-up from the checkpoint, rebuild from zero, verify.

``catch_up`` reads only the events after the checkpoint (``position > checkpoint``) and
writes, per batch, the new documents and the new checkpoint in one transaction. ``rebuild``
resets the read model and catches up from position 0. ``verify`` rebuilds into memory up to
the persisted checkpoint and reports every difference from the persisted documents.

The runner knows no SQL: it reads index rows and events through the recorder's
``event_rows()`` and keeps documents in its ``read_models()`` (the read-side capability of
:class:`timeline.store.recorder.ReadSideRecorder`). ``state`` folds with the collector
paused and a key-word memo that outlives the call (:mod:`timeline.projections.folding`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from timeline.domain.envelope import RecordedEvent
from timeline.domain.fold import ArticleInfo
from timeline.domain.state import state_of
from timeline.domain.subjects import KeyWords
from timeline.domain.views import NegotiationState
from timeline.errors import ConcurrencyError
from timeline.projections.folding import collector_paused
from timeline.projections.index import (
    ARTICLE,
    PROJECTION,
    decode_article,
    index_batch,
    negotiation_of_key,
    negotiation_prefix,
    segment_positions,
)
from timeline.projections.negotiation import History, KnownAt, cited_elsewhere, known
from timeline.store.readmodels import Checkpoint, InMemoryReadModels, ReadModelStore
from timeline.store.rows import IndexRow, RowSource


class _Moved(Exception):
    """Another runner moved the checkpoint; ``applied`` events were written by this one."""

    def __init__(self, applied: int) -> None:
        super().__init__(applied)
        self.applied = applied


DEFAULT_FLUSH_EVENTS = 20_000
"""Events applied per transaction (documents + checkpoint)."""


class EventSource(Protocol):
    """The part of the recorder a runner uses (see timeline.store.recorder.ReadSideRecorder)."""

    def max_position(self) -> int: ...

    def event_rows(self) -> RowSource: ...

    def read_models(self) -> ReadModelStore: ...


@dataclass(frozen=True, slots=True)
class ProjectionStatus:
    """A read model's checkpoint against the store's head."""

    projection: str
    position: int
    head: int
    lag: int
    updated_at: datetime | None
    documents: int


class ProjectionRunner:
    """Keeps the negotiation index read model up to date with the event store.

    Invariant: the persisted documents reflect exactly the events at positions up to the
    checkpoint; each flush writes documents and checkpoint in one transaction.
    """

    def __init__(
        self,
        recorder: EventSource,
        read_models: ReadModelStore | None = None,
        *,
        rows: RowSource | None = None,
        flush_events: int = DEFAULT_FLUSH_EVENTS,
        read_batch: int = 2000,
        words: KeyWords | None = None,
    ) -> None:
        self.recorder = recorder
        self.read_models = recorder.read_models() if read_models is None else read_models
        self.flush_events = flush_events
        self.read_batch = read_batch
        self.rows = recorder.event_rows() if rows is None else rows
        self.words = KeyWords() if words is None else words
        """The memo of subjects' key words every state this runner renders shares (the
        domain keeps no cache of its own; the Timeline passes one that outlives a call)."""

    # -- keeping up ------------------------------------------------------------------

    def catch_up(self, *, until_position: int | None = None) -> int:
        """Apply the events after the checkpoint; returns how many were applied.

        If another runner moves the checkpoint meanwhile, its batch wins and this one goes on
        from the new checkpoint (each write checks the checkpoint it started from).
        """
        applied = 0
        while True:
            start = self.read_models.checkpoint(PROJECTION)
            try:
                return applied + self._run(self.read_models, start, until_position, applied)
            except _Moved as moved:
                applied = moved.applied

    def rebuild(self) -> int:
        """Forget the read model and apply every event from position 0."""
        self.read_models.reset(PROJECTION)
        return self.catch_up()

    def _run(
        self, target: ReadModelStore, after: int, until_position: int | None, applied: int = 0
    ) -> int:
        done = 0
        last = after
        batch: list[IndexRow] = []

        def flush() -> None:
            nonlocal done, last, batch
            try:
                target.write(PROJECTION, index_batch(batch), batch[-1][0], expected=last)
            except ConcurrencyError as error:
                raise _Moved(applied + done) from error
            done += len(batch)
            last = batch[-1][0]
            batch = []

        for row in self.rows.index_rows(
            after=after, batch_size=self.read_batch, until_position=until_position
        ):
            batch.append(row)
            if len(batch) >= self.flush_events:
                flush()
        if batch:
            flush()
        return done

    def verify(self) -> list[str]:
        """Rebuild in memory up to the persisted checkpoint; list every difference found,
        and every persisted article document the state could not read.

        The checkpoint and the documents are read in one snapshot, so a catch-up running
        meanwhile (which moves both in one transaction) raises no false alarm.
        """
        with self.read_models.snapshot() as persisted:
            position = persisted.checkpoint(PROJECTION)
            found = _contents(persisted)
        fresh = InMemoryReadModels()
        if position:
            self._run(fresh, 0, position)
        problems: list[str] = []
        if fresh.checkpoint(PROJECTION) != position:
            problems.append(
                f"checkpoint {position} but the store's events end at "
                f"{fresh.checkpoint(PROJECTION)}"
            )
        expected = _contents(fresh)
        for name in sorted(expected.keys() | found.keys()):
            want, have = expected.get(name), found.get(name)
            if want is None:
                problems.append(f"{name}: persisted but not derived from the events")
            elif have is None:
                problems.append(f"{name}: missing from the persisted read model")
            elif want != have:
                problems.append(f"{name}: {_first_difference(want, have)}")
        for name, entries in sorted(found.items()):
            if name.startswith(ARTICLE) and name in expected:  # (a stray one is reported above)
                try:
                    decode_article(entries[0])
                except ValueError as error:
                    problems.append(f"{name}: the state cannot read it: {error}")
        return problems

    def status(self) -> list[ProjectionStatus]:
        """Each read model's checkpoint, the store's head and the lag between them."""
        head = self.recorder.max_position()
        found = {c.projection: c for c in self.read_models.checkpoints()}
        mark = found.get(PROJECTION, Checkpoint(PROJECTION, 0, None, 0))
        return [
            ProjectionStatus(
                projection=PROJECTION,
                position=mark.position,
                head=head,
                lag=head - mark.position,
                updated_at=mark.updated_at,
                documents=mark.documents,
            )
        ]

    # -- reading ---------------------------------------------------------------------

    def negotiations(self) -> set[str]:
        """Every negotiation the read model knows."""
        names = set()
        for key, _doc in self.read_models.scan(PROJECTION, "n/"):
            name = negotiation_of_key(key)
            if name is not None:
                names.add(name)
        return names

    def positions(self, negotiation: str, *, until_position: int | None = None) -> list[int]:
        """The positions of the negotiation's indexed events, ascending."""
        out: list[int] = []
        for _key, document in self.read_models.scan(PROJECTION, negotiation_prefix(negotiation)):
            out.extend(segment_positions(document))
        if until_position is not None:
            out = [p for p in out if p <= until_position]
        return out

    def events(self, negotiation: str, *, until_position: int | None = None) -> list[RecordedEvent]:
        """The negotiation's events (read back by position from the store), in order."""
        positions = self.positions(negotiation, until_position=until_position)
        return list(self.rows.events_at(positions))

    def history(self, negotiation: str, *, known_at: KnownAt | None = None) -> History:
        """The negotiation's events known at ``known_at`` (each decoded once), and the
        articles of other negotiations their evidence cites (from the index)."""
        until = known_at if isinstance(known_at, int) else None
        events = tuple(
            known(
                self.rows.events_at(self.positions(negotiation, until_position=until)),
                known_at,
            )
        )
        missing = sorted(cited_elsewhere(events))
        articles: dict[str, ArticleInfo] = {}
        if missing:
            found = self.read_models.get(PROJECTION, [f"{ARTICLE}{a}" for a in missing])
            for document in found.values():
                info = decode_article(document)
                articles[info.article_id] = info
        return History(negotiation, events, articles)

    def state(
        self, negotiation: str, *, as_of: date | None = None, known_at: KnownAt | None = None
    ) -> NegotiationState:
        """The negotiation's state folded from its indexed events (no event-store scan).

        The decoded events are let go as soon as they are folded, before rendering: when
        the collector resumes, its first collection scans every object made while it was
        paused and still alive, and the events are most of them (a fifth of the call).
        """
        with collector_paused():
            fold = self.history(negotiation, known_at=known_at).fold(
                horizon=as_of, words=self.words
            )
            return state_of(fold, as_of)


def _contents(store: ReadModelStore) -> dict[str, list[str]]:
    """A read model's content independent of how batches cut it into segments."""
    out: dict[str, list[str]] = {}
    for key, document in store.scan(PROJECTION):
        name = negotiation_of_key(key)
        if name is None:
            out[key] = [document]
            continue
        entries = out.setdefault(f"negotiation {name}", [])
        try:
            entries.extend(f"position {p}" for p in segment_positions(document))
        except ValueError as error:
            entries.append(f"undecodable segment {key}: {error}")
    return out


def _first_difference(want: list[str], have: list[str]) -> str:
    for index, (a, b) in enumerate(zip(want, have, strict=False)):
        if a != b:
            return f"entry {index} differs: expected {a[:200]!r}, found {b[:200]!r}"
    return f"{len(want)} entries expected, {len(have)} found"
