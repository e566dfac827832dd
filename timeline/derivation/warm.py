"""Imported by the fork server of the ingest's worker pool (see :mod:`timeline.workers`):
importing it loads spaCy, builds the pipeline and the rules' matchers and derives one short
made-up article, so that every worker forked from the server derives at once instead of
spending seconds building them. Nothing else imports it.
"""

from __future__ import annotations

from contextlib import suppress

from timeline.derivation.articles import parse_article
from timeline.derivation.catalog import load_catalog
from timeline.derivation.ingestion import derive_article

WARM_UP = """\
---
id: warm-up
published: 2020-01-02
---
Canada proposed on Monday to extend the dairy quota; Mexico rejected the proposal.
"""


def warm() -> None:
    """Derive one short article with the shipped catalog (building every cache on the way)."""
    derive_article(parse_article(WARM_UP, "warm-up"), load_catalog())


with suppress(Exception):  # only a head start: a worker meets the same error itself, reported
    warm()
