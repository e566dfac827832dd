"""``kill -9`` at random moments of a folder ingest and of a projections rebuild.

Each trial kills a worker at a random moment of its run, then runs the same command again to
completion; the store must then be identical to one that was never interrupted: the same
event log (hashed: positions, streams, versions, ids, payloads) and the same state JSON of
every negotiation. A rebuild killed half-way must also leave a read model that agrees with
its own checkpoint (``projections verify`` finds nothing).

The suite runs ``TIMELINE_KILL_TRIALS`` trials (default 3) per command and database; set it
higher for a long run, e.g. ``TIMELINE_KILL_TRIALS=40 python3 tasks.py test tests/faults``.
The seed of each trial's moment is in the failure message, so a failure can be replayed.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.faults.stores import (
    ARTICLES,
    Fingerprint,
    Stores,
    fingerprint,
    run_and_kill,
    trials,
)
from timeline import Timeline
from timeline.projections.runner import ProjectionRunner

TRIALS = trials("TIMELINE_KILL_TRIALS", 3)
REBUILD_FLUSH = 7
"""Events per read-model transaction in the killed rebuilds: many commits to land between."""


def ingest(url: str) -> None:
    with Timeline.open(url) as timeline:
        report = timeline.ingest(ARTICLES)
    assert report.ok, report.failed


def rebuild(url: str) -> None:
    with Timeline.open(url) as timeline:
        ProjectionRunner(
            timeline.recorder, timeline.read_models, flush_events=REBUILD_FLUSH
        ).rebuild()


@dataclass(frozen=True)
class Reference:
    """A store ingested without interruption, what it took, and its fingerprint."""

    url: str
    seconds: float
    rebuild_seconds: float
    fingerprint: Fingerprint


@pytest.fixture(scope="module")
def reference(stores: Stores) -> Iterator[Reference]:
    with stores.fresh() as url:
        started = time.perf_counter()
        ingest(url)
        seconds = time.perf_counter() - started
        started = time.perf_counter()
        rebuild(url)
        rebuild_seconds = time.perf_counter() - started
        yield Reference(url, seconds, rebuild_seconds, fingerprint(url))


def test_an_ingest_killed_at_any_moment_and_run_again_gives_the_same_store(
    stores: Stores, reference: Reference
) -> None:
    landed = 0
    for trial in range(TRIALS):
        seed = random.randrange(2**32)
        delay = random.Random(seed).uniform(0, reference.seconds)
        with stores.fresh() as url:
            landed += run_and_kill(ingest, url, delay)
            ingest(url)
            assert fingerprint(url) == reference.fingerprint, (
                f"trial {trial}: killed after {delay:.3f}s (seed {seed})"
            )
    assert landed, "no kill landed before the ingest ended"


def test_a_rebuild_killed_at_any_moment_leaves_a_consistent_read_model_and_recovers(
    stores: Stores, reference: Reference
) -> None:
    for trial in range(TRIALS):
        seed = random.randrange(2**32)
        delay = random.Random(seed).uniform(0, reference.rebuild_seconds * 1.5)
        with stores.copy_of(reference.url) as url:
            run_and_kill(rebuild, url, delay)
            with Timeline.open(url) as timeline:
                assert timeline.projections.verify() == [], f"trial {trial}: seed {seed}"
            rebuild(url)
            assert fingerprint(url) == reference.fingerprint, (
                f"trial {trial}: killed after {delay:.3f}s (seed {seed})"
            )
