#!/usr/bin/env python3
"""The two README commands: set up .venv if needed, then run the demo or the test suite.

    python3 tasks.py demo    migrate the SQLite default, ingest seeds/, print the state of KORUS
    python3 tasks.py test    run the whole test suite (SQLite, and PostgreSQL when available)

Set-up installs the project with its test extras into .venv, and again only when
pyproject.toml changes. Needs only Python 3.11+ and pip.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if sys.platform == "win32" else "bin")
STAMP = VENV / ".timeline-installed"


def run(*command: str | Path) -> None:
    """Run a command from the project root; exit with its code when it fails."""
    done = subprocess.run([str(part) for part in command], cwd=ROOT, check=False)
    if done.returncode != 0:
        sys.exit(done.returncode)


def ensure_environment() -> None:
    """Create .venv and install the project into it when missing or out of date."""
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not (BIN / "python").exists():
        print("creating .venv ...", flush=True)
        venv.create(VENV, with_pip=True)
    if STAMP.exists() and STAMP.read_text().strip() == wanted:
        return
    print("installing timeline and its test tools into .venv ...", flush=True)
    run(BIN / "python", "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(BIN / "python", "-m", "pip", "install", "--quiet", "-e", ".[test,dev]")
    STAMP.write_text(wanted)


def demo() -> None:
    """Migrate the default SQLite store, ingest the seed articles, print the KORUS state."""
    run(BIN / "timeline", "db", "upgrade")
    run(BIN / "timeline", "ingest", ROOT / "seeds")
    run(BIN / "timeline", "state", "korus")


def test(extra: list[str]) -> None:
    """Run the whole test suite: unit, integration, features (both databases)."""
    run(BIN / "python", "-m", "pytest", *extra)


def main(argv: list[str]) -> None:
    if not argv or argv[0] not in {"demo", "test"}:
        sys.exit(__doc__)
    ensure_environment()
    if argv[0] == "demo":
        demo()
    else:
        test(argv[1:])


if __name__ == "__main__":
    main(sys.argv[1:])
