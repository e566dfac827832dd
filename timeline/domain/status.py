"""The negotiation's status: documented rules over the consolidated state, first match wins.

The reference date is ``as_of`` when given, else the latest world date among the facts.
A *milestone* is an agreement reached, signed, ratified or in force. *Talks activity* is a
proposal made or answered, a meeting held, a stall or a meeting scheduled, dated after the
latest milestone (all of them when there is no milestone; an undated one counts as after).

- ``S1 terminated``: the termination clause was invoked and its earliest effective date
  (notice date + notice period) is on or before the reference date.
- ``S2 termination_notified``: the clause was invoked, the effective date is later or unknown.
- ``S3 milestone``: no talks activity after the latest milestone: the status is that
  milestone (``in_force``, ``ratified``, ``signed`` or ``agreement_reached``).
- ``S4 unknown``: no milestone and no talks activity: no article states anything about the
  talks themselves (figures and positions alone say nothing of their stage).
- ``S5 stalled``: talks activity, and either (a) talks were reported stalled with no meeting
  held, proposal accepted or agreement after that report, or (b) the latest answer to a
  proposal is a rejection and an article says no next meeting is scheduled. Reasons list
  every condition that holds, including proposals still awaiting an answer.
- ``S6 not_started``: the only talks activity is meetings scheduled (none held, no proposal).
- ``S7 negotiating``: any other talks activity.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from timeline.domain.values import WorldDate
from timeline.domain.views import (
    NONE_SCHEDULED,
    Fact,
    Meeting,
    NegotiationStatus,
    NextMeeting,
    Proposal,
    Status,
    StatusReason,
    TerminationClause,
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


_LEADING_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


def _date(text: str | None) -> WorldDate | None:
    """The date a state value starts with (a value may add words after it), else None."""
    match = _LEADING_DATE.match(text) if text else None
    return WorldDate.model_validate(match.group()) if match else None


@lru_cache(maxsize=4096)
def _first(text: str | None) -> date | None:
    when = _date(text)
    return when.first_day() if when else None


@lru_cache(maxsize=4096)
def _last(text: str | None) -> date | None:
    when = _date(text)
    return when.last_day() if when else None


def _after(text: str | None, bound: date | None) -> bool:
    """True when the dated item lies after ``bound`` (undated items count as after)."""
    if bound is None:
        return True
    first = _first(text)
    return first is None or first > bound


def decide(inputs: StatusInputs) -> Status:
    """Apply rules S1..S7 in order; the first that holds gives the status."""
    ref = inputs.reference_date
    term = inputs.termination
    if term.invoked is True:
        effective = _first(term.earliest_effective)
        invoked = (
            StatusReason(
                key="termination-notice",
                text=f"termination notice given on {term.notice_given_on}",
                sources=term.sources,
            ),
        )
        if effective is not None and ref is not None and effective <= ref:
            return Status(
                value="terminated", rule="S1 terminated", reference_date=ref, reasons=invoked
            )
        return Status(
            value="termination_notified",
            rule="S2 termination_notified",
            reference_date=ref,
            reasons=invoked,
        )

    latest = max(
        inputs.milestones,
        key=lambda f: (_last(f.date) or date.min, f.sources[0].position),
        default=None,
    )
    bound = _last(latest.date) if latest is not None else None
    proposals = [p for p in inputs.proposals if _after(p.made_on, bound)]
    answered = [p for p in inputs.proposals if p.answered_on and _after(p.answered_on, bound)]
    held = [m for m in inputs.meetings_held if _after(m.date, bound)]
    scheduled = [m for m in inputs.meetings_scheduled if _after(m.date, bound)]
    stalls = [s for s in inputs.stalls if _after(s.date, bound)]
    if not (proposals or answered or held or scheduled or stalls):
        if latest is not None:
            value = _MILESTONE_STATUS[latest.type]
            return Status(
                value=value,
                rule="S3 milestone",
                reference_date=ref,
                reasons=(
                    StatusReason(
                        key=f"milestone:{latest.fact_id}",
                        text=f"{latest.type} {latest.date or ''}".strip(),
                        fact_ids=(latest.fact_id,),
                        sources=latest.sources,
                    ),
                ),
            )
        return Status(value="unknown", rule="S4 unknown", reference_date=ref)

    reasons: list[StatusReason] = []
    if stalls:
        stall = max(stalls, key=lambda f: (_first(f.date) or date.min, f.sources[0].position))
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
            reasons.append(
                StatusReason(
                    key=f"stalled:{stall.fact_id}",
                    text=f"talks reported stalled on {stall.date or 'an unstated date'}: "
                    f"{stall.subject}",
                    fact_ids=(stall.fact_id,),
                    sources=stall.sources,
                )
            )
    last_answer = max(
        (p for p in answered if p.status in ("rejected", "accepted")),
        key=lambda p: (
            _first(p.answered_on) or date.min,
            p.answer_sources[0].position if p.answer_sources else 0,
        ),
        default=None,
    )
    if (
        last_answer is not None
        and last_answer.status == "rejected"
        and inputs.next_meeting.value == NONE_SCHEDULED
    ):
        reasons.append(
            StatusReason(
                key=f"rejected:{last_answer.id}",
                text=f"{last_answer.proposer} proposal {last_answer.id} ({last_answer.subject}) "
                f"rejected by {last_answer.answered_by} on {last_answer.answered_on}",
                fact_ids=(last_answer.id,),
                sources=last_answer.answer_sources,
            )
        )
        reasons.append(
            StatusReason(
                key="no-next-meeting",
                text=f"no next meeting scheduled (stated {inputs.next_meeting.stated_on})",
                sources=inputs.next_meeting.sources,
            )
        )
    if reasons:
        for p in proposals:
            if p.status == "open":
                reasons.append(
                    StatusReason(
                        key=f"awaiting:{p.id}",
                        text=f"{p.proposer} proposal {p.id} ({p.subject}) awaiting an answer "
                        f"from {p.addressee or 'the other side'}",
                        fact_ids=(p.id,),
                        sources=p.sources,
                    )
                )
        return Status(
            value="stalled", rule="S5 stalled", reference_date=ref, reasons=tuple(reasons)
        )
    if scheduled and not (held or proposals or answered or stalls):
        return Status(
            value="not_started",
            rule="S6 not_started",
            reference_date=ref,
            reasons=tuple(
                StatusReason(
                    key=f"scheduled:{m.fact_id}",
                    text=f"meeting scheduled for {m.scheduled_for or 'an unstated date'}",
                    fact_ids=(m.fact_id,),
                    sources=m.sources,
                )
                for m in scheduled
            ),
        )
    activity = [
        *(
            StatusReason(
                key=f"meeting:{m.fact_id}",
                text=f"meeting held {m.date}",
                fact_ids=(m.fact_id,),
                sources=m.sources,
            )
            for m in held
        ),
        *(
            StatusReason(
                key=f"proposal:{p.id}",
                text=f"{p.proposer} proposal {p.id} {p.status}",
                fact_ids=(p.id,),
                sources=p.sources,
            )
            for p in proposals
        ),
    ]
    return Status(
        value="negotiating", rule="S7 negotiating", reference_date=ref, reasons=tuple(activity)
    )
