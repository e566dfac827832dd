"""Rich renderings of the state, the chronology, the replay and explanations for the CLI."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from timeline.audit import Explanation, ReplayStep
from timeline.domain.values import WorldDate
from timeline.domain.views import DateRange, NegotiationState, Source, Support, TerminationClause
from timeline.projections.chronology import ChronologyRow

UNKNOWN_STYLE = "dim italic"


def _cite(sources: Sequence[Source]) -> str:
    """Short citation: the articles behind a value."""
    articles = list(dict.fromkeys(s.article_id for s in sources))
    return ", ".join(articles)


def _value(value: object) -> Text:
    text = str(value)
    return Text(text, style=UNKNOWN_STYLE if text == "unknown" else "")


def _when(value: WorldDate | str | None) -> str:
    """A date as stated (``2017-08-22``, ``2017-08``, ``2017``) or its sentinel."""
    return "unknown" if value is None else str(value)


def effective_words(clause: TerminationClause) -> str:
    """The earliest termination in words: the words are made here, never stored."""
    effective = clause.earliest_effective
    if not isinstance(effective, DateRange):
        return effective
    notice = clause.notice_given_on
    if effective.earliest == effective.latest:
        return f"{effective.earliest} at the earliest"
    known = notice.precision if isinstance(notice, WorldDate) else "period"
    return (
        f"between {effective.earliest} and {effective.latest} at the earliest "
        f"(notice known only to the {known})"
    )


def support_words(support: Support | None, sources: int, confidence: float | None) -> str:
    """How well a fact is supported, in words."""
    if support is None:
        return ""
    if support == "corroborated":
        return f"corroborated by {sources} independent origins"
    if support == "confident":
        return f"single source, rule confidence {confidence}"
    return f"reported by a single source only (rule confidence {confidence}), not counted"


def _table(title: str, *columns: str) -> Table:
    table = Table(title=title, title_justify="left", title_style="bold", expand=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


def state_view(state: NegotiationState, *, known_at: object = None) -> RenderableType:
    """The negotiation state as panels and tables."""
    parts: list[RenderableType] = []
    header = Text()
    header.append(f"{state.negotiation}", style="bold")
    header.append(f"  as of {state.as_of or 'latest'}")
    header.append(f"  known at position {state.applied_position}")
    if known_at is not None:
        header.append(f" (asked: {known_at})")
    header.append(f"  parties: {', '.join(state.parties) or 'unknown'}")
    status = Text()
    status.append("status: ", style="bold")
    status.append(
        state.status.value, style="bold red" if state.status.value == "stalled" else "bold"
    )
    status.append(f"  [{state.status.rule}]", style="dim")
    if state.status.support == "confident":
        status.append("  (rests on a single source)", style="yellow")
    elif state.status.support == "reported":
        status.append(
            "  (rests on a single uncorroborated, lower-confidence source)", style="yellow"
        )
    for reason in state.status.reasons:
        status.append(f"\n  - {reason.text}")
        if reason.support == "reported":
            status.append(" (reported by a single source only)", style="yellow")
            for source in reason.sources[:2]:
                status.append(f"\n    « {source.quote} » ({source.article_id})", style="green")
    for reason in state.status.reported:
        status.append(f"\n  reported, not counted: {reason.text}", style="yellow")
        status.append(
            f" ({support_words(reason.support, reason.independent_sources, reason.confidence)})",
            style="dim",
        )
        for source in reason.sources[:2]:
            status.append(f"\n    « {source.quote} » ({source.article_id})", style="green")
    parts.append(Panel(Group(header, status), title="negotiation", title_align="left"))

    clause = state.termination_clause
    agreement = _table("Agreement", "field", "value", "sources")
    agreement.add_row(
        "in force since", _value(state.agreement.in_force_since), _cite(state.agreement.sources)
    )
    agreement.add_row("signed on", _value(state.agreement.signed_on), "")
    agreement.add_row("reached on", _value(state.agreement.reached_on), "")
    agreement.add_row(
        "termination: invocable by", _value(clause.invocable_by), _cite(clause.sources)
    )
    agreement.add_row("termination: notice (days)", _value(clause.notice_days), "")
    invoked = _value(clause.invoked)
    if clause.notice_support is not None:
        words = support_words(
            clause.notice_support, clause.notice_independent_sources, clause.notice_confidence
        )
        invoked.append(f" ({words})", style="dim")
    agreement.add_row("termination: invoked", invoked, _cite(clause.notice_sources))
    agreement.add_row("termination: notice given on", _value(clause.notice_given_on), "")
    agreement.add_row("termination: earliest effective", _value(effective_words(clause)), "")
    parts.append(agreement)
    if state.agreement.disputes:
        dates = _table("Disputed dates: sources that disagree", "field", "date", "article", "quote")
        for dispute in state.agreement.disputes:
            for dated in dispute.dates:
                for source in dated.sources:
                    dates.add_row(
                        dispute.field,
                        str(dated.date),
                        source.article_id,
                        Text(source.quote, style="green"),
                    )
        parts.append(dates)

    proposals = _table("Proposals", "id", "by → to", "proposal", "status")
    for proposal in state.proposals.values():
        status = Text(proposal.status, style="bold")
        if proposal.answered_by:
            status.append(f"\nby {proposal.answered_by} on {proposal.answered_on or 'unknown'}")
            if proposal.link_rule:
                status.append(f"\n(linked: {proposal.link_rule})", style="dim")
        if proposal.implied_by:
            status.append(f"\n(implied by the answer {proposal.implied_by})", style="dim")
        description = Text(proposal.subject)
        kind = "" if proposal.kind == "proposal" else f"{proposal.kind}, "
        description.append(f"\n{kind}made {proposal.made_on}", style="dim")
        description.append(f"\n{_cite(proposal.sources + proposal.answer_sources)}", style="dim")
        proposals.add_row(
            proposal.id,
            f"{proposal.proposer or 'unknown'} → {proposal.addressee or 'unknown'}",
            description,
            status,
        )
    parts.append(
        proposals if state.proposals else Text("Proposals: none known", style=UNKNOWN_STYLE)
    )

    meetings = _table("Meetings held", "date", "parties", "subject", "sources")
    for meeting in state.meetings_held:
        meetings.add_row(
            _when(meeting.date),
            meeting.parties or "",
            meeting.subject,
            _cite(meeting.sources),
        )
    parts.append(
        meetings if state.meetings_held else Text("Meetings held: none known", style=UNKNOWN_STYLE)
    )
    next_meeting = Text("next meeting: ", style="bold")
    next_meeting.append(_value(state.next_meeting.value))
    next_meeting.append(f"  [{state.next_meeting.rule}]", style="dim")
    if state.next_meeting.sources:
        next_meeting.append(f"  {_cite(state.next_meeting.sources)}")
    parts.append(next_meeting)

    positions = _table("Positions", "party", "date", "stance", "sources")
    for party, stated in state.positions.items():
        for position in stated:
            positions.add_row(
                party,
                _when(position.date),
                position.quotes[0] if position.quotes else position.subject,
                _cite(position.sources),
            )
    parts.append(
        positions if state.positions else Text("Positions: none known", style=UNKNOWN_STYLE)
    )

    figures = _table("Figures", "measure", "of", "period", "status", "value (whose): sources")
    for figure in state.figures.values():
        values = "\n".join(
            f"{v.value:g} {v.unit}"
            + (f" ({v.whose} figure)" if v.whose else "")
            + f": {_cite(v.sources)}"
            for v in figure.values
        )
        style = "bold red" if figure.status == "disputed" else ""
        of = " vs ".join(p for p in (figure.economy, figure.partner) if p)
        figures.add_row(
            figure.measure, of, str(figure.period), Text(figure.status, style=style), values
        )
    parts.append(figures if state.figures else Text("Figures: none known", style=UNKNOWN_STYLE))

    disputed = [f for f in state.figures.values() if f.status == "disputed"]
    if disputed:
        disputes = _table("Disputes: sources that disagree", "figure", "value", "article", "quote")
        for figure in disputed:
            of = " vs ".join(p for p in (figure.economy, figure.partner) if p)
            for value in figure.values:
                for source in value.sources:
                    disputes.add_row(
                        f"{figure.measure} {of} {figure.period}",
                        f"{value.value:g} {value.unit}",
                        source.article_id,
                        Text(source.quote, style="green"),
                    )
        parts.append(disputes)

    for note in state.date_notes:
        words = (
            f"note: {note.type} known only to the {note.date.precision} {note.date}: "
            f"counted from {note.counted_from}"
        )
        parts.append(Text(words, style="dim"))
    return Group(*parts)


def chronology_view(rows: Iterable[ChronologyRow], negotiation: str) -> Table:
    """Events in world order, one row per consolidated event with its sources."""
    table = _table(
        f"{negotiation}: events", "date", "type", "actor", "target", "subject", "sources"
    )
    for row in rows:
        table.add_row(
            f"{row.date}" + ("" if row.dated_by == "world" else " (reported)"),
            row.type + ("" if row.polarity == "positive" else " (negative)"),
            row.actor or "",
            row.target or "",
            row.subject,
            f"{_cite(row.sources)} ({row.independent_sources} independent)",
        )
    return table


def print_replay(console: Console, steps: Iterable[ReplayStep]) -> int:
    """Each event with its evidence and the state changes it caused; returns the count."""
    count = 0
    for step in steps:
        count += 1
        head = Text()
        head.append(f"#{step.position} ", style="bold")
        head.append(step.type, style="bold cyan")
        if step.occurred:
            head.append(f" occurred {step.occurred}")
        if step.rule_id:
            head.append(f"  rule {step.rule_id}", style="dim")
        console.print(head)
        console.print(Text(f"  {step.summary}"))
        for evidence in step.evidence:
            console.print(
                Text(
                    f"  « {evidence.quote} » "
                    f"({evidence.article_id} {evidence.start}-{evidence.end})",
                    style="green",
                )
            )
        for change in step.changes:
            console.print(
                Text(f"    {change.path}: {change.before!s} -> {change.after!s}", style="yellow")
            )
    return count


def explanation_view(explanation: Explanation) -> RenderableType:
    """A field's value with the events, rules and quotes behind it."""
    head = Text()
    head.append(f"{explanation.field} = ", style="bold")
    head.append(str(explanation.value))
    table = _table("because", "position", "event", "article", "rule", "quote")
    for source in explanation.sources:
        table.add_row(
            str(source.position), source.event_type, source.article_id, source.rule_id, source.quote
        )
    rules = Text("rules: " + ", ".join(explanation.rules), style="dim")
    return Group(head, rules, table)
