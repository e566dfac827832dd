"""The codec: every event model round-trips, errors carry type and position, upcasters chain."""

from __future__ import annotations

import json
import types
import typing
import uuid
from datetime import UTC, date, datetime
from typing import Any

import pytest
from pydantic import BaseModel
from store_factories import QUOTE, new_event, proposal

from timeline.domain.envelope import EventMetadata, NewEvent, RecordedEvent
from timeline.domain.events import (
    EVENT_MODELS,
    UNASSIGNED,
    ArticleIngested,
    ArticleRederived,
    DomainEvent,
    EventConfirmed,
    EventRejected,
    EventRetracted,
    NegotiationEvent,
    TradeFigureReported,
)
from timeline.errors import InvalidPayloadError, UnknownEventTypeError
from timeline.store import codec as codec_module
from timeline.store.codec import DEFAULT_CODEC, Codec


def sample(model: type[DomainEvent]) -> DomainEvent:
    """One instance of each event model, with optional fields filled in where simple."""
    if model is ArticleIngested:
        return ArticleIngested(
            article_id="a-1",
            published=date(2017, 8, 22),
            outlet="Yonhap",
            negotiation="korus",
            text=QUOTE,
            sha256="0" * 64,
            extractor_version="1.0",
        )
    if model is ArticleRederived:
        return ArticleRederived(
            article_id="a-1",
            negotiation="eu-australia",
            negotiations=("eu-australia",),
            negotiation_name="Australia–European Union",
            negotiation_parties=("AU", "EU"),
            extractor_version="1.2",
            rules="r2",
            catalog="c2",
            previous_extractor_version="1.2",
            previous_rules="r2",
            previous_catalog="c1",
            because=("catalog",),
            appended=3,
            retracted=1,
        )
    if model is EventRetracted:
        return EventRetracted(
            retracted_event_id=uuid.uuid4(),
            negotiation="korus",
            article_id="a-1",
            reason="rule removed",
            extractor_version="1.1",
        )
    if model in (EventRejected, EventConfirmed):
        return model.model_validate(
            {
                "judged_event_id": uuid.uuid4(),
                "negotiation": "korus",
                "article_id": "a-1",
                "event_type": "proposal_made",
                "quote": QUOTE,
                "analyst": "alice",
                "reason": "misread",
            }
        )
    base = proposal().model_dump(exclude={"type", "terms"})
    if model is TradeFigureReported:
        base.update(measure="trade balance", value=-22.9, unit="USD bn", economy="US")
    return model.model_validate({**base, "occurred_until": "2018"})


@pytest.mark.parametrize("type_name", sorted(EVENT_MODELS))
def test_every_event_model_round_trips(type_name: str) -> None:
    event = sample(EVENT_MODELS[type_name])
    encoded = DEFAULT_CODEC.encode(NewEvent(event_id=uuid.uuid4(), event=event))
    assert (encoded.type, encoded.schema_version) == (type_name, event.schema_version)
    assert json.loads(encoded.payload)["type"] == type_name
    assert DEFAULT_CODEC.decode_event(type_name, encoded.schema_version, encoded.payload) == event


def _allows_none(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _allows_none(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return type(None) in typing.get_args(annotation)
    return False


def _models(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models(arg)]


def test_leaving_out_null_fields_loses_nothing() -> None:
    """The codec drops None fields; that is lossless only while every nullable field
    defaults to None (in events and in the values nested in them)."""
    seen: set[type[BaseModel]] = set()
    todo: list[type[BaseModel]] = [*EVENT_MODELS.values(), EventMetadata]
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, field in model.model_fields.items():
            if _allows_none(field.annotation):
                assert field.default is None, f"{model.__name__}.{name} must default to None"
            todo.extend(_models(field.annotation))


def test_metadata_round_trips_and_empty_metadata_is_stored_as_null() -> None:
    assert DEFAULT_CODEC.encode(new_event()).metadata is None
    metadata = EventMetadata(causation_id=uuid.uuid4())
    encoded = DEFAULT_CODEC.encode(new_event(metadata=metadata))
    assert encoded.metadata is not None
    assert DEFAULT_CODEC.decode_metadata(encoded.metadata) == metadata


def test_an_unregistered_model_is_refused_on_encode() -> None:
    class Invented(NegotiationEvent):
        type: typing.Literal["invented"] = "invented"

    invented = Invented(**proposal().model_dump(exclude={"type", "terms"}))
    with pytest.raises(UnknownEventTypeError) as raised:
        DEFAULT_CODEC.encode(NewEvent(event_id=uuid.uuid4(), event=invented))
    assert raised.value.type_name == "invented"


def test_decode_errors_carry_type_and_position() -> None:
    with pytest.raises(UnknownEventTypeError) as unknown:
        DEFAULT_CODEC.decode_event("nope", 1, "{}", position=41)
    assert (unknown.value.type_name, unknown.value.position) == ("nope", 41)
    assert "proposal_made" in unknown.value.known
    with pytest.raises(InvalidPayloadError) as invalid:
        DEFAULT_CODEC.decode_event("proposal_made", 1, "not json", position=42)
    assert (invalid.value.type_name, invalid.value.position) == ("proposal_made", 42)
    assert "42" in str(invalid.value)


def test_upcasters_chain_one_version_at_a_time() -> None:
    calls: list[int] = []

    def step(version: int) -> Any:
        def upcast(payload: dict[str, Any]) -> dict[str, Any]:
            calls.append(version)
            return payload

        return upcast

    codec = (
        Codec()
        .with_upcaster("proposal_made", -1, step(-1))
        .with_upcaster("proposal_made", 0, step(0))
    )
    event = codec.decode_event("proposal_made", -1, proposal().model_dump_json())
    assert event == proposal()
    assert calls == [-1, 0]
    with pytest.raises(UnknownEventTypeError):
        Codec().with_upcaster("nope", 0, step(0))


def test_the_fast_envelope_equals_a_validated_one() -> None:
    """The trusted constructor is chosen only when it matches model_validate exactly."""
    encoded = DEFAULT_CODEC.encode(new_event())
    values: dict[str, Any] = {
        "position": 7,
        "stream_id": "korus",
        "stream_version": 2,
        "event_id": encoded.event_id,
        "recorded_at": datetime(2026, 1, 1, tzinfo=UTC),
    }
    fast = DEFAULT_CODEC.recorded(
        7,
        "korus",
        2,
        encoded.event_id,
        values["recorded_at"],
        encoded.type,
        encoded.schema_version,
        encoded.payload,
        encoded.metadata,
    )
    assert isinstance(fast, RecordedEvent)
    slow = RecordedEvent.model_validate({**values, "event": fast.event})
    assert fast == slow
    assert fast.model_dump() == slow.model_dump()
    assert codec_module._construct_envelope in {
        codec_module._construct_trusted,
        codec_module._construct_validated,
    }


def _article_v1(negotiation: str) -> str:
    """An ``article_ingested`` payload as version 1 wrote it (before hints and identities)."""
    return json.dumps(
        {
            "type": "article_ingested",
            "article_id": "a-1",
            "published": "2017-08-22",
            "negotiation": negotiation,
            "negotiations": [negotiation] if negotiation != UNASSIGNED else [],
            "text": QUOTE,
            "sha256": "0" * 64,
            "extractor_version": "1.2.0",
        }
    )


def test_a_version_1_article_keeps_its_negotiation_as_its_hint_and_no_knowledge_identity() -> None:
    event = DEFAULT_CODEC.decode_event("article_ingested", 1, _article_v1("korus"))

    assert isinstance(event, ArticleIngested)
    assert (event.negotiation, event.negotiation_hint) == ("korus", "korus")
    assert (event.published_precision, event.rules, event.catalog) == ("day", None, None)


def test_a_version_1_unassigned_article_has_no_hint() -> None:
    event = DEFAULT_CODEC.decode_event("article_ingested", 1, _article_v1(UNASSIGNED))

    assert isinstance(event, ArticleIngested)
    assert event.negotiation_hint is None


@pytest.mark.parametrize(
    ("stored", "read"),
    [
        ("trade_deficit", "goods_deficit"),
        ("Trade deficit", "goods_deficit"),
        ("merchandise trade deficit", "goods_deficit"),
        ("trade_surplus", "goods_surplus"),
        ("trading_partner_rank", "trade_partner_rank"),
        ("goods_deficit", "goods_deficit"),
        ("export_share", "export_share"),
    ],
)
def test_a_stored_figure_under_another_measure_name_reads_as_the_canonical_one(
    stored: str, read: str
) -> None:
    base = proposal().model_dump(mode="json", exclude={"type", "terms"})
    payload = {**base, "type": "trade_figure_reported", "measure": stored, "value": 1.5}
    payload["unit"] = "USD billion"
    event = DEFAULT_CODEC.decode_event("trade_figure_reported", 1, json.dumps(payload))
    assert isinstance(event, TradeFigureReported) and event.measure == read
    built = TradeFigureReported.model_validate(payload)
    assert built.measure == read
    encoded = DEFAULT_CODEC.encode(NewEvent(event_id=uuid.uuid4(), event=built))
    assert '"goods_deficit"' in encoded.payload or read != "goods_deficit"
    assert DEFAULT_CODEC.decode_event(encoded.type, 1, encoded.payload) == built


def test_a_version_2_article_drops_the_path_it_was_read_from() -> None:
    """Version 3 keeps no ``source_path``: a fact of one run, not of the article."""
    payload = json.loads(_article_v1("korus"))
    payload.update(negotiation_hint="korus", source_path="/home/someone/a-1.md", rules="r")
    event = DEFAULT_CODEC.decode_event("article_ingested", 2, json.dumps(payload))

    assert isinstance(event, ArticleIngested)
    assert "source_path" not in event.model_dump()
    assert (event.article_id, event.negotiation_hint, event.rules) == ("a-1", "korus", "r")
