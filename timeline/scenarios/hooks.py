"""The plugin's hooks and fixtures: options, collection of .feature files, databases.

Registered by ``timeline.scenarios.plugin`` when pytest-bdd is installed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from timeline.app import Timeline
from timeline.scenarios.collect import FeatureFile
from timeline.scenarios.databases import database_params
from timeline.scenarios.settings import ScenarioSettings, add_options, settings_of


def pytest_addoption(parser: pytest.Parser) -> None:
    """The timeline options (see ``timeline.scenarios.settings``)."""
    add_options(parser)


def pytest_cmdline_main(config: pytest.Config) -> int | None:
    """``pytest --timeline-steps``: print the step library and exit."""
    if not config.getoption("timeline_steps"):
        return None
    from timeline.scenarios.listing import step_listing
    from timeline.scenarios.registry import load_library

    print(step_listing(load_library()))
    return 0


def pytest_configure(config: pytest.Config) -> None:
    """Register the markers the plugin applies; read the settings once."""
    config.addinivalue_line("markers", "postgres: runs on a PostgreSQL database")
    settings_of(config)


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> FeatureFile | None:
    """Collect the run's .feature files as test modules."""
    if settings_of(parent.config).collects(file_path):
        return FeatureFile.from_parent(parent, path=file_path)
    return None


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run whatever needs a scenario database once per database of the run's settings."""
    if "timeline_database_url" not in metafunc.fixturenames:
        return
    settings = settings_of(metafunc.config)
    metafunc.parametrize(
        "timeline_database_url",
        database_params(settings.database is not None, settings.postgres),
        indirect=True,
    )


@pytest.fixture
def timeline_settings(pytestconfig: pytest.Config) -> ScenarioSettings:
    """The run's settings: features, catalog, databases, seeds."""
    return settings_of(pytestconfig)


@pytest.fixture
def timeline(timeline_database_url: str, timeline_settings: ScenarioSettings) -> Iterator[Timeline]:
    """The system under test on the scenario's database, with the run's catalog; closed after."""
    opened = Timeline.open(timeline_database_url, catalog_path=timeline_settings.catalog)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def feature_dir(request: pytest.FixtureRequest) -> Path:
    """The folder of the running feature file: relative paths in steps start there."""
    return Path(request.path).parent
