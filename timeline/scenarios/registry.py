"""The step registry: every step's keyword, pattern, docstring and examples, as data.

Steps are declared with :func:`given`, :func:`when` and :func:`then` from this module (also
exported by ``timeline.scenarios``). Each records the step here and hands it to pytest-bdd's
decorator of the same name, so pytest-bdd runs it as usual. The registry is what the feature
checks match steps against (with "did you mean" suggestions), what ``timeline steps`` prints,
and what the test keeping docs/writing-features.md in step with the library reads.

A project's own steps, declared the same way in its ``conftest.py``, join the registry and
are checked and listed with the library's.
"""

from __future__ import annotations

import difflib
import importlib
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal, ParamSpec, TypeVar

import pytest_bdd
from pytest_bdd import parsers

from timeline.scenarios.placeholders import parser_for
from timeline.scenarios.steps import STEP_MODULES

Keyword = Literal["Given", "When", "Then"]
P = ParamSpec("P")
T = TypeVar("T")

_PLACEHOLDER = re.compile(r"\{(\w+)(?::\w+)?\}")

DISPLAY_NAMES = {
    "as_of": "DATE",
    "day": "DATE",
    "made_on": "DATE",
    "since": "DATE",
    "signed_on": "DATE",
    "notice_on": "DATE",
}
"""Placeholders the docs call by another name than the step function's parameter."""

_BDD_DECORATORS = {"Given": pytest_bdd.given, "When": pytest_bdd.when, "Then": pytest_bdd.then}


def display_name(placeholder: str) -> str:
    """How the docs write a placeholder: ``{party:Quoted}`` is PARTY, ``{as_of:Day}`` DATE."""
    return DISPLAY_NAMES.get(placeholder, placeholder.upper())


@dataclass(frozen=True)
class StepDefinition:
    """One wording of one step: ``Then the status is "{status:Quoted}"`` and its function.

    Invariant: every example is step text (without its keyword) that this wording parses.
    """

    keyword: Keyword
    pattern: str
    parser: parsers.StepParser
    function: Callable[..., object]
    examples: tuple[str, ...] = ()

    @property
    def module(self) -> str:
        """The module that defines the step."""
        return str(getattr(self.function, "__module__", ""))

    @property
    def docstring(self) -> str:
        """The step function's docstring (one line, by the house rules)."""
        return (self.function.__doc__ or "").strip()

    @property
    def wording(self) -> str:
        """The pattern as the docs write it: placeholders become their names in capitals."""
        return _PLACEHOLDER.sub(lambda match: display_name(match.group(1)), self.pattern)

    @property
    def line(self) -> str:
        """Keyword and wording, as a feature file would hold it."""
        return f"{self.keyword} {self.wording}"

    @property
    def shown_examples(self) -> tuple[str, ...]:
        """The examples, or the wording itself when it has no placeholder."""
        if self.examples or "{" in self.pattern:
            return self.examples
        return (self.pattern,)

    def matches(self, text: str) -> bool:
        """This wording parses ``text`` (step text without its keyword)."""
        return bool(self.parser.is_matching(text))


class StepRegistry:
    """Every step declared through this module, in declaration order."""

    def __init__(self) -> None:
        self._steps: list[StepDefinition] = []

    def add(self, definition: StepDefinition) -> None:
        """Record a step; the same function and wording twice is recorded once."""
        for known in self._steps:
            if (known.keyword, known.pattern, known.function) == (
                definition.keyword,
                definition.pattern,
                definition.function,
            ):
                return
        self._steps.append(definition)

    def __iter__(self) -> Iterator[StepDefinition]:
        return iter(list(self._steps))

    def matching(self, keyword: str, text: str) -> list[StepDefinition]:
        """The steps of this keyword that parse ``text``."""
        return [s for s in self._steps if s.keyword == keyword and s.matches(text)]

    def suggestions(self, keyword: str, text: str, limit: int = 3) -> list[str]:
        """Step lines worded like ``text`` (same keyword), closest first, for error messages."""
        wordings = {s.wording: s.line for s in self._steps if s.keyword == keyword}
        close = difflib.get_close_matches(text, list(wordings), n=limit, cutoff=0.4)
        return [wordings[w] for w in close]


REGISTRY = StepRegistry()
"""The registry every step of the library, and of the projects using it, is recorded in."""


def _declare(
    keyword: Keyword, pattern: str, target_fixture: str | None, examples: Sequence[str]
) -> Callable[[Callable[P, T]], Callable[P, T]]:
    parser = parser_for(pattern)

    def decorate(function: Callable[P, T]) -> Callable[P, T]:
        REGISTRY.add(StepDefinition(keyword, pattern, parser, function, tuple(examples)))
        # stacklevel=2: pytest-bdd puts the step's fixture in the module that called us.
        bdd = _BDD_DECORATORS[keyword](parser, target_fixture=target_fixture, stacklevel=2)
        return bdd(function)

    return decorate


def given(
    pattern: str, *, target_fixture: str | None = None, examples: Sequence[str] = ()
) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Declare a Given step: ``pattern`` uses the placeholder types of ``placeholders``."""
    return _declare("Given", pattern, target_fixture, examples)


def when(
    pattern: str, *, target_fixture: str | None = None, examples: Sequence[str] = ()
) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Declare a When step (see :func:`given`)."""
    return _declare("When", pattern, target_fixture, examples)


def then(
    pattern: str, *, target_fixture: str | None = None, examples: Sequence[str] = ()
) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Declare a Then step (see :func:`given`)."""
    return _declare("Then", pattern, target_fixture, examples)


def load_library() -> StepRegistry:
    """Import every module of the step library (declaring its steps); the registry."""
    for name in STEP_MODULES:
        importlib.import_module(name)
    return REGISTRY


def library_steps() -> list[StepDefinition]:
    """Every wording of every step of the library, by module, in declaration order."""
    load_library()
    found = [s for s in REGISTRY if s.module in STEP_MODULES]
    return sorted(found, key=lambda s: STEP_MODULES.index(s.module))
