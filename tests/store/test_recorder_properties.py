"""Property: any interleaving of appends keeps positions dense and increasing, versions dense."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from store_factories import new_event

from timeline.errors import ConcurrencyError
from timeline.store.recorder import Recorder, StreamAppend

Operation = tuple[int, int, str]  # (stream index, number of events, expected-version mode)

operations = st.lists(
    st.tuples(st.integers(0, 3), st.integers(0, 3), st.sampled_from(["right", "none", "wrong"])),
    min_size=1,
    max_size=12,
)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(plan=st.lists(operations, min_size=1, max_size=3))
def test_interleaved_appends_keep_positions_and_versions_dense(
    recorder: Recorder, plan: list[list[Operation]]
) -> None:
    prefix = uuid.uuid4().hex[:8]
    expected: dict[str, list[str]] = {}
    for transaction in plan:
        items = []
        model = {name: list(subjects) for name, subjects in expected.items()}
        conflict = False
        for index, count, mode in transaction:
            stream = f"{prefix}-{index}"
            current = len(model.get(stream, []))
            events = [new_event(uuid.uuid4().hex) for _ in range(count)]
            version = {"right": current, "none": None, "wrong": current + 1}[mode]
            conflict = conflict or mode == "wrong"
            items.append(StreamAppend(stream, events, version))
            model.setdefault(stream, []).extend(e.event.subject for e in events)  # type: ignore[attr-defined]
        before = recorder.max_position()
        if conflict:
            with pytest.raises(ConcurrencyError):
                recorder.append_many(items)
            assert recorder.max_position() == before
            continue
        results = recorder.append_many(items)
        written = [p for result in results for p in result.positions]
        assert written == list(range(before + 1, before + 1 + len(written)))
        expected = model
    everything = list(recorder.read_all(batch_size=5))
    assert [e.position for e in everything] == list(range(1, len(everything) + 1))
    for stream, subjects in expected.items():
        stored = recorder.read_stream(stream)
        assert [e.stream_version for e in stored] == list(range(1, len(subjects) + 1))
        assert [e.event.subject for e in stored] == subjects  # type: ignore[attr-defined]
        assert recorder.stream_version(stream) == len(subjects)
