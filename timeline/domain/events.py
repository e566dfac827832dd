"""Domain events: immutable, past-tense facts as one article states them.

Every negotiation event carries its evidence (article id, span, quote), its actors, its world
date with precision and how it was derived. Three clocks stay apart: ``occurred`` (the world),
``reported_on`` (the article's publication day) and the store's ``recorded_at`` (on the
envelope, see :mod:`timeline.domain.envelope`).

Each class declares a stable ``type`` name and a ``schema_version``; when a payload changes,
bump the version and register an upcaster in :mod:`timeline.store.codec`.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, ClassVar, Literal
from uuid import UUID

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from timeline.domain.measures import canonical_measure
from timeline.domain.values import (
    Derivation,
    Evidence,
    Modality,
    Parties,
    Polarity,
    Precision,
    WorldDateField,
)

UNASSIGNED = "unassigned"
"""The negotiation of events from an article that names no known negotiation."""


class DomainEvent(BaseModel):
    """Base of every event: frozen, no extra fields, a stable type name and schema version."""

    # JSON decoding caches the keys only: values (quotes, subjects) rarely repeat, and
    # looking them up costs more than it saves (5 % of validating a stored payload).
    model_config = ConfigDict(frozen=True, extra="forbid", cache_strings="keys")

    schema_version: ClassVar[int] = 1
    type: str


class NegotiationEvent(DomainEvent):
    """An event a sentence of an article states about a negotiation.

    Invariant: at least one evidence item; every quote is ``text[start:end]`` of its article.
    """

    negotiation: str
    actor: Parties | None = None
    target: Parties | None = None
    subject: str
    occurred: WorldDateField | None = None
    occurred_until: WorldDateField | None = None
    reported_on: date
    polarity: Polarity = "positive"
    modality: Modality = "asserted"
    evidence: tuple[Evidence, ...] = Field(min_length=1)
    derivation: Derivation


class ProposalMade(NegotiationEvent):
    """A party put forward a demand, request or proposal to its counterpart."""

    type: Literal["proposal_made"] = "proposal_made"
    terms: str | None = None


class ProposalRejected(NegotiationEvent):
    """The addressee refused or opposed a proposal; ``answers`` names it when the text does."""

    type: Literal["proposal_rejected"] = "proposal_rejected"
    answers: str | None = None


class ProposalAccepted(NegotiationEvent):
    """One party agreed to the other's proposal."""

    type: Literal["proposal_accepted"] = "proposal_accepted"
    answers: str | None = None


class CounterProposalMade(NegotiationEvent):
    """An alternative offered in answer to the other side's proposal."""

    type: Literal["counter_proposal_made"] = "counter_proposal_made"
    terms: str | None = None
    answers: str | None = None


class JointStudyProposed(NegotiationEvent):
    """A proposal for a joint study or review of effects."""

    type: Literal["joint_study_proposed"] = "joint_study_proposed"
    terms: str | None = None
    answers: str | None = None


class TerminationClauseCited(NegotiationEvent):
    """An existing exit or termination provision described, with its notice period.

    ``invocable_by`` is ``"any"`` when either party may invoke it, or a party code.
    """

    type: Literal["termination_clause_cited"] = "termination_clause_cited"
    invocable_by: str | None = None
    notice_days: int | None = Field(default=None, ge=0)
    invoked: bool = False


class WithdrawalThreatened(NegotiationEvent):
    """A party threatened, prepared or considered leaving or terminating the agreement."""

    type: Literal["withdrawal_threatened"] = "withdrawal_threatened"


class MeetingHeld(NegotiationEvent):
    """A negotiating meeting, round, session or summit took place or started."""

    type: Literal["meeting_held"] = "meeting_held"
    location: str | None = None


class RoundScheduled(NegotiationEvent):
    """A future meeting was set; negative polarity when the text says none is set."""

    type: Literal["round_scheduled"] = "round_scheduled"
    scheduled_for: WorldDateField | None = None
    location: str | None = None


class AgreementReached(NegotiationEvent):
    """The parties concluded a deal, a deal in principle or a truce."""

    type: Literal["agreement_reached"] = "agreement_reached"


class AgreementSigned(NegotiationEvent):
    """A formal signature."""

    type: Literal["agreement_signed"] = "agreement_signed"


class AgreementRatified(NegotiationEvent):
    """A party completed a domestic approval step for a concluded agreement."""

    type: Literal["agreement_ratified"] = "agreement_ratified"


class AgreementInForce(NegotiationEvent):
    """The agreement or its amendment took effect."""

    type: Literal["agreement_in_force"] = "agreement_in_force"


class PositionStated(NegotiationEvent):
    """A negotiating party stated its stance or assessment."""

    type: Literal["position_stated"] = "position_stated"


class TradeFigureReported(NegotiationEvent):
    """A number on trade flows, balances or volumes, or a trading-partner rank.

    ``actor`` is whose figure it is (None when unattributed); ``economy`` is the party whose
    balance or rank is measured and ``partner`` the other side; ``derived_from`` explains a
    value computed from the text (e.g. a figure given as a difference from another).
    ``measure`` is canonical (:func:`~timeline.domain.measures.canonical_measure`): another
    name of it, in a new event or a stored one, is read as the canonical one.
    """

    type: Literal["trade_figure_reported"] = "trade_figure_reported"
    measure: Annotated[str, AfterValidator(canonical_measure)]
    value: float = Field(allow_inf_nan=False)
    unit: str
    period: WorldDateField | None = None
    economy: Parties | None = None
    partner: Parties | None = None
    derived_from: str | None = None


class TalksStalled(NegotiationEvent):
    """The talks ended without agreement or reached an impasse."""

    type: Literal["talks_stalled"] = "talks_stalled"


class ArticleIngested(DomainEvent):
    """An article entered the store: its metadata, full text and SHA-256, and what it was
    derived with.

    Invariant: ``sha256`` is the hex digest of ``text`` encoded as UTF-8. ``published`` is
    the first day of the publication date as known, to ``published_precision``.
    ``negotiation_hint`` is the front matter's ``negotiation`` as written; ``negotiation``
    (with ``negotiation_name`` and ``negotiation_parties``) is what the derivation made of
    it. ``rules`` and ``catalog`` identify the knowledge the events were derived with (None
    in version 1 rows, which did not record them).

    Version 2 added ``published_precision``, ``negotiation_hint``, ``negotiation_name``,
    ``negotiation_parties``, ``rules`` and ``catalog``. Version 3 dropped ``source_path``:
    the path a file was read from is a fact of one run, not of the article, and two runs
    over the same files spelled differently (absolute, relative) must store the same event.
    """

    schema_version: ClassVar[int] = 3
    type: Literal["article_ingested"] = "article_ingested"
    article_id: str
    published: date
    published_precision: Precision = "day"
    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    wire: str | None = None
    negotiation: str
    negotiations: tuple[str, ...] = ()
    negotiation_hint: str | None = None
    negotiation_name: str | None = None
    negotiation_parties: tuple[str, ...] = ()
    text: str
    sha256: str
    extractor_version: str
    rules: str | None = None
    catalog: str | None = None


class ArticleRederived(DomainEvent):
    """An ingested article was derived again because the extractor, its rules or the
    catalog changed; the events appended and retracted with it are caused by this one.

    ``negotiation`` (with its name and parties) is the article's negotiation from now on;
    ``because`` names what changed: ``extractor``, ``rules``, ``catalog``.
    """

    type: Literal["article_rederived"] = "article_rederived"
    article_id: str
    negotiation: str
    negotiations: tuple[str, ...] = ()
    negotiation_name: str | None = None
    negotiation_parties: tuple[str, ...] = ()
    extractor_version: str
    rules: str | None = None
    catalog: str | None = None
    previous_extractor_version: str
    previous_rules: str | None = None
    previous_catalog: str | None = None
    because: tuple[Literal["extractor", "rules", "catalog"], ...]
    appended: int = Field(ge=0)
    retracted: int = Field(ge=0)


class EventRetracted(DomainEvent):
    """A derivation with a newer extractor, other rules or another catalog no longer derives
    an earlier event; the event stays in the store and ``reason`` says what changed."""

    type: Literal["event_retracted"] = "event_retracted"
    retracted_event_id: UUID
    negotiation: str
    article_id: str
    reason: str
    extractor_version: str


class EventJudged(DomainEvent):
    """Base of an analyst's judgement of one stored negotiation event.

    ``judged_event_id`` is the event judged; ``negotiation`` is that event's (so the
    judgement is filed with it), ``article_id``, ``event_type`` and ``quote`` say what was
    judged without reading it back. ``analyst`` is who judged; when is the envelope's
    ``recorded_at`` (the store's clock); ``reason`` is why. The latest judgement of an event
    decides (see :mod:`timeline.domain.fold`).
    """

    judged_event_id: UUID
    negotiation: str
    article_id: str
    event_type: str
    quote: str
    analyst: str = Field(min_length=1)
    reason: str | None = None


class EventRejected(EventJudged):
    """An analyst judged a stored event wrong: it no longer counts anywhere in the state.

    Invariant: ``reason`` is given (a rejection says why).
    """

    type: Literal["event_rejected"] = "event_rejected"
    reason: str = Field(min_length=1)


class EventConfirmed(EventJudged):
    """An analyst checked a stored event against its quote and vouches for it: its facts are
    ``confirmed`` (see :mod:`timeline.domain.support`), and a rejection before it is undone."""

    type: Literal["event_confirmed"] = "event_confirmed"


NegotiationEventUnion = (
    ProposalMade
    | ProposalRejected
    | ProposalAccepted
    | CounterProposalMade
    | JointStudyProposed
    | TerminationClauseCited
    | WithdrawalThreatened
    | MeetingHeld
    | RoundScheduled
    | AgreementReached
    | AgreementSigned
    | AgreementRatified
    | AgreementInForce
    | PositionStated
    | TradeFigureReported
    | TalksStalled
)

Event = Annotated[
    NegotiationEventUnion
    | ArticleIngested
    | ArticleRederived
    | EventRetracted
    | EventRejected
    | EventConfirmed,
    Field(discriminator="type"),
]
"""Any event the store holds, discriminated by its ``type`` name."""

EVENT_MODELS: dict[str, type[DomainEvent]] = {
    model.model_fields["type"].default: model
    for model in (
        ProposalMade,
        ProposalRejected,
        ProposalAccepted,
        CounterProposalMade,
        JointStudyProposed,
        TerminationClauseCited,
        WithdrawalThreatened,
        MeetingHeld,
        RoundScheduled,
        AgreementReached,
        AgreementSigned,
        AgreementRatified,
        AgreementInForce,
        PositionStated,
        TradeFigureReported,
        TalksStalled,
        ArticleIngested,
        ArticleRederived,
        EventRetracted,
        EventRejected,
        EventConfirmed,
    )
}
"""Type name -> model, for every event type."""

NEGOTIATION_EVENT_TYPES: frozenset[str] = frozenset(
    name for name, model in EVENT_MODELS.items() if issubclass(model, NegotiationEvent)
)
"""The type names of events derived from article sentences."""
