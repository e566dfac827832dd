"""The house rules of a feature file, checked before any of its scenarios runs.

The file is parsed with the official Gherkin parser (``gherkin-official``, which pytest-bdd
uses too): broken Gherkin, no Feature or no scenario, a scenario name used twice, a
Background holding other steps than Given, and any step that no step of the registry parses
(with the closest steps as "did you mean"). A problem raises
:class:`timeline.errors.FeatureFileError` naming the file and line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from gherkin.errors import CompositeParserException
from gherkin.parser import Parser
from gherkin.token_scanner import TokenScanner

from timeline.errors import FeatureFileError
from timeline.scenarios.registry import StepRegistry

LINE_KINDS = (
    "every line must be a keyword line (Feature:, Background:, Scenario:, Scenario Outline:, "
    "Examples:, Rule:), a step (Given, When, Then, And, But), a table row (| a | b |), a "
    'docstring (between """ lines), a tag (@name), a comment (#) or a description under '
    "Feature:/Scenario:"
)

STEP_TYPES = {"Context": "Given", "Action": "When", "Outcome": "Then"}
"""Gherkin's keyword types (the same in every language) and the step keyword they stand for."""

_OUTLINE_PARAMETER = re.compile(r"<([^<>]+)>")

Node = dict[str, Any]
"""A node of the Gherkin document as the parser returns it."""


@dataclass(frozen=True)
class ScenarioStep:
    """A step as a scenario runs it: keyword (And/But resolved), rendered text, line."""

    scenario: str
    keyword: str
    text: str
    line: int


def read_document(path: Path) -> Node:
    """The parsed Gherkin document; FeatureFileError (with the line) when it is broken."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise FeatureFileError(path, f"cannot read the file: {error}") from None
    try:
        document = cast(Node, Parser().parse(TokenScanner(text)))
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
    return document


def _without_location(message: str) -> str:
    """gherkin's messages start with "(line:column):"; the error puts the line up front."""
    if message.startswith("(") and "):" in message:
        message = message.split("):", 1)[1].strip()
    if message.startswith("expected:") and ", got " in message:
        got = message.split(", got ", 1)[1]
        return f"unexpected line {got}: {LINE_KINDS}"
    return message


def _scenarios(children: Iterable[Node]) -> Iterator[tuple[Node, list[Node]]]:
    """Every scenario with the backgrounds that run before it (the feature's, then its rule's)."""
    backgrounds: list[Node] = []
    for child in children:
        if "background" in child:
            backgrounds.append(child["background"])
        elif "scenario" in child:
            yield child["scenario"], list(backgrounds)
        elif "rule" in child:
            for scenario, inner in _scenarios(child["rule"].get("children", ())):
                yield scenario, [*backgrounds, *inner]


def _backgrounds(children: Iterable[Node]) -> Iterator[Node]:
    for child in children:
        if "background" in child:
            yield child["background"]
        elif "rule" in child:
            yield from _backgrounds(child["rule"].get("children", ()))


def scenario_names(document: Node) -> list[str]:
    """The names of the feature's scenarios, in file order."""
    feature = document.get("feature") or {}
    return [node["name"] for node, _ in _scenarios(feature.get("children", []))]


def check_document(path: Path, document: Node) -> None:
    """House rules pytest-bdd does not check: a scenario at least, unique names, Given-only
    Background."""
    feature = document.get("feature")
    if not feature:
        raise FeatureFileError(path, "no Feature: the file must start with 'Feature: <name>'")
    children = feature.get("children", [])
    seen: dict[str, int] = {}
    for node, _ in _scenarios(children):
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
        raise FeatureFileError(
            path, "the feature has no scenario", line=feature["location"]["line"]
        )
    for background in _backgrounds(children):
        for step in _typed(background.get("steps", [])):
            if step.keyword != "Given":
                raise FeatureFileError(
                    path,
                    f"Background may hold Given steps only, not {step.keyword} "
                    f"{step.text!r}: move it into the scenarios",
                    line=step.line,
                )


def _typed(steps: Iterable[Node], scenario: str = "", start: str = "Given") -> list[ScenarioStep]:
    """Steps with And/But (and ``*``) taking the keyword of the step before them."""
    keyword = start
    typed = []
    for raw in steps:
        keyword = STEP_TYPES.get(raw["keywordType"], keyword)
        typed.append(ScenarioStep(scenario, keyword, raw["text"], raw["location"]["line"]))
    return typed


def _contexts(scenario: Node) -> list[dict[str, str]]:
    """One mapping of outline parameters to values per row of the Examples tables."""
    contexts: list[dict[str, str]] = []
    for examples in scenario.get("examples", []):
        header = [cell["value"] for cell in (examples.get("tableHeader") or {}).get("cells", [])]
        for row in examples.get("tableBody", []):
            contexts.append(
                dict(zip(header, (cell["value"] for cell in row["cells"]), strict=False))
            )
    return contexts or [{}]


def _render(text: str, context: dict[str, str]) -> str:
    return _OUTLINE_PARAMETER.sub(lambda m: context.get(m.group(1), m.group(0)), text)


def scenario_steps(document: Node) -> Iterator[ScenarioStep]:
    """Every step the feature's scenarios run (backgrounds included, outlines per example)."""
    feature = document.get("feature") or {}
    for node, backgrounds in _scenarios(feature.get("children", [])):
        raw = [step for background in backgrounds for step in background.get("steps", [])]
        steps = _typed([*raw, *node.get("steps", [])], node["name"])
        for context in _contexts(node):
            for step in steps:
                yield ScenarioStep(
                    step.scenario, step.keyword, _render(step.text, context), step.line
                )


def check_steps(path: Path, document: Node, registry: StepRegistry) -> None:
    """Every step of the feature is parsed by a step of the registry."""
    checked: set[tuple[str, str]] = set()
    for step in scenario_steps(document):
        if (step.keyword, step.text) in checked:
            continue
        checked.add((step.keyword, step.text))
        if registry.matching(step.keyword, step.text):
            continue
        hint = registry.suggestions(step.keyword, step.text)
        did_you_mean = "; did you mean: " + " | ".join(hint) if hint else ""
        raise FeatureFileError(
            path,
            f"no step in the library matches {step.keyword} {step.text!r} "
            f"(scenario {step.scenario!r}){did_you_mean}. "
            "`timeline steps` (or `pytest --timeline-steps`) lists every step.",
            line=step.line,
        )


def check_feature(path: Path, registry: StepRegistry) -> Node:
    """Parse and check a feature file; its document when every rule holds."""
    document = read_document(path)
    check_document(path, document)
    check_steps(path, document, registry)
    return document
