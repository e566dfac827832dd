"""The date disputes reclustered where facts moved equal the clusters of a full pass.

:class:`timeline.incremental.LiveRender` keeps each disputed milestone type's clusters
(:func:`timeline.domain.milestones.clusters_of`, those of one date kept) and, when facts
are filed or unfiled, passes again only from the cluster before the first that moved to
the first cluster after the last that starts as before (``_reclustered``). This law moves
random facts in and out, many at a time, and compares with a full pass after each move.
"""

from __future__ import annotations

from bisect import insort
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any, cast

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.domain.milestones import clusters_of
from timeline.domain.values import WorldDate
from timeline.domain.views import Fact
from timeline.incremental import _reclustered

START = date(2018, 1, 1)


@st.composite
def facts(draw: st.DrawFn) -> SimpleNamespace:
    day = START + timedelta(days=draw(st.integers(0, 150)))
    if draw(st.booleans()):
        when = WorldDate(year=day.year, month=day.month, day=day.day)
    else:
        when = WorldDate(year=day.year, month=day.month)
    return SimpleNamespace(date=when, actor=draw(st.sampled_from([None, None, "KR", "US"])))


def _order(key: int, fact: SimpleNamespace) -> tuple[Any, int]:
    return ((fact.date.first_day(), str(key)), key)


@settings(max_examples=300, deadline=None)
@given(
    moves=st.lists(
        st.tuples(st.lists(facts(), max_size=3), st.lists(st.integers(0, 40), max_size=2)),
        min_size=1,
        max_size=12,
    )
)
def test_reclustering_where_facts_moved_equals_a_full_pass(
    moves: list[tuple[list[SimpleNamespace], list[int]]],
) -> None:
    known: dict[int, Fact] = {}
    dated: list[tuple[Any, int]] = []
    clusters: list[list[tuple[Any, int]]] = []
    serial = 0
    for made, unmade in moves:
        moved = []
        for index in unmade:  # unfile some facts filed before
            if dated:
                entry = dated.pop(index % len(dated))
                moved.append(entry)
        for fact in made:
            serial += 1
            known[serial] = cast(Fact, fact)
            entry = _order(serial, fact)
            insort(dated, entry)
            moved.append(entry)
        if not moved:
            continue
        first, end, fresh = _reclustered(clusters, dated, min(moved), max(moved), known)
        clusters[first:end] = fresh
        whole = clusters_of([known[key] for _order, key in dated])
        assert [c for c in clusters if len({known[k].date for _o, k in c}) >= 2] == [
            [_order(id_of(known, fact), fact) for fact in cluster] for cluster in whole
        ]
        assert [entry for cluster in clusters for entry in cluster] == dated


def id_of(known: dict[int, Fact], fact: Fact) -> int:
    return next(key for key, other in known.items() if other is fact)
