"""The step library as data: every step's keyword, wording, docstring and module.

Used to suggest close steps when a feature uses an unknown one, and by the test that keeps
docs/writing-features.md in step with the library.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass

from pytest_bdd.steps import step_function_context_registry

from features.steps import STEP_MODULES

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


def display_name(placeholder: str) -> str:
    """How the docs write a placeholder: ``{party:Quoted}`` is PARTY, ``{as_of:Day}`` DATE."""
    return DISPLAY_NAMES.get(placeholder, placeholder.upper())


@dataclass(frozen=True, order=True)
class LibraryStep:
    """One wording of one step: ``Then the status is "STATUS"``."""

    module: str
    keyword: str
    pattern: str
    docstring: str

    @property
    def wording(self) -> str:
        """The pattern as the docs write it: placeholders become their names in capitals."""
        return _PLACEHOLDER.sub(lambda match: display_name(match.group(1)), self.pattern)

    @property
    def line(self) -> str:
        """Keyword and wording, as a feature file would hold it."""
        return f"{self.keyword} {self.wording}"


def library_steps() -> list[LibraryStep]:
    """Every wording of every step in the library's modules, sorted by module then wording."""
    for name in STEP_MODULES:
        importlib.import_module(name)
    found = set()
    for context in list(step_function_context_registry.values()):
        module = getattr(context.step_func, "__module__", "")
        if module not in STEP_MODULES:
            continue
        found.add(
            LibraryStep(
                module=module,
                keyword=(context.type or "step").capitalize(),
                pattern=context.parser.name,
                docstring=(context.step_func.__doc__ or "").strip(),
            )
        )
    return sorted(found)
