"""A new project outside this repository runs its own feature with the installed plugin alone.

``pytester`` makes a throwaway project (a temporary folder with no conftest and no ini file)
from the three files docs/writing-features.md shows (an article, a catalog entry for a
negotiation the shipped catalog lacks, a feature), adds a scenario that fails on purpose, and
runs pytest on it in a subprocess: on a fresh SQLite file, and on PostgreSQL.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy.engine import URL

from timeline.derivation.catalog import load_catalog

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "writing-features.md"
_FILE_BLOCK = re.compile(r"<!-- file: (\S+) -->\n```\w*\n(.*?)```", re.DOTALL)

FAILING_SCENARIO = """
  Scenario: A status the talks do not have
    When I look at negotiation "nz-chile"
    Then the status is "signed"
"""

OWN_STEP_FEATURE = """\
Feature: A step of the project's own
  Scenario: New Zealand is a party
    Given the catalog file "nz-chile.yaml"
    And the article file "nz-chile.md" is ingested
    When I look at negotiation "nz-chile"
    Then "NZ" is a party
"""


def doc_files() -> dict[str, str]:
    """The files the doc marks with ``<!-- file: NAME -->`` above a code block."""
    return dict(_FILE_BLOCK.findall(DOC.read_text(encoding="utf-8")))


def new_project(pytester: pytest.Pytester) -> Path:
    """The doc's three files, written to a fresh folder; the feature file's path."""
    for name, text in doc_files().items():
        if name.endswith((".md", ".yaml", ".feature")):
            (pytester.path / name).write_text(text, encoding="utf-8")
    return pytester.path / "nz-chile.feature"


def test_the_doc_shows_an_article_a_catalog_and_a_feature() -> None:
    files = doc_files()
    assert {"nz-chile.md", "nz-chile.yaml", "nz-chile.feature"} <= set(files)
    assert "nz-chile" not in load_catalog().negotiation_ids(), "the shipped catalog has it"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_flags(request: pytest.FixtureRequest) -> list[str]:
    """The flags that run the inner project on SQLite, or on this run's PostgreSQL only."""
    if request.param == "sqlite":
        return []
    server: URL = request.getfixturevalue("postgres_server")
    url = server.render_as_string(hide_password=False)
    return ["--timeline-postgres", f"--timeline-postgres-url={url}", "-m", "postgres"]


def test_a_new_project_runs_its_feature_and_reports_the_failing_step(
    pytester: pytest.Pytester, database_flags: list[str]
) -> None:
    feature = new_project(pytester)
    text = feature.read_text(encoding="utf-8")
    feature.write_text(text + FAILING_SCENARIO, encoding="utf-8")
    failing_line = len(text.splitlines()) + 4

    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-v", *database_flags)
    output = result.stdout.str() + result.stderr.str()

    result.assert_outcomes(passed=1, failed=1)
    kind = "postgres" if database_flags else "sqlite"
    assert f"nz-chile.feature::test_chile_turns_down_new_zealands_offer[{kind}] PASSED" in output
    assert f"nz-chile.feature::test_a_status_the_talks_do_not_have[{kind}] FAILED" in output
    assert f'{feature}:{failing_line}: Then the status is "signed"\nstatus of nz-chile' in output
    assert "(rule S" in output, output
    assert "call_fixture_func" not in output, output


def test_a_project_declares_its_own_step_as_the_doc_shows(pytester: pytest.Pytester) -> None:
    new_project(pytester)
    pytester.makeconftest(doc_files()["conftest.py"])
    pytester.makefile(".feature", own_step=OWN_STEP_FEATURE)

    listing = pytester.runpytest_subprocess("--timeline-steps")
    listing.stdout.fnmatch_lines(['  Then "PARTY" is a party', '      e.g. Then "NZ" is a party'])
    assert listing.ret == 0

    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "own_step.feature")
    result.assert_outcomes(passed=1)


def test_a_step_nobody_declared_is_refused_with_the_closest_steps(
    pytester: pytest.Pytester,
) -> None:
    new_project(pytester)
    pytester.makefile(".feature", own_step=OWN_STEP_FEATURE)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "own_step.feature")
    assert result.ret != 0
    result.stdout.fnmatch_lines(
        ["*own_step.feature:6: no step in the library matches Then '\"NZ\" is a party'*"]
    )


SHARED_DATABASE_FEATURE = """\
Feature: Scenarios on one database named in the settings
  Scenario: The first scenario ingests the article
    Given the article file "nz-chile.md" is ingested
    When I look at negotiation "nz-chile"
    Then the parties are "CL+NZ"

  Scenario: The second scenario finds it already stored
    When I ingest the file "nz-chile.md"
    Then the ingest reports the article "tw-2025-03-06-dairy-offer" as "unchanged"
"""


def test_the_catalog_and_the_database_can_come_from_the_ini_options(
    pytester: pytest.Pytester,
) -> None:
    new_project(pytester)
    (pytester.path / "nz-chile.feature").unlink()
    pytester.makefile(".feature", shared=SHARED_DATABASE_FEATURE)
    pytester.makeini(
        "[pytest]\ntimeline_catalog = nz-chile.yaml\ntimeline_database = sqlite:///shared.db\n"
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-v")
    result.assert_outcomes(passed=2)
    output = result.stdout.str()
    assert "test_the_second_scenario_finds_it_already_stored[database] PASSED" in output
    assert (pytester.path / "shared.db").is_file()
