"""Views with deferred fields: once read, in any way, they are the complete view."""

from __future__ import annotations

import copy
import pickle
from typing import Any

import pytest
from pydantic import BaseModel, TypeAdapter

from timeline.domain.deferred import defer, deferred, loader_of
from timeline.domain.views import Agreement, NegotiationState, Status, StatusReason


def complete() -> NegotiationState:
    return NegotiationState(
        negotiation="korus",
        parties=("KR", "US"),
        retracted=(),
        agreement=Agreement(ratified_by=("KR",)),
        status=Status(value="negotiating", reported=(StatusReason(key="k", text="t"),)),
    )


def deferred_copy(counter: list[str] | None = None) -> NegotiationState:
    """``complete()`` rebuilt with its parties, figures, agreement's ratifications and
    status's reported facts deferred (each loader records its call in ``counter``)."""
    want = complete()
    state = NegotiationState.model_validate_json(want.model_dump_json())
    calls = counter if counter is not None else []

    def loader(owner: BaseModel, name: str) -> Any:
        def load() -> Any:
            calls.append(name)
            return getattr(owner, name)

        return load

    defer(state, {name: loader(want, name) for name in ("parties", "figures")})
    defer(state.agreement, {"ratified_by": loader(want.agreement, "ratified_by")})
    defer(state.status, {"reported": loader(want.status, "reported")})
    return state


def test_a_deferred_field_is_loaded_once_when_read_and_the_others_stay_deferred() -> None:
    calls: list[str] = []
    state = deferred_copy(calls)
    assert deferred(state) == {"parties", "figures"}
    assert state.negotiation == "korus" and calls == []
    assert state.parties == ("KR", "US") and state.parties == ("KR", "US")
    assert calls == ["parties"]
    assert deferred(state) == {"figures"} and loader_of(state, "parties") is None


@pytest.mark.parametrize(
    "read",
    [
        lambda s: s.model_dump_json(),
        lambda s: s.model_dump(),
        lambda s: s.model_dump(mode="json", exclude_unset=True),
        lambda s: TypeAdapter(list[NegotiationState]).dump_json([s]).decode(),
        lambda s: repr(s),
        lambda s: dict(s),
        lambda s: copy.copy(s),
        lambda s: copy.deepcopy(s),
        lambda s: pickle.loads(pickle.dumps(s)),
        lambda s: s.model_copy(update={"events_applied": 3}),
        lambda s: s == complete(),
        lambda s: vars(s),
    ],
)
def test_every_bulk_read_sees_the_complete_view_in_declared_order(read: Any) -> None:
    """Serialisation (a view nested in another model too), equality, copies, pickling and
    ``repr`` read ``__dict__``: it is complete, in the fields' declared order, and the
    result is the complete view's."""
    state = deferred_copy()
    assert state.parties  # one loaded alone first: its key went at the end of the dict
    result = read(state)
    assert deferred(state) == frozenset()
    assert list(vars(state)) == list(NegotiationState.model_fields)
    assert state.model_dump_json() == complete().model_dump_json()
    assert state == complete()
    if isinstance(result, NegotiationState):  # a copy (events_applied: model_copy's update)
        skip = {"events_applied"}
        assert result.model_dump_json(exclude=skip) == complete().model_dump_json(exclude=skip)


def test_a_failing_loader_raises_its_error_and_leaves_the_field_deferred() -> None:
    state = NegotiationState(negotiation="korus")
    failures = iter([OSError("gone"), None])

    def flaky() -> tuple[str, ...]:
        error = next(failures)
        if error is not None:
            raise error
        return ("KR",)

    defer(state, {"parties": flaky})
    with pytest.raises(OSError, match="gone"):
        _ = state.parties
    assert deferred(state) == {"parties"}
    assert state.parties == ("KR",)


def test_a_view_that_was_never_deferred_reads_as_usual() -> None:
    state = complete()
    assert deferred(state) == frozenset() and loader_of(state, "parties") is None
    assert state._fold is None
    with pytest.raises(AttributeError):
        _ = state.no_such_field  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        defer(state, {"no_such_field": lambda: 1})
