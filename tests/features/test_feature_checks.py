"""The feature checks read steps as pytest-bdd runs them: backgrounds, rules, And, outlines."""

from __future__ import annotations

from pathlib import Path

import pytest

from timeline.errors import FeatureFileError
from timeline.scenarios.checks import check_feature, read_document, scenario_names, scenario_steps
from timeline.scenarios.registry import load_library

OUTLINE_IN_A_RULE = """\
Feature: Steps as they run
  Background:
    Given the seed articles are ingested

  Rule: Positions
    Background:
      Given the seed article "gulfnews-1.2078485" is ingested

    Scenario Outline: A party's position
      When I look at negotiation "korus"
      Then "<party>" has stated a position quoting "<fragment>"
      But "<other>" has stated no position

      Examples:
        | party | fragment   | other |
        | KR    | beneficial | CA    |
        | US    | continue   | MX    |
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "steps.feature"
    path.write_text(text, encoding="utf-8")
    return path


def test_backgrounds_of_feature_and_rule_run_first_and_outlines_run_per_row(
    tmp_path: Path,
) -> None:
    document = read_document(write(tmp_path, OUTLINE_IN_A_RULE))
    steps = [(s.keyword, s.text) for s in scenario_steps(document)]
    assert scenario_names(document) == ["A party's position"]
    assert steps[:5] == [
        ("Given", "the seed articles are ingested"),
        ("Given", 'the seed article "gulfnews-1.2078485" is ingested'),
        ("When", 'I look at negotiation "korus"'),
        ("Then", '"KR" has stated a position quoting "beneficial"'),
        ("Then", '"CA" has stated no position'),
    ]
    assert steps[8:] == [
        ("Then", '"US" has stated a position quoting "continue"'),
        ("Then", '"MX" has stated no position'),
    ]


def test_a_file_whose_steps_the_library_knows_passes_the_checks(tmp_path: Path) -> None:
    document = check_feature(write(tmp_path, OUTLINE_IN_A_RULE), load_library())
    assert document["feature"]["name"] == "Steps as they run"


def test_an_outline_row_that_makes_an_unknown_step_is_refused_at_its_line(tmp_path: Path) -> None:
    text = OUTLINE_IN_A_RULE.replace("| CA    |", '| C"A   |')
    path = write(tmp_path, text)
    with pytest.raises(FeatureFileError, match=r"steps\.feature:12: no step in the library"):
        check_feature(path, load_library())
