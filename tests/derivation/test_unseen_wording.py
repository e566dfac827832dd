"""Extractor 1.2.0: news wording the tuned sets never used, written here, with negatives."""

from __future__ import annotations

from datetime import date

import pytest

from tests.derivation.conftest import DeriveText, events_of, joint, rule_ids
from timeline.derivation.dates import find_date_phrases
from timeline.domain.events import NegotiationEvent, RoundScheduled
from timeline.domain.values import WorldDate

FRIDAY = date(2017, 9, 1)  # publication day of the KORUS/NAFTA phrasings below


# --- agreements ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "when"),
    [
        ("The accord, sealed in March, caps steel shipments at 70 percent.", "2017-03"),
        ("The officials announced a deal on Tuesday after a week of haggling.", "2017-08-29"),
        ("The two governments came to an understanding on auto parts last week.", "2017-08"),
        ("Seoul and Washington wrapped up their renegotiation of the pact in March.", "2017-03"),
        ("Negotiators worked out a compromise on beef late on Sunday.", "2017-08-27"),
    ],
)
def test_deals_told_in_unfamiliar_verbs(derive_text: DeriveText, body: str, when: str) -> None:
    (deal,) = events_of(derive_text(body, published=FRIDAY), "agreement_reached")
    assert joint(deal) == "KR+US"
    assert str(deal.occurred) == when


@pytest.mark.parametrize(
    "body",
    [
        "Negotiators hope to work out a compromise before the end of the year.",
        "The two sides could come to an agreement next week, officials said.",
        "If they announce a deal, tariffs on steel will be lifted.",
        "The accord, which officials hope to seal in March, would cap steel shipments.",
    ],
)
def test_hoped_for_or_conditional_deals_are_not_reached(derive_text: DeriveText, body: str) -> None:
    assert events_of(derive_text(body, published=FRIDAY), "agreement_reached") == []


# --- stalls -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "rule"),
    [
        ("Negotiators failed to make headway on autos on Tuesday.", "stall.no_headway"),
        ("The two delegations did not make much progress at the session.", "stall.no_headway"),
        ("The sides were unable to bridge the gap over rules of origin.", "stall.no_headway"),
        ("The governments could not resolve their differences on rice.", "stall.no_headway"),
        ("The talks made little headway on Tuesday.", "stall.little_headway"),
        ("Scant progress has been made in the negotiations.", "stall.little_headway"),
        ("The talks fell apart on Friday over dairy quotas.", "stall.fell_apart"),
        ("Negotiations hit a snag over the sunset clause last week.", "stall.fell_apart"),
        ("The negotiations ground to a halt in August.", "stall.fell_apart"),
    ],
)
def test_stalls_in_other_words(derive_text: DeriveText, body: str, rule: str) -> None:
    events = derive_text(body, published=FRIDAY)
    assert rule_ids(events, "talks_stalled") == [rule]
    (stall,) = events_of(events, "talks_stalled")
    assert joint(stall) == "KR+US"


@pytest.mark.parametrize(
    "body",
    [
        "Both sides hope to narrow their differences next week.",
        "The two sides made real progress on Tuesday, officials said.",
        "Officials fear the talks could fall apart over dairy.",
        "The economy failed to make headway last year.",
        "Analysts warned that the negotiations might hit a snag.",
    ],
)
def test_hopes_fears_and_progress_are_no_stall(derive_text: DeriveText, body: str) -> None:
    assert events_of(derive_text(body, published=FRIDAY), "talks_stalled") == []


# --- meetings and schedules ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "when"),
    [
        ("Trade officials from both countries sat down in Seoul on Monday.", "2017-08-28"),
        ("Kim sat down with Lighthizer in Washington on Thursday.", "2017-08-31"),
        ("The delegations sat down for a second day of talks on Tuesday.", "2017-08-29"),
    ],
)
def test_sitting_down_is_meeting(derive_text: DeriveText, body: str, when: str) -> None:
    (meeting,) = events_of(derive_text(body, published=FRIDAY), "meeting_held")
    assert joint(meeting) == "KR+US"
    assert str(meeting.occurred) == when


def test_sitting_down_later_is_no_meeting_held(derive_text: DeriveText) -> None:
    events = derive_text("The negotiators will sit down again next month.", published=FRIDAY)
    assert events_of(events, "meeting_held") == []


@pytest.mark.parametrize(
    ("body", "scheduled"),
    [
        ("The two sides plan to reconvene next week.", "2017-09"),
        ("A follow-up meeting is slated for next month.", "2017-10"),
        ("Their fourth session is pencilled in for Oct. 11.", "2017-10-11"),
        ("The parties set a date for a second session in October.", "2017-10"),
        ("Negotiators agreed on a date for the next round of talks: Sept. 20.", "2017-09-20"),
        (
            "Lighthizer is expected to travel to Seoul later this month for a second round.",
            "2017-09",
        ),
    ],
)
def test_future_rounds_in_other_words(derive_text: DeriveText, body: str, scheduled: str) -> None:
    (event,) = events_of(derive_text(body, published=FRIDAY), "round_scheduled")
    assert isinstance(event, RoundScheduled)
    assert event.polarity == "positive"
    assert str(event.scheduled_for) == scheduled


@pytest.mark.parametrize(
    "body",
    [
        "It is unclear when talks will resume.",
        "The two sides did not say when they would meet again.",
        "Officials were uncertain whether the round would be held in October.",
        "Negotiators hope to set a date for the next round soon.",
        "The two sides failed to set a date for another session.",
    ],
)
def test_open_questions_schedule_nothing(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, published=FRIDAY)
    assert [e for e in events_of(events, "round_scheduled") if e.polarity == "positive"] == []


# --- proposals and answers ----------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "Seoul accepted Washington's offer on Monday.",
        "South Korea granted the U.S. request for more time.",
        "Seoul embraced the American proposal to phase out the quota.",
    ],
)
def test_acceptance_of_an_owned_proposal(derive_text: DeriveText, body: str) -> None:
    (accepted,) = events_of(derive_text(body, published=FRIDAY), "proposal_accepted")
    assert joint(accepted) == "KR"


@pytest.mark.parametrize(
    "body",
    [
        "Seoul's refusal to reopen the agreement angered Washington.",
        "South Korea's unwillingness to renegotiate the pact frustrated U.S. officials.",
        "Washington cited Seoul's refusal to revise the rules of origin.",
    ],
)
def test_refusal_to_change_is_rejection(derive_text: DeriveText, body: str) -> None:
    (rejected,) = events_of(derive_text(body, published=FRIDAY), "proposal_rejected")
    assert joint(rejected) == "KR"


def test_refusal_of_the_deal_itself_is_no_rejection(derive_text: DeriveText) -> None:
    events = derive_text("The assembly's refusal to ratify the pact surprised no one.")
    assert events_of(events, "proposal_rejected") == []


@pytest.mark.parametrize(
    "body",
    [
        "Washington's insistence on a sunset clause angered Seoul.",
        "The American side's request that Korea open its rice market drew protests.",
        "The U.S. administration's demand for a higher content rule worries Seoul.",
    ],
)
def test_proposals_owned_through_a_head_noun(derive_text: DeriveText, body: str) -> None:
    (proposal,) = events_of(derive_text(body, published=FRIDAY), "proposal_made")
    assert joint(proposal) == "US"


def test_agreeing_to_a_requested_session_is_no_request_by_the_answerer(
    derive_text: DeriveText,
) -> None:
    events = derive_text("Seoul agreed to the U.S. request for a special session.")
    assert [joint(p) for p in events_of(events, "proposal_made")] == ["US"]
    assert [joint(p) for p in events_of(events, "proposal_accepted")] == ["KR"]


# --- positions ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "actor"),
    [
        ('Kim, speaking after the meeting, called the talks "constructive."', "KR"),
        ("Lighthizer called the session very productive.", "US"),
        ("Seoul called the latest round of talks disappointing.", "KR"),
    ],
)
def test_judging_the_talks_is_position(derive_text: DeriveText, body: str, actor: str) -> None:
    positions = events_of(derive_text(body, published=FRIDAY), "position_stated")
    assert [joint(p) for p in positions] == [actor]


@pytest.mark.parametrize(
    "body",
    [
        "Washington called the meeting for Tuesday.",
        "Analysts called the talks disappointing.",
        "Seoul called a special session of the joint committee.",
    ],
)
def test_calling_a_meeting_is_no_judgment(derive_text: DeriveText, body: str) -> None:
    assert rule_ids(derive_text(body, published=FRIDAY), "position_stated") == []


# --- round 2: clauses, hyphens and reported speech ------------------------------------------


@pytest.mark.parametrize(
    ("body", "actor", "when"),
    [
        (
            "Ottawa signed on, joining a deal Washington struck with Mexico in August.",
            "MX+US",
            "2018-08",
        ),
        (
            "The pact that Mexico had sealed with Washington in late August survived.",
            "MX+US",
            "2018-08",
        ),
        (
            "Canada and the United States clinched a last-minute agreement late on Sunday.",
            "CA+US",
            "2018-09-30",
        ),
        (
            "The three countries reached a hard-fought, three-way deal on Sunday.",
            "CA+MX+US",
            "2018-09-30",
        ),
    ],
)
def test_deals_in_clauses_and_with_hyphens(
    derive_text: DeriveText, body: str, actor: str, when: str
) -> None:
    events = derive_text(body, negotiation="nafta", published=date(2018, 10, 1))
    (deal,) = events_of(events, "agreement_reached")
    assert (joint(deal), str(deal.occurred)) == (actor, when)


@pytest.mark.parametrize(
    "body",
    [
        "Mnuchin declined to say when the two sides would meet again.",
        "The ministry declined to comment on the U.S. proposal.",
        "Lighthizer refused to give details of the American demands.",
    ],
)
def test_declining_to_comment_is_no_rejection(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, negotiation="us-china", published=date(2019, 5, 11))
    assert events_of(events, "proposal_rejected") == []


@pytest.mark.parametrize(
    "body",
    [
        "The U.S. has demanded that China change its laws, a request Beijing has rejected.",
        "Washington wants the subsidies cut, a demand that Beijing rejected on Friday.",
        "It is an offer China refused outright.",
    ],
)
def test_one_rejection_per_rejected_noun(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, negotiation="us-china", published=date(2019, 5, 11))
    assert [joint(r) for r in events_of(events, "proposal_rejected")] == ["CN"]


@pytest.mark.parametrize(
    ("body", "speaker", "other"),
    [
        (
            "Freeland said the deal protected the dispute panels that Washington had wanted to "
            "scrap.",
            "CA",
            "US",
        ),
        (
            "Guajardo said the agreement kept the tariff-free access that Washington had sought "
            "to limit.",
            "MX",
            "US",
        ),
        (
            "Lighthizer said the deal fixed the dairy rules, which Ottawa had refused to change.",
            "US",
            "CA",
        ),
    ],
)
def test_a_position_stands_beside_the_other_sides_act_in_a_relative_clause(
    derive_text: DeriveText, body: str, speaker: str, other: str
) -> None:
    events = derive_text(body, negotiation="nafta", published=date(2018, 10, 1))
    assert speaker in [joint(p) for p in events_of(events, "position_stated")]
    others = events_of(events, "proposal_made") + events_of(events, "proposal_rejected")
    assert [joint(e) for e in others] == [other]


def test_a_reported_request_of_the_other_side_is_no_position(derive_text: DeriveText) -> None:
    events = derive_text(
        '"The U.S. asked for the amendment of the current deal," Kim told reporters.'
    )
    assert [joint(p) for p in events_of(events, "proposal_made")] == ["US"]
    assert events_of(events, "position_stated") == []


# --- round 3: appositives, relative clauses, places, written currencies ---------------------


@pytest.mark.parametrize(
    ("body", "asker", "refuser"),
    [
        ("London had sought a unilateral right to leave, a demand Brussels refused.", "UK", "EU"),
        ("Britain pressed for a time limit, a proposal the EU rejected on Friday.", "UK", "EU"),
        ("Brussels wants a customs border at sea, an idea London turned down.", "EU", "UK"),
    ],
)
def test_a_request_summed_up_by_an_appositive(
    derive_text: DeriveText, body: str, asker: str, refuser: str
) -> None:
    events = derive_text(body, negotiation="brexit", published=date(2018, 11, 16))
    assert [joint(p) for p in events_of(events, "proposal_made")] == [asker]
    assert [joint(r) for r in events_of(events, "proposal_rejected")] == [refuser]


@pytest.mark.parametrize(
    "body",
    [
        "Analysts expect a long fight, a view shared by many investors.",
        "Growth slowed sharply, a trend the central bank watched closely.",
    ],
)
def test_an_appositive_without_a_request_is_no_proposal(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, negotiation="brexit", published=date(2018, 11, 16))
    assert events_of(events, "proposal_made") == []


@pytest.mark.parametrize(
    "body",
    [
        "Seoul fended off U.S. demands for higher local content in cars.",
        "The higher content rule, a demand Seoul managed to fend off, was dropped.",
        "South Korea warded off the American push to open its rice market.",
    ],
)
def test_fending_off_a_demand_is_rejection(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, published=date(2018, 3, 27))
    assert [joint(r) for r in events_of(events, "proposal_rejected")] == ["KR"]


@pytest.mark.parametrize(
    "body",
    [
        "The Democratic Unionist Party, which props up May's government, said the backstop "
        "was unacceptable.",
        "The DUP, which May's Conservatives rely on for votes, said the deal was bad.",
        "The Confederation of British Industry, which lobbies for British business, said the "
        "deal was welcome.",
    ],
)
def test_a_third_party_before_a_relative_clause_speaks_for_no_party(
    derive_text: DeriveText, body: str
) -> None:
    events = derive_text(body, negotiation="brexit", published=date(2018, 11, 15))
    assert events_of(events, "position_stated") == []


def test_a_party_before_a_relative_clause_still_speaks(derive_text: DeriveText) -> None:
    events = derive_text(
        "Ottawa, which had resisted the dairy demand for months, said the deal was fair.",
        negotiation="nafta",
        published=date(2018, 10, 1),
    )
    assert [joint(p) for p in events_of(events, "position_stated")] == ["CA"]


@pytest.mark.parametrize(
    "body",
    [
        "The text was finalised by negotiators in Brussels on Tuesday.",
        "The deal was sealed by officials at a hotel in London late on Tuesday.",
        "The agreement was struck by negotiators in Brussels on Tuesday night.",
    ],
)
def test_a_place_after_by_is_no_party_to_the_deal(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, negotiation="brexit", published=date(2018, 11, 15))
    (deal,) = events_of(events, "agreement_reached")
    assert joint(deal) == "EU+UK"


@pytest.mark.parametrize(
    "body",
    [
        "May won the backing of her cabinet on Wednesday for the draft agreement.",
        "The draft treaty secured the approval of May's cabinet on Wednesday.",
        "The deal won the endorsement of the British cabinet on Wednesday.",
    ],
)
def test_cabinet_backing_told_as_a_noun_is_ratification(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, negotiation="brexit", published=date(2018, 11, 15))
    (approval,) = events_of(events, "agreement_ratified")
    assert (joint(approval), str(approval.occurred)) == ("UK", "2018-11-14")


@pytest.mark.parametrize(
    "body",
    [
        '"The choice is this deal or leaving with no deal," May said.',
        "Britain could end up leaving without a deal in March.",
        "Leaving with no deal would hurt both economies, the prime minister said.",
    ],
)
def test_leaving_without_a_deal_is_no_withdrawal_threat(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, negotiation="brexit", published=date(2018, 11, 15))
    assert events_of(events, "withdrawal_threatened") == []


@pytest.mark.parametrize(
    ("body", "unit"),
    [
        ("Britain's trade with the EU was worth 614 billion pounds last year.", "GBP billion"),
        ("EU exports to Britain reached 340 billion euros last year.", "EUR billion"),
        ("Exports to the EU totalled 274 billion pounds sterling last year.", "GBP billion"),
    ],
)
def test_amounts_in_written_currencies_are_figures(
    derive_text: DeriveText, body: str, unit: str
) -> None:
    events = derive_text(body, negotiation="brexit", published=date(2018, 11, 15))
    (figure,) = events_of(events, "trade_figure_reported")
    assert getattr(figure, "unit", None) == unit
    assert str(figure.occurred) == "2017"


def test_a_bare_number_is_no_money(derive_text: DeriveText) -> None:
    events = derive_text(
        "Exports rose to 2.68 billion last year, and 5 trillion won was spent.",
        published=date(2018, 3, 27),
    )
    assert events_of(events, "trade_figure_reported") == []


# --- round 4: dates told from another date ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        ("Talks opened on Jan. 5, a day after Seoul agreed.", None, ["2018-01-05", "2018-01-04"]),
        ("The round began on Monday and ended two days later.", None, ["2018-03-26", "2018-03-28"]),
        (
            "The pact took effect in 2012; a year earlier Congress approved it.",
            None,
            ["2012", "2011"],
        ),
        ("Seoul rejected the offer the following day.", "2018-03-20", ["2018-03-21"]),
        ("The next week, the two sides met again.", "2018-03-20", ["2018-03"]),
        ("Hours later, Trump called the deal a disaster.", "2018-03-23", ["2018-03-23"]),
        ("The sides met the day before.", "2018-03-20", ["2018-03-19"]),
        ("The previous month, Seoul had asked for an exemption.", "2018-03-20", ["2018-02"]),
    ],
)
def test_offsets_count_from_the_date_before(
    text: str, reference: str | None, expected: list[str]
) -> None:
    base = WorldDate.model_validate(reference) if reference else None
    found = find_date_phrases(text, date(2018, 3, 27), reference=base)
    assert [str(p.value) for p in found] == expected


@pytest.mark.parametrize(
    "text",
    [
        "A day after the talks ended, Seoul said nothing.",
        "Seoul rejected the offer the following day.",
        "Two weeks later the ministry published its report.",
    ],
)
def test_an_offset_without_a_date_to_count_from_is_no_date(text: str) -> None:
    assert find_date_phrases(text, date(2018, 3, 27)) == []


@pytest.mark.parametrize(
    ("body", "type_name", "when"),
    [
        (
            "The first round opened in Washington on Jan. 5, a day after Seoul agreed to the "
            "U.S. request for talks.",
            "proposal_accepted",
            "2018-01-04",
        ),
        (
            "Negotiators met in Seoul on Monday. The following day, the two sides reached a "
            "deal on steel quotas.",
            "agreement_reached",
            "2018-03-27",
        ),
        (
            "The revised pact was signed in September 2016. It took effect the following year.",
            "agreement_in_force",
            "2017",
        ),
        (
            "Talks opened on March 15 in Washington. A week later, talks broke down over autos.",
            "talks_stalled",
            "2018-03",
        ),
    ],
)
def test_events_dated_from_another_date(
    derive_text: DeriveText, body: str, type_name: str, when: str
) -> None:
    (event,) = events_of(derive_text(body, published=date(2018, 3, 27)), type_name)
    assert str(event.occurred) == when


@pytest.mark.parametrize(
    ("body", "when"),
    [
        ("Seoul rejected the demand earlier this month.", "2018-03"),
        ("Seoul rejected the demand in mid-February.", "2018-02"),
        ("Seoul rejected the demand last week.", "2018-03"),
        ("Seoul rejected the same demand a year earlier, in 2017.", "2017"),
    ],
)
def test_relative_dates_against_the_publication_day(
    derive_text: DeriveText, body: str, when: str
) -> None:
    (event,) = events_of(derive_text(body, published=date(2018, 3, 27)), "proposal_rejected")
    assert str(event.occurred) == when


# --- round 5: "both sides" in three-party talks, objects of meeting -------------------------


@pytest.mark.parametrize(
    ("body", "type_name", "actor"),
    [
        (
            "The United States and Mexico resumed talks on Monday. Both countries hope to "
            "reach a deal this week.",
            "position_stated",
            "MX+US",
        ),
        (
            "Ottawa and Washington failed to agree on dairy. The two countries will meet again "
            "next week.",
            "round_scheduled",
            "CA+US",
        ),
        (
            "Lighthizer and Guajardo met on Tuesday. The two sides reached an agreement on autos.",
            "agreement_reached",
            "MX+US",
        ),
        ("The three countries reached a deal on Sunday.", "agreement_reached", "CA+MX+US"),
        (
            "Mexico and the United States met on Monday. All three countries said they would "
            "keep negotiating.",
            "position_stated",
            "CA+MX+US",
        ),
    ],
)
def test_both_sides_are_the_pair_named_last(
    derive_text: DeriveText, body: str, type_name: str, actor: str
) -> None:
    events = derive_text(body, negotiation="nafta", published=FRIDAY)
    assert actor in [joint(e) for e in events_of(events, type_name)]


def test_both_sides_with_no_pair_named_are_all_parties(derive_text: DeriveText) -> None:
    events = derive_text(
        "Both sides reached an agreement on autos on Tuesday.",
        negotiation="nafta",
        published=FRIDAY,
    )
    assert [joint(e) for e in events_of(events, "agreement_reached")] == ["CA+MX+US"]


@pytest.mark.parametrize(
    ("body", "actor"),
    [
        ("Canada's Freeland met Lighthizer in Washington on Tuesday.", "CA+US"),
        ("Guajardo hosted Freeland in Mexico City on Tuesday.", "CA+MX"),
        ("The United States and Mexico resumed talks on Monday.", "MX+US"),
    ],
)
def test_who_met_whom(derive_text: DeriveText, body: str, actor: str) -> None:
    events = derive_text(body, negotiation="nafta", published=FRIDAY)
    assert [joint(m) for m in events_of(events, "meeting_held")] == [actor]


# --- round 6: positions, procedural remarks -----------------------------------------------


@pytest.mark.parametrize(
    ("body", "actor"),
    [
        ('"This is not the end of the process," Kim told reporters in Seoul.', "KR"),
        ("South Korea's position is that the deficit is not caused by the trade deal.", "KR"),
        ("Kim stressed that Seoul would respond calmly and firmly.", "KR"),
        ("Washington's view remains that the pact is lopsided, Lighthizer said.", "US"),
        ('"We want a level playing field, not protectionism," Kim said.', "KR"),
    ],
)
def test_positions_in_wider_wording(derive_text: DeriveText, body: str, actor: str) -> None:
    positions = events_of(derive_text(body, published=FRIDAY), "position_stated")
    assert [joint(p) for p in positions] == [actor]


@pytest.mark.parametrize(
    "body",
    [
        "Kim said the meeting would start at 10 a.m. local time.",
        "Kim's spokesman said he had no comment on the talks.",
        "Lighthizer said details of the session would be released later.",
        "Kim said he had not read the U.S. report on the deal.",
        "Choi, a trade expert at Korea University, said the FTA had helped both countries.",
    ],
)
def test_procedural_remarks_and_experts_are_no_positions(
    derive_text: DeriveText, body: str
) -> None:
    assert events_of(derive_text(body, published=FRIDAY), "position_stated") == []


def test_an_announcement_with_the_partner_on_the_line_is_that_pair(
    derive_text: DeriveText,
) -> None:
    events = derive_text(
        "Trump announced the agreement from the Oval Office on Monday, with Mexico's president "
        "on the phone.",
        negotiation="nafta",
        published=date(2018, 8, 28),
    )
    assert [joint(d) for d in events_of(events, "agreement_reached")] == ["MX+US"]


# --- round 7: people the catalog does not know --------------------------------------------


@pytest.mark.parametrize(
    ("body", "negotiation", "actor"),
    [
        (
            "Mexican Economy Minister Graciela Marquez met Lighthizer on Tuesday. Later, "
            "Marquez said the talks were constructive.",
            "nafta",
            "MX",
        ),
        (
            "EU trade commissioner Phil Hogan spoke in Dublin on Monday. Hogan said the "
            "backstop was essential to any deal.",
            "brexit",
            "EU",
        ),
        (
            "Canada's Agriculture Minister Lawrence MacAulay visited farms on Monday. "
            "MacAulay said Ottawa would defend its dairy system in the talks.",
            "nafta",
            "CA",
        ),
    ],
)
def test_an_official_introduced_by_office_speaks_for_the_party_later(
    derive_text: DeriveText, body: str, negotiation: str, actor: str
) -> None:
    events = derive_text(body, negotiation=negotiation, published=date(2019, 6, 4))
    assert actor in [joint(p) for p in events_of(events, "position_stated")]


@pytest.mark.parametrize(
    "body",
    [
        "American Chamber of Commerce President James Kim said the deal was good.",
        "Korean automaker Hyundai Motor said the deal would hurt its exports.",
        "Harvard economist Dani Rodrik said the trade deal was unbalanced.",
    ],
)
def test_names_outside_government_speak_for_no_party(derive_text: DeriveText, body: str) -> None:
    assert events_of(derive_text(body, published=FRIDAY), "position_stated") == []


# --- round 8: threats to leave, offers, provisions sought, refusals -----------------------


@pytest.mark.parametrize(
    "body",
    [
        "Trump threatened to pull the United States out of the pact.",
        "Washington is preparing a withdrawal from the agreement, officials said.",
        "Trump floated the idea of scrapping the trade deal altogether.",
    ],
)
def test_threats_to_leave_in_other_words(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, negotiation="nafta", published=FRIDAY)
    assert [joint(w) for w in events_of(events, "withdrawal_threatened")] == ["US"]


@pytest.mark.parametrize(
    "body",
    [
        "Britain's withdrawal from the EU is due in March.",
        "Analysts floated the idea that the talks could fail.",
        "The idea of a deal was welcomed by markets.",
    ],
)
def test_leaving_the_union_or_ideas_are_no_threats(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, negotiation="brexit", published=date(2018, 11, 15))
    assert events_of(events, "withdrawal_threatened") == []


def test_inking_a_pact_is_a_signing_not_a_second_deal(derive_text: DeriveText) -> None:
    events = derive_text(
        "The leaders inked the new pact in Buenos Aires on Friday.",
        negotiation="nafta",
        published=date(2018, 12, 1),
    )
    assert len(events_of(events, "agreement_signed")) == 1
    assert events_of(events, "agreement_reached") == []


@pytest.mark.parametrize(
    ("body", "rule"),
    [
        ("China offered to buy an additional $200 billion in U.S. goods.", "proposal.offered_to"),
        ("Beijing has offered to open its financial sector.", "proposal.offered_to"),
        ("Beijing is seeking a review mechanism for tariff disputes.", "proposal.seeks_provision"),
        ("China wants a clause that would shield state firms.", "proposal.seeks_provision"),
    ],
)
def test_offers_and_provisions_sought_are_proposals(
    derive_text: DeriveText, body: str, rule: str
) -> None:
    events = derive_text(body, negotiation="us-china", published=date(2019, 5, 11))
    assert rule_ids(events, "proposal_made") == [rule]
    assert [joint(p) for p in events_of(events, "proposal_made")] == ["CN"]


@pytest.mark.parametrize(
    "body",
    [
        "Seoul did not agree to the U.S. offer to rapidly amend the deal.",
        "China could offer to buy more soybeans, analysts said.",
        "Washington would seek a new clause only if talks failed.",
    ],
)
def test_an_offer_noun_or_a_possible_offer_is_no_offer_made(
    derive_text: DeriveText, body: str
) -> None:
    events = derive_text(body, negotiation="us-china", published=date(2019, 5, 11))
    assert [r for r in rule_ids(events, "proposal_made") if r.startswith("proposal.offer")] == []
    assert "proposal.seeks_provision" not in rule_ids(events, "proposal_made")


def test_a_proposed_exit_clause_is_no_cited_clause(derive_text: DeriveText) -> None:
    events = derive_text(
        "Washington is pushing for a provision that would let any country leave after five years.",
        negotiation="nafta",
        published=FRIDAY,
    )
    assert events_of(events, "termination_clause_cited") == []
    assert [joint(p) for p in events_of(events, "proposal_made")] == ["US"]


@pytest.mark.parametrize(
    "body",
    [
        "The UK asked the EU for a delay to Brexit.",
        "London pressed Brussels for an extension on Friday.",
        "Britain asked the European Union for a further postponement.",
    ],
)
def test_asking_the_other_side_for_relief(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, negotiation="brexit", published=date(2019, 3, 22))
    assert [joint(p) for p in events_of(events, "proposal_made")] == ["UK"]


@pytest.mark.parametrize(
    ("body", "actor"),
    [
        ("Mexico called the proposal unacceptable.", "MX"),
        ("Ottawa deemed the U.S. demands unworkable.", "CA"),
        ("Beijing has resisted U.S. pressure to change its industrial policies.", "CN"),
    ],
)
def test_refusals_in_other_words(derive_text: DeriveText, body: str, actor: str) -> None:
    negotiation = "us-china" if actor == "CN" else "nafta"
    events = derive_text(body, negotiation=negotiation, published=FRIDAY)
    assert [joint(r) for r in events_of(events, "proposal_rejected")] == [actor]


def test_calling_the_talks_difficult_is_no_refusal(derive_text: DeriveText) -> None:
    events = derive_text(
        "Mexico called the talks difficult but not impossible.", negotiation="nafta"
    )
    assert events_of(events, "proposal_rejected") == []


# --- round 9: a day between verb and deal, talks expected to start, who leads -------------

DEC_3 = date(2018, 12, 3)


@pytest.mark.parametrize(
    "body",
    [
        "The United States and China agreed Saturday to a 90-day ceasefire in their trade war.",
        "Washington and Beijing agreed late on Saturday to a truce.",
        "The two countries agreed on Saturday on a framework for further talks.",
    ],
)
def test_a_day_between_agreeing_and_the_deal(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, negotiation="us-china", published=DEC_3)
    (deal,) = events_of(events, "agreement_reached")
    assert (joint(deal), str(deal.occurred)) == ("CN+US", "2018-12-01")


@pytest.mark.parametrize(
    ("body", "scheduled"),
    [
        ("Talks are expected to start in Washington in January.", "2019-01"),
        ("The negotiations are scheduled to begin on Jan. 7 in Beijing.", "2019-01-07"),
        ("The next round is set to open in Beijing in early January.", "2019-01"),
    ],
)
def test_talks_expected_to_start(derive_text: DeriveText, body: str, scheduled: str) -> None:
    (event,) = events_of(
        derive_text(body, negotiation="us-china", published=DEC_3), "round_scheduled"
    )
    assert isinstance(event, RoundScheduled)
    assert str(event.scheduled_for) == scheduled


@pytest.mark.parametrize(
    "body",
    [
        "Trump wrote that negotiations on a second deal would start immediately.",
        "The two sides will immediately begin negotiations on structural changes.",
        "Talks could start in January if the truce holds.",
    ],
)
def test_talk_of_starting_without_a_set_meeting_is_no_schedule(
    derive_text: DeriveText, body: str
) -> None:
    events = derive_text(body, negotiation="us-china", published=DEC_3)
    assert events_of(events, "round_scheduled") == []


@pytest.mark.parametrize(
    "body",
    [
        "Lighthizer will lead the U.S. side in the talks, a White House official said.",
        "Liu He will head the Chinese delegation at the talks, the ministry said.",
    ],
)
def test_who_leads_the_talks_is_no_position(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, negotiation="us-china", published=DEC_3)
    assert events_of(events, "position_stated") == []


# --- round 10: days of talks, refusing to discuss ------------------------------------------


@pytest.mark.parametrize(
    ("body", "when"),
    [
        ("Kim returned from Washington on Sunday after three days of talks.", "2017-08-27"),
        ("The deal came on Friday following two days of intense negotiations.", "2017-09-01"),
        ("During four days of talks in Seoul last week, the sides swapped drafts.", "2017-08"),
    ],
)
def test_days_of_talks_are_a_meeting(derive_text: DeriveText, body: str, when: str) -> None:
    (meeting,) = events_of(derive_text(body, published=FRIDAY), "meeting_held")
    assert str(meeting.occurred) == when


def test_weeks_of_talks_ahead_are_no_meeting(derive_text: DeriveText) -> None:
    events = derive_text("Officials expect several weeks of talks before any deal.")
    assert events_of(events, "meeting_held") == []


@pytest.mark.parametrize(
    "body",
    [
        "Seoul has repeatedly refused to discuss agriculture.",
        "Ottawa refused to negotiate on dairy.",
        "Beijing declined to discuss its subsidies at the talks.",
    ],
)
def test_refusing_to_discuss_a_topic_is_rejection(derive_text: DeriveText, body: str) -> None:
    negotiation = {"S": "korus", "O": "nafta", "B": "us-china"}[body[0]]
    events = derive_text(body, negotiation=negotiation, published=FRIDAY)
    assert len(events_of(events, "proposal_rejected")) == 1


# --- round 11: rounds under way, visits due, walkouts, proposals judged ----------------------


@pytest.mark.parametrize(
    ("body", "type_name", "when"),
    [
        (
            "Negotiators from the three countries are meeting in Montreal this week.",
            "meeting_held",
            "2017-09",
        ),
        (
            "The fifth round ended on Tuesday in Mexico City with little progress.",
            "talks_stalled",
            "2017-08-29",
        ),
        ("The U.S. negotiators walked out of the talks on Friday.", "talks_stalled", "2017-09-01"),
    ],
)
def test_rounds_under_way_and_walkouts(
    derive_text: DeriveText, body: str, type_name: str, when: str
) -> None:
    (event,) = events_of(derive_text(body, negotiation="nafta", published=FRIDAY), type_name)
    assert str(event.occurred) == when


@pytest.mark.parametrize(
    ("body", "actor", "scheduled"),
    [
        (
            "Freeland is due in Washington on Wednesday for talks with Lighthizer.",
            "CA",
            "2017-09-06",
        ),
        (
            "Ministers from the three countries will gather in Washington next week.",
            "CA+MX+US",
            "2017-09",
        ),
        ("Guajardo is expected in Ottawa on Monday to meet Freeland.", "MX", "2017-09-04"),
    ],
)
def test_visits_and_gatherings_ahead(
    derive_text: DeriveText, body: str, actor: str, scheduled: str
) -> None:
    (event,) = events_of(
        derive_text(body, negotiation="nafta", published=FRIDAY), "round_scheduled"
    )
    assert isinstance(event, RoundScheduled)
    assert (joint(event), str(event.scheduled_for)) == (actor, scheduled)


@pytest.mark.parametrize(
    "body",
    [
        "Freeland is due in Washington on Wednesday for a speech to farmers.",
        "Rain is expected in Ottawa on Monday.",
        "The members walked out of the union meeting, officials said.",
    ],
)
def test_no_visit_for_talks_no_walkout(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, negotiation="nafta", published=FRIDAY)
    assert events_of(events, "round_scheduled") == []
    assert events_of(events, "talks_stalled") == []


@pytest.mark.parametrize(
    ("body", "actor"),
    [
        ("Canada's chief negotiator said the U.S. proposals were unworkable.", "CA"),
        ('"The demand is simply unacceptable," Guajardo said.', "MX"),
        ("Freeland said the U.S. conditions were absurd.", "CA"),
    ],
)
def test_proposals_judged_unacceptable_by_a_speaker(
    derive_text: DeriveText, body: str, actor: str
) -> None:
    events = derive_text(body, negotiation="nafta", published=FRIDAY)
    assert [joint(r) for r in events_of(events, "proposal_rejected")] == [actor]


def test_a_tabled_proposal_is_one_proposal(derive_text: DeriveText) -> None:
    events = derive_text(
        "The United States tabled its proposal on rules of origin last week.",
        negotiation="nafta",
        published=FRIDAY,
    )
    assert rule_ids(events, "proposal_made") == ["proposal.tabled"]


# --- round 12: summits called, votes on a leader's deal, coordinated clauses ---------------


@pytest.mark.parametrize(
    ("body", "scheduled"),
    [
        ("EU officials said an emergency summit had been called for April 10.", "2019-04-10"),
        ("Tusk called an emergency summit for April 10 to discuss the delay.", "2019-04-10"),
        ("A special session has been convened for next week.", "2019-04"),
    ],
)
def test_summits_called_for_a_date(derive_text: DeriveText, body: str, scheduled: str) -> None:
    events = derive_text(body, negotiation="brexit", published=date(2019, 3, 30))
    (event,) = events_of(events, "round_scheduled")
    assert isinstance(event, RoundScheduled)
    assert str(event.scheduled_for) == scheduled


def test_calling_a_meeting_without_a_date_is_a_request(derive_text: DeriveText) -> None:
    events = derive_text("Washington called a meeting of the joint committee.", published=FRIDAY)
    assert events_of(events, "round_scheduled") == []
    assert [joint(p) for p in events_of(events, "proposal_made")] == ["US"]


@pytest.mark.parametrize(
    "body",
    [
        "Lawmakers rejected May's deal for a third time on Friday, by 344 votes to 286.",
        "MPs voted down the British government's withdrawal agreement on Friday.",
        "Parliament defeated Theresa May's agreement on Friday.",
    ],
)
def test_a_vote_against_a_leaders_deal_is_that_partys(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, negotiation="brexit", published=date(2019, 3, 30))
    (vote,) = events_of(events, "agreement_ratified")
    assert (joint(vote), vote.polarity, str(vote.occurred)) == ("UK", "negative", "2019-03-29")


def test_a_bare_vote_against_it_names_no_party(derive_text: DeriveText) -> None:
    events = derive_text(
        "Tusk spoke in Brussels on Friday. MPs have already rejected it twice.",
        negotiation="brexit",
        published=date(2019, 3, 30),
    )
    assert events_of(events, "agreement_ratified") == []


@pytest.mark.parametrize(
    "body",
    [
        'Barnier said "decisive progress" had been made, and Tusk called a summit for Nov. 25.',
        "Barnier said the deal was fair, but London said it would not sign it until Sunday.",
    ],
)
def test_a_coordinated_clause_with_its_own_subject_keeps_the_position(
    derive_text: DeriveText, body: str
) -> None:
    events = derive_text(body, negotiation="brexit", published=date(2018, 11, 15))
    assert "EU" in [joint(p) for p in events_of(events, "position_stated")]


# --- round 13: meetings named by their day, how long they lasted ---------------------------


@pytest.mark.parametrize(
    ("body", "when"),
    [
        ("After Tuesday's meeting, Kim said the two sides remained far apart.", "2017-08-29"),
        ("At last week's session in Seoul, the U.S. side presented its demands.", "2017-08"),
        ("Yesterday's round produced little beyond a joint photo.", "2017-08-31"),
        ("The meeting between Kim and Lighthizer on Tuesday lasted eight hours.", "2017-08-29"),
    ],
)
def test_meetings_named_by_their_day(derive_text: DeriveText, body: str, when: str) -> None:
    (meeting,) = events_of(derive_text(body, published=FRIDAY), "meeting_held")
    assert str(meeting.occurred) == when


@pytest.mark.parametrize(
    "body",
    [
        "Ahead of Tuesday's meeting, Kim said the two sides remained far apart.",
        "Officials are preparing for next week's session in Seoul.",
        "Tuesday's cabinet meeting approved the budget.",
        "Monday's talks will focus on autos.",
    ],
)
def test_meetings_named_by_a_day_still_ahead_or_not_negotiating(
    derive_text: DeriveText, body: str
) -> None:
    assert events_of(derive_text(body, published=FRIDAY), "meeting_held") == []


# --- round 14: trade figures in other words -----------------------------------------------


@pytest.mark.parametrize(
    ("body", "measure", "period"),
    [
        (
            "Canada's trade gap with the U.S. narrowed to $17.5 billion in 2017.",
            "goods_deficit",
            "2017",
        ),
        (
            "Mexico's goods trade gap with the U.S. was $71 billion last year.",
            "goods_deficit",
            "2016",
        ),
        (
            "The U.S. trade gap with South Korea shrank to $22.9 billion last year.",
            "goods_deficit",
            "2016",
        ),
    ],
)
def test_figures_in_other_words(
    derive_text: DeriveText, body: str, measure: str, period: str
) -> None:
    (figure,) = events_of(
        derive_text(body, negotiation="nafta", published=FRIDAY), "trade_figure_reported"
    )
    assert (getattr(figure, "measure", None), str(figure.occurred)) == (measure, period)


@pytest.mark.parametrize(
    "body",
    [
        "The tariffs cover $200 billion of Chinese imports.",
        "The duties hit $34 billion of U.S. exports, including soybeans.",
        "Seoul sold its stake for $2 billion last year.",
    ],
)
def test_goods_under_tariffs_and_asset_sales_are_no_figures(
    derive_text: DeriveText, body: str
) -> None:
    events = derive_text(body, negotiation="us-china", published=FRIDAY)
    assert events_of(events, "trade_figure_reported") == []


# --- round 15: modality, conditions and denials -------------------------------------------


@pytest.mark.parametrize(
    ("body", "type_name"),
    [
        ("If Seoul rejects the proposal, Washington may respond.", "proposal_rejected"),
        ("Seoul may reject the U.S. proposal, officials warned.", "proposal_rejected"),
        ("Seoul is likely to turn down the American demand.", "proposal_rejected"),
        ("Kim denied reports that the two sides had reached a deal.", "agreement_reached"),
        (
            "Officials dismissed speculation that negotiators had struck a deal.",
            "agreement_reached",
        ),
        ("Washington hopes Seoul will agree to the changes.", "proposal_accepted"),
        ("Washington expects Seoul to accept the proposal soon.", "proposal_accepted"),
    ],
)
def test_possible_hoped_or_denied_events_are_not_asserted(
    derive_text: DeriveText, body: str, type_name: str
) -> None:
    assert events_of(derive_text(body, published=FRIDAY), type_name) == []


@pytest.mark.parametrize(
    ("body", "type_name", "actor"),
    [
        ("Seoul rejected the U.S. proposal on Tuesday.", "proposal_rejected", "KR"),
        ("Seoul, which had hoped for more time, rejected the demand.", "proposal_rejected", "KR"),
        ("The two sides reached a deal on Tuesday, officials said.", "agreement_reached", "KR+US"),
        ("Seoul agreed to the U.S. request on Tuesday.", "proposal_accepted", "KR"),
    ],
)
def test_asserted_events_still_stand(
    derive_text: DeriveText, body: str, type_name: str, actor: str
) -> None:
    assert [joint(e) for e in events_of(derive_text(body, published=FRIDAY), type_name)] == [actor]


# --- round 16: studies proposed with a clause, "in two weeks" -------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "The Korean side proposed that the two countries first assess the FTA's effects.",
        "Seoul suggested that both sides jointly review the impact of the pact.",
        "Seoul proposed that experts study the causes of the deficit first.",
    ],
)
def test_a_study_proposed_in_a_that_clause(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, published=FRIDAY)
    assert [joint(s) for s in events_of(events, "joint_study_proposed")] == ["KR"]


def test_a_proposal_not_to_study_is_no_study(derive_text: DeriveText) -> None:
    events = derive_text(
        "Seoul suggested that they not review the effects again.", published=FRIDAY
    )
    assert events_of(events, "joint_study_proposed") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The negotiators will meet again in two weeks.", ["2017-09"]),
        ("Talks are due to resume in three days.", ["2017-09-04"]),
        ("A decision is expected in two months.", ["2017-11"]),
        ("The deal was struck in two weeks.", []),
        ("They will finish in two weeks of talks.", []),
    ],
)
def test_in_so_many_days_counts_ahead_only_for_what_is_ahead(
    text: str, expected: list[str]
) -> None:
    assert [str(p.value) for p in find_date_phrases(text, FRIDAY)] == expected


# --- round 17: views voiced, addressees' demands -------------------------------------------


@pytest.mark.parametrize(
    ("body", "actor"),
    [
        ("Kim pointed out that the FTA had benefited American consumers.", "KR"),
        ("Seoul welcomed the outcome of the talks on Tuesday.", "KR"),
        ("Lighthizer raised concerns about the pace of the negotiations.", "US"),
    ],
)
def test_views_voiced(derive_text: DeriveText, body: str, actor: str) -> None:
    events = derive_text(body, published=FRIDAY)
    assert [joint(p) for p in events_of(events, "position_stated")] == [actor]
    assert events_of(events, "meeting_held") == []


@pytest.mark.parametrize(
    "body",
    [
        "Trump would voice concern over steel exports during the talks, an official said.",
        "Analysts raised doubts about the deal.",
        "Kim is expected to welcome the outcome of the talks.",
    ],
)
def test_views_still_to_be_voiced_or_of_third_parties(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, published=FRIDAY)
    assert "position.voiced" not in rule_ids(events, "position_stated")


@pytest.mark.parametrize(
    ("body", "owner"),
    [
        ("Kim urged the U.S. to drop its demand for a sunset clause.", "US"),
        ("Seoul pressed Washington to withdraw its proposal on autos.", "US"),
        ("The Americans dropped their demand for a sunset clause.", "US"),
    ],
)
def test_its_demand_after_an_addressee_is_the_addressees(
    derive_text: DeriveText, body: str, owner: str
) -> None:
    events = derive_text(body, published=FRIDAY)
    nouns = [e.event for e in events if e.event.derivation.rule_id == "proposal.noun_with_owner"]
    assert [joint(p) for p in nouns if isinstance(p, NegotiationEvent)] == [owner]


# --- round 18: a party ratifying, a signing dated further along its clause ------------------


@pytest.mark.parametrize(
    ("body", "actor", "when"),
    [
        ("Mexico became the first country to ratify the USMCA in June.", "MX", "2019-06"),
        ("Canada ratified the new trade deal on March 13.", "CA", "2019-03-13"),
        ("The United States formally ratified the pact in January.", "US", "2019-01"),
    ],
)
def test_a_party_ratifying(derive_text: DeriveText, body: str, actor: str, when: str) -> None:
    events = derive_text(body, negotiation="nafta", published=date(2019, 12, 20))
    (approval,) = events_of(events, "agreement_ratified")
    assert (joint(approval), str(approval.occurred)) == (actor, when)


@pytest.mark.parametrize(
    "body",
    [
        "Mexico is expected to ratify the USMCA in June.",
        "Canada has yet to ratify the new trade deal.",
        "Democrats urged the House to ratify the pact in January.",
    ],
)
def test_ratification_ahead_is_none(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, negotiation="nafta", published=date(2019, 12, 20))
    assert events_of(events, "agreement_ratified") == []


def test_a_signing_dated_at_the_end_of_its_clause(derive_text: DeriveText) -> None:
    events = derive_text(
        "Moon and Trump signed the revised deal on the sidelines of the U.N. General Assembly "
        "on Sept. 24.",
        published=date(2018, 9, 26),
    )
    (signed,) = events_of(events, "agreement_signed")
    assert str(signed.occurred) == "2018-09-24"


def test_agreeing_to_open_talks_is_no_schedule(derive_text: DeriveText) -> None:
    events = derive_text(
        "The two sides held the first round in Washington on Jan. 5, a day after Seoul agreed "
        "to open talks.",
        published=date(2018, 3, 27),
    )
    assert events_of(events, "round_scheduled") == []
    assert [str(m.occurred) for m in events_of(events, "meeting_held")] == ["2018-01-05"]


def test_rounds_of_talks_since_january_are_no_single_meeting(derive_text: DeriveText) -> None:
    events = derive_text(
        "The two sides agreed on revisions on Monday after three rounds of talks since January.",
        published=date(2018, 3, 27),
    )
    assert events_of(events, "meeting_held") == []
