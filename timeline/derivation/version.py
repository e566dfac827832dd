"""The extractor's version, apart from the extractor so reading it does not load spaCy."""

from __future__ import annotations

EXTRACTOR_VERSION = "1.3.2"
"""Bump when rules or code change what is derived; re-derivation compares versions."""
