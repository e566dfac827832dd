"""Positions in phrasings of our own: stances told as nouns, goals, feelings, commitments."""

from __future__ import annotations

from datetime import date

import pytest

from tests.derivation.conftest import DeriveText, events_of, joint, of_type

DAY = date(2019, 10, 8)


@pytest.mark.parametrize(
    ("body", "actor"),
    [
        ("The round was overshadowed by criticism from the United States over car tariffs.", "US"),
        ("Complaints by Seoul about the steel quotas slowed the talks.", "KR"),
        ("The summit closed amid objections from Washington to the auto rules.", "US"),
        ("Praise from South Korea for the revised deal came quickly.", "KR"),
    ],
)
def test_a_stance_told_as_a_noun_belongs_to_the_party_after_it(
    derive_text: DeriveText, body: str, actor: str
) -> None:
    positions = events_of(derive_text(body), "position_stated")
    assert [joint(p) for p in positions] == [actor]


@pytest.mark.parametrize(
    "body",
    [
        "Criticism from business lobbies in Seoul weighed on the talks.",
        "Objections from farm groups in the United States were loud.",
    ],
)
def test_a_stance_of_a_third_party_is_no_position(derive_text: DeriveText, body: str) -> None:
    assert of_type(derive_text(body), "position_stated") == []


@pytest.mark.parametrize(
    "body",
    [
        "Trump has long sought to reduce America's chronic trade deficit with South Korea.",
        "Trump has vowed to cut the trade deficit with Seoul.",
        "Washington aims to shrink its goods trade imbalance with South Korea this year.",
    ],
)
def test_an_aim_for_the_trade_balance_is_a_position_not_a_demand(
    derive_text: DeriveText, body: str
) -> None:
    events = derive_text(body)
    assert [joint(p) for p in events_of(events, "position_stated")] == ["US"]
    assert of_type(events, "proposal_made") == []


def test_a_demand_to_cut_the_other_sides_tariffs_stays_a_demand(derive_text: DeriveText) -> None:
    events = derive_text("Washington wants to cut South Korea's tariffs on beef.")
    assert [joint(p) for p in events_of(events, "proposal_made")] == ["US"]


@pytest.mark.parametrize(
    "body",
    [
        "Lighthizer felt strongly about keeping the auto rules in the deal.",
        "Seoul expressed hope of concluding the revised agreement by the end of the year.",
        "Seoul said it would not walk away from the talks.",
        "We are not walking away from this negotiation, Kim Hyun-chong said.",
    ],
)
def test_feelings_hopes_and_staying_at_the_table_are_positions(
    derive_text: DeriveText, body: str
) -> None:
    assert events_of(derive_text(body), "position_stated") != []


@pytest.mark.parametrize(
    "body",
    [
        "The South Korean government has walked away from the talks after failing to make "
        "progress.",
        "Seoul walked away from the negotiations on Tuesday.",
    ],
)
def test_walking_away_is_no_commitment_to_talk(derive_text: DeriveText, body: str) -> None:
    assert of_type(derive_text(body), "position_stated") == []


@pytest.mark.parametrize(
    "body",
    [
        '"Nothing can be ruled out at this stage of the talks," Kim Hyun-chong said.',
        "A deal this year cannot be ruled out, Seoul said.",
        "Seoul can't rule out further changes to the agreement, Kim said.",
    ],
)
def test_an_option_kept_open_is_no_rejection(derive_text: DeriveText, body: str) -> None:
    assert of_type(derive_text(body), "proposal_rejected") == []


def test_ruling_out_a_proposal_is_still_a_rejection(derive_text: DeriveText) -> None:
    events = derive_text("Seoul ruled out the U.S. proposal to revise the auto rules.")
    assert [joint(r) for r in events_of(events, "proposal_rejected")] == ["KR"]


@pytest.mark.parametrize(
    ("body", "actor"),
    [
        ("According to Korean government data, the United States is South Korea's "
         "second-largest two-way trading partner.", "KR"),
        ("U.S. Trade Representative Robert Lighthizer said South Korea was America's "
         "sixth-largest bilateral trading partner.", "US"),
    ],
)  # fmt: skip
def test_a_rank_as_a_two_way_partner_is_a_figure_of_its_source(
    derive_text: DeriveText, body: str, actor: str
) -> None:
    (figure,) = events_of(derive_text(body, published=DAY), "trade_figure_reported")
    assert joint(figure) == actor


@pytest.mark.parametrize(
    "body",
    [
        "The deal was welcomed by Moon Jae-in, who declared the revised pact a fair outcome.",
        "Reporters questioned Moon Jae-in, who said the trade deal was balanced.",
        "The talks ended late, and Moon Jae-in, who stressed the tariffs were unfair, left.",
    ],
)
def test_a_speaker_in_a_who_clause_states_a_position(derive_text: DeriveText, body: str) -> None:
    positions = events_of(derive_text(body), "position_stated")
    assert "KR" in [joint(p) for p in positions]


@pytest.mark.parametrize(
    "body",
    [
        "The two ministers expressed hope that the deal would be concluded soon.",
        "Both leaders said they were committed to a balanced trade agreement.",
        "The two negotiators voiced optimism about the tariff talks.",
    ],
)
def test_a_joint_statement_of_the_two_sides_is_theirs(derive_text: DeriveText, body: str) -> None:
    positions = events_of(derive_text(body), "position_stated")
    assert [joint(p) for p in positions] == ["KR+US"]


def test_ministers_with_no_number_are_no_joint_actor(derive_text: DeriveText) -> None:
    body = "Farm ministers from several states expressed hope that the tariffs would fall."
    positions = events_of(derive_text(body), "position_stated")
    assert "KR+US" not in [joint(p) for p in positions]


@pytest.mark.parametrize(
    "body",
    [
        "Moon Jae-in said at the start of the summit that the trade deal helped both economies.",
        "Moon Jae-in told reporters at the beginning of the session that tariffs hurt exporters.",
    ],
)
def test_a_view_told_at_the_start_of_a_meeting_is_a_position(
    derive_text: DeriveText, body: str
) -> None:
    positions = events_of(derive_text(body), "position_stated")
    assert "KR" in [joint(p) for p in positions]


@pytest.mark.parametrize(
    "body",
    [
        "Moon Jae-in's remarks surprised the analysts, who said the trade deal was unfair.",
        "The report by Moon Jae-in surprised economists, who said tariffs hurt the deal.",
    ],
)
def test_a_who_clause_of_someone_else_is_no_position_of_the_party(
    derive_text: DeriveText, body: str
) -> None:
    assert of_type(derive_text(body), "position_stated") == []


@pytest.mark.parametrize(
    "body",
    [
        "South Korean Trade Minister Kim Hyun-chong met reporters. "
        '"The tariffs are unfair to our exporters," said Mr. Kim.',
        "South Korean Trade Minister Kim Hyun-chong met reporters. "
        "Mr. Kim said the trade deal was balanced.",
    ],
)
def test_a_surname_with_an_honorific_speaks_for_the_earlier_full_mention(
    derive_text: DeriveText, body: str
) -> None:
    positions = events_of(derive_text(body), "position_stated")
    assert [joint(p) for p in positions] == ["KR"]


@pytest.mark.parametrize(
    "body",
    [
        "It said Washington would keep the tariffs on steel in place.",
        "Observers said Seoul wanted a fair trade deal.",
    ],
)
def test_an_unknown_speaker_does_not_credit_the_party_after_the_verb(
    derive_text: DeriveText, body: str
) -> None:
    assert of_type(derive_text(body), "position_stated") == []
