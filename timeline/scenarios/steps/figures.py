"""Then steps about trade figures: a value per source, corroborated, single source or disputed.

A figure is named by its measure ("goods_deficit", "services_surplus", "trade_partner_rank")
and optionally its period ("for 2016"). When several figures fit (e.g. the rank of Korea for
the US and of the US for Korea), the values a step gives pick among them; if that still
leaves several, the step fails and lists them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from timeline.domain.values import WorldDate
from timeline.domain.views import Figure, FigureValue, NegotiationState
from timeline.scenarios import describe
from timeline.scenarios.registry import then


@dataclass(frozen=True)
class ReportedValue:
    """One row of a values table: a value and the article that gives it."""

    value: float
    article: str

    @classmethod
    def rows(cls, datatable: list[list[str]]) -> list[ReportedValue]:
        """Rows of a table whose header has the columns ``value`` and ``article``."""
        header, *body = datatable
        names = [cell.strip().lower() for cell in header]
        if "value" not in names or "article" not in names:
            raise AssertionError(f"the table needs the columns value and article, not {header}")
        value_at, article_at = names.index("value"), names.index("article")
        return [cls(float(row[value_at]), row[article_at].strip()) for row in body]

    def found_in(self, figure: Figure) -> bool:
        """The figure holds this value with a source from this article."""
        return any(
            _same(value, self.value) and self.article in _articles(value) for value in figure.values
        )


def _same(value: FigureValue, number: float) -> bool:
    return abs(value.value - number) < 1e-9


def _articles(value: FigureValue) -> set[str]:
    return {source.article_id for source in value.sources}


def pick_figure(
    state: NegotiationState,
    measure: str,
    period: WorldDate | None,
    rows: Sequence[ReportedValue] = (),
) -> Figure:
    """The figure of ``measure`` (and ``period``) that holds every row; else a listing error."""
    candidates = [
        figure
        for figure in state.figures.values()
        if figure.measure == measure and (period is None or figure.period == period)
    ]
    fitting = [figure for figure in candidates if all(row.found_in(figure) for row in rows)]
    if len(fitting) == 1:
        return fitting[0]
    named = f"{measure!r}" + (f" for {period}" if period else "")
    if not candidates:
        problem = f"no figure {named}"
    elif not fitting:
        given = ", ".join(f"{row.value:g} from {row.article}" for row in rows)
        problem = f"no figure {named} holds all of: {given}"
    else:
        problem = f"{len(fitting)} figures {named} fit; give values that tell them apart"
    raise AssertionError(f"{problem}\n{describe.figures(state)}")


FIGURE = 'the figure "{measure:Quoted}"'
FOR_PERIOD = " for {period:Period}"


@then(
    FIGURE + " is disputed between these values:",
    examples=['the figure "goods_deficit" is disputed between these values:'],
)
@then(
    FIGURE + FOR_PERIOD + " is disputed between these values:",
    examples=['the figure "goods_deficit" for 2016 is disputed between these values:'],
)
def disputed(
    state: NegotiationState,
    measure: str,
    datatable: list[list[str]],
    period: WorldDate | None = None,
) -> None:
    """The figure is disputed and holds each (value, article) row; it may hold other values."""
    figure = pick_figure(state, measure, period, ReportedValue.rows(datatable))
    assert figure.status == "disputed", describe.figure_line(figure)


@then(
    FIGURE + " has exactly these values:",
    examples=['the figure "trade_partner_rank" has exactly these values:'],
)
@then(
    FIGURE + FOR_PERIOD + " has exactly these values:",
    examples=['the figure "goods_deficit" for 2016 has exactly these values:'],
)
def exactly(
    state: NegotiationState,
    measure: str,
    datatable: list[list[str]],
    period: WorldDate | None = None,
) -> None:
    """The figure's values are exactly the table's values, each from its article."""
    rows = ReportedValue.rows(datatable)
    figure = pick_figure(state, measure, period, rows)
    stated = sorted({value.value for value in figure.values})
    assert stated == sorted({row.value for row in rows}), describe.figure_line(figure)


@then(
    FIGURE + ' is {value:Number} according to "{article:Quoted}"',
    examples=['the figure "goods_deficit" is 27.7 according to "gulfnews-1.2078485"'],
)
@then(
    FIGURE + FOR_PERIOD + ' is {value:Number} according to "{article:Quoted}"',
    examples=[
        'the figure "services_surplus" for 2016 is 10.7 according to "ap-2017-08-22-korea-says-no"'
    ],
)
def according_to(
    state: NegotiationState,
    measure: str,
    value: float,
    article: str,
    period: WorldDate | None = None,
) -> None:
    """The article gives this value for the figure."""
    pick_figure(state, measure, period, [ReportedValue(value, article)])


@then(
    FIGURE + " is corroborated at {value:Number}",
    examples=['the figure "trade_partner_rank" is corroborated at 2'],
)
@then(
    FIGURE + FOR_PERIOD + " is corroborated at {value:Number}",
    examples=['the figure "trade_partner_rank" for 2017-08-22 is corroborated at 2'],
)
def corroborated(
    state: NegotiationState, measure: str, value: float, period: WorldDate | None = None
) -> None:
    """Independent sources (not copies of one wire story) agree on this one value."""
    candidates = [
        figure
        for figure in state.figures.values()
        if figure.measure == measure
        and (period is None or figure.period == period)
        and any(_same(v, value) for v in figure.values)
    ]
    assert candidates, describe.figures(state)
    assert any(figure.status == "corroborated" for figure in candidates), describe.figures(state)


@then(
    FIGURE + " has a single source", examples=['the figure "services_surplus" has a single source']
)
@then(
    FIGURE + FOR_PERIOD + " has a single source",
    examples=['the figure "services_surplus" for 2016 has a single source'],
)
def single_source(state: NegotiationState, measure: str, period: WorldDate | None = None) -> None:
    """Only one independent source gives the figure."""
    figure = pick_figure(state, measure, period)
    assert figure.status == "single_source", describe.figure_line(figure)


@then('no figure "{measure:Quoted}" is known', examples=['no figure "tariff_revenue" is known'])
def no_figure(state: NegotiationState, measure: str) -> None:
    """No figure of that measure is known."""
    found = [figure for figure in state.figures.values() if figure.measure == measure]
    assert not found, describe.figures(state)
