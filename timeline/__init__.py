"""timeline: an event-sourced model of how a negotiation unfolds, derived from the news.

The public face: the :class:`Timeline` facade, the event classes, the state model and the
error tree. Everything else is an implementation detail that may change.
"""

from importlib.metadata import PackageNotFoundError, version

from timeline.app import ArticleOutcome, IngestReport, Timeline
from timeline.audit import Explanation, ReplayStep
from timeline.domain.envelope import EventMetadata, NewEvent, RecordedEvent
from timeline.domain.events import (
    AgreementInForce,
    AgreementRatified,
    AgreementReached,
    AgreementSigned,
    ArticleIngested,
    CounterProposalMade,
    EventRetracted,
    JointStudyProposed,
    MeetingHeld,
    NegotiationEvent,
    PositionStated,
    ProposalAccepted,
    ProposalMade,
    ProposalRejected,
    RoundScheduled,
    TalksStalled,
    TerminationClauseCited,
    TradeFigureReported,
    WithdrawalThreatened,
)
from timeline.domain.values import Derivation, Evidence, WorldDate
from timeline.domain.views import NegotiationState
from timeline.errors import (
    ArticleError,
    CatalogError,
    ConcurrencyError,
    ConfigurationError,
    DuplicateEventError,
    EventError,
    FeatureFileError,
    InvalidPayloadError,
    ProjectionError,
    SchemaNotAtHeadError,
    StoreError,
    TimelineError,
    UnknownEventTypeError,
    UnknownFieldError,
    UnknownNegotiationError,
)

try:
    __version__ = version("timeline")
except PackageNotFoundError:  # running from a checkout that is not installed
    __version__ = "0.0.0"


def open_timeline(url: str | None = None, *, upgrade: bool = False) -> Timeline:
    """Open the timeline at ``url`` (default ``./timeline.db``); see :meth:`Timeline.open`."""
    return Timeline.open(url, upgrade=upgrade)


__all__ = [
    "AgreementInForce",
    "AgreementRatified",
    "AgreementReached",
    "AgreementSigned",
    "ArticleError",
    "ArticleIngested",
    "ArticleOutcome",
    "CatalogError",
    "ConcurrencyError",
    "ConfigurationError",
    "CounterProposalMade",
    "Derivation",
    "DuplicateEventError",
    "EventError",
    "EventMetadata",
    "EventRetracted",
    "Evidence",
    "Explanation",
    "FeatureFileError",
    "IngestReport",
    "InvalidPayloadError",
    "JointStudyProposed",
    "MeetingHeld",
    "NegotiationEvent",
    "NegotiationState",
    "NewEvent",
    "PositionStated",
    "ProjectionError",
    "ProposalAccepted",
    "ProposalMade",
    "ProposalRejected",
    "RecordedEvent",
    "ReplayStep",
    "RoundScheduled",
    "SchemaNotAtHeadError",
    "StoreError",
    "TalksStalled",
    "TerminationClauseCited",
    "Timeline",
    "TimelineError",
    "TradeFigureReported",
    "UnknownEventTypeError",
    "UnknownFieldError",
    "UnknownNegotiationError",
    "WithdrawalThreatened",
    "WorldDate",
    "__version__",
    "open_timeline",
]
