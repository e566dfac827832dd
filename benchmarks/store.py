"""Benchmark: the SQLAlchemy recorder on file-backed SQLite against raw sqlite3 (and eventsourcing).

Appends N realistic events (about 300 bytes of JSON each) spread over many streams in
interleaved order, 1,000 per transaction, with concurrency checks, idempotency and global
order on; then reads everything back and decodes it into the domain models. In the same run
it writes the same rows with raw ``sqlite3`` into the same tables and indexes (built by the
same migrations; executemany, same batching, same ``synchronous=FULL`` WAL durability) and
reads them back with ``json.loads``: the physical limit of that schema. With ``--peer`` the
``eventsourcing`` library's SQLite recorder does the same workload (same pydantic encoding).

The contenders take turns batch by batch, for appends and reads alike, so a busy machine
slows them alike; only the timed part of each turn is counted (building the events is not).
Peak memory is measured apart: a fresh child process reads everything through the adapter
and reports its peak RSS (and what its imports alone took).

    python benchmarks/store.py --events 100000 [--peer] [--keep DIR]

The last line is ``append_ratio=X read_ratio=Y peak_read_rss_mb=Z``: X and Y are adapter
throughput over raw throughput, Z the reading process's peak RSS in MB.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from timeline.domain.envelope import EventMetadata, NewEvent
from timeline.domain.events import (
    EVENT_MODELS,
    DomainEvent,
    MeetingHeld,
    PositionStated,
    ProposalMade,
)
from timeline.domain.values import Derivation, Evidence
from timeline.store import migrate
from timeline.store.codec import DEFAULT_CODEC
from timeline.store.recorder import StreamAppend
from timeline.store.sql import create_recorder

SUBJECTS = ["tariffs on steel", "auto parts rules", "rice quotas", "currency terms", "beef"]
PARTIES = ["US", "KR", "JP", "CN", "EU", "MX", "CA"]
WORDS = [
    "officials",
    "said",
    "the",
    "talks",
    "would",
    "continue",
    "next",
    "week",
    "as",
    "both",
    "sides",
    "weighed",
    "new",
    "proposals",
    "on",
    "market",
    "access",
    "and",
    "rules",
    "of",
    "origin",
    "for",
    "cars",
    "and",
    "steel",
]


def make_event(rng: random.Random, n: int) -> DomainEvent:
    """One realistic negotiation event (~300 bytes of JSON), varied by ``n``."""
    quote = " ".join(rng.sample(WORDS, rng.randrange(4, 7)))
    start = rng.randrange(0, 5000)
    common: dict[str, Any] = {
        "negotiation": f"n{n % 97}",
        "actor": rng.choice(PARTIES),
        "subject": rng.choice(SUBJECTS),
        "occurred": f"2018-{rng.randrange(1, 13):02d}",
        "reported_on": date(2018, rng.randrange(1, 13), rng.randrange(1, 29)),
        "evidence": (
            Evidence(article_id=f"a-{n // 7}", start=start, end=start + len(quote), quote=quote),
        ),
        "derivation": Derivation(rule_id="r.propose", extractor_version="1.0"),
    }
    kind = n % 3
    if kind == 0:
        return ProposalMade(target=rng.choice(PARTIES), **common)
    if kind == 1:
        return PositionStated(**common)
    return MeetingHeld(location="Washington", **common)


def batches(total: int, size: int, streams: int, seed: int) -> Iterator[list[tuple[str, NewEvent]]]:
    """Deterministic batches of (stream id, event), streams interleaved at random."""
    rng = random.Random(seed)
    made = 0
    while made < total:
        batch = []
        for _ in range(min(size, total - made)):
            stream = f"negotiation-{rng.randrange(streams):06d}"
            event = NewEvent(
                event_id=uuid.UUID(int=rng.getrandbits(128), version=4),
                event=make_event(rng, made),
                metadata=EventMetadata(),
            )
            batch.append((stream, event))
            made += 1
        yield batch


# -- writers: prepare (not timed), then write (timed) ---------------------------------------

Batch = list[tuple[str, NewEvent]]


class AdapterWriter:
    """The SqlRecorder, one append_many per batch, each event with its expected version."""

    def __init__(self, path: Path) -> None:
        url = f"sqlite:///{path}"
        migrate.upgrade(url)
        self.recorder = create_recorder(url)
        self.versions: dict[str, int] = {}

    def prepare(self, batch: Batch) -> Any:
        items = []
        for stream, event in batch:
            version = self.versions.get(stream, 0)
            items.append(StreamAppend(stream, (event,), version))
            self.versions[stream] = version + 1
        return items

    def write(self, items: Any) -> None:
        self.recorder.append_many(items)

    def close(self) -> None:
        self.recorder.engine.dispose()


def raw_connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    return conn


class RawWriter:
    """Plain sqlite3 into the same migrated tables: json.dumps and executemany, no checks.

    Its JSON is byte for byte the adapter's payload (the same dict, no nulls, compact
    separators): both sides then parse the same text back.
    """

    @staticmethod
    def _dumps(payload: dict[str, Any]) -> str:
        return json.dumps(payload, separators=(",", ":"), ensure_ascii=False)

    @classmethod
    def dumps(cls, event: DomainEvent) -> str:
        """The JSON the raw writer stores for ``event``."""
        return cls._dumps(event.model_dump(mode="json", exclude_none=True))

    def __init__(self, path: Path) -> None:
        migrate.upgrade(f"sqlite:///{path}")  # the same tables and indexes
        self.conn = raw_connect(path)
        self.keys: dict[str, int] = {}
        self.versions: dict[int, int] = {}

    def prepare(self, batch: Batch) -> Any:
        return [
            (
                stream,
                e.event_id.hex,
                e.type,
                e.schema_version,
                e.event.model_dump(mode="json", exclude_none=True),
            )
            for stream, e in batch
        ]

    def write(self, prepared: Any) -> None:
        conn, keys, versions = self.conn, self.keys, self.versions
        now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        conn.execute("BEGIN IMMEDIATE")
        new = [(s,) for s in dict.fromkeys(p[0] for p in prepared) if s not in keys]
        if new:
            conn.executemany("INSERT INTO streams (stream_id) VALUES (?)", new)
            marks = ",".join("?" * len(new))
            sql = f"SELECT stream_id, stream_key FROM streams WHERE stream_id IN ({marks})"
            keys.update(conn.execute(sql, [s for (s,) in new]).fetchall())
        rows = []
        dumps = self._dumps
        for stream, event_id, type_name, schema_version, payload in prepared:
            key = keys[stream]
            version = versions.get(key, 0) + 1
            versions[key] = version
            rows.append((key, version, event_id, now, type_name, schema_version, dumps(payload)))
        conn.executemany(
            "INSERT INTO events (stream_key, stream_version, event_id, recorded_at, type,"
            " schema_version, payload) VALUES (?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()


class PeerAppWriter:
    """The eventsourcing library used as its users do: an Application saving aggregates.

    Each stream is a ``Negotiation`` aggregate whose ``record`` method triggers an event
    carrying the pydantic event's JSON-ready payload; every batch is one ``save``.
    """

    def __init__(self, path: Path) -> None:
        from eventsourcing.application import Application

        env = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(path)}
        self.app: Any = Application(env=env)
        self.aggregates: dict[str, Any] = {}

    def prepare(self, batch: Batch) -> Any:
        return batch

    def write(self, batch: Any) -> None:
        touched: dict[str, Any] = {}
        for stream, e in batch:
            aggregate = self.aggregates.get(stream)
            if aggregate is None:
                aggregate = self.aggregates[stream] = _peer_aggregate_class()(stream)
            aggregate.record(payload=e.event.model_dump(mode="json", exclude_none=True))
            touched[stream] = aggregate
        self.app.save(*touched.values())

    def close(self) -> None:
        self.app.close()


_PEER_AGGREGATE: Any = None


def _peer_aggregate_class() -> Any:
    """The eventsourcing aggregate of the peer (defined lazily: the library is optional)."""
    global _PEER_AGGREGATE
    if _PEER_AGGREGATE is None:
        from eventsourcing.domain import Aggregate, event

        class Negotiation(Aggregate):
            def __init__(self, name: str) -> None:
                self.name = name

            @event("Recorded")
            def record(self, payload: dict[str, Any]) -> None:
                """Record one event of the feed."""

        _PEER_AGGREGATE = Negotiation
    return _PEER_AGGREGATE


class PeerWriter:
    """The eventsourcing library's SQLite application recorder, same pydantic encoding."""

    def __init__(self, path: Path) -> None:
        from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteDatastore

        self.recorder = SQLiteApplicationRecorder(SQLiteDatastore(str(path)))
        self.recorder.create_table()
        self.versions: dict[uuid.UUID, int] = {}

    def prepare(self, batch: Batch) -> Any:
        prepared = []
        for stream, e in batch:
            originator = uuid.uuid5(uuid.NAMESPACE_URL, stream)
            self.versions[originator] = self.versions.get(originator, 0) + 1
            prepared.append((originator, self.versions[originator], e))
        return prepared

    def write(self, prepared: Any) -> None:
        from eventsourcing.persistence import StoredEvent

        self.recorder.insert_events(
            [
                StoredEvent(
                    originator, version, e.type, e.event.model_dump_json(exclude_none=True).encode()
                )
                for originator, version, e in prepared
            ]
        )

    def close(self) -> None:
        pass


# -- readers: each yields the number of events it decoded, one batch at a time ---------------


def read_adapter(path: Path) -> Iterator[int]:
    recorder = create_recorder(f"sqlite:///{path}")
    count = 0
    for _ in recorder.read_all(batch_size=1000):
        count += 1
        if count == 1000:
            yield count
            count = 0
    yield count
    recorder.engine.dispose()


def read_raw(path: Path) -> Iterator[int]:
    conn = raw_connect(path)
    cursor = conn.execute(
        "SELECT position, stream_key, stream_version, event_id, recorded_at, type,"
        " schema_version, payload, metadata FROM events ORDER BY position"
    )
    loads = json.loads
    while rows := cursor.fetchmany(1000):
        for row in rows:
            loads(row[7])
        yield len(rows)
    conn.close()


MODELS = tuple(EVENT_MODELS.items())


def read_peer(path: Path) -> Iterator[int]:
    from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteDatastore

    recorder = SQLiteApplicationRecorder(SQLiteDatastore(str(path)))
    # The same decoding as the adapter's: the stored topic names the type, whose model's
    # validator checks the JSON.
    validators = {name: m.__pydantic_validator__.validate_json for name, m in MODELS}
    start = 1
    while notifications := recorder.select_notifications(start, 1000):
        for notification in notifications:
            validators[notification.topic](notification.state)
        yield len(notifications)
        start = notifications[-1].id + 1


def read_peer_app(path: Path) -> Iterator[int]:
    from eventsourcing.application import Application

    # The payload dict names its type: dispatch to that model's validator, as the adapter does.
    validators = {
        name: m.__pydantic_validator__.validate_python for name, m in EVENT_MODELS.items()
    }
    _peer_aggregate_class()
    env = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(path)}
    app: Any = Application(env=env)
    start = 1
    while notifications := app.recorder.select_notifications(start, 1000):
        count = 0
        for notification in notifications:
            payload = getattr(app.mapper.to_domain_event(notification), "payload", None)
            if payload is not None:  # not an aggregate's "Created" event
                validators[payload["type"]](payload)
                count += 1
        yield count
        start = notifications[-1].id + 1
    app.close()


READERS: dict[str, Callable[[Path], Iterator[int]]] = {
    "adapter": read_adapter,
    "raw": read_raw,
    "peer": read_peer,
    "peer-app": read_peer_app,
}


def peak_rss_mb() -> float:
    """This process's peak resident set size, in MB.

    Linux's ``VmHWM`` belongs to the process image: ``getrusage``'s ``ru_maxrss`` survives
    ``exec``, so a child started by a big parent would report the parent's size.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_read(path: Path) -> None:
    """Read everything through the adapter; print the peak RSS and the imports' share."""
    rss_mb = peak_rss_mb()
    count = sum(read_adapter(path))
    peak_mb = peak_rss_mb()
    print(json.dumps({"count": count, "peak_mb": peak_mb, "imports_mb": rss_mb}))


# -- the race ------------------------------------------------------------------------------


def run_appends(writers: dict[str, Any], args: argparse.Namespace) -> dict[str, float]:
    spent = dict.fromkeys(writers, 0.0)
    for batch in batches(args.events, args.batch, args.streams, args.seed):
        for name, writer in writers.items():
            prepared = writer.prepare(batch)
            started = time.perf_counter()
            writer.write(prepared)
            spent[name] += time.perf_counter() - started
    for writer in writers.values():
        writer.close()
    return spent


def run_reads(paths: dict[str, Path]) -> tuple[dict[str, float], dict[str, int]]:
    readers = {name: READERS[name](path) for name, path in paths.items()}
    spent = dict.fromkeys(readers, 0.0)
    counts = dict.fromkeys(readers, 0)
    while readers:
        for name in list(readers):
            started = time.perf_counter()
            got = next(readers[name], None)
            spent[name] += time.perf_counter() - started
            if got is None:
                del readers[name]
            else:
                counts[name] += got
    return spent, counts


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=1000, help="events per transaction")
    parser.add_argument("--streams", type=int, default=0, help="default: events / 100")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--peer", action="store_true", help="also run the eventsourcing library")
    parser.add_argument("--keep", type=Path, help="write the databases here and keep them")
    parser.add_argument("--child-read", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_read:
        child_read(args.child_read)
        return
    args.streams = args.streams or max(100, args.events // 100)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="timeline-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    n = args.events
    sample = batches(1, 1, 1, args.seed).__next__()[0][1]
    payload = DEFAULT_CODEC.encode(sample).payload
    raw_text = RawWriter.dumps(sample.event)
    assert payload == raw_text, "the raw baseline must store the adapter's payload bytes"
    size = len(payload)
    print(
        f"{n:,} events (~{size} bytes of JSON), {args.batch:,} per transaction, "
        f"{args.streams:,} streams, SQLite WAL synchronous=FULL, in {folder}"
    )
    try:
        names = ["adapter", "raw", *(["peer-app", "peer"] if args.peer else [])]
        paths = {name: folder / f"{name}.db" for name in names}
        for path in paths.values():
            for leftover in path.parent.glob(path.name + "*"):
                leftover.unlink()
        kinds = {
            "adapter": AdapterWriter,
            "raw": RawWriter,
            "peer-app": PeerAppWriter,
            "peer": PeerWriter,
        }
        appends = run_appends({name: kinds[name](paths[name]) for name in names}, args)
        reads, counts = run_reads(paths)
        done = subprocess.run(
            [sys.executable, __file__, "--child-read", str(paths["adapter"])],
            check=True,
            capture_output=True,
            text=True,
        )
        memory = json.loads(done.stdout.strip().splitlines()[-1])
        for name in names:
            assert counts[name] == n, (name, counts[name])
            print(
                f"{name:>9}: append {n / appends[name]:>9,.0f} events/s   "
                f"read+decode {n / reads[name]:>9,.0f} events/s"
            )
        for peer, how in (("peer-app", "application"), ("peer", "recorder")):
            if peer in appends:
                print(
                    f"adapter vs eventsourcing ({how}): "
                    f"append {appends[peer] / appends['adapter']:.2f}x, "
                    f"read+decode {reads[peer] / reads['adapter']:.2f}x"
                )
        print(
            f"reading {memory['count']:,} events in a fresh process: peak RSS "
            f"{memory['peak_mb']:.0f} MB, of which imports {memory['imports_mb']:.0f} MB"
        )
        print(
            f"append_ratio={appends['raw'] / appends['adapter']:.2f} "
            f"read_ratio={reads['raw'] / reads['adapter']:.2f} "
            f"peak_read_rss_mb={memory['peak_mb']:.0f}"
        )
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
