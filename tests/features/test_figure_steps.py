"""How the figure steps read their tables and pick a figure, on hand-written figures."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from timeline.domain.values import WorldDate
from timeline.domain.views import Figure, FigureStatus, FigureValue, NegotiationState, Source
from timeline.scenarios.steps.figures import ReportedValue, pick_figure


def value(number: float, *articles: str) -> FigureValue:
    sources = tuple(
        Source(
            event_id=uuid.uuid4(),
            position=1,
            event_type="trade_figure_reported",
            article_id=article,
            origin=article,
            quote="q",
            start=0,
            end=1,
            rule_id="test",
            reported_on=dt.date(2017, 8, 22),
        )
        for article in articles
    )
    return FigureValue(
        value=number, unit="rank", sources=sources, independent_sources=len(articles)
    )


def figure(key: str, status: FigureStatus, *values: FigureValue) -> Figure:
    measure, period, *_ = key.split(".")
    return Figure(
        key=key,
        measure=measure,
        period=period,
        period_rule="period stated",
        status=status,
        values=values,
    )


RANKS = NegotiationState(
    negotiation="korus",
    figures={
        "rank.2017.US_vs_KR": figure(
            "rank.2017.US_vs_KR", "disputed", value(6, "ap"), value(7, "gulf")
        ),
        "rank.2017.KR_vs_US": figure("rank.2017.KR_vs_US", "corroborated", value(2, "ap", "gulf")),
    },
)


def test_a_table_becomes_reported_values_whatever_the_column_order() -> None:
    rows = ReportedValue.rows([["article", "value"], ["gulf", "27.7"], ["ap", " 27.6 "]])
    assert rows == [ReportedValue(27.7, "gulf"), ReportedValue(27.6, "ap")]


def test_a_table_without_the_columns_is_refused() -> None:
    with pytest.raises(AssertionError, match="columns value and article"):
        ReportedValue.rows([["number", "source"], ["1", "ap"]])


def test_values_pick_among_figures_of_one_measure() -> None:
    assert pick_figure(RANKS, "rank", None, [ReportedValue(7, "gulf")]).key == "rank.2017.US_vs_KR"
    assert (
        pick_figure(RANKS, "rank", WorldDate(year=2017), [ReportedValue(2, "ap")]).key
        == "rank.2017.KR_vs_US"
    )


def test_a_value_from_another_article_does_not_fit() -> None:
    with pytest.raises(AssertionError, match="holds all of: 7 from ap") as caught:
        pick_figure(RANKS, "rank", None, [ReportedValue(7, "ap")])
    assert "rank.2017.US_vs_KR: measure 'rank', period 2017, disputed: 6 rank from ap" in str(
        caught.value
    )


def test_several_fitting_figures_is_an_error() -> None:
    with pytest.raises(AssertionError, match="2 figures 'rank' fit"):
        pick_figure(RANKS, "rank", None)


def test_an_unknown_measure_lists_the_figures() -> None:
    with pytest.raises(AssertionError, match="no figure 'trade_partner_rank'"):
        pick_figure(RANKS, "trade_partner_rank", None)
