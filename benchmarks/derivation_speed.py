"""Benchmark: derivation speed, in articles per CPU-second, over a folder of articles.

Reads every ``*.md`` article of the folders given (a corpus folder's ``articles/`` is used
when it has one; default: the seed articles), derives one article first to load the
pipeline and the rules, then derives them all ``--rounds`` times and prints the process
CPU time and the rate. CPU time, not wall time: on a shared machine other jobs slow the
clock but not this process's CPU count (much); still, compare two versions only in runs
taken side by side, alternating.

The project's floor: 20 articles per CPU-second on dev + dev2 on a quiet machine:

    .venv/bin/python benchmarks/derivation_speed.py ../shared/corpus/dev ../shared/corpus/dev2

The last line is machine-readable: ``articles_per_cpu_second=X``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from timeline.derivation.articles import Article, read_article
from timeline.derivation.catalog import load_catalog
from timeline.derivation.extractor import derive

ROOT = Path(__file__).resolve().parents[1]


def articles_of(folder: Path) -> list[Article]:
    """The articles of a folder (its ``articles/`` subfolder when it has one), by name."""
    inner = folder / "articles"
    paths = sorted((inner if inner.is_dir() else folder).glob("*.md"))
    return [read_article(path) for path in paths]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "folders", nargs="*", type=Path, default=[ROOT / "seeds"], help="default: seeds/"
    )
    parser.add_argument("--rounds", type=int, default=3, help="passes over the articles")
    parser.add_argument("--catalog", type=Path, default=None, help="an extra catalog file")
    args = parser.parse_args()
    articles = [article for folder in args.folders for article in articles_of(folder)]
    if not articles:
        sys.exit("no articles (*.md) in " + ", ".join(str(f) for f in args.folders))
    catalog = load_catalog(args.catalog)
    derive(articles[0], catalog)  # load the pipeline and the rules outside the count
    events = 0
    start = time.process_time()
    for _ in range(args.rounds):
        for article in articles:
            events += len(derive(article, catalog))
    seconds = time.process_time() - start
    count = args.rounds * len(articles)
    rate = count / seconds
    print(f"{count} articles ({len(articles)} x {args.rounds}), {events} events derived")
    print(f"{seconds:.2f} CPU s, {1000 * seconds / count:.1f} ms an article")
    print(f"articles_per_cpu_second={rate:.1f}")


if __name__ == "__main__":
    main()
