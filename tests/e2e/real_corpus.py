"""Where the shared corpora of real articles are, for the end-to-end tests that read them.

The texts belong to their publishers and stay outside the project (``../shared/corpus`` next
to the project folder, or ``TIMELINE_CORPUS``): tests read them there and skip, with the
reason, when they are absent. Nothing of them is copied into the project.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
CORPUS_VARIABLE = "TIMELINE_CORPUS"


def corpus_root() -> Path:
    """The folder holding ``dev/`` and ``dev2/``."""
    given = os.environ.get(CORPUS_VARIABLE)
    return Path(given) if given else ROOT.parent / "shared" / "corpus"


def corpus_articles(name: str, prefixes: tuple[str, ...] = ()) -> list[Path]:
    """The articles of one corpus (those whose file name starts with one of ``prefixes``,
    when given), in name order; skips the test when the corpus is not there."""
    folder = corpus_root() / name / "articles"
    found = sorted(folder.glob("*.md"))
    if not found:
        pytest.skip(
            f"the real-article corpus {folder} is absent (it is kept outside the project; "
            f"set {CORPUS_VARIABLE} to the folder holding dev/ and dev2/)"
        )
    if prefixes:
        found = [path for path in found if path.name.startswith(prefixes)]
    return found
