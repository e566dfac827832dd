"""The import arrows point inward: the contracts in pyproject.toml hold."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_import_contracts_are_kept() -> None:
    linter = shutil.which("lint-imports") or str(Path(ROOT, ".venv/bin/lint-imports"))
    if not Path(linter).exists():
        pytest.skip("import-linter is not installed (it comes with the dev extra)")
    done = subprocess.run([linter], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout[-3000:]
