"""collector_paused: the cyclic collector is off inside, restored after, even on errors;
what a pause made is not left for the young generation to scan, and cycles made during
pauses are still collected."""

from __future__ import annotations

import gc
import weakref

import pytest

from timeline.projections import folding
from timeline.projections.folding import collector_paused


class _Node:
    other: _Node | None = None


def test_the_collector_is_paused_inside_and_restored_after() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner block restores the outer one's setting
    assert gc.isenabled()


def test_an_error_inside_still_restores_the_collector() -> None:
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_a_disabled_collector_stays_disabled() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_what_a_pause_made_is_not_left_young() -> None:
    with collector_paused():
        kept = [[index] for index in range(20_000)]  # tracked containers, kept alive
    young = gc.get_objects(generation=0) + gc.get_objects(generation=1)
    assert not any(found is kept[0] or found is kept[-1] for found in young)
    assert any(found is kept[0] for found in gc.get_objects(generation=2))


def test_cycles_made_while_paused_are_collected_within_the_period(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(folding, "FULL_COLLECTION_EVERY", 3)
    with collector_paused():
        first, second = _Node(), _Node()
        first.other, second.other = second, first
        dead = weakref.ref(first)
        del first, second
    for _ in range(folding.FULL_COLLECTION_EVERY):
        with collector_paused():
            pass
    assert dead() is None
