"""The plugin's settings: pytest ini options and command-line flags, read once per run.

Every option exists as an ini option (``[tool.pytest.ini_options]`` in pyproject.toml, or
pytest.ini) and as a flag; the flag wins. Paths in the ini file are relative to the ini
file's folder, paths given as flags to the folder pytest was started in. ``pytest --help``
lists them under "timeline scenarios".
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

POSTGRES_URL_VARIABLE = "TIMELINE_TEST_POSTGRES_URL"
"""Environment variable naming a PostgreSQL server for the scenarios (and the test suite)."""

DEFAULT_SEEDS = "seeds"


def add_options(parser: pytest.Parser) -> None:
    """Declare the ini options and flags (shown by ``pytest --help``)."""
    group = parser.getgroup("timeline", "timeline scenarios (Gherkin feature files)")
    group.addoption(
        "--timeline-features",
        action="append",
        metavar="DIR",
        help="collect .feature files only under DIR (repeatable; ini: timeline_features; "
        "default: every .feature file pytest walks into).",
    )
    group.addoption(
        "--timeline-catalog",
        metavar="FILE",
        help="a catalog YAML file merged over the shipped catalog for every scenario "
        "(ini: timeline_catalog; default: $TIMELINE_CATALOG, else the shipped catalog only).",
    )
    group.addoption(
        "--timeline-database",
        metavar="URL",
        help="run the scenarios on this database (migrated to head, shared by every scenario) "
        "instead of a fresh SQLite file per scenario (ini: timeline_database).",
    )
    group.addoption(
        "--timeline-postgres",
        action="store_true",
        default=None,
        help="also run every scenario on a fresh PostgreSQL database, marked 'postgres' "
        "(ini: timeline_postgres = true; turn off with -o timeline_postgres=false).",
    )
    group.addoption(
        "--timeline-postgres-url",
        metavar="URL",
        help="a PostgreSQL server whose user may create databases, for the 'postgres' runs "
        f"(ini: timeline_postgres_url; env: {POSTGRES_URL_VARIABLE}; default: a throwaway "
        "cluster from the local PostgreSQL binaries, else skipped, failed under CI=true).",
    )
    group.addoption(
        "--timeline-seeds",
        metavar="DIR",
        help="the folder of 'the seed articles' steps (ini: timeline_seeds; default: seeds).",
    )
    group.addoption(
        "--timeline-steps",
        action="store_true",
        default=False,
        help="print every Gherkin step (with its docstring and examples) and exit.",
    )
    parser.addini("timeline_features", "folders holding the .feature files", type="paths")
    parser.addini("timeline_catalog", "catalog YAML file for every scenario", default="")
    parser.addini("timeline_database", "database URL shared by the scenarios", default="")
    parser.addini("timeline_postgres", "also run every scenario on PostgreSQL", type="bool")
    parser.addini("timeline_postgres_url", "PostgreSQL server for the scenarios", default="")
    parser.addini("timeline_seeds", "folder of the seed articles", default=DEFAULT_SEEDS)


@dataclass(frozen=True)
class ScenarioSettings:
    """Where features, catalog, seeds and databases come from for this run."""

    features: tuple[Path, ...] = ()
    catalog: Path | None = None
    database: str | None = None
    postgres: bool = False
    postgres_url: str | None = None
    seeds: Path | None = None

    @classmethod
    def from_config(cls, config: pytest.Config) -> ScenarioSettings:
        """Flags first, then ini options, then the environment, then the defaults."""
        here = config.invocation_params.dir
        ini_dir = config.inipath.parent if config.inipath else config.rootpath

        def flag_or_ini(flag: str, ini: str) -> Path | None:
            given = config.getoption(flag)
            if given:
                return (here / str(given)).resolve()
            value = str(config.getini(ini) or "")
            return (ini_dir / value).resolve() if value else None

        flags: Sequence[str] | None = config.getoption("timeline_features")
        if flags:
            features = tuple((here / f).resolve() for f in flags)
        else:
            features = tuple(Path(p).resolve() for p in config.getini("timeline_features"))
        postgres_flag = config.getoption("timeline_postgres")
        postgres_url = (
            config.getoption("timeline_postgres_url")
            or str(config.getini("timeline_postgres_url") or "")
            or os.environ.get(POSTGRES_URL_VARIABLE)
        )
        return cls(
            features=features,
            catalog=flag_or_ini("timeline_catalog", "timeline_catalog"),
            database=config.getoption("timeline_database")
            or str(config.getini("timeline_database") or "")
            or None,
            postgres=bool(
                postgres_flag if postgres_flag is not None else config.getini("timeline_postgres")
            ),
            postgres_url=postgres_url or None,
            seeds=flag_or_ini("timeline_seeds", "timeline_seeds"),
        )

    def collects(self, path: Path) -> bool:
        """A .feature file at ``path`` is one of this run's features."""
        if path.suffix != ".feature":
            return False
        if not self.features:
            return True
        resolved = path.resolve()
        return any(resolved.is_relative_to(folder) for folder in self.features)

    def seed_folder(self) -> Path:
        """The folder of the seed articles; an AssertionError saying how to set it when absent."""
        if self.seeds is None or not self.seeds.is_dir():
            raise AssertionError(
                f"no seed folder {str(self.seeds or DEFAULT_SEEDS)!r}: set the ini option "
                "timeline_seeds (or --timeline-seeds) to the folder of your seed articles"
            )
        return self.seeds


SETTINGS = pytest.StashKey[ScenarioSettings]()
"""Where the run's settings are kept on the pytest config."""


def settings_of(config: pytest.Config) -> ScenarioSettings:
    """The run's settings (read from the config on first use)."""
    if SETTINGS not in config.stash:
        config.stash[SETTINGS] = ScenarioSettings.from_config(config)
    return config.stash[SETTINGS]
