"""Each rule family on sentences written for these tests, in several phrasings."""

from __future__ import annotations

from datetime import date

import pytest

from tests.derivation.conftest import DeriveText
from timeline.domain.envelope import NewEvent
from timeline.domain.events import NegotiationEvent, RoundScheduled, TerminationClauseCited


def of_type(events: list[NewEvent], type_name: str) -> list[NewEvent]:
    return [e for e in events if e.type == type_name]


def _only(events: list[NewEvent], type_name: str) -> NegotiationEvent:
    found = of_type(events, type_name)
    assert found, f"no {type_name} in {[e.type for e in events]}"
    event = found[0].event
    assert isinstance(event, NegotiationEvent)
    return event


def _actor(event: NegotiationEvent) -> str | None:
    return "+".join(event.actor) if event.actor else None


@pytest.mark.parametrize(
    ("body", "actor", "target"),
    [
        (
            "Seoul flatly rejected the American proposal to amend the trade pact on Monday.",
            "KR",
            "US",
        ),
        (
            '"We will not accept the U.S. demand to renegotiate the FTA," Kim Hyun-chong '
            "told journalists.",
            "KR",
            "US",
        ),
        ("Washington refused South Korea's request to revise the agreement.", "US", "KR"),
        (
            "South Korean officials dismissed the US offer to overhaul the deal as unrealistic.",
            "KR",
            "US",
        ),
        ("The plan to rewrite the FTA was rejected by Seoul last week.", "KR", "US"),
        ("Moon Jae-in ruled out any revision of the Korus deal.", "KR", "US"),
    ],
)
def test_rejections(derive_text: DeriveText, body: str, actor: str, target: str) -> None:
    event = _only(derive_text(body), "proposal_rejected")
    assert _actor(event) == actor
    assert event.target == (target,)


def test_third_party_rejection_is_not_a_party_event(derive_text: DeriveText) -> None:
    events = derive_text("The plan to revise the FTA was also rejected by a business lobby.")
    assert of_type(events, "proposal_rejected") == []


@pytest.mark.parametrize(
    ("body", "actor"),
    [
        ("The United States asked for an amendment of the free trade agreement on Tuesday.", "US"),
        ("Washington is seeking to renegotiate the Korus FTA.", "US"),
        ("Robert Lighthizer called for a revision of the Korea-U.S. FTA.", "US"),
        ("The special session was requested by the United States on July 12.", "US"),
    ],
)
def test_proposals(derive_text: DeriveText, body: str, actor: str) -> None:
    event = _only(derive_text(body), "proposal_made")
    assert _actor(event) == actor
    assert event.target == ("KR",)


def test_proposal_date_comes_from_its_sentence(derive_text: DeriveText) -> None:
    event = _only(
        derive_text("The special session was requested by the United States on July 12."),
        "proposal_made",
    )
    assert str(event.occurred) == "2017-07-12"


@pytest.mark.parametrize(
    "body",
    [
        "Seoul proposed a joint study with Washington on the impact of the trade deal.",
        '"We suggested a joint review of the FTA\'s effects," Kim Hyun-chong said.',
        "South Korea called for a joint investigation into the causes of the deficit.",
    ],
)
def test_joint_study(derive_text: DeriveText, body: str) -> None:
    event = _only(derive_text(body), "joint_study_proposed")
    assert _actor(event) == "KR"
    assert event.target == ("US",)


@pytest.mark.parametrize(
    "body",
    [
        "The two sides could not reach any agreement during Tuesday's talks.",
        "Seoul and Washington failed to reach a consensus on the revision.",
        "The negotiators reached no agreement on Tuesday.",
        "The session ended without a deal, officials said.",
    ],
)
def test_talks_stalled(derive_text: DeriveText, body: str) -> None:
    event = _only(derive_text(body), "talks_stalled")
    assert _actor(event) == "KR+US"
    assert event.target is None


@pytest.mark.parametrize(
    "body",
    [
        "No date was set for the next round of talks.",
        "No dates have been scheduled for further meetings, Kim Hyun-chong said.",
        "Officials added that no date had been fixed for another session.",
    ],
)
def test_round_scheduled_negative(derive_text: DeriveText, body: str) -> None:
    event = _only(derive_text(body), "round_scheduled")
    assert event.polarity == "negative"
    assert isinstance(event, RoundScheduled) and event.scheduled_for is None


def test_round_scheduled_with_a_future_date(derive_text: DeriveText) -> None:
    events = derive_text(
        "Canada, Mexico and the United States ended the first NAFTA round, "
        "with Canada set to host the third round on Sept. 23-27.",
        published=date(2017, 8, 21),
        negotiation="nafta",
    )
    event = _only(events, "round_scheduled")
    assert isinstance(event, RoundScheduled)
    assert str(event.scheduled_for) == "2017-09-23"
    assert event.polarity == "positive"


@pytest.mark.parametrize(
    ("body", "when"),
    [
        ("Trade officials of the two countries met in Seoul on Tuesday.", "2017-08-22"),
        ("Negotiators held a second session in Washington on Monday.", "2017-08-21"),
        ("Kim Hyun-chong spoke after a video conference with Robert Lighthizer.", "2017-08-22"),
    ],
)
def test_meetings(derive_text: DeriveText, body: str, when: str) -> None:
    event = _only(derive_text(body), "meeting_held")
    assert _actor(event) == "KR+US"
    assert str(event.occurred) == when


def test_future_meeting_is_not_held(derive_text: DeriveText) -> None:
    assert (
        of_type(derive_text("The two sides will meet again in Seoul next month."), "meeting_held")
        == []
    )


@pytest.mark.parametrize(
    ("body", "year"),
    [
        ("The pact took effect five years ago.", "2012"),
        ("Since the FTA went into effect in 2012, trade has grown.", "2012"),
        ("The accord, which came into force in 2012, is under review.", "2012"),
    ],
)
def test_in_force_is_dated_in_the_past(derive_text: DeriveText, body: str, year: str) -> None:
    event = _only(derive_text(body), "agreement_in_force")
    assert str(event.occurred) == year
    assert _actor(event) == "KR+US"


def test_in_force_without_a_date_is_not_recorded(derive_text: DeriveText) -> None:
    assert (
        of_type(
            derive_text("The deficit doubled since the deal took effect."), "agreement_in_force"
        )
        == []
    )


@pytest.mark.parametrize(
    ("body", "days"),
    [
        ("The agreement could be terminated if either nation said it wanted to do so. "
         "That process would take 180 days.", 180),
        ("Either party may withdraw from the pact with six months' notice.", 180),
        ("Under Article 24.5, a party may withdraw from the agreement six months after "
         "giving written notice to the other.", 180),
    ],
)  # fmt: skip
def test_termination_clause(derive_text: DeriveText, body: str, days: int) -> None:
    event = _only(derive_text(body), "termination_clause_cited")
    assert isinstance(event, TerminationClauseCited)
    assert event.invocable_by == "any"
    assert event.notice_days == days
    assert event.actor is None
    assert of_type(derive_text(body), "withdrawal_threatened") == []


@pytest.mark.parametrize(
    "body",
    [
        "Donald Trump said he will either renegotiate or terminate the deal.",
        "Trump threatened to withdraw from the Korus agreement.",
        'Donald Trump told Reuters the pact was a "disaster" and pledged to renegotiate '
        "or terminate it.",
    ],
)
def test_withdrawal_threats(derive_text: DeriveText, body: str) -> None:
    event = _only(derive_text(body), "withdrawal_threatened")
    assert _actor(event) == "US"
    assert of_type(derive_text(body), "termination_clause_cited") == []


@pytest.mark.parametrize(
    ("body", "actor"),
    [
        ("South Korea believes the FTA is not the cause of the trade imbalance.", "KR"),
        ("Donald Trump described the Korus FTA as a horrible deal.", "US"),
        ("The U.S. trade official said discussions on the deal will continue.", "US"),
        ('"The agreement has benefited both countries," Moon Jae-in told reporters.', "KR"),
    ],
)
def test_positions(derive_text: DeriveText, body: str, actor: str) -> None:
    event = _only(derive_text(body), "position_stated")
    assert _actor(event) == actor


def test_reported_speech_with_a_pronoun_speaker(derive_text: DeriveText) -> None:
    events = derive_text(
        "Kim Hyun-chong met reporters on Tuesday. "
        '"We did not agree to the unilateral proposal from the U.S. to amend the FTA," he said.'
    )
    event = _only(events, "proposal_rejected")
    assert _actor(event) == "KR"


@pytest.mark.parametrize(
    ("body", "actor"),
    [
        ("The United States and China signed a trade agreement on Wednesday.", "CN+US"),
        ("The pact was signed by President Barack Obama.", "US"),
    ],
)
def test_signatures(derive_text: DeriveText, body: str, actor: str) -> None:
    event = _only(
        derive_text(body, negotiation="us-china" if "China" in body else "korus"),
        "agreement_signed",
    )
    assert _actor(event) == actor


def test_agreement_reached(derive_text: DeriveText) -> None:
    events = derive_text(
        "The United States and Mexico reached a preliminary agreement on Monday.",
        published=date(2018, 8, 27),
        negotiation="nafta",
    )
    event = _only(events, "agreement_reached")
    assert _actor(event) == "MX+US"
    assert str(event.occurred) == "2018-08-27"


def test_ratification(derive_text: DeriveText) -> None:
    event = _only(derive_text("The deal won approval by Congress in 2011."), "agreement_ratified")
    assert _actor(event) == "US"
    assert str(event.occurred) == "2011"


def test_acceptance(derive_text: DeriveText) -> None:
    events = derive_text("Seoul agreed to convene the special session the U.S. had requested.")
    event = _only(events, "proposal_accepted")
    assert _actor(event) == "KR"


def test_figures_and_a_difference(derive_text: DeriveText) -> None:
    events = derive_text(
        "US data show its goods deficit with South Korea was $20.5 billion last year, "
        "about $2.5 billion more than the figure Seoul reported."
    )
    figures = [e.event for e in of_type(events, "trade_figure_reported")]
    values = sorted((getattr(f, "value"), _actor(f)) for f in figures)  # noqa: B009
    assert values == [(18.0, "KR"), (20.5, "US")]
    assert all(str(f.occurred) == "2016" for f in figures)


def test_ranks(derive_text: DeriveText) -> None:
    events = derive_text(
        "Canada is the U.S.'s second-largest trading partner, while the US is Canada's "
        "largest export partner.",
        negotiation="nafta",
    )
    ranks = [e.event for e in of_type(events, "trade_figure_reported")]
    assert [getattr(r, "value") for r in ranks] == [2.0]  # noqa: B009
    assert getattr(ranks[0], "economy") == ("US",)  # noqa: B009


def test_tariff_amounts_are_not_trade_figures(derive_text: DeriveText) -> None:
    events = derive_text("Washington imposed tariffs on $200 billion of goods.")
    assert of_type(events, "trade_figure_reported") == []


def test_passing_reference_to_another_negotiation_is_skipped(derive_text: DeriveText) -> None:
    events = derive_text(
        "The U.S. has begun an effort to renegotiate NAFTA with Mexico and Canada."
    )
    assert [e for e in events if e.event.negotiation == "nafta"] == []  # type: ignore[attr-defined]
