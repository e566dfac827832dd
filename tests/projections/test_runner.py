"""Persisted read models: catch-up, rebuild, verify, status, on memory, SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from seedlike import DAY, ap_events, gulf_events, retraction
from sqlalchemy import insert, update

from timeline.domain.events import TerminationClauseCited
from timeline.errors import ConcurrencyError, EventError, ProjectionError
from timeline.projections.index import PROJECTION
from timeline.projections.negotiation import project
from timeline.projections.runner import ProjectionRunner, _contents
from timeline.store.memory import InMemoryRecorder
from timeline.store.readmodels import InMemoryReadModels, ReadModelStore
from timeline.store.recorder import Recorder
from timeline.store.schema import projection_documents
from timeline.store.sql import SqlRecorder
from timeline.store.sql_readmodels import SqlReadModels


def read_models_for(recorder: Recorder) -> ReadModelStore:
    if isinstance(recorder, SqlRecorder):
        return SqlReadModels(recorder.engine)
    return InMemoryReadModels()


@pytest.fixture
def runner(recorder: Recorder) -> Iterator[ProjectionRunner]:
    yield ProjectionRunner(recorder, read_models_for(recorder))


def append_seeds(recorder: Recorder) -> None:
    recorder.append("article-ap", ap_events(), expected_version=0)
    recorder.append("article-gn", gulf_events(), expected_version=0)


def test_catch_up_applies_only_new_events(recorder: Recorder, runner: ProjectionRunner) -> None:
    recorder.append("article-ap", ap_events(), expected_version=0)
    assert runner.catch_up() == len(ap_events())
    assert runner.catch_up() == 0
    first = runner.state("korus")
    assert first.termination_clause.notice_days == "unknown"
    recorder.append("article-gn", gulf_events(), expected_version=0)
    assert runner.catch_up() == len(gulf_events())
    [status, latest] = runner.status()
    assert (status.position, status.head, status.lag) == (23, 23, 0)
    assert status.documents > 0
    assert (latest.projection, latest.position, latest.lag) == ("negotiation_state", 23, 0)
    assert (latest.documents, latest.stale) == (1, 0)  # korus
    assert runner.verify() == []


def test_the_state_from_the_read_model_equals_the_projection(
    recorder: Recorder, runner: ProjectionRunner
) -> None:
    append_seeds(recorder)
    runner.catch_up()
    events = list(recorder.read_all())
    for as_of, known_at in ((None, None), (DAY, None), (None, len(ap_events()))):
        from_model = runner.state("korus", as_of=as_of, known_at=known_at)
        direct = project(events, "korus", as_of=as_of, known_at=known_at)
        assert from_model.model_dump_json() == direct.model_dump_json()
    assert from_model.termination_clause.notice_days == "unknown"
    assert runner.state("korus").status.value == "stalled"
    assert runner.negotiations() == {"korus"}
    assert [e.position for e in runner.events("korus")] == list(range(1, 24))


def test_rebuild_starts_from_zero_and_matches(recorder: Recorder, runner: ProjectionRunner) -> None:
    append_seeds(recorder)
    runner.catch_up()
    before = _contents(runner.read_models)
    assert runner.rebuild() == 23
    assert _contents(runner.read_models) == before
    assert runner.verify() == []


def test_retractions_reach_the_read_model(recorder: Recorder, runner: ProjectionRunner) -> None:
    append_seeds(recorder)
    runner.catch_up()
    [clause] = [e for e in gulf_events() if isinstance(e.event, TerminationClauseCited)]
    recorder.append("article-gn", [retraction(clause, "gulfnews-like")], expected_version=None)
    assert runner.catch_up() == 1
    assert runner.state("korus").termination_clause.notice_days == "unknown"
    assert runner.state("korus", known_at=23).termination_clause.notice_days == 180


def test_verify_finds_a_tampered_document(recorder: Recorder, runner: ProjectionRunner) -> None:
    append_seeds(recorder)
    runner.catch_up()
    key, document = next(iter(runner.read_models.scan(PROJECTION, "n/korus/")))
    tampered = json.dumps(json.loads(document)[:-1])
    store = runner.read_models
    if isinstance(store, SqlReadModels):
        assert isinstance(recorder, SqlRecorder)
        with recorder.engine.begin() as conn:
            conn.execute(
                update(projection_documents)
                .where(projection_documents.c.key == key)
                .values(document=tampered)
            )
    else:
        assert isinstance(store, InMemoryReadModels)
        store.tamper(PROJECTION, key, tampered)
    problems = runner.verify()
    assert len(problems) == 1
    assert problems[0].startswith("negotiation korus")


def test_verify_finds_a_missing_article(recorder: Recorder, runner: ProjectionRunner) -> None:
    append_seeds(recorder)
    runner.catch_up()
    store = runner.read_models
    if isinstance(store, SqlReadModels):
        assert isinstance(recorder, SqlRecorder)
        with recorder.engine.begin() as conn:
            conn.execute(
                insert(projection_documents).values(
                    projection=PROJECTION, key="a/ghost-article", document="{}"
                )
            )
    else:
        assert isinstance(store, InMemoryReadModels)
        store.tamper(PROJECTION, "a/ghost-article", "{}")
    assert runner.verify() == ["a/ghost-article: persisted but not derived from the events"]


def test_an_unknown_event_type_stops_catch_up_and_moves_nothing(
    recorder: Recorder, runner: ProjectionRunner
) -> None:
    from store_factories import raw_writer

    recorder.append("article-ap", ap_events(), expected_version=0)
    raw_writer(recorder)("weird", "treaty_burned", 1, '{"type": "treaty_burned"}')
    with pytest.raises((ProjectionError, EventError)) as raised:
        runner.catch_up()
    assert "treaty_burned" in str(raised.value)
    assert runner.read_models.checkpoint(PROJECTION) == 0


# -- catch-up after a partial rebuild equals a full rebuild -----------------------------------


def _store() -> InMemoryRecorder:
    recorder = InMemoryRecorder()
    append_seeds(recorder)
    nafta = [
        e.model_copy(
            update={
                "event_id": e.event_id.__class__(int=e.event_id.int ^ 1),
                "event": e.event.model_copy(update={"negotiation": "nafta"}),
            }
        )
        for e in ap_events()[1:]
    ]
    recorder.append("nafta", nafta, expected_version=0)
    [clause] = [e for e in gulf_events() if isinstance(e.event, TerminationClauseCited)]
    recorder.append("article-gn", [retraction(clause, "gulfnews-like")], expected_version=None)
    return recorder


STORE = _store()
TOTAL = STORE.max_position()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(split=st.integers(0, TOTAL), flush=st.integers(1, 12))
def test_catch_up_after_a_partial_rebuild_equals_a_full_rebuild(split: int, flush: int) -> None:
    partial = ProjectionRunner(STORE, InMemoryReadModels(), flush_events=flush)
    partial.catch_up(until_position=split)
    assert partial.read_models.checkpoint(PROJECTION) == split
    partial.catch_up()
    full = ProjectionRunner(STORE, InMemoryReadModels())
    full.rebuild()
    assert _contents(partial.read_models) == _contents(full.read_models)
    for name in ("korus", "nafta"):
        assert partial.state(name).model_dump_json() == full.state(name).model_dump_json()
    assert partial.verify() == []


class _Racing:
    """Read models shared with another runner that catches up just before our first write."""

    def __init__(self, shared: InMemoryReadModels, other: ProjectionRunner) -> None:
        self.shared = shared
        self.other = other
        self.raced = False

    def __getattr__(self, name: str) -> object:
        return getattr(self.shared, name)

    def write(
        self, projection: str, documents: dict[str, str], position: int, *, expected: int | None
    ) -> None:
        if not self.raced:
            self.raced = True
            self.other.catch_up()
        self.shared.write(projection, documents, position, expected=expected)


def test_a_runner_overtaken_by_another_goes_on_from_the_new_checkpoint() -> None:
    shared = InMemoryReadModels()
    other = ProjectionRunner(STORE, shared)
    racing = ProjectionRunner(STORE, _Racing(shared, other), flush_events=5)  # type: ignore[arg-type]
    assert racing.catch_up() == 0  # the other runner applied everything first
    assert shared.checkpoint(PROJECTION) == TOTAL
    full = ProjectionRunner(STORE, InMemoryReadModels())
    full.rebuild()
    assert _contents(shared) == _contents(full.read_models)
    with pytest.raises(ConcurrencyError):
        shared.write(PROJECTION, {}, TOTAL + 1, expected=TOTAL - 1)
