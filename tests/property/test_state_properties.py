"""No combination of valid events breaks the state, and the fold's laws hold (issue 9).

Every example is a store of arbitrary valid events (see ``state_scenarios``) appended to a
real database (SQLite, then PostgreSQL). For every negotiation it holds, these must never
raise: ``state`` (latest, as of world dates at the events' edges, known at store positions
and times), ``fields`` and ``explain`` of each field, ``replay``, ``events``, the terminal
renderings, and ``projections verify``. And the laws:

- the state from the read model equals the state folded from a full scan of the store;
- the persisted latest state (caught up between appends) equals the fold of the
  negotiation's indexed events, exactly (``applied_position`` included);
- the state as of D equals the state of only the events dated up to D (as of D; and, as of
  nothing, on every field but the status, which looks at the reference date);
- the state known at a position equals the state of the events up to that position;
- replaying, then applying every step's changes to the empty state, gives ``state()``;
- the persisted read model, caught up in several batches, equals a rebuild.

Budget: 8 examples per database by default (about a CPU-second each: each asks a few
hundred queries); ``TIMELINE_STATE_EXAMPLES=N`` runs N, and so does a Hypothesis profile chosen
with ``--hypothesis-profile`` (``state-long``, registered in tests/property/profiles.py, runs
300: ``pytest tests/property --hypothesis-profile=state-long``).
A failure prints the minimal store as one line per event (``note``) and the
``@reproduce_failure`` blob.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, note, settings
from rich.console import Console
from sqlalchemy import Engine, delete
from state_scenarios import Scenario, scenarios

from timeline import Timeline
from timeline.audit import explain, field_paths, flat, replay
from timeline.derivation.catalog import load_catalog
from timeline.domain.envelope import RecordedEvent
from timeline.domain.events import NegotiationEvent
from timeline.domain.state import initial_state, state_of
from timeline.domain.views import NegotiationState
from timeline.projections.chronology import chronology
from timeline.projections.latest import read_latest
from timeline.projections.negotiation import fold_negotiation, project
from timeline.projections.runner import ProjectionRunner, _contents
from timeline.rendering import chronology_view, explanation_view, print_replay, state_view
from timeline.store.engine import open_engine
from timeline.store.readmodels import InMemoryReadModels
from timeline.store.schema import events, projection_checkpoints, projection_documents, streams
from timeline.store.sql import SqlRecorder
from timeline.store.sql_readmodels import SqlReadModels

DEFAULT_EXAMPLES = 8
EXAMPLES_VARIABLE = "TIMELINE_STATE_EXAMPLES"


AUTOMATIC_PROFILES = {"default", "ci"}
"""Hypothesis's own profiles: ``ci`` is loaded by itself when ``CI`` is set (as in ``.ci/run``),
so it is no choice of a longer run; only a profile named with ``--hypothesis-profile`` is."""


def _examples() -> int:
    """The env var, else a chosen profile's max_examples, else the suite's small default."""
    given_count = os.environ.get(EXAMPLES_VARIABLE)
    if given_count:
        return int(given_count)
    if settings.get_current_profile_name() not in AUTOMATIC_PROFILES:
        return settings.default.max_examples
    return DEFAULT_EXAMPLES


class SteppingClock:
    """A store clock one second further at every call: known_at times are distinct."""

    def __init__(self) -> None:
        self.now = datetime(2026, 1, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = open_engine(database_url)
    yield engine
    engine.dispose()


def _empty(engine: Engine) -> None:
    """Every example starts from an empty store (positions from 1 again)."""
    with engine.begin() as conn:
        for table in (projection_documents, projection_checkpoints, events, streams):
            conn.execute(delete(table))


CATALOG = load_catalog()


def _store(engine: Engine, scenario: Scenario) -> Timeline:
    _empty(engine)
    recorder = SqlRecorder(engine, clock=SteppingClock())
    timeline = Timeline(recorder, CATALOG, SqlReadModels(engine))
    for append in scenario.appends:
        version = recorder.stream_version(append.stream)
        recorder.append(append.stream, list(append.events), expected_version=version)
        if append.catch_up_after:
            timeline.projections.catch_up()
    return timeline


def _dump(state: NegotiationState, *exclude: str) -> dict[str, Any]:
    return state.model_dump(mode="json", exclude={"applied_position", "events_applied", *exclude})


def _dated_up_to(recorded: list[RecordedEvent], day: date) -> list[RecordedEvent]:
    """The store without the negotiation events dated after ``day``."""
    kept = []
    for item in recorded:
        event = item.event
        if isinstance(event, NegotiationEvent):
            when = event.occurred.first_day() if event.occurred else event.reported_on
            if when > day:
                continue
        kept.append(item)
    return kept


def _valued(fields: dict[str, Any]) -> dict[str, Any]:
    """The flattened fields that have a value (a change to or from None is no change)."""
    return {path: value for path, value in fields.items() if value is not None}


def _replayed(steps: list[Any], start: NegotiationState) -> dict[str, Any]:
    """The flattened state after applying every replay step's changes to ``start``."""
    fields = _valued(flat(start))
    for step in steps:
        for change in step.changes:
            if change.after is None:
                fields.pop(change.path, None)
            else:
                fields[change.path] = change.after
    return fields


def _check_negotiation(
    timeline: Timeline, recorded: list[RecordedEvent], name: str, scenario: Scenario
) -> None:
    """Every query on one negotiation, and the laws. The facade (which catches up, checks the
    name and reads the index) is asked once per kind of query; the other dates and positions
    go to the caught-up read model and to a full scan of the store, which must agree."""
    latest = timeline.state(name)
    assert _dump(latest) == _dump(project(recorded, name)), "read model vs full scan"
    persisted = read_latest(timeline.read_models, name)
    assert persisted is not None, "the latest state is persisted"
    folded = timeline.projections.fold_state(name)
    assert persisted.model_dump_json() == folded.model_dump_json(), "latest state vs the fold"
    paths = timeline.fields(name)
    for path in paths:
        explain(latest, path)
    why = timeline.explain(name, paths[len(paths) // 2])
    steps = list(timeline.replay(name))
    assert steps == list(replay(recorded, name)), "replay: read model vs full scan"
    assert _replayed(steps, initial_state(name)) == _valued(flat(latest)), "replay vs state()"
    rows = timeline.events(name)
    assert rows == chronology(recorded, name), "events: read model vs full scan"
    if name == scenario.busiest:  # the terminal views of one negotiation (rich is slow)
        console = Console(file=io.StringIO(), width=100)
        console.print(state_view(latest), chronology_view(rows, name), explanation_view(why))
        print_replay(console, steps)
    latest.model_dump_json()

    middle = recorded[len(recorded) // 2]
    day = scenario.dates[0]
    asked = timeline.state(name, as_of=day, known_at=middle.position)
    known = [item for item in recorded if item.position <= middle.position]
    assert _dump(asked) == _dump(project(known, name, as_of=day)), "as of and known at"
    assert list(timeline.replay(name, as_of=day, known_at=middle.position)) == list(
        replay(known, name, as_of=day)
    )
    assert timeline.events(name, as_of=day, known_at=middle.position) == chronology(
        known, name, as_of=day
    )
    last = max(item.position for item in recorded if item.recorded_at <= middle.recorded_at)
    by_time = timeline.state(name, as_of=day, known_at=middle.recorded_at)
    by_position = timeline.state(name, as_of=day, known_at=last)  # an append shares one time
    assert _dump(by_time) == _dump(by_position), "known at a time vs at its last position"

    runner = timeline.projections
    for day in scenario.dates:
        as_of = runner.state(name, as_of=day)
        upto = _dated_up_to(recorded, day)
        unfiltered = fold_negotiation(upto, name)  # no horizon: rendering filters alone
        assert _dump(as_of) == _dump(state_of(unfiltered, day)), f"as of {day}"
        assert _dump(as_of, "as_of", "status", "date_notes") == _dump(
            project(upto, name), "as_of", "status", "date_notes"
        ), f"as of {day} vs the events dated up to it"
        for path in field_paths(as_of):
            explain(as_of, path)
        replayed = list(replay(recorded, name, as_of=day))
        assert _replayed(replayed, initial_state(name, as_of=day)) == _valued(flat(as_of))
        chronology(recorded, name, as_of=day)

    positions = sorted({item.position for item in recorded})
    for position in positions[:: max(1, len(positions) // 3)]:
        known_state = runner.state(name, known_at=position)
        known = [item for item in recorded if item.position <= position]
        assert _dump(known_state) == _dump(project(known, name)), f"known at {position}"
        for path in field_paths(known_state):
            explain(known_state, path)
        replayed = list(replay(known, name))
        assert _replayed(replayed, initial_state(name)) == _valued(flat(known_state))


STATE_LAW = settings(
    max_examples=_examples(),
    deadline=None,
    # CI's ``ci`` profile draws the same examples at every run, so that a submission's CI
    # result repeats; local runs draw fresh ones, and a failure prints the blob to replay.
    print_blob=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
"""The settings of the laws over whole stores of scenarios (this one and the snapshots')."""


@STATE_LAW
@given(scenario=scenarios())
def test_no_store_of_valid_events_breaks_the_state_and_the_fold_laws_hold(
    engine: Engine, scenario: Scenario
) -> None:
    note(scenario.describe())
    timeline = _store(engine, scenario)
    names = timeline.negotiations()
    assert scenario.negotiations <= set(names)
    recorded = list(timeline.recorder.read_all())

    runner = timeline.projections
    assert runner.verify() == []
    fresh = ProjectionRunner(timeline.recorder, InMemoryReadModels())
    fresh.catch_up()
    index = {"states": False}
    assert _contents(fresh.read_models, **index) == _contents(runner.read_models, **index), (
        "incremental vs rebuild"
    )
    runner.catch_up()  # renders the latest states the read commands' catch-up left stale
    assert _contents(fresh.read_models) == _contents(runner.read_models), (
        "latest states: incremental vs rebuild"
    )

    for name in sorted(scenario.negotiations):
        _check_negotiation(timeline, recorded, name, scenario)

    before = {name: _dump(timeline.state(name)) for name in scenario.negotiations}
    runner.rebuild()
    assert runner.verify() == []
    assert {name: _dump(timeline.state(name)) for name in scenario.negotiations} == before
