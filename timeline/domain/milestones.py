"""The agreement's milestones (reached, signed, ratified, in force) and disputed dates.

Each field of :class:`~timeline.domain.views.Agreement` is the earliest date among the
facts of its type (a later signing of an amendment does not move the original signing).

Dates that disagree are disputes, like figures: two facts of the same milestone type
(``DISPUTED_TYPES``: a signing, an entry into force), by the same parties (or one naming
none), each dated at least to the month, whose dates do not overlap but lie at most
``DATE_DISPUTE_WINDOW`` days apart, are most likely one event the sources date differently
(consolidation kept them apart because their dates are incompatible). They are listed side by
side in ``Agreement.disputes``, each date with its own quotes. Facts further apart stay two
events (a signing in 2007 and another in 2018), and so do dates known only to the year.
"""

from __future__ import annotations

from collections.abc import Sequence

from timeline.domain.views import UNKNOWN, Agreement, DateDispute, DatedReport, Fact, fact_tiebreak

DATE_DISPUTE_WINDOW = 31
"""Days between two dates of one milestone under which they are read as one event."""

DISPUTED_TYPES: dict[str, str] = {
    "agreement_signed": "signed_on",
    "agreement_in_force": "in_force_since",
}
"""Milestone types whose disagreeing dates are disputes, and the Agreement field they feed."""


def _parties_agree(a: Fact, b: Fact) -> bool:
    return a.actor is None or b.actor is None or a.actor == b.actor


def date_disputes(milestones: Sequence[Fact]) -> tuple[DateDispute, ...]:
    """Clusters of facts of one milestone type that date one event differently."""
    out: list[DateDispute] = []
    for kind, field in DISPUTED_TYPES.items():
        dated = sorted(
            (f for f in milestones if f.type == kind and f.date and f.date.precision != "year"),
            key=lambda f: (f.date.first_day() if f.date else None, fact_tiebreak(f)),
        )
        cluster: list[Fact] = []
        for fact in dated:
            assert fact.date is not None
            if cluster:
                last = max(c.date.last_day() for c in cluster if c.date)
                close = (fact.date.first_day() - last).days <= DATE_DISPUTE_WINDOW
                if not (close and all(_parties_agree(c, fact) for c in cluster)):
                    out.extend(_dispute(field, kind, cluster))
                    cluster = []
            cluster.append(fact)
        out.extend(_dispute(field, kind, cluster))
    return tuple(out)


def _dispute(field: str, kind: str, cluster: list[Fact]) -> list[DateDispute]:
    if len({c.date for c in cluster}) < 2:
        return []
    parties = next((c.actor for c in cluster if c.actor), None)
    return [
        DateDispute(
            field=field,
            type=kind,
            parties=parties,
            dates=tuple(
                DatedReport(
                    date=c.date,
                    fact_id=c.fact_id,
                    sources=c.sources,
                    independent_sources=c.independent_sources,
                )
                for c in cluster
                if c.date is not None
            ),
        )
    ]


def agreement(milestones: Sequence[Fact]) -> Agreement:
    """The agreement's milestones from the consolidated milestone facts."""

    def earliest(kind: str) -> Fact | None:
        dated = [f for f in milestones if f.type == kind and f.date is not None]
        return min(
            dated,
            key=lambda f: (f.date.first_day() if f.date else None, fact_tiebreak(f)),
            default=None,
        )

    in_force = earliest("agreement_in_force")
    signed = earliest("agreement_signed")
    reached = earliest("agreement_reached")
    ratified = sorted({f.actor for f in milestones if f.type == "agreement_ratified" and f.actor})
    sources = tuple(source for fact in milestones for source in fact.sources)
    return Agreement(
        in_force_since=in_force.date if in_force and in_force.date else UNKNOWN,
        in_force_precision=in_force.precision if in_force else None,
        signed_on=signed.date if signed and signed.date else UNKNOWN,
        reached_on=reached.date if reached and reached.date else UNKNOWN,
        ratified_by=tuple(ratified),
        sources=sources,
        disputes=date_disputes(milestones),
    )
