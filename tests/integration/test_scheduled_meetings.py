"""A scheduled meeting is shown on the meeting's date, with the day it was stated."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from timeline import Timeline
from timeline.report import ArticleMeta, render_report

NEGOTIATION = "ca-jp"

SCHEDULES = [
    "The two sides will meet again in Tokyo on April 15 for a second round, officials said.",
    "A second round of talks is scheduled for April 15 in Tokyo, the ministry said.",
    "Negotiators agreed to hold their next round on April 15.",
]


def article(folder: Path, sentence: str) -> Path:
    path = folder / "schedule.md"
    path.write_text(
        "---\nid: schedule-1\npublished: 2019-03-04\n"
        f"negotiation: {NEGOTIATION}\n---\n"
        "Trade negotiators from Canada and Japan held a first round of talks in Ottawa on "
        f"Monday.\n\n{sentence}\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture(params=SCHEDULES, ids=["meet again", "is scheduled for", "next round"])
def timeline(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Timeline]:
    with Timeline.in_memory() as opened:
        report = opened.ingest([article(tmp_path, request.param)])
        assert report.ok, report
        yield opened


def test_the_state_dates_a_scheduled_meeting_when_it_is_held(timeline: Timeline) -> None:
    state = timeline.state(NEGOTIATION)
    (scheduled,) = state.meetings_scheduled
    assert str(scheduled.date) == "2019-04-15"
    assert str(scheduled.stated_on) == "2019-03-04"
    assert str(state.next_meeting.value) == "2019-04-15"
    (held,) = state.meetings_held
    assert str(held.date) == "2019-03-04" and held.stated_on is None


def test_the_chronology_lists_it_on_the_meetings_date(timeline: Timeline) -> None:
    rows = {row.type: row for row in timeline.events(NEGOTIATION)}
    schedule = rows["round_scheduled"]
    assert (str(schedule.date), str(schedule.stated_on)) == ("2019-04-15", "2019-03-04")
    assert schedule.sort_date == date(2019, 4, 15)
    assert rows["meeting_held"].stated_on is None
    assert [row.type for row in timeline.events(NEGOTIATION)] == ["meeting_held", "round_scheduled"]


def test_before_it_is_held_the_schedule_is_known_and_nothing_is_held_yet(
    timeline: Timeline,
) -> None:
    state = timeline.state(NEGOTIATION, as_of=date(2019, 3, 20))
    assert str(state.next_meeting.value) == "2019-04-15"
    assert [str(m.date) for m in state.meetings_scheduled] == ["2019-04-15"]


def test_the_report_places_it_on_the_meetings_date_and_says_when_it_was_set(
    timeline: Timeline,
) -> None:
    state = timeline.state(NEGOTIATION)
    rows = timeline.events(NEGOTIATION)
    stored = timeline.articles(s.article_id for row in rows for s in row.sources)
    articles = {
        key: ArticleMeta(key, a.outlet, a.title, a.url, a.published) for key, a in stored.items()
    }
    page = render_report(state, rows, articles, title=NEGOTIATION, known_at=None, version="t")
    assert "the meeting&#39;s date; scheduled on 2019-03-04" in page or (
        "the meeting's date; scheduled on 2019-03-04" in page
    )
