"""Where read models live: JSON documents per (projection, key) plus a checkpoint each.

One protocol, two adapters: in memory (here: the in-memory recorder's, and ``verify``'s
scratch store) and SQLAlchemy over the tables ``projection_documents`` and
``projection_checkpoints`` (:mod:`timeline.store.sql_readmodels`, the SQL recorder's). A
write stores documents and moves the checkpoint in one transaction, so a crash never leaves
a read model ahead of or behind its checkpoint. No SQL here.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from timeline.errors import ConcurrencyError

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """The last position a projection applied and when it was written."""

    projection: str
    position: int
    updated_at: datetime | None
    documents: int


class ReadModelStore(Protocol):
    """Documents and checkpoints of persisted read models."""

    def checkpoint(self, projection: str) -> int:
        """The last position the projection applied (0 when it never ran)."""
        ...

    def checkpoints(self) -> list[Checkpoint]:
        """Every projection's checkpoint, sorted by name."""
        ...

    def scan(self, projection: str, prefix: str = "") -> Iterator[tuple[str, str]]:
        """``(key, document)`` pairs whose key starts with ``prefix``, in key order."""
        ...

    def get(self, projection: str, keys: list[str]) -> dict[str, str]:
        """The documents stored under ``keys`` (missing keys are absent)."""
        ...

    def write(
        self,
        projection: str,
        documents: Mapping[str, str],
        position: int,
        *,
        expected: int | None = None,
    ) -> None:
        """Upsert documents and set the checkpoint to ``position``, atomically.

        With ``expected``, the checkpoint must still be there (another runner may have moved
        it): otherwise ConcurrencyError is raised and nothing is written.
        """
        ...

    def reset(self, projection: str) -> None:
        """Delete the projection's documents and checkpoint."""
        ...

    def snapshot(self) -> AbstractContextManager[ReadModelStore]:
        """A read-only view of checkpoints and documents as of one moment: what a writer
        commits meanwhile is not seen (so a checkpoint and the documents read through the
        view always agree)."""
        ...


class InMemoryReadModels:
    """Read models in dictionaries. Invariant: documents and checkpoint change together."""

    def __init__(self, *, clock: Clock = utc_now) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._docs: dict[str, dict[str, str]] = {}
        self._checkpoints: dict[str, tuple[int, datetime]] = {}

    def checkpoint(self, projection: str) -> int:
        found = self._checkpoints.get(projection)
        return found[0] if found else 0

    def checkpoints(self) -> list[Checkpoint]:
        return [
            Checkpoint(name, position, at, len(self._docs.get(name, {})))
            for name, (position, at) in sorted(self._checkpoints.items())
        ]

    def scan(self, projection: str, prefix: str = "") -> Iterator[tuple[str, str]]:
        docs = self._docs.get(projection, {})
        for key in sorted(k for k in docs if k.startswith(prefix)):
            yield key, docs[key]

    def get(self, projection: str, keys: list[str]) -> dict[str, str]:
        docs = self._docs.get(projection, {})
        return {key: docs[key] for key in keys if key in docs}

    def write(
        self,
        projection: str,
        documents: Mapping[str, str],
        position: int,
        *,
        expected: int | None = None,
    ) -> None:
        with self._lock:
            actual = self.checkpoint(projection)
            if expected is not None and actual != expected:
                raise ConcurrencyError(f"projection {projection}", expected, actual)
            self._docs.setdefault(projection, {}).update(documents)
            self._checkpoints[projection] = (position, self._clock())

    def reset(self, projection: str) -> None:
        with self._lock:
            self._docs.pop(projection, None)
            self._checkpoints.pop(projection, None)

    @contextmanager
    def snapshot(self) -> Iterator[InMemoryReadModels]:
        with self._lock:
            view = InMemoryReadModels(clock=self._clock)
            view._docs = {name: dict(docs) for name, docs in self._docs.items()}
            view._checkpoints = dict(self._checkpoints)
        yield view

    def tamper(self, projection: str, key: str, document: str) -> None:
        """Overwrite one document without touching the checkpoint (for tests of verify)."""
        self._docs.setdefault(projection, {})[key] = document
