"""Hand-written events from a JSON Lines file: parsed, checked and given deterministic ids.

Analysts record what the deriver missed as one JSON object per line, each a negotiation
event (``{"type": "proposal_made", "negotiation": "korus", ...}``) whose evidence quotes an
ingested article. Every line is checked before anything is recorded: its type and payload,
its ids (the rules of :func:`timeline.domain.values.id_problem`), its party codes (each must be
a known party) and its numbers and dates (within the bounds of :data:`PLAUSIBLE`).
"""

from __future__ import annotations

import difflib
import json
import math
from collections.abc import Collection, Iterator
from datetime import date
from pathlib import Path
from typing import Any
from uuid import NAMESPACE_URL, uuid5

from pydantic import ValidationError

from timeline.domain.envelope import NewEvent
from timeline.domain.events import EVENT_MODELS, NEGOTIATION_EVENT_TYPES, NegotiationEvent
from timeline.domain.values import MAX_ID_LENGTH, WorldDate, id_problem
from timeline.errors import EventFileError
from timeline.store.recorder import MAX_STREAM_ID_LENGTH

MANUAL_EXTRACTOR = "manual"

PLAUSIBLE: dict[str, tuple[float, float, str]] = {
    "notice_days": (0, 36_500, "a notice period of at most 100 years"),
    "value": (-1e15, 1e15, "at most a quadrillion (world trade is about 3e13 dollars a year)"),
    "confidence": (0, 1, "a confidence between 0 and 1"),
}
"""Bounds of the numbers a hand-written event may hold: field -> (low, high, why)."""

EARLIEST_YEAR, LATEST_YEAR = 1000, 2999
"""The years a hand-written date may fall in: far beyond any negotiation on record, and
far from the calendar's edges (years 1 and 9999), where date arithmetic overflows."""

PARTY_FIELDS = ("actor", "target", "economy", "partner")
DATE_FIELDS = ("occurred", "occurred_until", "scheduled_for", "period", "reported_on")


def manual_stream(path: Path) -> str:
    """The stream of the events recorded from one file, named after it."""
    return f"manual:{path.stem}"


def read_event_file(path: Path, parties: Collection[str] | None = None) -> list[NewEvent]:
    """Every event of the file, or an EventFileError naming the first bad line.

    ``parties`` are the known party codes (the catalog's); when given, every party an
    event names must be one of them.
    """
    problem = id_problem(manual_stream(path), limit=MAX_STREAM_ID_LENGTH)
    if problem is not None:
        raise EventFileError(path, f"the file's name makes a stream id that {problem}")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise EventFileError(path, f"cannot be read as UTF-8 text: {error}") from error
    events: list[NewEvent] = []
    for number, line in enumerate(lines, 1):
        if line.strip():
            event = _event_of(path, number, line)
            assert isinstance(event.event, NegotiationEvent)
            for problem in _implausible(event.event, parties):
                raise EventFileError(path, problem, line=number)
            events.append(event)
    if not events:
        raise EventFileError(path, "holds no events (one JSON object per line expected)")
    return events


def _event_of(path: Path, number: int, line: str) -> NewEvent:
    try:
        data: Any = json.loads(line)
    except json.JSONDecodeError as error:
        raise EventFileError(path, f"not JSON: {error.msg}", line=number) from error
    if not isinstance(data, dict):
        raise EventFileError(path, "each line must be a JSON object", line=number)
    type_name = data.get("type")
    if type_name not in NEGOTIATION_EVENT_TYPES:
        known = ", ".join(sorted(NEGOTIATION_EVENT_TYPES))
        raise EventFileError(
            path, f"unknown event type {type_name!r}; known types: {known}", line=number
        )
    data.setdefault(
        "derivation",
        {"rule_id": f"manual:{path.name}", "extractor_version": MANUAL_EXTRACTOR},
    )
    try:
        event = EVENT_MODELS[type_name].model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'event'}: {e['msg']}" for e in error.errors()
        )
        raise EventFileError(path, f"invalid {type_name}: {problems}", line=number) from error
    assert isinstance(event, NegotiationEvent)
    canonical = event.model_dump_json()
    return NewEvent(event_id=uuid5(NAMESPACE_URL, f"timeline:manual:{canonical}"), event=event)


def _implausible(event: NegotiationEvent, parties: Collection[str] | None) -> Iterator[str]:
    """What makes a valid event implausible: bad ids, unknown parties, numbers or dates
    out of bounds."""
    for where, value in (
        ("negotiation", event.negotiation),
        *((f"evidence.{n}.article_id", e.article_id) for n, e in enumerate(event.evidence)),
    ):
        problem = id_problem(value, limit=MAX_ID_LENGTH)
        if problem is not None:
            yield f"{where} {problem}: {value[:80]!r}"
    if parties is not None:
        known = set(parties)
        named = [(name, code) for name in PARTY_FIELDS for code in getattr(event, name, None) or ()]
        invocable_by = getattr(event, "invocable_by", None)
        if invocable_by is not None and invocable_by != "any":
            named.append(("invocable_by", invocable_by))
        for name, code in named:
            if code not in known:
                near = difflib.get_close_matches(code, sorted(known), n=3, cutoff=0.5)
                hint = f"; did you mean {' or '.join(near)}?" if near else ""
                yield f"{name}: unknown party {code!r} (not a catalog party code){hint}"
    for name, (low, high, why) in PLAUSIBLE.items():
        number = getattr(event.derivation if name == "confidence" else event, name, None)
        if isinstance(number, int | float) and not (
            low <= number <= high and not (isinstance(number, float) and math.isnan(number))
        ):
            digits = str(number)
            shown = digits if len(digits) <= 30 else f"{digits[:20]}..."
            yield f"{name}: {shown} is implausible; expected {why}"
    for name in DATE_FIELDS:
        when = getattr(event, name, None)
        year = when.year if isinstance(when, WorldDate | date) else None
        if year is not None and not EARLIEST_YEAR <= year <= LATEST_YEAR:
            yield f"{name}: year {year} is implausible; expected {EARLIEST_YEAR}-{LATEST_YEAR}"
