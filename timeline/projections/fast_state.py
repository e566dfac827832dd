"""The latest state of a negotiation read straight from a SQLite store's read model: no
SQLAlchemy, no alembic, no event models, no fold.

``timeline state NEGOTIATION`` (without ``--as-of``, ``--known-at`` or a catalog) starts
here, because opening the store the usual way costs more than the command's whole start-up
budget. :func:`latest_state` serves the persisted document of :mod:`.latest` only when the
rule that module's docstring states holds, read in one transaction through
:func:`timeline.store.readonly.current_documents`:

- the store is a SQLite file at the code's head revision, and the checkpoint of the
  ``negotiation_index`` projection is the store's last position (no event is unapplied);
- the stamp ``m/<negotiation>`` decodes, was written by the running fold version
  (:func:`timeline.fold_version.fold_version`) and holds the SHA-256 of ``s/<negotiation>``;
- ``x/stale`` decodes to a list of names and does not list the negotiation;
- ``s/<negotiation>`` and its sections ``p/<negotiation>/<path>`` decode
  (:func:`timeline.projections.state_document.decode_state`, which checks each section
  against the SHA-256 the summary gives for it) to the negotiation's state with no
  ``as_of``. The CLI prints the whole state: every section is read at once, in the same
  transaction.

Anything else answers None and the caller takes the full path (open the store, catch the
read models up, fold), which also reports every error. The document is the very
``NegotiationState`` the full path returns, so both render the same text.

The key names are those of :mod:`.latest`, repeated here because importing that module loads
the fold and SQLAlchemy, which is what this one exists to avoid; a test holds both to the
same values.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

from timeline.fold_version import fold_version
from timeline.store.readonly import current_documents

if TYPE_CHECKING:
    from timeline.domain.views import NegotiationState

PROJECTION = "negotiation_index"
STATE = "s/"
SECTION = "p/"
STAMP = "m/"
STALE = "x/stale"


def latest_state(url: str, negotiation: str) -> NegotiationState | None:
    """The persisted latest state of ``negotiation`` in the SQLite store at ``url`` when it
    is current and intact (see the module docstring); None otherwise."""
    from timeline.projections.state_document import SECTIONS, decode_state

    state_key, stamp_key = f"{STATE}{negotiation}", f"{STAMP}{negotiation}"
    sections = {path: f"{SECTION}{negotiation}/{path}" for path in SECTIONS}
    found = current_documents(url, PROJECTION, [state_key, stamp_key, STALE, *sections.values()])
    if found is None:
        return None
    document = found.get(state_key)
    if document is None or negotiation in _names(found.get(STALE), default=[negotiation]):
        return None
    try:
        if not _vouches(found.get(stamp_key), document):
            return None
    except OSError:  # the fold's sources could not be read to compute its version
        return None
    state = decode_state(
        document, {path: found[key] for path, key in sections.items() if key in found}
    )
    if state is None or state.negotiation != negotiation or state.as_of is not None:
        return None
    return state


def _names(document: str | None, *, default: list[str]) -> list[str]:
    """``x/stale``: a JSON list of names, empty when missing; ``default`` (trust nothing)
    when it is not a list of strings."""
    if document is None:
        return []
    try:
        names = json.loads(document)
    except ValueError:
        return default
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        return default
    return names


def _vouches(stamp: str | None, document: str) -> bool:
    """Whether the stamp was written by the running fold version for this very document."""
    if stamp is None:
        return False
    try:
        found = json.loads(stamp)
    except ValueError:
        return False
    if not isinstance(found, dict):
        return False
    version, digest = found.get("version"), found.get("sha256")
    return (
        isinstance(version, str)
        and version == fold_version()
        and isinstance(digest, str)
        and digest == hashlib.sha256(document.encode()).hexdigest()
    )
