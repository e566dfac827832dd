"""Concurrent ingests of overlapping folders, on SQLite and PostgreSQL.

Several processes ingest folders that share articles, at the same time, into one store.
Whatever the interleaving, the store must end up holding exactly the events one sequential
ingest stores (nothing lost, nothing twice), the read model must agree with the events, no
article may be reported as an error, and the reports together must count exactly the events
stored (an append another process made first is no append of this one).

With paths spelled differently (absolute, relative, with ``..``), the runs must agree too:
what is stored is the content of the files, never how a run named them.
``TIMELINE_CONCURRENT_ROUNDS`` (default 1) repeats each race.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from tests.faults.stores import ARTICLES, Stores, event_contents, run_together, trials
from timeline import Timeline

ROUNDS = trials("TIMELINE_CONCURRENT_ROUNDS", 1)


def _folders(base: Path) -> None:
    """``base/articles/part1`` holds the first half of ARTICLES, ``part2`` the rest."""
    half = len(ARTICLES) // 2
    for part, articles in (("part1", ARTICLES[:half]), ("part2", ARTICLES[half:])):
        folder = base / "articles" / part
        folder.mkdir(parents=True)
        for article in articles:
            shutil.copyfile(article, folder / article.name)


def _ingest(job: tuple[str, Path, list[str]]) -> list[tuple[str, int, str | None]]:
    """Ingest ``paths`` (relative ones from ``cwd``) into ``url``: (status, appended, error).

    Runs in a worker process of its own: it changes the working folder.
    """
    url, cwd, paths = job
    os.chdir(cwd)
    with Timeline.open(url) as timeline:
        report = timeline.ingest(paths)
    return [(o.status, o.appended, o.error) for o in report.outcomes]


_EXPECTED: dict[str, list[tuple[str, int, str, str]]] = {}
"""The events one sequential ingest of ARTICLES stores, by database kind."""


def _race(stores: Stores, base: Path, spellings: list[list[str]]) -> None:
    if stores.kind not in _EXPECTED:
        with stores.fresh() as alone, Timeline.open(alone) as timeline:
            assert timeline.ingest([base / "articles"]).ok
            _EXPECTED[stores.kind] = event_contents(alone)
    expected = _EXPECTED[stores.kind]
    for _ in range(ROUNDS):
        with stores.fresh() as url:
            reports: list[Any] = run_together(_ingest, [(url, base, s) for s in spellings])
            errors = [error for report in reports for _, _, error in report if error]
            assert errors == []
            stored = event_contents(url)
            assert stored == expected  # nothing lost, nothing twice
            assert sum(appended for report in reports for _, appended, _ in report) == len(stored)
            with Timeline.open(url) as timeline:
                assert timeline.projections.verify() == []


def test_overlapping_folders_ingested_at_once_store_each_article_once(
    stores: Stores, tmp_path: Path
) -> None:
    _folders(tmp_path)
    part1, part2 = (str(tmp_path / "articles" / p) for p in ("part1", "part2"))
    _race(stores, tmp_path, [[part1, part2], [part2, part1], [str(tmp_path / "articles")]])


def test_paths_spelled_differently_ingested_at_once_agree(stores: Stores, tmp_path: Path) -> None:
    _folders(tmp_path)
    spellings = [
        [str(tmp_path / "articles")],
        ["articles/part2", "articles/part1"],
        ["./articles/part1/../part1", str(tmp_path / "articles" / "part2")],
    ]
    _race(stores, tmp_path, spellings)
