"""Reading the project's held-out corpora without the deriver: front matter, bodies, gold."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

CORPORA = Path(__file__).resolve().parents[1] / "corpus"
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)


def article_paths(corpus: Path) -> list[Path]:
    """The articles of a corpus folder, in name order."""
    return sorted((corpus / "articles").glob("*.md"))


def split_front_matter(path: Path) -> tuple[dict[str, Any], str]:
    """Front matter (yaml.safe_load) and body of a corpus file, read without the deriver."""
    raw = path.read_text(encoding="utf-8")
    found = FRONT_MATTER.match(raw)
    assert found, f"{path.name}: no front matter"
    meta = yaml.safe_load(found.group(1))
    assert isinstance(meta, dict), f"{path.name}: front matter is not a mapping"
    return meta, raw[found.end() :]


def load_gold(corpus: Path) -> dict[str, Any]:
    """The whole gold file of a corpus: ``new_types``, ``events``, ``notes``."""
    data = yaml.safe_load((corpus / "gold.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{corpus.name}/gold.yaml is not a mapping"
    return data


def party_codes(code: object) -> list[str]:
    """The party codes of a single or '+'-joined actor or target (empty for null)."""
    return [] if code is None else str(code).split("+")
