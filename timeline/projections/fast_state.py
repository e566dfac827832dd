"""The latest state of a negotiation read straight from a SQLite store's read model: no
SQLAlchemy, no alembic, no event models, no fold.

``timeline state NEGOTIATION`` (without ``--as-of``, ``--known-at`` or a catalog) starts
here, because opening the store the usual way costs more than the command's whole start-up
budget. :func:`latest_display` (what the terminal shows: no pydantic either) and
:func:`latest_state` (the state itself, for ``--json``) serve the persisted documents of
:mod:`.latest` only when the rule that module's docstring states holds, read in one
transaction through :func:`timeline.store.readonly.current_documents`:

- the store is a SQLite file at the code's head revision, and the checkpoint of the
  ``negotiation_index`` projection is the store's last position (no event is unapplied);
- the stamp ``m/<negotiation>`` decodes, was written by the running fold version
  (:func:`timeline.fold_version.fold_version`) and holds the SHA-256 of the document read
  (``s/<negotiation>`` as its ``sha256``, ``d/<negotiation>`` as its ``display``);
- ``x/stale`` decodes to a list of names and does not list the negotiation;
- the document decodes (:func:`timeline.projections.state_document.decode_state` to the
  negotiation's state with no ``as_of``; :func:`timeline.display.decode_display`). The
  state is ``s/<negotiation>``, its summary, with its sections ``p/<negotiation>/<path>``,
  each checked against the SHA-256 the summary gives for it: ``--json`` prints the whole
  state, so every section is read at once, in the same transaction.

Anything else answers None and the caller takes the full path (open the store, catch the
read models up, fold), which also reports every error. The documents are the very
``NegotiationState`` the full path returns and its display, so both print the same text.

The key names are those of :mod:`.latest`, repeated here because importing that module loads
the fold and SQLAlchemy, which is what this one exists to avoid; a test holds both to the
same values.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from timeline.fold_version import fold_version
from timeline.store.readonly import current_documents

if TYPE_CHECKING:
    from timeline.display import StateDisplay
    from timeline.domain.views import NegotiationState

PROJECTION = "negotiation_index"
STATE = "s/"
SECTION = "p/"
DISPLAY = "d/"
STAMP = "m/"
STALE = "x/stale"


def latest_state(url: str, negotiation: str) -> NegotiationState | None:
    """The persisted latest state of ``negotiation`` in the SQLite store at ``url`` when it
    is current and intact (see the module docstring); None otherwise."""
    from timeline.projections.state_document import SECTIONS, decode_state

    sections = {path: f"{SECTION}{negotiation}/{path}" for path in SECTIONS}
    current = _current(url, negotiation, STATE, "sha256", also=list(sections.values()))
    if current is None:
        return None
    document, found = current
    state = decode_state(
        document, {path: found[key] for path, key in sections.items() if key in found}
    )
    if state is None or state.negotiation != negotiation or state.as_of is not None:
        return None
    return state


def latest_display(url: str, negotiation: str) -> StateDisplay | None:
    """What the terminal shows of the persisted latest state of ``negotiation`` in the
    SQLite store at ``url`` when it is current and intact; None otherwise."""
    current = _current(url, negotiation, DISPLAY, "display")
    if current is None:
        return None
    from timeline.display import decode_display

    return decode_display(current[0])


def _current(
    url: str, negotiation: str, prefix: str, digest_field: str, *, also: Sequence[str] = ()
) -> tuple[str, dict[str, str]] | None:
    """The ``prefix`` document of ``negotiation`` when the store's read model is current,
    the negotiation not stale, and the stamp's ``digest_field`` vouches for it; with every
    document read in the same transaction (those of ``also`` among them)."""
    key, stamp_key = f"{prefix}{negotiation}", f"{STAMP}{negotiation}"
    found = current_documents(url, PROJECTION, [key, stamp_key, STALE, *also])
    if found is None:
        return None
    document = found.get(key)
    if document is None or negotiation in _names(found.get(STALE), default=[negotiation]):
        return None
    try:
        if not _vouches(found.get(stamp_key), digest_field, document):
            return None
    except OSError:  # the fold's sources could not be read to compute its version
        return None
    return document, found


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


def _vouches(stamp: str | None, digest_field: str, document: str) -> bool:
    """Whether the stamp was written by the running fold version for this very document
    (its SHA-256 under ``digest_field``)."""
    if stamp is None:
        return False
    try:
        found = json.loads(stamp)
    except ValueError:
        return False
    if not isinstance(found, dict):
        return False
    version, digest = found.get("version"), found.get(digest_field)
    return (
        isinstance(version, str)
        and version == fold_version()
        and isinstance(digest, str)
        and digest == hashlib.sha256(document.encode()).hexdigest()
    )
