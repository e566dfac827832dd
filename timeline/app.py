"""The Timeline facade: ingest articles, query state, replay and explain; owns transactions."""

from __future__ import annotations

import difflib
import json
import os
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Literal
from uuid import NAMESPACE_URL, UUID, uuid5

from pydantic import BaseModel, ConfigDict

from timeline.config import Settings
from timeline.derivation.version import Change
from timeline.domain.envelope import EventMetadata, NewEvent, RecordedEvent
from timeline.domain.events import (
    UNASSIGNED,
    ArticleIngested,
    ArticleRederived,
    DomainEvent,
    EventConfirmed,
    EventJudged,
    EventRejected,
    EventRetracted,
    NegotiationEvent,
)
from timeline.domain.fold import FiledJudgement, rejected_ids
from timeline.domain.subjects import KeyWords
from timeline.domain.values import WorldDate
from timeline.domain.views import Judgement, NegotiationState
from timeline.errors import ArticleError, JudgementError, TimelineError, UnknownNegotiationError
from timeline.projections.chronology import ChronologyRow, chronology, set_aside_rows
from timeline.projections.index import ARTICLE
from timeline.projections.index import PROJECTION as INDEX
from timeline.projections.negotiation import KnownAt
from timeline.projections.runner import ProjectionRunner
from timeline.projections.snapshots import SnapshotMemo
from timeline.store.readmodels import ReadModelStore
from timeline.store.recorder import NO_STREAM, ReadSideRecorder

if TYPE_CHECKING:  # imported by the commands that use them: a read command loads no YAML
    from timeline.audit import ArticleReview, Explanation, ReplayStep
    from timeline.derivation.articles import Article
    from timeline.derivation.catalog import Catalog
    from timeline.derivation.coverage import ArticleCoverage  # loads spaCy
    from timeline.derivation.ingestion import DerivedArticle, Knowledge
    from timeline.event_files import StoredText
    from timeline.store.recorder import AppendResult
    from timeline.workers import DerivationPool, Derived  # imported when an ingest uses them

ARTICLE_STREAM_PREFIX = "article:"
JUDGEMENT_STREAM_PREFIX = "judgement:"


def judgement_stream(event_id: UUID) -> str:
    """The stream of every judgement of one event, in the order they were made."""
    return f"{JUDGEMENT_STREAM_PREFIX}{event_id}"


def article_stream(article_id: str) -> str:
    """The stream holding one article's ingestion and every event derived from it."""
    return f"{ARTICLE_STREAM_PREFIX}{article_id}"


ArticleStatus = Literal["ingested", "unchanged", "rederived", "error"]
"""New article; stored and derived with the same knowledge; derived again because the
extractor, the rules or the catalog changed; not ingested."""


class ArticleOutcome(BaseModel):
    """What ingesting one article did."""

    model_config = ConfigDict(frozen=True)

    path: str
    article_id: str | None = None
    negotiation: str | None = None
    status: ArticleStatus
    appended: int = 0
    retracted: int = 0
    events_by_type: dict[str, int] = {}
    because: tuple[Change, ...] = ()
    error: str | None = None


class NegotiationSummary(BaseModel):
    """One negotiation as the catalog and the store know it.

    ``articles`` counts the articles filed under it or cited by its events; ``events`` its
    derived and recorded events not retracted; ``first`` and ``last`` are the earliest and
    latest world dates among them (None when none is dated). ``source`` says where the name
    and parties come from: the catalog, or the derivation of its articles.
    """

    model_config = ConfigDict(frozen=True)

    id: str
    name: str | None
    parties: tuple[str, ...]
    source: Literal["catalog", "articles"]
    articles: int
    events: int
    first: str | None
    last: str | None


class RecordOutcome(BaseModel):
    """What recording a file of hand-written events did."""

    model_config = ConfigDict(frozen=True)

    path: str
    stream_id: str
    recorded: int


SkipReason = Literal["hidden", "not .md", "not a file"]
"""Why an entry of a folder was not read: hidden (a name starting with a dot: ``.draft.md``,
``.git/``, whose content is not looked at), a file whose suffix is not ``.md``, or an entry
that is no regular file (a broken link)."""


class SkippedPath(BaseModel):
    """A file or folder inside a folder given to ingest that was not read, and why."""

    model_config = ConfigDict(frozen=True)

    path: str
    reason: SkipReason


class JudgementOutcome(BaseModel):
    """What rejecting or confirming an event did: the judgement asked for, whether it was
    recorded (False when the event's latest judgement already had this verdict, shown in
    ``previous``) and at which store position."""

    model_config = ConfigDict(frozen=True)

    event_id: UUID
    event_type: str
    negotiation: str
    article_id: str
    quote: str
    verdict: Literal["rejected", "confirmed"]
    analyst: str
    reason: str | None = None
    recorded: bool
    position: int | None = None
    previous: Judgement | None = None


class IngestReport(BaseModel):
    """The outcome of an ingest run: one entry per file, in the order read, and the files
    the folders held that were not read."""

    model_config = ConfigDict(frozen=True)

    outcomes: tuple[ArticleOutcome, ...]
    skipped: tuple[SkippedPath, ...] = ()

    @property
    def failed(self) -> tuple[ArticleOutcome, ...]:
        return tuple(o for o in self.outcomes if o.status == "error")

    @property
    def ok(self) -> bool:
        return not self.failed

    def events_by_type(self) -> dict[str, int]:
        """Events appended in this run, by type."""
        totals: dict[str, int] = {}
        for outcome in self.outcomes:
            for name, count in outcome.events_by_type.items():
                totals[name] = totals.get(name, 0) + count
        return dict(sorted(totals.items()))


@dataclass(frozen=True)
class ArticleScan:
    """The files to read, and the entries of the folders given that are skipped."""

    files: list[Path]
    skipped: list[SkippedPath]


def scan_articles(paths: Iterable[Path | str]) -> ArticleScan:
    """Files named directly (always read), and the ``.md`` files found under folders, in
    sorted order; a folder's hidden entries, other files and broken links are skipped."""
    found: list[Path] = []
    skipped: list[SkippedPath] = []
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            found.append(path)
            continue
        inside: list[Path] = []
        for root, folders, names in os.walk(path):
            here = Path(root)
            for name in sorted(folders):
                if name.startswith("."):
                    skipped.append(SkippedPath(path=f"{here / name}{os.sep}", reason="hidden"))
            folders[:] = [name for name in folders if not name.startswith(".")]
            for name in names:
                entry = here / name
                reason = _skip_reason(entry)
                if reason is None:
                    inside.append(entry)
                else:
                    skipped.append(SkippedPath(path=str(entry), reason=reason))
        found.extend(sorted(inside))
    skipped.sort(key=lambda s: s.path)
    return ArticleScan(found, skipped)


def _skip_reason(entry: Path) -> SkipReason | None:
    if entry.name.startswith("."):
        return "hidden"
    if entry.suffix != ".md":
        return "not .md"
    if not entry.is_file():
        return "not a file"
    return None


def article_paths(paths: Iterable[Path | str]) -> list[Path]:
    """Markdown files named directly, or found (sorted) under folders (see scan_articles)."""
    return scan_articles(paths).files


NO_ARTICLE_IN_FOLDER = "no .md file in this folder or below it; nothing to ingest"


@dataclass
class Timeline:
    """The one entry point: a recorder, a catalog and the projections over them.

    Writes go through ``ingest`` and ``record`` only; every article (and every file of
    hand-written events) is one stream appended atomically, so a failure leaves nothing
    of it half-written.
    """

    recorder: ReadSideRecorder
    catalog_source: Catalog | Callable[[], Catalog]
    """The catalog, or how to load it: commands that only read load it when first needed."""
    read_models: ReadModelStore
    pool: DerivationPool | None = None
    """The worker processes of ``ingest(workers=N)``, kept for the next ingest (closed
    with the timeline, or replaced when another number of workers or catalog is asked)."""
    _closers: list[Callable[[], None]] = field(default_factory=list)
    _key_words: KeyWords = field(default_factory=KeyWords, repr=False)
    """Subjects' key words already found, for every state this timeline renders (bounded)."""
    _snapshots: SnapshotMemo = field(default_factory=SnapshotMemo, repr=False)
    """The fold snapshot its last historical state was restored from (see
    :class:`~timeline.projections.snapshots.SnapshotMemo`), for every runner it makes."""

    @property
    def catalog(self) -> Catalog:
        """Parties, people and negotiations (loaded on first use)."""
        from timeline.derivation.catalog import Catalog

        if not isinstance(self.catalog_source, Catalog):
            self.catalog_source = self.catalog_source()
        return self.catalog_source

    @catalog.setter
    def catalog(self, catalog: Catalog) -> None:
        self.catalog_source = catalog
        self.__dict__.pop("knowledge", None)

    # -- opening -----------------------------------------------------------------------
    @classmethod
    def open(
        cls,
        url: str | None = None,
        *,
        catalog_path: Path | None = None,
        upgrade: bool = False,
    ) -> Timeline:
        """Open the store at ``url`` (default: ``timeline.db`` in the working folder).

        With ``upgrade`` the schema is migrated to head first (a SQLite file is created if
        needed); otherwise a database that is not at head raises SchemaNotAtHeadError naming
        the command to run, and a SQLite file that does not exist raises StoreError and is
        not created.
        """
        from timeline.derivation.catalog import load_catalog
        from timeline.store import migrate
        from timeline.store.engine import open_engine, require_existing
        from timeline.store.sql import SqlRecorder

        settings = Settings.from_environment(url, catalog_path)
        # A catalog file named is read now (its errors come first); the shipped one, which
        # a command that only reads stored ids never needs, when first used.
        catalog: Catalog | Callable[[], Catalog] = (
            load_catalog(settings.catalog_path) if settings.catalog_path else load_catalog
        )
        if not upgrade:
            require_existing(settings.database_url)  # never leave an empty file behind
        engine = open_engine(settings.database_url)
        try:
            if upgrade:
                migrate.upgrade(engine)
            migrate.ensure_at_head(engine)
        except BaseException:
            engine.dispose()
            raise
        recorder = SqlRecorder(engine)
        timeline = cls(recorder, catalog, recorder.read_models())
        timeline._closers.append(engine.dispose)
        return timeline

    @classmethod
    def in_memory(cls, *, catalog_path: Path | None = None) -> Timeline:
        """A timeline over the in-memory recorder: nothing touches the disk."""
        from timeline.derivation.catalog import load_catalog
        from timeline.store.memory import InMemoryRecorder

        recorder = InMemoryRecorder()
        return cls(recorder, load_catalog(catalog_path), recorder.read_models())

    def close(self) -> None:
        """End the worker processes and release the database connections."""
        if self.pool is not None:
            self.pool.close()
            self.pool = None
        while self._closers:
            self._closers.pop()()

    @property
    def projections(self) -> ProjectionRunner:
        """The persisted read models: catch_up, rebuild, verify, status. Its catch-up
        renders the latest state of every negotiation it touches."""
        return ProjectionRunner(
            self.recorder, self.read_models, words=self._key_words, memo=self._snapshots
        )

    def _caught_up(self) -> ProjectionRunner:
        """The read models caught up for a read: the index, with the negotiations whose
        latest state the new events change listed as stale; ``state`` renders (and keeps)
        one when it is asked for, so a read pays for the states it reads, not for every
        negotiation the new events touched."""
        runner = ProjectionRunner(
            self.recorder,
            self.read_models,
            render_states=False,
            words=self._key_words,
            memo=self._snapshots,
        )
        runner.catch_up()
        return runner

    def __enter__(self) -> Timeline:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- writing -----------------------------------------------------------------------
    def ingest(
        self,
        paths: Iterable[Path | str],
        *,
        on_article: Callable[[ArticleOutcome], None] | None = None,
        workers: int = 1,
    ) -> IngestReport:
        """Ingest files and folders of articles; a bad file is reported and the rest go on.

        No file ends the batch: an error of timeline's own (a malformed or oversized file, a
        store conflict) is reported for its file, and so is any unexpected exception, with a
        hint that it is a bug to report. Every error names its file. A folder that holds no
        ``.md`` file is an error outcome of its own (a mistyped folder must not pass for an
        ingest that found nothing new).

        With ``workers`` above 1, articles are derived in that many worker processes
        (:mod:`timeline.workers`) while this process appends them, one article at a time in
        the order of the files: the store ends up exactly as with one process, and the
        outcomes come in the same order with the same errors.
        """
        paths = list(paths)
        scan = scan_articles(paths)
        outcomes: list[ArticleOutcome] = []
        for folder in (Path(p) for p in paths):
            if folder.is_dir() and not scan_articles([folder]).files:
                outcomes.append(
                    ArticleOutcome(
                        path=str(folder), status="error", error=f"{folder}: {NO_ARTICLE_IN_FOLDER}"
                    )
                )
                if on_article is not None:
                    on_article(outcomes[-1])
        if workers > 1 and len(scan.files) > 1:
            ingested = self._ingest_in_pool(scan.files, min(workers, len(scan.files)))
        else:
            ingested = (self._ingest_file(path) for path in scan.files)
        try:
            for outcome in ingested:
                outcomes.append(outcome)
                if on_article is not None:
                    on_article(outcome)
        except BaseException:  # Ctrl-C, or a callback's error: stop the workers at once
            if self.pool is not None:
                self.pool.close(now=True)
            raise
        return IngestReport(outcomes=tuple(outcomes), skipped=tuple(scan.skipped))

    def _ingest_file(self, path: Path, ahead: _Ahead | None = None) -> ArticleOutcome:
        """Ingest one file (read already when ``ahead`` holds it); any error becomes its
        outcome."""
        from timeline.derivation.articles import read_article

        try:
            article = ahead.article if ahead is not None else read_article(path)
            outcome = self._ingest_article(article, str(path), self._deriving(ahead))
        except TimelineError as error:
            message = str(error)  # an ArticleError names the file; a store error may not
            if not message.startswith(str(path)):
                message = f"{path}: {message}"
            outcome = ArticleOutcome(path=str(path), status="error", error=message)
        except Exception as error:  # a bug: reported for this file, the batch goes on
            outcome = ArticleOutcome(
                path=str(path),
                status="error",
                error=str(ArticleError.unexpected(path, "ingesting", error)),
            )
        return outcome

    def _ingest_in_pool(self, files: Sequence[Path], workers: int) -> Iterator[ArticleOutcome]:
        """Each file's outcome, in order, its article derived ahead in the worker pool.

        This process reads each file and looks its article up in the store; an article to
        derive (new, or stored with other knowledge) goes to the pool, up to
        ``pool.in_flight`` files ahead of the one being appended. A new article whose
        derivation is done is appended together with the new articles after it whose
        derivations are done too (:meth:`_append_new`). Any other file runs the one-process
        path with the derivation made ahead (which it uses only when it derives that very
        article: the store may have changed meanwhile); a file that cannot be read is read
        again by that path, which reports its error.
        """
        pool = self._pool(workers)
        window: deque[tuple[Path, _Ahead | None]] = deque()
        for path in files:
            window.append((path, self._derive_ahead(path, pool)))
            if len(window) >= pool.in_flight:
                yield from self._ingest_ahead(window, pool)
        while window:
            yield from self._ingest_ahead(window, pool)

    def _ingest_ahead(
        self, window: deque[tuple[Path, _Ahead | None]], pool: DerivationPool
    ) -> Iterator[ArticleOutcome]:
        """Ingest the file at the head of the window; when it is a new article derived
        without error, with it the new articles that follow it, derived without error:
        waiting for ``pool.least_group`` of them, then taking those already done."""
        path, ahead = window.popleft()
        derived = None if ahead is None else ahead.derived_new(wait=True)
        if ahead is None or derived is None:
            yield self._ingest_file(path, ahead)
            return
        group = [(path, ahead, derived)]
        while window and len(group) < pool.in_flight:
            following = window[0][1]
            derived = None
            if following is not None:
                derived = following.derived_new(wait=len(group) < pool.least_group)
            if following is None or derived is None:
                break
            group.append((window.popleft()[0], following, derived))
        yield from self._append_new(group)

    def _append_new(
        self, group: Sequence[tuple[Path, _Ahead, DerivedArticle]]
    ) -> Iterator[ArticleOutcome]:
        """Append new articles (no stream of theirs was stored when their files were read)
        in one transaction, each its own stream from version 0, in file order: the same
        events at the same positions as one append each, with one commit for all.

        Any error writes nothing of the group (the store may have changed since the files
        were read: a file before them or another process stored one of these ids); each
        file then takes the one-process path, which reads the store again and reports what
        one process would.
        """
        from timeline.store.recorder import StreamAppend

        try:
            appends = [
                (path, ahead.article, derived, *self._new_article_events(ahead.article, derived))
                for path, ahead, derived in group
            ]
            results = self.recorder.append_many(
                [
                    StreamAppend(article_stream(article.id), [ingested, *events], NO_STREAM)
                    for _, article, _, ingested, events in appends
                ]
            )
        except Exception:
            for path, ahead, _ in group:
                yield self._ingest_file(path, ahead)
            return
        for (path, article, derived, ingested, events), result in zip(
            appends, results, strict=True
        ):
            yield _new_article_outcome(str(path), article.id, derived, ingested, events, result)

    def _pool(self, workers: int) -> DerivationPool:
        """The worker pool, started for ``workers`` and the current catalog."""
        from timeline.workers import DerivationPool

        pool = self.pool
        if pool is None or pool.workers != workers or pool.catalog is not self.catalog:
            if pool is not None:
                pool.close()
            pool = self.pool = DerivationPool(self.catalog, workers)
        return pool

    def _derive_ahead(self, path: Path, pool: DerivationPool) -> _Ahead | None:
        """Read one file and hand its article to the pool when it has to be derived."""
        from timeline.derivation.articles import check_size, read_article
        from timeline.derivation.ingestion import stored_article

        where = str(path)
        try:
            article = read_article(path)
            check_size(article, where)
            recorded = self.recorder.read_stream(article_stream(article.id))
        except Exception:  # reported when the file's turn comes, as in one process
            return None
        to_derive: Article | None = article
        if recorded:
            first = recorded[0].event
            to_derive = None
            if isinstance(first, ArticleIngested) and first.sha256 == article.sha256:
                previous, _ = _last_derivation(first, recorded)
                if self.knowledge.changes_since(previous):
                    to_derive = stored_article(first)
        if to_derive is None:
            return _Ahead(article, None, None)
        return _Ahead(article, to_derive, pool.submit(to_derive, where))

    @cached_property
    def knowledge(self) -> Knowledge:
        """The extractor version, rules and catalog identity derivations use now."""
        from timeline.derivation.ingestion import Knowledge

        return Knowledge.current(self.catalog)

    def ingest_article(self, article: Article, *, path: Path | str | None = None) -> ArticleOutcome:
        """Append an article and its derived events; re-ingesting the same text derived with
        the same knowledge is a no-op.

        When the extractor version, the rules or the catalog changed since the article was
        last derived, it is derived again (see :meth:`rederive`). The same id with other
        text is an error.
        """
        where = str(path or article.source_path or article.id)
        return self._ingest_article(article, where, self._deriving(None))

    def _ingest_article(
        self, article: Article, where: str, derive: Callable[[Article, str], DerivedArticle]
    ) -> ArticleOutcome:
        from timeline.derivation.articles import check_size

        stream_id = article_stream(article.id)
        check_size(article, where)
        recorded = self.recorder.read_stream(stream_id)
        if not recorded:
            derived = derive(article, where)
            ingested, events = self._new_article_events(article, derived)
            result = self.recorder.append(
                stream_id, [ingested, *events], expected_version=NO_STREAM
            )
            return _new_article_outcome(where, article.id, derived, ingested, events, result)
        first = _first_article(recorded, where)
        if first.sha256 != article.sha256:
            raise ArticleError(
                where,
                f"article id {article.id!r} is already stored with different text "
                f"(stored sha256 {first.sha256[:12]}…, this file {article.sha256[:12]}…)",
            )
        return self._derive_again(recorded, where, derive)

    def _new_article_events(
        self, article: Article, derived: DerivedArticle
    ) -> tuple[NewEvent, list[NewEvent]]:
        """A new article's ``article_ingested`` event, and its derived events caused by it."""
        from timeline.derivation.ingestion import article_ingested_event

        ingested = article_ingested_event(
            article, self.catalog, derived.negotiation, self.knowledge
        )
        return ingested, caused_by(ingested.event_id, derived.events)

    def _deriving(self, ahead: _Ahead | None) -> Callable[[Article, str], DerivedArticle]:
        """How to derive an article now: with the worker's result when it derived that
        very article, else in this process."""

        def derive(article: Article, where: str) -> DerivedArticle:
            if ahead is not None and ahead.derived is not None and ahead.derives == article:
                return ahead.derived()
            return _derive(article, self.catalog, where)

        return derive

    def rederive(
        self,
        targets: Iterable[str] = (),
        *,
        on_article: Callable[[ArticleOutcome], None] | None = None,
    ) -> IngestReport:
        """Derive stored articles again from their stored text with the current catalog and
        rules: every article, or those of the negotiations and the articles named.

        For each article whose extractor version, rules or catalog changed since it was
        last derived, an ``article_rederived`` event records what changed; the events newly
        derived are appended and those no longer derived are retracted, all caused by it.
        Articles derived with the current knowledge are ``unchanged``. A name that is
        neither a negotiation nor an ingested article raises ArticleError before anything
        is written.
        """
        outcomes: list[ArticleOutcome] = []
        for article_id in self._articles_named(list(targets)):
            stream_id = article_stream(article_id)
            try:
                outcome = self._derive_again(self.recorder.read_stream(stream_id), article_id)
            except Exception as error:  # timeline's own errors, and bugs, reported per article
                problem = (
                    error
                    if isinstance(error, TimelineError)
                    else ArticleError.unexpected(article_id, "deriving", error)
                )
                outcome = ArticleOutcome(
                    path=article_id, article_id=article_id, status="error", error=str(problem)
                )
            outcomes.append(outcome)
            if on_article is not None:
                on_article(outcome)
        return IngestReport(outcomes=tuple(outcomes))

    def _articles_named(self, targets: list[str]) -> list[str]:
        """The ids of the articles to derive again: all, or those the targets name."""
        runner = self._caught_up()
        if not targets:
            return sorted(key[len(ARTICLE) :] for key, _ in self.read_models.scan(INDEX, ARTICLE))
        negotiations = set(self.catalog.negotiation_ids()) | runner.negotiations()
        found: dict[str, None] = {}
        for target in targets:
            if target not in negotiations and self.recorder.stream_version(article_stream(target)):
                found.setdefault(target)
                continue
            negotiation = target if target in negotiations else self._negotiation_or_article(target)
            for recorded in runner.events(negotiation):
                if recorded.stream_id.startswith(ARTICLE_STREAM_PREFIX):
                    found.setdefault(recorded.stream_id[len(ARTICLE_STREAM_PREFIX) :])
        return list(found)

    def _negotiation_or_article(self, target: str) -> str:
        """The negotiation a catalog alias names; else an ArticleError suggesting the
        nearest negotiations and stored article ids."""
        try:
            return self.negotiation_id(target)
        except UnknownNegotiationError as error:
            stored = [key[len(ARTICLE) :] for key, _ in self.read_models.scan(INDEX, ARTICLE)]
            near = [
                *error.suggestions,
                *difflib.get_close_matches(target.strip(), stored, n=2, cutoff=0.8),
            ]
            hint = f" did you mean {' or '.join(map(repr, near))}?" if near else ""
            raise ArticleError(
                target,
                f"neither a negotiation nor an ingested article;{hint} nothing re-derived",
            ) from error

    def _derive_again(
        self,
        recorded: Sequence[RecordedEvent],
        where: str,
        derive: Callable[[Article, str], DerivedArticle] | None = None,
    ) -> ArticleOutcome:
        """Derive a stored article again when the knowledge changed since it was derived."""
        from timeline.derivation.ingestion import stored_article

        first = _first_article(recorded, where)
        previous, negotiation = _last_derivation(first, recorded)
        because = self.knowledge.changes_since(previous)
        if not because:
            return ArticleOutcome(
                path=where, article_id=first.article_id, negotiation=negotiation, status="unchanged"
            )
        derived = (derive or self._deriving(None))(stored_article(first), where)
        new, retractions = _rederivation(
            recorded, derived.events, first.article_id, because, self.knowledge
        )
        resolved = derived.negotiation
        last = recorded[-1]
        marker = NewEvent(
            event_id=uuid5(
                NAMESPACE_URL, f"timeline:rederived:{last.stream_id}:{last.stream_version}"
            ),
            event=ArticleRederived(
                article_id=first.article_id,
                negotiation=resolved.id,
                negotiations=(resolved.id,) if resolved.id != UNASSIGNED else (),
                negotiation_name=resolved.name,
                negotiation_parties=resolved.parties,
                extractor_version=self.knowledge.extractor_version,
                rules=self.knowledge.rules,
                catalog=self.knowledge.catalog,
                previous_extractor_version=previous.extractor_version,
                previous_rules=previous.rules,
                previous_catalog=previous.catalog,
                because=because,
                appended=len(new),
                retracted=len(retractions),
            ),
        )
        batch = [marker, *caused_by(marker.event_id, [*new, *retractions])]
        result = self.recorder.append(last.stream_id, batch, expected_version=last.stream_version)
        if result.duplicate:  # another run derived it again meanwhile: nothing written here
            return ArticleOutcome(
                path=where, article_id=first.article_id, negotiation=resolved.id,
                status="unchanged",
            )  # fmt: skip
        outcome = _outcome(
            where, first.article_id, None, "rederived", batch[1 : 1 + len(new)],
            retracted=len(retractions),
        )  # fmt: skip
        return outcome.model_copy(update={"negotiation": resolved.id, "because": because})

    def record(self, path: Path | str) -> RecordOutcome:
        """Record hand-written events from a JSON Lines file, all or none.

        Lines have the shape ``derive --format jsonl`` prints (see
        :mod:`timeline.event_files`); every evidence must quote an ingested article, at the
        offsets given or, without them, once somewhere in its text. Every problem found is
        raised as one EventFileError (one line per problem) and nothing is written; so is
        a party the catalog does not know, or an implausible number or date. Recording the
        same file again is a no-op.
        """
        from timeline.event_files import manual_stream, read_event_file

        source = Path(path)
        events = read_event_file(source, self._stored_text, self.catalog.party_codes())
        stream_id = manual_stream(source)
        version = self.recorder.stream_version(stream_id)
        result = self.recorder.append(stream_id, events, expected_version=version)
        return RecordOutcome(
            path=str(source),
            stream_id=stream_id,
            recorded=result.version - version,
        )

    def _stored_text(self, article_id: str) -> StoredText | None:
        from timeline.event_files import StoredText

        article = self.articles([article_id]).get(article_id)
        return None if article is None else StoredText(article.text, article.published)

    # -- curating ----------------------------------------------------------------------
    def review(self, article_id: str) -> ArticleReview:
        """What was derived from a stored article (and recorded by hand quoting it), with
        quotes, rules and every analyst judgement; retracted events are marked."""
        from timeline.audit import review

        first = self._ingested(article_id)
        stream = self.recorder.read_stream(article_stream(first.article_id))
        names = {first.negotiation, *first.negotiations}
        for recorded in stream:
            event = recorded.event
            if isinstance(event, NegotiationEvent | EventRetracted):
                names.add(event.negotiation)
            elif isinstance(event, ArticleRederived):
                names.update((event.negotiation, *event.negotiations))
        runner = self._caught_up()
        events = list(stream)
        for name in sorted(names):
            events.extend(runner.events(name))
        return review(first, events)

    def _ingested(self, article_id: str) -> ArticleIngested:
        """The stored article, or ArticleError with the nearest stored ids."""
        found = self.articles([article_id]).get(article_id)
        if found is not None:
            return found
        self._caught_up()
        stored = [key[len(ARTICLE) :] for key, _ in self.read_models.scan(INDEX, ARTICLE)]
        near = difflib.get_close_matches(article_id, stored, n=3, cutoff=0.6)
        hint = f"; did you mean {' or '.join(map(repr, near))}?" if near else ""
        raise ArticleError(article_id, f"no such article in the store{hint}")

    def reject(self, event_ref: str, *, analyst: str, reason: str) -> JudgementOutcome:
        """Record that ``analyst`` judges the event wrong, and why: from now on it counts
        nowhere in the state (see :mod:`timeline.domain.fold`). Rejecting an event whose
        latest judgement is already a rejection records nothing (``recorded`` False)."""
        if not reason.strip():
            raise JudgementError(event_ref, "a rejection needs a reason (--reason TEXT)")
        return self._judge(event_ref, analyst=analyst, reason=reason.strip(), rejected=True)

    def confirm(
        self, event_ref: str, *, analyst: str, reason: str | None = None
    ) -> JudgementOutcome:
        """Record that ``analyst`` checked the event against its quote and vouches for it:
        its facts are ``confirmed``, and an earlier rejection of it no longer applies.
        Confirming an event already confirmed records nothing (``recorded`` False)."""
        reason = reason.strip() if reason else None
        return self._judge(event_ref, analyst=analyst, reason=reason or None, rejected=False)

    def _judge(
        self, event_ref: str, *, analyst: str, reason: str | None, rejected: bool
    ) -> JudgementOutcome:
        analyst = analyst.strip()
        if not analyst:
            raise JudgementError(event_ref, "an analyst name is required (--analyst NAME)")
        recorded = self.find_event(event_ref)
        event = recorded.event
        if not isinstance(event, NegotiationEvent):
            raise JudgementError(
                event_ref,
                f"is an {event.type} event; only events derived from or recorded about an "
                "article can be judged",
            )
        retraction = self.recorder.read_events([_retraction_id(recorded.event_id)])
        if retraction and isinstance(retraction[0].event, EventRetracted):
            raise JudgementError(
                event_ref,
                f"was retracted at position {retraction[0].position} "
                f"({retraction[0].event.reason}); it no longer counts, there is nothing to judge",
            )
        stream_id = judgement_stream(recorded.event_id)
        history = self.recorder.read_stream(stream_id)
        verdict: Literal["rejected", "confirmed"] = "rejected" if rejected else "confirmed"
        previous = _judgement_of(history[-1]) if history else None
        evidence = event.evidence[0]
        outcome = JudgementOutcome(
            event_id=recorded.event_id,
            event_type=event.type,
            negotiation=event.negotiation,
            article_id=evidence.article_id,
            quote=evidence.quote,
            verdict=verdict,
            analyst=analyst,
            reason=reason,
            recorded=False,
            previous=previous,
        )
        if previous is not None and previous.verdict == verdict:
            return outcome
        fields = {
            "judged_event_id": recorded.event_id,
            "negotiation": event.negotiation,
            "article_id": evidence.article_id,
            "event_type": event.type,
            "quote": evidence.quote,
            "analyst": analyst,
            "reason": reason,
        }
        judgement: EventJudged = (
            EventRejected.model_validate(fields)
            if rejected
            else EventConfirmed.model_validate(fields)
        )
        new = NewEvent(
            event_id=uuid5(
                NAMESPACE_URL, f"timeline:judgement:{recorded.event_id}:{len(history) + 1}"
            ),
            event=judgement,
        )
        result = self.recorder.append(stream_id, [new], expected_version=len(history))
        return outcome.model_copy(update={"recorded": True, "position": result.positions[0]})

    def find_event(self, event_ref: str) -> RecordedEvent:
        """The stored event an id names: the whole UUID, or a unique prefix of at least 8
        hex digits (which searches the whole store). Raises JudgementError otherwise."""
        ref = event_ref.strip().lower()
        if ref.startswith("f-"):
            raise JudgementError(
                event_ref,
                "is a fact id (a fact gathers several reports); judge one of its events: "
                "`timeline explain` and `timeline review` list their ids",
            )
        try:
            wanted: UUID | None = UUID(ref)
        except ValueError:
            wanted = None
        if wanted is not None:
            found = self.recorder.read_events([wanted])
            if not found:
                raise JudgementError(event_ref, "no stored event has this id")
            return found[0]
        if not re.fullmatch(r"[0-9a-f][0-9a-f-]{7,}", ref):
            raise JudgementError(
                event_ref, "is not an event id (a UUID, or its first 8 or more characters)"
            )
        prefix = ref.replace("-", "")
        matches = [r for r in self.recorder.read_all() if r.event_id.hex.startswith(prefix)]
        if not matches:
            raise JudgementError(event_ref, "no stored event id starts with this")
        if len(matches) > 1:
            ids = ", ".join(str(r.event_id) for r in matches[:3])
            raise JudgementError(
                event_ref, f"{len(matches)} stored event ids start with this ({ids}); give more"
            )
        return matches[0]

    def coverage(self, target: str | Path) -> ArticleCoverage:
        """The sentences of an article with the events derived from each: a stored article
        (its active events, derived or recorded, rejected ones marked), or an article file
        that is derived on the fly and stored nowhere."""
        from timeline.derivation.articles import read_article
        from timeline.derivation.coverage import CoveredEvent, cover
        from timeline.derivation.ingestion import derive_article

        path = Path(target)
        if path.suffix == ".md" and path.is_file():
            article = read_article(path)
            derived = derive_article(article, self.catalog).events
            covered = [
                CoveredEvent.of(new.event_id, new.event, article.id)
                for new in derived
                if isinstance(new.event, NegotiationEvent)
            ]
            return cover(article.id, article.text, covered, stored=False)
        reviewed = self.review(str(target))
        text = self._ingested(reviewed.article_id).text
        events = [
            CoveredEvent(
                event_id=item.event_id,
                type=item.type,
                polarity=item.polarity,
                actor=item.actor,
                target=item.target,
                subject=item.subject,
                rule_id=item.rule_id,
                spans=tuple(
                    (e.start, e.end) for e in item.evidence if e.article_id == reviewed.article_id
                ),
                verdict=item.verdict,
            )
            for item in reviewed.events
            if not item.retracted
        ]
        return cover(reviewed.article_id, text, events, stored=True)

    # -- reading -----------------------------------------------------------------------
    def recorded_events(self, *, known_at: KnownAt | None = None) -> Iterator[RecordedEvent]:
        """Every stored event in global order, as the store knew them at ``known_at``."""
        if isinstance(known_at, datetime):
            return self.recorder.read_all(recorded_until=known_at)
        return self.recorder.read_all(until_position=known_at)

    def negotiations(self) -> list[str]:
        """Negotiation ids known to the catalog or present in the store."""
        runner = self._caught_up()
        return sorted(set(self.catalog.negotiation_ids()) | runner.negotiations())

    def negotiation_summaries(self) -> list[NegotiationSummary]:
        """Every negotiation of the catalog, and every other one the store has articles or
        events of, with its name, parties, counts and first and last dates."""
        runner = self._caught_up()
        names = sorted(set(self.catalog.negotiation_ids()) | runner.negotiations())
        events = {name: runner.events(name) for name in names}
        filed: dict[str, RecordedEvent] = {}  # article id -> its latest filing
        for recorded in (r for found in events.values() for r in found):
            event = recorded.event
            if isinstance(event, ArticleIngested | ArticleRederived):
                current = filed.get(event.article_id)
                if current is None or current.position < recorded.position:
                    filed[event.article_id] = recorded
        summaries = []
        for name in names:
            summary = _summary(name, events[name], filed, self.catalog)
            if summary.source == "catalog" or summary.articles or summary.events:
                summaries.append(summary)
        return summaries

    def negotiation_id(self, name: str) -> str:
        """The id of the negotiation ``name`` names: an id or a catalog alias, in any case.

        Catches the read models up first. An unknown name raises UnknownNegotiationError
        with the nearest ids and aliases as suggestions.
        """
        runner = self._caught_up()
        stored = runner.negotiations()
        if name in stored:  # the catalog is not needed (nor loaded) for a stored id
            return name
        known = set(self.catalog.negotiation_ids()) | stored
        if name in known:
            return name
        names: dict[str, str] = {n.casefold(): n for n in known}
        for negotiation in self.catalog.negotiations:
            for alias in (negotiation.name, *negotiation.aliases):
                names.setdefault(alias.casefold(), negotiation.id)
        found = names.get(name.strip().casefold())
        if found is not None:
            return found
        near = difflib.get_close_matches(name.strip().casefold(), names, n=3, cutoff=0.6)
        raise UnknownNegotiationError(
            name, known, suggestions=dict.fromkeys(names[n] for n in near)
        )

    def state(
        self,
        negotiation: str,
        *,
        as_of: date | None = None,
        known_at: KnownAt | None = None,
    ) -> NegotiationState:
        """The negotiation's state on ``as_of`` (world time) as known at ``known_at``."""
        negotiation = self.negotiation_id(negotiation)  # catches up and checks the id
        return self.projections.state(negotiation, as_of=as_of, known_at=known_at)

    def events(
        self,
        negotiation: str,
        *,
        as_of: date | None = None,
        known_at: KnownAt | None = None,
    ) -> list[ChronologyRow]:
        """The negotiation's events in world order, each with all its sources (the same
        events and cited articles as :meth:`state` folds)."""
        negotiation = self.negotiation_id(negotiation)  # catches up and checks the id
        history = self.projections.history(negotiation, known_at=known_at)
        return chronology(history.events, negotiation, as_of=as_of, articles=history.articles)

    def set_aside_events(
        self,
        negotiation: str,
        *,
        as_of: date | None = None,
        known_at: KnownAt | None = None,
    ) -> list[ChronologyRow]:
        """The negotiation's events an analyst rejected, in world order, as :meth:`events`
        would show them: counted nowhere, listed so they can be shown struck out."""
        negotiation = self.negotiation_id(negotiation)
        history = self.projections.history(negotiation, known_at=known_at)
        return set_aside_rows(history.events, negotiation, as_of=as_of, articles=history.articles)

    def replay(
        self,
        negotiation: str,
        *,
        as_of: date | None = None,
        known_at: KnownAt | None = None,
        from_position: int = 0,
        limit: int | None = None,
    ) -> Iterator[ReplayStep]:
        """Each event in store order with the state change it caused and its evidence: the
        same fold, over the same events and cited articles, as :meth:`state`. Steps are
        made as they are read, each costing about what its event changed; ``from_position``
        starts them at that store position, ``limit`` stops after that many."""
        from timeline.audit import replay

        negotiation = self.negotiation_id(negotiation)  # catches up and checks the id
        history = self.projections.history(negotiation, known_at=known_at)
        return replay(
            history.events,
            negotiation,
            as_of=as_of,
            articles=history.articles,
            from_position=from_position,
            limit=limit,
        )

    def explain(
        self,
        negotiation: str,
        field_path: str,
        *,
        as_of: date | None = None,
        known_at: KnownAt | None = None,
    ) -> Explanation:
        """The events, rules and quotes behind one field of the state."""
        from timeline.audit import explain

        return explain(self.state(negotiation, as_of=as_of, known_at=known_at), field_path)

    def fields(
        self, negotiation: str, *, as_of: date | None = None, known_at: KnownAt | None = None
    ) -> list[str]:
        """Every field path ``explain`` accepts for the negotiation's state."""
        from timeline.audit import field_paths

        return field_paths(self.state(negotiation, as_of=as_of, known_at=known_at))

    def articles(self, article_ids: Iterable[str]) -> dict[str, ArticleIngested]:
        """The stored ``article_ingested`` event of each id (ids not in the store are left out)."""
        found: dict[str, ArticleIngested] = {}
        for article_id in dict.fromkeys(article_ids):
            recorded = self.recorder.read_stream(article_stream(article_id), to_version=1)
            if recorded and isinstance(recorded[0].event, ArticleIngested):
                found[article_id] = recorded[0].event
        return found

    def position_after(self, article_id: str) -> int:
        """The store position of the last event of an article: ``known_at`` just after it."""
        recorded = self.recorder.read_stream(article_stream(article_id))
        if not recorded:
            raise ArticleError(article_id, "no such article in the store")
        return max(r.position for r in recorded)


@dataclass(frozen=True)
class _Ahead:
    """A file read ahead of its turn: its article, and the article handed to a worker to
    derive (itself, or the stored one to derive again) with the wait for the result."""

    article: Article
    derives: Article | None
    derived: Derived | None

    def derived_new(self, *, wait: bool) -> DerivedArticle | None:
        """The worker's derivation of this article when it was not stored when read and
        the worker derived it without error (waiting for it when ``wait``); else None."""
        if self.derives is not self.article or self.derived is None:
            return None
        return self.derived() if self.derived.succeeded(wait=wait) else None


def _derive(article: Article, catalog: Catalog, where: str) -> DerivedArticle:
    """Derive one article in this process; an unexpected exception becomes an ArticleError
    naming it."""
    from timeline.derivation.ingestion import derive_article
    from timeline.workers import derive_reported

    return derive_reported(article, catalog, where, derive_article)


def _new_article_outcome(
    where: str,
    article_id: str,
    derived: DerivedArticle,
    ingested: NewEvent,
    events: Sequence[NewEvent],
    result: AppendResult,
) -> ArticleOutcome:
    """A new article's outcome once its append returned ``result``."""
    if result.duplicate:  # another run stored the same article meanwhile
        return ArticleOutcome(
            path=where,
            article_id=article_id,
            negotiation=derived.negotiation.id,
            status="unchanged",
        )
    return _outcome(where, article_id, ingested, "ingested", events, retracted=0)


def _last_derivation(
    first: ArticleIngested, recorded: Sequence[RecordedEvent]
) -> tuple[Knowledge, str]:
    """The knowledge a stored article was last derived with, and its negotiation then."""
    from timeline.derivation.ingestion import Knowledge, stored_knowledge

    previous = stored_knowledge(first)
    negotiation = first.negotiation
    for item in recorded:
        if isinstance(item.event, ArticleRederived):
            event = item.event
            previous = Knowledge(event.extractor_version, event.rules, event.catalog)
            negotiation = event.negotiation
    return previous, negotiation


def caused_by(cause: UUID, events: Sequence[NewEvent]) -> list[NewEvent]:
    """The events with the article's ingestion as their cause and correlation."""
    metadata = EventMetadata(causation_id=cause, correlation_id=cause)
    return [e.model_copy(update={"metadata": metadata}) for e in events]


def _judgement_of(recorded: RecordedEvent) -> Judgement | None:
    event = recorded.event
    if not isinstance(event, EventRejected | EventConfirmed):
        return None
    return FiledJudgement.of(recorded, event).view(event.judged_event_id, retracted=False)


def _first_article(recorded: Sequence[RecordedEvent], where: str) -> ArticleIngested:
    first = recorded[0].event if recorded else None
    if not isinstance(first, ArticleIngested):
        stream = recorded[0].stream_id if recorded else where
        raise ArticleError(where, f"stream {stream} does not start with an article")
    return first


def _content(event: DomainEvent) -> str:
    """What a derived event says, without the extractor version that derived it: the same
    content derived again is the same event."""
    data = event.model_dump(mode="json", exclude={"derivation"})
    if isinstance(event, NegotiationEvent):
        data["rule"] = [event.derivation.rule_id, event.derivation.confidence]
    return json.dumps(data, sort_keys=True, ensure_ascii=False)


def _rederivation(
    recorded: Sequence[RecordedEvent],
    derived: Sequence[NewEvent],
    article_id: str,
    because: Sequence[Change],
    knowledge: Knowledge,
) -> tuple[list[NewEvent], list[NewEvent]]:
    """The events to append when an article is derived again, and the retractions.

    A derived event whose content an active stored event already states is kept as it is.
    Any other derived event is new; when its id is taken (the same rule at the same span
    with other content, e.g. other parties from another catalog, or an event retracted
    before) it gets a fresh id made from the taken one and its content. Active stored
    events that nothing derived states any more are retracted.
    """
    retracted = {
        e.event.retracted_event_id for e in recorded if isinstance(e.event, EventRetracted)
    }
    taken = {e.event_id for e in recorded}
    active: dict[str, list[RecordedEvent]] = {}
    for e in recorded:
        if isinstance(e.event, NegotiationEvent) and e.event_id not in retracted:
            active.setdefault(_content(e.event), []).append(e)
    new: list[NewEvent] = []
    for event in derived:
        content = _content(event.event)
        same = active.get(content)
        if same:
            same.pop(0)
            continue
        event_id = event.event_id
        while event_id in taken:
            event_id = uuid5(NAMESPACE_URL, f"timeline:rederived-event:{event_id}:{content}")
        taken.add(event_id)
        if event_id != event.event_id:
            event = event.model_copy(update={"event_id": event_id})
        new.append(event)
    reason = (
        f"not derived again after a change of {', '.join(because)} (extractor "
        f"{knowledge.extractor_version}, rules {knowledge.rules}, catalog {knowledge.catalog})"
    )
    retractions = [
        NewEvent(
            event_id=_retraction_id(old.event_id),
            event=EventRetracted(
                retracted_event_id=old.event_id,
                negotiation=old.event.negotiation,
                article_id=article_id,
                reason=reason,
                extractor_version=knowledge.extractor_version,
            ),
        )
        for olds in active.values()
        for old in olds
        if isinstance(old.event, NegotiationEvent)
    ]
    return new, retractions


def _retraction_id(event_id: UUID) -> UUID:
    """Deterministic (an event is retracted at most once), so a retraction appended twice
    is an idempotent no-op."""
    return uuid5(NAMESPACE_URL, f"timeline:retract:{event_id}")


def _summary(
    name: str,
    events: Sequence[RecordedEvent],
    filed: dict[str, RecordedEvent],
    catalog: Catalog,
) -> NegotiationSummary:
    retracted = {e.event.retracted_event_id for e in events if isinstance(e.event, EventRetracted)}
    retracted |= rejected_ids(events)
    active = [
        e.event
        for e in events
        if isinstance(e.event, NegotiationEvent)
        and e.event.negotiation == name
        and e.event_id not in retracted
    ]
    articles = {a for a, r in filed.items() if _filed_under(r) == name}
    articles.update(evidence.article_id for event in active for evidence in event.evidence)
    dates = [event.occurred for event in active if event.occurred is not None]
    first = min(dates, key=WorldDate.first_day, default=None)
    last = max(dates, key=WorldDate.last_day, default=None)
    entry = catalog.negotiation(name)
    if entry is not None:
        label, parties, source = entry.name, entry.parties, "catalog"
    else:
        label, parties, source = None, (), "articles"
        for recorded in sorted(filed.values(), key=lambda r: r.position):
            event = recorded.event
            if isinstance(event, ArticleIngested | ArticleRederived) and event.negotiation == name:
                label = event.negotiation_name or label
                parties = event.negotiation_parties or parties
    return NegotiationSummary(
        id=name,
        name=label,
        parties=tuple(parties),
        source=source,
        articles=len(articles),
        events=len(active),
        first=str(first) if first else None,
        last=str(last) if last else None,
    )


def _filed_under(recorded: RecordedEvent) -> str | None:
    event = recorded.event
    return event.negotiation if isinstance(event, ArticleIngested | ArticleRederived) else None


def _outcome(
    where: str,
    article_id: str,
    ingested: NewEvent | None,
    status: ArticleStatus,
    derived: Sequence[NewEvent],
    *,
    retracted: int,
) -> ArticleOutcome:
    counts: dict[str, int] = {}
    for new in derived:
        counts[new.type] = counts.get(new.type, 0) + 1
    negotiation = UNASSIGNED
    if ingested is not None and isinstance(ingested.event, ArticleIngested):
        negotiation = ingested.event.negotiation
    elif derived and isinstance(derived[0].event, NegotiationEvent):
        negotiation = derived[0].event.negotiation
    return ArticleOutcome(
        path=where,
        article_id=article_id,
        negotiation=negotiation,
        status=status,
        appended=len(derived) + (1 if ingested else 0),
        retracted=retracted,
        events_by_type=dict(sorted(counts.items())),
    )
