"""Benchmark: the SQLAlchemy recorder on file-backed SQLite against raw sqlite3 (and eventsourcing).

Appends N realistic events (about 300 bytes of JSON each) spread over many streams in
interleaved order, 1,000 per transaction, with concurrency checks, idempotency and global
order on; then reads everything back and decodes it into the domain models. In the same run
it writes the same rows with raw ``sqlite3`` into the same tables and indexes (built by the
same migrations; executemany, same batching, same ``synchronous=FULL`` WAL durability) and
reads them back with ``json.loads``: the physical limit of that schema. Each read runs in a
fresh child process, so its peak RSS is the memory reading everything takes.

    python benchmarks/store.py --events 100000 [--peer] [--keep DIR]

The last line is ``append_ratio=X read_ratio=Y peak_read_rss_mb=Z`` (adapter / raw).
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
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from timeline.domain.envelope import EventMetadata, NewEvent
from timeline.domain.events import DomainEvent, MeetingHeld, PositionStated, ProposalMade
from timeline.domain.values import Derivation, Evidence
from timeline.store import migrate
from timeline.store.recorder import StreamAppend
from timeline.store.sql import create_recorder

SUBJECTS = ["tariffs on steel", "auto parts rules", "rice quotas", "currency terms", "beef"]
PARTIES = ["US", "KR", "JP", "CN", "EU", "MX", "CA"]
WORDS = (
    "officials said the talks would continue next week as both sides weighed "
    "new proposals on market access and rules of origin for cars and steel"
).split()


def make_event(rng: random.Random, n: int) -> DomainEvent:
    """One realistic negotiation event (~300 bytes of JSON), varied by ``n``."""
    quote = " ".join(rng.sample(WORDS, 7))
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


# -- appends -------------------------------------------------------------------------------


def append_adapter(path: Path, args: argparse.Namespace) -> float:
    url = f"sqlite:///{path}"
    migrate.upgrade(url)
    recorder = create_recorder(url)
    versions: dict[str, int] = {}
    spent = 0.0
    for batch in batches(args.events, args.batch, args.streams, args.seed):
        items = []
        for stream, event in batch:
            version = versions.get(stream, 0)
            items.append(StreamAppend(stream, (event,), version))
            versions[stream] = version + 1
        started = time.perf_counter()
        recorder.append_many(items)
        spent += time.perf_counter() - started
    recorder.engine.dispose()
    return spent


def raw_connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    return conn


def append_raw(path: Path, args: argparse.Namespace) -> float:
    migrate.upgrade(f"sqlite:///{path}")  # the same tables and indexes
    conn = raw_connect(path)
    keys: dict[str, int] = {}
    versions: dict[int, int] = {}
    spent = 0.0
    for batch in batches(args.events, args.batch, args.streams, args.seed):
        prepared = [
            (stream, e.event_id.hex, e.type, e.schema_version, e.event.model_dump(mode="json"))
            for stream, e in batch
        ]
        started = time.perf_counter()
        now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        new = [(s,) for s in dict.fromkeys(p[0] for p in prepared) if s not in keys]
        conn.execute("BEGIN IMMEDIATE")
        if new:
            conn.executemany("INSERT INTO streams (stream_id) VALUES (?)", new)
            marks = ",".join("?" * len(new))
            sql = f"SELECT stream_id, stream_key FROM streams WHERE stream_id IN ({marks})"
            keys.update(conn.execute(sql, [s for (s,) in new]).fetchall())
        rows = []
        for stream, event_id, type_name, schema_version, payload in prepared:
            key = keys[stream]
            version = versions.get(key, 0) + 1
            versions[key] = version
            rows.append(
                (key, version, event_id, now, type_name, schema_version, json.dumps(payload), None)
            )
        conn.executemany(
            "INSERT INTO events (stream_key, stream_version, event_id, recorded_at, type,"
            " schema_version, payload, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        conn.execute("COMMIT")
        spent += time.perf_counter() - started
    conn.close()
    return spent


def append_peer(path: Path, args: argparse.Namespace) -> float | None:
    try:
        from eventsourcing.persistence import StoredEvent
        from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteDatastore
    except ImportError:
        return None
    datastore = SQLiteDatastore(str(path))
    recorder = SQLiteApplicationRecorder(datastore)
    recorder.create_table()
    ids: dict[str, uuid.UUID] = {}
    versions: dict[str, int] = {}
    spent = 0.0
    for batch in batches(args.events, args.batch, args.streams, args.seed):
        stored = []
        for stream, e in batch:
            originator = ids.setdefault(stream, uuid.uuid5(uuid.NAMESPACE_URL, stream))
            versions[stream] = versions.get(stream, 0) + 1
            state = json.dumps(e.event.model_dump(mode="json")).encode()
            stored.append(StoredEvent(originator, versions[stream], e.type, state))
        started = time.perf_counter()
        recorder.insert_events(stored)
        spent += time.perf_counter() - started
    return spent


# -- reads (each in a fresh child process) -------------------------------------------------


def read_adapter(path: Path) -> int:
    recorder = create_recorder(f"sqlite:///{path}")
    count = 0
    for _ in recorder.read_all(batch_size=1000):
        count += 1
    return count


def read_raw(path: Path) -> int:
    conn = raw_connect(path)
    cursor = conn.execute(
        "SELECT position, stream_key, stream_version, event_id, recorded_at, type,"
        " schema_version, payload, metadata FROM events ORDER BY position"
    )
    count = 0
    loads = json.loads
    while rows := cursor.fetchmany(1000):
        for row in rows:
            loads(row[7])
            count += 1
    return count


def read_peer(path: Path) -> int:
    from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteDatastore

    from timeline.store.codec import EVENT_ADAPTER

    recorder = SQLiteApplicationRecorder(SQLiteDatastore(str(path)))
    count, start = 0, 1
    while notifications := recorder.select_notifications(start, 1000):
        for notification in notifications:
            EVENT_ADAPTER.validate_json(notification.state)
            count += 1
        start = notifications[-1].id + 1
    return count


READERS = {"adapter": read_adapter, "raw": read_raw, "peer": read_peer}


def child_read(kind: str, path: Path) -> None:
    started = time.perf_counter()
    count = READERS[kind](path)
    spent = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"count": count, "seconds": spent, "peak_mb": peak_mb}))


def timed_read(kind: str, path: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--read", kind, str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# -- main ------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=1000, help="events per transaction")
    parser.add_argument("--streams", type=int, default=0, help="default: events / 100")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--peer", action="store_true", help="also run the eventsourcing library")
    parser.add_argument("--keep", type=Path, help="write the databases here and keep them")
    parser.add_argument("--read", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.read:
        child_read(args.read[0], Path(args.read[1]))
        return
    args.streams = args.streams or max(100, args.events // 100)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="timeline-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    n = args.events
    print(f"{n:,} events, {args.batch:,} per transaction, {args.streams:,} streams, in {folder}")
    try:
        appends = {
            "adapter": append_adapter(folder / "adapter.db", args),
            "raw": append_raw(folder / "raw.db", args),
        }
        if args.peer:
            peer = append_peer(folder / "peer.db", args)
            if peer is not None:
                appends["peer"] = peer
        reads = {kind: timed_read(kind, folder / f"{kind}.db") for kind in appends}
        for kind in appends:
            assert reads[kind]["count"] == n, (kind, reads[kind])
            print(
                f"{kind:>8}: append {n / appends[kind]:>9,.0f} events/s   "
                f"read+decode {n / reads[kind]['seconds']:>9,.0f} events/s   "
                f"peak read RSS {reads[kind]['peak_mb']:.0f} MB"
            )
        if "peer" in appends:
            print(
                f"adapter vs eventsourcing: append {appends['peer'] / appends['adapter']:.2f}x "
                f"read {reads['peer']['seconds'] / reads['adapter']['seconds']:.2f}x"
            )
        append_ratio = appends["raw"] / appends["adapter"]
        read_ratio = reads["raw"]["seconds"] / reads["adapter"]["seconds"]
        print(
            f"append_ratio={append_ratio:.2f} read_ratio={read_ratio:.2f} "
            f"peak_read_rss_mb={reads['adapter']['peak_mb']:.0f}"
        )
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
