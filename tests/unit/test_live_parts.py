"""The parts of the live state written without building their views give, after every event,
the paths a full render flattens to: the termination clause read from its reports."""

from __future__ import annotations

import pytest
from seedlike import article, record, retraction, stated

from timeline.domain.envelope import NewEvent, RecordedEvent
from timeline.domain.events import (
    AgreementInForce,
    AgreementSigned,
    PositionStated,
    ProposalMade,
    ProposalRejected,
    RoundScheduled,
    TerminationClauseCited,
    TradeFigureReported,
    WithdrawalThreatened,
)
from timeline.domain.render import render
from timeline.incremental import LiveRender, flat


def _replayed_alike(events: list[NewEvent]) -> LiveRender:
    """Apply the events one by one; after each the live state must be the full render's."""
    live = LiveRender("korus")
    recorded: list[RecordedEvent] = record(events)
    for event in recorded:
        live.apply(event)
        assert live.flat == flat(render(live.fold)), event.position
    return live


def _clause(article_id: str, quote: str, **fields: object) -> NewEvent:
    fields.setdefault("subject", "the termination clause")
    return stated(TerminationClauseCited, article_id, quote, **fields)


def test_a_clause_whose_reports_disagree_is_written_with_each_value_in_report_order() -> None:
    invoked = _clause("c-4", "the notice was given", notice_days=180, invoked=True)
    live = _replayed_alike(
        [
            *(article(a, f"Outlet {a}", None) for a in ("c-1", "c-2", "c-3", "c-4")),
            _clause("c-2", "either side may leave on six months notice", notice_days=180,
                    invocable_by="any"),
            # dated earlier: its values come first, though it is filed later
            _clause("c-1", "the US may leave on ninety days notice", notice_days=90,
                    invocable_by="US", occurred="2017-08-20"),
            _clause("c-3", "a clause lets either side leave", notice_days=180),
            _clause("c-3", "the clause also names a year", notice_days=365,
                    occurred="2017"),
            _clause("c-2", "a notice of one year, says another", notice_days=366),
            retraction(_clause("c-2", "a notice of one year, says another", notice_days=366),
                       "c-2"),
            invoked,
            retraction(invoked, "c-4"),
        ]
    )  # fmt: skip
    state = flat(render(live.fold))
    assert state["termination_clause.notice_days"] == 90
    assert state["termination_clause.invocable_by"] == "US"
    assert state["termination_clause.disputes.notice_days.values.365"].startswith("1 source")
    assert state["termination_clause.invoked"] is False
    assert not any(".values.366" in path for path in state)


def _position(article_id: str, quote: str, **fields: object) -> NewEvent:
    fields.setdefault("subject", "KR states its position")
    return stated(PositionStated, article_id, quote, actor=["KR"], **fields)


def test_positions_and_threats_are_counted_as_reports_join_them_and_recounted_otherwise() -> None:
    """Reports join at the end of a group (counted on), one sorting before them regroups it
    (counted again), an article found to be a copy of another changes an origin, and a
    retraction takes a report out of the middle of a group."""
    middle = _position("p-2", "we will not accept any change to the deal")
    live = _replayed_alike(
        [
            *(article(a, f"Outlet {a}", None) for a in ("p-0", "p-1", "p-2", "p-3")),
            _position("p-1", "we will not accept any change to the deal"),
            middle,
            _position("p-3", "we will not accept a change to the deal at all"),
            # sorts first in its day (its article): the group is made again around it
            _position("p-0", "we will not accept any change to the deal", confidence=0.4),
            article("p-4", "Outlet p-4", None),
            _position("p-4", "we will not accept any change to the deal"),
            # the same text as p-4 from the outlet of p-1: p-4's origin is now p-1's
            article("p-5", "Outlet p-1", None, text="Text of p-4."),
            retraction(middle, "p-2"),
            # joining at the end of the threat's group, then one sorting before them
            stated(WithdrawalThreatened, "p-1", "the US may leave the pact", actor=["US"],
                   subject="US may withdraw", confidence=0.3),
            stated(WithdrawalThreatened, "p-2", "the US could quit the pact", actor=["US"],
                   subject="US may withdraw", confidence=0.9),
            stated(WithdrawalThreatened, "p-3", "quitting is not ruled out", actor=["US"],
                   subject="US may withdraw", confidence=0.5),
            stated(WithdrawalThreatened, "p-0", "leaving the pact is an option", actor=["US"],
                   subject="US may withdraw", confidence=0.95),
        ]
    )  # fmt: skip
    state = flat(render(live.fold))
    positions = {p: v for p, v in state.items() if p.startswith("positions.KR.")}
    assert [v for p, v in positions.items() if p.endswith(".sources")] == [
        "4 source(s): p-0, p-1, p-3, p-4"
    ]
    assert [v for p, v in positions.items() if p.endswith(".independent_sources")] == [3]


def test_a_proposal_whose_reports_and_answer_grow_is_written_again_as_a_full_render_says() -> None:
    """Reports joining a proposal and its rejection change only their sources and how many
    origins they count (written on their own); a withdrawal after reports joined another
    changes the rest."""
    offer = {"actor": ["US"], "target": ["KR"], "subject": "amend the steel quotas"}
    no = {"actor": ["KR"], "target": ["US"], "subject": "amend the steel quotas"}
    parts = {"actor": ["US"], "target": ["KR"], "subject": "cut tariffs on auto parts"}
    _replayed_alike(
        [
            *(article(a, f"Outlet {a}", w) for a, w in (("q-1", None), ("q-2", "Wire"),
                                                        ("q-3", "Wire"), ("q-4", None))),
            stated(ProposalMade, "q-1", "the US proposed to amend the steel quotas", **offer),
            stated(ProposalMade, "q-2", "a US offer to amend steel quotas", **offer),
            stated(ProposalRejected, "q-2", "Seoul rejected the offer on steel quotas", **no),
            stated(ProposalMade, "q-3", "Washington offered to amend the steel quotas",
                   **offer),
            stated(ProposalRejected, "q-3", "Korea turned down the steel quota offer", **no),
            stated(ProposalRejected, "q-4", "the steel offer was rejected by Seoul", **no),
            stated(ProposalMade, "q-1", "the US also offered to cut tariffs on auto parts",
                   **parts),
            stated(ProposalMade, "q-4", "an American offer to cut auto parts tariffs",
                   **parts),
            stated(ProposalMade, "q-4", "the US offer on auto parts tariffs is off the table",
                   polarity="negative", occurred="2017-08-23", **parts),
        ]
    )  # fmt: skip


def test_a_report_leaving_a_proposal_takes_its_name_to_the_proposal_it_opens() -> None:
    """Two offers of one article never merge: the later one leaves the proposal it joined
    when the earlier one comes, and opens its own, without the first proposal folded again.
    An answer naming the report that left links to the proposal it opened."""
    offer = {"actor": ["US"], "target": ["KR"], "subject": "amend the steel quotas"}
    first = stated(ProposalMade, "w-1", "the US wants the steel quotas amended", **offer)
    later = stated(ProposalMade, "w-2", "a US offer to amend the steel quotas", **offer)
    earlier = stated(ProposalMade, "w-2", "Washington proposed amending the steel quotas", **offer)
    assert earlier.event.evidence[0].start < later.event.evidence[0].start  # reported first
    no = {"actor": ["KR"], "target": ["US"], "subject": "the steel quotas"}
    answer = stated(
        ProposalRejected, "w-3", "Seoul said no to that offer", answers=str(later.event_id), **no
    )
    articles = [article(a, f"Outlet {a}", None) for a in ("w-1", "w-2", "w-3")]
    events = record([*articles, first, later, earlier, answer])
    live = LiveRender("korus")
    opened: dict[object, dict[str, object]] = {}
    for event in events:
        live.apply(event)
        assert live.flat == flat(render(live.fold)), event.position
        opened[event.event_id] = dict(live._live_lifecycle.fold.book.entries)
    made = f"p-{first.event_id.hex[:10]}"
    assert opened[earlier.event_id][made] is opened[later.event_id][made]  # not folded again
    state = flat(render(live.fold))
    assert state[f"proposals.p-{later.event_id.hex[:10]}.status"] == "rejected"
    assert state[f"proposals.{made}.status"] == "open"


def test_an_answer_naming_a_report_that_joined_a_proposal_links_to_that_proposal() -> None:
    """A report joining a proposal gives it its name: an answer naming that report (not
    the one that opened the proposal) links to the proposal, as a full render says."""
    offer = {"actor": ["US"], "target": ["KR"], "subject": "amend the steel quotas"}
    first = stated(ProposalMade, "j-1", "the US wants the steel quotas amended", **offer)
    joining = stated(ProposalMade, "j-2", "a US offer to amend the steel quotas", **offer)
    no = {"actor": ["KR"], "target": ["US"], "subject": "tariffs on beef"}
    answer = stated(
        ProposalRejected, "j-3", "Seoul said no to that offer", answers=str(joining.event_id), **no
    )
    live = _replayed_alike(
        [*(article(a, f"Outlet {a}", None) for a in ("j-1", "j-2", "j-3")), first, joining, answer]
    )
    made = f"proposals.p-{first.event_id.hex[:10]}"
    assert live.flat[f"{made}.status"] == "rejected"
    assert live.flat[f"{made}.link_rule"] == "explicit"


def _figure(article_id: str, quote: str, value: float, **fields: object) -> NewEvent:
    return stated(
        TradeFigureReported, article_id, quote, subject="the goods deficit",
        measure="goods_deficit", value=value, unit="billion USD", period="2016",
        economy="US", partner="KR", **fields,
    )  # fmt: skip


def test_a_figure_value_counts_the_sources_of_the_reports_that_join_it_or_leave_it() -> None:
    """A value's sources, origins and its figure's status follow reports joining it (a
    wire's copies count once), other values dispute it, and retractions take reports out:
    a value's first (the value may move), a later one, a value's only one (the values after
    it move up one place)."""
    first = _figure("g-1", "a deficit of 27.7 billion dollars", 27.7)
    later = _figure("g-4", "some put it at 23 billion", 23.0)
    only = _figure("g-1", "a 24 billion figure also circulates", 24.0)
    _replayed_alike(
        [
            *(article(a, f"Outlet {a}", w) for a, w in (("g-1", None), ("g-2", "Wire"),
                                                        ("g-3", "Wire"), ("g-4", None))),
            first,
            _figure("g-2", "the deficit was 27.7 billion", 27.7),
            _figure("g-3", "a 27.7 billion dollar gap", 27.7),
            _figure("g-4", "a 27.7 billion shortfall", 27.7),
            later,
            _figure("g-2", "23 billion by another count", 23.0),
            only,
            _figure("g-3", "a gap of 25 billion", 25.0),
            retraction(first, "g-1"),
            retraction(later, "g-4"),
            retraction(only, "g-1"),
        ]
    )  # fmt: skip


@pytest.fixture
def decided(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The first argument of every status decision the live render makes from now on."""
    import timeline.incremental as incremental

    calls: list[object] = []
    decide = incremental.decide_from

    def counted(*args: object) -> object:
        calls.append(args[0])
        return decide(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(incremental, "decide_from", counted)
    return calls


def test_the_status_is_decided_again_only_when_what_it_reads_changed(
    decided: list[object],
) -> None:
    """A rejection with no next meeting stalls the talks; a date set for the next round ends
    that (the next meeting is read only when none is scheduled); a later date changes nothing
    the status reads. A retraction moves the status's reference date only when it took the
    latest report (the status's reference date is its day): otherwise the status is not
    decided again."""
    offer = {"actor": ["US"], "target": ["KR"], "subject": "amend the steel quotas"}
    no = {"actor": ["KR"], "target": ["US"], "subject": "amend the steel quotas"}
    early = _figure("s-1", "the deficit was 27.6 billion dollars", 27.6, occurred="2017-08-01")
    latest = _figure("s-2", "the deficit grew to 23 billion dollars", 23.0, occurred="2017-08-30")
    live = _replayed_alike(
        [
            *(article(a, f"Outlet {a}", None) for a in ("s-1", "s-2", "s-3")),
            stated(ProposalMade, "s-1", "the US proposed to amend the steel quotas", **offer),
            stated(ProposalRejected, "s-2", "Seoul rejected the offer on steel quotas", **no),
            stated(RoundScheduled, "s-2", "no date was set for further talks",
                   polarity="negative", subject="the next round"),
            early,
            stated(RoundScheduled, "s-3", "the next round is set for September 5",
                   subject="the next round", scheduled_for="2017-09-05"),
            latest,
        ]
    )  # fmt: skip
    assert flat(render(live.fold))["status.value"] != "stalled"
    recorded = record([retraction(early, "s-1"), retraction(latest, "s-2")], start=100)
    decided.clear()
    live.apply(recorded[0])
    assert live.flat == flat(render(live.fold))
    assert decided == []  # a figure dated before the latest report: nothing the status reads
    live.apply(recorded[1])
    assert live.flat == flat(render(live.fold))
    assert len(decided) == 1 and live.flat["status.reference_date"] != "2017-08-30"


def test_a_milestone_that_leaves_the_phase_as_it_was_does_not_decide_the_status_again(
    decided: list[object],
) -> None:
    """A weakly reported milestone dated before the latest one that counts changes neither
    the latest milestone nor those listed as reported (only later ones are)."""
    live = _replayed_alike(
        [
            *(article(a, f"Outlet {a}", None) for a in ("m-1", "m-2", "m-3")),
            stated(AgreementInForce, "m-1", "the amended pact took effect on the first",
                   occurred="2017-08-10", subject="the amended pact"),
            stated(AgreementInForce, "m-2", "the amended pact took effect on the first",
                   occurred="2017-08-10", subject="the amended pact"),
        ]
    )  # fmt: skip
    weak = record(
        [stated(AgreementSigned, "m-3", "the pact may have been signed in spring",
                occurred="2017-04", subject="the amended pact", confidence=0.3)],
        start=100,
    )  # fmt: skip
    before = live.flat["status.value"]
    decided.clear()
    live.apply(weak[0])
    assert live.flat == flat(render(live.fold))
    assert decided == [] and live.flat["status.value"] == before


def test_a_date_dispute_is_written_again_where_its_facts_moved_or_their_sources_grew() -> None:
    """The disputes are reclustered from the facts that moved only: a report joining a
    disputed date (its sources grow, its place stays), a date filed between two disputes
    (they become one), another far off (a cluster of one date) and a retraction."""
    pact = "the revised pact"
    joining = stated(AgreementInForce, "d-3", "the revised pact took effect on the second",
                     occurred="2019-01-02", subject=pact)  # fmt: skip
    live = _replayed_alike(
        [
            *(article(a, f"Outlet {a}", None) for a in ("d-1", "d-2", "d-3", "d-4", "d-5")),
            stated(AgreementInForce, "d-1", "the revised pact took effect on the first",
                   occurred="2019-01-01", subject=pact),
            stated(AgreementInForce, "d-2", "the revised pact took effect on the second",
                   occurred="2019-01-02", subject=pact),
            stated(AgreementInForce, "d-4", "it took effect in late March, one outlet says",
                   occurred="2019-03-25", subject=pact),
            stated(AgreementInForce, "d-4", "or at the end of March, it adds",
                   occurred="2019-03-31", subject=pact),
            joining,
            # joins it too: its event id is the least, so the retraction below leaves the
            # fact in its place (date order breaks ties by the least event id)
            stated(AgreementInForce, "d-5", "the revised pact took effect on the second",
                   occurred="2019-01-02", subject=pact),
            stated(AgreementInForce, "d-5", "the revised pact took effect on the first of February",
                   occurred="2019-02-01", subject=pact),
            stated(AgreementInForce, "d-5", "a later pact took effect years after",
                   occurred="2023-06-01", subject=pact),
            retraction(joining, "d-3"),
        ]
    )  # fmt: skip
    state = flat(render(live.fold))
    assert live.flat == state
    sources = [v for p, v in state.items() if p.startswith("agreement.disputes.")
               and p.endswith(".sources")]  # fmt: skip
    assert len(sources) == 5 and "2 source(s): d-2, d-5" in sources


def test_a_copy_found_of_an_article_rewrites_the_group_citing_it_not_another_of_its_day() -> None:
    """Two positions of one day (other statements: two groups of one consolidation); a copy
    of the article the second's last report cites, from the outlet of its first, gives both
    reports one origin: the second group is written again (found where it was filed), with
    one independent source, the first as it was."""
    live = _replayed_alike(
        [
            *(article(a, f"Outlet {a}", None) for a in ("k-1", "k-2", "k-3")),
            _position("k-1", "auto tariffs must fall first"),
            _position("k-2", "we will not accept any change to the deal"),
            _position("k-3", "we will not accept any change to this deal"),
            # the same text as k-3 from the outlet of k-2: k-3's origin is now k-2's
            article("k-4", "Outlet k-2", None, text="Text of k-3."),
        ]
    )  # fmt: skip
    state = flat(render(live.fold))
    counts = [v for p, v in state.items() if p.endswith(".independent_sources")]
    assert sorted(counts) == [1, 1]  # k-1's; k-2's and k-3's, one origin now
