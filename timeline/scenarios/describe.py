"""Readable summaries of what a state holds, for the messages of failing Then steps.

A failing step shows what is there, so that the scenario's author can fix the scenario (or
report the state as wrong) without opening a debugger.
"""

from __future__ import annotations

from collections.abc import Iterable

from timeline.domain.views import Figure, Meeting, NegotiationState, Proposal, Source

QUOTE_LIMIT = 110


def _short(text: str, limit: int = QUOTE_LIMIT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _articles(sources: Iterable[Source]) -> str:
    return ", ".join(sorted({source.article_id for source in sources})) or "no source"


def proposal_line(proposal: Proposal) -> str:
    """One proposal: id, kind, who to whom, subject, status and answer."""
    answer = ""
    if proposal.answered_by:
        answer = f" by {proposal.answered_by}"
        if proposal.link_rule:
            answer += f" (linked by {proposal.link_rule})"
    return (
        f"{proposal.id} [{proposal.kind}] by {proposal.proposer or '?'} "
        f"to {proposal.addressee or '?'} on {proposal.made_on}: {proposal.subject!r} "
        f"is {proposal.status}{answer}; from {_articles(proposal.sources)}"
    )


def proposal_details(proposal: Proposal) -> str:
    """A proposal line followed by its quotes."""
    quotes = dict.fromkeys(source.quote for source in proposal.sources)
    return "\n".join(
        [proposal_line(proposal), *(f"      quote: {_short(quote)!r}" for quote in quotes)]
    )


def proposals(state: NegotiationState) -> str:
    """Every proposal of the state, with quotes, and the answers no proposal took."""
    lines = [f"  - {proposal_details(p)}" for p in state.proposals.values()]
    if not lines:
        lines = ["  (no proposal)"]
    for fact in state.unlinked_answers:
        lines.append(
            f"  - unlinked {fact.type} by {fact.actor} to {fact.target} on {fact.date}: "
            f"{fact.subject!r}; from {_articles(fact.sources)}"
        )
    return f"proposals of {state.negotiation}{_when(state)}:\n" + "\n".join(lines)


def figure_line(figure: Figure) -> str:
    """One figure: key, status and every value with whose figure it is and its articles."""
    values = "; ".join(
        f"{value.value:g} {value.unit}"
        + (f" ({value.whose} figure)" if value.whose else "")
        + f" from {_articles(value.sources)}"
        for value in figure.values
    )
    return (
        f"{figure.key}: measure {figure.measure!r}, period {figure.period}, "
        f"{figure.status}: {values}"
    )


def figures(state: NegotiationState) -> str:
    """Every figure of the state."""
    lines = [f"  - {figure_line(figure)}" for figure in state.figures.values()]
    return f"figures of {state.negotiation}{_when(state)}:\n" + (
        "\n".join(lines) or "  (no figure)"
    )


def _meeting_line(meeting: Meeting) -> str:
    when = meeting.date or "undated"
    where = f" in {meeting.location}" if meeting.location else ""
    stated = f" (stated {meeting.stated_on})" if meeting.stated_on else ""
    return f"  - {when}{where}{stated}: {meeting.subject!r}; from {_articles(meeting.sources)}"


def meetings(state: NegotiationState) -> str:
    """Meetings held and scheduled, and the next meeting with its rule."""
    held = [_meeting_line(m) for m in state.meetings_held] or ["  (none)"]
    scheduled = [_meeting_line(m) for m in state.meetings_scheduled] or ["  (none)"]
    next_meeting = state.next_meeting
    return "\n".join(
        [
            f"meetings of {state.negotiation}{_when(state)}:",
            "held:",
            *held,
            "scheduled:",
            *scheduled,
            f"next meeting: {next_meeting.value} ({next_meeting.rule})",
        ]
    )


def positions(state: NegotiationState) -> str:
    """Every stated position by party, with its quotes."""
    lines = []
    for party, stated in state.positions.items():
        for position in stated:
            lines.append(f"  - {party} on {position.date or 'undated'}: {position.subject!r}")
            lines.extend(f"      quote: {_short(quote)!r}" for quote in position.quotes)
    return f"positions in {state.negotiation}{_when(state)}:\n" + (
        "\n".join(lines) or "  (no position)"
    )


def agreement(state: NegotiationState) -> str:
    """The agreement's milestones and its termination clause."""
    a, clause = state.agreement, state.termination_clause
    disputes = "; ".join(
        f"{d.field} disputed: " + " vs ".join(str(value) for value, _ in d.values)
        for d in clause.disputes
    )
    return "\n".join(
        [
            f"agreement of {state.negotiation}{_when(state)}:",
            f"  in force since: {a.in_force_since}; signed on: {a.signed_on}; "
            f"reached on: {a.reached_on}; ratified by: {', '.join(a.ratified_by) or 'unknown'}",
            f"  termination clause: invocable by {clause.invocable_by}, notice "
            f"{clause.notice_days} days, invoked: {clause.invoked}, notice given on "
            f"{clause.notice_given_on}, earliest effective {clause.earliest_effective}"
            + (f"; {disputes}" if disputes else ""),
            f"  from {_articles([*a.sources, *clause.sources])}",
        ]
    )


def status(state: NegotiationState) -> str:
    """The status, the rule that produced it and its reasons."""
    reasons = [f"  - {reason.text}" for reason in state.status.reasons]
    return "\n".join(
        [
            f"status of {state.negotiation}{_when(state)}: {state.status.value} "
            f"(rule {state.status.rule})",
            *reasons,
        ]
    )


def _when(state: NegotiationState) -> str:
    as_of = f" as of {state.as_of}" if state.as_of else ""
    return f"{as_of} (known up to store position {state.applied_position})"
