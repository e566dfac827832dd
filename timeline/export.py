"""Exports for other tools: the events as CSV or JSON Lines with CAMEO and PLOVER codes.

Each stored event of a negotiation is written with its envelope (event id, store position,
stream, recorded time), its payload in the JSON-lines shape `timeline derive` prints, its
evidence, and the codes of the crosswalk (``crosswalk.yaml``: the nearest CAMEO code and
PLOVER event type and mode of each event type, with how well they fit and why), so the rows
can be joined with GDELT, ICEWS or POLECAT data. Events retracted by a newer extractor, and
events whose latest analyst judgement is a rejection, are left out, as the state leaves them
out.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from functools import cache
from importlib.resources import files
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, TypeAdapter
from pydantic.json_schema import models_json_schema

from timeline.derivation.jsonl import derived_record
from timeline.domain.envelope import NewEvent, RecordedEvent
from timeline.domain.events import EVENT_MODELS, EventRetracted, NegotiationEvent
from timeline.domain.fold import rejected_ids

Fit = Literal["exact", "near", "weak"]


class CameoCode(BaseModel):
    """A CAMEO event code (two to four digits) and its label."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    label: str


class PloverCode(BaseModel):
    """A PLOVER event type and mode (empty where PLOVER has none)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    type: str
    mode: str


class Mapping(BaseModel):
    """One event type's codes in the other schemes, how well they fit, and why."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    cameo: CameoCode
    plover: PloverCode
    fit: Fit
    note: str


_CROSSWALK = TypeAdapter(dict[str, Mapping])


@cache
def crosswalk() -> dict[str, Mapping]:
    """Event type -> its CAMEO and PLOVER codes, read from the shipped ``crosswalk.yaml``."""
    text = (files("timeline") / "crosswalk.yaml").read_text(encoding="utf-8")
    return _CROSSWALK.validate_python(yaml.safe_load(text))


def export_records(events: Iterable[RecordedEvent]) -> Iterator[dict[str, Any]]:
    """One JSON-ready record per active negotiation event, in store order."""
    recorded = list(events)
    retracted = {
        r.event.retracted_event_id for r in recorded if isinstance(r.event, EventRetracted)
    } | rejected_ids(recorded)
    table = crosswalk()
    for item in recorded:
        if not isinstance(item.event, NegotiationEvent) or item.event_id in retracted:
            continue
        payload = derived_record(NewEvent(event_id=item.event_id, event=item.event))
        codes = table.get(item.event.type)
        yield {
            "event_id": str(item.event_id),
            "position": item.position,
            "stream_id": item.stream_id,
            "stream_version": item.stream_version,
            "recorded_at": item.recorded_at.isoformat(),
            **{k: v for k, v in payload.items() if k != "event_id"},
            "cameo_code": codes.cameo.code if codes else None,
            "cameo_label": codes.cameo.label if codes else None,
            "plover_type": (codes.plover.type or None) if codes else None,
            "plover_mode": (codes.plover.mode or None) if codes else None,
            "crosswalk_fit": codes.fit if codes else None,
        }


def to_jsonl(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    """Each record as one line of JSON."""
    for record in records:
        yield json.dumps(record, ensure_ascii=False, default=str)


CSV_COLUMNS = (
    "event_id",
    "position",
    "recorded_at",
    "negotiation",
    "type",
    "actor",
    "target",
    "occurred",
    "occurred_until",
    "scheduled_for",
    "reported_on",
    "subject",
    "polarity",
    "modality",
    "cameo_code",
    "cameo_label",
    "plover_type",
    "plover_mode",
    "crosswalk_fit",
    "article",
    "quote",
    "start",
    "end",
    "rule",
    "extractor_version",
    "evidence",
    "details",
)
"""The CSV header: the common fields and every date field (a meeting's ``scheduled_for`` is
the day it is held, ``occurred`` the day it was announced), the first evidence spelled out,
every evidence and the other type-specific fields (``details``) as JSON."""

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    """A CSV cell; text that a spreadsheet would run as a formula is prefixed with ``'``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    """The header, then one CSV line per record (RFC 4180 quoting)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(CSV_COLUMNS)
    yield flush()
    for record in records:
        evidence = record.get("evidence") or [{}]
        first = evidence[0]
        row = dict(record)
        row.update(
            article=first.get("article"),
            quote=first.get("quote"),
            start=first.get("start"),
            end=first.get("end"),
        )
        details = {k: v for k, v in record.items() if k not in CSV_COLUMNS and k != "stream_id"}
        details.pop("stream_version", None)
        row["details"] = details or None
        writer.writerow([_cell(row.get(column)) for column in CSV_COLUMNS])
        yield flush()


def event_schemas() -> dict[str, Any]:
    """The JSON Schema of every event type (one document, shared ``$defs``), from the models."""
    models = [EVENT_MODELS[name] for name in sorted(EVENT_MODELS)]
    _, document = models_json_schema(
        [(model, "validation") for model in models], ref_template="#/$defs/{model}"
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "timeline events",
        "description": "Every event type timeline stores, selected by its `type` field.",
        "oneOf": [{"$ref": f"#/$defs/{model.__name__}"} for model in models],
        "$defs": document.get("$defs", {}),
    }
