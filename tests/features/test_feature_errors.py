"""A broken feature file, or one using a step the library lacks, fails the run naming file and line.

Each case is a throwaway project in a temporary folder outside this repository, with no
conftest and no ini file: the installed timeline plugin alone collects and checks its feature
files, in a pytest subprocess.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PYTEST = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "--strict-markers"]


def _collect_only(folder: Path) -> tuple[str, int]:
    """Output and exit code of collecting ``folder`` in a pytest subprocess run there."""
    done = subprocess.run(
        [*PYTEST, "--co", str(folder)],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return done.stdout + done.stderr, done.returncode


GOOD = """\
Feature: A good feature beside the broken ones
  Scenario: Nothing is known before ingesting
    When I look at negotiation "korus"
    Then no proposal is known
"""

BROKEN = """\
Feature: Broken Gherkin
  Scenario: A step before any keyword
    When I look at negotiation "korus"
  this line is not Gherkin
    Then no proposal is known
"""

UNKNOWN_STEP = """\
Feature: A step the library does not have
  Scenario: The talks are frozen
    Given the seed articles are ingested
    When I look at negotiation "korus" as of 2017-08-22
    Then the talks are frozen solid
"""

DUPLICATE = """\
Feature: Two scenarios with one name
  Scenario: Same name
    When I look at negotiation "korus"
    Then no proposal is known

  Scenario: Same name
    When I look at negotiation "korus"
    Then no proposal is known
"""

BACKGROUND_THEN = """\
Feature: A Background that checks something
  Background:
    Given the seed articles are ingested
    Then no proposal is known

  Scenario: Anything
    When I look at negotiation "korus"
    Then the status is "stalled"
"""

UNKNOWN_TAG = """\
@frozen
Feature: A tag nobody registered
  Scenario: Tagged
    When I look at negotiation "korus"
    Then no proposal is known
"""


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, int]:
    """One collection-only run over every broken file and a good one."""
    folder = tmp_path_factory.mktemp("features")
    files = {
        "good.feature": GOOD,
        "broken.feature": BROKEN,
        "unknown_step.feature": UNKNOWN_STEP,
        "duplicate.feature": DUPLICATE,
        "background.feature": BACKGROUND_THEN,
        "tag.feature": UNKNOWN_TAG,
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder, *_collect_only(folder)


def test_the_whole_run_fails(outcome: tuple[Path, str, int]) -> None:
    _, output, code = outcome
    assert code != 0, output
    assert "Interrupted: 5 errors during collection" in output, output


def test_broken_gherkin_names_the_file_and_line(outcome: tuple[Path, str, int]) -> None:
    folder, output, _ = outcome
    assert f"{folder / 'broken.feature'}:4: broken Gherkin:" in output, output
    assert "unexpected line 'this line is not Gherkin'" in output, output


def test_an_unknown_step_names_the_file_line_and_step(outcome: tuple[Path, str, int]) -> None:
    folder, output, _ = outcome
    expected = (
        f"{folder / 'unknown_step.feature'}:5: no step in the library matches "
        "Then 'the talks are frozen solid' (scenario 'The talks are frozen')"
    )
    assert expected in output, output
    assert "; did you mean: Then " in output, output
    assert "`timeline steps` (or `pytest --timeline-steps`) lists every step" in output, output


def test_a_duplicate_scenario_name_is_an_error(outcome: tuple[Path, str, int]) -> None:
    folder, output, _ = outcome
    assert f"{folder / 'duplicate.feature'}:6: scenario name 'Same name' is used twice" in output


def test_a_background_may_hold_given_steps_only(outcome: tuple[Path, str, int]) -> None:
    folder, output, _ = outcome
    assert (
        f"{folder / 'background.feature'}:4: Background may hold Given steps only, not Then"
        in output
    )


def test_a_good_file_is_collected_per_database(outcome: tuple[Path, str, int]) -> None:
    _, output, _ = outcome
    assert "good.feature::test_nothing_is_known_before_ingesting[sqlite]" in output, output


def test_an_unregistered_tag_names_the_file_line_and_tag(outcome: tuple[Path, str, int]) -> None:
    folder, output, _ = outcome
    expected = f"{folder / 'tag.feature'}:1: tag @frozen is not a registered marker"
    assert expected in output, output


FAILING = """\
Feature: Scenarios that fail on purpose
  Scenario: A status the state does not hold
    When I look at negotiation "korus"
    Then the status is "terminated"

  Scenario: A negotiation nobody knows
    When I look at negotiation "atlantis"
    Then no proposal is known
"""


def test_a_failing_step_is_reported_by_file_line_and_what_the_state_holds(
    pytester: pytest.Pytester,
) -> None:
    feature = pytester.path / "failing.feature"
    feature.write_text(FAILING, encoding="utf-8")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-q")
    output = result.stdout.str() + result.stderr.str()
    assert result.ret == 1, output
    result.assert_outcomes(failed=2)
    assert f'{feature}:4: Then the status is "terminated"\nstatus of korus' in output, output
    assert "(rule S" in output, output
    assert f'{feature}:7: When I look at negotiation "atlantis"' in output, output
    assert "UnknownNegotiationError: unknown negotiation 'atlantis'; known: " in output, output
    assert "call_fixture_func" not in output, output
