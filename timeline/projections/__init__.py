"""The read side: negotiation state, chronology, persisted read models with checkpoints.

- :func:`project` / :func:`negotiations_in` (:mod:`.negotiation`): the state of a
  negotiation folded from recorded events, as of a world date, as known at a position/time;
- :mod:`.chronology`: consolidated events in world-date order (:class:`ChronologyRow`);
- :class:`ProjectionRunner` (:mod:`.runner`): catch-up, rebuild, verify, status of the
  persisted read models, over what a recorder offers the read side
  (:class:`timeline.store.recorder.ReadSideRecorder`: its rows and its
  :class:`ReadModelStore`, e.g. :class:`InMemoryReadModels`). No SQL here: the SQL
  adapters live in :mod:`timeline.store`.

The names load on first use, so importing one light module of the package (as the served
path of ``timeline state``, :mod:`.fast_state`, does) loads neither the fold nor the event
models. (The function ``chronology`` is not among them: the package attribute of that name
is its module once it is imported.)
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from timeline.projections.chronology import ChronologyRow
    from timeline.projections.negotiation import KnownAt, negotiations_in, project
    from timeline.projections.runner import ProjectionRunner, ProjectionStatus
    from timeline.store.readmodels import InMemoryReadModels, ReadModelStore

_HOMES = {
    "timeline.projections.chronology": ("ChronologyRow",),
    "timeline.projections.negotiation": ("KnownAt", "negotiations_in", "project"),
    "timeline.projections.runner": ("ProjectionRunner", "ProjectionStatus"),
    "timeline.store.readmodels": ("InMemoryReadModels", "ReadModelStore"),
}
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names}


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first use."""
    module = _HOME_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'timeline.projections' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "ChronologyRow",
    "InMemoryReadModels",
    "KnownAt",
    "ProjectionRunner",
    "ProjectionStatus",
    "ReadModelStore",
    "negotiations_in",
    "project",
]
