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
from timeline.domain.render import consolidated
from timeline.domain.state import state_of
from timeline.domain.subjects import KeyWords
from timeline.domain.views import NegotiationState
from timeline.errors import ConcurrencyError
from timeline.fold_version import fold_version
from timeline.projections.folding import collector_paused
from timeline.projections.index import (
    ARTICLE,
    PROJECTION,
    decode_article,
    index_batch,
    negotiation_of_key,
    positions_in,
    segment_positions,
)
from timeline.projections.latest import (
    DISPLAY,
    SECTION,
    STALE,
    STAMP,
    STATE,
    Overlay,
    Stamp,
    StateWriter,
    cited_key,
    decode_names,
    display_key,
    encode_names,
    history_in,
    indexed_negotiations,
    read_latest,
    render_and_keep,
    render_latest,
    section_keys,
    stale_in,
    stamp_key,
    state_key,
)
from timeline.projections.negotiation import History, KnownAt
from timeline.projections.snapshots import (
    DIRECTORY,
    Folded,
    Provenance,
    SnapshotMemo,
    decode,
    due,
    encode,
    fold_from,
    interval,
    keep,
    read_directory,
    snapshot_key,
)
from timeline.projections.state_document import sha256_text
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
    stale: int = 0
    """Documents not served: behind the checkpoint or written by another fold version."""


LATEST = "negotiation_state"
"""The status row of the latest states (documents of the index's projection, see .latest)."""


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
        render_states: bool = True,
        words: KeyWords | None = None,
        snapshots: bool = True,
        memo: SnapshotMemo | None = None,
    ) -> None:
        self.recorder = recorder
        self.snapshots = snapshots
        """False: historical states are folded from scratch, and no fold snapshot is read
        or written (what the benchmarks compare with)."""
        self.read_models = recorder.read_models() if read_models is None else read_models
        self.flush_events = flush_events
        self.render_states = render_states
        """False: catch-up only lists the negotiations it touched in ``x/stale`` (their
        states are rendered by the next catch-up that renders, or when read)."""
        self.read_batch = read_batch
        self.rows = recorder.event_rows() if rows is None else rows
        self.memo = SnapshotMemo() if memo is None else memo
        """The fold snapshot the last historical state was folded from, decoded and
        restored (a later call whose directory lists the same digest reuses its records; the
        Timeline passes one that outlives its runners, as it does ``words``)."""
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
        self,
        target: ReadModelStore,
        after: int,
        until_position: int | None,
        applied: int = 0,
        *,
        states: bool = True,
    ) -> int:
        """Index the events after ``after`` in flushes of ``flush_events``; with ``states``,
        render the latest state of every negotiation they touched once, at the end (the
        intermediate flushes list those in ``x/stale``, see :mod:`.latest`)."""
        done = 0
        last = after
        batch: list[IndexRow] = []
        writer = (
            StateWriter(target, self.rows, words=self.words, snapshots=self.snapshots)
            if states
            else None
        )
        touched: set[str] = set()
        if writer is not None:
            stale = stale_in(target)  # left by an interrupted catch-up
            touched = stale if stale is not None else indexed_negotiations(target)

        def changed(docs: dict[str, str], position: int) -> set[str]:
            names = {n for n in map(negotiation_of_key, docs) if n is not None}
            articles = [key[len(ARTICLE) :] for key in docs if key.startswith(ARTICLE)]
            if articles and writer is not None:
                names |= writer.cited_by(Overlay(target, docs, position), articles)
            return names

        def flush(final: bool) -> None:
            nonlocal done, last, batch
            docs = index_batch(batch)
            position = batch[-1][0] if batch else last
            try:
                if writer is None:
                    target.write(PROJECTION, docs, position, expected=last)
                else:
                    touched.update(changed(docs, position))
                    if final:
                        writer.write(docs, touched, position=position, expected=last)
                    else:
                        docs[STALE] = encode_names(touched)
                        target.write(PROJECTION, docs, position, expected=last)
            except ConcurrencyError as error:
                if writer is not None and writer.moved:
                    done += len(batch)  # the index batch was written before the race
                raise _Moved(applied + done) from error
            done += len(batch)
            last = position
            batch = []

        for row in self.rows.index_rows(
            after=after, batch_size=self.read_batch, until_position=until_position
        ):
            batch.append(row)
            if len(batch) >= self.flush_events:
                flush(final=False)
        if batch or (touched and self.render_states):
            flush(final=self.render_states)
        if writer is not None and self.render_states and self.snapshots:
            for name in sorted(touched):
                self._snapshot(name)
        return done

    def _snapshot(self, negotiation: str) -> None:
        """Keep a fold snapshot of the negotiation at the checkpoint when enough of its
        events were indexed since its latest one (see :mod:`.snapshots`); only those are
        decoded."""
        with collector_paused(), self.read_models.snapshot() as view:
            entries = read_directory(view, negotiation)
            after = entries[-1].position if entries else 0
            positions = positions_in(view, negotiation)
            if sum(1 for p in positions if p > after) < interval(len(positions)):
                return
            folded = fold_from(view, self.rows, negotiation, words=self.words)
        keep(self.read_models, folded)

    def verify(self) -> list[str]:
        """Rebuild in memory up to the persisted checkpoint; list every difference found,
        and every persisted article document the state could not read; then check every
        current latest state against a fresh fold (see :meth:`_verify_states`).

        The checkpoint and the documents are read in one snapshot, so a catch-up running
        meanwhile (which moves both in one transaction) raises no false alarm.
        """
        with self.read_models.snapshot() as persisted:
            position = persisted.checkpoint(PROJECTION)
            found = _contents(persisted, states=False)
        fresh = InMemoryReadModels()
        if position:
            self._run(fresh, 0, position, states=False)
        problems: list[str] = []
        if fresh.checkpoint(PROJECTION) != position:
            problems.append(
                f"checkpoint {position} but the store's events end at "
                f"{fresh.checkpoint(PROJECTION)}"
            )
        expected = _contents(fresh, states=False)
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
        return problems + self._verify_states(fresh, position) + self._verify_snapshots(fresh)

    def _verify_snapshots(self, fresh: InMemoryReadModels) -> list[str]:
        """Every fold snapshot of the running fold version equals the fold of its
        negotiation's events up to its position, folded from scratch (byte for byte), and
        the directory says so (snapshots of another version are never used: not compared)."""
        problems: list[str] = []
        with self.read_models.snapshot() as persisted:
            for name in sorted(indexed_negotiations(fresh)):
                for entry in read_directory(persisted, name):
                    key = snapshot_key(name, entry.slot)
                    document = persisted.get(PROJECTION, [key]).get(key)
                    if decode(document, name, entry.position) is None:
                        problems.append(f"{key}: missing or not the snapshot at {entry.position}")
                        continue
                    with collector_paused():
                        folded = fold_from(fresh, self.rows, name, known_at=entry.position)
                        want = encode(folded.fold, folded.provenance, entry.position)
                    latest = folded.provenance.latest
                    if document != want:
                        problems.append(f"{key}: {_first_difference([want], [document or ''])}")
                    elif (
                        entry.events != folded.indexed
                        or entry.recorded != (latest.isoformat() if latest else "")
                        or entry.digest != sha256_text(document or "")
                    ):
                        problems.append(f"{DIRECTORY}{name}: misdescribes {key}")
        return problems

    def _verify_states(self, fresh: InMemoryReadModels, position: int) -> list[str]:
        """Every latest state document served as current equals the state folded afresh
        from ``fresh`` (the index rebuilt up to ``position``), and ``c/`` documents list
        every negotiation citing an article from elsewhere. A document behind its
        checkpoint (``x/stale``), of another fold version (both are never served) or
        rendered by a catch-up after ``position`` is not compared."""
        problems: list[str] = []
        version = fold_version()
        names = indexed_negotiations(fresh)
        with self.read_models.snapshot() as persisted:
            stale = stale_in(persisted)
            if stale is None:
                return [f"{STALE}: not a JSON list of negotiations"]
            stamped = {key[len(STAMP) :] for key, _ in persisted.scan(PROJECTION, STAMP)}
            for name in sorted(stamped - names):
                problems.append(f"{stamp_key(name)}: persisted but not derived from the events")
            for name in sorted(names):
                if name in stale:
                    continue
                stamp = Stamp.decode(
                    persisted.get(PROJECTION, [stamp_key(name)]).get(stamp_key(name))
                )
                if stamp is None:
                    problems.append(f"{state_key(name)}: missing or unstamped")
                    continue
                if stamp.version != version or stamp.position > position:
                    continue
                keys = section_keys(name)
                wanted_keys = [state_key(name), display_key(name), *keys.values()]
                documents = persisted.get(PROJECTION, wanted_keys)
                want, cited = render_latest(fresh, self.rows, name, words=self.words)
                vouched = (
                    (state_key(name), want.state.summary, stamp.sha256),
                    (display_key(name), want.display, stamp.display),
                )
                for key, wanted, digest in vouched:
                    document = documents.get(key)
                    if document is None or sha256_text(document) != digest:
                        problems.append(f"{key}: missing or not the stamped document")
                    elif document != wanted:
                        problems.append(f"{key}: {_first_difference([wanted], [document])}")
                for path, key in keys.items():
                    section = documents.get(key)
                    if section is None:
                        problems.append(f"{key}: missing")
                    elif section != want.state.sections[path]:
                        difference = _first_difference([want.state.sections[path]], [section])
                        problems.append(f"{key}: {difference}")
                listed = persisted.get(PROJECTION, [cited_key(a) for a in sorted(cited)])
                for article in sorted(cited):
                    if name not in (decode_names(listed.get(cited_key(article))) or set()):
                        problems.append(f"{cited_key(article)}: does not list {name}")
        return problems

    def status(self) -> list[ProjectionStatus]:
        """Each read model's checkpoint, the store's head and the lag between them."""
        head = self.recorder.max_position()
        found = {c.projection: c for c in self.read_models.checkpoints()}
        mark = found.get(PROJECTION, Checkpoint(PROJECTION, 0, None, 0))
        version = fold_version()
        with self.read_models.snapshot() as view:
            stale = stale_in(view)
            stamps = {
                key[len(STAMP) :]: Stamp.decode(document)
                for key, document in view.scan(PROJECTION, STAMP)
            }
        current = {
            name
            for name, stamp in stamps.items()
            if stamp is not None and stamp.version == version and name not in (stale or ())
        }
        return [
            ProjectionStatus(
                projection=PROJECTION,
                position=mark.position,
                head=head,
                lag=head - mark.position,
                updated_at=mark.updated_at,
                documents=mark.documents,
            ),
            ProjectionStatus(
                projection=LATEST,
                position=mark.position,
                head=head,
                lag=head - mark.position,
                updated_at=mark.updated_at,
                documents=len(current),
                stale=len(stamps) - len(current) if stale is not None else len(stamps),
            ),
        ]

    # -- reading ---------------------------------------------------------------------

    def negotiations(self) -> set[str]:
        """Every negotiation the read model knows."""
        return indexed_negotiations(self.read_models)

    def positions(self, negotiation: str, *, until_position: int | None = None) -> list[int]:
        """The positions of the negotiation's indexed events, ascending."""
        return positions_in(self.read_models, negotiation, until_position)

    def events(self, negotiation: str, *, until_position: int | None = None) -> list[RecordedEvent]:
        """The negotiation's events (read back by position from the store), in order."""
        positions = self.positions(negotiation, until_position=until_position)
        return list(self.rows.events_at(positions))

    def history(self, negotiation: str, *, known_at: KnownAt | None = None) -> History:
        """The negotiation's events known at ``known_at`` (each decoded once), and the
        articles of other negotiations their evidence cites (from the index)."""
        return history_in(self.read_models, self.rows, negotiation, known_at=known_at)[0]

    def state(
        self, negotiation: str, *, as_of: date | None = None, known_at: KnownAt | None = None
    ) -> NegotiationState:
        """The negotiation's state: the persisted latest state when it answers (no
        ``as_of``, ``known_at`` None or a position at or after the checkpoint, a current
        document), else folded from its indexed events (no event-store scan).

        A missing, stale, undecodable or outdated latest state is rendered, written (at the
        checkpoint, unless a catch-up moves it meanwhile) and returned. A folded state lets
        the decoded events go as soon as they are folded, before rendering: when the
        collector resumes, its first collection scans every object made while it was paused
        and still alive, and the events were most of them (a fifth of the call)."""
        if as_of is None and (known_at is None or isinstance(known_at, int)):
            until = known_at if isinstance(known_at, int) else None
            found = read_latest(self.read_models, negotiation, at_most=until, rows=self.rows)
            if found is None and until is None:
                found = render_and_keep(self.read_models, self.rows, negotiation, words=self.words)
            if found is not None:
                return found
        return self.fold_state(negotiation, as_of=as_of, known_at=known_at)

    def fold_state(
        self, negotiation: str, *, as_of: date | None = None, known_at: KnownAt | None = None
    ) -> NegotiationState:
        """The negotiation's state folded from its indexed events, never read from the
        persisted latest state: from the best fold snapshot and the events after it (see
        :mod:`.snapshots`; from scratch with ``snapshots=False``). When it had to file many
        events after that snapshot, the fold is kept as a new one (folded without the
        ``as_of`` horizon then, which rendering applies anyway). Without ``as_of``, the
        snapshot keeps the consolidation rendering made (not computed twice)."""
        with collector_paused():
            folded = self._fold(negotiation, as_of=as_of, known_at=known_at)
            parts = consolidated(folded.fold, as_of)
            state = state_of(folded.fold, as_of, parts)
            if self.snapshots and due(folded):
                keep(self.read_models, folded, parts)
            return state

    def _fold(self, negotiation: str, *, as_of: date | None, known_at: KnownAt | None) -> Folded:
        """A historical fold (collector paused by the caller): from scratch without
        snapshots, else from the best one (folded without the horizon when it is
        :func:`due`, so that the caller can keep it)."""
        if not self.snapshots:
            fold = self.history(negotiation, known_at=known_at).fold(
                horizon=as_of, words=self.words
            )
            return Folded(fold, Provenance(), 0, 0, 0, 0, None)
        with self.read_models.snapshot() as view:
            return fold_from(
                view,
                self.rows,
                negotiation,
                known_at=known_at,
                horizon=as_of,
                words=self.words,
                keepable=True,
                memo=self.memo,
            )


def _contents(store: ReadModelStore, *, states: bool = True) -> dict[str, list[str]]:
    """A read model's content independent of how batches cut it into segments: the index,
    and (with ``states``) the latest states and their displays with their stamps' versions and
    ``x/stale``
    (``c/`` documents are hints that may outlive a citation: not compared)."""
    out: dict[str, list[str]] = {}
    prefixes = ("a/", "n/", STATE, SECTION, DISPLAY, STAMP, "x/") if states else ("a/", "n/")
    scanned = (pair for prefix in prefixes for pair in store.scan(PROJECTION, prefix))
    for key, document in scanned:
        if key.startswith(STAMP):
            stamp = Stamp.decode(document)
            out[key] = [stamp.version if stamp is not None else document]
            continue
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
