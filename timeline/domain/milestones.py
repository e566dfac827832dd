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
from datetime import date
from uuid import UUID

from timeline.domain.values import WorldDate
from timeline.domain.views import (
    UNKNOWN,
    Agreement,
    DateDispute,
    DatedReport,
    Fact,
    fact_tiebreak,
    trusted,
)

DATE_DISPUTE_WINDOW = 31
"""Days between two dates of one milestone under which they are read as one event."""

DISPUTED_TYPES: dict[str, str] = {
    "agreement_signed": "signed_on",
    "agreement_in_force": "in_force_since",
}
"""Milestone types whose disagreeing dates are disputes, and the Agreement field they feed."""


def date_disputes(milestones: Sequence[Fact]) -> tuple[DateDispute, ...]:
    """Clusters of facts of one milestone type that date one event differently."""
    return tuple(
        dispute
        for kind, field in DISPUTED_TYPES.items()
        for cluster in dispute_clusters(milestones, kind)
        for dispute in _dispute(field, kind, cluster)
    )


def dispute_clusters(milestones: Sequence[Fact], kind: str) -> list[list[Fact]]:
    """The facts of milestone type ``kind`` that date one event differently, cluster by
    cluster: facts close in date and by agreeing parties, giving two or more dates."""
    dated = sorted((f for f in milestones if disputable(f, kind)), key=date_order)
    return clusters_of(dated)


def disputable(fact: Fact, kind: str) -> bool:
    """Whether a fact may be one of ``kind``'s disputed dates: of that type, dated at least
    to the month."""
    return fact.type == kind and fact.date is not None and fact.date.precision != "year"


def date_order(fact: Fact) -> tuple[date | None, tuple[str, UUID]]:
    """Where a milestone fact stands among its type's: by first day, then
    :func:`~timeline.domain.views.fact_tiebreak` (unique: a report is in one fact)."""
    return (fact.date.first_day() if fact.date else None, fact_tiebreak(fact))


class ClusterEdge:
    """What decides whether the next fact in :func:`date_order` joins a dispute cluster:
    the cluster's latest last day and the parties it names (a fact agrees with all or
    none of them)."""

    __slots__ = ("actors", "last")

    def __init__(self) -> None:
        self.last = date.min
        self.actors: set[str] = set()

    def admits(self, fact: Fact) -> bool:
        """Whether ``fact`` (dated, not before the cluster's facts) joins the cluster."""
        fields = fact.__dict__  # read once (a model's attributes cost more to read)
        when: WorldDate | None = fields["date"]
        actor: str | None = fields["actor"]
        assert when is not None
        close = (when.first_day() - self.last).days <= DATE_DISPUTE_WINDOW
        return close and (actor is None or not self.actors or self.actors == {actor})

    def add(self, fact: Fact) -> None:
        fields = fact.__dict__  # read once (a model's attributes cost more to read)
        when: WorldDate | None = fields["date"]
        actor: str | None = fields["actor"]
        assert when is not None
        self.last = max(self.last, when.last_day())
        if actor is not None:
            self.actors.add(actor)


def clusters_of(dated: Sequence[Fact]) -> list[list[Fact]]:
    """:func:`dispute_clusters` of facts already filtered (:func:`disputable`) and sorted
    (:func:`date_order`): one pass, keeping each cluster's edge (:class:`ClusterEdge`)."""
    out: list[list[Fact]] = []
    cluster: list[Fact] = []
    edge = ClusterEdge()
    for fact in dated:
        if cluster and not edge.admits(fact):
            out.append(cluster)
            cluster, edge = [], ClusterEdge()
        cluster.append(fact)
        edge.add(fact)
    if not cluster:
        return []
    out.append(cluster)
    return [c for c in out if len({f.date for f in c}) >= 2]


def _dispute(field: str, kind: str, cluster: list[Fact]) -> list[DateDispute]:
    parties = dispute_parties(cluster)
    return [  # the facts' own values: built without validating them again (trusted)
        trusted(
            DateDispute,
            field=field,
            type=kind,
            parties=parties,
            dates=tuple(
                trusted(
                    DatedReport,
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


def earliest(milestones: Sequence[Fact], kind: str) -> Fact | None:
    """The earliest dated fact of milestone type ``kind`` (the first reported on a tie)."""
    dated = [f for f in milestones if f.type == kind and f.date is not None]
    return min(dated, key=date_order, default=None)


def dispute_parties(cluster: Sequence[Fact]) -> str | None:
    """The parties a disputed milestone is between: the first its facts name."""
    return next((c.actor for c in cluster if c.actor), None)


def agreement(milestones: Sequence[Fact]) -> Agreement:
    """The agreement's milestones from the consolidated milestone facts."""

    in_force = earliest(milestones, "agreement_in_force")
    signed = earliest(milestones, "agreement_signed")
    reached = earliest(milestones, "agreement_reached")
    ratified = sorted({f.actor for f in milestones if f.type == "agreement_ratified" and f.actor})
    sources = tuple(source for fact in milestones for source in fact.sources)
    return trusted(  # the facts' own values (see _dispute)
        Agreement,
        in_force_since=in_force.date if in_force and in_force.date else UNKNOWN,
        in_force_precision=in_force.precision if in_force else None,
        signed_on=signed.date if signed and signed.date else UNKNOWN,
        reached_on=reached.date if reached and reached.date else UNKNOWN,
        ratified_by=tuple(ratified),
        sources=sources,
        disputes=date_disputes(milestones),
    )
