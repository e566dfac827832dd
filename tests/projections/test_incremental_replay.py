"""Replay kept rendered event by event gives exactly what rendering every state from scratch
gives."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from itertools import islice
from pathlib import Path

import pytest

from timeline import audit
from timeline.app import Timeline
from timeline.audit import diff, flat, replay
from timeline.domain.envelope import NewEvent, RecordedEvent
from timeline.domain.events import EventRetracted, NegotiationEvent
from timeline.domain.fold import NegotiationFold
from timeline.domain.render import render
from timeline.incremental import LiveRender
from timeline.store.recorder import NO_STREAM

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = [
    *sorted((ROOT / "seeds").glob("*.md")),
    *sorted((ROOT / "tests/corpus/heldout/articles").glob("*.md")),
]


@pytest.fixture(scope="module")
def recorded() -> list[RecordedEvent]:
    """The seeds and the held-out articles derived, plus two retractions of derived events."""
    timeline = Timeline.in_memory()
    timeline.ingest(ARTICLES)
    derived = [r for r in timeline.recorder.read_all() if isinstance(r.event, NegotiationEvent)]
    retractions = [
        NewEvent(
            event_id=uuid.uuid5(uuid.NAMESPACE_URL, f"retract-{r.event_id}"),
            event=EventRetracted(
                retracted_event_id=r.event_id,
                negotiation=r.event.negotiation,
                article_id=r.event.evidence[0].article_id,
                reason="test: retracted by hand",
                extractor_version="test",
            ),
        )
        for r in (derived[3], derived[len(derived) // 2])
        if isinstance(r.event, NegotiationEvent)
    ]
    timeline.recorder.append("test-retractions", retractions, expected_version=NO_STREAM)
    return list(timeline.recorder.read_all())


def _naive_changes(
    events: list[RecordedEvent], negotiation: str, as_of: date | None
) -> Iterator[tuple[int, tuple[object, ...]]]:
    """Replay as it was first written: render and flatten the whole state after each event."""
    fold = NegotiationFold(negotiation)
    previous = flat(render(fold, as_of))
    for recorded in events:
        if not fold.apply(recorded):
            continue
        current = flat(render(fold, as_of))
        yield recorded.position, diff(previous, current)
        previous = current


def _negotiations(events: list[RecordedEvent]) -> list[str]:
    return sorted({r.event.negotiation for r in events if isinstance(r.event, NegotiationEvent)})


@pytest.mark.parametrize("as_of", [None, date(2017, 8, 22), date(2018, 3, 1)])
def test_the_incremental_replay_equals_the_naive_replay(
    recorded: list[RecordedEvent], as_of: date | None
) -> None:
    negotiations = _negotiations(recorded)
    assert len(negotiations) >= 3
    retracted = {
        r.event.retracted_event_id for r in recorded if isinstance(r.event, EventRetracted)
    }
    assert len(retracted) == 2
    steps_with_changes = 0
    for negotiation in negotiations:
        fast = [(s.position, s.changes) for s in replay(recorded, negotiation, as_of=as_of)]
        slow = list(_naive_changes(recorded, negotiation, as_of))
        assert fast == slow, negotiation
        steps_with_changes += sum(1 for _, changes in fast if changes)
    assert steps_with_changes > 50


@pytest.mark.parametrize("as_of", [None, date(2017, 8, 22)])
def test_the_live_flattened_state_equals_a_full_render_after_every_event(
    recorded: list[RecordedEvent], as_of: date | None
) -> None:
    for negotiation in _negotiations(recorded):
        live = LiveRender(negotiation, as_of=as_of)
        for recorded_event in recorded:
            live.apply(recorded_event)
            assert live.flat == flat(render(live.fold, as_of)), recorded_event.position
        assert live.incremental  # real event ids: no fact id collides


def test_replay_streams_from_a_position_and_stops_at_a_limit(
    recorded: list[RecordedEvent],
) -> None:
    negotiation = _negotiations(recorded)[0]
    every = list(replay(recorded, negotiation))
    middle = every[len(every) // 2].position
    later = list(replay(iter(recorded), negotiation, from_position=middle, limit=3))
    assert [s.position for s in later] == [s.position for s in every if s.position >= middle][:3]
    assert [s.changes for s in later] == [s.changes for s in every if s.position >= middle][:3]
    assert later[-1].state is not None  # the streamed replay's latest step keeps its state


def test_an_earlier_step_of_a_replayed_sequence_renders_its_own_state(
    recorded: list[RecordedEvent],
) -> None:
    negotiation = _negotiations(recorded)[0]
    steps = list(replay(recorded, negotiation))
    fold = NegotiationFold(negotiation)
    for recorded_event in recorded:
        fold.apply(recorded_event)
        if recorded_event.position == steps[5].position:
            break
    early = steps[5].state
    assert early is not None
    assert early.model_dump(mode="json") == render(fold).model_dump(mode="json")


def test_replay_steps_and_changes_are_built_with_their_fields_in_declared_order(
    recorded: list[RecordedEvent],
) -> None:
    """Replay builds its steps and changes from dicts kept as their ``__dict__``
    (``trusted_dict``): the dicts must name every field in the class's order, and the step
    must read back from its JSON as it was (all but the state it keeps)."""
    from timeline.audit import Change, ReplayStep

    negotiation = _negotiations(recorded)[0]
    steps = [step for step in replay(recorded, negotiation) if step.changes]
    assert steps
    for step in steps[:20]:
        assert list(step.__dict__) == list(ReplayStep.model_fields)
        for change in step.changes:
            assert list(change.__dict__) == list(Change.model_fields)
        again = ReplayStep.model_validate_json(step.model_dump_json())
        assert again.model_dump() == step.model_dump()


def test_a_replay_hands_back_the_objects_it_kept_from_the_collector(
    recorded: list[RecordedEvent],
) -> None:
    """While a replay runs, the objects older than it are frozen out of the collector's
    full collections; they are handed back when it ends or is closed, and a process's own
    freeze is left as it was."""
    import gc

    if gc.get_freeze_count() or not gc.isenabled():
        pytest.skip("the test process froze objects or paused the collector itself")
    negotiation = _negotiations(recorded)[0]
    steps = replay(recorded, negotiation)
    next(steps)
    assert gc.get_freeze_count() > 0
    steps.close()
    assert gc.get_freeze_count() == 0
    assert list(replay(recorded, negotiation))
    assert gc.get_freeze_count() == 0
    gc.freeze()
    try:
        steps = replay(recorded, negotiation)
        next(steps)
        steps.close()
        assert gc.get_freeze_count() > 0  # still the process's own freeze
    finally:
        gc.unfreeze()


def test_a_replay_freezes_what_it_made_as_it_goes_and_hands_it_all_back(
    recorded: list[RecordedEvent], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every ``REFREEZE_EVERY`` events the objects the replay made are frozen too (its
    state: younger-generation collections need not scan it again); all are handed back
    when it ends. Its steps are those of a replay that freezes nothing."""
    import gc

    import timeline.audit as audit

    if gc.get_freeze_count() or not gc.isenabled():
        pytest.skip("the test process froze objects or paused the collector itself")
    negotiation = _negotiations(recorded)[0]
    expected = [step.model_dump() for step in replay(recorded, negotiation)]
    monkeypatch.setattr(audit, "REFREEZE_EVERY", 2)
    counts = []
    steps = []
    for step in replay(recorded, negotiation):
        counts.append(gc.get_freeze_count())
        steps.append(step.model_dump())
    assert gc.get_freeze_count() == 0
    assert len(counts) > 4 and counts[-1] > counts[0]
    assert steps == expected


def test_a_replay_leaves_its_young_objects_to_their_counts_of_references(
    recorded: list[RecordedEvent], monkeypatch: pytest.MonkeyPatch
) -> None:
    """While a replay runs, the young generation is not collected (its threshold is
    raised above what a replay allocates between two freezes: here none, so that the
    replay's own allocations count); the process's thresholds are restored when it ends."""
    import gc

    if gc.get_freeze_count() or not gc.isenabled():
        pytest.skip("the test process froze objects or paused the collector itself")
    negotiation = _negotiations(recorded)[0]
    count = sum(1 for _step in replay(recorded, negotiation))
    monkeypatch.setattr(audit, "REFREEZE_EVERY", count + 1)
    collections: list[int] = []

    def collected(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    before = gc.get_threshold()
    steps = replay(recorded, negotiation)
    gc.callbacks.append(collected)
    try:
        for _step in islice(steps, count):  # every step, the replay still open
            assert gc.get_threshold()[0] >= audit.YOUNG_THRESHOLD
    finally:
        gc.callbacks.remove(collected)
        steps.close()
    assert collections == []
    assert gc.get_threshold() == before


def test_meetings_on_the_same_day_of_different_years_fold_apart(tmp_path: Path) -> None:
    """Day-dated reports are consolidated day by day: the same month and day of another year
    is another day, also when month-dated reports of each year fold that year's days again."""
    texts = {
        "a1": ("2017-08-22", "South Korean and US negotiators met in Seoul on Tuesday for talks."),
        "a2": ("2018-08-22", "South Korean and US negotiators met in Washington on Wednesday."),
        "a3": ("2017-09-30", "South Korean and US negotiators met in August for talks."),
        "a4": ("2018-09-30", "South Korean and US negotiators met in August for more talks."),
    }
    paths = []
    for name, (published, body) in texts.items():
        path = tmp_path / f"{name}.md"
        path.write_text(
            f"---\nid: {name}\npublished: {published}\nnegotiation: korus\n---\n{body}\n",
            encoding="utf-8",
        )
        paths.append(path)
    timeline = Timeline.in_memory()
    timeline.ingest(paths)
    recorded = list(timeline.recorder.read_all())
    meetings = [r for r in recorded if getattr(r.event, "type", None) == "meeting_held"]
    assert sorted(str(r.event.occurred) for r in meetings) == [  # type: ignore[attr-defined]
        "2017-08",
        "2017-08-22",
        "2018-08",
        "2018-08-22",
    ]
    fast = [(s.position, s.changes) for s in replay(recorded, "korus")]
    assert fast == list(_naive_changes(recorded, "korus", None))
