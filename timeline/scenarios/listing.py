"""The step catalog as text: every step by module, with its docstring and examples.

What ``timeline steps`` and ``pytest --timeline-steps`` print.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable

from timeline.scenarios.registry import StepDefinition


def _heading(module: str) -> str:
    loaded = sys.modules.get(module)
    summary = ((loaded.__doc__ if loaded else "") or "").strip().splitlines()
    return f"{module}: {summary[0]}" if summary else module


def step_listing(steps: Iterable[StepDefinition]) -> str:
    """Steps grouped by their module, each with its docstring and examples."""
    by_module: dict[str, list[StepDefinition]] = {}
    for step in steps:
        by_module.setdefault(step.module, []).append(step)
    blocks = []
    for module, defined in by_module.items():
        lines = [_heading(module), ""]
        for step in defined:
            lines.append(f"  {step.line}")
            if step.docstring:
                lines.append(f"      {step.docstring}")
            lines.extend(f"      e.g. {step.keyword} {example}" for example in step.shown_examples)
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"
