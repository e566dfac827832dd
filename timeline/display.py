"""The state as the terminal shows it, as plain data: blocks of styled text and tables.

:func:`state_display` turns a :class:`~timeline.domain.views.NegotiationState` into a
:class:`StateDisplay`: a panel (the negotiation, its status and why), tables (agreement,
proposals, meetings, positions, figures, disputes, judgements) and lines, every cell a
:data:`Styled` text whose words are final. :mod:`timeline.rendering` draws it with Rich;
the latest-state read model persists it beside the state (:func:`encode_display`,
:func:`decode_display`), so that ``timeline state NEGOTIATION`` can print a persisted
state without loading the models the state is made of (pydantic), which is most of the
command's start-up.

Stored text is data: every stored string passes :func:`inert` (control characters made
visible) on its way in, and the drawing takes every string as plain text, never as markup.
Importing this module loads nothing but the standard library.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

from timeline.words import date_note_words, effective_words, shown, support_words

if TYPE_CHECKING:
    from timeline.domain.views import NegotiationState, Source

UNKNOWN_STYLE = "dim italic"

STYLES = frozenset({"", "bold", "bold red", "dim", UNKNOWN_STYLE, "green", "yellow"})
"""Every style a display uses: a persisted display naming another is not read (Rich would
refuse a style it cannot parse only when drawing it)."""

Segment: TypeAlias = tuple[str, str]
"""Text and the Rich style it adds ("" for none)."""

Styled: TypeAlias = tuple[str, tuple[Segment, ...]]
"""A text: the style of the whole of it ("" for none), and its segments in order."""


@dataclass(frozen=True, slots=True)
class PanelBlock:
    """Lines in a titled box."""

    title: str
    lines: tuple[Styled, ...]


@dataclass(frozen=True, slots=True)
class TableBlock:
    """A titled table: its column names and its rows of cells."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Styled, ...], ...]


@dataclass(frozen=True, slots=True)
class LineBlock:
    """One text on its own."""

    text: Styled


Block: TypeAlias = PanelBlock | TableBlock | LineBlock


@dataclass(frozen=True, slots=True)
class StateDisplay:
    """What the terminal shows of a negotiation's state, in order."""

    blocks: tuple[Block, ...]


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def inert(value: object) -> str:
    """Stored text as the terminal may show it: the value in words (:func:`shown`), its
    control characters written out (``\\x1b``), so it cannot move the cursor or style."""
    text = shown(value)
    if text.isprintable():  # no control character (the common case, checked in C)
        return text
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def inert_json(text: str) -> str:
    """JSON text as the terminal may show it: each control character in it written as a
    ``\\uXXXX`` escape. JSON escapes those below U+0020 inside strings itself, not DEL
    or the C1 controls (U+0080–U+009F, which some terminals obey), and none can stand
    outside a string, so the text decodes to the same value."""
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class _Text:
    """A :data:`Styled` text being written: the display's counterpart of ``rich.Text``."""

    __slots__ = ("segments", "style")

    def __init__(self, text: str = "", style: str = "") -> None:
        self.style = style
        self.segments: list[Segment] = [(text, "")] if text else []

    def add(self, text: str, style: str = "") -> _Text:
        """Append words of ours (not stored text: see :meth:`data`)."""
        if text:
            self.segments.append((text, style))
        return self

    def data(self, value: object, style: str = "") -> _Text:
        """Append stored text, made inert."""
        return self.add(inert(value), style)

    def then(self, other: _Text) -> _Text:
        """Append another text, its whole style kept on its segments."""
        for text, style in other.segments:
            self.add(text, " ".join(filter(None, (other.style, style))))
        return self

    def done(self) -> Styled:
        return (self.style, tuple(self.segments))


def _data(value: object, style: str = "") -> _Text:
    """Stored text as a text of its own, the whole of it in ``style``."""
    return _Text(inert(value), style)


def _cell(value: object) -> Styled:
    """A table cell: a text as written, anything else as stored text."""
    if isinstance(value, _Text):
        return value.done()
    text = inert(value)
    return ("", ((text, ""),) if text else ())


def _row(*cells: object) -> tuple[Styled, ...]:
    return tuple(_cell(cell) for cell in cells)


def _cited(sources: Sequence[Source]) -> str:
    """Short citation: the articles behind a value."""
    return ", ".join(dict.fromkeys(s.article_id for s in sources))


def _value(value: object) -> _Text:
    text = shown(value)
    return _data(text, style=UNKNOWN_STYLE if text == "unknown" else "")


def _of(economy: str | None, partner: str | None) -> str:
    return " vs ".join(p for p in (economy, partner) if p)


def _none_known(title: str) -> LineBlock:
    return LineBlock(_Text(f"{title}: none known", UNKNOWN_STYLE).done())


def state_display(state: NegotiationState, *, known_at: object = None) -> StateDisplay:
    """The negotiation state as the terminal shows it (``known_at``: what was asked, shown
    in the heading)."""
    blocks: list[Block] = [_negotiation_panel(state, known_at)]
    blocks.extend(_agreement(state))
    blocks.extend(_proposals(state))
    blocks.extend(_meetings(state))
    blocks.extend(_positions(state))
    blocks.extend(_figures(state))
    blocks.extend(_judgements(state))
    for note in state.date_notes:
        blocks.append(LineBlock(_data(f"note: {date_note_words(note)}", style="dim").done()))
    return StateDisplay(tuple(blocks))


def _negotiation_panel(state: NegotiationState, known_at: object) -> PanelBlock:
    header = _Text()
    header.data(state.negotiation, style="bold")
    header.add(f"  as of {shown(state.as_of or 'latest')}")
    header.add(f"  known at position {state.applied_position}")
    if known_at is not None:
        header.add("  (asked: ").data(known_at).add(")")
    header.add("  parties: ").data(", ".join(state.parties) or "unknown")
    status = _Text()
    status.add("status: ", style="bold")
    status.add(state.status.value, style="bold red" if state.status.value == "stalled" else "bold")
    status.data(f"  [{state.status.rule}]", style="dim")
    if state.status.support == "confirmed":
        status.add("  (confirmed by an analyst)", style="green")
    elif state.status.support == "confident":
        status.add("  (rests on a single source)", style="yellow")
    elif state.status.support == "reported":
        status.add("  (rests on a single uncorroborated, lower-confidence source)", style="yellow")
    for reason in state.status.reasons:
        status.add("\n  - ").data(reason.text)
        if reason.support == "reported":
            status.add(" (reported by a single source only)", style="yellow")
            for source in reason.sources[:2]:
                status.data(f"\n    « {source.quote} » ({source.article_id})", "green")
    for reason in state.status.reported:
        status.data(f"\n  reported, not counted: {reason.text}", style="yellow")
        status.add(
            f" ({support_words(reason.support, reason.independent_sources, reason.confidence)})",
            style="dim",
        )
        for source in reason.sources[:2]:
            status.data(f"\n    « {source.quote} » ({source.article_id})", "green")
    return PanelBlock("negotiation", (header.done(), status.done()))


def _agreement(state: NegotiationState) -> list[Block]:
    clause = state.termination_clause
    agreement = state.agreement
    invoked = _value(clause.invoked)
    if clause.notice_support is not None:
        words = support_words(
            clause.notice_support, clause.notice_independent_sources, clause.notice_confidence
        )
        invoked.add(f" ({words})", style="dim")
    rows = (
        _row("in force since", _value(agreement.in_force_since), _cited(agreement.sources)),
        _row("signed on", _value(agreement.signed_on), ""),
        _row("reached on", _value(agreement.reached_on), ""),
        _row("termination: invocable by", _value(clause.invocable_by), _cited(clause.sources)),
        _row("termination: notice (days)", _value(clause.notice_days), ""),
        _row("termination: invoked", invoked, _cited(clause.notice_sources)),
        _row("termination: notice given on", _value(clause.notice_given_on), ""),
        _row("termination: earliest effective", _value(effective_words(clause)), ""),
    )
    blocks: list[Block] = [TableBlock("Agreement", ("field", "value", "sources"), rows)]
    if agreement.disputes:
        dates = tuple(
            _row(dispute.field, dated.date, source.article_id, _data(source.quote, "green"))
            for dispute in agreement.disputes
            for dated in dispute.dates
            for source in dated.sources
        )
        columns = ("field", "date", "article", "quote")
        blocks.append(TableBlock("Disputed dates: sources that disagree", columns, dates))
    return blocks


def _proposals(state: NegotiationState) -> list[Block]:
    if not state.proposals:
        return [_none_known("Proposals")]
    rows = []
    for proposal in state.proposals.values():
        answer = _data(proposal.status, style="bold")
        if proposal.answered_by:
            answer.data(f"\nby {proposal.answered_by} on {shown(proposal.answered_on)}")
            if proposal.link_rule:
                answer.data(f"\n(linked: {proposal.link_rule})", style="dim")
        if proposal.implied_by:
            answer.data(f"\n(implied by the answer {proposal.implied_by})", style="dim")
        description = _data(proposal.subject)
        kind = "" if proposal.kind == "proposal" else f"{proposal.kind}, "
        description.data(f"\n{kind}made {shown(proposal.made_on)}", style="dim")
        description.add("\n").data(_cited(proposal.sources + proposal.answer_sources), "dim")
        parties = f"{proposal.proposer or 'unknown'} → {proposal.addressee or 'unknown'}"
        rows.append(_row(proposal.id, parties, description, answer))
    columns = ("id", "by → to", "proposal", "status")
    return [TableBlock("Proposals", columns, tuple(rows))]


def _meetings(state: NegotiationState) -> list[Block]:
    blocks: list[Block] = []
    if state.meetings_held:
        held = tuple(
            _row(shown(m.date), m.parties or "", m.subject, _cited(m.sources))
            for m in state.meetings_held
        )
        columns = ("date", "parties", "subject", "sources")
        blocks.append(TableBlock("Meetings held", columns, held))
    else:
        blocks.append(_none_known("Meetings held"))
    if state.meetings_scheduled:
        scheduled = tuple(
            _row(
                _value(m.date),
                m.parties or "",
                m.subject + (f" ({m.location})" if m.location else ""),
                shown(m.stated_on),
                _cited(m.sources),
            )
            for m in state.meetings_scheduled
        )
        scheduled_columns = ("date", "parties", "subject", "stated", "sources")
        blocks.append(TableBlock("Meetings scheduled", scheduled_columns, scheduled))
    upcoming = state.next_meeting
    next_meeting = _Text("next meeting: ", style="bold")
    next_meeting.then(_value(upcoming.value))
    next_meeting.data(f"  [{upcoming.rule}]", style="dim")
    if upcoming.sources:
        next_meeting.add("  ").data(_cited(upcoming.sources))
    blocks.append(LineBlock(next_meeting.done()))
    return blocks


def _positions(state: NegotiationState) -> list[Block]:
    if not state.positions:
        return [_none_known("Positions")]
    rows = tuple(
        _row(
            party,
            shown(position.date),
            position.quotes[0] if position.quotes else position.subject,
            _cited(position.sources),
        )
        for party, stated in state.positions.items()
        for position in stated
    )
    return [TableBlock("Positions", ("party", "date", "stance", "sources"), rows)]


def _figures(state: NegotiationState) -> list[Block]:
    if not state.figures:
        return [_none_known("Figures")]
    rows = []
    for figure in state.figures.values():
        values = "\n".join(
            f"{v.value:g} {v.unit}"
            + (f" ({v.whose} figure)" if v.whose else "")
            + f": {inert(_cited(v.sources))}"
            for v in figure.values
        )
        style = "bold red" if figure.status == "disputed" else ""
        rows.append(
            _row(
                figure.measure,
                _of(figure.economy, figure.partner),
                figure.period,
                _data(figure.status, style=style),
                values,
            )
        )
    columns = ("measure", "of", "period", "status", "value (whose): sources")
    blocks: list[Block] = [TableBlock("Figures", columns, tuple(rows))]
    disputed = tuple(
        _row(
            f"{figure.measure} {_of(figure.economy, figure.partner)} {figure.period}",
            f"{value.value:g} {value.unit}",
            source.article_id,
            _data(source.quote, style="green"),
        )
        for figure in state.figures.values()
        if figure.status == "disputed"
        for value in figure.values
        for source in value.sources
    )
    if disputed:
        dispute_columns = ("figure", "value", "article", "quote")
        blocks.append(TableBlock("Disputes: sources that disagree", dispute_columns, disputed))
    return blocks


def _judgements(state: NegotiationState) -> list[Block]:
    if not state.judgements:
        return []
    rows = []
    for judgement in state.judgements.values():
        verdict = judgement.verdict + (" (event retracted since)" if judgement.retracted else "")
        rows.append(
            _row(
                f"{judgement.event_type}\n{judgement.event_id}",
                _data(verdict, style="bold red" if judgement.verdict == "rejected" else "green"),
                judgement.analyst,
                f"{judgement.judged_at:%Y-%m-%d %H:%M}",
                judgement.reason or "",
                _data(f"« {judgement.quote} » ({judgement.article_id})", style="green"),
            )
        )
    columns = ("event", "verdict", "by", "when", "why", "quote")
    return [TableBlock("Analyst judgements", columns, tuple(rows))]


# -- persisted form ------------------------------------------------------------------------

_PANEL, _TABLE, _LINE = "panel", "table", "line"


def encode_display(display: StateDisplay) -> str:
    """The display as compact JSON: a list of blocks, each ``[kind, ...fields]``, each text
    ``[style, [[text, style], ...]]``."""
    blocks: list[list[object]] = []
    for block in display.blocks:
        if isinstance(block, PanelBlock):
            blocks.append([_PANEL, block.title, block.lines])
        elif isinstance(block, TableBlock):
            blocks.append([_TABLE, block.title, block.columns, block.rows])
        else:
            blocks.append([_LINE, block.text])
    return json.dumps(blocks, ensure_ascii=False, separators=(",", ":"))


class _Malformed(Exception):
    """A persisted display that is not one."""


def decode_display(document: str) -> StateDisplay | None:
    """The display :func:`encode_display` wrote; None when ``document`` is anything else
    (never raises)."""
    try:
        blocks = json.loads(document)
        if not isinstance(blocks, list):
            raise _Malformed
        return StateDisplay(tuple(_block(block) for block in blocks))
    except (ValueError, RecursionError, _Malformed):
        return None


def _block(block: object) -> Block:
    match block:
        case [str(kind), str(title), list(lines)] if kind == _PANEL:
            return PanelBlock(title, tuple(_styled(line) for line in lines))
        case [str(kind), str(title), list(columns), list(rows)] if kind == _TABLE:
            if not all(isinstance(c, str) for c in columns):
                raise _Malformed
            return TableBlock(
                title, tuple(columns), tuple(_cells(row, len(columns)) for row in rows)
            )
        case [str(kind), text] if kind == _LINE:
            return LineBlock(_styled(text))
    raise _Malformed


def _cells(row: object, width: int) -> tuple[Styled, ...]:
    if not isinstance(row, list) or len(row) != width:
        raise _Malformed
    return tuple(_styled(cell) for cell in row)


def _styled(text: object) -> Styled:
    match text:
        case [str(style), list(segments)] if style in STYLES:
            out = []
            for segment in segments:
                match segment:
                    case [str(words), str(segment_style)] if segment_style in STYLES:
                        out.append((words, segment_style))
                    case _:
                        raise _Malformed
            return (style, tuple(out))
    raise _Malformed
