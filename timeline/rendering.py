"""Rich renderings of the state, the chronology, the replay and explanations for the CLI.

Stored text (article ids, outlets, quotes, negotiation names) is data: it reaches the terminal
only through :func:`data`, which wraps it in a :class:`rich.text.Text` (never parsed as Rich
markup) with control characters made visible, so an article cannot style, link or rewrite
what the terminal shows. Dates and other state values become text in :func:`shown` only.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Console, ConsoleDimensions, Group, RenderableType
from rich.highlighter import JSONHighlighter
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from timeline.display import (
    PanelBlock,
    StateDisplay,
    Styled,
    TableBlock,
    inert,
    inert_json,
    state_display,
)
from timeline.words import shown

if TYPE_CHECKING:  # only annotations: importing this module stays light for `--help`
    from timeline.audit import ArticleReview, Explanation, ReplayStep
    from timeline.derivation.coverage import ArticleCoverage
    from timeline.domain.views import NegotiationState, Source
    from timeline.projections.chronology import ChronologyRow

PIPED_WIDTH = 4000
"""Width of output that goes to a file or pipe: wide enough that no line is folded."""


def data(value: object, style: str = "") -> Text:
    """Stored text as inert terminal text: no Rich markup, no control sequences."""
    return Text(inert(value), style=style)


class _Console(Console):
    """A console that, when not writing to a terminal, never folds a line to 80 columns."""

    @property
    def size(self) -> ConsoleDimensions:
        if self._width is None and not self.is_terminal:
            columns = os.environ.get("COLUMNS", "")
            width = int(columns) if columns.isdigit() else PIPED_WIDTH
            return ConsoleDimensions(width, self._height or 25)
        return super().size

    @size.setter
    def size(self, new_size: tuple[int, int]) -> None:
        width, height = new_size
        self._width = width
        self._height = height


def make_console(*, stderr: bool = False) -> Console:
    """The console the CLI prints through: the terminal's width, or unfolded when piped."""
    return _Console(stderr=stderr)


JSON_COLOURED_MAX = 1_000_000
"""JSON up to this many characters is coloured on a terminal; longer JSON, or JSON sent to a
file or pipe, is written as it is (colouring a large state took minutes and gigabytes)."""


def print_json(console: Console, text: str) -> None:
    """JSON text (indented, ``ensure_ascii=False``) on ``console``, every control character
    in it escaped (:func:`~timeline.display.inert_json`): coloured on a terminal when short
    enough, else written unchanged, without Rich's parsing and layout."""
    text = inert_json(text)
    if console.is_terminal and len(text) <= JSON_COLOURED_MAX:
        console.print(JSONHighlighter()(Text(text)), soft_wrap=True)
        return
    console.file.write(text + "\n")


def plain_lines(console: Console, values: Iterable[object]) -> None:
    """Print stored strings one per line, as data."""
    for value in values:
        console.print(data(value), highlight=False)


def _cite(sources: Sequence[Source]) -> Text:
    """Short citation: the articles behind a value."""
    articles = list(dict.fromkeys(s.article_id for s in sources))
    return data(", ".join(articles))


_WHOLE = frozenset(
    {
        "id",
        "article",
        "negotiation",
        "actor",
        "target",
        "party",
        "parties",
        "source",
        "date",
        "first",
        "last",
        "stated",
        "occurred",
        "type",
        "status",
        "position",
        "projection",
        "rule",
        "measure",
        "period",
    }
)
"""Columns whose cells are identifiers or dates: never folded mid-word (the prose columns
give way on a narrow terminal; piped output is not folded at all)."""


def table(title: str | Text, *columns: str, right: Iterable[str] = ()) -> Table:
    """A table of the terminal's width whose id, code and date columns stay whole; the
    ``right`` columns (counts) are right-aligned and whole too."""
    aligned = set(right)
    found = Table(
        title=data(title) if isinstance(title, str) else title,
        title_justify="left",
        title_style="bold",
        expand=False,
    )
    for column in columns:
        found.add_column(
            column,
            overflow="fold",
            no_wrap=column in _WHOLE or column in aligned,
            justify="right" if column in aligned else "left",
        )
    return found


def texts(*cells: object) -> list[Text]:
    """Table cells from stored values: Text as given, everything else as data."""
    return [cell if isinstance(cell, Text) else data(cell) for cell in cells]


def state_view(state: NegotiationState, *, known_at: object = None) -> RenderableType:
    """The negotiation state as panels and tables."""
    return display_view(state_display(state, known_at=known_at))


def display_view(display: StateDisplay) -> RenderableType:
    """A state's display (see :mod:`timeline.display`) drawn as Rich panels and tables."""
    parts: list[RenderableType] = []
    for block in display.blocks:
        if isinstance(block, PanelBlock):
            lines = Group(*(_drawn(line) for line in block.lines))
            parts.append(Panel(lines, title=block.title, title_align="left", expand=False))
        elif isinstance(block, TableBlock):
            drawn = table(block.title, *block.columns)
            for row in block.rows:
                drawn.add_row(*(_drawn(cell) for cell in row))
            parts.append(drawn)
        else:
            parts.append(_drawn(block.text))
    return Group(*parts)


def _drawn(styled: Styled) -> Text:
    """A display's text as Rich text: its words as plain text (never markup), its styles."""
    style, segments = styled
    text = Text(style=style)
    for words, segment_style in segments:
        text.append(words, segment_style)
    return text


def chronology_view(rows: Iterable[ChronologyRow], negotiation: str) -> Table:
    """Events in world order, one row per consolidated event with its sources."""
    found = table(
        data(f"{negotiation}: events"), "date", "type", "actor", "target", "subject", "sources"
    )
    for row in rows:
        sources = _cite(row.sources)
        sources.append(f" ({row.independent_sources} independent)")
        found.add_row(
            *texts(
                shown(row.date)
                + ("" if row.dated_by == "world" else " (reported)")
                + (f" (stated {shown(row.stated_on)})" if row.stated_on else ""),
                row.type + ("" if row.polarity == "positive" else " (negative)"),
                row.actor or "",
                row.target or "",
                row.subject,
                sources,
            )
        )
    return found


def print_replay(console: Console, steps: Iterable[ReplayStep]) -> int:
    """Each event with its evidence and the state changes it caused; returns the count."""
    count = 0
    for step in steps:
        count += 1
        head = Text()
        head.append(f"#{step.position} ", style="bold")
        head.append(data(step.type, style="bold cyan"))
        if step.occurred:
            head.append(data(f" occurred {shown(step.occurred)}"))
        if step.rule_id:
            head.append(data(f"  rule {step.rule_id}", style="dim"))
        console.print(head)
        console.print(data(f"  {step.summary}"))
        for evidence in step.evidence:
            console.print(
                data(
                    f"  « {evidence.quote} » "
                    f"({evidence.article_id} {evidence.start}-{evidence.end})",
                    style="green",
                )
            )
        for change in step.changes:
            console.print(
                data(f"    {change.path}: {change.before!s} -> {change.after!s}", style="yellow")
            )
    return count


_SOURCE_KEYS = frozenset({"sources", "answer_sources"})


def value_text(value: object, indent: int = 0) -> str:
    """A state value (scalar, or a JSON object or list from ``explain``) as indented lines.

    Sources are left out: ``explain`` lists them with their quotes in its own table.
    """
    pad = "  " * indent
    if isinstance(value, Mapping):
        lines = []
        for key, item in value.items():
            if key in _SOURCE_KEYS:
                continue
            if isinstance(item, Mapping | list) and item:
                lines.append(f"{pad}{key}:\n{value_text(item, indent + 1)}")
            else:
                lines.append(f"{pad}{key}: {_scalar(item)}")
        return "\n".join(lines)
    if isinstance(value, list):
        items = []
        for item in value:
            if isinstance(item, Mapping | list):
                nested = value_text(item, indent + 1)
                items.append(f"{pad}- {nested.lstrip()}")
            else:
                items.append(f"{pad}- {_scalar(item)}")
        return "\n".join(items)
    return pad + _scalar(value)


def _scalar(value: Any) -> str:
    if isinstance(value, Mapping | list):
        return "none" if not value else value_text(value)
    if isinstance(value, float):
        return f"{value:g}"
    return shown(value)


def explanation_view(explanation: Explanation) -> RenderableType:
    """A field's value with the events, rules and quotes behind it."""
    head = Text()
    head.append(data(explanation.field, style="bold"))
    value = explanation.value
    if isinstance(value, Mapping | list) and value:
        head.append(" =\n")
        head.append(data(value_text(value, 1)))
    else:
        head.append(" = ")
        head.append(data(_scalar(value)))
    found = table("because", "position", "event", "article", "rule", "quote")
    for source in explanation.sources:
        rule = source.rule_id + (
            f" (confirmed by {source.confirmed_by})" if source.confirmed_by else ""
        )
        found.add_row(
            *texts(source.position, source.event_type, source.article_id, rule, source.quote)
        )
    rules = data("rules: " + ", ".join(explanation.rules), style="dim")
    parts: list[RenderableType] = [head, rules, found]
    if explanation.rejected:
        aside = table(
            "set aside: rejected by an analyst", "event", "by", "when", "why", "article", "quote"
        )
        for judgement in explanation.rejected:
            aside.add_row(
                *texts(
                    f"{judgement.event_type} {judgement.event_id}",
                    judgement.analyst,
                    f"{judgement.judged_at:%Y-%m-%d %H:%M}",
                    judgement.reason or "",
                    judgement.article_id,
                    data(judgement.quote, style="red"),
                )
            )
        parts.append(aside)
    return Group(*parts)


def review_view(review: ArticleReview) -> RenderableType:
    """An article's events, one block each: id, type, actors, date, rule, quotes, judgements."""
    head = Text()
    head.append(data(review.article_id, style="bold"))
    head.append(data(f"  {review.outlet or 'unknown outlet'}, published {review.published}"))
    head.append(data(f"  filed under {review.negotiation}"))
    head.append(data(f"\n{len(review.events)} event(s), {review.judged} judged"))
    parts: list[RenderableType] = [head]
    for event in review.events:
        line = Text("\n")
        line.append(data(str(event.event_id), style="bold"))
        line.append("  ")
        line.append(data(event.type + ("" if event.polarity == "positive" else " (negative)"),
                         style="bold cyan"))  # fmt: skip
        line.append(data(f"  {event.actor or '-'} -> {event.target or '-'}"))
        line.append(data(f"  {shown(event.occurred)}"))
        line.append(data(f"  rule {event.rule_id} ({event.confidence:g})", style="dim"))
        if event.stream_id.startswith("manual:"):
            line.append(data(f"  recorded by hand ({event.stream_id})", style="dim"))
        line.append(data(f"\n  {event.subject}"))
        for evidence in event.evidence:
            line.append(
                data(
                    f"\n  « {evidence.quote} » ({evidence.article_id} "
                    f"{evidence.start}-{evidence.end})",
                    style="green",
                )
            )
        if event.retracted:
            line.append(data(f"\n  retracted: {event.retraction_reason}", style="yellow"))
        for judgement in event.judgements:
            why = f": {judgement.reason}" if judgement.reason else ""
            line.append(
                data(
                    f"\n  {judgement.verdict} by {judgement.analyst} on "
                    f"{judgement.judged_at:%Y-%m-%d %H:%M} UTC{why}",
                    style="bold red" if judgement.verdict == "rejected" else "bold green",
                )
            )
        parts.append(line)
    return Group(*parts)


def coverage_view(coverage: ArticleCoverage, *, only_missed: bool = False) -> RenderableType:
    """Each sentence (``+`` gave events, ``-`` gave none) with the events drawn from it."""
    parts: list[RenderableType] = []
    for sentence in coverage.sentences:
        if only_missed and sentence.gave_events:
            continue
        line = Text()
        mark = "+" if sentence.gave_events else "-"
        line.append(f"{mark} {sentence.index:>3} ", style="bold" if mark == "+" else "yellow")
        line.append(data(" ".join(sentence.text.split()), style="" if mark == "+" else "yellow"))
        for event in sentence.events:
            rejected = event.verdict == "rejected"
            line.append(
                data(
                    f"\n        -> {event.type} {event.actor or '-'} -> {event.target or '-'}"
                    f"  [{event.rule_id}]  {str(event.event_id)[:8]}"
                    + ("  (rejected)" if rejected else ""),
                    style="dim strike" if rejected else "cyan",
                )
            )
        parts.append(line)
    total = len(coverage.sentences)
    missed = len(coverage.missed)
    source = "stored" if coverage.stored else "derived now, not stored"
    parts.append(
        data(
            f"{coverage.article_id} ({source}): {total - missed} of {total} sentence(s) gave "
            f"events, {missed} gave none"
        )
    )
    return Group(*parts)
