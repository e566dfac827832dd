"""docs/writing-features.md and the step library cannot drift apart.

Every step wording of the library is listed in the doc; every step the doc shows (in the
lists and in its Gherkin examples) is one the library defines; every step has a one-line
docstring.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from features.steps.library import LibraryStep, library_steps

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "writing-features.md"
KEYWORDS = ("Given", "When", "Then")


@pytest.fixture(scope="module")
def doc() -> str:
    return DOC.read_text(encoding="utf-8")


def defined() -> list[LibraryStep]:
    return library_steps()


def matches_library(keyword: str, text: str) -> bool:
    """A library step of this keyword parses ``text``, or ``text`` is a step's doc wording."""
    from pytest_bdd.steps import step_function_context_registry

    from features.steps import STEP_MODULES

    for context in list(step_function_context_registry.values()):
        if context.step_func.__module__ not in STEP_MODULES:
            continue
        if (context.type or "").capitalize() != keyword:
            continue
        if context.parser.is_matching(text):
            return True
    return any(s.keyword == keyword and s.wording == text for s in defined())


def test_the_library_has_steps_of_every_kind() -> None:
    keywords = {s.keyword for s in defined()}
    assert keywords == set(KEYWORDS)
    assert len(defined()) >= 50


@pytest.mark.parametrize("step", defined(), ids=lambda s: s.line)
def test_every_step_is_listed_in_the_doc(step: LibraryStep, doc: str) -> None:
    assert f"`{step.line}`" in doc, f"{DOC} does not list `{step.line}` ({step.module})"


@pytest.mark.parametrize("step", defined(), ids=lambda s: s.line)
def test_every_step_has_a_one_line_docstring(step: LibraryStep) -> None:
    assert step.docstring, f"{step.line} has no docstring"
    assert "\n" not in step.docstring, f"{step.line}: the docstring is not one line"


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
