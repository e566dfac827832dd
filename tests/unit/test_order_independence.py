"""The state is a function of the set of events, not of the order the store holds them in.

Our own synthetic articles about an invented bloc (EU) and partner (AU): proposals, answers,
counters, joint studies, schedules, meetings, stalls and threats, dated to the day, the
month or not at all, several articles quoting the same sentence. Appended in any order
(whole articles in any order, and the events of several articles interleaved), the state
as of any day says the same: the same proposals with the same ids, the same answers linked
to them by the same rules, the same facts and figures. Only what names store positions
(sources' ``position``, the counters) may differ. The live replay state follows the same
order-free rules (it equals the full render after every event in every order).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from seedlike import LIFECYCLE_KINDS, NEG, article, record, stated

from timeline.domain.envelope import NewEvent
from timeline.domain.events import (
    MeetingHeld,
    ProposalMade,
    ProposalRejected,
    RoundScheduled,
    TalksStalled,
    TradeFigureReported,
    WithdrawalThreatened,
)
from timeline.domain.render import render
from timeline.domain.views import NegotiationState
from timeline.incremental import LiveRender, flat
from timeline.projections.negotiation import fold_negotiation, project

ARTICLES = ("wire-one", "paper-two", "daily-three")
PUBLISHED = {
    "wire-one": date(2021, 3, 9),
    "paper-two": date(2021, 3, 12),
    "daily-three": date(2021, 4, 2),
}
SUBJECTS = (
    "EU offers a larger beef quota",
    "EU asks for a larger beef quota",
    "EU proposes to cut dairy tariffs",
    "AU proposes a review of the quota",
    "AU asks the bloc to drop the levy",
)
SENTENCES = (
    "Canberra turned down the bloc's offer of a bigger beef quota on Tuesday",
    "the bloc had offered a bigger beef quota the week before",
    "the ministers met in Brussels and agreed on nothing",
    "officials said a further round would be held next month",
    "the bloc wants dairy tariffs cut before the summer",
    "the partner proposed that both sides study the quota first",
    "trade officials said the talks were stuck",
    "the minister said the country could walk away from the talks",
    "Brussels welcomed the partner's idea of a review",
)
DAYS = ("2021-03-02", "2021-03-09", "2021-03-09", "2021-03", "2021-04-01", None)
KINDS: dict[str, tuple[type, dict[str, Any]]] = {
    **LIFECYCLE_KINDS,
    "schedule": (RoundScheduled, {}),
    "meeting": (MeetingHeld, {}),
    "stall": (TalksStalled, {}),
    "threat": (WithdrawalThreatened, {}),
}


@st.composite
def _statement(draw: st.DrawFn) -> NewEvent:
    """One event an article states, from small pools so that reports merge and quote the
    same sentence."""
    kind = draw(st.sampled_from(sorted(KINDS)))
    cls, extra = KINDS[kind]
    source = draw(st.sampled_from(ARTICLES))
    actor, target = draw(st.sampled_from([("EU", "AU"), ("AU", "EU"), ("AU", None)]))
    fields: dict[str, Any] = {
        "actor": actor,
        "target": target,
        "subject": draw(st.sampled_from(SUBJECTS)),
        "occurred": draw(st.sampled_from(DAYS)),
        "reported_on": PUBLISHED[source],
        **extra,
    }
    if kind == "schedule":
        fields["scheduled_for"] = draw(st.sampled_from(["2021-04-20", "2021-05", None]))
    quote = draw(st.sampled_from(SENTENCES))
    return stated(cls, source, f"{quote} ({kind})" if draw(st.booleans()) else quote, **fields)


def _figure(source: str, value: float) -> NewEvent:
    return stated(
        TradeFigureReported,
        source,
        f"the deficit stood at {value} billion",
        actor=None,
        subject="goods deficit",
        occurred="2020",
        reported_on=PUBLISHED[source],
        measure="goods_deficit",
        value=value,
        unit="USD bn",
        period="2020",
        economy="AU",
        partner="EU",
    )


@st.composite
def _stores(draw: st.DrawFn) -> tuple[list[NewEvent], list[NewEvent]]:
    """The same events in two append orders: articles first, then the statements (distinct
    ids) in any order; the second order also permutes the articles."""
    statements = draw(
        st.lists(_statement(), min_size=2, max_size=12, unique_by=lambda e: e.event_id)
    )
    statements += [
        _figure(s, v)
        for s, v in draw(st.sets(st.tuples(st.sampled_from(ARTICLES), st.sampled_from([1.5, 2.0]))))
    ]
    articles = [article(a, a.replace("-", " ").title(), None) for a in ARTICLES]
    first = [*articles, *statements]
    second = [*draw(st.permutations(articles)), *draw(st.permutations(statements))]
    return first, second


def _without_store_order(value: Any) -> Any:
    """The state's JSON without what names store positions, and with source lists (ordered
    by position) sorted."""
    if isinstance(value, dict):
        return {
            key: _without_store_order(item)
            for key, item in value.items()
            if key not in {"position", "applied_position"}
        }
    if isinstance(value, list):
        items = [_without_store_order(item) for item in value]
        if items and all(isinstance(i, dict) and "quote" in i for i in items):
            items.sort(key=lambda i: json.dumps(i, sort_keys=True))
        return items
    return value


def _comparable(state: NegotiationState) -> Any:
    return _without_store_order(state.model_dump(mode="json"))


AS_OF = (None, date(2021, 3, 1), date(2021, 3, 9), date(2021, 3, 20), date(2021, 4, 1))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_stores())
def test_the_state_is_the_same_whatever_order_the_events_were_appended_in(
    orders: tuple[list[NewEvent], list[NewEvent]],
) -> None:
    first, second = (record(order) for order in orders)
    for as_of in AS_OF:
        assert _comparable(project(first, NEG, as_of=as_of)) == _comparable(
            project(second, NEG, as_of=as_of)
        ), f"as of {as_of}"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_stores())
def test_the_live_replay_state_equals_the_full_render_in_any_append_order(
    orders: tuple[list[NewEvent], list[NewEvent]],
) -> None:
    for order in orders:
        recorded = record(order)
        for as_of in (None, date(2021, 3, 9)):
            live = LiveRender(NEG, as_of=as_of)
            for event in recorded:
                live.apply(event)
                fold = fold_negotiation(recorded[: event.position], NEG)
                assert live.flat == flat(render(fold, as_of)), f"after {event.position}"


def _sentence_pair() -> list[NewEvent]:
    """Two EU proposals of one day (the first reported by two articles), and an AU
    rejection whose sentence also reports the first one; the second proposal shares more
    key words with the answer's subject."""
    named = "Canberra rejected the bloc's offer to open dairy markets"
    return [
        stated(
            ProposalMade,
            "paper-two",
            "the bloc offered on Tuesday to open its dairy markets",
            actor="EU",
            target="AU",
            subject="EU offers to open dairy markets",
            occurred="2021-03-09",
            reported_on=PUBLISHED["paper-two"],
        ),
        stated(
            ProposalMade,
            "wire-one",
            named,
            actor="EU",
            target="AU",
            subject="EU offers to open dairy markets",
            occurred="2021-03-09",
            reported_on=PUBLISHED["wire-one"],
        ),
        stated(
            ProposalMade,
            "wire-one",
            "the bloc also proposed that Canberra lower its levy",
            actor="EU",
            target="AU",
            subject="EU proposes that AU lower its levy",
            occurred="2021-03-09",
            reported_on=PUBLISHED["wire-one"],
        ),
        stated(
            ProposalRejected,
            "wire-one",
            named,
            actor="AU",
            target="EU",
            subject="AU does not agree to EU's request",
            occurred="2021-03-09",
            reported_on=PUBLISHED["wire-one"],
        ),
    ]


def test_an_answer_links_to_the_proposal_its_own_sentence_reports_in_either_order() -> None:
    events = _sentence_pair()
    articles = [article(a, a, None) for a in ARTICLES]
    for order in (events, events[::-1], [events[2], events[3], events[1], events[0]]):
        state = project(record([*articles, *order]), NEG)
        [rejected] = [p for p in state.proposals.values() if p.status == "rejected"]
        assert rejected.subject == "EU offers to open dairy markets"
        assert rejected.link_rule == "same-sentence"
        [still_open] = [p for p in state.proposals.values() if p.status == "open"]
        assert still_open.subject == "EU proposes that AU lower its levy"


def test_without_a_shared_sentence_the_answer_links_by_subject() -> None:
    _reported, _named, request, rejection = _sentence_pair()
    moved = stated(
        ProposalMade,
        "paper-two",
        "a week earlier the bloc had put an offer on dairy markets",
        actor="EU",
        target="AU",
        subject="EU offers to open dairy markets",
        occurred="2021-03-09",
        reported_on=PUBLISHED["paper-two"],
    )
    state = project(
        record([*(article(a, a, None) for a in ARTICLES), moved, request, rejection]), NEG
    )
    [rejected] = [p for p in state.proposals.values() if p.status == "rejected"]
    assert rejected.link_rule == "matching-subject"
