"""The audit trail: replay a negotiation event by event with readable state changes, explain
any state field down to the events, rules and quotes that produced it (and the events an
analyst rejected from it), and review what was derived from one article."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, PrivateAttr

from timeline.domain.consolidation import MILESTONES
from timeline.domain.envelope import RecordedEvent
from timeline.domain.events import (
    ArticleIngested,
    ArticleRederived,
    DomainEvent,
    EventConfirmed,
    EventJudged,
    EventRejected,
    EventRetracted,
    NegotiationEvent,
)
from timeline.domain.fold import PROJECTION, ArticleInfo, FiledJudgement, NegotiationFold
from timeline.domain.proposals import LIFECYCLE_TYPES
from timeline.domain.render import render
from timeline.domain.support import CONFIDENT, CORROBORATING_ORIGINS
from timeline.domain.values import Evidence, Precision, WorldDate, WorldDateField, parties_code
from timeline.domain.views import (
    DateDispute,
    Fact,
    Judgement,
    NegotiationState,
    Source,
    StatusReason,
    Support,
    trusted_dict,
)
from timeline.errors import ProjectionError, UnknownFieldError
from timeline.incremental import JsonValue, LiveRender
from timeline.incremental import flat as flat_state


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Change(_Model):
    """One state field that an event changed: its path, value before and after."""

    path: str
    before: JsonValue = None
    after: JsonValue = None

    @property
    def text(self) -> str:
        if self.before is None:
            return f"+ {self.path} = {_short(self.after)}"
        if self.after is None:
            return f"- {self.path} (was {_short(self.before)})"
        return f"~ {self.path}: {_short(self.before)} -> {_short(self.after)}"


class ReplayStep(_Model):
    """One event of the negotiation, in store order, with what it changed and its evidence."""

    position: int
    event_id: UUID
    type: str
    recorded_at: datetime
    occurred: WorldDateField | None = None
    reported_on: date | None = None
    rule_id: str | None = None
    summary: str
    evidence: tuple[Evidence, ...] = ()
    changes: tuple[Change, ...] = ()

    _state_at: Callable[[], NegotiationState] | None = PrivateAttr(default=None)

    @property
    def state(self) -> NegotiationState | None:
        """The state after this event, rendered when asked (None for a step read back from
        JSON)."""
        return self._state_at() if self._state_at is not None else None

    @property
    def diff(self) -> str:
        """The changes as readable lines (``+`` added, ``-`` removed, ``~`` changed)."""
        return "\n".join(change.text for change in self.changes) or "(no visible change)"


class EventRef(_Model):
    """An event behind a value: id, store position, type and article."""

    event_id: UUID
    position: int
    type: str
    article_id: str


class Explanation(_Model):
    """Why a field has its value: the rules applied, the events and their quotes.

    ``rejected`` lists the events of the kinds this field is built from that an analyst
    rejected: set aside, they are behind nothing, but the explanation shows them (who, when,
    why) so a value that changed after a rejection is accounted for.
    """

    field: str
    value: JsonValue = None
    rules: tuple[str, ...] = ()
    events: tuple[EventRef, ...] = ()
    quotes: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    rejected: tuple[Judgement, ...] = ()


def _short(value: JsonValue, limit: int = 90) -> str:
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


# ---------------------------------------------------------------- replay


def flat(state: NegotiationState) -> dict[str, JsonValue]:
    """The state as ``path -> value`` pairs (source lists summarised), for diffs."""
    return flat_state(state)


def diff(before: dict[str, JsonValue], after: dict[str, JsonValue]) -> tuple[Change, ...]:
    """The fields added, removed or changed between two flattened states."""
    changes = []
    for path in sorted(before.keys() | after.keys()):
        old, new = before.get(path), after.get(path)
        if old != new:
            changes.append(Change(path=path, before=old, after=new))
    return tuple(changes)


def _summary(event: DomainEvent) -> str:
    if isinstance(event, NegotiationEvent):
        fields = event.__dict__  # read once (a model's attributes cost more to read)
        actor = "+".join(fields["actor"]) if fields["actor"] else "-"
        target = "+".join(fields["target"]) if fields["target"] else "-"
        polarity = " (negative)" if fields["polarity"] == "negative" else ""
        return f"{fields['type']}{polarity} {actor} -> {target}: {fields['subject']}"
    if isinstance(event, ArticleIngested):
        wire = f", wire {event.wire}" if event.wire else ""
        return f"article {event.article_id} ({event.outlet or 'unknown outlet'}{wire})"
    if isinstance(event, EventRetracted):
        return f"retracted {event.retracted_event_id}: {event.reason}"
    if isinstance(event, ArticleRederived):
        return rederivation_summary(event)
    if isinstance(event, EventJudged):
        return judgement_summary(event)
    return event.type


def judgement_summary(event: EventJudged) -> str:
    """One line saying who judged which event, and why."""
    verdict = "rejected" if isinstance(event, EventRejected) else "confirmed"
    why = f": {event.reason}" if event.reason else ""
    return (
        f"{event.analyst} {verdict} {event.event_type} {event.judged_event_id} "
        f"(«{event.quote}», {event.article_id}){why}"
    )


def rederivation_summary(event: ArticleRederived) -> str:
    """One line saying why an article was derived again and what it changed."""
    changes = []
    if "extractor" in event.because:
        changes.append(f"extractor {event.previous_extractor_version} -> {event.extractor_version}")
    if "rules" in event.because:
        changes.append(f"rules {event.previous_rules or 'unknown'} -> {event.rules}")
    if "catalog" in event.because:
        changes.append(f"catalog {event.previous_catalog or 'unknown'} -> {event.catalog}")
    return (
        f"article {event.article_id} derived again ({'; '.join(changes)}): "
        f"{event.appended} new, {event.retracted} retracted, filed under {event.negotiation}"
    )


def replay(
    events: Iterable[RecordedEvent],
    negotiation: str,
    *,
    as_of: date | None = None,
    articles: Mapping[str, ArticleInfo] | None = None,
    from_position: int = 0,
    limit: int | None = None,
) -> Iterator[ReplayStep]:
    """Each event of ``negotiation`` in store order with the state change it caused.

    The same fold as the negotiation's state (:class:`NegotiationFold`, starting from
    ``articles``: the articles of other negotiations the events cite), kept rendered event
    by event (:class:`timeline.incremental.LiveRender`): a step costs about what its event
    changed, and steps are produced as the events are read (``events`` may be a stream).
    ``from_position`` starts the steps at that store position (earlier events are folded,
    not shown); ``limit`` stops after that many steps. A step's ``state`` is rendered when
    asked: the last step's is the state of all the events. Raises ProjectionError on an
    event type the fold does not know.
    """
    with _older_objects_frozen() as frozen:
        yield from _steps(events, negotiation, as_of, articles, from_position, limit, frozen)


def _steps(
    events: Iterable[RecordedEvent],
    negotiation: str,
    as_of: date | None,
    articles: Mapping[str, ArticleInfo] | None,
    from_position: int,
    limit: int | None,
    refreeze: bool = False,
) -> Iterator[ReplayStep]:
    live = LiveRender(negotiation, as_of=as_of, articles=articles)
    prefix = events if isinstance(events, Sequence) else None
    shown = 0
    for recorded in events:
        if limit is not None and shown >= limit:
            return
        if refreeze and live.seen % REFREEZE_EVERY == REFREEZE_EVERY - 1:
            gc.freeze()  # see _older_objects_frozen()
        if not live.apply(recorded):
            continue
        envelope = recorded.__dict__  # read once (a model's attributes cost more to read)
        if envelope["position"] < from_position:
            live.take_changes()
            continue
        # the changes are the live state's own JSON values: built without validating them,
        # every field given in order (trusted_dict(); a test checks the order against the
        # class)
        changes = tuple(
            [
                trusted_dict(Change, {"path": path, "before": before, "after": after})
                for path, before, after in live.take_changes()
            ]
        )
        shown += 1
        event = envelope["event"]
        # every field comes from an event the store validated, given in the declared order
        # (trusted_dict(); a test checks the order against the class)
        fields: dict[str, Any] = {
            "position": envelope["position"],
            "event_id": envelope["event_id"],
            "type": event.type,
            "recorded_at": envelope["recorded_at"],
            "occurred": None,
            "reported_on": None,
            "rule_id": None,
            "summary": _summary(event),
            "evidence": (),
            "changes": changes,
        }
        if isinstance(event, NegotiationEvent):
            own = event.__dict__
            fields["occurred"] = own["occurred"]
            fields["reported_on"] = own["reported_on"]
            fields["rule_id"] = own["derivation"].rule_id
            fields["evidence"] = own["evidence"]
        elif isinstance(event, ArticleIngested):
            fields["reported_on"] = event.published
        step = trusted_dict(ReplayStep, fields)
        object.__setattr__(
            step, "__pydantic_private__", {"_state_at": _StateAt(live, live.seen, prefix, articles)}
        )
        yield step


REFREEZE_EVERY = 256
"""How many events a replay applies between two freezes of what it made (see
:func:`_older_objects_frozen`)."""
YOUNG_THRESHOLD = 100_000
"""The young generation's collection threshold while a replay runs (at least; see
:func:`_older_objects_frozen`): more than a replay allocates between two freezes."""


@contextmanager
def _older_objects_frozen() -> Iterator[bool]:
    """Keep the objects that exist when a replay starts (the events it reads, mostly) out of
    the cyclic garbage collector's full collections while it runs (``gc.freeze()``), so
    those scan only what the replay made: a replay's state keeps growing, so full
    collections come every so often, and each would otherwise rescan every event of the
    negotiation (about a tenth of a replay of 10,000 events). Objects made during the
    replay are frozen too, every ``REFREEZE_EVERY`` events (yields True: the replay is to
    do so), so that the collections of the younger generations do not rescan the state it
    keeps either: what a replay makes lives as long as it, or dies by its count of
    references (it makes no cyclic garbage; objects a caller makes between steps wait for
    the end likewise). For the same reason the young generation is collected only after
    ``YOUNG_THRESHOLD`` allocations (a freeze starts its count again): a young collection,
    every 700 allocations by default, would scan only the step under way (about 3 % of a
    replay of 10,000 events went to those scans). Every object frozen is handed back
    (``gc.unfreeze()``), and the thresholds restored, when it ends or is closed. A process
    that froze objects itself, or paused the collector, is left alone (yields False)."""
    if gc.get_freeze_count() or not gc.isenabled():
        yield False
        return
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(thresholds[0], YOUNG_THRESHOLD), *thresholds[1:])
    try:
        yield True
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


class _StateAt:
    """Renders the state after one replay step: from the replay's running fold while no
    later event was applied, else by folding the events up to the step again (possible
    when the replay was given a sequence, not a stream)."""

    __slots__ = ("_articles", "_events", "_live", "_seen")

    def __init__(
        self,
        live: LiveRender,
        seen: int,
        events: Sequence[RecordedEvent] | None,
        articles: Mapping[str, ArticleInfo] | None,
    ) -> None:
        self._live = live
        self._seen = seen
        self._events = events
        self._articles = articles

    def __eq__(self, other: object) -> bool:
        """Two steps' states are equal when they render equal (as when steps kept them)."""
        if not isinstance(other, _StateAt):
            return NotImplemented
        return self is other or self() == other()

    __hash__ = None  # type: ignore[assignment]

    def __call__(self) -> NegotiationState:
        live = self._live
        if live.seen == self._seen:
            return live.state()
        if self._events is None:
            raise ProjectionError(
                PROJECTION,
                "the state of an earlier step of a streamed replay is gone; "
                "replay the events as a sequence to keep every step's state",
            )
        fold = NegotiationFold(
            live.fold.negotiation, dict(self._articles or {}), words=live.fold.words
        )
        for recorded in self._events[: self._seen]:
            fold.apply(recorded)
        return render(fold, live.as_of)


# ---------------------------------------------------------------- explain


def _explanation(
    field: str, value: JsonValue, rules: Iterable[str], sources: Iterable[Source]
) -> Explanation:
    sources = tuple(sources)
    seen: dict[UUID, EventRef] = {}
    for source in sources:
        seen.setdefault(
            source.event_id,
            EventRef(
                event_id=source.event_id,
                position=source.position,
                type=source.event_type,
                article_id=source.article_id,
            ),
        )
    return Explanation(
        field=field,
        value=value,
        rules=tuple(rules),
        events=tuple(sorted(seen.values(), key=lambda ref: ref.position)),
        quotes=tuple(dict.fromkeys(source.quote for source in sources)),
        sources=sources,
    )


_LISTED_APART = frozenset({"sources", "answer_sources", "notice_sources"})
"""Fields ``explain`` lists with their quotes in a table of their own, not in the value."""

NOT_APPLICABLE = {"meetings_held": frozenset({"stated_on"})}
"""Fields that a collection's items never have (a meeting held was not scheduled: it has no
day its schedule was stated): left out of their value, where they would read ``unknown``."""


def _json(value: Any, *, without: frozenset[str] = frozenset()) -> JsonValue:
    if isinstance(value, WorldDate):  # as the state's JSON writes it: 2012, 2017-08, 2017-08-22
        return str(value)
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude=set(_LISTED_APART | without))
    if isinstance(value, tuple):
        return [_json(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def _fact_rules(fact: Fact) -> list[str]:
    return [f"consolidated from {len(fact.sources)} report(s)", *fact.merge_rules]


Resolver = Callable[[], Explanation]

THRESHOLDS = (
    "thresholds: a fact is confirmed when an analyst confirmed one of its reports; else "
    f"corroborated by {CORROBORATING_ORIGINS}+ independent origins "
    f"(copies of one wire story count once), confident when one origin reports it through a "
    f"rule of confidence >= {CONFIDENT}, else only reported; a termination notice changes the "
    "status only when corroborated or confident, a milestone or stall whatever its support "
    "(the status then says what it rests on)"
)


def _support_text(support: Support) -> str:
    return {
        "confirmed": "confirmed by an analyst",
        "corroborated": "corroborated",
        "confident": "single-source (one origin, high-confidence rule)",
        "reported": "single-source, lower-confidence",
    }[support]


def _reason_text(reason: StatusReason) -> str:
    if reason.support is None:
        return reason.text
    confidence = f", rule confidence {reason.confidence}" if reason.confidence else ""
    return (
        f"{reason.text} [{_support_text(reason.support)}: "
        f"{reason.independent_sources} independent origin(s){confidence}]"
    )


def _dispute_text(dispute: DateDispute) -> str:
    return " vs ".join(
        f"{d.date} ({', '.join(dict.fromkeys(s.article_id for s in d.sources))})"
        for d in dispute.dates
    )


def judgement_text(judgement: Judgement) -> str:
    """One line: the judged event, its verdict, who, when and why."""
    why = f": {judgement.reason}" if judgement.reason else ""
    retracted = " (the event was retracted since)" if judgement.retracted else ""
    return (
        f"{judgement.verdict} by {judgement.analyst} on {judgement.judged_at:%Y-%m-%d %H:%M} UTC"
        f"{why}{retracted} [{judgement.event_type} {judgement.event_id}, "
        f"«{judgement.quote}» ({judgement.article_id})]"
    )


_NEGOTIATION_TYPES = frozenset(
    {
        *LIFECYCLE_TYPES,
        *MILESTONES,
        "termination_clause_cited",
        "withdrawal_threatened",
        "meeting_held",
        "round_scheduled",
        "talks_stalled",
    }
)
FIELD_INPUTS: dict[str, frozenset[str]] = {
    "status": _NEGOTIATION_TYPES,
    "next_meeting": frozenset({"round_scheduled", "meeting_held"}),
    "agreement": MILESTONES,
    "termination_clause": frozenset({"termination_clause_cited"}),
    "proposals": LIFECYCLE_TYPES,
    "unlinked_answers": LIFECYCLE_TYPES,
    "meetings_held": frozenset({"meeting_held"}),
    "meetings_scheduled": frozenset({"round_scheduled"}),
    "stalls": frozenset({"talks_stalled"}),
    "withdrawal_threats": frozenset({"withdrawal_threatened"}),
    "positions": frozenset({"position_stated"}),
    "figures": frozenset({"trade_figure_reported"}),
}
"""The event types each top-level field of the state is built from: the rejections an
explanation of the field lists."""


def _rejected_for(state: NegotiationState, field: str) -> tuple[Judgement, ...]:
    types = FIELD_INPUTS.get(field.split(".", 1)[0], frozenset())
    return tuple(
        j
        for j in state.judgements.values()
        if j.verdict == "rejected" and not j.retracted and j.event_type in types
    )


def _resolvers(state: NegotiationState, field: str | None = None) -> dict[str, Resolver]:
    """Every explainable field path and how to explain it; with ``field``, only the paths
    of its section (its top-level field, such as ``figures``), and of a proposal's only
    those of that proposal: a large negotiation has tens of thousands of paths, and an
    explanation needs one."""
    section, _, rest = field.partition(".") if field is not None else (None, "", "")
    proposal_id = rest.split(".", 1)[0] if section == "proposals" and rest else None
    table: dict[str, Resolver] = {}
    status = state.status

    def wanted(name: str) -> bool:
        return section is None or section == name

    def judgements_expl() -> Explanation:
        return _explanation(
            "judgements",
            [_json(j) for j in state.judgements.values()],
            [judgement_text(j) for j in state.judgements.values()]
            or ["no analyst has judged an event of this negotiation"],
            [],
        )

    if wanted("judgements"):
        table["judgements"] = judgements_expl
    for key, judgement in state.judgements.items() if wanted("judgements") else ():
        path = f"judgements.{key}"
        table[path] = lambda path=path, j=judgement: _explanation(  # type: ignore[misc]
            path, _json(j), [judgement_text(j)], []
        )

    def status_expl() -> Explanation:
        sources = [s for reason in status.reasons for s in reason.sources]
        rules = [status.rule, *(_reason_text(reason) for reason in status.reasons)]
        if status.support is not None:
            rules.append(f"the status rests on {_support_text(status.support)} evidence")
        rules += [
            f"rests on a single lower-confidence source: «{s.quote}» ({s.article_id})"
            for reason in status.reasons
            if reason.support == "reported"
            for s in reason.sources
        ]
        rules += [f"reported, not counted: {_reason_text(reason)}" for reason in status.reported]
        rules.append(THRESHOLDS)
        sources += [s for reason in status.reported for s in reason.sources]
        return _explanation("status", status.value, rules, sources)

    if wanted("status"):
        table["status"] = status_expl
    nm = state.next_meeting
    if wanted("next_meeting"):
        table["next_meeting"] = lambda: _explanation(
            "next_meeting", nm.value, [nm.rule], nm.sources
        )

    agreement = state.agreement
    milestone_fields = (
        ("in_force_since", "agreement_in_force"),
        ("signed_on", "agreement_signed"),
        ("reached_on", "agreement_reached"),
        ("ratified_by", "agreement_ratified"),
    )
    for name, kind in milestone_fields if wanted("agreement") else ():
        path = f"agreement.{name}"
        rules = [f"earliest dated {kind} fact; unknown when no article states one"]
        rules += [
            f"disputed date: {_dispute_text(d)}" for d in agreement.disputes if d.field == name
        ]
        table[path] = lambda path=path, name=name, kind=kind, rules=rules: _explanation(  # type: ignore[misc]
            path,
            _json(getattr(agreement, name)),
            rules,
            [s for s in agreement.sources if s.event_type == kind],
        )

    clause = state.termination_clause
    clause_fields = (
        "invocable_by",
        "notice_days",
        "invoked",
        "notice_given_on",
        "earliest_effective",
    )
    for name in clause_fields if wanted("termination_clause") else ():
        path = f"termination_clause.{name}"
        rules = ["M1 one-clause: every report citing the clause is one fact"]
        rules += [
            f"disputed {d.field}: " + " vs ".join(str(value) for value, _ in d.values)
            for d in clause.disputes
        ]
        if name == "earliest_effective":
            rules.append(
                "earliest effective date = notice date + notice period (a span of days when "
                "the notice is known only to the month or year)"
            )
        if name in ("invoked", "notice_given_on", "earliest_effective") and clause.notice_support:
            rules.append(
                f"the notice is {_support_text(clause.notice_support)}: "
                f"{clause.notice_independent_sources} independent origin(s), best rule "
                f"confidence {clause.notice_confidence}"
            )
        table[path] = lambda path=path, name=name, rules=rules: _explanation(  # type: ignore[misc]
            path, _json(getattr(clause, name)), rules, clause.sources
        )

    proposals = state.proposals if wanted("proposals") else {}
    if proposal_id is not None:
        proposals = {proposal_id: proposals[proposal_id]} if proposal_id in proposals else {}
    for pid, proposal in proposals.items():
        base = f"proposals.{pid}"
        table[base] = lambda base=base, p=proposal: _explanation(  # type: ignore[misc]
            base, _json(p), list(p.history), (*p.sources, *p.answer_sources)
        )
        for name in (
            "status",
            "answered_by",
            "answered_on",
            "link_rule",
            "link_reason",
            "in_answer_to",
            "implied_by",
        ):
            path = f"{base}.{name}"
            table[path] = lambda path=path, name=name, p=proposal: _explanation(  # type: ignore[misc]
                path,
                _json(getattr(p, name)),
                [
                    f"link rule: {p.link_rule or 'none (no answer linked)'}",
                    *([f"linked because {p.link_reason}"] if p.link_reason else []),
                    *p.history,
                ],
                (*p.answer_sources, *p.sources),
            )
        for name in ("proposer", "addressee", "subject", "terms", "made_on", "kind"):
            path = f"{base}.{name}"
            table[path] = lambda path=path, name=name, p=proposal: _explanation(  # type: ignore[misc]
                path, _json(getattr(p, name)), [p.history[0]], p.sources
            )

    for collection in ("meetings_held", "meetings_scheduled"):
        for meeting in getattr(state, collection) if wanted(collection) else ():
            path = f"{collection}.{meeting.fact_id}"
            table[path] = lambda path=path, m=meeting, c=collection: _explanation(  # type: ignore[misc]
                path,
                _json(m, without=NOT_APPLICABLE.get(c, frozenset())),
                [f"consolidated from {len(m.sources)} report(s)"],
                m.sources,
            )
    for collection in ("stalls", "withdrawal_threats", "unlinked_answers"):
        for fact in getattr(state, collection) if wanted(collection) else ():
            path = f"{collection}.{fact.fact_id}"
            table[path] = lambda path=path, f=fact: _explanation(  # type: ignore[misc]
                path, _json(f), _fact_rules(f), f.sources
            )
    for party, positions in state.positions.items() if wanted("positions") else ():
        path = f"positions.{party}"
        table[path] = lambda path=path, ps=positions: _explanation(  # type: ignore[misc]
            path,
            _json(ps),
            ["every position_stated fact of this party, by date"],
            [s for p in ps for s in p.sources],
        )
        for position in positions:
            sub = f"{path}.{position.fact_id}"
            table[sub] = lambda sub=sub, p=position: _explanation(  # type: ignore[misc]
                sub, _json(p), [f"consolidated from {len(p.sources)} report(s)"], p.sources
            )
    for key, figure in state.figures.items() if wanted("figures") else ():
        path = f"figures.{key}"
        rules = [
            f"figure {figure.status}: measure {figure.measure}, period {figure.period} "
            f"({figure.period_rule})",
            *(
                f"{v.value} {v.unit}"
                + (f" ({v.whose} figure)" if v.whose else "")
                + f" from {v.independent_sources} independent origin(s)"
                for v in figure.values
            ),
        ]
        sources = [s for v in figure.values for s in v.sources]
        table[path] = lambda path=path, f=figure, r=rules, s=sources: _explanation(  # type: ignore[misc]
            path, _json(f), r, s
        )
        table[f"{path}.status"] = lambda path=path, f=figure, r=rules, s=sources: _explanation(  # type: ignore[misc]
            f"{path}.status", f.status, r, s
        )
    return table


def field_paths(state: NegotiationState) -> list[str]:
    """Every field path :func:`explain` accepts for this state, sorted."""
    return sorted(_resolvers(state))


def explain(state: NegotiationState, field: str) -> Explanation:
    """The events (ids, positions), rules and quotes that produced ``field``'s value.

    A figure may be named without its economy/partner suffix when that is unambiguous
    (``figures.goods_deficit.2016``). Raises UnknownFieldError listing the valid paths.
    """
    table = _resolvers(state, field)
    resolver = table.get(field)
    if resolver is None and field.startswith("figures."):
        rest = field.removeprefix("figures.")
        suffix = ".status" if rest.endswith(".status") else ""
        stem = rest.removesuffix(".status")
        matches = [key for key in state.figures if key.startswith(stem + ".")]
        if len(matches) == 1:
            resolver = table.get(f"figures.{matches[0]}{suffix}")
    if resolver is None:
        raise UnknownFieldError(field, _resolvers(state))  # it lists every valid path
    found = resolver()
    rejected = _rejected_for(state, field)
    rules = [
        *found.rules,
        *(f"confirmed by {s.confirmed_by}: {s.event_type} {s.event_id}" for s in found.sources
          if s.confirmed_by),
    ]  # fmt: skip
    return found.model_copy(
        update={"field": field, "rules": tuple(dict.fromkeys(rules)), "rejected": rejected}
    )


# ---------------------------------------------------------------- review


class ReviewedEvent(_Model):
    """One event derived from (or recorded by hand about) an article, for an analyst to
    judge: what it says, the quotes and rule behind it, and every judgement of it.

    ``verdict`` is the latest judgement's (None when nobody judged it); ``retracted`` is
    True when a re-derivation retracted the event (its judgements stay, about it).
    """

    event_id: UUID
    position: int
    stream_id: str
    negotiation: str
    type: str
    polarity: str
    actor: str | None = None
    target: str | None = None
    subject: str
    occurred: WorldDateField | None = None
    reported_on: date
    rule_id: str
    confidence: float
    evidence: tuple[Evidence, ...]
    retracted: bool = False
    retraction_reason: str | None = None
    verdict: str | None = None
    judgements: tuple[Judgement, ...] = ()


class ArticleReview(_Model):
    """What the store derived from one article, in store order, with the judgements."""

    article_id: str
    outlet: str | None = None
    title: str | None = None
    published: date
    published_precision: Precision = "day"
    negotiation: str
    events: tuple[ReviewedEvent, ...] = ()

    @property
    def judged(self) -> int:
        """How many of the events an analyst has judged."""
        return sum(1 for event in self.events if event.judgements)


def review(article: ArticleIngested, events: Iterable[RecordedEvent]) -> ArticleReview:
    """The review of ``article`` from ``events``: its stream and the events of its
    negotiations (retractions and judgements among them; others are ignored).

    An event is listed when any of its evidence cites the article; events seen twice (the
    same position) count once.
    """
    seen: set[int] = set()
    cited: dict[UUID, RecordedEvent] = {}
    retractions: dict[UUID, str] = {}
    judgements: dict[UUID, list[Judgement]] = {}
    negotiation = article.negotiation
    for recorded in sorted(events, key=lambda r: r.position):
        if recorded.position in seen:
            continue
        seen.add(recorded.position)
        event = recorded.event
        if isinstance(event, NegotiationEvent):
            if any(e.article_id == article.article_id for e in event.evidence):
                cited[recorded.event_id] = recorded
        elif isinstance(event, EventRetracted):
            retractions[event.retracted_event_id] = event.reason
        elif isinstance(event, EventRejected | EventConfirmed):
            judgements.setdefault(event.judged_event_id, []).append(
                FiledJudgement.of(recorded, event).view(
                    event.judged_event_id, retracted=event.judged_event_id in retractions
                )
            )
        elif isinstance(event, ArticleRederived) and event.article_id == article.article_id:
            negotiation = event.negotiation
    reviewed = []
    for event_id, recorded in cited.items():
        event = recorded.event
        assert isinstance(event, NegotiationEvent)
        history = tuple(
            j.model_copy(update={"retracted": event_id in retractions})
            for j in judgements.get(event_id, ())
        )
        reviewed.append(
            ReviewedEvent(
                event_id=event_id,
                position=recorded.position,
                stream_id=recorded.stream_id,
                negotiation=event.negotiation,
                type=event.type,
                polarity=event.polarity,
                actor=parties_code(event.actor),
                target=parties_code(event.target),
                subject=event.subject,
                occurred=event.occurred,
                reported_on=event.reported_on,
                rule_id=event.derivation.rule_id,
                confidence=event.derivation.confidence,
                evidence=event.evidence,
                retracted=event_id in retractions,
                retraction_reason=retractions.get(event_id),
                verdict=history[-1].verdict if history else None,
                judgements=history,
            )
        )
    return ArticleReview(
        article_id=article.article_id,
        outlet=article.outlet,
        title=article.title,
        published=article.published,
        published_precision=article.published_precision,
        negotiation=negotiation,
        events=tuple(reviewed),
    )
