"""The version of the code that folds and renders a state, for persisted states to check.

A persisted state (the ``s/`` documents of :mod:`timeline.projections.latest`) is served
only when it was written by the same fold and render code as the one running: any change
to them (a rule of consolidation, a view's field, an upcaster) must make old documents be
rebuilt, never read. Instead of a number someone must remember to bump, the version is a
digest of the sources that decide a state: ``timeline/domain/*.py``, the store's codec
(upcasters), the display of a state and its words, and the projection modules that fold,
persist and decode it, prefixed by the format number of the documents (:data:`FORMAT`).

Standard library only, and importing it loads nothing else of ``timeline``: a minimal
reader (stdlib ``sqlite3``) can call :func:`fold_version` to check a document.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

FORMAT = 4
"""The layout of the persisted state documents (bump when their JSON shape changes): 1 was
``model_dump_json``, 2 the compact document of ``projections/state_document.py``, 3 added
the display (``d/``, :mod:`timeline.display`) and its digest in the stamp, 4 split the
state document into a summary and one document per section (``p/``)."""

_PACKAGE = Path(__file__).resolve().parent
_SOURCES = (
    "domain/*.py",
    "display.py",
    "words.py",
    "store/codec.py",
    "projections/index.py",
    "projections/latest.py",
    "projections/negotiation.py",
    "projections/snapshot_facts.py",
    "projections/snapshots.py",
    "projections/state_document.py",
)


@cache
def fold_version() -> str:
    """``"<FORMAT>:<sha256 of the fold's sources, 16 hex digits>"``; computed once."""
    digest = hashlib.sha256()
    files = sorted({path for pattern in _SOURCES for path in _PACKAGE.glob(pattern)})
    for path in files:
        digest.update(path.relative_to(_PACKAGE).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return f"{FORMAT}:{digest.hexdigest()[:16]}"
