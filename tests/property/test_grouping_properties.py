"""A snapshot's grouping changes nothing but the time: rendering with the consolidation a
snapshot kept of one set of facts gives the state rendering without it gives, for any other
set of facts (some of the snapshot's missing, others added) and any ``as_of`` (issue 11).

The facts are those of arbitrary valid stores (``state_scenarios``), and facts drawn so
that many merge (few types, parties, subjects and days, dates of every precision); the
snapshot is encoded and decoded as the read model keeps it
(:mod:`timeline.projections.snapshots`).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from uuid import UUID

from hypothesis import given, note
from hypothesis import strategies as st
from state_scenarios import Scenario, scenarios
from test_state_properties import STATE_LAW, SteppingClock

from timeline.domain.consolidation import merge_key
from timeline.domain.fold import AppliedFact, NegotiationFold, Quote, Report
from timeline.domain.render import consolidated, render
from timeline.domain.values import WorldDate
from timeline.projections.negotiation import fold_negotiation, negotiations_in
from timeline.projections.snapshots import Provenance, decode, encode
from timeline.store.memory import InMemoryRecorder


@STATE_LAW
@given(scenario=scenarios(max_articles=5), data=st.data())
def test_a_state_rendered_with_a_snapshots_grouping_equals_the_state_rendered_without(
    scenario: Scenario, data: st.DataObject
) -> None:
    note(scenario.describe())
    recorder = InMemoryRecorder(clock=SteppingClock())
    for append in scenario.appends:
        version = recorder.stream_version(append.stream)
        recorder.append(append.stream, list(append.events), expected_version=version)
    recorded = list(recorder.read_all())
    for name in sorted(negotiations_in(recorded)):
        full = fold_negotiation(recorded, name)
        ids = list(full.facts)
        kept = data.draw(st.sets(st.sampled_from(ids)) if ids else st.just(set()), label="kept")
        shown = data.draw(st.sets(st.sampled_from(ids)) if ids else st.just(set()), label="now")
        at_snapshot = full.copy()
        at_snapshot.facts = {i: f for i, f in full.facts.items() if i in kept}
        document = encode(at_snapshot, Provenance(), 1)
        for day in (None, *scenario.dates):
            snapshot = decode(document, name, 1)
            assert snapshot is not None
            restored = NegotiationFold(name, dict(full.articles), horizon=day)
            snapshot.restore(restored)
            assert restored.grouping is not None
            restored.facts = {i: f for i, f in full.facts.items() if i in shown}
            plain = restored.copy()
            plain.grouping = None
            want = render(plain, day).model_dump_json()
            assert render(restored, day).model_dump_json() == want, (name, day)


START = date(2017, 8, 1)
TYPES = ("meeting_held", "proposal_made", "proposal_rejected", "position_stated")
SUBJECTS = ("steel quotas", "steel quota talks", "auto rules of origin", "the auto rules")


@st.composite
def mergeable_facts(draw: st.DrawFn) -> list[AppliedFact]:
    """Reports of a few types, parties, subjects and days from a few articles: many of them
    merge, some only with month- or year-dated ones."""
    count = draw(st.integers(1, 24))
    out: list[AppliedFact] = []
    for position in range(1, count + 1):
        day = START + timedelta(days=draw(st.integers(0, 3)))
        precision = draw(st.sampled_from(("day", "day", "day", "month", "year", "none")))
        text = {"day": day.isoformat(), "month": day.isoformat()[:7], "year": str(day.year)}
        occurred = None if precision == "none" else WorldDate.model_validate(text[precision])
        start = draw(st.integers(0, 3)) * 10
        report = Report(
            draw(st.sampled_from(TYPES)),
            draw(st.sampled_from((("US",), ("KR",)))),
            draw(st.sampled_from((None, ("KR",), ("US",)))),
            draw(st.sampled_from(SUBJECTS)),
            occurred,
            day + timedelta(days=draw(st.integers(0, 2))),
            "positive",
            "asserted",
            (Quote(f"article-{draw(st.integers(1, 4))}", start, start + 15, "a quote"),),
            "rule",
        )
        event_id = UUID(int=draw(st.integers(0, 2**128 - 1)))
        recorded = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(seconds=position)
        out.append(AppliedFact(position, event_id, recorded, report))
    return out


@STATE_LAW
@given(facts=mergeable_facts(), data=st.data())
def test_a_grouping_of_mergeable_facts_renders_the_state_rendering_without_it_gives(
    facts: list[AppliedFact], data: st.DataObject
) -> None:
    by_id = {fact.event_id: fact for fact in facts}
    kept = data.draw(st.sets(st.sampled_from(list(by_id))), label="kept")
    shown = data.draw(st.sets(st.sampled_from(list(by_id))), label="now")
    at_snapshot = NegotiationFold("n")
    at_snapshot.facts = {i: f for i, f in by_id.items() if i in kept}
    document = encode(at_snapshot, Provenance(), 1)
    for day in (None, START, START + timedelta(days=1), START + timedelta(days=2)):
        snapshot = decode(document, "n", 1)
        assert snapshot is not None
        restored = NegotiationFold("n", horizon=day)
        snapshot.restore(restored)
        restored.facts = {i: f for i, f in by_id.items() if i in shown}
        plain = restored.copy()
        plain.grouping = None
        assert render(restored, day).model_dump_json() == render(plain, day).model_dump_json()


@given(facts=mergeable_facts(), data=st.data())
def test_facts_ranked_by_a_snapshot_and_others_come_out_in_report_order(
    facts: list[AppliedFact], data: st.DataObject
) -> None:
    """``in_report_order`` with the ranks of some facts (in report order, as a snapshot
    restores them; the rest filed after it) sorts them as ``report_order`` does, whatever
    order they are given in."""
    from timeline.domain.consolidation import report_order
    from timeline.domain.render import in_report_order

    unique = list({fact.event_id: fact for fact in facts}.values())
    expected = sorted(unique, key=report_order)
    known = data.draw(st.sets(st.sampled_from(expected)), label="known") if expected else set()
    ranked = [fact for fact in expected if fact in known]
    order = {fact.position: rank for rank, fact in enumerate(ranked)}
    given_order = data.draw(st.permutations(unique), label="given")
    if data.draw(st.booleans(), label="known first, by rank"):
        given_order = ranked + [fact for fact in given_order if fact not in known]
    assert in_report_order(list(given_order), order) == expected
    assert in_report_order(list(given_order), None) == expected


@STATE_LAW
@given(facts=mergeable_facts(), data=st.data())
def test_a_snapshot_encoded_from_the_renderings_consolidation_is_the_snapshot_encoded_alone(
    facts: list[AppliedFact], data: st.DataObject
) -> None:
    """``encode`` given what rendering the latest state consolidated (the first historical
    call keeps its snapshot so, :meth:`ProjectionRunner.fold_state`) writes the document it
    writes consolidating the facts itself, byte for byte: from scratch, and for a fold
    restored from a snapshot of some of them (its grouping followed, then left)."""
    by_id = {fact.event_id: fact for fact in facts}
    fold = NegotiationFold("n")
    fold.facts = dict(by_id)
    assert encode(fold, Provenance(), 2, consolidated(fold)) == encode(fold, Provenance(), 2)
    kept = data.draw(st.sets(st.sampled_from(list(by_id))), label="kept")
    at_snapshot = NegotiationFold("n")
    at_snapshot.facts = {i: f for i, f in by_id.items() if i in kept}
    snapshot = decode(encode(at_snapshot, Provenance(), 1), "n", 1)
    assert snapshot is not None
    restored = NegotiationFold("n")
    snapshot.restore(restored)
    restored.facts = dict(by_id)
    want = encode(restored, Provenance(), 2)
    assert encode(restored, Provenance(), 2, consolidated(restored)) == want
    day = data.draw(st.sampled_from((START, START + timedelta(days=1))), label="as_of")
    assert encode(restored, Provenance(), 2, consolidated(restored, day)) == want  # ignored


@given(facts=mergeable_facts(), data=st.data())
def test_a_restored_grouping_numbers_each_report_under_its_merge_key(
    facts: list[AppliedFact], data: st.DataObject
) -> None:
    """The grouping a snapshot restores (read from its rows, never from the facts a horizon
    restores) files every report it lists under the number of the report's
    ``merge_key``: the key a report filed after the snapshot is looked up by (some
    reports cite the termination clause: a key of their type alone)."""
    clause = data.draw(st.sets(st.integers(0, len(facts) - 1)), label="citing the clause")
    facts = [
        replace(f, event=replace(f.event, type="termination_clause_cited")) if i in clause else f
        for i, f in enumerate(facts)
    ]
    by_id = {fact.event_id: fact for fact in facts}
    fold = NegotiationFold("n")
    fold.facts = dict(by_id)
    snapshot = decode(encode(fold, Provenance(), 1), "n", 1)
    assert snapshot is not None
    restored = NegotiationFold("n", horizon=START - timedelta(days=1))  # restores none
    snapshot.restore(restored)
    grouping = restored.grouping
    assert grouping is not None
    assert set(grouping.keys) == {merge_key(fact.event) for fact in by_id.values()}
    for fact in by_id.values():
        assert (
            grouping.key_of[grouping.order[fact.position]] == grouping.keys[merge_key(fact.event)]
        )


def test_reports_joining_a_keys_later_groups_are_filed_into_them() -> None:
    """One merge key, two meetings (days 1 and 2), each reported by two articles: in
    report order the second day's second report joins the key's second group, which a
    grouping must say (not its first group); rendered with the snapshot's grouping as
    without it, for every ``as_of``."""

    def meeting(position: int, day: int, article: str) -> AppliedFact:
        when = START + timedelta(days=day)
        report = Report(
            "meeting_held",
            ("US",),
            ("KR",),
            "steel quota talks",
            WorldDate.of_day(when),
            when,
            "positive",
            "asserted",
            (Quote(article, 0, 15, "a quote"),),
            "rule",
        )
        recorded = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(seconds=position)
        return AppliedFact(position, UUID(int=position), recorded, report)

    facts = [meeting(1, 1, "a-1"), meeting(2, 2, "a-1"), meeting(3, 1, "a-2"), meeting(4, 2, "a-2")]
    fold = NegotiationFold("n")
    fold.facts = {fact.event_id: fact for fact in facts}
    document = encode(fold, Provenance(), 1)
    for day in (None, START + timedelta(days=1), START + timedelta(days=2)):
        snapshot = decode(document, "n", 1)
        assert snapshot is not None
        restored = NegotiationFold("n", horizon=day)
        snapshot.restore(restored)
        assert restored.grouping is not None
        plain = restored.copy()
        plain.grouping = None
        want = render(plain, day)
        assert render(restored, day).model_dump_json() == want.model_dump_json()
    assert [len(m.sources) for m in want.meetings_held] == [2, 2]
