"""A fold snapshot whose document was altered after it was written is never restored: a
historical state folds without it (the same state as from scratch, no error) and ``verify``
names it (issue 11; "never crash on input" holds for what the database hands back).

Its directory lists the document's digest, so a document altered alone is not even
decoded; one altered with its digest listed again (directory and document both) is
refused when restored, as far as it breaks the snapshot's structure."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from test_snapshot_on_read import counted_calls, subject_of_the_first_fact

from timeline import Timeline
from timeline.projections import snapshots
from timeline.projections.index import PROJECTION
from timeline.projections.runner import ProjectionRunner
from timeline.projections.snapshot_facts import REPORT_FIELDS, packed, unpacked
from timeline.projections.snapshots import directory_key, read_directory, snapshot_key
from timeline.projections.state_document import sha256_text
from timeline.store.readmodels import InMemoryReadModels

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

AS_OF = (None, date(2017, 10, 5), date(2018, 3, 26))


def _first_key_joined(data: Any) -> tuple[list[Any], list[int]]:
    """The first key's grouping where a report joins a group, and its groups."""
    entry = next(e for e in data["groups"] if e[3])
    return entry, list(unpacked(entry[2], entry[0] + 1, entry[0]))


def _join_a_group_not_started(data: Any) -> None:
    entry, groups = _first_key_joined(data)
    at = next(place for place, group in enumerate(groups) if group)
    groups[at] = at + 1  # the at-th group: at most at were started before it
    entry[2] = packed(groups, entry[0] + 1)


def _start_made_a_join_of_its_own_group(data: Any) -> None:
    entry, groups = _first_key_joined(data)
    groups[0] = 1
    entry[2] = packed(groups, entry[0] + 1)
    entry[3].insert(0, "M3 same-day")


def _lose_a_merge_note(data: Any) -> None:
    entry, _ = _first_key_joined(data)
    entry[3].pop()


def _truncate_a_column(data: Any) -> None:
    column = data["facts"]["report"][REPORT_FIELDS.index("type")]
    column[1] = column[1][:-2]  # one fact's index less (a table of types: one byte each)


def _drop_a_report_field(data: Any) -> None:
    del data["facts"]["report"][-1]


def _unreadable_quote(data: Any) -> None:
    data["facts"]["quotes"]["text"] = "not a list of quotes"


def _ids_cut_short(data: Any) -> None:
    data["facts"]["id"] = data["facts"]["id"][:-32]


def _an_index_past_its_table(data: Any) -> None:
    table, indexes = data["facts"]["recorded"]
    assert len(table) < 0x100
    data["facts"]["recorded"][1] = f"{len(table):02x}" + indexes[2:]  # one byte: few times


def _facts_in_the_former_layout(data: Any) -> None:
    """A document of the layout before columns (one array per fact): never restored."""
    data["facts"] = [[1, "0" * 32, "2017-01-01T00:00:00+00:00", None, 736330]]


def _cited_as_a_number(data: Any) -> None:
    data["cited"] = 12


def _lose_the_judgements(data: Any) -> None:
    del data["judgements"]


ALTERATIONS: list[Callable[[Any], None]] = [
    _join_a_group_not_started,
    _start_made_a_join_of_its_own_group,
    _lose_a_merge_note,
    _truncate_a_column,
    _drop_a_report_field,
    _unreadable_quote,
    _ids_cut_short,
    _an_index_past_its_table,
    _facts_in_the_former_layout,
    _cited_as_a_number,
    _lose_the_judgements,
]


def _list_again(models: InMemoryReadModels, negotiation: str, document: str) -> None:
    """Write the digest of ``document`` into the negotiation's only directory entry."""
    key = directory_key(negotiation)
    directory = json.loads(models.get(PROJECTION, [key])[key])
    directory["entries"][0][4] = sha256_text(document)
    models.tamper(PROJECTION, key, json.dumps(directory, separators=(",", ":")))


@dataclass
class Rebuilt:
    """The seeds' store after a rebuild, its one korus snapshot decoded (``data``)."""

    runner: ProjectionRunner
    scratch: ProjectionRunner
    """Folds from scratch (no snapshot)."""
    models: InMemoryReadModels
    key: str
    position: int
    data: Any

    def tamper(self, data: Any) -> str:
        """Write ``data`` as the snapshot's document, and return it."""
        altered = json.dumps(data, separators=(",", ":"))
        self.models.tamper(PROJECTION, self.key, altered)
        return altered

    def folds_as_from_scratch(self) -> list[str]:
        """Check the runner's states at every date equal the fold from scratch; return them."""
        states = []
        for as_of in AS_OF:
            have = self.runner.fold_state("korus", as_of=as_of, known_at=self.position)
            want = self.scratch.fold_state("korus", as_of=as_of, known_at=self.position)
            assert have.model_dump_json() == want.model_dump_json()
            states.append(have.model_dump_json())
        return states


@pytest.fixture
def rebuilt(monkeypatch: pytest.MonkeyPatch) -> Iterator[Rebuilt]:
    monkeypatch.setattr(snapshots, "MIN_EVENTS", 1)  # the seeds are far below the default
    with Timeline.in_memory() as timeline:
        assert timeline.ingest([SEEDS]).ok
        runner = ProjectionRunner(timeline.recorder)
        runner.rebuild()
        (entry,) = read_directory(runner.read_models, "korus")
        key = snapshot_key("korus", entry.slot)
        models = runner.read_models
        assert isinstance(models, InMemoryReadModels)
        data = json.loads(models.get(PROJECTION, [key])[key])
        scratch = ProjectionRunner(timeline.recorder, snapshots=False)
        yield Rebuilt(runner, scratch, models, key, entry.position, data)


@pytest.mark.parametrize("listed", [False, True], ids=["alone", "digest-listed-again"])
@pytest.mark.parametrize("alter", ALTERATIONS, ids=lambda f: f.__name__.strip("_"))
def test_an_altered_snapshot_is_folded_around_and_reported(
    alter: Callable[[Any], None],
    listed: bool,
    rebuilt: Rebuilt,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = rebuilt.data
    if not any(e[3] for e in data["groups"]):
        pytest.fail("the seeds' snapshot has no report that joins a group")
    alter(data)
    altered = rebuilt.tamper(data)
    if listed:
        _list_again(rebuilt.models, "korus", altered)
    decoded = counted_calls(monkeypatch, "from_json")

    rebuilt.folds_as_from_scratch()
    assert bool(decoded) == listed  # a document not listed is not even decoded
    problems = rebuilt.runner.verify()
    assert len(problems) == 1 and problems[0].startswith(rebuilt.key), problems


def test_a_snapshot_whose_values_were_altered_is_not_restored_and_verify_names_it(
    rebuilt: Rebuilt,
) -> None:
    """A value changed in a snapshot's document (a report's subject: nothing in its structure
    tells) makes it a document its directory does not list: the state is the one folded
    from scratch."""
    subject_of_the_first_fact(rebuilt.data, "a subject no event states")
    rebuilt.tamper(rebuilt.data)
    for state in rebuilt.folds_as_from_scratch():
        assert "a subject no event states" not in state
    problems = rebuilt.runner.verify()
    assert len(problems) == 1 and problems[0].startswith(rebuilt.key), problems


def test_verify_names_a_directory_that_lists_another_digest(
    rebuilt: Rebuilt, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The document is the fold of its events, but the directory lists another digest: the
    snapshot is not restored, and ``verify`` says the directory misdescribes it."""
    assert rebuilt.runner.verify() == []
    _list_again(rebuilt.models, "korus", "another document")
    decoded = counted_calls(monkeypatch, "from_json")
    rebuilt.folds_as_from_scratch()
    assert not decoded
    assert rebuilt.runner.verify() == [
        f"{directory_key('korus')}: misdescribes {snapshot_key('korus', 0)}"
    ]


def test_snapshots_written_by_another_fold_version_are_never_restored(
    rebuilt: Rebuilt, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Snapshots of another layout (another fold version in their directory) are not even
    decoded: the state is the one folded from scratch."""
    monkeypatch.setattr(snapshots, "fold_version", lambda: "999:another-layout")
    assert read_directory(rebuilt.models, "korus") == []
    decoded = counted_calls(monkeypatch, "from_json")
    have = rebuilt.runner.fold_state("korus", known_at=rebuilt.position)
    assert not decoded
    want = rebuilt.scratch.fold_state("korus", known_at=rebuilt.position)
    assert have.model_dump_json() == want.model_dump_json()
