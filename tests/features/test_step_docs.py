"""docs/writing-features.md, the step library and its registry cannot drift apart.

Every step wording of the library is listed in the doc; every step the doc shows (in the
lists and in its Gherkin examples) is one the library defines; every step has a one-line
docstring, and examples (each parsed by its own step) when it has placeholders.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from timeline.scenarios.listing import step_listing
from timeline.scenarios.registry import REGISTRY, StepDefinition, library_steps

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "writing-features.md"
KEYWORDS = ("Given", "When", "Then")


@pytest.fixture(scope="module")
def doc() -> str:
    return DOC.read_text(encoding="utf-8")


def defined() -> list[StepDefinition]:
    return library_steps()


def matches_library(keyword: str, text: str) -> bool:
    """A library step of this keyword parses ``text``, or ``text`` is a step's doc wording."""
    steps = defined()
    if any(s.keyword == keyword and s.matches(text) for s in steps):
        return True
    return any(s.keyword == keyword and s.wording == text for s in steps)


def test_the_library_has_steps_of_every_kind() -> None:
    keywords = {s.keyword for s in defined()}
    assert keywords == set(KEYWORDS)
    assert len(defined()) >= 50


@pytest.mark.parametrize("step", defined(), ids=lambda s: s.line)
def test_every_step_is_listed_in_the_doc(step: StepDefinition, doc: str) -> None:
    assert f"`{step.line}`" in doc, f"{DOC} does not list `{step.line}` ({step.module})"


@pytest.mark.parametrize("step", defined(), ids=lambda s: s.line)
def test_every_step_has_a_one_line_docstring(step: StepDefinition) -> None:
    assert step.docstring, f"{step.line} has no docstring"
    assert "\n" not in step.docstring, f"{step.line}: the docstring is not one line"


@pytest.mark.parametrize("step", defined(), ids=lambda s: s.line)
def test_every_step_has_examples_its_own_wording_parses(step: StepDefinition) -> None:
    assert step.shown_examples, f"{step.line} has placeholders and no example"
    for example in step.shown_examples:
        assert step.matches(example), f"{step.line}: its example {example!r} does not parse"


def test_the_library_steps_are_in_the_registry_with_the_libraries_of_projects() -> None:
    registered = list(REGISTRY)
    assert all(step in registered for step in defined())


def test_the_step_listing_shows_every_step_with_its_docstring_and_examples() -> None:
    listing = step_listing(defined())
    for step in defined():
        assert f"  {step.line}\n      {step.docstring}\n" in listing, step.line
        for example in step.shown_examples:
            assert f"      e.g. {step.keyword} {example}\n" in listing, example
    assert "timeline.scenarios.steps.catalog: Given steps about the catalog" in listing


def test_every_step_the_doc_lists_exists(doc: str) -> None:
    shown = re.findall(r"`((?:Given|When|Then) [^`]+)`", doc)
    assert shown
    unknown = [
        line for line in shown if not matches_library(line.split(" ", 1)[0], line.split(" ", 1)[1])
    ]
    assert not unknown, f"{DOC} shows steps the library lacks: {unknown}"


def test_every_step_of_the_doc_examples_exists(doc: str) -> None:
    blocks = re.findall(r"```gherkin\n(.*?)```", doc, flags=re.DOTALL)
    assert blocks
    unknown = []
    keyword = "Given"
    for block in blocks:
        in_docstring = False
        for raw in block.splitlines():
            line = raw.strip()
            if line.startswith('"""'):
                in_docstring = not in_docstring
                continue
            if in_docstring or not line or "<" in line:
                continue
            first, _, rest = line.partition(" ")
            if first in KEYWORDS:
                keyword = first
            elif first not in ("And", "But"):
                continue
            if not matches_library(keyword, rest):
                unknown.append(line)
    assert not unknown, f"the Gherkin examples of {DOC} use unknown steps: {unknown}"
