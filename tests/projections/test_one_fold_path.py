"""``state`` and ``replay`` fold the same events with the same cited articles."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from seedlike import DAY, ap_events, event_id, stated

from timeline import Timeline
from timeline.audit import replay
from timeline.domain.envelope import NewEvent, RecordedEvent
from timeline.domain.events import ArticleIngested, MeetingHeld
from timeline.projections.chronology import chronology
from timeline.projections.runner import ProjectionRunner
from timeline.store.memory import InMemoryRecorder
from timeline.store.readmodels import InMemoryReadModels
from timeline.store.rows import DecodedEventRows

OTHER = "other-negotiation-story"
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def other_article() -> NewEvent:
    """An article filed under another negotiation, whose text also speaks of korus."""
    text = "Text of the other story."
    return NewEvent(
        event_id=event_id("article", OTHER),
        event=ArticleIngested(
            article_id=OTHER,
            published=DAY,
            outlet="Paper N",
            wire="Wire N",
            negotiation="nafta",
            text=text,
            sha256=hashlib.sha256(text.encode()).hexdigest(),
            extractor_version="test",
        ),
    )


def cited_from_elsewhere() -> NewEvent:
    return stated(
        MeetingHeld,
        OTHER,
        "the Korean and US negotiators also met that week",
        actor="KR+US",
        subject="meeting on the FTA",
    )


def runner_with_both() -> ProjectionRunner:
    recorder = InMemoryRecorder()
    recorder.append("article-ap", ap_events(), expected_version=0)
    recorder.append("article-other", [other_article(), cited_from_elsewhere()], expected_version=0)
    runner = ProjectionRunner(recorder, InMemoryReadModels())
    runner.catch_up()
    return runner


def test_history_carries_the_articles_cited_from_another_negotiation() -> None:
    history = runner_with_both().history("korus")
    assert set(history.articles) == {OTHER}
    assert all(
        e.event.type != "article_ingested" or e.event.article_id != OTHER for e in history.events
    )


def test_the_last_replay_step_is_the_state() -> None:
    runner = runner_with_both()
    history = runner.history("korus")
    *_, last = replay(history.events, "korus", articles=history.articles)
    state = runner.state("korus")
    assert last.state is not None
    assert last.state.model_dump_json() == state.model_dump_json()
    cited = [s for m in state.meetings_held for s in m.sources if s.article_id == OTHER]
    assert [s.origin for s in cited] == ["wire n"]
    for step in replay(history.events, "korus", articles=history.articles):
        assert step.state is not None
        for held in step.state.meetings_held:
            assert all(s.origin != f"article {OTHER}" for s in held.sources)


def test_the_state_decodes_each_event_of_the_negotiation_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    decoded: list[int] = []
    original = DecodedEventRows.events_at

    def counting(self: DecodedEventRows, positions: Sequence[int]) -> Iterator[RecordedEvent]:
        for event in original(self, positions):
            decoded.append(event.position)
            yield event

    monkeypatch.setattr(DecodedEventRows, "events_at", counting)
    with Timeline.in_memory() as timeline:
        assert timeline.ingest([SEEDS]).ok
        timeline.projections.catch_up()
        positions = timeline.projections.positions("korus")
        decoded.clear()
        timeline.state("korus", known_at=positions[-1] - 1)  # before the latest state
        assert sorted(decoded) == positions[:-1]
        decoded.clear()
        timeline.state("korus")  # the persisted latest state: nothing to decode
        assert decoded == []
        decoded.clear()
        list(timeline.replay("korus"))
        assert sorted(decoded) == positions


def test_the_chronology_names_the_outlet_of_an_article_cited_from_elsewhere() -> None:
    history = runner_with_both().history("korus")
    rows = chronology(history.events, "korus", articles=history.articles)
    cited = [s for row in rows for s in row.sources if s.article_id == OTHER]
    assert [(s.outlet, s.origin) for s in cited] == [("Paper N", "wire n")]
