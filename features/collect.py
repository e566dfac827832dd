"""Collect every ``.feature`` file as a test module of its own, checked before it runs.

Each feature file becomes a pytest module whose tests pytest-bdd's ``scenarios(...)`` binds,
so ``pytest features/some.feature`` runs that file and a new file anywhere under features/
runs with no Python written. Before any scenario runs, the file is checked: Gherkin syntax,
duplicate scenario names, Background steps other than Given, and every step must match a
step of the library. A problem raises :class:`timeline.errors.FeatureFileError` naming the
file and line; pytest reports it as a collection error, which fails the run.
"""

from __future__ import annotations

import difflib
import re
import types
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from gherkin.errors import CompositeParserException
from gherkin.parser import Parser
from gherkin.token_scanner import TokenScanner
from pytest_bdd import exceptions, scenarios
from pytest_bdd.feature import get_feature
from pytest_bdd.parser import Feature, Step
from pytest_bdd.scenario import find_fixturedefs_for_step

from features.steps.library import library_steps
from timeline.errors import FeatureFileError

BIND = "scenarios(__feature_file__, features_base_dir=__feature_dir__)"
"""What runs inside each feature's module: pytest-bdd binds every scenario of the file."""


def parse_feature(path: Path) -> Feature:
    """The parsed feature; FeatureFileError (with the line) when the Gherkin is broken."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise FeatureFileError(path, f"cannot read the file: {error}") from None
    try:
        document = Parser().parse(TokenScanner(text))
    except CompositeParserException as error:
        first = error.errors[0]
        line = first.location["line"] if getattr(first, "location", None) else None
        problems = "; ".join(_without_location(str(e)) for e in error.errors)
        raise FeatureFileError(path, f"broken Gherkin: {problems}", line=line) from None
    except Exception as error:  # gherkin raises its own single-error classes too
        location = getattr(error, "location", None) or {}
        raise FeatureFileError(
            path, f"broken Gherkin: {_without_location(str(error))}", line=location.get("line")
        ) from None
    _check_document(path, document)
    try:
        return get_feature(str(path.parent), path.name)
    except exceptions.GherkinParseError as error:
        raise FeatureFileError(path, f"broken Gherkin: {error.message}", line=error.line) from None


LINE_KINDS = (
    "every line must be a keyword line (Feature:, Background:, Scenario:, Scenario Outline:, "
    "Examples:, Rule:), a step (Given, When, Then, And, But), a table row (| a | b |), a "
    'docstring (between """ lines), a tag (@name), a comment (#) or a description under '
    "Feature:/Scenario:"
)


def _without_location(message: str) -> str:
    """gherkin's messages start with "(line:column):"; the error puts the line up front."""
    if message.startswith("(") and "):" in message:
        message = message.split("):", 1)[1].strip()
    if message.startswith("expected:") and ", got " in message:
        got = message.split(", got ", 1)[1]
        return f"unexpected line {got}: {LINE_KINDS}"
    return message


def _scenario_nodes(children: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for child in children:
        if "scenario" in child:
            yield child["scenario"]
        elif "rule" in child:
            yield from _scenario_nodes(child["rule"].get("children", ()))


def _background_nodes(children: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for child in children:
        if "background" in child:
            yield child["background"]
        elif "rule" in child:
            yield from _background_nodes(child["rule"].get("children", ()))


def _check_document(path: Path, document: Any) -> None:
    """House rules pytest-bdd does not check: unique scenario names, Given-only Background."""
    feature = document.get("feature")
    if not feature:
        raise FeatureFileError(path, "no Feature: the file must start with 'Feature: <name>'")
    children = feature.get("children", [])
    seen: dict[str, int] = {}
    for node in _scenario_nodes(children):
        line = node["location"]["line"]
        if node["name"] in seen:
            raise FeatureFileError(
                path,
                f"scenario name {node['name']!r} is used twice (first on line "
                f"{seen[node['name']]}); each scenario needs its own name",
                line=line,
            )
        seen[node["name"]] = line
    if not seen:
        line = feature["location"]["line"]
        raise FeatureFileError(path, "the feature has no scenario", line=line)
    for background in _background_nodes(children):
        keyword = "Given"
        for raw in background.get("steps", []):
            if raw["keywordType"] == "Context":
                keyword = "Given"
            elif raw["keywordType"] in ("Action", "Outcome"):
                keyword = raw["keyword"].strip()
            if keyword != "Given":
                raise FeatureFileError(
                    path,
                    f"Background may hold Given steps only, not {raw['keyword'].strip()} "
                    f"{raw['text']!r}: move it into the scenarios",
                    line=raw["location"]["line"],
                )


def rendered_steps(feature: Feature) -> Iterator[tuple[str, Step]]:
    """(scenario name, step) for every step the feature's scenarios will run."""
    for name, template in feature.scenarios.items():
        contexts: list[dict[str, str]] = [
            context for examples in template.examples for context in examples.as_contexts()
        ] or [{}]
        for context in contexts:
            for step in template.render(context).steps:
                yield name, step


def suggestions(step: Step, limit: int = 3) -> list[str]:
    """Library steps worded like ``step`` (same keyword first), for the error message."""
    wordings = {s.wording: s.line for s in library_steps() if s.keyword.lower() == step.type}
    close = difflib.get_close_matches(step.name, list(wordings), n=limit, cutoff=0.4)
    return [wordings[w] for w in close]


def check_steps(path: Path, feature: Feature, node: pytest.Collector) -> None:
    """Every step of the feature matches a step definition visible to ``node``."""
    fixturemanager = node.session._fixturemanager
    checked: set[tuple[str, str]] = set()
    for scenario_name, step in rendered_steps(feature):
        if (step.type, step.name) in checked:
            continue
        checked.add((step.type, step.name))
        if any(True for _ in find_fixturedefs_for_step(step, fixturemanager, node)):
            continue
        hint = suggestions(step)
        did_you_mean = "; did you mean: " + " | ".join(hint) if hint else ""
        raise FeatureFileError(
            path,
            f"no step in the library matches {step.type.capitalize()} {step.name!r} "
            f"(scenario {scenario_name!r}){did_you_mean}. "
            "docs/writing-features.md lists every step.",
            line=step.line_number,
        )


_UNKNOWN_MARKER = re.compile(r"'([^']+)' not found in `markers`")


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
        f"tag @{tag} is not a registered marker: add it to the markers of "
        "[tool.pytest.ini_options] in pyproject.toml (name: description)",
        line=line,
    )


class FeatureFile(pytest.Module):
    """A .feature file as a pytest module: one test per scenario (per example of an outline)."""

    def _getobj(self) -> types.ModuleType:
        feature = parse_feature(self.path)
        module = types.ModuleType(f"feature:{self.path.name}")
        module.__file__ = str(self.path)
        namespace = module.__dict__
        namespace.update(
            scenarios=scenarios,
            __feature_file__=str(self.path),
            __feature_dir__=str(self.path.parent),
            # Every scenario runs once per database: the parametrized fixture must be known
            # at collection, not only when a step asks for the timeline.
            pytestmark=[pytest.mark.usefixtures("timeline")],
        )
        try:
            exec(compile(BIND, str(self.path), "exec"), namespace)
        except pytest.fail.Exception as error:
            raise _tag_error(self.path, str(error)) from None
        namespace["__feature__"] = feature
        return module

    def collect(self) -> list[pytest.Item | pytest.Collector]:
        check_steps(self.path, self.obj.__feature__, self)
        return list(super().collect())

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if isinstance(excinfo.value, FeatureFileError):
            return str(excinfo.value)
        return super().repr_failure(excinfo)
