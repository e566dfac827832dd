"""The recorder contract: one suite, run over the in-memory, SQLite and PostgreSQL adapters."""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from store_factories import new_event, proposal, raw_writer

from timeline.domain.envelope import EventMetadata, NewEvent
from timeline.domain.events import ProposalMade, ProposalRejected
from timeline.errors import (
    ConcurrencyError,
    DuplicateEventError,
    InvalidPayloadError,
    StoreError,
    UnknownEventTypeError,
)
from timeline.store.codec import DEFAULT_CODEC
from timeline.store.recorder import NO_STREAM, Recorder, StreamAppend


def everything(recorder: Recorder) -> list[tuple[int, str, int, uuid.UUID]]:
    return [(e.position, e.stream_id, e.stream_version, e.event_id) for e in recorder.read_all()]


class TestAppend:
    @pytest.mark.parametrize(
        ("stream_id", "problem"),
        [
            ("article:a\x00b", "U+0000, a control character"),
            ("article:" + "x" * 193, "201 characters long; the limit is 200"),
            ("article:\ud800", "U+D800, a lone surrogate"),
            ("", "is blank"),
        ],
    )
    def test_a_stream_id_no_store_can_keep_is_refused_before_the_database_sees_it(
        self, recorder: Recorder, stream_id: str, problem: str
    ) -> None:
        with pytest.raises(StoreError, match=re.escape(problem)):
            recorder.append(stream_id, [new_event("a")], expected_version=NO_STREAM)
        assert recorder.max_position() == 0
        assert recorder.stream_version(stream_id) == 0
        assert recorder.read_stream(stream_id) == []

    def test_a_stream_id_of_200_characters_is_kept_by_every_store(self, recorder: Recorder) -> None:
        stream_id = "article:" + "é" * 192
        recorder.append(stream_id, [new_event("a")], expected_version=NO_STREAM)
        assert [e.stream_id for e in recorder.read_stream(stream_id)] == [stream_id]

    def test_a_new_stream_gets_versions_from_one_and_global_positions(
        self, recorder: Recorder
    ) -> None:
        first = recorder.append("korus", [new_event("a"), new_event("b")], expected_version=0)
        second = recorder.append("usmca", [new_event("c")], expected_version=NO_STREAM)
        third = recorder.append("korus", [new_event("d")], expected_version=2)
        assert (first.version, first.positions, first.duplicate) == (2, (1, 2), False)
        assert (second.version, second.positions) == (1, (3,))
        assert (third.version, third.positions) == (3, (4,))
        assert recorder.stream_version("korus") == 3
        assert recorder.stream_version("nothing") == 0
        assert recorder.max_position() == 4

    def test_events_read_back_equal_what_was_appended(self, recorder: Recorder) -> None:
        metadata = EventMetadata(causation_id=uuid.uuid4(), correlation_id=uuid.uuid4())
        appended = [new_event("a", metadata=metadata), new_event("b", actor="KR+US")]
        recorder.append("korus", appended, expected_version=None)
        stored = recorder.read_stream("korus")
        assert [e.event for e in stored] == [n.event for n in appended]
        assert [e.metadata for e in stored] == [n.metadata for n in appended]
        assert [e.event_id for e in stored] == [n.event_id for n in appended]
        assert all(e.recorded_at.tzinfo is not None for e in stored)
        assert all(e.recorded_at.utcoffset() == timedelta(0) for e in stored)

    def test_an_empty_append_writes_nothing_but_still_checks_the_version(
        self, recorder: Recorder
    ) -> None:
        assert recorder.append("korus", [], expected_version=0).positions == ()
        with pytest.raises(ConcurrencyError):
            recorder.append("korus", [], expected_version=3)
        assert recorder.max_position() == 0


class TestReadEvents:
    def test_events_are_read_back_by_id_in_position_order_and_unknown_ids_left_out(
        self, recorder: Recorder
    ) -> None:
        first, second, third = new_event("a"), new_event("b"), new_event("c")
        recorder.append("korus", [first, second], expected_version=0)
        recorder.append("usmca", [third], expected_version=0)

        found = recorder.read_events([third.event_id, uuid.uuid4(), first.event_id])

        assert [(e.event_id, e.stream_id, e.position) for e in found] == [
            (first.event_id, "korus", 1),
            (third.event_id, "usmca", 3),
        ]
        assert found[0].event == first.event
        assert recorder.read_events([]) == []


class TestConcurrency:
    def test_a_version_conflict_names_stream_expected_and_actual_and_writes_nothing(
        self, recorder: Recorder
    ) -> None:
        recorder.append("korus", [new_event(), new_event()], expected_version=0)
        before = everything(recorder)
        with pytest.raises(ConcurrencyError) as raised:
            recorder.append("korus", [new_event("late")], expected_version=1)
        assert (raised.value.stream_id, raised.value.expected, raised.value.actual) == (
            "korus",
            1,
            2,
        )
        assert "korus" in str(raised.value)
        assert everything(recorder) == before

    def test_no_stream_on_an_existing_stream_conflicts(self, recorder: Recorder) -> None:
        recorder.append("korus", [new_event()], expected_version=None)
        with pytest.raises(ConcurrencyError):
            recorder.append("korus", [new_event()], expected_version=NO_STREAM)

    def test_none_skips_the_check(self, recorder: Recorder) -> None:
        recorder.append("korus", [new_event()], expected_version=None)
        assert recorder.append("korus", [new_event()], expected_version=None).version == 2

    def test_a_multi_stream_append_is_all_or_nothing(self, recorder: Recorder) -> None:
        recorder.append("usmca", [new_event()], expected_version=0)
        with pytest.raises(ConcurrencyError):
            recorder.append_many(
                [
                    StreamAppend("korus", [new_event(), new_event()], 0),
                    StreamAppend("usmca", [new_event()], 0),
                ]
            )
        assert recorder.stream_version("korus") == 0
        assert recorder.max_position() == 1

    def test_a_stream_named_twice_in_one_transaction_sees_its_own_writes(
        self, recorder: Recorder
    ) -> None:
        results = recorder.append_many(
            [
                StreamAppend("korus", [new_event()], 0),
                StreamAppend("usmca", [new_event()], 0),
                StreamAppend("korus", [new_event(), new_event()], 1),
            ]
        )
        assert [(r.stream_id, r.version, r.positions) for r in results] == [
            ("korus", 1, (1,)),
            ("usmca", 1, (2,)),
            ("korus", 3, (3, 4)),
        ]


class TestIdempotency:
    def test_appending_the_same_events_again_is_a_reported_no_op(self, recorder: Recorder) -> None:
        batch = [new_event("a"), new_event("b")]
        first = recorder.append("korus", batch, expected_version=0)
        recorder.append("korus", [new_event("c")], expected_version=2)
        again = recorder.append("korus", batch, expected_version=0)
        assert again.duplicate is True
        assert again.positions == first.positions
        assert again.version == 3
        assert recorder.max_position() == 3

    def test_the_same_id_with_other_content_is_an_error_and_writes_nothing(
        self, recorder: Recorder
    ) -> None:
        stored = new_event("a")
        recorder.append("korus", [stored], expected_version=0)
        changed = NewEvent(event_id=stored.event_id, event=proposal("something else"))
        with pytest.raises(DuplicateEventError) as raised:
            recorder.append("korus", [new_event("fresh"), changed], expected_version=1)
        assert raised.value.event_id == str(stored.event_id)
        assert raised.value.stream_id == "korus"
        assert recorder.max_position() == 1

    def test_the_same_id_in_another_stream_is_an_error(self, recorder: Recorder) -> None:
        stored = new_event("a")
        recorder.append("korus", [stored], expected_version=0)
        with pytest.raises(DuplicateEventError):
            recorder.append("usmca", [stored], expected_version=None)
        assert recorder.stream_version("usmca") == 0

    def test_the_same_id_twice_in_one_append_with_other_content_is_an_error(
        self, recorder: Recorder
    ) -> None:
        first = new_event("a")
        twin = NewEvent(event_id=first.event_id, event=proposal("b"))
        with pytest.raises(DuplicateEventError):
            recorder.append("korus", [first, twin], expected_version=0)
        assert recorder.max_position() == 0

    def test_already_stored_events_are_skipped_and_the_new_ones_appended(
        self, recorder: Recorder
    ) -> None:
        stored = new_event("a")
        recorder.append("korus", [stored], expected_version=0)
        fresh = new_event("b")
        result = recorder.append("korus", [stored, fresh], expected_version=1)
        assert (result.version, result.positions, result.duplicate) == (2, (2,), False)
        assert [e.event_id for e in recorder.read_stream("korus")] == [
            stored.event_id,
            fresh.event_id,
        ]


class TestReadStream:
    def test_version_ranges(self, recorder: Recorder) -> None:
        batch = [new_event(str(n)) for n in range(1, 6)]
        recorder.append("korus", batch, expected_version=0)
        recorder.append("usmca", [new_event()], expected_version=0)

        def subjects(**bounds: Any) -> list[str]:
            return [
                e.event.subject  # type: ignore[attr-defined]
                for e in recorder.read_stream("korus", **bounds)
            ]

        assert subjects() == ["1", "2", "3", "4", "5"]
        assert subjects(from_version=2, to_version=4) == ["2", "3", "4"]
        assert subjects(from_version=4) == ["4", "5"]
        assert subjects(to_version=1) == ["1"]
        assert subjects(from_version=6) == []
        assert [e.stream_version for e in recorder.read_stream("korus")] == [1, 2, 3, 4, 5]
        assert recorder.read_stream("missing") == []

    def test_until_position_and_recorded_until(self, make_recorder: Any, clock: Any) -> None:
        recorder: Recorder = make_recorder(clock=clock)
        recorder.append("korus", [new_event("1"), new_event("2")], expected_version=0)
        then = clock.now
        clock.advance(60)
        recorder.append("usmca", [new_event("x")], expected_version=0)
        recorder.append("korus", [new_event("3")], expected_version=2)
        assert [e.stream_version for e in recorder.read_stream("korus", until_position=3)] == [
            1,
            2,
        ]
        assert [e.stream_version for e in recorder.read_stream("korus", recorded_until=then)] == [
            1,
            2,
        ]
        assert len(recorder.read_stream("korus", recorded_until=clock.now)) == 3


class TestReadAll:
    def test_global_order_batches_and_after(self, recorder: Recorder) -> None:
        ids = []
        for n in range(7):
            event = new_event(str(n))
            ids.append(event.event_id)
            recorder.append(["korus", "usmca", "cptpp"][n % 3], [event], expected_version=None)
        for batch_size in (1, 2, 3, 7, 100):
            read = list(recorder.read_all(batch_size=batch_size))
            assert [e.event_id for e in read] == ids
            assert [e.position for e in read] == list(range(1, 8))
        assert [e.position for e in recorder.read_all(after=4, batch_size=2)] == [5, 6, 7]
        assert list(recorder.read_all(after=7)) == []
        assert [e.stream_id for e in recorder.read_all(until_position=3)] == [
            "korus",
            "usmca",
            "cptpp",
        ]

    def test_read_all_streams_lazily_and_picks_up_new_events(self, recorder: Recorder) -> None:
        recorder.append("korus", [new_event(str(n)) for n in range(5)], expected_version=0)
        reader = recorder.read_all(batch_size=2)
        assert next(reader).position == 1
        recorder.append("korus", [new_event("late")], expected_version=5)
        assert [e.position for e in reader] == [2, 3, 4, 5, 6]

    def test_recorded_until_is_what_the_store_knew_then(
        self, make_recorder: Any, clock: Any
    ) -> None:
        recorder: Recorder = make_recorder(clock=clock)
        recorder.append("korus", [new_event("1")], expected_version=0)
        first = clock.now
        clock.advance(3600)
        recorder.append("korus", [new_event("2")], expected_version=1)
        second = clock.now
        assert [e.position for e in recorder.read_all(recorded_until=first)] == [1]
        assert [e.position for e in recorder.read_all(recorded_until=second)] == [1, 2]
        before = first - timedelta(seconds=1)
        assert list(recorder.read_all(recorded_until=before)) == []
        in_tokyo = second.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Tokyo"))
        assert [e.position for e in recorder.read_all(recorded_until=in_tokyo)] == [1, 2]
        assert [e.recorded_at for e in recorder.read_all()] == [first, second]

    def test_recorded_at_never_goes_back_when_the_clock_does(
        self, make_recorder: Any, clock: Any
    ) -> None:
        recorder: Recorder = make_recorder(clock=clock)
        recorder.append("korus", [new_event("1")], expected_version=0)
        clock.advance(-600)
        recorder.append("korus", [new_event("2")], expected_version=1)
        times = [e.recorded_at for e in recorder.read_all()]
        assert times[0] == times[1] == datetime(2026, 1, 1, tzinfo=UTC)


class TestDecoding:
    def test_an_unknown_type_is_an_error_naming_position_and_type(
        self, recorder: Recorder, write_raw: Any
    ) -> None:
        recorder.append("korus", [new_event()], expected_version=0)
        position = write_raw("korus", "tariff_tweeted", 1, '{"type": "tariff_tweeted"}')
        with pytest.raises(UnknownEventTypeError) as raised:
            list(recorder.read_all())
        assert (raised.value.type_name, raised.value.position) == ("tariff_tweeted", position)
        assert f"position {position}" in str(raised.value)
        with pytest.raises(UnknownEventTypeError):
            recorder.read_stream("korus")

    def test_an_invalid_payload_is_an_error_naming_position_and_type(
        self, recorder: Recorder, write_raw: Any
    ) -> None:
        payload = json.loads(proposal().model_dump_json())
        del payload["evidence"]
        position = write_raw("korus", "proposal_made", 1, json.dumps(payload))
        with pytest.raises(InvalidPayloadError) as raised:
            list(recorder.read_all())
        assert (raised.value.type_name, raised.value.position) == ("proposal_made", position)
        assert "evidence" in raised.value.detail

    def test_a_payload_whose_type_disagrees_with_its_row_is_invalid(
        self, recorder: Recorder, write_raw: Any
    ) -> None:
        rejected = ProposalRejected(**proposal().model_dump(exclude={"type", "terms"}))
        write_raw("korus", "proposal_made", 1, rejected.model_dump_json())
        with pytest.raises(InvalidPayloadError, match="proposal_rejected"):
            list(recorder.read_all())

    def test_a_newer_schema_version_than_the_code_knows_is_invalid(
        self, recorder: Recorder, write_raw: Any
    ) -> None:
        write_raw("korus", "proposal_made", 99, proposal().model_dump_json())
        with pytest.raises(InvalidPayloadError, match="newer"):
            list(recorder.read_all())

    def test_a_v0_payload_is_upcast_and_read_as_the_current_model(self, make_recorder: Any) -> None:
        """A pre-release shape: one ``parties`` field "US->KR" instead of actor and target."""

        def split_parties(old: dict[str, Any]) -> dict[str, Any]:
            new = {key: value for key, value in old.items() if key != "parties"}
            new["actor"], new["target"] = old["parties"].split("->")
            return new

        recorder: Recorder = make_recorder(
            codec=DEFAULT_CODEC.with_upcaster("proposal_made", 0, split_parties)
        )
        write_raw = raw_writer(recorder)
        current = proposal(actor="US", target="KR")
        old = json.loads(current.model_dump_json())
        old["parties"] = f"{old.pop('actor')}->{old.pop('target')}"
        position = write_raw("korus", "proposal_made", 0, json.dumps(old))
        [stored] = recorder.read_all()
        assert stored.position == position
        assert isinstance(stored.event, ProposalMade)
        assert stored.event == current
        assert stored.schema_version == ProposalMade.schema_version

    def test_without_an_upcaster_an_old_payload_is_invalid(
        self, recorder: Recorder, write_raw: Any
    ) -> None:
        write_raw("korus", "proposal_made", 0, proposal().model_dump_json())
        with pytest.raises(InvalidPayloadError, match="no upcaster"):
            list(recorder.read_all())
