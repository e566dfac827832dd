"""The JSON-lines shape of a derived event, as `timeline derive --format jsonl` prints it."""

from __future__ import annotations

from typing import Any

from timeline.domain.envelope import NewEvent
from timeline.domain.events import NegotiationEvent

_ENVELOPE_KEYS = ("evidence", "derivation", "type", "actor", "target", "occurred", "subject")


def derived_record(new_event: NewEvent) -> dict[str, Any]:
    """One derived event as a flat JSON-ready dict.

    Keys: type, actor, target ("KR+US" or null), occurred ("2017-08-22", "2017-08", "2016"
    or null), subject, evidence [{article, start, end, quote}], rule, confidence,
    extractor_version, event_id, plus every other payload field (negotiation, polarity,
    modality, scheduled_for, invocable_by, notice_days, measure, value, unit, period,
    economy, partner, derived_from...).
    """
    event = new_event.event
    data = event.model_dump(mode="json")
    record: dict[str, Any] = {
        "type": event.type,
        "actor": data.get("actor"),
        "target": data.get("target"),
        "occurred": data.get("occurred"),
        "subject": data.get("subject"),
        "evidence": [
            {
                "article": item["article_id"],
                "start": item["start"],
                "end": item["end"],
                "quote": item["quote"],
            }
            for item in data.get("evidence", [])
        ],
    }
    if isinstance(event, NegotiationEvent):
        record["rule"] = event.derivation.rule_id
        record["confidence"] = event.derivation.confidence
        record["extractor_version"] = event.derivation.extractor_version
    record["event_id"] = str(new_event.event_id)
    for key, value in data.items():
        if key not in _ENVELOPE_KEYS and key not in record:
            record[key] = value
    return record
