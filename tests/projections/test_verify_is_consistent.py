"""``projections verify`` reads one consistent moment and checks what the state reads
(issue 12, items 5 and 1), on memory, SQLite and PostgreSQL.

A catch-up moves documents and checkpoint together, in one transaction; verify reads both in
one snapshot, so a catch-up committed between its reads raises no false alarm. Verify also
decodes every persisted article document the way ``state`` does, so a document the state
cannot read (as when ``a/`` documents lacked the ``text`` the decoder required) is reported.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from seedlike import ap_events, gulf_events

from timeline.domain.events import ArticleIngested
from timeline.domain.fold import ArticleInfo
from timeline.projections.index import PROJECTION
from timeline.projections.runner import ProjectionRunner
from timeline.store.readmodels import InMemoryReadModels
from timeline.store.recorder import Recorder
from timeline.store.sql import SqlRecorder
from timeline.store.sql_readmodels import SqlReadModels


@pytest.fixture
def runner(recorder: Recorder) -> Iterator[ProjectionRunner]:
    if isinstance(recorder, SqlRecorder):
        yield ProjectionRunner(recorder, SqlReadModels(recorder.engine))
    else:
        yield ProjectionRunner(recorder, InMemoryReadModels())


def append_seeds(recorder: Recorder) -> None:
    recorder.append("article-ap", ap_events(), expected_version=0)
    recorder.append("article-gn", gulf_events(), expected_version=0)


def test_verify_while_a_catch_up_commits_between_its_reads_finds_nothing_wrong(
    recorder: Recorder, runner: ProjectionRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    append_seeds(recorder)
    runner.catch_up(until_position=5)
    other = ProjectionRunner(recorder, runner.read_models, flush_events=3)
    store_type = type(runner.read_models)
    read_checkpoint = store_type.checkpoint
    caught_up: list[int] = []

    def checkpoint_then_catch_up(self: object, projection: str) -> int:
        found = read_checkpoint(self, projection)  # type: ignore[arg-type]
        if not caught_up:  # another runner catches up right after verify read the checkpoint
            caught_up.append(0)
            caught_up[0] = other.catch_up()
        return found

    monkeypatch.setattr(store_type, "checkpoint", checkpoint_then_catch_up)
    assert runner.verify() == []
    monkeypatch.undo()

    assert caught_up and caught_up[0] > 0
    assert runner.read_models.checkpoint(PROJECTION) == recorder.max_position()
    assert runner.verify() == []


def test_verify_reports_an_article_document_the_state_cannot_read(
    recorder: Recorder, runner: ProjectionRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not isinstance(recorder, SqlRecorder):
        pytest.skip("the in-memory index keeps an empty text, which that decoder could read")
    append_seeds(recorder)
    runner.catch_up()
    assert runner.verify() == []

    def needs_the_text(document: str) -> ArticleInfo:  # the decoder before the fix
        return ArticleInfo.of(ArticleIngested.model_validate(json.loads(document)))

    monkeypatch.setattr("timeline.projections.runner.decode_article", needs_the_text)
    problems = runner.verify()

    assert len(problems) == 2
    assert all(p.startswith("a/") and "the state cannot read it" in p for p in problems)
    assert all("text" in p for p in problems)
