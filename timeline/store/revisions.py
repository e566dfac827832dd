"""Where the alembic scripts live and which revision is their head: no SQL, no alembic.

The scripts sit in the top-level ``migrations/`` folder of the source tree, installed as the
package ``timeline._migrations`` (see ``package-dir`` in ``pyproject.toml``), so they are
found the same way from a checkout, an editable install or a wheel, whatever the current
directory. The head is read from the scripts' own ``revision``/``down_revision`` assignments
(parsed, not run), so checking a store's schema costs neither alembic nor SQLAlchemy.
"""

from __future__ import annotations

import ast
from functools import cache
from importlib import resources
from pathlib import Path

from timeline.errors import StoreError

MIGRATIONS_PACKAGE = "timeline._migrations"

VERSION_TABLE = "alembic_version"
"""Where alembic keeps the database's revision (its default table, one row per head)."""


def script_location() -> Path:
    """The folder holding ``env.py`` and ``versions/``."""
    try:
        found = Path(str(resources.files(MIGRATIONS_PACKAGE)))
    except ModuleNotFoundError:  # a source checkout on sys.path but not installed
        found = Path(__file__).resolve().parents[2] / "migrations"
    if not (found / "env.py").is_file():
        raise StoreError(f"the migration scripts are missing (looked in {found})")
    return found


def head() -> str:
    """The revision the code needs: the one revision no other script revises.

    Read from each script's ``revision`` and ``down_revision`` assignments without running
    it (a test checks it agrees with alembic's own ``ScriptDirectory.get_heads()``).
    """
    return _head(script_location())


@cache
def _head(location: Path) -> str:
    revisions: set[str] = set()
    revised: set[str] = set()
    for script in sorted((location / "versions").glob("*.py")):
        values = _assignments(script)
        if not isinstance(values.get("revision"), str):
            continue
        revisions.add(str(values["revision"]))
        down = values.get("down_revision")
        if isinstance(down, str):
            revised.add(down)
        elif isinstance(down, tuple | list):
            revised.update(str(d) for d in down)
    heads = sorted(revisions - revised)
    if len(heads) != 1:
        raise StoreError(f"the migrations must have exactly one head, found {heads}")
    return heads[0]


def _assignments(script: Path) -> dict[str, object]:
    """The module-level constants a migration script assigns (``revision: str = "0001"``)."""
    try:
        tree = ast.parse(script.read_text(encoding="utf-8"), str(script))
    except (OSError, SyntaxError, UnicodeDecodeError) as error:
        raise StoreError(f"cannot read the migration script {script}: {error}") from error
    found: dict[str, object] = {}
    for node in tree.body:
        targets: list[ast.expr]
        if isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        elif isinstance(node, ast.Assign):
            targets, value = list(node.targets), node.value
        else:
            continue
        for target in targets:
            if isinstance(target, ast.Name):
                try:
                    found[target.id] = ast.literal_eval(value)
                except ValueError:
                    continue
    return found
