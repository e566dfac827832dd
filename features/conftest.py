"""Run every .feature file under features/ on SQLite and on PostgreSQL with the step library.

A .feature file anywhere under features/ is collected as a module of its own (see
features/collect.py) and checked before it runs; its scenarios are bound by pytest-bdd's
``scenarios(...)``. Each scenario runs once per database of ``database_url`` (a fresh
migrated SQLite file, then a fresh migrated PostgreSQL database, marked ``postgres``); the
database fixtures come from tests/fixtures/databases.py, registered by the root conftest.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_bdd.steps import StepNamePrefix

from features.collect import FeatureFile
from features.reporting import (  # noqa: F401  (hooks, registered by being in this conftest)
    pytest_bdd_step_error,
    pytest_runtest_makereport,
)
from features.steps import STEP_MODULES
from timeline.app import Timeline

STEP_FIXTURE_PREFIX = StepNamePrefix.step_def.value


def _step_definitions() -> dict[str, object]:
    """The step definition fixtures of every library module, by fixture name.

    They are registered here, in this conftest, rather than with ``pytest_plugins``: pytest
    accepts ``pytest_plugins`` only in the rootdir's conftest (``pytest .`` would fail), and
    a conftest scopes the steps to features/, where they belong.
    """
    found: dict[str, object] = {}
    for name in STEP_MODULES:
        module = importlib.import_module(name)
        for key, value in vars(module).items():
            if not key.startswith(STEP_FIXTURE_PREFIX):
                continue
            if key in found:
                raise RuntimeError(f"step {key!r} is defined twice (again in {name})")
            found[key] = value
    return found


globals().update(_step_definitions())


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> FeatureFile | None:
    """Collect .feature files as test modules."""
    if file_path.suffix == ".feature":
        return FeatureFile.from_parent(parent, path=file_path)
    return None


@pytest.fixture
def timeline(database_url: str) -> Iterator[Timeline]:
    """The system under test, on a fresh migrated database; closed after the scenario."""
    opened = Timeline.open(database_url)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def feature_dir(request: pytest.FixtureRequest) -> Path:
    """The folder of the running feature file: relative paths in steps start there."""
    return Path(request.path).parent
