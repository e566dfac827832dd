"""The read-model stores: documents and checkpoints move together; prefixes are literal."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from timeline.errors import ConcurrencyError
from timeline.projections.readmodels import InMemoryReadModels, ReadModelStore, SqlReadModels
from timeline.store.engine import open_engine


@pytest.fixture(params=["memory", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest) -> Iterator[ReadModelStore]:
    if request.param == "memory":
        yield InMemoryReadModels()
        return
    if request.param == "sqlite":
        url = str(request.getfixturevalue("sqlite_database"))
    else:
        url = request.getfixturevalue("postgres_database").render_as_string(hide_password=False)
    engine = open_engine(url)
    yield SqlReadModels(engine)
    engine.dispose()


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
