"""`timeline ingest` commands with worker processes, run as the separate processes (and, in
production, machines) they are: several at once over overlapping folders into one
PostgreSQL store, and one killed with ``kill -9`` mid-ingest.

Several commands at once (issue 11, scale-out): afterwards every article is stored once,
every event once (the same events as one sequential ingest), positions run from 1 with no
gap, the read model verifies clean, the commands' reports together count exactly the events
stored, and running one of them again stores nothing.

Interrupted (``TIMELINE_WORKER_KILL_TRIALS`` trials, default 1, per database and way): the
command is killed with ``kill -9``, or interrupted as Ctrl-C does (SIGINT to its process
group, workers included), once the store holds its first article, while its workers derive
the next ones; no process of it (workers, fork server) outlives it, and running the command
again gives the store of an uninterrupted ingest (the same event log and states, hashed).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.faults.stores import Fingerprint, Stores, event_contents, fingerprint, trials
from timeline import Timeline
from timeline.store.engine import open_engine

REPO = Path(__file__).resolve().parents[2]
COMMAND = str(Path(sys.executable).parent / "timeline")
ARTICLES = [
    *sorted((REPO / "seeds").glob("*.md")),
    *sorted((REPO / "tests" / "corpus").glob("heldout*/articles/*.md")),
]
"""The seeds and the project's own held-out articles: enough for the workers to be busy."""
KILL_TRIALS = trials("TIMELINE_WORKER_KILL_TRIALS", 1)
MISSES = 6
"""Runs that may end before their interruption lands, beyond the trials: each miss halves
the wait after the first stored article (a quiet machine ingests these in a second)."""


def _environment() -> dict[str, str]:
    """This environment without settings that would change what the commands do."""
    return {
        name: value
        for name, value in os.environ.items()
        if name not in {"TIMELINE_WORKERS", "TIMELINE_DATABASE_URL", "TIMELINE_CATALOG"}
    }


def _command(url: str, *paths: Path | str) -> list[str]:
    return [COMMAND, "ingest", "--db", url, "--workers", "2", "--json", *map(str, paths)]


def _positions(url: str) -> list[int]:
    with Timeline.open(url) as timeline:
        return [e.position for e in timeline.recorder.read_all()]


def _folders(base: Path) -> tuple[Path, Path, Path]:
    """``base/all/part1`` holds the first half of ARTICLES, ``part2`` the rest."""
    half = len(ARTICLES) // 2
    parts = []
    for name, articles in (("part1", ARTICLES[:half]), ("part2", ARTICLES[half:])):
        folder = base / "all" / name
        folder.mkdir(parents=True)
        for article in articles:
            shutil.copyfile(article, folder / article.name)
        parts.append(folder)
    return parts[0], parts[1], base / "all"


@pytest.mark.postgres
def test_several_ingest_commands_over_overlapping_folders_store_each_article_and_event_once(
    postgres_server: object, postgres_template: str, tmp_path: Path
) -> None:
    stores = Stores("postgres", tmp_path, postgres_template, postgres_server)  # type: ignore[arg-type]
    part1, part2, whole = _folders(tmp_path)
    with stores.fresh() as alone, Timeline.open(alone) as timeline:
        assert timeline.ingest([whole]).ok
        expected = event_contents(alone)
    with stores.fresh() as url:
        runs = [
            subprocess.Popen(
                _command(url, *paths), stdout=subprocess.PIPE, text=True, env=_environment()
            )
            for paths in ([part1, part2], [part2, part1], [whole])
        ]
        reports = []
        for run in runs:
            out, _ = run.communicate(timeout=600)
            assert run.returncode == 0, out
            reports.append(json.loads(out))

        stored = event_contents(url)
        assert stored == expected  # every event once: nothing lost, nothing twice
        ingested = [e for e in stored if '"type":"article_ingested"' in e[3]]
        assert len(ingested) == len({e[0] for e in ingested}) == len(ARTICLES)
        assert _positions(url) == list(range(1, len(stored) + 1))  # one order, no gap
        appended = [o["appended"] for report in reports for o in report["outcomes"]]
        assert sum(appended) == len(stored)
        with Timeline.open(url) as timeline:
            assert timeline.projections.verify() == []

        again = subprocess.run(
            _command(url, whole), capture_output=True, text=True, env=_environment(), check=True
        )
        assert {o["status"] for o in json.loads(again.stdout)["outcomes"]} == {"unchanged"}
        assert event_contents(url) == expected


def _has_an_article(url: str) -> bool:
    engine = open_engine(url)
    try:
        with engine.connect() as conn:
            return bool(conn.exec_driver_sql("SELECT count(*) FROM events").scalar())
    finally:
        engine.dispose()


def _group_ended(group: int, timeout: float) -> bool:
    """Whether every process of the process group ended within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


@pytest.fixture(scope="module")
def reference(stores: Stores) -> Fingerprint:
    """The fingerprint of ARTICLES ingested without interruption (once per database)."""
    with stores.fresh() as alone:
        with Timeline.open(alone) as timeline:
            assert timeline.ingest(ARTICLES).ok
        return fingerprint(alone)


@pytest.mark.parametrize("interrupt", ["kill -9", "Ctrl-C"])
def test_an_ingest_command_interrupted_while_its_workers_derive_leaves_no_process_and_recovers(
    stores: Stores, reference: Fingerprint, interrupt: str
) -> None:
    landed = misses = 0
    for trial in range(KILL_TRIALS + MISSES):
        if landed == KILL_TRIALS:
            break
        seed = random.randrange(2**32)
        extra = random.Random(seed).uniform(0, 0.5) / 2**misses
        with stores.fresh() as url:
            run = subprocess.Popen(
                _command(url, *ARTICLES),
                stdout=subprocess.DEVNULL,
                env=_environment(),
                start_new_session=True,  # its own process group: its workers are found
            )
            while run.poll() is None and not _has_an_article(url):
                time.sleep(0.05)
            time.sleep(extra)
            if run.poll() is None:
                landed += 1
                if interrupt == "kill -9":
                    os.kill(run.pid, signal.SIGKILL)
                else:  # a terminal's Ctrl-C reaches the whole foreground process group
                    os.killpg(run.pid, signal.SIGINT)
            else:
                misses += 1
            run.wait(timeout=120)
            assert _group_ended(run.pid, timeout=30), (
                f"trial {trial}: a process of the killed ingest lives on (seed {seed})"
            )
            subprocess.run(_command(url, *ARTICLES), env=_environment(), check=True,
                           stdout=subprocess.DEVNULL)  # fmt: skip
            assert fingerprint(url) == reference, f"trial {trial}: +{extra:.3f}s (seed {seed})"
    assert landed == KILL_TRIALS, f"{misses} runs ended before their interruption landed"
