"""The negotiation's status: documented rules over the consolidated state, first match wins.

The reference date is ``as_of`` when given, else the latest world date among the facts.
A *milestone* is an agreement reached, signed, ratified or in force. *Talks activity* is a
proposal made or answered, a meeting held, a stall or a meeting scheduled, dated after the
latest milestone (all of them when there is no milestone; an undated one counts as after).

*Evidence.* The facts that change the status on their own (a termination notice, an
agreement reached, signed, ratified or in force, talks reported stalled) carry their support
(:mod:`timeline.domain.support`): ``confirmed`` (an analyst vouched for a report of it),
``corroborated`` (``CORROBORATING_ORIGINS``, 2, or more independent origins; copies of one
wire story count once), ``confident`` (one origin, a rule of confidence ``CONFIDENT``, 0.8,
or more) or ``reported`` (one origin, lower confidence). A termination notice counts only
when confirmed, corroborated or confident; one that is only reported
is listed in ``Status.reported`` with its quotes and the rules go on as if it were absent.
Milestones and stalls count whatever their support. ``Status.support`` is the weakest
support among the facts the deciding rule rests on, and each reason carries its own, so a
status that rests on one uncorroborated lower-confidence report says so. Events an analyst
rejected are not among the facts at all.

- ``S1 terminated``: a termination notice that counts, whose earliest effective date
  (notice date + notice period; the last day it can mean when the notice is known only to
  the month or year) is on or before the reference date.
- ``S2 termination_notified``: a termination notice that counts, the effective date later
  or unknown.
- ``S3 milestone``: no talks activity after the latest milestone: the status is
  that milestone (``in_force``, ``ratified``, ``signed`` or ``agreement_reached``).
- ``S4 unknown``: no milestone and no talks activity: no article states anything
  about the talks themselves (figures and positions alone say nothing of their stage).
- ``S5 stalled``: talks activity, and either (a) talks were reported stalled
  with no meeting held, proposal accepted or agreement after that report, or (b) the latest
  answer to a proposal is a rejection and an article says no next meeting is scheduled.
  Reasons list every condition that holds, including proposals still awaiting an answer.
- ``S6 not_started``: the only talks activity is meetings scheduled (none held, no proposal).
- ``S7 negotiating``: any other talks activity.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from timeline.domain.support import STRENGTH, counts
from timeline.domain.values import WorldDate
from timeline.domain.views import (
    NONE_SCHEDULED,
    DateRange,
    Fact,
    Meeting,
    NegotiationStatus,
    NextMeeting,
    Proposal,
    Status,
    StatusReason,
    Support,
    TerminationClause,
    fact_tiebreak,
    trusted,
)

_MILESTONE_STATUS: dict[str, NegotiationStatus] = {
    "agreement_in_force": "in_force",
    "agreement_ratified": "ratified",
    "agreement_signed": "signed",
    "agreement_reached": "agreement_reached",
}


@dataclass(frozen=True, slots=True)
class StatusInputs:
    """What the status rules look at, all already filtered to the as-of date."""

    reference_date: date | None
    milestones: Sequence[Fact]
    proposals: Sequence[Proposal]
    meetings_held: Sequence[Meeting]
    meetings_scheduled: Sequence[Meeting]
    stalls: Sequence[Fact]
    next_meeting: NextMeeting
    termination: TerminationClause


def _first(when: WorldDate | str | None) -> date | None:
    """The first day of a date; None for no date or a sentinel such as ``unknown``."""
    return when.first_day() if isinstance(when, WorldDate) else None


def _last(when: WorldDate | str | None) -> date | None:
    """The last day of a date; None for no date or a sentinel such as ``unknown``."""
    return when.last_day() if isinstance(when, WorldDate) else None


def _after(when: WorldDate | str | None, bound: date | None) -> bool:
    """True when the dated item lies after ``bound`` (undated items count as after)."""
    if bound is None:
        return True
    first = _first(when)
    return first is None or first > bound


def _weakest(*supports: Support | None) -> Support | None:
    known = [s for s in supports if s is not None]
    return min(known, key=STRENGTH.__getitem__, default=None)


def _fact_reason(key: str, text: str, fact: Fact) -> StatusReason:
    return trusted(
        StatusReason,
        key=key,
        text=text,
        fact_ids=(fact.fact_id,),
        sources=fact.sources,
        support=fact.support,
        independent_sources=fact.independent_sources,
        confidence=fact.confidence,
    )


def _notice_reason(term: TerminationClause) -> StatusReason:
    return trusted(
        StatusReason,
        key="termination-notice",
        text=f"termination notice given on {term.notice_given_on}",
        sources=term.notice_sources or term.sources,
        support=term.notice_support,
        independent_sources=term.notice_independent_sources,
        confidence=term.notice_confidence,
    )


@dataclass(frozen=True, slots=True)
class MilestonePhase:
    """The latest milestone that counts, the day after which talks activity counts, and the
    milestones listed as reported only (later than it, too weakly supported to count)."""

    latest: Fact | None
    bound: date | None
    reported: tuple[StatusReason, ...]


def milestone_phase(milestones: Sequence[Fact]) -> MilestonePhase:
    """Where the agreement stands: see :class:`MilestonePhase`."""
    counted = [f for f in milestones if counts(f.type, f.support)]
    uncounted = [f for f in milestones if not counts(f.type, f.support)]
    return phase_of(max(counted, key=phase_order, default=None), uncounted)


def phase_order(fact: Fact) -> tuple[date, tuple[str, UUID]]:
    """How milestones that count are ordered for the latest: by last day (undated first),
    then :func:`~timeline.domain.views.fact_tiebreak` (unique: a report is in one fact)."""
    return (_last(fact.date) or date.min, fact_tiebreak(fact))


def phase_of(latest: Fact | None, uncounted: Iterable[Fact]) -> MilestonePhase:
    """The phase from the latest milestone that counts (the greatest in
    :func:`phase_order`) and those that do not count (in the milestones' order)."""
    bound = _last(latest.date) if latest is not None else None
    reported = tuple(
        _fact_reason(f"reported:{fact.fact_id}", f"{fact.type} {fact.date or ''}".strip(), fact)
        for fact in uncounted
        if latest is None or (_last(fact.date) or date.min) > (bound or date.min)
    )
    return MilestonePhase(latest, bound, reported)


def after(when: WorldDate | str | None, bound: date | None) -> bool:
    """True when an item dated ``when`` is talks activity after the milestone ``bound``."""
    return _after(when, bound)


@dataclass(frozen=True, slots=True)
class Activity:
    """Talks activity after the latest milestone (see the module rules)."""

    proposals: Sequence[Proposal]
    answered: Sequence[Proposal]
    held: Sequence[Meeting]
    scheduled: Sequence[Meeting]
    stalls: Sequence[Fact]


def activity_after(inputs: StatusInputs, bound: date | None) -> Activity:
    """The inputs' talks activity dated after ``bound``."""
    return Activity(
        proposals=[p for p in inputs.proposals if _after(p.made_on, bound)],
        answered=[p for p in inputs.proposals if p.answered_on and _after(p.answered_on, bound)],
        held=[m for m in inputs.meetings_held if _after(m.date, bound)],
        scheduled=[m for m in inputs.meetings_scheduled if _after(m.stated_on, bound)],
        stalls=[s for s in inputs.stalls if _after(s.date, bound)],
    )


def decide(inputs: StatusInputs) -> Status:
    """Apply rules S1..S7 in order; the first that holds gives the status."""
    phase = milestone_phase(inputs.milestones)
    return decide_from(
        inputs.reference_date,
        inputs.termination,
        inputs.next_meeting,
        phase,
        activity_after(inputs, phase.bound),
    )


def decide_from(
    reference_date: date | None,
    termination: TerminationClause,
    next_meeting: NextMeeting,
    phase: MilestonePhase,
    activity: Activity,
) -> Status:
    """:func:`decide` from the milestone phase and the activity after it (a caller that
    keeps them up to date need not filter every fact again)."""
    reported: list[StatusReason] = []
    status = _decide(reference_date, termination, next_meeting, phase, activity, reported)
    return status.model_copy(update={"reported": tuple(reported)}) if reported else status


def _decide(
    ref: date | None,
    term: TerminationClause,
    next_meeting: NextMeeting,
    phase: MilestonePhase,
    activity: Activity,
    reported: list[StatusReason],
) -> Status:
    if term.invoked is True:
        notice = _notice_reason(term)
        if not counts("termination_clause_cited", term.notice_support):
            reported.append(notice.model_copy(update={"key": "reported:termination-notice"}))
        else:
            effective = term.earliest_effective
            if isinstance(effective, DateRange) and ref is not None and effective.latest <= ref:
                return trusted(
                    Status,
                    value="terminated",
                    rule="S1 terminated",
                    reference_date=ref,
                    reasons=(notice,),
                    support=term.notice_support,
                )
            return trusted(
                Status,
                value="termination_notified",
                rule="S2 termination_notified",
                reference_date=ref,
                reasons=(notice,),
                support=term.notice_support,
            )

    latest = phase.latest
    reported.extend(phase.reported)
    proposals = activity.proposals
    answered = activity.answered
    held = activity.held
    scheduled = activity.scheduled
    all_stalls = activity.stalls
    if not (proposals or answered or held or scheduled or all_stalls):
        if latest is not None:
            value = _MILESTONE_STATUS[latest.type]
            return trusted(
                Status,
                value=value,
                rule="S3 milestone",
                reference_date=ref,
                reasons=(
                    _fact_reason(
                        f"milestone:{latest.fact_id}",
                        f"{latest.type} {latest.date or ''}".strip(),
                        latest,
                    ),
                ),
                support=latest.support,
            )
        return trusted(Status, value="unknown", rule="S4 unknown", reference_date=ref)

    reasons: list[StatusReason] = []
    if all_stalls:
        stall = max(all_stalls, key=lambda f: (_first(f.date) or date.min, fact_tiebreak(f)))
        stall_day = _first(stall.date)
        progress = [
            m.fact_id
            for m in held
            if stall_day is not None and (_first(m.date) or date.min) > stall_day
        ]
        progress += [
            p.id
            for p in answered
            if p.status == "accepted"
            and stall_day is not None
            and (_first(p.answered_on) or date.min) > stall_day
        ]
        if not progress:
            reason = _fact_reason(
                f"stalled:{stall.fact_id}",
                f"talks reported stalled on {stall.date or 'an unstated date'}: {stall.subject}",
                stall,
            )
            if counts(stall.type, stall.support):
                reasons.append(reason)
            else:
                reported.append(reason.model_copy(update={"key": f"reported:{stall.fact_id}"}))
    last_answer = max(
        (p for p in answered if p.status in ("rejected", "accepted")),
        key=lambda p: (
            _first(p.answered_on) or date.min,
            p.answer_fact or "",
        ),
        default=None,
    )
    if (
        last_answer is not None
        and last_answer.status == "rejected"
        and next_meeting.value == NONE_SCHEDULED
    ):
        reasons.append(
            trusted(
                StatusReason,
                key=f"rejected:{last_answer.id}",
                text=f"{last_answer.proposer} proposal {last_answer.id} ({last_answer.subject}) "
                f"rejected by {last_answer.answered_by} on {last_answer.answered_on}",
                fact_ids=(last_answer.id,),
                sources=last_answer.answer_sources,
            )
        )
        reasons.append(
            trusted(
                StatusReason,
                key="no-next-meeting",
                text=f"no next meeting scheduled (stated {next_meeting.stated_on})",
                sources=next_meeting.sources,
            )
        )
    if reasons:
        support = _weakest(*(r.support for r in reasons))
        for p in proposals:
            if p.status == "open":
                reasons.append(
                    trusted(
                        StatusReason,
                        key=f"awaiting:{p.id}",
                        text=f"{p.proposer} proposal {p.id} ({p.subject}) awaiting an answer "
                        f"from {p.addressee or 'the other side'}",
                        fact_ids=(p.id,),
                        sources=p.sources,
                    )
                )
        return trusted(
            Status,
            value="stalled",
            rule="S5 stalled",
            reference_date=ref,
            reasons=tuple(reasons),
            support=support,
        )
    if scheduled and not (held or proposals or answered or all_stalls):
        return trusted(
            Status,
            value="not_started",
            rule="S6 not_started",
            reference_date=ref,
            reasons=tuple(
                trusted(
                    StatusReason,
                    key=f"scheduled:{m.fact_id}",
                    text=f"meeting scheduled for {m.date or 'an unstated date'}",
                    fact_ids=(m.fact_id,),
                    sources=m.sources,
                )
                for m in scheduled
            ),
        )
    talks = [
        *(
            trusted(
                StatusReason,
                key=f"meeting:{m.fact_id}",
                text=f"meeting held {m.date}",
                fact_ids=(m.fact_id,),
                sources=m.sources,
            )
            for m in held
        ),
        *(
            trusted(
                StatusReason,
                key=f"proposal:{p.id}",
                text=f"{p.proposer} proposal {p.id} {p.status}",
                fact_ids=(p.id,),
                sources=p.sources,
            )
            for p in proposals
        ),
    ]
    return trusted(
        Status, value="negotiating", rule="S7 negotiating", reference_date=ref, reasons=tuple(talks)
    )
