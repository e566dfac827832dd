"""The plugin's settings: which .feature files it collects, where the seed articles are."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from timeline.scenarios.settings import ScenarioSettings


def test_without_feature_folders_every_feature_file_is_collected(tmp_path: Path) -> None:
    settings = ScenarioSettings()
    assert settings.collects(tmp_path / "any" / "where.feature")
    assert not settings.collects(tmp_path / "notes.md")


def test_with_feature_folders_only_their_feature_files_are_collected(tmp_path: Path) -> None:
    settings = ScenarioSettings(features=(tmp_path / "features",))
    assert settings.collects(tmp_path / "features" / "deep" / "a.feature")
    assert not settings.collects(tmp_path / "elsewhere" / "a.feature")


def test_a_missing_seed_folder_says_which_option_sets_it(tmp_path: Path) -> None:
    settings = ScenarioSettings(seeds=tmp_path / "seeds")
    with pytest.raises(AssertionError, match=r"no seed folder '.*seeds': set the ini option"):
        settings.seed_folder()
    (tmp_path / "seeds").mkdir()
    assert settings.seed_folder() == tmp_path / "seeds"


def test_this_repository_runs_its_features_on_postgresql_too() -> None:
    root = Path(__file__).resolve().parents[2]
    ini = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    assert ini["timeline_features"] == ["features"]
    assert ini["timeline_seeds"] == "seeds"
    assert ini["timeline_postgres"] is True
