"""The first historical call that keeps a fold snapshot pays for its document, not for a
second consolidation: the snapshot takes the grouping rendering made (issue 11: the first
``known_at`` call had cost more than twice the fold from scratch)."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from types import ModuleType
from typing import Any
from uuid import UUID

import pytest

from timeline import Timeline
from timeline.domain import consolidation, render
from timeline.domain.fold import AppliedFact, NegotiationFold, Quote, Report
from timeline.projections import snapshots
from timeline.projections.index import PROJECTION
from timeline.projections.runner import ProjectionRunner
from timeline.projections.snapshot_facts import REPORT_FIELDS, column_indexes
from timeline.projections.snapshots import (
    Provenance,
    SnapshotMemo,
    decode,
    directory_key,
    encode,
    read,
    read_directory,
    snapshot_key,
)
from timeline.projections.state_document import sha256_text
from timeline.store.readmodels import InMemoryReadModels

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def counted_calls(monkeypatch: pytest.MonkeyPatch, name: str, *modules: ModuleType) -> list[int]:
    """A list that grows by one at each call of the function ``name`` of the snapshots
    module (of each of ``modules`` when given: one function they all import), still called
    as before."""
    modules = modules or (snapshots,)
    calls: list[int] = []
    original = getattr(modules[0], name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return original(*args, **kwargs)

    for module in modules:
        monkeypatch.setattr(module, name, counted)
    return calls


def subject_of_the_first_fact(data: Any, subject: str) -> None:
    """Write ``subject`` as the first fact's (and those sharing its subject)."""
    column = data["facts"]["report"][REPORT_FIELDS.index("subject")]
    column[0][column_indexes(column, data["facts"]["n"])[0]] = subject


@pytest.mark.parametrize("as_of", [None, date(2018, 3, 26)])
def test_the_first_known_at_call_keeps_a_snapshot_consolidating_once(
    as_of: date | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without ``as_of`` the snapshot's grouping is the one rendering made (consolidation
    runs once); with one (rendering consolidates fewer facts) it is consolidated apart.
    Either way the snapshot is kept, the state is the fold from scratch, verify agrees."""
    monkeypatch.setattr(snapshots, "MIN_EVENTS", 1)  # the seeds are far below the default
    calls = counted_calls(monkeypatch, "groups_by_type")
    with Timeline.in_memory() as timeline:
        assert timeline.ingest([SEEDS]).ok
        runner = ProjectionRunner(timeline.recorder)
        runner.rebuild()
        scratch = ProjectionRunner(timeline.recorder, snapshots=False)
        positions = runner.positions("korus")
        known_at = positions[len(positions) * 2 // 3]
        calls.clear()
        have = runner.fold_state("korus", as_of=as_of, known_at=known_at)
        kept = [e.position for e in read_directory(runner.read_models, "korus")]
        assert known_at in kept
        assert len(calls) == (0 if as_of is None else 1)
        want = scratch.fold_state("korus", as_of=as_of, known_at=known_at)
        assert have.model_dump_json() == want.model_dump_json()
        assert runner.verify() == []


def test_a_snapshot_keeps_a_non_finite_confidence() -> None:
    """An event's confidence is any float (its derivation's): a snapshot writes infinities
    and NaN as JSON constants its parser reads back (not ``null``, which restores None)."""
    day = date(2018, 3, 1)
    fold = NegotiationFold("n")
    for position, confidence in enumerate((math.inf, -math.inf, math.nan), start=1):
        report = Report(
            "meeting_held", ("US",), ("KR",), "talks", None, day, "positive", "asserted",
            (Quote(f"a-{position}", 0, 5, "quote"),), "rule", confidence,
        )  # fmt: skip
        moment = datetime(2024, 1, 1, position, tzinfo=UTC)
        fact = AppliedFact(position, UUID(int=position), moment, report)
        fold.facts[fact.event_id] = fact
    snapshot = decode(encode(fold, Provenance(), 3), "n", 3)
    assert snapshot is not None
    restored = NegotiationFold("n")
    snapshot.restore(restored)
    confidences = [restored.facts[UUID(int=p)].event.confidence for p in (1, 2, 3)]
    assert confidences[:2] == [math.inf, -math.inf] and math.isnan(confidences[2])


def test_a_runner_restores_a_snapshot_it_decoded_before_without_decoding_it_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The runner's memo: the same snapshot document is decoded and its records built once;
    later states from it (any ``as_of``, wider or narrower) are those folded from scratch;
    what it restores is the document of the digest the directory lists (a document altered
    alone is not that one: the memo's records are; one listed anew is read)."""
    monkeypatch.setattr(snapshots, "MIN_EVENTS", 1)
    decoded = counted_calls(monkeypatch, "from_json")
    with Timeline.in_memory() as timeline:
        assert timeline.ingest([SEEDS]).ok
        runner = ProjectionRunner(timeline.recorder)
        runner.rebuild()
        scratch = ProjectionRunner(timeline.recorder, snapshots=False)
        days = (date(2017, 10, 5), None, date(2017, 9, 1), date(2018, 3, 26), None)
        for number, as_of in enumerate(days):
            decoded.clear()
            have = runner.fold_state("korus", as_of=as_of)
            assert len(decoded) == (1 if number == 0 else 0), as_of
            want = scratch.fold_state("korus", as_of=as_of)
            assert have.model_dump_json() == want.model_dump_json(), as_of

        (entry,) = read_directory(runner.read_models, "korus")
        key = snapshot_key("korus", entry.slot)
        data = json.loads(runner.read_models.get(PROJECTION, [key])[key])
        subject_of_the_first_fact(data, "a subject no event states")
        assert isinstance(runner.read_models, InMemoryReadModels)
        altered = json.dumps(data, separators=(",", ":"))
        runner.read_models.tamper(PROJECTION, key, altered)
        decoded.clear()
        have = runner.fold_state("korus")  # a document the directory does not list
        assert len(decoded) == 0  # restored from the memo: the document the directory lists
        assert have.model_dump_json() == scratch.fold_state("korus").model_dump_json()
        problems = runner.verify()
        assert len(problems) == 1 and problems[0].startswith(key), problems
        directory = json.loads(
            runner.read_models.get(PROJECTION, [directory_key("korus")])[directory_key("korus")]
        )
        directory["entries"][0][4] = sha256_text(altered)  # now the one listed
        runner.read_models.tamper(
            PROJECTION, directory_key("korus"), json.dumps(directory, separators=(",", ":"))
        )
        decoded.clear()
        have = runner.fold_state("korus")
        assert len(decoded) == 1
        assert "a subject no event states" in have.model_dump_json()  # read, not remembered


def test_a_snapshot_taken_from_the_memo_is_nobody_elses_until_given_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two folds at once (threads sharing a runner) never restore the same records: the
    second one decodes its own; the same document given back is handed out again, and only
    for the digest it was read with."""
    monkeypatch.setattr(snapshots, "MIN_EVENTS", 1)
    with Timeline.in_memory() as timeline:
        assert timeline.ingest([SEEDS]).ok
        runner = ProjectionRunner(timeline.recorder)
        runner.rebuild()
        (entry,) = read_directory(runner.read_models, "korus")
        key = snapshot_key("korus", entry.slot)
        first = read(runner.read_models, "korus", entry)
        assert first is not None and first.digest == entry.digest
        assert read(runner.read_models, "korus", replace(entry, digest="0" * 64)) is None
    memo = SnapshotMemo()
    assert memo.take(key, entry, "korus") is None
    memo.give(key, first)
    again = memo.take(key, entry, "korus")
    assert again is first
    assert memo.take(key, entry, "korus") is None  # taken out: the other fold reads its own
    memo.give(key, again)
    assert memo.take(key, replace(entry, digest="0" * 64), "korus") is None  # another one


def test_a_timelines_historical_reads_share_one_memo(monkeypatch: pytest.MonkeyPatch) -> None:
    """A Timeline makes a runner per read: the memo outlives them, as the key words do, so
    its second historical state decodes no snapshot (and equals the fold from scratch)."""
    monkeypatch.setattr(snapshots, "MIN_EVENTS", 1)
    decoded: list[int] = []
    parse = snapshots.from_json

    def counted(*args: Any, **kwargs: Any) -> Any:
        decoded.append(1)
        return parse(*args, **kwargs)

    with Timeline.in_memory() as timeline:
        assert timeline.ingest([SEEDS]).ok
        timeline.projections.rebuild()
        monkeypatch.setattr(snapshots, "from_json", counted)
        timeline.state("korus", as_of=date(2018, 3, 26))
        assert len(decoded) == 1
        have = timeline.state("korus", as_of=date(2017, 10, 5))
        assert len(decoded) == 1
        scratch = ProjectionRunner(timeline.recorder, snapshots=False)
        want = scratch.fold_state("korus", as_of=date(2017, 10, 5))
        assert have.model_dump_json() == want.model_dump_json()


def test_a_snapshots_first_fold_remembers_no_sources_and_later_ones_reuse_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A fresh runner (a CLI command) asked once pays nothing for the memo of sources and
    views: the first fold from a restored snapshot builds every group's sources and keeps
    none; the second keeps them, and the third builds only those of groups it does not
    share with it. Every one equals the fold from scratch."""
    monkeypatch.setattr(snapshots, "MIN_EVENTS", 1)
    built = counted_calls(monkeypatch, "sources_in", consolidation, render)
    with Timeline.in_memory() as timeline:
        assert timeline.ingest([SEEDS]).ok
        runner = ProjectionRunner(timeline.recorder)
        runner.rebuild()
        scratch = ProjectionRunner(timeline.recorder, snapshots=False)
        want = scratch.fold_state("korus", as_of=date(2018, 3, 26)).model_dump_json()
        counts = []
        for _ in range(3):
            built.clear()
            have = runner.fold_state("korus", as_of=date(2018, 3, 26))
            assert have.model_dump_json() == want
            counts.append(len(built))
            (memo,) = runner.memo._kept.values()
            assert memo._sources is not None
            kept = len(memo._sources._kept)
            assert kept == 0 if len(counts) == 1 else kept > 0
        first, second, third = counts
        assert first == second > 0 and third < second
