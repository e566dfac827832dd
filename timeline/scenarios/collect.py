"""Collect every ``.feature`` file as a test module of its own, checked before it runs.

A feature file becomes a pytest module whose tests are bound by pytest-bdd's public
``scenario(...)`` decorator, one per scenario, so ``pytest features/some.feature`` runs that
file and a new file runs with no Python written. Before anything is bound, the file is
checked (``timeline.scenarios.checks``); a problem raises
:class:`timeline.errors.FeatureFileError`, which pytest reports as a collection error naming
the file and line, failing the run.

Only public API is used: pytest's ``Module`` node (its ``obj`` is set to a module object
built here, instead of importing a Python file), and pytest-bdd's ``scenario`` decorator.
Every scenario asks for the ``timeline`` fixture, so each runs once per database.

What public API does not offer, and the upstream feature that would remove the workaround:

- pytest-bdd's ``scenarios(...)`` writes the tests into its caller's frame locals, so only
  module-level code can call it (hence the ``exec`` this replaces). We call ``scenario(...)``
  once per scenario name, read with gherkin-official. A ``scenarios(..., into=namespace)``
  (or a function returning the test functions), or a collector for ``.feature`` files in
  pytest-bdd itself, would let a plugin bind a file in one call.
- Checking, before a file runs, that each step has a definition visible to it needs pytest's
  fixture lookup (``FixtureManager.getfixturedefs`` is private) or a public pytest-bdd "step
  definition for this step at this node" function. We check against the step registry of
  ``timeline.scenarios`` instead, so a step declared with pytest-bdd's own decorators (not
  through ``timeline.scenarios``) is refused by the check.
- pytest has no documented node for "a Python module built from another file"; setting
  ``Module.obj`` through its public setter is the smallest surface we found.
"""

from __future__ import annotations

import re
import types
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd import scenario

from timeline.app import Timeline
from timeline.errors import FeatureFileError
from timeline.scenarios.checks import check_feature, scenario_names
from timeline.scenarios.registry import REGISTRY

_NOT_A_WORD = re.compile(r"\W")
_LEADING_DIGITS = re.compile(r"^\d+_*")
_UNKNOWN_MARKER = re.compile(r"'([^']+)' not found in `markers`")


def scenario_test_name(scenario_name: str, taken: set[str]) -> str:
    """``test_`` and the scenario's name in snake case (as pytest-bdd's ``scenarios`` names it)."""
    base = _LEADING_DIGITS.sub("", _NOT_A_WORD.sub("", scenario_name.replace(" ", "_"))).lower()
    name, number = f"test_{base}", 0
    while name in taken:
        number += 1
        name = f"test_{base}_{number}"
    return name


def on_a_fresh_timeline(timeline: Timeline) -> None:
    """The body of every scenario test: the steps do the work; this asks for the database."""


def _tag_error(path: Path, message: str) -> FeatureFileError:
    """An unregistered tag: pytest-bdd makes tags markers, --strict-markers refuses unknown ones."""
    match = _UNKNOWN_MARKER.search(message)
    if match is None:
        return FeatureFileError(path, message)
    tag = match.group(1)
    line = None
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if re.search(rf"(^|\s)@{re.escape(tag)}(\s|$)", text):
            line = number
            break
    return FeatureFileError(
        path,
        f"tag @{tag} is not a registered marker: add it to the markers ini option "
        "([tool.pytest.ini_options] markers in pyproject.toml) as 'name: description'",
        line=line,
    )


def bind(path: Path, names: list[str]) -> types.ModuleType:
    """A module holding one pytest-bdd scenario test per scenario name of the file."""
    module = types.ModuleType(f"feature:{path.name}")
    module.__file__ = str(path)
    taken: set[str] = set()
    for name in names:
        try:
            test = scenario(str(path), name, features_base_dir=str(path.parent))(
                on_a_fresh_timeline
            )
        except pytest.fail.Exception as error:
            raise _tag_error(path, str(error)) from None
        attribute = scenario_test_name(name, taken)
        taken.add(attribute)
        setattr(module, attribute, test)
    return module


class FeatureFile(pytest.Module):
    """A .feature file as a pytest module: one test per scenario (per example of an outline)."""

    def collect(self) -> list[pytest.Item | pytest.Collector]:
        document = check_feature(self.path, REGISTRY)
        self.obj = bind(self.path, scenario_names(document))
        return list(super().collect())

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if isinstance(excinfo.value, FeatureFileError):
            return str(excinfo.value)
        return super().repr_failure(excinfo)
