"""Fixtures of the fault tests: stores on SQLite and PostgreSQL, and the language pipeline
loaded once before any worker is forked."""

from __future__ import annotations

import pytest

from tests.faults.stores import Stores

DATABASES = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session", autouse=True)
def _pipeline_loaded() -> None:
    """Load spaCy, the rules and the catalog in the test process (by deriving one article),
    so forked workers start deriving at once."""
    from tests.faults.stores import ARTICLES
    from timeline import Timeline

    with Timeline.in_memory() as timeline:
        assert timeline.ingest(ARTICLES[:1]).ok


@pytest.fixture(scope="module", params=DATABASES)
def stores(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Stores:
    """Fresh stores and copies on the database under test."""
    tmp_path = tmp_path_factory.mktemp("stores")
    if request.param == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        return Stores("sqlite", tmp_path, template, None)
    server = request.getfixturevalue("postgres_server")
    template = request.getfixturevalue("postgres_template")
    return Stores("postgres", tmp_path, template, server)
