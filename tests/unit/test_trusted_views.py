"""trusted(): a view built without validation equals the validated one, field for field
and in the same order, and refuses a missing required field or an unknown one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from uuid import UUID

import pytest
from pydantic import BaseModel

from timeline.domain.views import Meeting, Source, trusted

SOURCE = {
    "event_id": UUID(int=7),
    "position": 3,
    "event_type": "meeting_held",
    "article_id": "a-1",
    "origin": "reuters",
    "quote": "they met",
    "start": 0,
    "end": 8,
    "rule_id": "r.1",
    "reported_on": date(2017, 8, 22),
}


def test_a_trusted_view_equals_the_validated_one_in_values_order_and_json() -> None:
    given = dict(reversed(SOURCE.items()))  # the order of the arguments does not matter
    built = trusted(Source, **given)
    validated = Source(**SOURCE)
    assert built == validated
    assert list(built.__dict__) == list(Source.model_fields)
    assert built.model_dump_json() == validated.model_dump_json()
    assert built.confidence == 1.0 and built.outlet is None  # defaults filled in


def test_every_call_gets_its_own_field_dict_and_defaults_are_shared_values() -> None:
    meeting = {"date": None, "subject": "talks", "sources": (), "independent_sources": 0}
    one = trusted(Meeting, fact_id="f-1", **meeting)
    two = trusted(Meeting, fact_id="f-2", **meeting)
    assert one.__dict__ is not two.__dict__
    assert one.fact_id == "f-1" and two.fact_id == "f-2"
    assert one == Meeting(fact_id="f-1", **meeting)
    assert one.location is None and one.parties is None


def test_a_missing_required_field_or_an_unknown_one_is_refused() -> None:
    missing = {k: v for k, v in SOURCE.items() if k != "quote"}
    with pytest.raises(TypeError, match=r"missing \['quote'\]"):
        trusted(Source, **missing)
    with pytest.raises(TypeError, match=r"unknown fields \['colour'\]"):
        trusted(Source, **SOURCE, colour="red")


def test_trusted_dict_keeps_the_callers_dict_and_sources_of_gives_every_field_in_order() -> None:
    from timeline.domain.consolidation import sources_of
    from timeline.domain.fold import AppliedFact, ArticleInfo, Quote, Report
    from timeline.domain.views import trusted_dict

    data = {name: SOURCE.get(name) for name in Source.model_fields}
    data["confidence"] = 1.0
    built = trusted_dict(Source, data)
    assert built.__dict__ is data
    assert built == Source(**SOURCE)
    assert built.model_fields_set == set(Source.model_fields)
    report = Report(
        "meeting_held", None, None, "talks", None, date(2017, 8, 22), "positive", "asserted",
        (Quote("a-1", 0, 8, "they met"),), "r.1",
    )  # fmt: skip
    fact = AppliedFact(3, UUID(int=7), None, report)  # type: ignore[arg-type]
    info = ArticleInfo.make(
        article_id="a-1", published=date(2017, 8, 22), outlet="Reuters", wire=None,
        negotiation="n", negotiations=("n",), sha256=None,
    )  # fmt: skip
    (source,) = sources_of([fact], {"a-1": info})
    assert list(source.__dict__) == list(Source.model_fields)
    assert source == Source(**{**SOURCE, "outlet": "Reuters"})


def _views(value: object) -> Iterator[BaseModel]:
    """Every view in ``value``, nested ones included."""
    if isinstance(value, BaseModel):
        yield value
        for field in value.__dict__.values():
            yield from _views(field)
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _views(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _views(item)


def test_every_view_a_rendered_state_holds_has_every_field_in_declared_order() -> None:
    """The views rendering builds with ``trusted_dict`` (sources, facts, meetings, positions,
    proposals, figure values) name every field of their class in its order: the dict is
    kept as it is, and serialisation follows it."""
    from seedlike import NEG, seed_recorded

    from timeline.domain.views import Fact, FigureValue, Position, Proposal
    from timeline.projections.negotiation import project

    state = project(seed_recorded(), NEG)
    seen: set[type[BaseModel]] = set()
    for view in _views(state):
        assert list(view.__dict__) == list(type(view).model_fields), type(view).__name__
        seen.add(type(view))
    assert {Source, Fact, Meeting, Position, Proposal, FigureValue} <= seen


def test_every_view_a_rendered_state_holds_is_the_view_validation_makes_of_its_fields() -> None:
    """Rendering builds its views without validating them (``trusted``, ``trusted_dict``,
    ``trusted_state``): validating each view's fields again gives an equal view, and the
    state's private fold slot is what validation leaves (None, until ``state_of`` sets it)."""
    from seedlike import AP, GN, NEG, ap_events, gulf_events, record, stated

    from timeline.domain.events import AgreementInForce
    from timeline.domain.render import render
    from timeline.domain.views import (
        Agreement,
        DateDispute,
        DatedReport,
        Fact,
        NegotiationState,
        Proposal,
    )
    from timeline.projections.negotiation import fold_negotiation

    in_force = [  # two dates a few days apart for one milestone: a date dispute
        stated(AgreementInForce, source, f"the deal took effect on {day}", actor="KR+US",
               subject="the FTA took effect", occurred=day)
        for source, day in ((AP, "2012-03-15"), (GN, "2012-03-20"))
    ]  # fmt: skip
    fold = fold_negotiation(record([*ap_events(), *gulf_events(), *in_force]), NEG)
    state = render(fold)
    seen: set[type[BaseModel]] = set()
    for view in _views(state):
        assert type(view)(**view.__dict__) == view, type(view).__name__
        seen.add(type(view))
    assert {NegotiationState, Agreement, DateDispute, DatedReport, Source, Fact, Proposal} <= seen
    assert state.__pydantic_private__ == NegotiationState(negotiation=NEG).__pydantic_private__
