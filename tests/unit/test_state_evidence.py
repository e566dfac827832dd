"""The state holds typed values, and a status is only as strong as its evidence.

Event sequences written here, in our own words: a termination notice known only to the
month, single- and multi-source reports at several rule confidences, stalls and milestones.
"""

from __future__ import annotations

from datetime import date

from seedlike import NEG, article, record, stated

from timeline.audit import explain
from timeline.domain.events import (
    AgreementInForce,
    AgreementSigned,
    MeetingHeld,
    TalksStalled,
    TerminationClauseCited,
)
from timeline.domain.support import CONFIDENT, grade
from timeline.domain.values import WorldDate
from timeline.domain.views import DateRange, NegotiationState
from timeline.projections.negotiation import project
from timeline.words import effective_words

A, B, C = "paper-a", "paper-b", "paper-c"


def articles() -> list:
    return [
        article(A, "Paper A", None),
        article(B, "Paper B", None),
        article(C, "Paper C", "Wire X"),
    ]


def meeting(source: str, day: str) -> object:
    return stated(
        MeetingHeld,
        source,
        f"the negotiators met again on {day} ({source})",
        actor="KR+US",
        subject="second round of talks",
        occurred=day,
        reported_on=date(2018, 2, 10),
    )


def notice(source: str, *, confidence: float = 0.7, quote: str = "") -> object:
    return stated(
        TerminationClauseCited,
        source,
        quote or f"the US gave notice in December under the exit clause ({source})",
        actor="US",
        subject="US gives notice under the termination clause",
        occurred="2017-12",
        reported_on=date(2018, 2, 10),
        invocable_by="any",
        notice_days=180,
        invoked=True,
        confidence=confidence,
    )


def state_of(events: list, as_of: date | None = None) -> NegotiationState:
    return project(record([*articles(), *events]), NEG, as_of=as_of)


def test_a_notice_known_to_the_month_is_a_typed_date_and_its_effect_a_span() -> None:
    state = state_of([meeting(A, "2018-02-09"), notice(A)], as_of=date(2018, 3, 1))
    clause = state.termination_clause
    assert clause.notice_given_on == WorldDate(year=2017, month=12)
    assert clause.earliest_effective == DateRange(
        earliest=date(2018, 5, 30), latest=date(2018, 6, 29)
    )
    assert effective_words(clause) == (
        "between 2018-05-30 and 2018-06-29 at the earliest (notice known only to the month)"
    )
    again = NegotiationState.model_validate_json(state.model_dump_json())
    assert again.termination_clause == clause


def test_one_lower_confidence_notice_is_reported_not_counted() -> None:
    state = state_of([meeting(A, "2018-02-09"), notice(A)], as_of=date(2018, 3, 1))
    assert state.termination_clause.notice_support == "reported"
    assert state.status.value == "negotiating"
    [reported] = state.status.reported
    assert reported.key == "reported:termination-notice"
    assert reported.support == "reported" and reported.independent_sources == 1
    assert any("gave notice in December" in s.quote for s in reported.sources)
    why = explain(state, "status")
    assert any(rule.startswith("reported, not counted: termination notice") for rule in why.rules)
    assert any("thresholds:" in rule for rule in why.rules)
    assert any("gave notice in December" in quote for quote in why.quotes)


def test_a_notice_from_two_independent_origins_drives_the_status() -> None:
    events = [meeting(A, "2018-02-09"), notice(A), notice(B)]
    state = state_of(events, as_of=date(2018, 3, 1))
    assert state.termination_clause.notice_support == "corroborated"
    assert state.status.value == "termination_notified"
    assert state.status.support == "corroborated"
    assert state.status.reported == ()


def test_two_copies_of_one_wire_story_count_once() -> None:
    copies = [
        article("copy-1", "Paper D", "Wire Y"),
        article("copy-2", "Paper E", "Wire Y"),
    ]
    events = [*copies, meeting(A, "2018-02-09"), notice("copy-1"), notice("copy-2")]
    state = project(record([*articles(), *events]), NEG, as_of=date(2018, 3, 1))
    assert state.termination_clause.notice_independent_sources == 1
    assert state.status.value == "negotiating"


def test_one_confident_notice_drives_the_status_and_says_it_rests_on_one_source() -> None:
    state = state_of([notice(A, confidence=CONFIDENT)], as_of=date(2018, 3, 1))
    assert state.status.value == "termination_notified"
    assert state.status.support == "confident"


def test_the_termination_takes_effect_only_once_the_whole_span_has_passed() -> None:
    events = [notice(A), notice(B)]
    assert state_of(events, as_of=date(2018, 6, 15)).status.value == "termination_notified"
    assert state_of(events, as_of=date(2018, 6, 29)).status.value == "terminated"


def stall(source: str, confidence: float) -> object:
    return stated(
        TalksStalled,
        source,
        f"the round broke up without any result ({source})",
        actor="KR+US",
        subject="talks end without result",
        occurred="2018-02-09",
        confidence=confidence,
    )


def test_a_single_lower_confidence_stall_drives_the_status_and_says_so() -> None:
    state = state_of([meeting(A, "2018-02-09"), stall(A, 0.6)])
    assert (state.status.value, state.status.support) == ("stalled", "reported")
    [reason] = [r for r in state.status.reasons if r.key.startswith("stalled:")]
    assert (reason.support, reason.independent_sources, reason.confidence) == ("reported", 1, 0.6)
    why = explain(state, "status")
    assert any(
        rule.startswith("rests on a single lower-confidence source: «the round")
        for rule in why.rules
    )
    corroborated = state_of([meeting(A, "2018-02-09"), stall(A, 0.6), stall(B, 0.6)])
    assert (corroborated.status.value, corroborated.status.support) == ("stalled", "corroborated")


def signed(source: str, day: str, confidence: float = 0.7) -> object:
    return stated(
        AgreementSigned,
        source,
        f"the two governments signed the revised deal on {day} ({source})",
        actor="KR+US",
        subject="revised agreement signed",
        occurred=day,
        confidence=confidence,
    )


def test_a_single_lower_confidence_signing_makes_it_signed_resting_on_one_source() -> None:
    state = state_of([signed(A, "2018-09-24")])
    assert state.agreement.signed_on == WorldDate(year=2018, month=9, day=24)
    assert (state.status.value, state.status.support) == ("signed", "reported")
    assert state.status.reported == ()
    confident = state_of([signed(A, "2018-09-24", confidence=0.8)])
    assert (confident.status.value, confident.status.support) == ("signed", "confident")
    both = state_of([signed(A, "2018-09-24"), signed(C, "2018-09-24")])
    assert (both.status.value, both.status.support) == ("signed", "corroborated")


def test_two_articles_dating_one_signing_differently_are_a_date_dispute() -> None:
    state = state_of([signed(A, "2018-09-24"), signed(B, "2018-09-25")])
    [dispute] = state.agreement.disputes
    assert dispute.field == "signed_on"
    assert [str(d.date) for d in dispute.dates] == ["2018-09-24", "2018-09-25"]
    assert [d.sources[0].article_id for d in dispute.dates] == [A, B]
    why = explain(state, "agreement.signed_on")
    assert any(rule.startswith("disputed date: 2018-09-24") for rule in why.rules)
    assert len(why.quotes) == 2


def test_two_signings_years_apart_stay_two_events() -> None:
    state = state_of([signed(A, "2007-06-30"), signed(B, "2018-09-24")])
    assert state.agreement.disputes == ()
    assert state.agreement.signed_on == WorldDate(year=2007, month=6, day=30)


def test_dates_known_only_to_the_year_are_not_disputed() -> None:
    in_force = [
        stated(
            AgreementInForce,
            source,
            f"the pact took effect in {year} ({source})",
            actor="KR+US",
            subject="agreement in force",
            occurred=year,
        )
        for source, year in ((A, "2012"), (B, "2013"))
    ]
    assert state_of(in_force).agreement.disputes == ()


def test_support_grades() -> None:
    assert grade(2, 0.1) == "corroborated"
    assert grade(1, CONFIDENT) == "confident"
    assert grade(1, CONFIDENT - 0.01) == "reported"


def test_a_notice_whose_effect_falls_beyond_the_calendar_leaves_it_unknown() -> None:
    late = stated(
        TerminationClauseCited,
        A,
        "notice given in the year 9999 with a long period",
        actor="US",
        subject="notice",
        occurred="9999-12",
        notice_days=400,
        invoked=True,
    )
    assert state_of([late]).termination_clause.earliest_effective == "unknown"
