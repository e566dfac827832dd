"""The fold's per-event records: a report keeps every field of its event the state reads,
whatever the event's type, and records compare and hash by value."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import UTC, date, datetime
from uuid import UUID

import pytest

from timeline.domain.events import (
    EVENT_MODELS,
    NegotiationEvent,
    ProposalRejected,
    RoundScheduled,
    TerminationClauseCited,
    TradeFigureReported,
)
from timeline.domain.fold import _TYPE_FIELDS, AppliedFact, Quote, Report, _type_fields
from timeline.domain.values import Derivation, Evidence, WorldDate

REPORT_FIELDS = {item.name for item in fields(Report)}
COMMON = {
    "negotiation": "korus",
    "subject": "the deal",
    "occurred": WorldDate(year=2017, month=8),
    "reported_on": date(2017, 8, 22),
    "polarity": "negative",
    "modality": "possible",
    "evidence": (
        Evidence(article_id="a-1", start=0, end=5, quote="hello"),
        Evidence(article_id="a-2", start=3, end=6, quote="abc"),
    ),
    "derivation": Derivation(rule_id="r.1", extractor_version="1", confidence=0.7),
}


def test_every_field_an_event_type_adds_is_kept_by_the_report() -> None:
    for name, model in EVENT_MODELS.items():
        if issubclass(model, NegotiationEvent):
            own = set(model.model_fields) - set(NegotiationEvent.model_fields)
            assert own <= REPORT_FIELDS, (name, own - REPORT_FIELDS)


@pytest.mark.parametrize(
    "event",
    [
        TradeFigureReported(
            **COMMON,
            actor="US",
            measure="goods_deficit",
            value=27.6,
            unit="billion USD",
            period=WorldDate(year=2016),
            economy="US",
            partner="KR",
            derived_from="a difference",
        ),
        RoundScheduled(**COMMON, actor="KR+US", scheduled_for=WorldDate(year=2017, month=10),
                       location="Seoul"),
        TerminationClauseCited(**COMMON, invocable_by="any", notice_days=180, invoked=True),
        ProposalRejected(**COMMON, actor="KR", target="US", answers="p-0123456789"),
    ],
    ids=lambda event: event.type,
)  # fmt: skip
def test_a_report_holds_its_events_values_and_the_defaults_of_fields_it_lacks(
    event: NegotiationEvent,
) -> None:
    report = Report.of(event)
    for item in fields(Report):
        name = item.name
        if name == "evidence":
            continue
        if name in type(event).model_fields:
            assert getattr(report, name) == getattr(event, name), name
        elif name in ("rule_id", "confidence"):
            assert getattr(report, name) == getattr(event.derivation, name)
        else:
            assert getattr(report, name) == item.default, name
    assert report.evidence == tuple(
        Quote(e.article_id, e.start, e.end, e.quote) for e in event.evidence
    )


def test_records_are_equal_and_hash_alike_by_value() -> None:
    event = ProposalRejected(**COMMON, actor="KR", target="US")
    moment = datetime(2020, 1, 1, tzinfo=UTC)
    one = AppliedFact(1, UUID(int=1), moment, Report.of(event))
    two = AppliedFact(1, UUID(int=1), moment, Report.of(event))
    assert one == two and hash(one) == hash(two) and one is not two
    judged = replace(one, confirmed_by="ana")
    assert judged != one and judged.confirmed_by == "ana" and one.confirmed_by is None
    assert {one, two, judged} == {one, judged}


def test_a_report_reads_of_each_type_exactly_the_fields_its_class_declares() -> None:
    """``Report.of`` reads only the type-specific fields an event's class declares (the
    places it remembers per class): for every type, the values equal the full lookup of
    every type-specific field in the event's fields, with the defaults of those missing."""
    for model in EVENT_MODELS.values():
        if not issubclass(model, NegotiationEvent):
            continue
        own = {name: object() for name in model.model_fields}
        full = [own.get(name, default) for name, default in _TYPE_FIELDS]
        assert _type_fields(model, own) == full, model.__name__
        assert _type_fields(model, own) == full, model.__name__  # remembered places
