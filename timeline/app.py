"""The Timeline facade: ingest articles, query state, replay and explain; owns transactions."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import Literal
from uuid import NAMESPACE_URL, UUID, uuid5

from pydantic import BaseModel, ConfigDict

from timeline.audit import Explanation, ReplayStep, explain, field_paths, replay
from timeline.config import Settings
from timeline.derivation.articles import Article, read_article
from timeline.derivation.catalog import Catalog, load_catalog
from timeline.derivation.extractor import EXTRACTOR_VERSION, article_ingested_event, derive
from timeline.domain.envelope import EventMetadata, NewEvent, RecordedEvent
from timeline.domain.events import (
    UNASSIGNED,
    ArticleIngested,
    EventRetracted,
    NegotiationEvent,
)
from timeline.domain.views import NegotiationState
from timeline.errors import ArticleError, EventFileError, TimelineError, UnknownNegotiationError
from timeline.event_files import manual_stream, read_event_file
from timeline.projections.chronology import ChronologyRow, chronology
from timeline.projections.negotiation import KnownAt
from timeline.projections.readmodels import ReadModelStore
from timeline.projections.runner import ProjectionRunner
from timeline.store.recorder import NO_STREAM, Recorder

ARTICLE_STREAM_PREFIX = "article:"


def article_stream(article_id: str) -> str:
    """The stream holding one article's ingestion and every event derived from it."""
    return f"{ARTICLE_STREAM_PREFIX}{article_id}"


ArticleStatus = Literal["ingested", "unchanged", "rederived", "error"]
"""New article; same text and extractor; re-derived by a newer extractor; not ingested."""


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
    error: str | None = None


class RecordOutcome(BaseModel):
    """What recording a file of hand-written events did."""

    model_config = ConfigDict(frozen=True)

    path: str
    stream_id: str
    recorded: int


class IngestReport(BaseModel):
    """The outcome of an ingest run: one entry per file, in the order read."""

    model_config = ConfigDict(frozen=True)

    outcomes: tuple[ArticleOutcome, ...]

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


def article_paths(paths: Iterable[Path | str]) -> list[Path]:
    """Markdown files named directly, or found (sorted) under folders."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.md") if p.is_file()))
        else:
            found.append(path)
    return found


@dataclass
class Timeline:
    """The one entry point: a recorder, a catalog and the projections over them.

    Writes go through ``ingest`` and ``record`` only; every article (and every file of
    hand-written events) is one stream appended atomically, so a failure leaves nothing
    of it half-written.
    """

    recorder: Recorder
    catalog: Catalog
    read_models: ReadModelStore
    _closers: list[Callable[[], None]] = field(default_factory=list)

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

        With ``upgrade`` the schema is migrated to head first; otherwise a database that is
        not at head raises SchemaNotAtHeadError naming the command to run.
        """
        from timeline.projections.readmodels import SqlReadModels
        from timeline.store import migrate
        from timeline.store.engine import open_engine
        from timeline.store.sql import SqlRecorder

        settings = Settings.from_environment(url, catalog_path)
        catalog = load_catalog(settings.catalog_path)
        engine = open_engine(settings.database_url)
        try:
            if upgrade:
                migrate.upgrade(engine)
            migrate.ensure_at_head(engine)
        except BaseException:
            engine.dispose()
            raise
        timeline = cls(SqlRecorder(engine), catalog, SqlReadModels(engine))
        timeline._closers.append(engine.dispose)
        return timeline

    @classmethod
    def in_memory(cls, *, catalog_path: Path | None = None) -> Timeline:
        """A timeline over the in-memory recorder: nothing touches the disk."""
        from timeline.projections.readmodels import InMemoryReadModels
        from timeline.store.memory import InMemoryRecorder

        return cls(InMemoryRecorder(), load_catalog(catalog_path), InMemoryReadModels())

    def close(self) -> None:
        """Release the database connections."""
        while self._closers:
            self._closers.pop()()

    @property
    def projections(self) -> ProjectionRunner:
        """The persisted read models: catch_up, rebuild, verify, status."""
        return ProjectionRunner(self.recorder, self.read_models)

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
    ) -> IngestReport:
        """Ingest files and folders of articles; a bad file is reported and the rest go on."""
        outcomes: list[ArticleOutcome] = []
        for path in article_paths(paths):
            try:
                outcome = self.ingest_article(read_article(path), path=path)
            except TimelineError as error:
                outcome = ArticleOutcome(path=str(path), status="error", error=str(error))
            outcomes.append(outcome)
            if on_article is not None:
                on_article(outcome)
        return IngestReport(outcomes=tuple(outcomes))

    def ingest_article(self, article: Article, *, path: Path | str | None = None) -> ArticleOutcome:
        """Append an article and its derived events; re-ingesting the same text is a no-op.

        A newer extractor re-derives: new events are appended, events no longer derived are
        retracted by an ``event_retracted`` event. The same id with other text is an error.
        """
        stream_id = article_stream(article.id)
        where = str(path or article.source_path or article.id)
        recorded = self.recorder.read_stream(stream_id)
        if not recorded:
            ingested = article_ingested_event(article, self.catalog)
            derived = caused_by(ingested.event_id, derive(article, self.catalog))
            batch = [ingested, *derived]
            self.recorder.append(stream_id, batch, expected_version=NO_STREAM)
            return _outcome(where, article, ingested, "ingested", derived, retracted=0)
        first = recorded[0].event
        if not isinstance(first, ArticleIngested):
            raise ArticleError(where, f"stream {stream_id} does not start with an article")
        if first.sha256 != article.sha256:
            raise ArticleError(
                where,
                f"article id {article.id!r} is already stored with different text "
                f"(stored sha256 {first.sha256[:12]}…, this file {article.sha256[:12]}…)",
            )
        if first.extractor_version == EXTRACTOR_VERSION:
            batch = []  # derived by this very extractor when it was ingested
        else:
            derived = derive(article, self.catalog)
            batch = caused_by(recorded[0].event_id, _rederivation(recorded, derived, first))
        if not batch:
            return ArticleOutcome(
                path=where,
                article_id=article.id,
                negotiation=first.negotiation,
                status="unchanged",
            )
        self.recorder.append(stream_id, batch, expected_version=recorded[-1].stream_version)
        appended = [e for e in batch if not isinstance(e.event, EventRetracted)]
        return _outcome(
            where, article, None, "rederived", appended, retracted=len(batch) - len(appended)
        )

    def record(self, path: Path | str) -> RecordOutcome:
        """Record hand-written events from a JSON Lines file, all or none.

        Every evidence must quote an ingested article exactly (``text[start:end]``); a bad
        line raises EventFileError naming the file and line, and nothing is written.
        Recording the same file again is a no-op.
        """
        source = Path(path)
        events = read_event_file(source)
        texts: dict[str, str] = {}
        for number, new in enumerate(events, 1):
            assert isinstance(new.event, NegotiationEvent)
            for evidence in new.event.evidence:
                text = texts.get(evidence.article_id)
                if text is None:
                    text = self._stored_text(source, number, evidence.article_id)
                    texts[evidence.article_id] = text
                if text[evidence.start : evidence.end] != evidence.quote:
                    raise EventFileError(
                        source,
                        f"evidence quote is not the text of {evidence.article_id} at "
                        f"{evidence.start}..{evidence.end}: "
                        f"{text[evidence.start : evidence.end]!r}",
                        line=number,
                    )
        stream_id = manual_stream(source)
        version = self.recorder.stream_version(stream_id)
        result = self.recorder.append(stream_id, events, expected_version=version)
        return RecordOutcome(
            path=str(source),
            stream_id=stream_id,
            recorded=result.version - version,
        )

    def _stored_text(self, source: Path, line: int, article_id: str) -> str:
        recorded = self.recorder.read_stream(article_stream(article_id), to_version=1)
        if not recorded or not isinstance(recorded[0].event, ArticleIngested):
            raise EventFileError(
                source, f"evidence cites article {article_id!r}, which is not ingested", line=line
            )
        return recorded[0].event.text

    # -- reading -----------------------------------------------------------------------
    def recorded_events(self, *, known_at: KnownAt | None = None) -> Iterator[RecordedEvent]:
        """Every stored event in global order, as the store knew them at ``known_at``."""
        if isinstance(known_at, datetime):
            return self.recorder.read_all(recorded_until=known_at)
        return self.recorder.read_all(until_position=known_at)

    def negotiations(self) -> list[str]:
        """Negotiation ids known to the catalog or present in the store."""
        runner = self.projections
        runner.catch_up()
        return sorted(set(self.catalog.negotiation_ids()) | runner.negotiations())

    def _known_negotiation(self, negotiation: str) -> ProjectionRunner:
        """The caught-up runner, once ``negotiation`` is known (no event decoded)."""
        runner = self.projections
        runner.catch_up()
        known = set(self.catalog.negotiation_ids()) | runner.negotiations()
        if negotiation not in known:
            raise UnknownNegotiationError(negotiation, known)
        return runner

    def _negotiation_events(self, negotiation: str) -> list[RecordedEvent]:
        """The negotiation's events from the caught-up read model (no full store scan)."""
        return self._known_negotiation(negotiation).events(negotiation)

    def state(
        self,
        negotiation: str,
        *,
        as_of: date | None = None,
        known_at: KnownAt | None = None,
    ) -> NegotiationState:
        """The negotiation's state on ``as_of`` (world time) as known at ``known_at``."""
        runner = self._known_negotiation(negotiation)
        return runner.state(negotiation, as_of=as_of, known_at=known_at)

    def events(
        self,
        negotiation: str,
        *,
        as_of: date | None = None,
        known_at: KnownAt | None = None,
    ) -> list[ChronologyRow]:
        """The negotiation's events in world order, each with all its sources."""
        return chronology(
            self._negotiation_events(negotiation), negotiation, as_of=as_of, known_at=known_at
        )

    def replay(
        self, negotiation: str, *, as_of: date | None = None, known_at: KnownAt | None = None
    ) -> Iterator[ReplayStep]:
        """Each event in store order with the state change it caused and its evidence: the
        same fold, over the same events and cited articles, as :meth:`state`."""
        history = self._known_negotiation(negotiation).history(negotiation, known_at=known_at)
        return replay(history.events, negotiation, as_of=as_of, articles=history.articles)

    def explain(
        self,
        negotiation: str,
        field_path: str,
        *,
        as_of: date | None = None,
        known_at: KnownAt | None = None,
    ) -> Explanation:
        """The events, rules and quotes behind one field of the state."""
        return explain(self.state(negotiation, as_of=as_of, known_at=known_at), field_path)

    def fields(
        self, negotiation: str, *, as_of: date | None = None, known_at: KnownAt | None = None
    ) -> list[str]:
        """Every field path ``explain`` accepts for the negotiation's state."""
        return field_paths(self.state(negotiation, as_of=as_of, known_at=known_at))

    def position_after(self, article_id: str) -> int:
        """The store position of the last event of an article: ``known_at`` just after it."""
        recorded = self.recorder.read_stream(article_stream(article_id))
        if not recorded:
            raise ArticleError(article_id, "no such article in the store")
        return max(r.position for r in recorded)


def caused_by(cause: UUID, events: Sequence[NewEvent]) -> list[NewEvent]:
    """The events with the article's ingestion as their cause and correlation."""
    metadata = EventMetadata(causation_id=cause, correlation_id=cause)
    return [e.model_copy(update={"metadata": metadata}) for e in events]


def _rederivation(
    recorded: Sequence[RecordedEvent], derived: Sequence[NewEvent], first: ArticleIngested
) -> list[NewEvent]:
    """Events to append when an article is derived again: new ones and retractions."""
    retracted = {
        e.event.retracted_event_id for e in recorded if isinstance(e.event, EventRetracted)
    }
    active = {
        e.event_id: e
        for e in recorded
        if isinstance(e.event, NegotiationEvent) and e.event_id not in retracted
    }
    wanted = {e.event_id for e in derived}
    batch: list[NewEvent] = [e for e in derived if e.event_id not in active]
    for event_id, old in active.items():
        if event_id in wanted:
            continue
        assert isinstance(old.event, NegotiationEvent)
        batch.append(
            NewEvent(
                event_id=_retraction_id(event_id),
                event=EventRetracted(
                    retracted_event_id=event_id,
                    negotiation=old.event.negotiation,
                    article_id=first.article_id,
                    reason=f"not derived by extractor {EXTRACTOR_VERSION}",
                    extractor_version=EXTRACTOR_VERSION,
                ),
            )
        )
    return batch


def _retraction_id(event_id: UUID) -> UUID:
    """Deterministic, so a retraction appended twice is an idempotent no-op."""
    return uuid5(NAMESPACE_URL, f"timeline:retract:{event_id}:{EXTRACTOR_VERSION}")


def _outcome(
    where: str,
    article: Article,
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
        article_id=article.id,
        negotiation=negotiation,
        status=status,
        appended=len(derived) + (1 if ingested else 0),
        retracted=retracted,
        events_by_type=dict(sorted(counts.items())),
    )
