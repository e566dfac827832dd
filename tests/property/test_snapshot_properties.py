"""Fold snapshots change nothing but the time: a historical state folded from a snapshot and
the events after it equals the state folded from scratch (issue 11).

Every example is a store of arbitrary valid events (``state_scenarios``) on memory, SQLite
and PostgreSQL, caught up by a runner that keeps fold snapshots (with no minimum of events,
so small stores get them too) and snapshots kept at positions Hypothesis picks. Then for
every negotiation, every ``as_of`` of the scenario (and none) and ``known_at`` at store
positions (and none, and a store time), the state is the same JSON, byte for byte, as the
one of a runner that never reads a snapshot; ``verify`` finds nothing, and finds a snapshot
that is not the fold of its events.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, note
from hypothesis import strategies as st
from sqlalchemy import delete
from state_scenarios import Scenario, scenarios
from test_state_properties import STATE_LAW, SteppingClock

from timeline import Timeline
from timeline.projections import snapshots
from timeline.projections.index import PROJECTION
from timeline.projections.runner import ProjectionRunner
from timeline.projections.snapshot_facts import REPORT_FIELDS, column_indexes, packed, unpacked
from timeline.projections.snapshots import fold_from, keep, read_directory, snapshot_key
from timeline.store.engine import open_engine
from timeline.store.memory import InMemoryRecorder
from timeline.store.readmodels import InMemoryReadModels
from timeline.store.schema import events, projection_checkpoints, projection_documents, streams
from timeline.store.sql import SqlRecorder

Store = InMemoryRecorder | SqlRecorder
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture
def make_store(store_backend: str, request: pytest.FixtureRequest) -> Iterator[Callable[[], Store]]:
    """A fresh, empty store of the backend for every example."""
    if store_backend == "memory":
        yield lambda: InMemoryRecorder(clock=SteppingClock())
        return
    if store_backend == "sqlite":
        url = str(request.getfixturevalue("sqlite_database"))
    else:
        url = request.getfixturevalue("postgres_database").render_as_string(hide_password=False)
    engine = open_engine(url)

    def build() -> Store:
        with engine.begin() as conn:
            for table in (projection_documents, projection_checkpoints, events, streams):
                conn.execute(delete(table))
        return SqlRecorder(engine, clock=SteppingClock())

    yield build
    engine.dispose()


@pytest.fixture
def every_fold_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """Snapshots however few events a fold files (the store's default waits for thousands)."""
    monkeypatch.setattr(snapshots, "MIN_EVENTS", 1)


def subject_of_the_first_fact(data: Any, subject: str) -> None:
    """Write ``subject`` as the first fact's (and those sharing its subject)."""
    column = data["facts"]["report"][REPORT_FIELDS.index("subject")]
    column[0][column_indexes(column, data["facts"]["n"])[0]] = subject


@STATE_LAW
@given(scenario=scenarios(), data=st.data())
def test_a_state_folded_from_snapshots_equals_the_state_folded_from_scratch(
    make_store: Callable[[], Store], every_fold_kept: None, scenario: Scenario, data: st.DataObject
) -> None:
    note(scenario.describe())
    recorder = make_store()
    runner = ProjectionRunner(recorder)
    for append in scenario.appends:
        version = recorder.stream_version(append.stream)
        recorder.append(append.stream, list(append.events), expected_version=version)
        if append.catch_up_after:
            runner.catch_up()
    runner.catch_up()
    scratch = ProjectionRunner(recorder, snapshots=False)
    recorded = list(recorder.read_all())
    positions = sorted(item.position for item in recorded)
    names = sorted(runner.negotiations())
    chosen = data.draw(st.lists(st.sampled_from(positions), max_size=8), label="kept at")
    for name in names:
        for position in chosen:
            with runner.read_models.snapshot() as view:
                folded = fold_from(view, runner.rows, name, known_at=position)
            keep(runner.read_models, folded)
    assert runner.verify() == []

    moment = recorded[len(recorded) // 2].recorded_at
    for name in names:
        assert len(read_directory(runner.read_models, name)) <= snapshots.SLOTS
        for day in (None, *scenario.dates):
            for known in (None, moment, *positions[:: max(1, len(positions) // 4)]):
                want = scratch.fold_state(name, as_of=day, known_at=known)
                have = runner.fold_state(name, as_of=day, known_at=known)
                assert have.model_dump_json() == want.model_dump_json(), (name, day, known)
    assert runner.verify() == []


def verify_finds_a_forged_snapshot(forge: Callable[[Any], None]) -> None:
    """The seeds' snapshot of korus, changed by ``forge`` (its JSON data, in place): verify
    reports it, and nothing else."""
    with Timeline.in_memory() as timeline:
        assert timeline.ingest([SEEDS]).ok
        runner = ProjectionRunner(timeline.recorder)
        runner.rebuild()
        assert runner.verify() == []
        (entry,) = read_directory(runner.read_models, "korus")
        key = snapshot_key("korus", entry.slot)
        data = json.loads(runner.read_models.get(PROJECTION, [key])[key])
        forge(data)
        assert isinstance(runner.read_models, InMemoryReadModels)
        runner.read_models.tamper(PROJECTION, key, json.dumps(data, separators=(",", ":")))
        problems = runner.verify()
        assert len(problems) == 1 and problems[0].startswith(key), problems


def test_verify_finds_a_snapshot_that_is_not_the_fold_of_its_events(
    every_fold_kept: None,
) -> None:
    def forge(data: Any) -> None:
        subject_of_the_first_fact(data, "a subject no event states")

    verify_finds_a_forged_snapshot(forge)


def test_verify_finds_a_snapshot_whose_grouping_is_not_the_consolidation_of_its_facts(
    every_fold_kept: None,
) -> None:
    def forge(data: Any) -> None:
        entry = next(e for e in data["groups"] if e[0] > 1)  # a key of several reports
        groups = list(unpacked(entry[2], entry[0] + 1, entry[0]))
        if groups[1] == 0:  # its second report joins the first's group, or starts one
            groups[1] = 1
            entry[3].insert(0, "M3 same-day")
        else:
            groups[1] = 0
            del entry[3][0]
        entry[2] = packed(groups, entry[0] + 1)

    verify_finds_a_forged_snapshot(forge)
