"""Meetings, schedules and stalls in unfamiliar wording."""

from __future__ import annotations

from datetime import date

import pytest

from tests.derivation.conftest import DeriveText, events_of, joint


@pytest.mark.parametrize(
    ("body", "when"),
    [
        ("The session, which opened on Oct. 3 in Ottawa, was the longest so far.", "2017-10-03"),
        (
            "The fifth round, which began on Monday at a Mexico City hotel, ended quietly.",
            "2017-10-09",
        ),
        ("Talks that started last week in Washington are due to end on Friday.", "2017-10"),
    ],
)
def test_round_openings_in_relative_clauses(derive_text: DeriveText, body: str, when: str) -> None:
    events = derive_text(body, negotiation="nafta", published=date(2017, 10, 12))
    dates = sorted(str(m.occurred) for m in events_of(events, "meeting_held"))
    assert when in dates


@pytest.mark.parametrize(
    ("body", "when"),
    [
        ("It has been the hardest round since the renegotiation began in August.", "2017-08"),
        ("Tempers have frayed since negotiations were launched in August.", "2017-08"),
        ("Since formal talks kicked off in mid-August, little has been agreed.", "2017-08"),
    ],
)
def test_when_the_talks_began(derive_text: DeriveText, body: str, when: str) -> None:
    events = derive_text(body, negotiation="nafta", published=date(2017, 10, 12))
    assert [str(m.occurred) for m in events_of(events, "meeting_held")] == [when]


@pytest.mark.parametrize(
    ("body", "actor", "when"),
    [
        (
            "Donald Trump and Xi Jinping dined together in Buenos Aires on Saturday.",
            "CN+US",
            "2018-12-01",
        ),
        ("Trump had dinner with Xi Jinping at Mar-a-Lago on Thursday.", "CN+US", "2018-11-29"),
        (
            "Trump hosted Chinese President Xi Jinping at Mar-a-Lago on Thursday.",
            "CN+US",
            "2018-11-29",
        ),
        ("Xi welcomed President Donald Trump to Beijing on Wednesday.", "CN+US", "2018-11-28"),
    ],
)
def test_dinners_and_hosting(derive_text: DeriveText, body: str, actor: str, when: str) -> None:
    events = derive_text(body, negotiation="us-china", published=date(2018, 12, 2))
    (meeting,) = events_of(events, "meeting_held")
    assert joint(meeting) == actor
    assert str(meeting.occurred) == when


def test_hosting_with_a_pronoun_takes_the_last_leader(derive_text: DeriveText) -> None:
    events = derive_text(
        "Donald Trump repeated the threat. He said so last week while hosting Canadian Prime "
        "Minister Justin Trudeau at the White House.",
        negotiation="nafta",
        published=date(2017, 10, 17),
    )
    assert [joint(m) for m in events_of(events, "meeting_held")] == ["CA+US"]


def test_a_round_told_with_an_apposition(derive_text: DeriveText) -> None:
    events = derive_text(
        "A round of talks in Beijing in May, the last formal session before the summit, ended "
        "without a deal.",
        negotiation="us-china",
        published=date(2018, 12, 2),
    )
    assert [str(m.occurred) for m in events_of(events, "meeting_held")] == ["2018-05"]
    assert [str(s.occurred) for s in events_of(events, "talks_stalled")] == ["2018-05"]


@pytest.mark.parametrize(
    "body",
    [
        "The prime minister won her ministers' support after a five-hour cabinet meeting.",
        "The cabinet met on Wednesday to discuss the draft treaty.",
        "They signed the deal hours before the Group of 20 summit opened.",
        "Negotiators signed off on two more chapters on Friday.",
        "The deal was agreed in March, after talks that began when Washington called a "
        "special session of the joint committee.",
        "Markets began to fall after the White House called a press briefing.",
    ],
)
def test_not_negotiating_meetings(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, negotiation="brexit", published=date(2018, 11, 15))
    assert events_of(events, "meeting_held") == []


def test_an_undated_mention_is_the_dated_round(derive_text: DeriveText) -> None:
    events = derive_text(
        "The seventh round, which opened on February 25, ended on Monday. Negotiators closed "
        "three chapters during the round.",
        negotiation="nafta",
        published=date(2018, 3, 6),
    )
    assert [str(m.occurred) for m in events_of(events, "meeting_held")] == ["2018-02-25"]


@pytest.mark.parametrize(
    ("body", "actor"),
    [
        ("The fourth round ended on Tuesday with no breakthrough on autos.", "CA+MX+US"),
        ("Freeland said talks with Washington on steel had made no progress.", "CA+US"),
        ("Talks between Ottawa and Washington broke up with little progress on Friday.", "CA+US"),
    ],
)
def test_stalls_in_other_words(derive_text: DeriveText, body: str, actor: str) -> None:
    events = derive_text(body, negotiation="nafta", published=date(2017, 10, 18))
    (stall,) = events_of(events, "talks_stalled")
    assert joint(stall) == actor


@pytest.mark.parametrize(
    "body",
    [
        "Farm groups warned that a collapse of the pact would hurt exports.",
        "Analysts said the talks could stall if Washington insists on a sunset clause.",
        "Investors fear a breakdown in the negotiations.",
    ],
)
def test_feared_or_third_party_collapses_are_no_stall(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, negotiation="nafta", published=date(2017, 10, 18))
    assert events_of(events, "talks_stalled") == []


@pytest.mark.parametrize(
    ("body", "actor"),
    [
        (
            "Freeland said talks with Washington made no progress, and no date has been set to "
            "resume them.",
            "CA+US",
        ),
        ("No date has been set for the talks to resume.", "CA+MX+US"),
        ("The ministers have not yet fixed a date to meet again.", "CA+MX+US"),
    ],
)
def test_no_date_to_resume(derive_text: DeriveText, body: str, actor: str) -> None:
    events = derive_text(body, negotiation="nafta", published=date(2018, 10, 1))
    (none_set,) = events_of(events, "round_scheduled")
    assert none_set.polarity == "negative"
    assert joint(none_set) == actor


@pytest.mark.parametrize(
    ("body", "actor", "scheduled"),
    [
        (
            "He and Chinese President Xi Jinping are to sit down for dinner on Saturday.",
            "CN+US",
            "2018-12-01",
        ),
        (
            "Lighthizer said he expected the deal to be signed in Washington in the first week "
            "of January.",
            "CN+US",
            "2019-01",
        ),
        ("The accord is due to be signed in Beijing next month.", "CN+US", "2018-12"),
    ],
)
def test_future_dinners_and_signings(
    derive_text: DeriveText, body: str, actor: str, scheduled: str
) -> None:
    events = derive_text(
        "Donald Trump arrived in Argentina on Thursday. " + body,
        negotiation="us-china",
        published=date(2018, 11, 30),
    )
    (future,) = events_of(events, "round_scheduled")
    assert joint(future) == actor
    assert str(getattr(future, "scheduled_for")) == scheduled  # noqa: B009
    assert events_of(events, "agreement_signed") == []


@pytest.mark.parametrize(
    ("body", "place"),
    [
        ("Negotiators held their first talks in Seoul on Tuesday.", "Seoul"),
        ("The round, which began on Oct. 11 at a hotel outside Washington, ended.", "Washington"),
        ("Trump and Trudeau met at the White House in June.", "White House"),
        ("The next round will be held in Mexico City from Nov. 17 to 21.", "Mexico City"),
    ],
)
def test_where_the_meeting_is(derive_text: DeriveText, body: str, place: str) -> None:
    events = derive_text(body, negotiation="nafta", published=date(2017, 10, 18))
    meetings = events_of(events, "meeting_held") + events_of(events, "round_scheduled")
    assert [getattr(m, "location") for m in meetings] == [place]  # noqa: B009


@pytest.mark.parametrize(
    "body",
    [
        "The two sides met on Tuesday.",
        "Talks resumed in August after a pause.",
        "They met in March, and Seoul said in a statement that the talks went well.",
    ],
)
def test_no_place_named(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, published=date(2017, 10, 18))
    assert [getattr(m, "location") for m in events_of(events, "meeting_held")] in ([], [None])  # noqa: B009


def test_a_place_named_is_no_party_to_the_talks(derive_text: DeriveText) -> None:
    events = derive_text(
        "Talks in Brussels broke down on Thursday without a deal.",
        negotiation="us-china",
        published=date(2019, 4, 14),
    )
    assert [joint(s) for s in events_of(events, "talks_stalled")] == ["CN+US"]
    assert [getattr(m, "location") for m in events_of(events, "meeting_held")] == ["Brussels"]  # noqa: B009
