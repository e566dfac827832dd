"""Concurrent writers on a real database: conflicts are detected, followers never skip events."""

from __future__ import annotations

import multiprocessing
import random
import threading
import time
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy.engine import URL
from store_factories import new_event

from timeline.errors import ConcurrencyError
from timeline.store.recorder import StreamAppend
from timeline.store.sql import create_recorder

WRITERS = 4
TRANSACTIONS = 30
EVENTS_PER_TRANSACTION = 6


def _slow_clock(rng: random.Random) -> Any:
    """A clock that dawdles inside the append transaction, widening any race window."""

    def now() -> datetime:
        time.sleep(rng.uniform(0, 0.003))
        return datetime.now(UTC)

    return now


def _write(url: str, writer: int, results: Any) -> None:
    rng = random.Random(writer)
    recorder = create_recorder(url, clock=_slow_clock(rng))
    written: list[str] = []
    for transaction in range(TRANSACTIONS):
        items = []
        for n in range(EVENTS_PER_TRANSACTION):
            event = new_event(f"writer {writer} transaction {transaction} event {n}")
            written.append(str(event.event_id))
            items.append(StreamAppend(f"stream-{rng.randrange(8)}", [event], None))
        recorder.append_many(items)
    recorder.engine.dispose()
    results.put(written)


@pytest.mark.postgres
@pytest.mark.slow
def test_a_follower_sees_every_event_exactly_once_while_writer_processes_race(
    postgres_database: URL,
) -> None:
    url = postgres_database.render_as_string(hide_password=False)
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    writers = [context.Process(target=_write, args=(url, w, results)) for w in range(WRITERS)]
    follower = create_recorder(url)
    seen: list[tuple[int, str]] = []
    for process in writers:
        process.start()
    deadline = time.monotonic() + 60
    total = WRITERS * TRANSACTIONS * EVENTS_PER_TRANSACTION
    last = 0
    while len(seen) < total and time.monotonic() < deadline:
        for event in follower.read_all(after=last, batch_size=7):
            seen.append((event.position, str(event.event_id)))
            last = event.position
        time.sleep(0.002)
    written = [event_id for _ in writers for event_id in results.get(timeout=60)]
    for process in writers:
        process.join(timeout=60)
        assert process.exitcode == 0
    positions = [position for position, _ in seen]
    assert positions == sorted(set(positions)), "positions must strictly increase"
    assert len(seen) == total
    assert sorted(event_id for _, event_id in seen) == sorted(written)
    assert [(e.position, str(e.event_id)) for e in follower.read_all()] == seen
    follower.engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def shared_url(request: pytest.FixtureRequest) -> str:
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_database"))
    url: URL = request.getfixturevalue("postgres_database")
    return url.render_as_string(hide_password=False)


def test_racing_appends_at_the_same_expected_version_let_exactly_one_win(
    shared_url: str,
) -> None:
    recorders = [create_recorder(shared_url) for _ in range(4)]
    start = threading.Barrier(len(recorders))
    outcomes: list[str] = []

    def race(index: int) -> None:
        start.wait()
        try:
            recorders[index].append("korus", [new_event(f"racer {index}")], expected_version=0)
            outcomes.append("won")
        except ConcurrencyError:
            outcomes.append("conflict")

    threads = [threading.Thread(target=race, args=(i,)) for i in range(len(recorders))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["conflict", "conflict", "conflict", "won"]
    assert recorders[0].stream_version("korus") == 1
    for recorder in recorders:
        recorder.engine.dispose()
