"""The read side: negotiation state, chronology, persisted read models with checkpoints.

- :func:`project` / :func:`negotiations_in` (:mod:`.negotiation`): the state of a
  negotiation folded from recorded events, as of a world date, as known at a position/time;
- :func:`chronology` (:mod:`.chronology`): consolidated events in world-date order;
- :class:`ProjectionRunner` (:mod:`.runner`) over a :class:`ReadModelStore`
  (:class:`InMemoryReadModels`, :class:`SqlReadModels`): catch-up, rebuild, verify, status.
"""

from timeline.projections.chronology import ChronologyRow, chronology
from timeline.projections.negotiation import KnownAt, negotiations_in, project
from timeline.projections.readmodels import InMemoryReadModels, ReadModelStore, SqlReadModels
from timeline.projections.runner import ProjectionRunner, ProjectionStatus

__all__ = [
    "ChronologyRow",
    "InMemoryReadModels",
    "KnownAt",
    "ProjectionRunner",
    "ProjectionStatus",
    "ReadModelStore",
    "SqlReadModels",
    "chronology",
    "negotiations_in",
    "project",
]
