"""timeline: an event-sourced model of how a negotiation unfolds, derived from the news.

The public face: the :class:`Timeline` facade, the event classes, the state model and the
error tree. Everything else is an implementation detail that may change.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    __version__: str
    from timeline.app import ArticleOutcome, IngestReport, RecordOutcome, Timeline
    from timeline.audit import Explanation, ReplayStep
    from timeline.domain.envelope import EventMetadata, NewEvent, RecordedEvent
    from timeline.domain.events import (
        AgreementInForce,
        AgreementRatified,
        AgreementReached,
        AgreementSigned,
        ArticleIngested,
        ArticleRederived,
        CounterProposalMade,
        EventConfirmed,
        EventRejected,
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
        EventFileError,
        FeatureFileError,
        InvalidPayloadError,
        JudgementError,
        ProjectionError,
        SchemaNotAtHeadError,
        StoreError,
        TimelineError,
        UnknownEventTypeError,
        UnknownFieldError,
        UnknownNegotiationError,
    )


_HOMES = {
    "timeline.app": ("ArticleOutcome", "IngestReport", "RecordOutcome", "Timeline"),
    "timeline.audit": ("Explanation", "ReplayStep"),
    "timeline.domain.envelope": ("EventMetadata", "NewEvent", "RecordedEvent"),
    "timeline.domain.events": (
        "AgreementInForce",
        "AgreementRatified",
        "AgreementReached",
        "AgreementSigned",
        "ArticleIngested",
        "ArticleRederived",
        "CounterProposalMade",
        "EventConfirmed",
        "EventRejected",
        "EventRetracted",
        "JointStudyProposed",
        "MeetingHeld",
        "NegotiationEvent",
        "PositionStated",
        "ProposalAccepted",
        "ProposalMade",
        "ProposalRejected",
        "RoundScheduled",
        "TalksStalled",
        "TerminationClauseCited",
        "TradeFigureReported",
        "WithdrawalThreatened",
    ),
    "timeline.domain.values": ("Derivation", "Evidence", "WorldDate"),
    "timeline.domain.views": ("NegotiationState",),
    "timeline.errors": (
        "ArticleError",
        "CatalogError",
        "ConcurrencyError",
        "ConfigurationError",
        "DuplicateEventError",
        "EventError",
        "EventFileError",
        "FeatureFileError",
        "InvalidPayloadError",
        "JudgementError",
        "ProjectionError",
        "SchemaNotAtHeadError",
        "StoreError",
        "TimelineError",
        "UnknownEventTypeError",
        "UnknownFieldError",
        "UnknownNegotiationError",
    ),
}
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names}


def __getattr__(name: str) -> Any:
    """Import public names on first use, so `import timeline.store` stays light (no spaCy).

    ``__version__`` too: reading the installed metadata costs `timeline --help` a tenth of
    a second.
    """
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("timeline")
        except PackageNotFoundError:  # running from a checkout that is not installed
            found = "0.0.0"
        globals()[name] = found
        return found
    module = _HOME_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'timeline' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def open_timeline(url: str | None = None, *, upgrade: bool = False) -> Timeline:
    """Open the timeline at ``url`` (default ``./timeline.db``); see :meth:`Timeline.open`."""
    from timeline.app import Timeline

    return Timeline.open(url, upgrade=upgrade)


__all__ = [
    "AgreementInForce",
    "AgreementRatified",
    "AgreementReached",
    "AgreementSigned",
    "ArticleError",
    "ArticleIngested",
    "ArticleOutcome",
    "ArticleRederived",
    "CatalogError",
    "ConcurrencyError",
    "ConfigurationError",
    "CounterProposalMade",
    "Derivation",
    "DuplicateEventError",
    "EventConfirmed",
    "EventError",
    "EventFileError",
    "EventMetadata",
    "EventRejected",
    "EventRetracted",
    "Evidence",
    "Explanation",
    "FeatureFileError",
    "IngestReport",
    "InvalidPayloadError",
    "JointStudyProposed",
    "JudgementError",
    "MeetingHeld",
    "NegotiationEvent",
    "NegotiationState",
    "NewEvent",
    "PositionStated",
    "ProjectionError",
    "ProposalAccepted",
    "ProposalMade",
    "ProposalRejected",
    "RecordOutcome",
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
