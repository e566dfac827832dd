"""Benchmark: derivation time against article length (is it linear?).

Derives synthetic articles (tests/derivation/long_articles.py: the project's own template
sentences, no corpus text) of ``--sizes`` characters, each once after a warm-up, and prints
the CPU seconds of each and, per size, the time per 100 KB over the smallest size's: 1.0 for
linear work, growing with the size when some step is superlinear.

The last line is machine-readable: ``per_kb_ratio=X`` (the largest size's time per KB over
the smallest's).

Run: ``.venv/bin/python benchmarks/derivation_scaling.py --sizes 100000,400000,900000``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.derivation.long_articles import long_article
from timeline.derivation.catalog import load_catalog
from timeline.derivation.extractor import derive


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="50000,100000,200000,400000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    catalog = load_catalog()
    derive(long_article(5_000, seed=2), catalog)  # load the pipeline and the rules
    base: float | None = None
    ratio = 1.0
    print(f"{'chars':>10} {'events':>7} {'CPU s':>8} {'s/100KB':>8} {'ratio':>6}")
    for size in sizes:
        article = long_article(size)
        start = time.process_time()
        events = derive(article, catalog)
        seconds = time.process_time() - start
        per_100kb = seconds / (len(article.text) / 100_000)
        base = base or per_100kb
        ratio = per_100kb / base
        chars, found = len(article.text), len(events)
        print(f"{chars:>10} {found:>7} {seconds:>8.2f} {per_100kb:>8.2f} {ratio:>6.2f}")
    print(f"per_kb_ratio={ratio:.2f}")


if __name__ == "__main__":
    main()
