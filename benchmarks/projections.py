"""Benchmark the projections on a synthetic news corpus in a file-backed SQLite store.

Generates ``--events N`` events (many negotiations with a skewed, news-like spread; one
``article_ingested`` plus a realistic mix of derived events per article; a few retractions),
appends them through the store's SqlRecorder, then measures:

The coverage is skewed as news is (Zipf, exponent ``--skew`` 0.8 over ``--negotiations``
400: the largest negotiation gets about 5% of the events, a few thousand articles).

- full rebuild of the persisted negotiation index (read + decode + index + write), events/s;
- catch-up of the same number of new events (1% of N) on top of two history sizes (N/10 and
  N): equal times show that catch-up costs in proportion to the new events, not the history;
- ``state(as_of=...)``, ``state(known_at=...)`` (two thirds into its events, before the
  checkpoint) and ``explain(state, "status")`` of the largest negotiation, folded from the
  read model's fold snapshots and the events after them (the first call, which keeps a
  snapshot when due, printed apart as ``*_first_ms``; the runner remembers the snapshot it
  restored, so later calls do not decode it again: a fresh runner's call, which decodes
  it, is printed apart as ``*_cold_ms``) and from scratch (``*_scratch_ms``), alternated:
  wall clock, best of 3, and the rate of its events folded and rendered; then the same
  runner asked for five dates no call asked before, far apart (``state_as_of_new_date_ms``,
  the median, and its rate ``as_of_new_date_events_per_s``): a repeated date reuses every
  group's sources and views the memo keeps, a new one only those of the groups it leaves
  whole;
- the latest state of the largest negotiation read from its persisted documents, each
  through a fresh read-model store (nothing remembered): ``state_latest_ms`` is ``state()``
  returned and its summary read (status and its reasons, parties, agreement, clause, next
  meeting, the count of every section: see :func:`summary_read`), which reads the summary
  document alone; ``state_latest_full_ms`` is ``state()`` and ``model_dump_json()``, which
  reads every section; ``state_latest_warm_ms`` the first call again (remembered); beside
  them the from-scratch fold and render of the same run (``state_fold_ms``), and all in
  process CPU time too (``*_cpu_ms``: the machine may be shared);
- the rebuild with the latest states rendered (``rebuild_events_per_s``) and of the index
  alone (``rebuild_index_events_per_s``, states only listed as stale), and the catch-up of
  one article of the largest negotiation, rendering its state or not
  (``catchup_article_ms``, ``catchup_article_index_ms``), alternated;
- peak resident memory of the measuring process (the corpus is generated and appended by a
  child process: that is set-up, and the store's write caches are not projection work).

The last line is machine-readable:
``rebuild_events_per_s=X catchup_ms_small=Y catchup_ms_large=Z state_as_of_ms=W
state_known_at_ms=K explain_ms=E as_of_events_per_s=R state_latest_ms=L ... peak_rss_mb=V``.

Run: ``.venv/bin/python benchmarks/projections.py --events 1000000``.
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TypeVar
from uuid import UUID

from sqlalchemy import Engine

from timeline.audit import explain
from timeline.domain.envelope import NewEvent
from timeline.domain.events import (
    AgreementInForce,
    AgreementReached,
    ArticleIngested,
    CounterProposalMade,
    EventRetracted,
    JointStudyProposed,
    MeetingHeld,
    NegotiationEvent,
    PositionStated,
    ProposalAccepted,
    ProposalMade,
    ProposalRejected,
    RoundScheduled,
    TalksStalled,
    TerminationClauseCited,
    TradeFigureReported,
    WithdrawalThreatened,
)
from timeline.domain.values import Derivation, Evidence
from timeline.domain.views import NegotiationState
from timeline.projections.index import PROJECTION
from timeline.projections.latest import section_counts, section_keys, state_key
from timeline.projections.runner import ProjectionRunner
from timeline.store import migrate
from timeline.store.engine import open_engine
from timeline.store.recorder import NO_STREAM, StreamAppend
from timeline.store.sql import SqlRecorder
from timeline.store.sql_readmodels import SqlReadModels

PARTIES = ["US", "KR", "CN", "EU", "UK", "CA", "MX", "JP", "IN", "BR", "AU", "CH"]
WIRES = ["Associated Press", "Reuters", "Bloomberg", "AFP"]
OUTLETS = [f"Outlet {i}" for i in range(60)]
_VOCABULARY = """trade talks tariff deal ministers officials round agreement quota autos steel
agriculture services deficit surplus review study proposal amendment negotiators summit
framework market access rules origin dispute panel exports imports"""
WORDS = _VOCABULARY.split()
TOPICS = [
    "auto rules of origin",
    "steel quotas",
    "agricultural market access",
    "dispute settlement panel",
    "services liberalisation",
    "currency provisions",
    "digital trade rules",
    "sunset clause",
    "pharmaceutical pricing",
    "investment protection",
]
MIX: list[tuple[str, float]] = [
    ("position_stated", 0.30),
    ("proposal_made", 0.12),
    ("trade_figure_reported", 0.12),
    ("meeting_held", 0.10),
    ("round_scheduled", 0.07),
    ("proposal_rejected", 0.06),
    ("proposal_accepted", 0.04),
    ("talks_stalled", 0.04),
    ("counter_proposal_made", 0.03),
    ("withdrawal_threatened", 0.03),
    ("joint_study_proposed", 0.02),
    ("agreement_reached", 0.02),
    ("agreement_in_force", 0.02),
    ("termination_clause_cited", 0.02),
    ("event_retracted", 0.01),
]
START = date(2012, 1, 1)
T = TypeVar("T")


class Corpus:
    """A deterministic synthetic news feed: articles of several events each."""

    def __init__(self, seed: int = 7, negotiations: int = 400, skew: float = 0.8) -> None:
        self.rng = random.Random(seed)
        self.names = [f"neg-{i:03d}" for i in range(negotiations)]
        weights = [1.0 / (rank + 1) ** skew for rank in range(negotiations)]
        total = sum(weights)
        self.weights = [w / total for w in weights]
        self.parties = {name: tuple(self.rng.sample(PARTIES, 2)) for name in self.names}
        self.recent: dict[str, list[UUID]] = {name: [] for name in self.names}
        self.articles = 0
        self.types = [t for t, _ in MIX]
        self.type_weights = [w for _, w in MIX]

    def _uuid(self) -> UUID:
        return UUID(int=self.rng.getrandbits(128), version=4)

    def article_of(self, negotiation: str) -> tuple[str, list[NewEvent]]:
        """One article of ``negotiation`` (a news feed's next article about it)."""
        return self._article(self.rng.randint(6, 14), negotiation)

    def articles_stream(self, events: int) -> Iterator[tuple[str, list[NewEvent]]]:
        """``(stream_id, events)`` per article until ``events`` events were produced."""
        produced = 0
        while produced < events:
            stream, batch = self._article(min(events - produced, self.rng.randint(6, 14)))
            produced += len(batch)
            yield stream, batch

    def _article(self, size: int, negotiation: str | None = None) -> tuple[str, list[NewEvent]]:
        rng = self.rng
        self.articles += 1
        number = self.articles
        if negotiation is None:
            negotiation = rng.choices(self.names, self.weights)[0]
        day = START + timedelta(days=number // 40)
        article_id = f"art-{number:08d}"
        text = " ".join(rng.choices(WORDS, k=180))
        wire = rng.choice(WIRES) if rng.random() < 0.3 else None
        events = [
            NewEvent(
                event_id=self._uuid(),
                event=ArticleIngested(
                    article_id=article_id,
                    published=day,
                    outlet=rng.choice(OUTLETS),
                    wire=wire,
                    negotiation=negotiation,
                    text=text,
                    sha256=hashlib.sha256(text.encode()).hexdigest(),
                    extractor_version="bench",
                ),
            )
        ]
        a, b = self.parties[negotiation]
        for _ in range(size - 1):
            kind = rng.choices(self.types, self.type_weights)[0]
            events.append(self._event(kind, negotiation, article_id, text, day, a, b))
        return f"article-{article_id}", events

    def _event(
        self, kind: str, negotiation: str, article_id: str, text: str, day: date, a: str, b: str
    ) -> NewEvent:
        rng = self.rng
        if kind == "event_retracted" and self.recent[negotiation]:
            retracted = self.recent[negotiation].pop(rng.randrange(len(self.recent[negotiation])))
            return NewEvent(
                event_id=self._uuid(),
                event=EventRetracted(
                    retracted_event_id=retracted,
                    negotiation=negotiation,
                    article_id=article_id,
                    reason="no longer derived",
                    extractor_version="bench-2",
                ),
            )
        if kind == "event_retracted":
            kind = "position_stated"
        actor, target = (a, b) if rng.random() < 0.5 else (b, a)
        topic = rng.choice(TOPICS)
        start = rng.randrange(0, len(text) - 140)
        quote = text[start : start + 120]
        occurred = day - timedelta(days=rng.choice((0, 0, 0, 1, 2)))
        common = {
            "negotiation": negotiation,
            "actor": actor,
            "target": target,
            "subject": f"{kind.replace('_', ' ')} on {topic}",
            "occurred": occurred,
            "reported_on": day,
            "evidence": (
                Evidence(article_id=article_id, start=start, end=start + 120, quote=quote),
            ),
            "derivation": Derivation(rule_id=f"bench.{kind}", extractor_version="bench"),
        }
        event: NegotiationEvent
        if kind == "position_stated":
            event = PositionStated(**common)
        elif kind == "proposal_made":
            event = ProposalMade(**common, terms=f"terms on {topic}")
        elif kind == "proposal_rejected":
            event = ProposalRejected(**common)
        elif kind == "proposal_accepted":
            event = ProposalAccepted(**common)
        elif kind == "counter_proposal_made":
            event = CounterProposalMade(**common)
        elif kind == "joint_study_proposed":
            event = JointStudyProposed(**common)
        elif kind == "meeting_held":
            event = MeetingHeld(**{**common, "actor": f"{a}+{b}", "target": None})
        elif kind == "round_scheduled":
            negative = rng.random() < 0.3
            event = RoundScheduled(
                **{**common, "actor": f"{a}+{b}", "target": None},
                polarity="negative" if negative else "positive",
                scheduled_for=None if negative else day + timedelta(days=rng.randint(7, 40)),
            )
        elif kind == "talks_stalled":
            event = TalksStalled(**{**common, "actor": f"{a}+{b}", "target": None})
        elif kind == "withdrawal_threatened":
            event = WithdrawalThreatened(**common)
        elif kind == "agreement_reached":
            event = AgreementReached(**{**common, "actor": f"{a}+{b}", "target": None})
        elif kind == "agreement_in_force":
            event = AgreementInForce(**{**common, "actor": f"{a}+{b}", "target": None})
        elif kind == "termination_clause_cited":
            event = TerminationClauseCited(
                **{**common, "actor": None, "target": None},
                invocable_by="any",
                notice_days=rng.choice((180, 180, 180, 90)),
                modality="possible",
            )
        else:
            event = TradeFigureReported(
                **{**common, "target": None},
                measure=rng.choice(("goods_deficit", "services_surplus", "trade_partner_rank")),
                value=round(rng.uniform(1, 60), 1),
                unit="billion USD",
                period=str(day.year - 1),
                economy=a,
                partner=b,
            )
        new = NewEvent(event_id=self._uuid(), event=event)
        recent = self.recent[negotiation]
        recent.append(new.event_id)
        if len(recent) > 50:
            del recent[0]
        return new


def append(recorder: SqlRecorder, feed: Iterator[tuple[str, list[NewEvent]]], events: int) -> int:
    """Append ``events`` events from the feed, ~1,000 per transaction; returns the count."""
    done = 0
    pending: list[StreamAppend] = []
    size = 0
    for stream, batch in feed:
        pending.append(StreamAppend(stream, batch, NO_STREAM))
        size += len(batch)
        done += len(batch)
        if size >= 1000:
            recorder.append_many(pending)
            pending, size = [], 0
        if done >= events:
            break
    if pending:
        recorder.append_many(pending)
    return done


def best_ms(call: Callable[[], T], repeat: int = 3) -> tuple[float, T]:
    """The best wall-clock time of ``repeat`` calls, in ms, and the last call's result
    (each call's result is let go before the next, so the peak memory is one call's)."""
    times = []
    result: T | None = None
    for _ in range(repeat):
        result = None
        t0 = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - t0) * 1000)
    assert result is not None
    return min(times), result


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Feeder:
    """A child process that generates the corpus and appends it on request.

    Generating and appending is set-up, not projection work: running it in its own process
    keeps the store's write caches out of the measured process's peak memory.
    """

    def __init__(self, url: str, negotiations: int, skew: float, total: int) -> None:
        self._conn, child = multiprocessing.Pipe()
        self._process = multiprocessing.Process(
            target=_feed, args=(child, url, negotiations, skew, total), daemon=True
        )
        self._process.start()
        self.appended = 0

    def append(self, events: int) -> int:
        """Append ``events`` more events; returns the store's head position."""
        self._conn.send(events)
        done, head = self._conn.recv()
        self.appended += done
        return int(head)

    def articles(self) -> int:
        self._conn.send(-1)
        return int(self._conn.recv())

    def article_of(self, negotiation: str) -> int:
        """Append one article of ``negotiation``; returns the store's head position."""
        self._conn.send(negotiation)
        return int(self._conn.recv())

    def close(self) -> None:
        self._conn.send(None)
        self._process.join()


def _feed(conn: Connection, url: str, negotiations: int, skew: float, total: int) -> None:
    engine = open_engine(url)
    recorder = SqlRecorder(engine)
    corpus = Corpus(negotiations=negotiations, skew=skew)
    feed = corpus.articles_stream(total + 20)
    while (request := conn.recv()) is not None:
        if isinstance(request, str):
            stream, batch = corpus.article_of(request)
            recorder.append_many([StreamAppend(stream, batch, NO_STREAM)])
            conn.send(recorder.max_position())
            continue
        if request < 0:
            conn.send(corpus.articles)
            continue
        done = append(recorder, feed, request)
        conn.send((done, recorder.max_position()))
    engine.dispose()


def summary_read(state: NegotiationState) -> tuple[object, ...]:
    """What a dashboard shows of a state: status, its rule and reasons, parties, the
    agreement's milestones, the termination clause, the next meeting, and the number of
    items in every section (read from the summary while a section is not loaded)."""
    return (
        state.status.value,
        state.status.rule,
        [reason.text for reason in state.status.reasons],
        state.parties,
        state.agreement.reached_on,
        state.agreement.signed_on,
        state.agreement.in_force_since,
        state.termination_clause.notice_days,
        state.next_meeting.value,
        state.events_applied,
        section_counts(state),
    )


def measure_latest(engine: Engine, largest: str) -> str | None:
    """The latest state of ``largest`` from its persisted documents, each call through a
    fresh read-model store (nothing remembered): its summary read (``state_latest_ms``),
    and the whole state materialised (``state_latest_full_ms``: ``model_dump_json``); the
    same call again on the first store (``state_latest_warm_ms``); and the fold from
    scratch of the same run (``state_fold_ms``). Wall clock, and process CPU time (the
    machine may be shared). None when the read state is not the fold's."""

    def fresh() -> ProjectionRunner:
        return ProjectionRunner(SqlRecorder(engine), SqlReadModels(engine), snapshots=False)

    reader = fresh()
    t0, c0 = time.perf_counter(), time.process_time()
    shown = summary_read(reader.state(largest))
    latest_ms = (time.perf_counter() - t0) * 1000
    latest_cpu_ms = (time.process_time() - c0) * 1000
    t0 = time.perf_counter()
    summary_read(reader.state(largest))
    latest_warm_ms = (time.perf_counter() - t0) * 1000
    full_reader = fresh()
    t0, c0 = time.perf_counter(), time.process_time()
    dumped = full_reader.state(largest).model_dump_json()
    full_ms = (time.perf_counter() - t0) * 1000
    full_cpu_ms = (time.process_time() - c0) * 1000
    t0, c0 = time.perf_counter(), time.process_time()
    folded = fresh().fold_state(largest)
    fold_ms = (time.perf_counter() - t0) * 1000
    fold_cpu_ms = (time.process_time() - c0) * 1000
    if dumped != folded.model_dump_json() or shown != summary_read(folded):
        print("the persisted latest state differs from the fold", file=sys.stderr)
        return None
    documents = full_reader.read_models.get(
        PROJECTION, [state_key(largest), *section_keys(largest).values()]
    )
    summary = len(documents.get(state_key(largest), "")) / 1e3
    size = sum(map(len, documents.values())) / 1e6
    print(
        f"state({largest}) latest: {latest_ms:.1f} ms its summary read ({summary:.1f} kB), "
        f"{full_ms:.0f} ms the whole state dumped ({size:.1f} MB of documents, "
        f"{len(dumped) / 1e6:.1f} MB as model_dump_json), {latest_warm_ms:.1f} ms again; "
        f"folded from scratch {fold_ms:.0f} ms (CPU: {latest_cpu_ms:.1f} ms summary, "
        f"{full_cpu_ms:.0f} ms whole, {fold_cpu_ms:.0f} ms folded)",
        file=sys.stderr,
    )
    return (
        f"state_latest_ms={latest_ms:.1f} state_latest_full_ms={full_ms:.1f} "
        f"state_latest_warm_ms={latest_warm_ms:.1f} state_fold_ms={fold_ms:.1f} "
        f"state_latest_cpu_ms={latest_cpu_ms:.1f} state_latest_full_cpu_ms={full_cpu_ms:.1f} "
        f"state_fold_cpu_ms={fold_cpu_ms:.1f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--negotiations", type=int, default=400)
    parser.add_argument("--skew", type=float, default=0.8, help="Zipf exponent of coverage")
    parser.add_argument("--dir", type=Path, default=None, help="where to put the SQLite file")
    parser.add_argument(
        "--latest-only",
        action="store_true",
        help="append the corpus, catch up (rendering the states) and measure only the "
        "latest state of the largest negotiation (the state_latest_* and state_fold_* figures)",
    )
    args = parser.parse_args(argv)
    n = args.events
    new = max(1, n // 100)
    small = max(new + 1, n // 10)
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        migrate.upgrade(url)
        feeder = Feeder(url, args.negotiations, args.skew, n)
        engine = open_engine(url)
        runner = ProjectionRunner(SqlRecorder(engine), SqlReadModels(engine))

        started = time.perf_counter()
        if args.latest_only:
            feeder.append(n)
            feeder.close()
            runner.catch_up()
            print(f"corpus built in {time.perf_counter() - started:.0f} s", file=sys.stderr)
            line = measure_latest(engine, "neg-000")
            engine.dispose()
            if line is None:
                return 1
            print(f"{line} peak_rss_mb={peak_rss_mb():.1f}")
            return 0
        feeder.append(small - new)
        runner.rebuild()
        head = feeder.append(new)
        t0 = time.perf_counter()
        caught_small = runner.catch_up()
        catchup_small = (time.perf_counter() - t0) * 1000
        print(
            f"history {head:>9,}: catch-up of {caught_small:,} events {catchup_small:8.1f} ms",
            file=sys.stderr,
        )

        feeder.append(n - new - feeder.appended)
        runner.catch_up()
        head = feeder.append(n - feeder.appended)
        t0 = time.perf_counter()
        caught_large = runner.catch_up()
        catchup_large = (time.perf_counter() - t0) * 1000
        print(
            f"history {head:>9,}: catch-up of {caught_large:,} events "
            f"{catchup_large:8.1f} ms  (corpus built in {time.perf_counter() - started:.0f} s)",
            file=sys.stderr,
        )
        articles = feeder.articles()
        largest = "neg-000"
        indexed_only = ProjectionRunner(
            SqlRecorder(engine), SqlReadModels(engine), render_states=False
        )
        article_ms: list[float] = []
        article_index_ms: list[float] = []
        for _ in range(3):  # alternated: one article, index only; one, state rendered
            for timed, times in ((indexed_only, article_index_ms), (runner, article_ms)):
                feeder.article_of(largest)
                t0 = time.perf_counter()
                timed.catch_up()
                times.append((time.perf_counter() - t0) * 1000)
        catchup_article = statistics.median(article_ms)
        catchup_article_index = statistics.median(article_index_ms)
        print(
            f"catch-up of one article of {largest}: {catchup_article:.0f} ms with its state "
            f"rendered, {catchup_article_index:.0f} ms index only (medians of 3, alternated)",
            file=sys.stderr,
        )
        feeder.close()

        t0 = time.perf_counter()
        rebuilt_index = indexed_only.rebuild()
        rate_index = rebuilt_index / (time.perf_counter() - t0)
        t0 = time.perf_counter()
        rebuilt = runner.rebuild()
        rebuild_s = time.perf_counter() - t0
        rate = rebuilt / rebuild_s
        print(
            f"rebuild: {rebuilt:,} events in {rebuild_s:.2f} s with the latest states "
            f"({rate:,.0f} events/s); index alone {rate_index:,.0f} events/s",
            file=sys.stderr,
        )

        positions = runner.positions(largest)
        indexed = len(positions)
        as_of = START + timedelta(days=(articles // 40) * 3 // 4)
        known_at = positions[len(positions) * 2 // 3]
        scratch = ProjectionRunner(  # folds historical states from scratch, no snapshot
            SqlRecorder(engine), SqlReadModels(engine), snapshots=False
        )
        historical: dict[str, Callable[[ProjectionRunner], object]] = {
            "as_of": lambda r: r.state(largest, as_of=as_of),
            "known_at": lambda r: r.state(largest, known_at=known_at),
            "explain": lambda r: explain(r.state(largest, as_of=as_of), "status"),
        }
        first: dict[str, float] = {}
        timed: dict[tuple[str, str], list[float]] = {}
        for name, call in historical.items():
            # the first call with snapshots folds from the best one there is and keeps a
            # new one when due (after a rebuild: the one at the checkpoint; known_at before
            # it: none yet); then the runners alternate, 3 calls each: from scratch, from
            # the snapshots (the runner remembers the one it restored: SnapshotMemo), and
            # from the snapshots through a fresh runner (nothing remembered: "cold")
            t0 = time.perf_counter()
            result = call(runner)
            first[name] = (time.perf_counter() - t0) * 1000
            for _ in range(3):
                fresh = ProjectionRunner(SqlRecorder(engine), SqlReadModels(engine))
                runs = (("scratch", scratch), ("snapshots", runner), ("cold", fresh))
                for label, timed_runner in runs:
                    result = None
                    t0 = time.perf_counter()
                    result = call(timed_runner)
                    timed.setdefault((name, label), []).append((time.perf_counter() - t0) * 1000)
            del result
        state_ms = min(timed["as_of", "snapshots"])
        known_ms = min(timed["known_at", "snapshots"])
        explain_ms = min(timed["explain", "snapshots"])
        scratch_ms = {name: min(timed[name, "scratch"]) for name in historical}
        cold_ms = {name: min(timed[name, "cold"]) for name in historical}
        for name in historical:
            print(
                f"{name} of {largest} ({indexed:,} indexed events; as_of={as_of}, "
                f"known_at={known_at:,}): snapshots {min(timed[name, 'snapshots']):.0f} ms "
                f"(first call {first[name]:.0f} ms, fresh runner {cold_ms[name]:.0f} ms), "
                f"from scratch {scratch_ms[name]:.0f} ms",
                file=sys.stderr,
            )
        # the same warm runner asked for dates no call asked before, far apart: the groups
        # that reach past each date have other compositions, so what the memo keeps of the
        # earlier calls' groups (sources, views) serves only the groups a date leaves whole
        new_dates = [
            START + timedelta(days=(articles // 40) * tenths // 10) for tenths in (9, 6, 8, 5, 7)
        ]
        new_date_ms = []
        for other in new_dates:
            t0 = time.perf_counter()
            result = runner.state(largest, as_of=other)
            new_date_ms.append((time.perf_counter() - t0) * 1000)
            del result
        new_date_median = sorted(new_date_ms)[len(new_date_ms) // 2]
        print(
            f"as_of of {largest} at dates not asked before, same runner: "
            + ", ".join(f"{d} {ms:.0f} ms" for d, ms in zip(new_dates, new_date_ms, strict=True))
            + f" (median {new_date_median:.0f} ms)",
            file=sys.stderr,
        )
        same = runner.state(largest, as_of=as_of).model_dump_json()
        if same != scratch.state(largest, as_of=as_of).model_dump_json():
            print("the state from snapshots differs from the fold from scratch", file=sys.stderr)
            return 1
        del same
        latest = measure_latest(engine, largest)
        if latest is None:
            return 1
        problems = runner.verify() if n <= 200_000 else []
        if problems:
            print(f"verify found {len(problems)} differences", file=sys.stderr)
            return 1
        engine.dispose()
    print(
        f"rebuild_events_per_s={rate:.0f} catchup_ms_small={catchup_small:.1f} "
        f"catchup_ms_large={catchup_large:.1f} state_as_of_ms={state_ms:.1f} "
        f"state_known_at_ms={known_ms:.1f} explain_ms={explain_ms:.1f} "
        f"as_of_events_per_s={indexed / state_ms * 1000:.0f} "
        f"state_as_of_new_date_ms={new_date_median:.1f} "
        f"as_of_new_date_events_per_s={indexed / new_date_median * 1000:.0f} "
        f"state_as_of_first_ms={first['as_of']:.1f} "
        f"state_known_at_first_ms={first['known_at']:.1f} "
        f"explain_first_ms={first['explain']:.1f} "
        f"state_as_of_cold_ms={cold_ms['as_of']:.1f} "
        f"state_known_at_cold_ms={cold_ms['known_at']:.1f} "
        f"state_as_of_scratch_ms={scratch_ms['as_of']:.1f} "
        f"state_known_at_scratch_ms={scratch_ms['known_at']:.1f} "
        f"explain_scratch_ms={scratch_ms['explain']:.1f} "
        f"as_of_scratch_events_per_s={indexed / scratch_ms['as_of'] * 1000:.0f} "
        f"{latest} rebuild_index_events_per_s={rate_index:.0f} "
        f"catchup_article_ms={catchup_article:.1f} "
        f"catchup_article_index_ms={catchup_article_index:.1f} "
        f"peak_rss_mb={peak_rss_mb():.1f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
