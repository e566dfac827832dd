"""Trade figures: every source's value per measure and period; differing values are disputes.

Grouping rules (explainable, recorded on each figure):

- the measure is the event's, already canonical (:mod:`timeline.domain.measures`: a "trade
  deficit" with no qualifier is the goods deficit, as in US Census and USTR usage; "partner
  rank" variants are ``trade_partner_rank``), folded again here for payloads that bypassed
  validation;
- the period is the figure's own ``period``; when the article gives none, the year of the
  statement (``period_rule`` says so);
- economy and partner split figures only when reports give two different (economy, partner)
  pairs; a report that names neither joins the single named pair if there is exactly one.

Values are equal when they agree to six decimals in the same unit; the figure is then
``confirmed`` (an analyst confirmed one of its reports), ``corroborated`` (two or more
independent origins) or ``single_source``; otherwise it is ``disputed`` and every value
keeps its quotes (a confirmation does not settle a dispute: the sources still disagree;
rejecting the misread report does).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from timeline.domain.consolidation import Sources, independent_count, sources_in
from timeline.domain.fold import AppliedFact, ArticleInfo, Report, record
from timeline.domain.measures import canonical_measure
from timeline.domain.values import WorldDate, parties_code
from timeline.domain.views import Figure, FigureStatus, FigureValue, trusted, trusted_dict


@record
class _Report:
    fact: AppliedFact
    event: Report
    measure: str
    period: WorldDate
    period_rule: str
    pair: tuple[str | None, str | None]
    value: float
    unit: str


def _report(fact: AppliedFact, seen: _Seen | None = None) -> _Report:
    """What one report contributes (``seen``: the years and measures met before, by one
    :func:`build_figures`, each validated and named once)."""
    event = fact.event
    if event.measure is None or event.value is None or event.unit is None:
        raise TypeError(f"not a trade figure: {event.type}")
    if event.period is not None:
        period, rule = event.period, "period stated"
    else:
        year = event.occurred.year if event.occurred is not None else event.reported_on.year
        found = seen.years.get(year) if seen is not None else None
        if found is None:
            found = WorldDate(year=year)  # the year of world_date(event)
            if seen is not None:
                seen.years[year] = found
        period, rule = found, "no period stated: year of the statement"
    measure = seen.measures.get(event.measure) if seen is not None else None
    if measure is None:
        measure = canonical_measure(event.measure)
        if seen is not None:
            seen.measures[event.measure] = measure
    return _Report(
        fact,
        event,
        measure,
        period,
        rule,
        (parties_code(event.economy), parties_code(event.partner)),
        event.value,
        event.unit,
    )


class _Seen:
    """The periods of years and the canonical measures one :func:`build_figures` met."""

    __slots__ = ("measures", "years")

    def __init__(self) -> None:
        self.years: dict[int, WorldDate] = {}
        self.measures: dict[str, str] = {}


def figure_bucket(fact: AppliedFact) -> tuple[str, WorldDate]:
    """The measure and period a trade figure report is filed under: reports of other buckets
    never change its figures (:func:`build_figures` keys and splits them per bucket)."""
    report = _report(fact)
    return (report.measure, report.period)


def figure_key(measure: str, period: WorldDate, economy: str | None, partner: str | None) -> str:
    """``goods_deficit.2016``, plus ``.US_vs_KR`` (or ``.US``) when economy/partner split it."""
    key = f"{measure}.{period}"
    if economy and partner:
        return f"{key}.{economy}_vs_{partner}"
    if economy or partner:
        return f"{key}.{economy or partner}"
    return key


def build_figures(
    facts: Iterable[AppliedFact],
    articles: dict[str, ArticleInfo],
    sources_for: Sources | None = None,
) -> dict[str, Figure]:
    """Figures keyed by measure and period, with every value and its sources."""
    by_measure: dict[tuple[str, WorldDate], list[_Report]] = {}
    seen = _Seen()
    for fact in facts:
        report = _report(fact, seen)
        by_measure.setdefault((report.measure, report.period), []).append(report)
    figures: dict[str, Figure] = {}
    for (measure, period), reports in by_measure.items():
        named = sorted({r.pair for r in reports if r.pair != (None, None)}, key=str)
        split = len(named) > 1
        groups: dict[tuple[str | None, str | None], list[_Report]] = {}
        for report in reports:
            pair = report.pair
            if pair == (None, None) and len(named) == 1:
                pair = named[0]
            groups.setdefault(pair, []).append(report)
        for (economy, partner), members in groups.items():
            key = (
                figure_key(measure, period, economy, partner)
                if split
                else figure_key(measure, period, None, None)
            )
            figures[key] = _figure(
                key,
                measure,
                period,
                economy,
                partner,
                members,
                sources_for or partial(sources_in, articles),
            )
    return dict(sorted(figures.items()))


def _figure(
    key: str,
    measure: str,
    period: WorldDate,
    economy: str | None,
    partner: str | None,
    reports: list[_Report],
    sources_for: Sources,
) -> Figure:
    by_value: dict[tuple[float, str, str | None], list[_Report]] = {}
    for report in reports:
        by_value.setdefault(value_key(report), []).append(report)
    values = []
    for (value, _unit, whose), members in by_value.items():
        unit = members[0].unit.strip()  # as the first report spells it (units match in any case)
        sources = sources_for([m.fact for m in members])
        if len(members) == 1:  # most values (no generator made)
            derived = members[0].event.derived_from or None
        else:
            derived = next((m.event.derived_from for m in members if m.event.derived_from), None)
        values.append(
            trusted_dict(  # every field of a FigureValue, in order (a test checks)
                FigureValue,
                {
                    "value": value,
                    "unit": unit,
                    "whose": whose,
                    "derived_from": derived,
                    "sources": sources,
                    "independent_sources": independent_count(sources),
                },
            )
        )
    status = figure_status(
        distinct=len({(v.value, v.unit.lower()) for v in values}),
        confirmed=any(s.confirmed_by for v in values for s in v.sources),
        origins=len({s.origin for v in values for s in v.sources}),
    )
    rules = sorted({r.period_rule for r in reports})
    return trusted(  # every value as the fold validated it, or a string built here
        Figure,
        key=key,
        measure=measure,
        period=period,
        period_rule="; ".join(rules),
        economy=economy,
        partner=partner,
        status=status,
        values=tuple(values),
    )


FigureReport = _Report
"""What one trade figure report contributes: its bucket, pair, value and unit."""


def figure_report(fact: AppliedFact) -> FigureReport:
    """The figure report of a ``trade_figure_reported`` fact."""
    return _report(fact)


ValueKey = tuple[float, str, str | None]


def value_key(report: FigureReport) -> ValueKey:
    """Reports giving the same value (to six decimals), unit and whose figure it is are one
    :class:`FigureValue`."""
    return (round(report.value, 6), report.unit.strip().lower(), parties_code(report.event.actor))


def figure_status(*, distinct: int, confirmed: bool, origins: int) -> FigureStatus:
    """A figure's status from its distinct (value, unit) pairs, whether an analyst confirmed
    one of its reports, and its independent origins."""
    if distinct > 1:
        return "disputed"
    if confirmed:
        return "confirmed"
    if origins > 1:
        return "corroborated"
    return "single_source"
