"""Derivations that fail on purpose, for the tests of the ingest's worker pool.

They sit at a module's top level so that a worker process can import them by name (a
pool's workers do not see a test's monkeypatching).
"""

from __future__ import annotations

import os

from timeline.derivation.articles import Article
from timeline.derivation.catalog import Catalog
from timeline.derivation.ingestion import DerivedArticle, derive_article

FAULTY = "b-faulty"
"""The id of the article these derivations fail on."""


def raising(article: Article, catalog: Catalog) -> DerivedArticle:
    """A bug in a rule: an unexpected exception for one article."""
    if article.id == FAULTY:
        raise RuntimeError("a bug in a rule")
    return derive_article(article, catalog)


def dying(article: Article, catalog: Catalog) -> DerivedArticle:
    """A worker killed while deriving one article, every time (as by the OOM killer)."""
    if article.id == FAULTY:
        os._exit(137)
    return derive_article(article, catalog)
