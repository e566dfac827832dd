"""Rejecting and confirming stored events through the facade, on SQLite and PostgreSQL:
the judgement is an event in the store, the state honours it, and it survives `rederive`.

The article is the project's own text about a fictional country (Freedonia, added by
tests/fixtures/catalogs/fictional_parties.yaml, standing in for a user's catalog change).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from timeline import ArticleError, JudgementError, Timeline
from timeline.app import judgement_stream

MORE_PARTIES = (
    Path(__file__).resolve().parents[1] / "fixtures" / "catalogs" / "fictional_parties.yaml"
)
ARTICLE = "quota-2024-03-11"
TEXT = f"""---
id: {ARTICLE}
outlet: Test Wire
published: 2024-03-11
negotiation: eu-freedonia
---
Freedonia on Monday refused the European Union's request to widen its cheese quota, aides said.
The European Union and Japan held talks in Tokyo on Friday.
The trade deficit of the European Union with Japan was 20 billion euros last year, officials said.
"""


@pytest.fixture
def timeline(database_url: str, tmp_path: Path) -> Iterator[Timeline]:
    path = tmp_path / "quota.md"
    path.write_text(TEXT, encoding="utf-8")
    with Timeline.open(database_url) as opened:
        assert opened.ingest([path]).ok
        yield opened


def event_of(timeline: Timeline, event_type: str) -> str:
    found = [e for e in timeline.review(ARTICLE).events if e.type == event_type]
    assert len(found) == 1, found
    return str(found[0].event_id)


def test_review_lists_each_derived_event_with_its_quote_rule_and_no_judgement(
    timeline: Timeline,
) -> None:
    review = timeline.review(ARTICLE)

    assert review.negotiation == "eu-freedonia"
    types = [event.type for event in review.events]
    assert "meeting_held" in types and "trade_figure_reported" in types
    for event in review.events:
        assert event.rule_id and event.evidence
        assert all(e.article_id == ARTICLE for e in event.evidence)
        assert event.verdict is None and event.judgements == ()
    assert review.judged == 0


def test_a_rejection_is_an_event_the_state_honours(timeline: Timeline) -> None:
    meeting = event_of(timeline, "meeting_held")
    assert len(timeline.state("eu-freedonia").meetings_held) == 1

    outcome = timeline.reject(meeting, analyst="alice", reason="Japan talks: another deal")

    assert outcome.recorded and outcome.position is not None
    stored = timeline.recorder.read_stream(judgement_stream(outcome.event_id))
    assert [r.type for r in stored] == ["event_rejected"]
    state = timeline.state("eu-freedonia")
    assert state.meetings_held == ()
    assert state.judgements[meeting].reason == "Japan talks: another deal"
    assert timeline.review(ARTICLE).judged == 1
    summary = {s.id: s for s in timeline.negotiation_summaries()}["eu-freedonia"]
    assert summary.events == len(timeline.review(ARTICLE).events) - 1


def test_rejecting_twice_records_nothing_and_confirming_undoes_it(timeline: Timeline) -> None:
    meeting = event_of(timeline, "meeting_held")
    timeline.reject(meeting, analyst="alice", reason="not these talks")
    head = timeline.recorder.max_position()

    again = timeline.reject(meeting, analyst="bob", reason="still wrong")
    assert not again.recorded
    assert again.previous is not None and again.previous.analyst == "alice"
    assert timeline.recorder.max_position() == head

    undone = timeline.confirm(meeting, analyst="bob")
    assert undone.recorded
    state = timeline.state("eu-freedonia")
    assert len(state.meetings_held) == 1
    assert state.judgements[meeting].verdict == "confirmed"


def test_an_event_can_be_named_by_a_unique_prefix(timeline: Timeline) -> None:
    meeting = event_of(timeline, "meeting_held")
    outcome = timeline.confirm(meeting[:8], analyst="alice")
    assert str(outcome.event_id) == meeting


@pytest.mark.parametrize(
    ("ref", "problem"),
    [
        ("00000000-0000-0000-0000-000000000000", "no stored event has this id"),
        ("ffffffff", "no stored event id starts with this"),
        ("f-0123456789", "is a fact id"),
        ("KORUS", "is not an event id"),
    ],
)
def test_a_bad_event_id_is_one_clear_error_and_records_nothing(
    timeline: Timeline, ref: str, problem: str
) -> None:
    head = timeline.recorder.max_position()
    with pytest.raises(JudgementError, match=problem) as raised:
        timeline.reject(ref, analyst="alice", reason="x")
    assert "\n" not in str(raised.value)
    assert timeline.recorder.max_position() == head


def test_only_negotiation_events_can_be_judged_and_a_rejection_needs_a_reason(
    timeline: Timeline,
) -> None:
    ingested = timeline.recorder.read_stream(f"article:{ARTICLE}")[0]
    with pytest.raises(JudgementError, match="article_ingested"):
        timeline.confirm(str(ingested.event_id), analyst="alice")
    with pytest.raises(JudgementError, match="needs a reason"):
        timeline.reject(event_of(timeline, "meeting_held"), analyst="alice", reason="  ")


def test_reviewing_an_unknown_article_suggests_the_nearest(timeline: Timeline) -> None:
    with pytest.raises(ArticleError, match="did you mean 'quota-2024-03-11'"):
        timeline.review("quota-2024-03-1")


def test_an_analysts_rejection_changes_the_state_and_survives_rederive(
    database_url: str, timeline: Timeline
) -> None:
    """Issue 10's done-when: the rejection changes the state and survives `rederive`; a
    judgement of an event the re-derivation retracts stays, about a retracted event."""
    meeting = event_of(timeline, "meeting_held")
    proposal = event_of(timeline, "proposal_made")  # Freedonia is no party yet: no target
    timeline.reject(meeting, analyst="alice", reason="Japan talks: another deal")
    timeline.confirm(proposal, analyst="alice")
    assert timeline.state("eu-freedonia").meetings_held == ()

    with Timeline.open(database_url, catalog_path=MORE_PARTIES) as later:
        outcome = later.rederive([ARTICLE]).outcomes[0]
        state = later.state("eu-freedonia")
        review = {str(e.event_id): e for e in later.review(ARTICLE).events}
        with pytest.raises(JudgementError, match="was retracted"):
            later.reject(proposal, analyst="bob", reason="x")

    assert (outcome.status, outcome.retracted) == ("rederived", 1)
    assert state.meetings_held == ()  # the same event derived again: still rejected
    assert state.judgements[meeting].verdict == "rejected"
    assert state.judgements[proposal].retracted is True
    assert review[proposal].retracted and review[proposal].verdict == "confirmed"
    assert review[meeting].verdict == "rejected" and not review[meeting].retracted
    assert any(p.addressee == "FD" for p in state.proposals.values())
