"""Wording found missing on heldout3, told here in our own phrasings, with negatives."""

from __future__ import annotations

from datetime import date

import pytest

from tests.derivation.conftest import DeriveText, events_of, joint, rule_ids
from timeline.derivation.dates import find_date_phrases
from timeline.domain.envelope import NewEvent
from timeline.domain.events import TradeFigureReported

FRIDAY = date(2017, 9, 1)  # publication day of the KORUS/NAFTA phrasings below
BREXIT_DAY = date(2018, 11, 30)  # publication day of the Brexit phrasings below
CHINA_DAY = date(2019, 5, 11)  # publication day of the US-China phrasings below


# --- entry into force -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "dates"),
    [
        (
            "The revised pact entered into force on Monday, replacing the old accord, which "
            "took effect in March 2012.",
            {"2017-08-28", "2012-03"},
        ),
        (
            "The amended deal came into force in January, five years after the original one "
            "went into effect in 2012.",
            {"2017-01", "2012"},
        ),
        ("The changes went into effect on Tuesday.", {"2017-08-29"}),
    ],
)
def test_each_date_of_entry_into_force_is_its_own_event(
    derive_text: DeriveText, body: str, dates: set[str]
) -> None:
    found = events_of(derive_text(body, published=FRIDAY), "agreement_in_force")
    assert {str(e.occurred) for e in found} == dates


@pytest.mark.parametrize(
    ("body", "when"),
    [
        ("The trade pact has been applied provisionally since Feb. 1.", "2018-02-01"),
        ("Provisional application of the accord began on Jan. 1.", "2018-01-01"),
        ("The deal, provisionally applied from March, keeps goods free of tariffs.", "2018-03"),
    ],
)
def test_provisional_application_is_in_force(derive_text: DeriveText, body: str, when: str) -> None:
    (event,) = events_of(
        derive_text(body, published=BREXIT_DAY, negotiation="brexit"), "agreement_in_force"
    )
    assert str(event.occurred) == when


@pytest.mark.parametrize(
    "body",
    [
        "Governments must finish their checks so that the pact can enter into force in May.",
        "The deal is expected to be applied provisionally from May.",
        "Officials said they hoped the accord could take effect on Jan. 1.",
    ],
)
def test_hoped_for_entry_into_force_is_no_event(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, published=BREXIT_DAY, negotiation="brexit")
    assert events_of(events, "agreement_in_force") == []


# --- ratification ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "actor", "rule"),
    [
        (
            "The European Parliament has ratified the divorce treaty on Tuesday.",
            "EU",
            "agreement.ratified_perfect",
        ),
        (
            "EU27 leaders endorse the withdrawal deal on Nov. 25.",
            "EU",
            "agreement.ratified_by_leaders",
        ),
        (
            "EU heads of government approved the withdrawal treaty on Sunday at a short summit.",
            "EU",
            "agreement.ratified_by_leaders",
        ),
        (
            "The treaty, which had been approved by the EU27 in November, was voted down.",
            "EU",
            "agreement.endorsed_by",
        ),
        (
            "Nov. 14 — Theresa May's cabinet backs the draft after a long meeting.",
            "UK",
            "agreement.ratified",
        ),
    ],
)
def test_approval_steps_in_other_words(
    derive_text: DeriveText, body: str, actor: str, rule: str
) -> None:
    events = derive_text(body, published=BREXIT_DAY, negotiation="brexit")
    (event,) = events_of(events, "agreement_ratified")
    assert joint(event) == actor
    assert rule_ids(events, "agreement_ratified") == [rule]


@pytest.mark.parametrize(
    "body",
    [
        "In Washington, final approval came on Jan. 16 when the Senate voted 75 to 20.",
        "In Washington, the Senate voted 70-25 on Thursday to approve the revised pact.",
    ],
)
def test_a_vote_tally_is_ratification_by_the_place_named(
    derive_text: DeriveText, body: str
) -> None:
    (event,) = events_of(
        derive_text(body, published=FRIDAY, negotiation="nafta"), "agreement_ratified"
    )
    assert joint(event) == "US"


@pytest.mark.parametrize(
    "body",
    [
        "Business leaders endorsed the withdrawal deal on Sunday.",
        "The Commons is expected to approve the deal next month.",
        "In Washington, the Senate voted 60 to 38 against the deal on Monday.",
        "EU leaders want to endorse the deal on Sunday.",
    ],
)
def test_endorsements_by_others_or_hoped_for_are_no_ratification(
    derive_text: DeriveText, body: str
) -> None:
    events = derive_text(body, published=BREXIT_DAY, negotiation="brexit")
    assert [e for e in events_of(events, "agreement_ratified") if e.polarity == "positive"] == []


# --- meetings -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "when", "rule"),
    [
        (
            "The two governments launched the renegotiation in Ottawa in May.",
            "2017-05",
            "meeting.renegotiation_launched",
        ),
        (
            "March 3, 2017 — Formal talks open in Geneva between the two trade ministers.",
            "2017-03-03",
            "meeting.noun_present",
        ),
        (
            "A lunch between Moon and Trump at the White House on June 30 went well.",
            "2017-06-30",
            "meeting.between",
        ),
        (
            "A second round, held in late April, produced little.",
            "2017-04",
            "meeting.reduced_relative",
        ),
        ("Seoul's minister joined the talks on Tuesday.", "2017-08-29", "meeting.joined"),
    ],
)
def test_meetings_in_other_words(derive_text: DeriveText, body: str, when: str, rule: str) -> None:
    events = derive_text(body, published=FRIDAY)
    (meeting,) = events_of(events, "meeting_held")
    assert str(meeting.occurred) == when
    assert rule in rule_ids(events, "meeting_held")


def test_joining_the_others_at_the_table_is_the_meeting(derive_text: DeriveText) -> None:
    body = (
        "EU leaders approved the text on Sunday. Theresa May then sat down with them at the table."
    )
    events = derive_text(body, published=BREXIT_DAY, negotiation="brexit")
    (meeting,) = events_of(events, "meeting_held")
    assert joint(meeting) == "EU+UK"


@pytest.mark.parametrize(
    "body",
    [
        "Canada can join the talks if it negotiates fairly.",
        "Ottawa was invited to join the talks at the table.",
        "A planned meeting between the two ministers in May was called off.",
        "Officials hope to launch the renegotiation in October.",
        "Talks open on Monday next week in Ottawa.",
        "Talks between the two sides have dragged on for months.",
    ],
)
def test_hoped_invited_or_generic_talks_are_no_meeting_held(
    derive_text: DeriveText, body: str
) -> None:
    assert events_of(derive_text(body, published=FRIDAY), "meeting_held") == []


# --- agreements -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "actor"),
    [
        (
            "Tuesday's announcement of an interim trade deal between Seoul and Washington "
            "lifted shares.",
            "KR+US",
        ),
        ("The accord that South Korea and the United States sealed in March caps steel.", "KR+US"),
        (
            "The pact, which is to be renamed, folds Canada into the deal that Mexico struck "
            "with Washington in August.",
            "MX+US",
        ),
    ],
)
def test_deals_named_as_nouns(derive_text: DeriveText, body: str, actor: str) -> None:
    negotiation = "nafta" if "Mexico" in body else "korus"
    events = derive_text(body, published=FRIDAY, negotiation=negotiation)
    (deal,) = events_of(events, "agreement_reached")
    assert joint(deal) == actor


@pytest.mark.parametrize(
    "body",
    [
        "The announcement of a deal could come next week, officials said.",
        "Markets are awaiting the announcement of a deal on steel.",
    ],
)
def test_awaited_announcements_are_no_deal(derive_text: DeriveText, body: str) -> None:
    assert events_of(derive_text(body, published=FRIDAY), "agreement_reached") == []


def test_deals_on_different_days_stay_apart(derive_text: DeriveText) -> None:
    body = (
        "Dec. 8, 2017 — The two sides agree the terms of the divorce bill.\n\n"
        "Nov. 13, 2018 — Negotiators settle the text of the withdrawal treaty."
    )
    events = derive_text(body, published=BREXIT_DAY, negotiation="brexit")
    assert sorted(str(e.occurred) for e in events_of(events, "agreement_reached")) == [
        "2017-12-08",
        "2018-11-13",
    ]


# --- proposals ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "actor", "rule"),
    [
        (
            "Washington had floated tighter quotas on steel at the second round.",
            "US",
            "proposal.floated",
        ),
        (
            "The review clause that Seoul tabled in the spring was dropped.",
            "KR",
            "proposal.floated",
        ),
        (
            "Seoul balked at one American idea, a fund for car dealers.",
            "US",
            "proposal.idea_with_owner",
        ),
        (
            "South Korea set out two conditions for any amendment.",
            "KR",
            "proposal.set_out_conditions",
        ),
        (
            "The United States spelled out its requirements on autos.",
            "US",
            "proposal.set_out_conditions",
        ),
    ],
)
def test_proposals_in_other_words(
    derive_text: DeriveText, body: str, actor: str, rule: str
) -> None:
    events = derive_text(body, published=FRIDAY)
    (proposal,) = events_of(events, "proposal_made")
    assert joint(proposal) == actor
    assert rule_ids(events, "proposal_made") == [rule]


@pytest.mark.parametrize(
    "body",
    [
        "The won floated higher against the dollar on Tuesday.",
        "Analysts have floated several scenarios for the talks.",
        "Seoul could float a new quota next month.",
    ],
)
def test_floating_currencies_or_third_parties_is_no_proposal(
    derive_text: DeriveText, body: str
) -> None:
    assert rule_ids(derive_text(body, published=FRIDAY), "proposal_made") == []


def test_a_proposal_tabled_in_a_clause_is_that_proposal(derive_text: DeriveText) -> None:
    body = "The most divisive U.S. proposal, tabled last week, is a sunset clause."
    assert rule_ids(derive_text(body, published=FRIDAY), "proposal_made") == [
        "proposal.noun_with_owner"
    ]


# --- trade figures --------------------------------------------------------------------------


def _figures(events: list[NewEvent]) -> list[TradeFigureReported]:
    return [e.event for e in events if isinstance(e.event, TradeFigureReported)]


@pytest.mark.parametrize(
    ("body", "measure", "value", "actor"),
    [
        (
            "South Korea's car exports to the US dropped 12% in July, Korean data showed.",
            "export_change",
            -12.0,
            "KR",
        ),
        ("U.S. imports from Korea rose by 7 per cent in June.", "import_change", 7.0, None),
        ("About $150 billion a year flows between the two economies.", "trade_volume", 150.0, None),
        ("Two-way goods trade came to $110 billion in 2016.", "trade_volume", 110.0, None),
    ],
)
def test_figures_in_other_words(
    derive_text: DeriveText, body: str, measure: str, value: float, actor: str | None
) -> None:
    (figure,) = _figures(derive_text(body, published=FRIDAY))
    assert (figure.measure, figure.value) == (measure, value)
    assert (figure.actor[0] if figure.actor else None) == actor


def test_a_rank_takes_the_source_named_in_its_sentence(derive_text: DeriveText) -> None:
    body = (
        "Korea is the sixth-largest trading partner of the United States, according to U.S. data."
    )
    (rank,) = _figures(derive_text(body, published=FRIDAY))
    assert rank.actor == ("US",)


@pytest.mark.parametrize(
    "body",
    [
        "Exports could fall 10% next year if no deal is reached.",
        "Tariffs on steel rose to 25% in March.",
        "The president wants to start taxing the remaining imports from Korea, worth "
        "about $90 billion.",
    ],
)
def test_forecasts_and_taxed_goods_are_no_figures(derive_text: DeriveText, body: str) -> None:
    assert _figures(derive_text(body, published=FRIDAY)) == []


# --- schedules ------------------------------------------------------------------------------


def test_an_expected_meeting_is_scheduled(derive_text: DeriveText) -> None:
    body = (
        "Liu He said he expected the ministers of both countries to meet in Washington next month."
    )
    events = derive_text(body, published=CHINA_DAY, negotiation="us-china")
    (round_,) = events_of(events, "round_scheduled")
    assert joint(round_) == "CN+US"


@pytest.mark.parametrize(
    "body",
    [
        "Liu He said he did not expect the two sides to meet again soon.",
        "Liu He said it was unclear whether officials expected the teams to meet.",
    ],
)
def test_doubted_meetings_are_not_scheduled(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, published=CHINA_DAY, negotiation="us-china")
    assert [e for e in events_of(events, "round_scheduled") if e.polarity == "positive"] == []


def test_an_undated_promise_to_meet_again_is_the_no_date_round(derive_text: DeriveText) -> None:
    body = (
        "The talks ended on Friday without a date for the next round. "
        "Liu He said only that the two sides had agreed to meet again in Beijing."
    )
    events = derive_text(body, published=CHINA_DAY, negotiation="us-china")
    (round_,) = events_of(events, "round_scheduled")
    assert round_.polarity == "negative"


# --- signing, answers, exit clauses (second pass) -------------------------------------------


@pytest.mark.parametrize(
    ("body", "dates"),
    [
        (
            "A revised trade agreement between Seoul and Washington was signed on Monday by "
            "the two presidents.",
            {"2017-08-28"},
        ),
        ("A protocol of amendment was formally signed in Seoul on Dec. 10.", {"2016-12-10"}),
        (
            "The pact was signed in 2007, and the amendment was signed on Monday.",
            {"2007", "2017-08-28"},
        ),
    ],
)
def test_passive_signings_far_from_the_deal_noun(
    derive_text: DeriveText, body: str, dates: set[str]
) -> None:
    found = events_of(derive_text(body, published=FRIDAY), "agreement_signed")
    assert {str(e.occurred) for e in found} == dates


@pytest.mark.parametrize(
    "body",
    [
        "The accord must be signed before it can be ratified.",
        "The deal was expected to be signed on Monday.",
        "An executive order was signed on Monday by the president.",
    ],
)
def test_expected_or_other_signings_are_no_agreement_signed(
    derive_text: DeriveText, body: str
) -> None:
    assert events_of(derive_text(body, published=FRIDAY), "agreement_signed") == []


@pytest.mark.parametrize(
    "body",
    [
        "EU leaders told Theresa May on Thursday that her customs plan would not work.",
        "Brussels said on Monday the British offer won't fly.",
        "The EU told London last week that its backstop idea does not work.",
    ],
)
def test_saying_a_proposal_will_not_work_rejects_it(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, published=BREXIT_DAY, negotiation="brexit")
    (rejection,) = events_of(events, "proposal_rejected")
    assert (joint(rejection), "+".join(rejection.target or ())) == ("EU", "UK")


@pytest.mark.parametrize(
    "body",
    [
        "Business groups fear the plan will not work.",
        "If the plan does not work, talks will resume.",
        "Dozens of Conservative MPs have said they will oppose the deal.",
    ],
)
def test_fears_conditions_and_backbench_opposition_reject_nothing(
    derive_text: DeriveText, body: str
) -> None:
    events = derive_text(body, published=BREXIT_DAY, negotiation="brexit")
    assert events_of(events, "proposal_rejected") == []


@pytest.mark.parametrize(
    "body",
    [
        "Progress will be reviewed by EU leaders at their regular summit in June.",
        "The deal would be discussed by ministers at a meeting in May.",
    ],
)
def test_a_summit_in_a_future_clause_is_not_held(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, published=BREXIT_DAY, negotiation="brexit")
    assert events_of(events, "meeting_held") == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Under Article 50 of the treaty, a member leaves two years after it gives notice.", 1),
        ("Under Article 2205, a party may withdraw six months after written notice.", 1),
        ("Under Article 7, tariffs on cars fall to zero over ten years.", 0),
    ],
)
def test_a_numbered_exit_article_is_a_termination_clause(
    derive_text: DeriveText, body: str, expected: int
) -> None:
    events = derive_text(body, published=BREXIT_DAY, negotiation="brexit")
    assert len(events_of(events, "termination_clause_cited")) == expected


# --- acceptances and quotes (third pass) ----------------------------------------------------


@pytest.mark.parametrize(
    ("body", "actor"),
    [
        ("The offer, made after six hours of talks, was accepted by Theresa May at 2 a.m.", "UK"),
        ("The request was granted by Brussels on Monday.", "EU"),
        ("The EU asked for more time, a request to which London agreed in late February.", "UK"),
        ("Britain proposed a delay, to which the EU agreed on Monday.", "EU"),
    ],
)
def test_acceptances_in_passives_and_relatives(
    derive_text: DeriveText, body: str, actor: str
) -> None:
    events = derive_text(body, published=BREXIT_DAY, negotiation="brexit")
    (accepted,) = events_of(events, "proposal_accepted")
    assert joint(accepted) == actor


@pytest.mark.parametrize(
    "body",
    [
        "The offer would be accepted by London if the backstop went.",
        "The deal, to which both sides agreed, was signed on Monday.",
    ],
)
def test_conditional_or_joint_acceptances_are_none(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, published=BREXIT_DAY, negotiation="brexit")
    assert events_of(events, "proposal_accepted") == []


def test_a_quote_stands_beside_the_narration_after_it(derive_text: DeriveText) -> None:
    body = (
        '"We will never trade away our farmers," Seoul\'s trade minister told reporters on '
        "Friday, shortly after the talks in Washington broke up without an agreement."
    )
    events = derive_text(body, published=FRIDAY)
    assert events_of(events, "talks_stalled")
    (position,) = events_of(events, "position_stated")
    assert joint(position) == "KR"


# --- precision (fourth pass) ----------------------------------------------------------------


def test_giving_in_to_a_demand_to_act_is_not_the_acceptors_demand(
    derive_text: DeriveText,
) -> None:
    body = "Seoul also gave in to a U.S. demand to extend the tariff on pickups."
    events = derive_text(body, published=FRIDAY)
    assert [joint(e) for e in events_of(events, "proposal_made")] == ["US"]


@pytest.mark.parametrize(
    "body",
    [
        "Koreans call it KORUS, and Americans call it the Korea deal.",
        "Officials call them the new rules of origin.",
    ],
)
def test_calling_something_a_name_is_no_proposal(derive_text: DeriveText, body: str) -> None:
    assert events_of(derive_text(body, published=FRIDAY), "proposal_made") == []


@pytest.mark.parametrize(
    "body",
    [
        "No vote is needed in the National Assembly, Korean officials said on Friday.",
        "Under the terms Kim described, Seoul will cap its steel shipments.",
    ],
)
def test_procedure_and_terms_are_no_position(derive_text: DeriveText, body: str) -> None:
    assert events_of(derive_text(body, published=FRIDAY), "position_stated") == []


def test_a_view_on_the_deal_stays_a_position(derive_text: DeriveText) -> None:
    body = "Lighthizer said the deal was fair to American workers."
    (position,) = events_of(derive_text(body, published=FRIDAY), "position_stated")
    assert joint(position) == "US"


def test_member_states_is_no_verb_of_saying(derive_text: DeriveText) -> None:
    body = (
        "An extension was agreed by the leaders of the other 27 member states, who made it "
        "plain that the time was not to be wasted."
    )
    events = derive_text(body, published=BREXIT_DAY, negotiation="brexit")
    assert events_of(events, "position_stated") == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Trump says he will terminate NAFTA, a name he says has bad connotations.", 1),
        ("Trump says he will drop the NAFTA name.", 0),
    ],
)
def test_a_name_in_apposition_leaves_the_threat_standing(
    derive_text: DeriveText, body: str, expected: int
) -> None:
    events = derive_text(body, published=FRIDAY, negotiation="nafta")
    assert len(events_of(events, "withdrawal_threatened")) == expected


@pytest.mark.parametrize(
    ("body", "value", "actor"),
    [
        (
            "Korean customs data released on Friday showed exports to the US fell by a fifth.",
            -20.0,
            "KR",
        ),
        ("U.S. imports from Korea rose by half in 2016, U.S. figures show.", 50.0, "US"),
    ],
)
def test_changes_told_as_fractions_with_their_source(
    derive_text: DeriveText, body: str, value: float, actor: str
) -> None:
    (figure,) = _figures(derive_text(body, published=FRIDAY))
    assert (figure.value, figure.actor) == (value, (actor,))


@pytest.mark.parametrize(
    ("body", "positions"),
    [
        (
            "At the first round of talks on Wednesday, Lighthizer said the deal had failed "
            "American workers.",
            1,
        ),
        (
            "Kim told reporters the outcome followed several days of talks in Washington last "
            "week, where he met Lighthizer.",
            0,
        ),
    ],
)
def test_a_meeting_is_the_setting_or_what_is_said(
    derive_text: DeriveText, body: str, positions: int
) -> None:
    events = derive_text(body, published=FRIDAY)
    assert events_of(events, "meeting_held")
    assert len(events_of(events, "position_stated")) == positions


# --- schedules with a place, sources, month-named people (fifth pass) ----------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Lighthizer said he expected the deal to be signed in Seoul in January.", 1),
        ("The text is expected to be signed by the two leaders by the end of November.", 0),
        ("The accord is due to be signed later this year.", 0),
    ],
)
def test_a_signing_is_a_meeting_only_where_a_place_is_named(
    derive_text: DeriveText, body: str, expected: int
) -> None:
    assert len(events_of(derive_text(body, published=FRIDAY), "round_scheduled")) == expected


def test_terms_as_described_by_a_negotiator_are_no_position(derive_text: DeriveText) -> None:
    body = "Seoul's side of the bargain, as described by Lighthizer, includes a steel quota."
    assert events_of(derive_text(body, published=FRIDAY), "position_stated") == []


@pytest.mark.parametrize(
    ("body", "actor", "when"),
    [
        (
            "Theresa May wrote to Tusk. The delay, which was requested by May in a letter on "
            "March 20, was granted.",
            "UK",
            "2018-03-20",
        ),
        (
            "Theresa May wrote to Tusk. A longer delay was proposed by May on Monday.",
            "UK",
            "2018-11-26",
        ),
    ],
)
def test_a_month_named_leader_as_a_passive_agent(
    derive_text: DeriveText, body: str, actor: str, when: str
) -> None:
    events = derive_text(body, published=BREXIT_DAY, negotiation="brexit")
    (proposal,) = events_of(events, "proposal_made")
    assert (joint(proposal), str(proposal.occurred)) == (actor, when)


def test_a_deadline_by_may_is_a_month(derive_text: DeriveText) -> None:
    body = "Theresa May wrote to Tusk. The deal must be ratified by May, officials said."
    events = derive_text(body, published=BREXIT_DAY, negotiation="brexit")
    assert all(
        e.derivation.rule_id != "proposal.sought_by" for e in events_of(events, "proposal_made")
    )


@pytest.mark.parametrize(
    ("body", "studies"),
    [
        ("What was agreed instead is a 16-year term with a joint review every six years.", 0),
        ("The pact keeps its clause on a joint review of the auto rules.", 0),
        ("Seoul proposed a joint study of the effects of the FTA on Tuesday.", 1),
    ],
)
def test_a_periodic_review_is_a_term_not_a_study_proposal(
    derive_text: DeriveText, body: str, studies: int
) -> None:
    events = derive_text(body, published=FRIDAY)
    assert len(events_of(events, "joint_study_proposed")) == studies


@pytest.mark.parametrize(
    ("body", "count"),
    [
        (
            "Britain asked on March 20 to change the exit date. London's demand, made in late "
            "January, that the backstop be replaced was turned down.",
            2,
        ),
        (
            "Britain asked on March 20 to change the exit date. The British demand was turned "
            "down on March 21.",
            1,
        ),
    ],
)
def test_a_bare_demand_months_apart_is_another_demand(
    derive_text: DeriveText, body: str, count: int
) -> None:
    events = derive_text(body, published=BREXIT_DAY, negotiation="brexit")
    assert len(events_of(events, "proposal_made")) == count


# --- more approval and entry-into-force verbs (sixth pass) ----------------------------------


@pytest.mark.parametrize(
    ("body", "type_name", "count"),
    [
        (
            "South Korea's National Assembly cleared the revised pact on Thursday.",
            "agreement_ratified",
            1,
        ),
        ("The Assembly cleared the way for the revised pact on Thursday.", "agreement_ratified", 0),
        ("The amended pact became effective on Jan. 1.", "agreement_in_force", 1),
        ("The tariffs became effective on Jan. 1.", "agreement_in_force", 0),
        ("The deal will become effective once both sides ratify it.", "agreement_in_force", 0),
    ],
)
def test_cleared_and_became_effective(
    derive_text: DeriveText, body: str, type_name: str, count: int
) -> None:
    assert len(events_of(derive_text(body, published=FRIDAY), type_name)) == count


@pytest.mark.parametrize(
    ("body", "type_name"),
    [
        (
            "Britain must vote if it is still a member, and it will be expected to leave on "
            "June 1 if it does not.",
            "withdrawal_threatened",
        ),
        (
            "A dinner between the two leaders on Dec. 9 ended with both sides saying that large "
            "gaps remained.",
            "termination_clause_cited",
        ),
    ],
)
def test_timetables_and_endings_are_no_exit(
    derive_text: DeriveText, body: str, type_name: str
) -> None:
    events = derive_text(body, published=BREXIT_DAY, negotiation="brexit")
    assert events_of(events, type_name) == []


@pytest.mark.parametrize(
    ("body", "rounds"),
    [
        ("Officials hoped talks would resume next week.", 0),
        ("Seoul hopes the two sides will meet again in October.", 0),
        ("Kim said he hoped to visit Washington next month for talks.", 0),
        ("The two sides will meet again in Seoul next month.", 1),
        ("Kim will visit Washington next month for talks.", 1),
    ],
)
def test_a_hope_schedules_no_round(derive_text: DeriveText, body: str, rounds: int) -> None:
    assert len(events_of(derive_text(body, published=FRIDAY), "round_scheduled")) == rounds


@pytest.mark.parametrize(
    "body",
    [
        "A summit between Trump and Kim Jong Un in Singapore on June 12 eased tensions.",
        "South Korea joined the talks on North Korea's nuclear weapons on Tuesday.",
    ],
)
def test_off_topic_summits_are_no_trade_meeting(derive_text: DeriveText, body: str) -> None:
    assert events_of(derive_text(body, published=FRIDAY), "meeting_held") == []


@pytest.mark.parametrize(
    ("body", "type_name", "when"),
    [
        (
            "Seoul asked for talks on March 20, and the two sides met at a hotel the following "
            "day.",
            "meeting_held",
            "2017-03-21",
        ),
        (
            "The pact was signed on Dec. 30 and approved by the National Assembly the same day.",
            "agreement_ratified",
            "2016-12-30",
        ),
    ],
)
def test_the_following_day_counts_from_the_sentences_date(
    derive_text: DeriveText, body: str, type_name: str, when: str
) -> None:
    (event,) = events_of(derive_text(body, published=FRIDAY), type_name)
    assert str(event.occurred) == when


def test_the_following_day_without_a_date_stays_undated() -> None:
    assert find_date_phrases("They met again the following day.", FRIDAY) == []
