"""How state values read for people: the one place the terminal and the HTML report take
their words from ("unknown", "at the earliest", "known only to the month").

The state holds typed values only; these words are made here, at the edge, and never read
back. Domain types are imported lazily so that importing this module stays light (``--help``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from timeline.domain.views import DateNote, DateRange, Support, TerminationClause


def shown(value: object) -> str:
    """A state value as a person reads it: ``unknown`` for none, yes/no, a range in words,
    dates as ISO, text as is."""
    if isinstance(value, str):  # before the import: a drawn display holds only text
        return value
    if value is None:
        return "unknown"
    from timeline.domain.views import DateRange

    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, DateRange):
        return range_words(value)
    return str(value)


def range_words(span: DateRange) -> str:
    """The earliest day a thing can happen, as a day or a span of days."""
    if span.earliest == span.latest:
        return f"{span.earliest} at the earliest"
    return f"between {span.earliest} and {span.latest} at the earliest"


def effective_words(clause: TerminationClause) -> str:
    """The earliest termination in words, saying how precisely the notice is known."""
    from timeline.domain.values import WorldDate
    from timeline.domain.views import DateRange

    effective = clause.earliest_effective
    if not isinstance(effective, DateRange) or effective.earliest == effective.latest:
        return shown(effective)
    notice = clause.notice_given_on
    known = notice.precision if isinstance(notice, WorldDate) else "period"
    return f"{range_words(effective)} (notice known only to the {known})"


def support_words(support: Support | None, sources: int, confidence: float | None) -> str:
    """How well a fact is supported, in words."""
    if support is None:
        return ""
    if support == "confirmed":
        return f"confirmed by an analyst ({sources} independent origin(s))"
    if support == "corroborated":
        return f"corroborated by {sources} independent origins"
    if support == "confident":
        return f"single source, rule confidence {confidence}"
    return f"reported by a single source only (rule confidence {confidence}), not counted"


def date_note_words(note: DateNote) -> str:
    """Why an event known only roughly is placed where it is."""
    return (
        f"{note.type} known only to the {note.date.precision} {note.date}: "
        f"counted from {note.counted_from}"
    )
