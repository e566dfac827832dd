"""A changed field of a view that flattens to one path is written without flattening it
(:func:`timeline.incremental._leaf`): the value must be the one :func:`flatten_view` writes,
and a field that flattens to nothing or to paths under it must never be taken for one."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID

import pytest

from timeline.domain.values import WorldDate
from timeline.domain.views import UNKNOWN, Source
from timeline.incremental import _MISSING, _leaf, flatten_view

SOURCE = Source(
    event_id=UUID(int=7), position=3, event_type="meeting_held", article_id="a-1",
    origin="reuters", quote="they met", start=0, end=8, rule_id="r.1",
    reported_on=date(2017, 8, 22),
)  # fmt: skip

VALUES = [
    ("subject", "steel"),
    ("subject", ""),
    ("value", None),
    ("count", 3),
    ("share", 0.5),
    ("invoked", True),
    ("date", WorldDate.model_validate("2018-03")),
    ("made_on", UNKNOWN),
    ("sources", (SOURCE, SOURCE)),
    ("sources", ()),
    ("quotes", ("one", "two")),
    ("quotes", []),
    ("history", ("made on 2018-01-02",)),
    ("reasons", (SOURCE,)),  # a list of views: paths under the field
    ("values", ((1.5, (SOURCE,)),)),  # disputed values and who gives them
    ("reported_on", date(2018, 1, 2)),
    ("recorded_at", datetime(2018, 1, 2, 3, 4, tzinfo=UTC)),
]


@pytest.mark.parametrize(("key", "value"), VALUES)
def test_a_leaf_is_what_flattening_the_field_writes(key: str, value: object) -> None:
    out: dict[str, object] = {}
    flatten_view({key: value}, "base", out)
    leaf = _leaf(key, value)
    if list(out) != [f"base.{key}"]:  # nothing, or paths under it
        assert leaf is _MISSING
    elif leaf is not _MISSING:  # (a datetime is left to flattening: _MISSING is safe)
        assert out == {f"base.{key}": leaf}
    assert (leaf is _MISSING) == (key in ("reasons", "values", "recorded_at") or not out)


@pytest.mark.parametrize(("key", "value"), VALUES)
def test_asking_only_whether_a_field_is_a_leaf_answers_as_the_leaf_does(
    key: str, value: object
) -> None:
    """``_refield`` asks only whether a field's previous value was one path (``whether``:
    no source list summarised for it): the answer is the leaf's."""
    assert (_leaf(key, value, whether=True) is _MISSING) == (_leaf(key, value) is _MISSING)
