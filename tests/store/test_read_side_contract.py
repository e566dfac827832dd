"""The read-side capability of the recorder contract, over memory, SQLite and PostgreSQL.

Every recorder offers the projections its index rows, its events by position and a
read-model store (``ReadSideRecorder``); the answers must not depend on the adapter.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from store_factories import new_event

from timeline.domain.envelope import NewEvent
from timeline.domain.events import ArticleIngested, ProposalRejected
from timeline.errors import ConcurrencyError, TimelineError
from timeline.store.readmodels import ReadModelStore
from timeline.store.recorder import ReadSideRecorder


@pytest.fixture
def store(recorder: ReadSideRecorder) -> ReadModelStore:
    """The read-model store the recorder under test keeps beside its events."""
    return recorder.read_models()


def article(article_id: str, *negotiations: str) -> NewEvent:
    """An article_ingested event filed under the first negotiation, naming the others."""
    event = ArticleIngested(
        article_id=article_id,
        published="2017-08-22",
        outlet="Paper",
        negotiation=negotiations[0],
        negotiations=negotiations,
        text="Some text that the index leaves out.",
        sha256="0" * 64,
        extractor_version="test",
    )
    return NewEvent(event_id=new_event().event_id, event=event)


def seeded(recorder: ReadSideRecorder) -> list[NewEvent]:
    appended = [
        article("a-1", "korus", "usmca"),
        new_event("amend the agreement"),
        new_event("review the deal", negotiation="usmca"),
    ]
    recorder.append("article:a-1", appended, expected_version=0)
    return appended


class TestEventRows:
    def test_index_rows_carry_position_type_negotiation_and_the_article_without_text(
        self, recorder: ReadSideRecorder
    ) -> None:
        seeded(recorder)
        rows = list(recorder.event_rows().index_rows())
        assert [row[:3] for row in rows] == [
            (1, "article_ingested", "korus"),
            (2, "proposal_made", "korus"),
            (3, "proposal_made", "usmca"),
        ]
        assert [row[3] is None for row in rows] == [False, True, True]
        payload: dict[str, Any] = json.loads(str(rows[0][3]))
        assert payload["article_id"] == "a-1"
        assert payload["negotiations"] == ["korus", "usmca"]
        assert payload.get("text", "") == ""

    @pytest.mark.parametrize("batch_size", [1, 2, 1000])
    def test_index_rows_start_after_a_position_and_stop_at_another(
        self, recorder: ReadSideRecorder, batch_size: int
    ) -> None:
        seeded(recorder)
        recorder.append("korus", [new_event("x"), new_event("y")], expected_version=0)
        rows = recorder.event_rows().index_rows(after=1, batch_size=batch_size, until_position=4)
        assert [row[0] for row in rows] == [2, 3, 4]

    def test_events_at_reads_exactly_those_positions_in_order(
        self, recorder: ReadSideRecorder
    ) -> None:
        appended = seeded(recorder)
        found = list(recorder.event_rows().events_at([3, 1]))
        assert [e.position for e in found] == [1, 3]
        assert [e.event_id for e in found] == [appended[0].event_id, appended[2].event_id]
        assert found == [e for e in recorder.read_all() if e.position in {1, 3}]
        assert list(recorder.event_rows().events_at([])) == []

    def test_events_at_decodes_through_the_codec(self, recorder: ReadSideRecorder) -> None:
        recorder.append(
            "korus",
            [NewEvent(event_id=new_event().event_id, event=rejected())],
            expected_version=0,
        )
        [found] = recorder.event_rows().events_at([1])
        assert found.event == rejected()

    def test_an_unknown_event_type_stops_the_index_naming_it(
        self, recorder: ReadSideRecorder, write_raw: Any
    ) -> None:
        seeded(recorder)
        write_raw("korus", "tariff_tweeted", 1, '{"type": "tariff_tweeted"}')
        with pytest.raises(TimelineError, match="tariff_tweeted"):
            list(recorder.event_rows().index_rows())


def rejected() -> ProposalRejected:
    made = new_event().event
    fields = made.model_dump(exclude={"type", "terms", "schema_version"})
    return ProposalRejected(**fields)


class TestReadModels:
    def test_the_recorder_keeps_one_read_model_store(self, recorder: ReadSideRecorder) -> None:
        recorder.read_models().write("p", {"a": "1"}, 4)
        assert recorder.read_models().checkpoint("p") == 4
        assert dict(recorder.read_models().scan("p")) == {"a": "1"}


def test_documents_and_checkpoint_are_written_together(store: ReadModelStore) -> None:
    assert store.checkpoint("p") == 0
    store.write("p", {"a": "1", "b": "2"}, 7)
    store.write("p", {"b": "3"}, 9)
    assert store.checkpoint("p") == 9
    assert dict(store.scan("p")) == {"a": "1", "b": "3"}
    assert store.get("p", ["a", "missing"]) == {"a": "1"}
    [mark] = store.checkpoints()
    assert (mark.projection, mark.position, mark.documents) == ("p", 9, 2)
    assert mark.updated_at is not None


def test_a_prefix_is_matched_literally(store: ReadModelStore) -> None:
    store.write("p", {"n/us_china/1": "x", "n/usXchina/1": "y", "n/us%/1": "z"}, 1)
    assert [k for k, _ in store.scan("p", "n/us_china/")] == ["n/us_china/1"]
    assert [k for k, _ in store.scan("p", "n/us%/")] == ["n/us%/1"]


def test_a_prefix_finds_exactly_the_keys_that_start_with_it(store: ReadModelStore) -> None:
    """Keys beside the prefix's range (the prefix itself, its next character, non-ASCII
    ones, a longer key sorting after it) are found exactly when they start with it."""
    keys = ["n/k", "n/k/", "n/k/1", "n/k/\u00e9", "n/k/\U0001f600", "n/k0", "n/k/\uffff", "n/j/9"]
    keys += ["n/\u00e9/1", "n/\u00e9\u00e9", "n/\u00ea", "n/\U0001f600/2", "n/\U0001f601"]
    store.write("p", {key: key for key in keys}, 1)
    for prefix in ["n/k/", "n/k", "n/", "n/\u00e9", "n/\U0001f600", "n/k/\uffff", "n/\u00e9/"]:
        want = sorted(key for key in keys if key.startswith(prefix))
        assert sorted(k for k, _ in store.scan("p", prefix)) == want, prefix


def test_reset_forgets_one_projection(store: ReadModelStore) -> None:
    store.write("p", {"a": "1"}, 3)
    store.write("q", {"a": "2"}, 4)
    store.reset("p")
    assert store.checkpoint("p") == 0
    assert list(store.scan("p")) == []
    assert dict(store.scan("q")) == {"a": "2"}


def test_a_write_from_a_stale_checkpoint_is_refused(store: ReadModelStore) -> None:
    store.write("p", {"a": "1"}, 5, expected=0)
    with pytest.raises(ConcurrencyError) as raised:
        store.write("p", {"a": "2"}, 9, expected=3)
    assert (raised.value.expected, raised.value.actual) == (3, 5)
    assert dict(store.scan("p")) == {"a": "1"}
    assert store.checkpoint("p") == 5
