"""The negotiation state's output models: frozen pydantic views, each citing its sources.

Every value an article did not state is the literal ``"unknown"``; nothing is guessed. Each
consolidated element carries the events (ids, positions), derivation rules and quotes that
produced it, so :func:`timeline.audit.explain` can answer from the state alone.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, TypeVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict, PrivateAttr

from timeline.domain.deferred import SLOT, Deferrable
from timeline.domain.model_slots import new_model as _new
from timeline.domain.model_slots import set_dict as _set_dict
from timeline.domain.model_slots import set_extra as _set_extra
from timeline.domain.model_slots import set_fields_set as _set_fields_set
from timeline.domain.model_slots import set_private as _set_private
from timeline.domain.values import WorldDateField

UNKNOWN: Literal["unknown"] = "unknown"
"""What the state says of anything no article states."""

NONE_SCHEDULED: Literal["none scheduled"] = "none scheduled"
"""The next meeting when an article says no date is set."""

Unknown = Literal["unknown"]

NOT_GIVEN: Literal["not given"] = "not given"
"""The notice date when the termination clause is known and nobody has invoked it."""

NOT_INVOKED: Literal["not invoked"] = "not invoked"
"""The earliest effective termination when the clause is known and nobody has invoked it."""

Support = Literal["confirmed", "corroborated", "confident", "reported"]
"""How well a fact is supported (see :mod:`timeline.domain.support`)."""

ProposalStatus = Literal["open", "rejected", "accepted", "countered", "withdrawn", "superseded"]
ProposalKind = Literal["proposal", "joint_study", "counter_proposal"]
FigureStatus = Literal["single_source", "confirmed", "corroborated", "disputed"]
NegotiationStatus = Literal[
    "unknown",
    "not_started",
    "negotiating",
    "stalled",
    "agreement_reached",
    "signed",
    "ratified",
    "in_force",
    "termination_notified",
    "terminated",
]


class _View(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


_Spec = tuple[set[str], dict[str, Any], frozenset[str], tuple[str, ...]]
_SPECS: dict[type[BaseModel], _Spec] = {}
"""Per view class: the ``fields_set`` all its views share, its template of every field (its
default, or None for a required one), its required fields and its field names in order."""


def _spec(model: type[BaseModel]) -> _Spec:
    template = {
        name: None if info.is_required() else info.get_default(call_default_factory=True)
        for name, info in model.model_fields.items()
    }
    required = frozenset(n for n, info in model.model_fields.items() if info.is_required())
    spec = _SPECS[model] = (set(model.model_fields), template, required, tuple(template))
    return spec


V = TypeVar("V", bound=BaseModel)


def trusted(model: type[V], **values: Any) -> V:
    """Build a view from values the fold already validated, without re-validating them.

    Does what ``model_construct`` does (the defaults of the fields not given, no
    validation), faster: the state of a large negotiation holds one view per fact and per
    source. All views of a class share one ``fields_set`` (every field counts as set, which
    only ``exclude_unset`` dumps read); field defaults of views are immutable, so shared.
    The ``__dict__`` keeps the declared field order, which serialisation follows: it is the
    class's template of every field (its default, or None for a required one) updated with
    ``values``. A required field left out, or a name the class does not declare, raises
    TypeError. Given every field in the declared order (as :func:`sources_of` gives a
    source's), ``values`` is the ``__dict__`` as it is, without the merge.
    """
    spec = _SPECS.get(model)
    if spec is None:
        spec = _spec(model)
    fields_set, template, required, names = spec
    if len(values) == len(names) and tuple(values) == names:
        data = values  # every field, in order: a fresh dict of the call's own
    else:
        data = {**template, **values}
        if len(data) != len(template) or not values.keys() >= required:
            unknown = sorted(values.keys() - template.keys())
            missing = sorted(required - values.keys())
            raise TypeError(f"{model.__name__}: unknown fields {unknown}, missing {missing}")
    instance = _new(model)
    _set_dict(instance, data)
    _set_fields_set(instance, fields_set)
    _set_extra(instance, None)
    _set_private(instance, None)
    return instance


def trusted_dict(model: type[V], data: dict[str, Any]) -> V:
    """:func:`trusted` given a fresh dict of every field of ``model`` in declared order (the
    caller's own, kept as the instance's ``__dict__``), without the keyword call: for the
    views built by the ten thousand (a large state's sources). The caller vouches for the
    fields' names and order; a test checks each caller's against the class."""
    spec = _SPECS.get(model)
    if spec is None:
        trusted(model, **data)
        spec = _SPECS[model]
    instance = _new(model)
    _set_dict(instance, data)
    _set_fields_set(instance, spec[0])
    _set_extra(instance, None)
    _set_private(instance, None)
    return instance


def shared_fields_set(model: type[BaseModel]) -> set[str]:
    """The ``fields_set`` every view of ``model`` built by :func:`trusted` shares, for the
    one loop that builds views by the ten thousand itself with the slot setters of
    :mod:`timeline.domain.model_slots` (:func:`timeline.domain.consolidation.sources_in`, a
    large state's sources: the call per view cost as much as the rest of it)."""
    spec = _SPECS.get(model)
    if spec is None:
        spec = _spec(model)
    return spec[0]


class Source(_View):
    """One report behind a value: the event, its article, the quote and the rule that fired.

    Invariant: ``quote`` is ``text[start:end]`` of article ``article_id``.
    """

    event_id: UUID
    position: int
    event_type: str
    article_id: str
    outlet: str | None = None
    wire: str | None = None
    origin: str
    quote: str
    start: int
    end: int
    rule_id: str
    confidence: float = 1.0
    reported_on: dt.date
    confirmed_by: str | None = None
    """The analyst whose confirmation of this event is the latest judgement of it."""


class Judgement(_View):
    """An analyst's latest judgement of one event of the negotiation.

    ``verdict`` ``rejected``: the event counts nowhere in the state; ``confirmed``: its facts
    are ``confirmed``. ``judged_at`` is when the store recorded the judgement, ``position``
    where. ``retracted`` is True when a re-derivation retracted the event since: the
    judgement stays in the log, about an event that no longer counts anyway.
    """

    event_id: UUID
    verdict: Literal["rejected", "confirmed"]
    analyst: str
    reason: str | None = None
    judged_at: dt.datetime
    position: int
    event_type: str
    article_id: str
    quote: str
    retracted: bool = False


class Fact(_View):
    """One world event as consolidated from every article that reports it.

    Invariant: ``sources`` is non-empty and ordered by position; ``fact_id`` derives from the
    first source's event id; ``independent_sources`` counts distinct origins (wire, else
    outlet, else article), so two copies of one wire story count once; ``confidence`` is the
    highest confidence among the rules that derived its reports, and ``support`` grades the
    two together (:func:`timeline.domain.support.grade`).
    """

    fact_id: str
    type: str
    actor: str | None = None
    target: str | None = None
    subject: str
    date: WorldDateField | None = None
    precision: Literal["day", "month", "year"] | None = None
    polarity: str = "positive"
    modality: str = "asserted"
    sources: tuple[Source, ...]
    independent_sources: int
    confidence: float = 1.0
    support: Support = "confident"
    merge_rules: tuple[str, ...] = ()


def fact_tiebreak(fact: Fact) -> tuple[str, UUID]:
    """Orders facts of equal dates the same whatever the store order: by fact id, then by
    the least event id among its reports (fact ids are prefixes and may collide)."""
    return (fact.fact_id, min(source.event_id for source in fact.sources))


class DateRange(_View):
    """The days between ``earliest`` and ``latest`` (both included): a date known to a span.

    Invariant: ``earliest <= latest``; equal when the day is known.
    """

    earliest: dt.date
    latest: dt.date


class FieldDispute(_View):
    """Two or more sources giving different values for the same field: each value (typed
    as the field is, e.g. a notice period in days) with the sources that give it."""

    field: str
    values: tuple[tuple[int | str, tuple[Source, ...]], ...]


class DatedReport(_View):
    """One date some sources give for a milestone, the fact that carries it and its sources."""

    date: WorldDateField
    fact_id: str
    sources: tuple[Source, ...]
    independent_sources: int


class DateDispute(_View):
    """Sources that give different dates for what is likely the same milestone.

    Invariant: ``dates`` holds two or more facts of the same type and parties whose dates do
    not overlap but lie within ``DATE_DISPUTE_WINDOW`` days of each other (see
    :mod:`timeline.domain.milestones`); each date keeps its own quotes.
    """

    field: str
    type: str
    parties: str | None = None
    dates: tuple[DatedReport, ...]


class Agreement(Deferrable, _View):
    """The agreement's milestones, each a date with precision or ``unknown``.

    A milestone whose sources disagree on its date is listed in ``disputes`` with every date
    side by side; the field then holds the earliest of them.
    """

    __slots__ = (SLOT,)

    in_force_since: WorldDateField | Unknown = UNKNOWN
    in_force_precision: Literal["day", "month", "year"] | None = None
    signed_on: WorldDateField | Unknown = UNKNOWN
    reached_on: WorldDateField | Unknown = UNKNOWN
    ratified_by: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    disputes: tuple[DateDispute, ...] = ()


class TerminationClause(Deferrable, _View):
    """The agreement's exit provision as the articles describe it.

    Invariant: ``earliest_effective`` is the span of days ``notice_given_on + notice_days``
    can mean (one day when the notice's day is known, a month's worth when only its month
    is) when both are known, ``not invoked`` when the clause is known and not invoked, else
    ``unknown``. ``notice_support`` says how well the notice is supported (None when no
    notice is reported) and ``notice_sources`` are the reports of the notice alone.
    """

    __slots__ = (SLOT,)

    invocable_by: str = UNKNOWN
    notice_days: int | Unknown = UNKNOWN
    invoked: bool | Unknown = UNKNOWN
    notice_given_on: WorldDateField | Literal["unknown", "not given"] = UNKNOWN
    earliest_effective: DateRange | Literal["unknown", "not invoked"] = UNKNOWN
    notice_support: Support | None = None
    notice_confidence: float | None = None
    notice_independent_sources: int = 0
    notice_sources: tuple[Source, ...] = ()
    sources: tuple[Source, ...] = ()
    disputes: tuple[FieldDispute, ...] = ()


class Proposal(_View):
    """A proposal and its lifecycle.

    Invariant: ``status`` is ``open`` exactly when no answer was linked; ``link_rule`` says
    how the answer was linked (``explicit``, ``matching-subject``, ``only-open-proposal``).
    """

    id: str
    kind: ProposalKind
    proposer: str | None
    addressee: str | None
    subject: str
    terms: str | None = None
    made_on: WorldDateField | Unknown = UNKNOWN
    status: ProposalStatus = "open"
    answered_by: str | None = None
    answered_on: WorldDateField | Unknown | None = None
    link_rule: str | None = None
    link_reason: str | None = None
    answer_fact: str | None = None
    in_answer_to: str | None = None
    implied_by: str | None = None
    sources: tuple[Source, ...]
    answer_sources: tuple[Source, ...] = ()
    independent_sources: int
    history: tuple[str, ...] = ()


class Meeting(_View):
    """A meeting held or scheduled.

    ``date`` is the meeting's own date: when it was held, or when it is to be held (None
    when a schedule names no date). ``stated_on`` is, for a scheduled meeting, the day the
    schedule was stated (None for a meeting held).
    """

    fact_id: str
    date: WorldDateField | None
    stated_on: WorldDateField | None = None
    location: str | None = None
    subject: str
    parties: str | None = None
    sources: tuple[Source, ...]
    independent_sources: int


class NextMeeting(_View):
    """The next meeting: a date, ``none scheduled`` or ``unknown``, and the rule that chose it."""

    value: WorldDateField | Literal["unknown", "none scheduled"] = UNKNOWN
    rule: str = "no article states a next meeting"
    stated_on: WorldDateField | None = None
    sources: tuple[Source, ...] = ()


class Position(_View):
    """A party's stated stance, dated, with its quotes."""

    fact_id: str
    party: str
    date: WorldDateField | None
    subject: str
    quotes: tuple[str, ...]
    sources: tuple[Source, ...]
    independent_sources: int


class FigureValue(_View):
    """One value given for a figure, whose figure it is, and who reports it."""

    value: float
    unit: str
    whose: str | None = None
    derived_from: str | None = None
    sources: tuple[Source, ...]
    independent_sources: int


class Figure(_View):
    """A measure for a period (and economy/partner) with every source's value.

    Invariant: ``status`` is ``disputed`` exactly when ``values`` holds two or more distinct
    (value, unit, whose) entries whose value or unit differ.
    """

    key: str
    measure: str
    period: WorldDateField
    period_rule: str
    economy: str | None = None
    partner: str | None = None
    status: FigureStatus
    values: tuple[FigureValue, ...]


class StatusReason(_View):
    """One condition that made the status rule fire, with the facts behind it.

    ``key`` names the condition stably (``rejected:p-...``, ``no-next-meeting``) for diffs.
    """

    key: str
    text: str
    fact_ids: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    support: Support | None = None
    independent_sources: int = 0
    confidence: float | None = None


class Status(Deferrable, _View):
    """The negotiation's status, the documented rule that produced it and its reasons.

    ``reported`` lists the facts that would have changed the status but are not established
    (one independent origin and a rule below the confidence threshold): shown with their
    quotes, never silently counted. ``support`` is the weakest support among the facts the
    deciding rule rests on (None when it rests on none, e.g. ``unknown``).
    """

    __slots__ = (SLOT,)

    value: NegotiationStatus = "unknown"
    rule: str = "S0 no negotiation facts"
    reference_date: dt.date | None = None
    reasons: tuple[StatusReason, ...] = ()
    support: Support | None = None
    reported: tuple[StatusReason, ...] = ()


class DateNote(_View):
    """An event counted from the first day of its period because it is known only roughly."""

    fact_id: str
    type: str
    date: WorldDateField
    counted_from: dt.date


class NegotiationState(Deferrable, _View):
    """The state of one negotiation, as of a world date, as known at a store position.

    Invariants: every list is in world-date then position order; every sourced element
    names its events; ``applied_position`` is the highest store position folded in.
    ``judgements`` (keyed by the judged event's id) holds every analyst judgement in force;
    no rejected event is behind any other field.
    The private fold (if present) lets :func:`timeline.domain.state.evolve` continue from
    this state; a state read back from JSON has none.
    """

    __slots__ = (SLOT,)

    negotiation: str
    as_of: dt.date | None = None
    applied_position: int = 0
    events_applied: int = 0
    parties: tuple[str, ...] = ()
    agreement: Agreement = Agreement.model_construct()
    termination_clause: TerminationClause = TerminationClause.model_construct()
    withdrawal_threats: tuple[Fact, ...] = ()
    proposals: dict[str, Proposal] = {}
    unlinked_answers: tuple[Fact, ...] = ()
    meetings_held: tuple[Meeting, ...] = ()
    meetings_scheduled: tuple[Meeting, ...] = ()
    next_meeting: NextMeeting = NextMeeting.model_construct()
    positions: dict[str, tuple[Position, ...]] = {}
    figures: dict[str, Figure] = {}
    stalls: tuple[Fact, ...] = ()
    status: Status = Status.model_construct()
    date_notes: tuple[DateNote, ...] = ()
    retracted: tuple[UUID, ...] = ()
    judgements: dict[str, Judgement] = {}

    _fold: Any = PrivateAttr(default=None)


def trusted_state(data: dict[str, Any]) -> NegotiationState:
    """:func:`trusted_dict` of a :class:`NegotiationState` (every field in declared order),
    its private attributes at their defaults as validation leaves them (``_fold`` None):
    rendering builds the state from its own views without validating them again
    (validation went through every view of a large state, and the first in a process
    built the schema of every view class first)."""
    state = trusted_dict(NegotiationState, data)
    _set_private(
        state,
        {
            name: attribute.get_default()
            for name, attribute in NegotiationState.__private_attributes__.items()
        },
    )
    return state
