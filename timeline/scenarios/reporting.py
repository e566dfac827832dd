"""Failure reports of scenarios that name the failing step by file and line, without noise.

A Then step fails with an AssertionError whose message lists what the state holds; a step can
also fail with a TimelineError (an unknown negotiation or field, listing the valid ones). For
those the report is the feature file's line, the step, and the message: the Python traceback
through pytest's fixture machinery says nothing to a scenario's author. Any other exception is
a bug in a step or in timeline, and keeps its full traceback, headed by the failing step.
"""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

from timeline.errors import TimelineError

FAILED_STEP = pytest.StashKey[str]()
"""Where the failing step's "file:line: Keyword text" is kept on the test item."""

SHORT = (AssertionError, TimelineError)
"""Failures reported by their message alone."""


def pytest_bdd_step_error(
    request: pytest.FixtureRequest, feature: Any, scenario: Any, step: Any, exception: Exception
) -> None:
    """Remember which step of which file failed, for the report."""
    where = f"{Path(feature.filename)}:{step.line_number}"
    request.node.stash[FAILED_STEP] = f"{where}: {step.keyword} {step.name}"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Replace the traceback of a failed step by the step's location and its message."""
    report = yield
    step = item.stash.get(FAILED_STEP, None)
    if item.path.suffix != ".feature":  # a project's own pytest-bdd modules keep their reports
        return report
    if step is None or not report.failed or call.excinfo is None:
        return report
    error = call.excinfo.value
    if isinstance(error, SHORT):
        kind = "" if isinstance(error, AssertionError) else f"{type(error).__name__}: "
        report.longrepr = f"{step}\n{kind}{error}"
    else:
        report.sections.append(("failing step", step))
    return report
