"""The served latest state reads its summary at once and each section when first read:
whatever is read, and however, it is the fold's state, and a section that cannot be read
from its document is taken from the fold, never a partial state nor an error."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pydantic import TypeAdapter
from seedlike import ap_events, gulf_events
from test_runner import read_models_for

from timeline.domain.deferred import deferred
from timeline.domain.views import NegotiationState
from timeline.projections import latest
from timeline.projections.index import PROJECTION
from timeline.projections.latest import (
    read_latest,
    section_counts,
    section_key,
    stamp_key,
    state_key,
)
from timeline.projections.runner import ProjectionRunner
from timeline.projections.state_document import SECTIONS, encode_state, section_value, sha256_text
from timeline.store.readmodels import ReadModelStore
from timeline.store.recorder import Recorder


@pytest.fixture
def runner(recorder: Recorder) -> Iterator[ProjectionRunner]:
    runner = ProjectionRunner(recorder, read_models_for(recorder))
    recorder.append("article-ap", ap_events(), expected_version=0)
    recorder.append("article-gn", gulf_events(), expected_version=0)
    runner.catch_up()
    yield runner


def forget(store: ReadModelStore) -> None:
    """Drop the store's remembered states: the next read decodes again."""
    vars(store).pop(latest._CACHE_ATTRIBUTE, None)


def served(runner: ProjectionRunner, name: str = "korus") -> NegotiationState:
    forget(runner.read_models)
    state = runner.state(name)
    assert deferred(state), "served from its summary, sections deferred"
    return state


def put(store: ReadModelStore, key: str, document: str) -> None:
    position = store.checkpoint(PROJECTION)
    store.write(PROJECTION, {key: document}, position, expected=position)


def test_the_served_state_dumps_and_compares_as_the_fold(runner: ProjectionRunner) -> None:
    for name in sorted(runner.negotiations()):
        want = runner.fold_state(name)
        state = served(runner, name)
        assert state.model_dump_json() == want.model_dump_json()
        assert not deferred(state) and not deferred(state.agreement)
        eager = read_latest(runner.read_models, name)  # every section read at once
        assert eager is not None and served(runner, name) == eager
        nested = TypeAdapter(list[NegotiationState]).dump_json([served(runner, name)])
        assert nested.decode() == f"[{want.model_dump_json()}]"


@pytest.mark.parametrize("path", SECTIONS)
def test_each_section_read_alone_is_the_folds(runner: ProjectionRunner, path: str) -> None:
    want = runner.fold_state("korus")
    state = served(runner)
    counts = section_counts(state)
    assert counts[path] == len(section_value(want, path))
    assert section_value(state, path) == section_value(want, path)
    assert state.model_dump_json() == want.model_dump_json()
    assert section_counts(state) == counts


def test_the_summary_fields_are_read_without_loading_a_section(runner: ProjectionRunner) -> None:
    want = runner.fold_state("korus")
    state = served(runner)
    assert state.status.value == want.status.value and state.status.reasons
    assert state.status.reasons == want.status.reasons
    assert state.parties == want.parties and state.next_meeting == want.next_meeting
    assert state.agreement.reached_on == want.agreement.reached_on
    assert state.termination_clause.notice_days == want.termination_clause.notice_days
    assert section_counts(state)["proposals"] == len(want.proposals) > 0
    assert deferred(state) and deferred(state.agreement) and deferred(state.termination_clause)


@pytest.mark.parametrize(
    "damage",
    ["empty", "not json", "another section", "a stale document", "same digest, bad JSON"],
)
@pytest.mark.parametrize("when", ["before the read", "after the read"])
def test_a_section_that_cannot_be_read_is_taken_from_the_fold(
    runner: ProjectionRunner, damage: str, when: str
) -> None:
    """Never an error, never a partial state: the sections that do not decode (damaged
    before ``state`` was asked, or replaced while the state was held) come from the fold."""
    store = runner.read_models
    want = runner.fold_state("korus").model_dump_json()
    key = section_key("korus", "proposals")
    documents = {
        "empty": "",
        "not json": "not json",
        "another section": store.get(PROJECTION, [section_key("korus", "figures")])[
            section_key("korus", "figures")
        ],
        "a stale document": encode_state(
            runner.fold_state("korus", known_at=len(ap_events()))
        ).sections["proposals"],
        "same digest, bad JSON": None,
    }

    def damaged() -> None:
        if damage == "same digest, bad JSON":
            return
        else:
            document = documents[damage]
            assert document is not None
            put(store, key, document)

    if when == "before the read":
        damaged()
        state = served(runner)
    else:
        state = served(runner)
        damaged()
    if damage == "same digest, bad JSON":  # a section the stamp vouches for, undecodable
        monkey = pytest.MonkeyPatch()
        monkey.setattr(latest, "decode_section", lambda path, document: None)
        try:
            assert state.model_dump_json() == want
        finally:
            monkey.undo()
    else:
        assert state.proposals == runner.fold_state("korus").proposals
        assert state.model_dump_json() == want
    if damage != "same digest, bad JSON":
        assert runner.verify() != []


def test_a_state_held_while_a_catch_up_renders_a_newer_one_keeps_its_own_sections(
    recorder: Recorder,
) -> None:
    runner = ProjectionRunner(recorder, read_models_for(recorder))
    recorder.append("article-ap", ap_events(), expected_version=0)
    runner.catch_up()
    before = runner.fold_state("korus").model_dump_json()
    held = served(runner)
    recorder.append("article-gn", gulf_events(), expected_version=0)
    runner.catch_up()  # korus's documents rendered again
    assert held.model_dump_json() == before
    assert runner.state("korus").model_dump_json() == runner.fold_state("korus").model_dump_json()


def test_the_stamp_vouches_for_the_summary_which_vouches_for_every_section(
    runner: ProjectionRunner,
) -> None:
    store = runner.read_models
    stamp = latest.Stamp.decode(store.get(PROJECTION, [stamp_key("korus")])[stamp_key("korus")])
    summary = store.get(PROJECTION, [state_key("korus")])[state_key("korus")]
    assert stamp is not None and stamp.sha256 == sha256_text(summary)
    found = latest.decode_summary(summary)
    assert found is not None
    keys = [section_key("korus", path) for path in SECTIONS]
    documents = store.get(PROJECTION, keys)
    for path in SECTIONS:
        document = documents[section_key("korus", path)]
        assert found.sections[path].sha256 == sha256_text(document)
