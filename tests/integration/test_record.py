"""Recording hand-written events from a JSON Lines file: checked against stored articles."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from uuid import UUID

import pytest

from timeline import EventFileError, NegotiationEvent, Timeline

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
AP = "ap-2017-08-22-korea-says-no"
SENTENCE = "The U.S. trade official said discussions will continue."
LEFT_OUT = object()
"""A change that removes the field from the event."""


@pytest.fixture
def timeline(database_url: str) -> Iterator[Timeline]:
    with Timeline.open(database_url) as opened:
        opened.ingest([SEEDS / "2017-08-22-ap-korea-says-no.md"])
        yield opened


def ap_text(timeline: Timeline) -> str:
    first = timeline.recorder.read_stream(f"article:{AP}")[0].event
    return str(first.text)  # type: ignore[attr-defined]


def scheduled_round(timeline: Timeline, **changes: object) -> dict[str, object]:
    text = ap_text(timeline)
    start = text.index(SENTENCE)
    event: dict[str, object] = {
        "type": "round_scheduled",
        "negotiation": "korus",
        "actor": "KR+US",
        "subject": "talks to continue at a date to be set",
        "occurred": "2017-08-22",
        "reported_on": "2017-08-22",
        "scheduled_for": "2017-09",
        "evidence": [
            {"article_id": AP, "start": start, "end": start + len(SENTENCE), "quote": SENTENCE}
        ],
    }
    event.update(changes)
    return {key: value for key, value in event.items() if value is not LEFT_OUT}


def write_lines(path: Path, *events: dict[str, object]) -> Path:
    path.write_text("\n".join(json.dumps(e) for e in events) + "\n", encoding="utf-8")
    return path


def stored(timeline: Timeline) -> int:
    return sum(1 for _ in timeline.recorder.read_all())


def test_a_recorded_event_counts_in_the_state_and_says_where_it_came_from(
    timeline: Timeline, tmp_path: Path
) -> None:
    path = write_lines(tmp_path / "analyst.jsonl", scheduled_round(timeline))

    outcome = timeline.record(path)

    assert outcome.recorded == 1
    state = timeline.state("korus", as_of=date(2017, 8, 22))
    assert str(state.next_meeting.value) == "2017-09"
    assert state.next_meeting.sources[0].rule_id == "manual:analyst.jsonl"


def test_recording_the_same_file_again_is_a_no_op(timeline: Timeline, tmp_path: Path) -> None:
    path = write_lines(tmp_path / "analyst.jsonl", scheduled_round(timeline))
    timeline.record(path)
    before = stored(timeline)

    assert timeline.record(path).recorded == 0
    assert stored(timeline) == before


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"type": "deal_done"}, "unknown event type 'deal_done'"),
        ({"subject": None}, "invalid round_scheduled: subject"),
        ({"occurred": "2017-13"}, "invalid round_scheduled: occurred"),
        ({"negotiation": None}, "invalid round_scheduled: negotiation"),
        ({"actor": "ZZ+QQ"}, "actor: unknown party 'QQ'"),
        ({"target": "US+KO"}, "target: unknown party 'KO' (not a catalog party code); did you"),
        ({"negotiation": "korus\u0000"}, "negotiation holds U+0000, a control character"),
        ({"negotiation": "k" * 161}, "negotiation is 161 characters long; the limit is 160"),
        ({"scheduled_for": "9999-12"}, "scheduled_for: year 9999 is implausible"),
        ({"occurred": "0001-01-01"}, "occurred: year 1 is implausible"),
        (
            {"type": "termination_clause_cited", "scheduled_for": LEFT_OUT, "notice_days": 10**400},
            "notice_days: 10000000000000000000... is implausible",
        ),
        (
            {"derivation": {"rule_id": "manual", "extractor_version": "m", "confidence": 7}},
            "confidence: 7.0 is implausible",
        ),
        (
            {
                "type": "trade_figure_reported",
                "scheduled_for": LEFT_OUT,
                "measure": "deficit",
                "unit": "USD",
                "value": -1e16,
            },
            "value: -1e+16 is implausible",
        ),
        (
            {"type": "termination_clause_cited", "scheduled_for": LEFT_OUT, "invocable_by": "XX"},
            "invocable_by: unknown party 'XX'",
        ),
    ],
)
def test_a_bad_line_names_file_line_and_problem_and_writes_nothing(
    timeline: Timeline, tmp_path: Path, change: dict[str, object], problem: str
) -> None:
    good = scheduled_round(timeline)
    path = write_lines(tmp_path / "bad.jsonl", good, scheduled_round(timeline, **change))
    before = stored(timeline)

    with pytest.raises(EventFileError) as raised:
        timeline.record(path)

    assert raised.value.line == 2
    assert str(raised.value).startswith(f"{path}:2: ")
    assert problem in str(raised.value)
    assert stored(timeline) == before


def test_a_quote_that_is_not_the_article_text_is_refused(
    timeline: Timeline, tmp_path: Path
) -> None:
    event = scheduled_round(timeline)
    evidence = dict(event["evidence"][0])  # type: ignore[index]
    evidence["start"] += 1
    evidence["end"] += 1
    path = write_lines(tmp_path / "shifted.jsonl", {**event, "evidence": [evidence]})

    with pytest.raises(EventFileError, match="is not the text of"):
        timeline.record(path)


def test_evidence_must_cite_an_ingested_article(timeline: Timeline, tmp_path: Path) -> None:
    event = scheduled_round(timeline)
    evidence = {**event["evidence"][0], "article_id": "nowhere"}  # type: ignore[index,dict-item]
    path = write_lines(tmp_path / "orphan.jsonl", {**event, "evidence": [evidence]})

    with pytest.raises(EventFileError, match="'nowhere', which is not ingested"):
        timeline.record(path)


def test_a_line_that_is_not_json_is_named(timeline: Timeline, tmp_path: Path) -> None:
    path = tmp_path / "broken.jsonl"
    path.write_text('{"type": "meeting_held",\n', encoding="utf-8")

    with pytest.raises(EventFileError, match=r"broken\.jsonl:1: not JSON"):
        timeline.record(path)


WRAPPED = """---
id: wrapped-2024-02-02
outlet: Test Wire
published: 2024-02-02
negotiation: korus
---
Negotiators from Seoul and Washington met on Thursday in a hotel near the
harbour, an official said, and agreed to meet again.
The official said the harbour hotel was chosen for its size.
"""


@pytest.fixture
def wrapped(timeline: Timeline, tmp_path: Path) -> Timeline:
    path = tmp_path / "wrapped.md"
    path.write_text(WRAPPED, encoding="utf-8")
    assert timeline.ingest([path]).ok
    return timeline


def derive_shaped(quote: str, **changes: object) -> dict[str, object]:
    """A line as `derive --format jsonl` prints it, without offsets."""
    line: dict[str, object] = {
        "type": "meeting_held",
        "negotiation": "korus",
        "actor": "KR+US",
        "target": None,
        "occurred": "2024-02-01",
        "subject": "talks near the harbour",
        "evidence": [{"article": "wrapped-2024-02-02", "quote": quote}],
        "rule": "analyst.meeting",
        "confidence": 0.9,
        "extractor_version": "1.3.1",
        "event_id": "c8901f41-484f-5d74-b654-af7303d9ab5f",
    }
    line.update(changes)
    return line


def test_a_quote_without_offsets_is_found_even_across_a_line_break(
    wrapped: Timeline, tmp_path: Path
) -> None:
    quote = "met on Thursday in a hotel near the harbour"  # a line break in the text
    path = write_lines(tmp_path / "found.jsonl", derive_shaped(quote))

    assert wrapped.record(path).recorded == 1

    recorded = wrapped.recorder.read_stream("manual:found")[0]
    event = recorded.event
    assert isinstance(event, NegotiationEvent)
    text = WRAPPED.split("---\n", 2)[2]
    evidence = event.evidence[0]
    assert evidence.quote == text[evidence.start : evidence.end]
    assert "the\nharbour" in evidence.quote
    assert event.reported_on == date(2024, 2, 2)  # the article's day, when not given
    assert (event.derivation.rule_id, event.derivation.confidence) == ("analyst.meeting", 0.9)
    assert event.derivation.extractor_version == "manual"
    assert recorded.event_id != UUID("c8901f41-484f-5d74-b654-af7303d9ab5f")


@pytest.mark.parametrize(
    ("quote", "problem"),
    [
        ("the harbour", "quote «the harbour» occurs 2 times in article wrapped-2024-02-02"),
        ("a castle on the hill", "quote «a castle on the hill» is not in the text of article"),
    ],
)
def test_an_absent_or_ambiguous_quote_is_named_and_nothing_is_recorded(
    wrapped: Timeline, tmp_path: Path, quote: str, problem: str
) -> None:
    before = stored(wrapped)
    path = write_lines(tmp_path / "bad.jsonl", derive_shaped(quote))

    with pytest.raises(EventFileError) as raised:
        wrapped.record(path)

    assert problem in str(raised.value)
    assert "\n" not in str(raised.value)
    assert stored(wrapped) == before


def test_the_older_field_names_still_work(wrapped: Timeline, tmp_path: Path) -> None:
    line = derive_shaped("agreed to meet again")
    del line["rule"], line["confidence"]
    line["derivation"] = {"rule_id": "old.style", "confidence": 0.7}
    line["evidence"] = [{"article_id": "wrapped-2024-02-02", "quote": "agreed to meet again"}]
    path = write_lines(tmp_path / "old.jsonl", line)

    assert wrapped.record(path).recorded == 1
    event = wrapped.recorder.read_stream("manual:old")[0].event
    assert isinstance(event, NegotiationEvent)
    assert event.derivation.rule_id == "old.style"


def test_every_bad_line_is_reported_not_only_the_first(timeline: Timeline, tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "two-bad.jsonl",
        scheduled_round(timeline, occurred="2017-13"),
        scheduled_round(timeline),
        scheduled_round(timeline, type="deal_done"),
    )

    with pytest.raises(EventFileError) as raised:
        timeline.record(path)

    assert [line for line, _ in raised.value.problems] == [1, 3]
    assert str(raised.value).count("\n") == 1
