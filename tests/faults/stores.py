"""What the fault tests share: stores to copy, fingerprints of a store, processes to kill.

A store's fingerprint is a hash of its event log (every event's position, stream, version,
id, type, payload and metadata: everything but the store clock's ``recorded_at``) and a
hash of the state JSON of each negotiation. Two stores with equal fingerprints hold the
same events in the same order and answer ``state`` the same.

Workers run in processes forked from the test process, so the language pipeline the test
process loaded is not loaded again (a fresh ``timeline`` command spends seconds on it).
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import shutil
import signal
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.engine import URL, make_url

from timeline import Timeline
from timeline.scenarios.databases import postgres_database
from timeline.store.engine import open_engine

REPO = Path(__file__).resolve().parents[2]
ARTICLES = [
    REPO / "seeds" / "2017-08-22-ap-korea-says-no.md",
    REPO / "seeds" / "2017-08-22-gulfnews-korea-rejects-us-call.md",
    *sorted((REPO / "tests" / "corpus" / "heldout" / "articles").glob("0[14]-*.md")),
]
"""The articles the fault tests ingest: the seeds and two of the project's own held-out
articles (KORUS and NAFTA), enough for several streams and negotiations."""


def trials(variable: str, default: int) -> int:
    """How many trials to run: ``default`` in the suite, more with the environment variable."""
    return max(1, int(os.environ.get(variable, default)))


@dataclass(frozen=True)
class Fingerprint:
    """Hashes of a store's event log and of its negotiations' state JSON."""

    events: str
    states: str
    count: int


def fingerprint(url: str) -> Fingerprint:
    """The fingerprint of the store at ``url`` (its read models are caught up first)."""
    log = hashlib.sha256()
    count = 0
    with Timeline.open(url) as timeline:
        for event in timeline.recorder.read_all():
            count += 1
            row = (
                event.position,
                event.stream_id,
                event.stream_version,
                str(event.event_id),
                event.event.model_dump_json(),
                event.metadata.model_dump_json() if event.metadata else None,
            )
            log.update(json.dumps(row).encode())
        states = hashlib.sha256()
        for negotiation in timeline.negotiations():
            states.update(timeline.state(negotiation).model_dump_json().encode())
    return Fingerprint(log.hexdigest(), states.hexdigest(), count)


def event_contents(url: str) -> list[tuple[str, int, str, str]]:
    """Every event as (stream, version, id, payload), sorted: the store without its order."""
    with Timeline.open(url) as timeline:
        return sorted(
            (e.stream_id, e.stream_version, str(e.event_id), e.event.model_dump_json())
            for e in timeline.recorder.read_all()
        )


# -- stores to copy ------------------------------------------------------------------------


class Stores:
    """Fresh stores and copies of stores, on SQLite files or PostgreSQL databases."""

    def __init__(self, kind: str, folder: Path, template: Path | str, server: URL | None):
        self.kind = kind
        self.folder = folder
        self.template = template  # a migrated SQLite file, or a PostgreSQL template name
        self.server = server
        self._made = 0

    def fresh(self) -> AbstractContextManager[str]:
        """A new, empty store migrated to head."""
        return self.copy_of(None)

    @contextmanager
    def copy_of(self, url: str | None) -> Iterator[str]:
        """A copy of the store at ``url`` (of the empty template when None)."""
        self._made += 1
        if self.kind == "sqlite":
            source = Path(str(self.template)) if url is None else _sqlite_file(url)
            target = self.folder / f"store-{self._made}.db"
            shutil.copyfile(source, target)
            yield f"sqlite:///{target}"
            return
        assert self.server is not None
        template = str(self.template) if url is None else str(make_url(url).database)
        with postgres_database(self.server, template, "timeline_fault") as copy:
            yield copy.render_as_string(hide_password=False)


def _sqlite_file(url: str) -> Path:
    """The file of a SQLite store, with its write-ahead log folded in (ready to copy)."""
    engine = open_engine(url)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()
    return Path(str(make_url(url).database))


# -- processes ----------------------------------------------------------------------------

_FORK = multiprocessing.get_context("fork")


def _started(work: Callable[[Any], None], ready: Any, argument: Any) -> None:
    ready.set()
    work(argument)


def run_and_kill(
    work: Callable[[Any], None], argument: Any, delay: float, *, timeout: float = 120
) -> bool:
    """Run ``work(argument)`` in a forked process and ``kill -9`` it ``delay`` seconds after
    it starts. True when the kill landed before the work ended by itself."""
    ready = _FORK.Event()
    process = _FORK.Process(target=_started, args=(work, ready, argument))
    process.start()
    assert ready.wait(timeout), "the worker did not start"
    process.join(delay)
    killed = process.is_alive()
    if killed:
        assert process.pid is not None
        os.kill(process.pid, signal.SIGKILL)
    process.join(timeout)
    assert process.exitcode in (0, -signal.SIGKILL), process.exitcode
    return killed


def run_together(
    work: Callable[[Any], Any], arguments: list[Any], *, timeout: float = 300
) -> list[Any]:
    """Run ``work`` on each argument in its own forked process, all at once; their results."""
    results = _FORK.Queue()

    def worker(index: int, argument: Any) -> None:
        results.put((index, work(argument)))

    processes = [
        _FORK.Process(target=worker, args=(index, argument))
        for index, argument in enumerate(arguments)
    ]
    for process in processes:
        process.start()
    found = dict(results.get(timeout=timeout) for _ in processes)
    for process in processes:
        process.join(timeout)
        assert process.exitcode == 0, process.exitcode
    return [found[index] for index in range(len(arguments))]
