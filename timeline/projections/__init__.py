"""The read side: negotiation state, chronology, persisted read models with checkpoints.

- :func:`project` / :func:`negotiations_in` (:mod:`.negotiation`): the state of a
  negotiation folded from recorded events, as of a world date, as known at a position/time;
- :func:`chronology` (:mod:`.chronology`): consolidated events in world-date order;
- :class:`ProjectionRunner` (:mod:`.runner`): catch-up, rebuild, verify, status of the
  persisted read models, over what a recorder offers the read side
  (:class:`timeline.store.recorder.ReadSideRecorder`: its rows and its
  :class:`ReadModelStore`, e.g. :class:`InMemoryReadModels`). No SQL here: the SQL
  adapters live in :mod:`timeline.store`.
"""

from timeline.projections.chronology import ChronologyRow, chronology
from timeline.projections.negotiation import KnownAt, negotiations_in, project
from timeline.projections.runner import ProjectionRunner, ProjectionStatus
from timeline.store.readmodels import InMemoryReadModels, ReadModelStore

__all__ = [
    "ChronologyRow",
    "InMemoryReadModels",
    "KnownAt",
    "ProjectionRunner",
    "ProjectionStatus",
    "ReadModelStore",
    "chronology",
    "negotiations_in",
    "project",
]
