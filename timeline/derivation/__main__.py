"""`python -m timeline.derivation FILE...`: print derived events as JSON lines (no store)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from timeline.derivation.articles import read_article
from timeline.derivation.catalog import load_catalog
from timeline.derivation.extractor import derive
from timeline.derivation.jsonl import derived_record
from timeline.errors import TimelineError


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: python -m timeline.derivation FILE...", file=sys.stderr)
        return 2
    catalog = load_catalog()
    status = 0
    for name in argv:
        try:
            article = read_article(Path(name))
        except TimelineError as exc:
            print(f"error: {exc}", file=sys.stderr)
            status = 1
            continue
        try:
            events = derive(article, catalog)
        except Exception as exc:  # a bug: reported for this file, the others go on
            print(
                f"error: {name}: deriving it failed unexpectedly ({type(exc).__name__}: {exc}); "
                "this is a bug in timeline: please report it with this file",
                file=sys.stderr,
            )
            status = 1
            continue
        for event in events:
            print(json.dumps(derived_record(event), ensure_ascii=False))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
