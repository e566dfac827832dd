"""Replay with readable diffs and explanations down to the quote."""

from __future__ import annotations

import pytest
from seedlike import DAY, GN, ap_events, record, seed_recorded, stated

from timeline.audit import Change, ReplayStep, _resolvers, explain, field_paths, replay
from timeline.domain.events import RoundScheduled
from timeline.domain.values import WorldDate
from timeline.domain.views import NegotiationState
from timeline.errors import UnknownFieldError
from timeline.projections.chronology import chronology
from timeline.projections.negotiation import project


@pytest.fixture(scope="module")
def state() -> NegotiationState:
    return project(seed_recorded(), "korus", as_of=DAY)


def test_replay_yields_every_event_of_the_negotiation_in_order() -> None:
    steps = list(replay(seed_recorded(), "korus"))
    assert [s.position for s in steps] == list(range(1, len(seed_recorded()) + 1))
    assert steps[0].type == "article_ingested"
    assert steps[0].diff == "(no visible change)"


def test_a_replay_step_built_without_validation_equals_the_validated_one() -> None:
    """Steps and their changes are built from the store's validated values, not validated
    again: each must equal (fields, their order, its JSON) the step pydantic validates."""
    for step in replay(seed_recorded(), "korus"):
        validated = ReplayStep.model_validate(step.model_dump())
        assert list(step.__dict__) == list(validated.__dict__)
        assert step.model_dump() == validated.model_dump()
        assert step.model_dump_json() == validated.model_dump_json()
        for change in step.changes:
            assert change == Change.model_validate(change.model_dump())
            assert change.model_fields_set == set(Change.model_fields)


def test_replay_shows_the_rejection_changing_the_proposal_status() -> None:
    steps = list(replay(seed_recorded(), "korus"))
    rejection = next(s for s in steps if s.type == "proposal_rejected")
    status_changes = [c for c in rejection.changes if c.path.endswith(".status")]
    assert any(c.after == "rejected" for c in status_changes)
    assert "-> rejected" in rejection.diff
    assert rejection.evidence[0].quote.startswith("we did not agree")
    assert rejection.rule_id == "test.rule"
    assert rejection.occurred == WorldDate(year=2017, month=8, day=22)


def test_replay_shows_the_clause_becoming_known() -> None:
    steps = list(replay(seed_recorded(), "korus"))
    clause = next(s for s in steps if s.type == "termination_clause_cited")
    assert "+ termination_clause.notice_days = 180" not in clause.diff  # was "unknown"
    assert "~ termination_clause.notice_days: unknown -> 180" in clause.diff


def test_explain_the_status_cites_quotes_and_the_rule(state: NegotiationState) -> None:
    why = explain(state, "status")
    assert why.value == "stalled"
    assert why.rules[0] == "S5 stalled"
    assert any("did not agree" in q for q in why.quotes)
    assert why.events and all(ref.position > 0 for ref in why.events)


def test_explain_a_proposal_status(state: NegotiationState) -> None:
    [us] = [p for p in state.proposals.values() if p.proposer == "US"]
    why = explain(state, f"proposals.{us.id}.status")
    assert why.value == "rejected"
    assert "link rule: matching-subject" in why.rules
    assert {ref.type for ref in why.events} >= {"proposal_rejected", "proposal_made"}


def test_explain_a_figure_by_its_short_name(state: NegotiationState) -> None:
    why = explain(state, "figures.goods_deficit.2016")
    assert why.value["status"] == "disputed"
    assert len(why.quotes) == 2
    assert any("27.7" in q for q in why.quotes) and any("27.6" in q for q in why.quotes)


def test_explain_a_meeting_held_shows_no_schedule_day_and_a_scheduled_one_does() -> None:
    next_round = stated(
        RoundScheduled,
        GN,
        "the two sides will meet again in Washington in October",
        actor="KR+US",
        subject="a second round in Washington",
        scheduled_for=WorldDate(year=2017, month=10),
    )
    events = seed_recorded()
    state = project([*events, *record([next_round], start=len(events) + 1)], "korus")
    [held] = state.meetings_held
    why = explain(state, f"meetings_held.{held.fact_id}")
    assert isinstance(why.value, dict) and "stated_on" not in why.value
    assert why.value["date"] == str(held.date) and why.value["subject"] == held.subject
    [scheduled] = state.meetings_scheduled
    why = explain(state, f"meetings_scheduled.{scheduled.fact_id}")
    assert isinstance(why.value, dict) and why.value["stated_on"] == str(DAY)
    assert why.value["date"] == "2017-10"


def test_explain_the_notice_period_cites_the_gulf_article(state: NegotiationState) -> None:
    why = explain(state, "termination_clause.notice_days")
    assert why.value == 180
    assert [ref.article_id for ref in why.events] == [GN]
    assert "180 days" in why.quotes[0]


def test_explain_the_next_meeting(state: NegotiationState) -> None:
    why = explain(state, "next_meeting")
    assert why.value == "none scheduled"
    assert "no date" in why.quotes[0]


def test_an_unknown_field_lists_the_valid_ones(state: NegotiationState) -> None:
    with pytest.raises(UnknownFieldError) as raised:
        explain(state, "figures.nonsense")
    assert "status" in raised.value.valid
    assert raised.value.valid == field_paths(state)


def test_explaining_one_field_builds_only_its_section_and_explains_it_alike(
    state: NegotiationState,
) -> None:
    every = _resolvers(state)
    sections = {path.split(".", 1)[0] for path in every}
    assert {"status", "proposals", "figures", "positions", "termination_clause"} <= sections
    for section in sections:
        table = _resolvers(state, section)
        assert sorted(table) == sorted(p for p in every if p.split(".", 1)[0] == section)
        for path, resolver in table.items():
            assert resolver() == every[path](), path
    for path in every:
        table = _resolvers(state, path)
        assert path in table and set(table) <= set(every), path
    proposal = next(iter(state.proposals))
    assert sorted(_resolvers(state, f"proposals.{proposal}")) == sorted(
        p for p in every if p.startswith(f"proposals.{proposal}")
    )
    assert _resolvers(state, "nonsense") == {}
    assert _resolvers(state, "proposals.p-nonsense") == {}


def test_field_paths_cover_the_state(state: NegotiationState) -> None:
    paths = field_paths(state)
    for path in ("status", "next_meeting", "termination_clause.notice_days"):
        assert path in paths
    assert any(p.startswith("figures.trade_partner_rank.2017") for p in paths)
    for path in paths:
        explain(state, path)


def test_the_chronology_merges_reports_and_keeps_sources() -> None:
    rows = chronology(seed_recorded(), "korus")
    assert [r.sort_date for r in rows] == sorted(r.sort_date for r in rows)
    assert rows[0].type in {"trade_figure_reported", "agreement_in_force"}
    meetings = [r for r in rows if r.type == "meeting_held"]
    assert len(meetings) == 1
    assert meetings[0].independent_sources == 2
    assert meetings[0].merge_rules and "M3 same-day" in meetings[0].merge_rules[0]
    undated = chronology(seed_recorded(), "korus", known_at=len(ap_events()))
    assert all(r.dated_by == "world" for r in undated)


def test_a_merge_note_names_the_merged_report_as_str_of_its_id() -> None:
    """Consolidation formats the id itself (cheaper than ``str``): it must write the same."""
    events = seed_recorded()
    meeting = next(r for r in chronology(events, "korus") if r.type == "meeting_held")
    named, rest = meeting.merge_rules[0].split(" merged into ", 1)
    assert named in {str(e.event_id) for e in events}
    assert rest.startswith("f-") and " by M3 same-day" in rest


def test_an_unknown_field_among_many_suggests_the_nearest_instead_of_listing_them_all() -> None:
    valid = [f"positions.KR.f-{i:010x}" for i in range(200)] + ["termination_clause.notice_days"]
    error = UnknownFieldError("termination_clause.days", valid)
    message = str(error)
    assert "did you mean 'termination_clause.notice_days'" in message
    assert "201 valid fields" in message and "--list" in message
    assert len(message) < 400 and error.valid == sorted(valid)
    few = str(UnknownFieldError("stat", ["status", "next_meeting"]))
    assert few == "unknown field 'stat'; did you mean 'status'? valid fields: next_meeting, status"


def test_a_date_field_is_explained_as_the_state_writes_it_not_as_its_parts(
    state: NegotiationState,
) -> None:
    why = explain(state, "agreement.in_force_since")
    assert isinstance(state.agreement.in_force_since, WorldDate)
    assert why.value == str(state.agreement.in_force_since)  # "2012", not {year, month, day}


def test_a_figure_keeps_its_unit_as_the_reports_spell_it(state: NegotiationState) -> None:
    units = {value.unit for figure in state.figures.values() for value in figure.values}
    assert "billion USD" in units and "billion usd" not in units
