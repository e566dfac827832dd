"""The extractor's version, apart from the extractor so reading it does not load spaCy."""

from __future__ import annotations

from typing import Literal

EXTRACTOR_VERSION = "1.4.1"
"""Bump when rules or code change what is derived; re-derivation compares versions."""

Change = Literal["extractor", "rules", "catalog"]
"""What may have changed since an article was derived (the knowledge's parts): here, apart
from the derivation, so the facade's outcome models name it without loading YAML."""
