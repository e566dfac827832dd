"""``timeline steps`` prints the step library from the registry, docstrings and examples."""

from __future__ import annotations

from typer.testing import CliRunner

from timeline.cli import app
from timeline.scenarios.registry import library_steps


def test_timeline_steps_lists_every_library_step_with_docstring_and_examples() -> None:
    result = CliRunner().invoke(app, ["steps"])
    assert result.exit_code == 0, result.output
    for step in library_steps():
        assert f"  {step.line}\n      {step.docstring}\n" in result.output, step.line
    assert '      e.g. Given the catalog file "nz-chile.yaml"\n' in result.output
    assert 'Then the status is "STATUS"\n' in result.output
