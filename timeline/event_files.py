"""Hand-written events from a JSON Lines file: parsed, checked and given deterministic ids.

Analysts record what the deriver missed as one JSON object per line, each a negotiation
event (``{"type": "proposal_made", "negotiation": "korus", ...}``) whose evidence quotes an
ingested article. Every line is checked before anything is recorded.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from uuid import NAMESPACE_URL, uuid5

from pydantic import ValidationError

from timeline.domain.envelope import NewEvent
from timeline.domain.events import EVENT_MODELS, NEGOTIATION_EVENT_TYPES, NegotiationEvent
from timeline.errors import EventFileError

MANUAL_EXTRACTOR = "manual"


def manual_stream(path: Path) -> str:
    """The stream of the events recorded from one file, named after it."""
    return f"manual:{path.stem}"


def read_event_file(path: Path) -> list[NewEvent]:
    """Every event of the file, or an EventFileError naming the first bad line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise EventFileError(path, f"cannot be read as UTF-8 text: {error}") from error
    events: list[NewEvent] = []
    for number, line in enumerate(lines, 1):
        if line.strip():
            events.append(_event_of(path, number, line))
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
