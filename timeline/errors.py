"""Every error `timeline` raises, in one tree.

    TimelineError
    ├── ConfigurationError            bad settings (database URL, catalog path)
    ├── ArticleError                  an article file cannot be read (path, line)
    ├── CatalogError                  the actors/negotiations catalog is invalid (path)
    ├── EventError                    an event cannot be built or decoded
    │   ├── UnknownEventTypeError     a stored or supplied type name is not known
    │   ├── InvalidPayloadError       a payload does not validate against its model
    │   └── EventFileError            a hand-written events file is wrong (path, line)
    ├── StoreError                    the event store failed (driver errors are translated here)
    │   ├── ConcurrencyError          expected_version does not match the stream's version
    │   ├── DuplicateEventError       an event id already stored with different content
    │   └── SchemaNotAtHeadError      the database needs `timeline db upgrade`
    ├── ProjectionError               a projection met an event it cannot apply
    ├── UnknownNegotiationError       no such negotiation (lists the known ones)
    ├── UnknownFieldError             explain() on a field that does not exist (lists valid ones)
    ├── JudgementError                an analyst's judgement names no event it can judge
    └── FeatureFileError              a Gherkin feature file is broken (path, line)

Each exception carries its context as attributes, so callers never parse messages.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path


class TimelineError(Exception):
    """Root of every error raised by `timeline`."""


class ConfigurationError(TimelineError):
    """Settings are missing or invalid."""


class ArticleError(TimelineError):
    """An article file is unreadable or malformed; nothing of it was written."""

    def __init__(self, path: Path | str, problem: str, *, line: int | None = None) -> None:
        self.path = str(path)
        self.problem = problem
        self.line = line
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {problem}")


class CatalogError(TimelineError):
    """The catalog of parties, people and negotiations is invalid."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class EventError(TimelineError):
    """An event cannot be built or decoded."""


class UnknownEventTypeError(EventError):
    """A type name that no event model declares."""

    def __init__(
        self, type_name: str, *, position: int | None = None, known: Iterable[str] = ()
    ) -> None:
        self.type_name = type_name
        self.position = position
        self.known = sorted(known)
        at = f" at position {position}" if position is not None else ""
        hint = f"; known types: {', '.join(self.known)}" if self.known else ""
        super().__init__(f"unknown event type {type_name!r}{at}{hint}")


class InvalidPayloadError(EventError):
    """A payload that does not validate against the model of its type."""

    def __init__(self, type_name: str, detail: str, *, position: int | None = None) -> None:
        self.type_name = type_name
        self.detail = detail
        self.position = position
        at = f" at position {position}" if position is not None else ""
        super().__init__(f"invalid payload for event type {type_name!r}{at}: {detail}")


class EventFileError(EventError):
    """Lines of a hand-written events file (JSON Lines) are wrong; nothing was recorded.

    ``problems`` lists every ``(line, problem)`` found; the message has one line per problem
    (``FILE:LINE: problem``); ``line`` and ``problem`` are the first one's.
    """

    def __init__(self, path: Path | str, problem: str, *, line: int | None = None) -> None:
        self.path = str(path)
        self.problem = problem
        self.line = line
        self.problems: tuple[tuple[int | None, str], ...] = ((line, problem),)
        super().__init__(self._where(line, problem))

    def _where(self, line: int | None, problem: str) -> str:
        where = f"{self.path}:{line}" if line is not None else self.path
        return f"{where}: {problem}"

    @classmethod
    def several(
        cls, path: Path | str, problems: Iterable[tuple[int | None, str]]
    ) -> EventFileError:
        """One error for every problem found in the file (at least one)."""
        found = tuple(problems)
        line, problem = found[0]
        error = cls(path, problem, line=line)
        error.problems = found
        error.args = ("\n".join(error._where(n, p) for n, p in found),)
        return error


class StoreError(TimelineError):
    """The event store failed; the driver's error is the __cause__."""


class ConcurrencyError(StoreError):
    """The stream is not at the expected version; nothing was written."""

    def __init__(self, stream_id: str, expected: int, actual: int) -> None:
        self.stream_id = stream_id
        self.expected = expected
        self.actual = actual
        super().__init__(
            f"stream {stream_id!r} is at version {actual}, expected {expected}; nothing written"
        )


class DuplicateEventError(StoreError):
    """An event id is already stored with different content; nothing was written."""

    def __init__(self, event_id: str, stream_id: str, appending_to: str | None = None) -> None:
        self.event_id = event_id
        self.stream_id = stream_id
        """The stream that holds the event (or, for an id repeated in one append, gets it)."""
        self.appending_to = appending_to or stream_id
        """The stream the refused append was for."""
        also = f" (appending to {self.appending_to!r})" if self.appending_to != stream_id else ""
        super().__init__(
            f"event {event_id} is already stored in stream {stream_id!r} with different "
            f"content{also}"
        )


class SchemaNotAtHeadError(StoreError):
    """The database schema is not at the latest migration."""

    def __init__(self, url: str, current: str | None, head: str) -> None:
        self.url = url
        self.current = current
        self.head = head
        super().__init__(
            f"database {url} is at revision {current or 'none (empty)'}, the code needs {head}; "
            f"run: timeline db upgrade --db {url}"
        )


class ProjectionError(TimelineError):
    """A projection met an event it cannot apply."""

    def __init__(self, projection: str, problem: str, *, position: int | None = None) -> None:
        self.projection = projection
        self.problem = problem
        self.position = position
        at = f" at position {position}" if position is not None else ""
        super().__init__(f"projection {projection!r}{at}: {problem}")


class UnknownNegotiationError(TimelineError):
    """A negotiation id that neither the catalog nor the store knows."""

    def __init__(
        self, negotiation: str, known: Iterable[str], *, suggestions: Iterable[str] = ()
    ) -> None:
        self.negotiation = negotiation
        self.known = sorted(known)
        self.suggestions = tuple(suggestions)
        hint = (
            f"did you mean {' or '.join(map(repr, self.suggestions))}? " if self.suggestions else ""
        )
        super().__init__(
            f"unknown negotiation {negotiation!r}; {hint}known: {', '.join(self.known) or '(none)'}"
        )


class UnknownFieldError(TimelineError):
    """A state field path that does not exist."""

    LISTED = 20
    """Up to this many valid fields are listed in the message; beyond, the nearest ones."""

    def __init__(self, field: str, valid: Iterable[str]) -> None:
        self.field = field
        self.valid = sorted(valid)
        self.suggestions = tuple(difflib.get_close_matches(field, self.valid, n=3, cutoff=0.6))
        hint = (
            f"did you mean {' or '.join(map(repr, self.suggestions))}? " if self.suggestions else ""
        )
        if len(self.valid) <= self.LISTED:
            listed = f"valid fields: {', '.join(self.valid)}"
        else:
            listed = (
                f"{len(self.valid)} valid fields, from {self.valid[0]} to {self.valid[-1]} "
                "(`timeline explain NEGOTIATION --list` lists them)"
            )
        super().__init__(f"unknown field {field!r}; {hint}{listed}")


class JudgementError(TimelineError):
    """A rejection or confirmation that cannot be recorded: the event id is unknown or
    ambiguous, or names an event that is not a negotiation event or was retracted."""

    def __init__(self, event_ref: str, problem: str) -> None:
        self.event_ref = event_ref
        self.problem = problem
        super().__init__(f"event {event_ref}: {problem}")


class FeatureFileError(TimelineError):
    """A Gherkin feature file cannot be parsed or uses an unknown step."""

    def __init__(self, path: Path | str, problem: str, *, line: int | None = None) -> None:
        self.path = str(path)
        self.problem = problem
        self.line = line
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {problem}")
