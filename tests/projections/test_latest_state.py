"""The latest state as a persisted read model (issue 11), on memory, SQLite and PostgreSQL.

Every test compares the persisted state with the state folded afresh from the
negotiation's indexed events (``ProjectionRunner.fold_state``, i.e.
``state_of(history.fold())``), exactly: the JSON of both must be equal.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from uuid import NAMESPACE_URL, uuid5

import pytest
from seedlike import ap_events, article, gulf_events, retraction
from test_runner import read_models_for

from timeline.display import encode_display, state_display
from timeline.domain.envelope import NewEvent
from timeline.domain.events import (
    EventConfirmed,
    EventRejected,
    MeetingHeld,
    ProposalMade,
    TerminationClauseCited,
)
from timeline.domain.values import Derivation, Evidence
from timeline.projections import latest
from timeline.projections.index import PROJECTION
from timeline.projections.latest import (
    STALE,
    Stamp,
    display_key,
    read_latest,
    stamp_key,
    state_key,
)
from timeline.projections.runner import ProjectionRunner
from timeline.projections.state_document import Encoded, decode_state, encode_state, sha256_text
from timeline.store.readmodels import InMemoryReadModels, ReadModelStore
from timeline.store.recorder import Recorder


@pytest.fixture
def runner(recorder: Recorder) -> Iterator[ProjectionRunner]:
    yield ProjectionRunner(recorder, read_models_for(recorder), flush_events=3)


def assert_latest_equals_the_fold(runner: ProjectionRunner) -> None:
    """Every indexed negotiation has a current persisted state equal to the fold's."""
    names = runner.negotiations()
    assert names
    for name in sorted(names):
        persisted = read_latest(runner.read_models, name)
        assert persisted is not None, f"no current latest state for {name}"
        want = runner.fold_state(name).model_dump_json()
        assert persisted.model_dump_json() == want, name
        assert runner.state(name).model_dump_json() == want, name


def put(store: ReadModelStore, key: str, document: str) -> None:
    """Overwrite one document at the current checkpoint (a damaged or foreign document)."""
    position = store.checkpoint(PROJECTION)
    store.write(PROJECTION, {key: document}, position, expected=position)


def derivation() -> Derivation:
    return Derivation(rule_id="test.rule", extractor_version="test")


def other_negotiation_events() -> tuple[list[NewEvent], list[NewEvent]]:
    """A NAFTA article (filed under ``nafta``) whose second statement is about KORUS: the
    KORUS event, and the article with NAFTA's own event."""
    text = "Talks on the continental pact went on. Seoul then turned down a new US offer."
    quote = "Seoul then turned down a new US offer"
    start = text.index(quote)
    evidence = Evidence(article_id="nafta-wire", start=start, end=start + len(quote), quote=quote)
    korus = NewEvent(
        event_id=uuid5(NAMESPACE_URL, "latest/korus-offer"),
        event=ProposalMade(
            negotiation="korus",
            actor="US",
            target="KR",
            subject="a new US offer",
            occurred="2017-09-01",
            reported_on="2017-09-02",
            evidence=(evidence,),
            derivation=derivation(),
        ),
    )
    meeting = "Talks on the continental pact went on"
    nafta_article = article("nafta-wire", "Nafta Daily", "Some Wire", text)
    nafta_article = NewEvent(
        event_id=nafta_article.event_id,
        event=nafta_article.event.model_copy(update={"negotiation": "nafta"}),
    )
    nafta = NewEvent(
        event_id=uuid5(NAMESPACE_URL, "latest/nafta-meeting"),
        event=MeetingHeld(
            negotiation="nafta",
            actor="CA+MX+US",
            subject="talks went on",
            occurred="2017-09-01",
            reported_on="2017-09-02",
            evidence=(Evidence(article_id="nafta-wire", start=0, end=len(meeting), quote=meeting),),
            derivation=derivation(),
        ),
    )
    return [korus], [nafta_article, nafta]


def test_interleaved_appends_and_catch_ups_keep_every_latest_state_equal_to_the_fold(
    recorder: Recorder, runner: ProjectionRunner
) -> None:
    ap, gulf = ap_events(), gulf_events()
    for index, event in enumerate(ap):
        recorder.append("article-ap", [event], expected_version=index)
        if index % 4 == 3:
            runner.catch_up()
            assert_latest_equals_the_fold(runner)
    recorder.append("article-gn", gulf[:5], expected_version=0)
    runner.catch_up()
    assert_latest_equals_the_fold(runner)
    recorder.append("article-gn", gulf[5:], expected_version=5)
    runner.catch_up()
    assert_latest_equals_the_fold(runner)
    assert runner.verify() == []
    [_index, states] = runner.status()
    assert (states.documents, states.stale) == (1, 0)


def test_the_latest_state_is_rebuilt_and_equals_the_fold(
    recorder: Recorder, runner: ProjectionRunner
) -> None:
    recorder.append("article-ap", ap_events(), expected_version=0)
    recorder.append("article-gn", gulf_events(), expected_version=0)
    runner.catch_up()
    before = runner.state("korus").model_dump_json()
    runner.rebuild()
    assert_latest_equals_the_fold(runner)
    assert runner.state("korus").model_dump_json() == before
    assert runner.verify() == []


def test_a_retraction_and_analysts_judgements_reach_the_latest_state(
    recorder: Recorder, runner: ProjectionRunner
) -> None:
    ap, gulf = ap_events(), gulf_events()
    recorder.append("article-ap", ap, expected_version=0)
    recorder.append("article-gn", gulf, expected_version=0)
    runner.catch_up()
    [clause] = [e for e in gulf if isinstance(e.event, TerminationClauseCited)]
    recorder.append("article-gn", [retraction(clause, "gulfnews-like")], expected_version=None)
    runner.catch_up()
    assert runner.state("korus").termination_clause.notice_days == "unknown"
    assert_latest_equals_the_fold(runner)

    judged = next(e for e in ap if isinstance(e.event, ProposalMade))
    assert isinstance(judged.event, ProposalMade)
    common = {
        "judged_event_id": judged.event_id,
        "negotiation": "korus",
        "article_id": judged.event.evidence[0].article_id,
        "event_type": judged.event.type,
        "quote": judged.event.evidence[0].quote,
        "analyst": "analyst-1",
    }
    rejected = NewEvent(
        event_id=uuid5(NAMESPACE_URL, "latest/rejected"),
        event=EventRejected(**common, reason="misread"),
    )
    recorder.append("judgements", [rejected], expected_version=None)
    runner.catch_up()
    state = runner.state("korus")
    assert str(judged.event_id) in state.judgements
    assert all(
        judged.event_id not in {s.event_id for s in p.sources} for p in state.proposals.values()
    )
    assert_latest_equals_the_fold(runner)

    confirmed = NewEvent(
        event_id=uuid5(NAMESPACE_URL, "latest/confirmed"),
        event=EventConfirmed(**common),
    )
    recorder.append("judgements", [confirmed], expected_version=None)
    runner.catch_up()
    state = runner.state("korus")
    assert state.judgements[str(judged.event_id)].verdict == "confirmed"
    assert_latest_equals_the_fold(runner)
    assert runner.verify() == []


def test_an_article_of_another_negotiation_ingested_after_the_events_citing_it_updates_them(
    recorder: Recorder, runner: ProjectionRunner
) -> None:
    korus, nafta = other_negotiation_events()
    recorder.append("korus-statements", korus, expected_version=0)
    runner.catch_up()
    [proposal] = runner.state("korus").proposals.values()
    assert proposal.sources[0].outlet is None  # the article is not known yet
    assert_latest_equals_the_fold(runner)

    recorder.append("article-nafta", nafta, expected_version=0)  # only nafta is indexed
    runner.catch_up()
    [proposal] = runner.state("korus").proposals.values()
    assert (proposal.sources[0].outlet, proposal.sources[0].wire) == ("Nafta Daily", "Some Wire")
    assert_latest_equals_the_fold(runner)
    assert runner.verify() == []


def test_a_document_of_another_fold_version_is_never_served_and_is_rebuilt(
    recorder: Recorder, runner: ProjectionRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorder.append("article-ap", ap_events(), expected_version=0)
    runner.catch_up()
    store = runner.read_models
    stamp = Stamp.decode(store.get(PROJECTION, [stamp_key("korus")])[stamp_key("korus")])
    assert stamp is not None
    monkeypatch.setattr(latest, "fold_version", lambda: "999:changed-code")
    assert read_latest(store, "korus") is None  # written by another version: not read
    assert runner.state("korus").model_dump_json() == runner.fold_state("korus").model_dump_json()
    renewed = Stamp.decode(store.get(PROJECTION, [stamp_key("korus")])[stamp_key("korus")])
    assert renewed is not None and renewed.version == "999:changed-code"
    assert read_latest(store, "korus") is not None


@pytest.mark.parametrize(
    ("key", "document"),
    [
        (state_key("korus"), '{"negotiation": "korus", "status": 12}'),
        (state_key("korus"), "not json at all"),
        (stamp_key("korus"), '{"version": 1}'),
        (stamp_key("korus"), "[]"),
        (STALE, '{"stale": true}'),
    ],
)
def test_an_undecodable_document_means_a_rebuild_never_a_crash_or_a_wrong_state(
    recorder: Recorder, runner: ProjectionRunner, key: str, document: str
) -> None:
    recorder.append("article-ap", ap_events(), expected_version=0)
    runner.catch_up()
    want = runner.fold_state("korus").model_dump_json()
    put(runner.read_models, key, document)
    assert read_latest(runner.read_models, "korus") is None
    assert runner.state("korus").model_dump_json() == want
    recorder.append("article-gn", gulf_events(), expected_version=0)
    runner.catch_up()
    assert_latest_equals_the_fold(runner)
    assert runner.verify() == []


def test_a_state_document_that_is_not_the_stamped_one_is_not_served_and_verify_finds_it(
    recorder: Recorder, runner: ProjectionRunner
) -> None:
    recorder.append("article-ap", ap_events(), expected_version=0)
    recorder.append("article-gn", gulf_events(), expected_version=0)
    runner.catch_up()
    want = runner.fold_state("korus").model_dump_json()
    stale_state = encode_state(runner.fold_state("korus", known_at=len(ap_events()))).summary
    put(runner.read_models, state_key("korus"), stale_state)  # a state document, not this one
    assert runner.verify() == ["s/korus: missing or not the stamped document"]
    assert read_latest(runner.read_models, "korus") is None
    assert runner.state("korus").model_dump_json() == want
    assert runner.verify() == []


def seeds_caught_up(
    recorder: Recorder, runner: ProjectionRunner
) -> tuple[ReadModelStore, Stamp, int]:
    """Both seed-like articles recorded and caught up: the read model, korus's stamp and
    the checkpoint."""
    recorder.append("article-ap", ap_events(), expected_version=0)
    recorder.append("article-gn", gulf_events(), expected_version=0)
    runner.catch_up()
    store = runner.read_models
    stamp = Stamp.decode(store.get(PROJECTION, [stamp_key("korus")])[stamp_key("korus")])
    assert stamp is not None
    return store, stamp, store.checkpoint(PROJECTION)


def test_verify_finds_a_wrong_state_that_carries_a_matching_stamp(
    recorder: Recorder, runner: ProjectionRunner
) -> None:
    store, stamp, position = seeds_caught_up(recorder, runner)
    old = encode_state(runner.fold_state("korus", known_at=len(ap_events())))
    display = store.get(PROJECTION, [display_key("korus")])[display_key("korus")]
    forged = latest.Rendered(old, display).documents("korus", stamp.position)
    store.write(PROJECTION, forged, position, expected=position)
    problems = runner.verify()
    assert problems[0].startswith("s/korus: entry 0 differs")
    assert any(p.startswith("p/korus/proposals: entry 0 differs") for p in problems)
    # served as written: the stamp vouches for the documents (see .state_document)
    served = read_latest(store, "korus")
    assert served is not None and served.model_dump_json() == decoded_json(old)
    served = read_latest(store, "korus", rows=runner.rows)  # remembered: the same state
    assert served is not None and served.model_dump_json() == decoded_json(old)


def test_verify_finds_a_wrong_display_that_carries_a_matching_stamp(
    recorder: Recorder, runner: ProjectionRunner
) -> None:
    store, stamp, position = seeds_caught_up(recorder, runner)
    old = encode_display(state_display(runner.fold_state("korus", known_at=len(ap_events()))))
    forged = Stamp(stamp.version, stamp.position, stamp.sha256, sha256_text(old))
    store.write(
        PROJECTION,
        {display_key("korus"): old, stamp_key("korus"): forged.encode()},
        position,
        expected=position,
    )
    [problem] = runner.verify()
    assert problem.startswith("d/korus: ")
    store.write(PROJECTION, {display_key("korus"): old + " "}, position, expected=position)
    [problem] = runner.verify()
    assert problem == "d/korus: missing or not the stamped document"


def decoded_json(encoded: Encoded) -> str:
    state = decode_state(encoded.summary, encoded.sections)
    assert state is not None
    return state.model_dump_json()


class _Crashing:
    """Read models whose writes fail after ``allowed`` of them (a crash mid catch-up)."""

    def __init__(self, shared: ReadModelStore, allowed: int) -> None:
        self.shared = shared
        self.allowed = allowed

    def __getattr__(self, name: str) -> object:
        return getattr(self.shared, name)

    def write(
        self, projection: str, documents: dict[str, str], position: int, *, expected: int | None
    ) -> None:
        if self.allowed <= 0:
            raise KeyboardInterrupt("crash")
        self.allowed -= 1
        self.shared.write(projection, documents, position, expected=expected)


def test_an_interrupted_catch_up_leaves_its_negotiations_stale_and_the_next_renders_them(
    recorder: Recorder,
) -> None:
    recorder.append("article-ap", ap_events(), expected_version=0)
    recorder.append("article-gn", gulf_events(), expected_version=0)
    shared = read_models_for(recorder)
    crashing = ProjectionRunner(recorder, _Crashing(shared, 2), flush_events=5)  # type: ignore[arg-type]
    with pytest.raises(KeyboardInterrupt):
        crashing.catch_up()
    assert shared.checkpoint(PROJECTION) == 10
    assert json.loads(shared.get(PROJECTION, [STALE])[STALE]) == ["korus"]
    runner = ProjectionRunner(recorder, shared)
    assert read_latest(shared, "korus") is None  # behind the checkpoint: never served
    assert runner.state("korus", known_at=10).model_dump_json() == (
        runner.fold_state("korus", known_at=10).model_dump_json()
    )
    runner.catch_up()
    assert json.loads(shared.get(PROJECTION, [STALE])[STALE]) == []
    assert_latest_equals_the_fold(runner)
    assert runner.verify() == []


def test_a_catch_up_writes_states_in_several_transactions_when_they_are_large(
    recorder: Recorder,
) -> None:
    korus, nafta = other_negotiation_events()
    recorder.append("article-ap", ap_events(), expected_version=0)
    recorder.append("korus-statements", korus, expected_version=0)
    recorder.append("article-nafta", nafta, expected_version=0)
    runner = ProjectionRunner(recorder, read_models_for(recorder))
    monkey = pytest.MonkeyPatch()
    monkey.setattr(latest, "STATE_FLUSH_BYTES", 1)
    try:
        runner.rebuild()
    finally:
        monkey.undo()
    assert_latest_equals_the_fold(runner)
    assert runner.verify() == []


def test_the_latest_state_read_again_unchanged_is_not_decoded_again() -> None:
    from timeline.store.memory import InMemoryRecorder

    recorder = InMemoryRecorder()
    recorder.append("article-ap", ap_events(), expected_version=0)
    runner = ProjectionRunner(recorder, InMemoryReadModels())
    runner.catch_up()
    first = runner.state("korus")
    assert runner.state("korus") is first
    recorder.append("article-gn", gulf_events(), expected_version=0)
    runner.catch_up()
    second = runner.state("korus")
    assert second is not first
    assert second.model_dump_json() == runner.fold_state("korus").model_dump_json()


def test_a_runner_that_does_not_render_lists_what_it_touched_and_no_stale_state_is_served(
    recorder: Recorder,
) -> None:
    shared = read_models_for(recorder)
    renders = ProjectionRunner(recorder, shared)
    lists_only = ProjectionRunner(recorder, shared, render_states=False)
    recorder.append("article-ap", ap_events(), expected_version=0)
    renders.catch_up()
    recorder.append("article-gn", gulf_events(), expected_version=0)
    lists_only.catch_up()
    assert json.loads(shared.get(PROJECTION, [STALE])[STALE]) == ["korus"]
    assert read_latest(shared, "korus") is None
    assert lists_only.state("korus").model_dump_json() == (
        lists_only.fold_state("korus").model_dump_json()
    )  # rendered when read
    assert json.loads(shared.get(PROJECTION, [STALE])[STALE]) == []
    assert_latest_equals_the_fold(renders)


def test_a_read_command_catches_up_without_rendering_and_state_renders_what_it_reads() -> None:
    from pathlib import Path

    from timeline import Timeline

    seeds = Path(__file__).resolve().parents[2] / "seeds"
    with Timeline.in_memory() as timeline:
        assert timeline.ingest([seeds]).ok
        assert "korus" in timeline.negotiations()  # caught up: the index only
        store = timeline.read_models
        assert json.loads(store.get(PROJECTION, [STALE])[STALE]) == ["korus"]
        assert read_latest(store, "korus") is None
        state = timeline.state("korus")
        assert json.loads(store.get(PROJECTION, [STALE])[STALE]) == []
        assert read_latest(store, "korus") is state  # kept, and remembered decoded
        assert state.model_dump_json() == timeline.projections.fold_state("korus").model_dump_json()


def test_decoded_states_are_remembered_up_to_a_size(monkeypatch: pytest.MonkeyPatch) -> None:
    from timeline.store.memory import InMemoryRecorder

    recorder = InMemoryRecorder()
    korus, nafta = other_negotiation_events()
    recorder.append("korus-statements", korus, expected_version=0)
    recorder.append("article-nafta", nafta, expected_version=0)
    store = InMemoryReadModels()
    ProjectionRunner(recorder, store).catch_up()
    monkeypatch.setattr(latest, "CACHED_BYTES", 1)
    first = read_latest(store, "korus")
    assert first is not None and read_latest(store, "korus") is first  # the latest is kept
    assert read_latest(store, "nafta") is not None
    again = read_latest(store, "korus")  # forgotten for nafta's: decoded again, equal
    assert again is not first
    assert again is not None and again.model_dump_json() == first.model_dump_json()


def test_a_minimal_sqlite_reader_finds_the_current_state_as_the_module_documents_it(
    sqlite_database: str,
) -> None:
    import hashlib
    import sqlite3

    from timeline.fold_version import fold_version
    from timeline.store.engine import open_engine
    from timeline.store.sql import SqlRecorder

    engine = open_engine(sqlite_database)
    recorder = SqlRecorder(engine)
    runner = ProjectionRunner(recorder, read_models_for(recorder))
    recorder.append("article-ap", ap_events(), expected_version=0)
    runner.catch_up()

    def minimal_read(name: str) -> tuple[int, str | None]:
        db = sqlite3.connect(sqlite_database.removeprefix("sqlite:///"), isolation_level=None)
        try:
            db.execute("BEGIN")
            (checkpoint,) = db.execute(
                "SELECT position FROM projection_checkpoints WHERE projection = 'negotiation_index'"
            ).fetchone() or (0,)
            docs = dict(
                db.execute(
                    "SELECT key, document FROM projection_documents "
                    "WHERE projection = 'negotiation_index' AND key IN (?, ?, ?)",
                    (f"m/{name}", "x/stale", f"s/{name}"),
                )
            )
            db.execute("COMMIT")
        finally:
            db.close()
        stamp = json.loads(docs[f"m/{name}"])
        state = docs[f"s/{name}"]
        current = (
            stamp["version"] == fold_version()
            and name not in json.loads(docs.get("x/stale", "[]"))
            and hashlib.sha256(state.encode()).hexdigest() == stamp["sha256"]
        )
        return checkpoint, state if current else None

    checkpoint, document = minimal_read("korus")
    assert checkpoint == len(ap_events())
    encoded = encode_state(runner.fold_state("korus"))
    assert document == encoded.summary
    assert decoded_json(encoded) == runner.fold_state("korus").model_dump_json()
    recorder.append("article-gn", gulf_events(), expected_version=0)
    ProjectionRunner(recorder, read_models_for(recorder), render_states=False).catch_up()
    assert minimal_read("korus")[1] is None  # stale: the reader must fold instead
    engine.dispose()
