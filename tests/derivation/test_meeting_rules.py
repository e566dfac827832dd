"""Meetings held and rounds scheduled, told in wording of any negotiation (meetings.yaml)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.derivation.conftest import DeriveText, events_of, joint, make_article
from timeline.derivation.catalog import load_catalog
from timeline.derivation.extractor import derive

# -- meetings held ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "After talks on the sidelines of a G7 gathering in Tokyo, London and Brussels said gaps "
        "remained.",
        "Trade ministers held talks on the margins of the WTO ministerial in Geneva on Monday.",
        "Barnier and Davis spoke for an hour on the fringes of the summit in Salzburg.",
    ],
)
def test_talks_on_the_sidelines_of_another_gathering(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, negotiation="brexit", published=date(2018, 9, 20))
    assert [joint(m) for m in events_of(events, "meeting_held")] == ["EU+UK"]


@pytest.mark.parametrize(
    "body",
    [
        "The two sides hope to meet on the sidelines of the G20 summit next month.",
        "London and Brussels will hold talks on the fringes of the summit in Salzburg.",
        "Officials are expected to confer on the margins of the Davos forum.",
    ],
)
def test_planned_sideline_talks_are_no_meeting(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, negotiation="brexit", published=date(2018, 9, 20))
    assert events_of(events, "meeting_held") == []


@pytest.mark.parametrize(
    ("body", "when"),
    [
        (
            "The ministers formally launched the UK-EU trade negotiations on March 2 in Brussels.",
            "2020-03-02",
        ),
        (
            "Both governments relaunched the long-frozen EU-UK talks in London in February.",
            "2020-02",
        ),
        ("The talks, which were launched in March, have covered eleven areas.", "2020-03"),
        (
            "Eleven chapters are open in the negotiations, which had been opened on March 2.",
            "2020-03-02",
        ),
    ],
)
def test_launches_of_negotiations(derive_text: DeriveText, body: str, when: str) -> None:
    events = derive_text(body, negotiation="brexit", published=date(2020, 6, 10))
    assert [str(m.occurred) for m in events_of(events, "meeting_held")] == [when]


@pytest.mark.parametrize(
    "body",
    [
        "A deal could restart the UK-EU negotiations in the autumn.",
        "Both governments might relaunch the EU-UK talks after the summer.",
        "London wants to launch the UK-EU trade negotiations quickly.",
    ],
)
def test_hoped_for_launches_are_no_meeting(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, negotiation="brexit", published=date(2020, 6, 10))
    assert events_of(events, "meeting_held") == []


@pytest.mark.parametrize(
    "body",
    [
        "The last dispute was settled by the two leaders at a dinner in Brussels.",
        "Much was agreed over a lunch at the Berlaymont between Johnson and Juncker.",
        "Trump said after meeting Mr. Xi for an hour that trade talks were back on track.",
        "\u201cWe settled this during our previous meeting in Geneva,\u201d Lighthizer said.",
    ],
)
def test_dinners_and_earlier_meetings(derive_text: DeriveText, body: str) -> None:
    negotiation = "us-china" if "Xi" in body or "Lighthizer" in body else "brexit"
    events = derive_text(body, negotiation=negotiation, published=date(2019, 10, 17))
    assert len(events_of(events, "meeting_held")) == 1


def test_talks_that_broke_down_are_a_stall_not_a_round(derive_text: DeriveText) -> None:
    events = derive_text(
        "Talks broke down last Friday when Canada's trade minister walked out.",
        negotiation="nafta",
        published=date(2018, 10, 27),
    )
    assert events_of(events, "meeting_held") == []
    assert len(events_of(events, "talks_stalled")) == 1


def test_a_launch_years_before_is_not_the_summit_of_the_day(derive_text: DeriveText) -> None:
    events = derive_text(
        "Xi attended the fourth summit on the pact, held by video link. "
        "The signing came after thirty rounds of negotiation, which was launched in November 2012.",
        negotiation="us-china",
        published=date(2020, 11, 15),
    )
    dates = sorted(str(m.occurred) for m in events_of(events, "meeting_held"))
    assert dates == ["2012-11", "2020-11-15"]


# -- rounds scheduled ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "when"),
    [
        ("The fourth round will be hosted by Mexico in October.", "2017-10"),
        ("The next session is due to be hosted by Ottawa on Sept. 23.", "2017-09-23"),
        ("Another round of talks is set to be held by Washington in November.", "2017-11"),
    ],
)
def test_a_round_hosted_by_one_side_is_everyone_s(
    derive_text: DeriveText, body: str, when: str
) -> None:
    events = derive_text(body, negotiation="nafta", published=date(2017, 9, 5))
    schedules = events_of(events, "round_scheduled")
    assert [joint(s) for s in schedules] == ["CA+MX+US"]
    assert str(schedules[0].scheduled_for) == when


@pytest.mark.parametrize(
    "body",
    [
        "It is unclear whether the next round will be hosted by Mexico.",
        "Mexico hopes the fourth round will be hosted by Mexico City.",
    ],
)
def test_doubtful_hosting_sets_no_round(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, negotiation="nafta", published=date(2017, 9, 5))
    assert events_of(events, "round_scheduled") == []


@pytest.mark.parametrize(
    "body",
    [
        "Talks resume next week in Washington.",
        "Negotiations reconvene next month in Mexico City.",
        "The round restarts later this month in Ottawa.",
    ],
)
def test_talks_resuming_ahead(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, negotiation="nafta", published=date(2017, 9, 5))
    assert [joint(s) for s in events_of(events, "round_scheduled")] == ["CA+MX+US"]


def test_talks_that_resumed_are_no_schedule(derive_text: DeriveText) -> None:
    events = derive_text(
        "Talks resumed last week in Washington.", negotiation="nafta", published=date(2017, 9, 5)
    )
    assert events_of(events, "round_scheduled") == []


@pytest.mark.parametrize(
    "body",
    [
        "The signing summit in Brussels has been cancelled.",
        "The EU-Canada summit will not go ahead as planned on Thursday.",
        "Brussels called off Thursday's summit at short notice.",
        "Thursday's session was postponed.",
    ],
)
def test_a_called_off_meeting_is_a_negative_schedule(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, negotiation="nafta", published=date(2016, 10, 25))
    schedules = events_of(events, "round_scheduled")
    assert [s.polarity for s in schedules] == ["negative"]


@pytest.mark.parametrize(
    "body",
    [
        "Trump cancelled a planned meeting with Kim Jong Un.",
        "Washington called off a new round of tariffs on Chinese goods.",
        "Protesters threatened to have the summit cancelled.",
    ],
)
def test_other_cancellations_are_no_schedule(derive_text: DeriveText, body: str) -> None:
    events = derive_text(body, negotiation="us-china", published=date(2019, 12, 13))
    assert events_of(events, "round_scheduled") == []


def test_two_rounds_set_for_different_dates_stay_two(derive_text: DeriveText) -> None:
    events = derive_text(
        "The next round will be held in Ottawa in September. "
        "Ministers will meet again in Mexico City in November.",
        negotiation="nafta",
        published=date(2017, 8, 21),
    )
    dates = sorted(str(s.scheduled_for) for s in events_of(events, "round_scheduled"))
    assert dates == ["2017-09", "2017-11"]


# -- parties the shipped catalog may lack ---------------------------------------------------

_EXTRA = """
parties:
  AU: {name: Australia, aliases: [Australia, Australian, Canberra]}
  IN: {name: India, aliases: [India, Indian, New Delhi]}
negotiations:
  au-in: {name: Australia-India trade agreement, aliases: [Australia-India FTA], parties: [AU, IN]}
"""


def test_rules_work_for_a_negotiation_of_any_parties(tmp_path: Path) -> None:
    extra = tmp_path / "catalog.yaml"
    extra.write_text(_EXTRA, encoding="utf-8")
    catalog = load_catalog(extra)
    body = (
        "Australia and India formally launched the Australia-India FTA talks in Canberra on "
        "Monday. The second round will be hosted by New Delhi in July."
    )
    events = derive(make_article(body, published=date(2021, 5, 12), negotiation="au-in"), catalog)
    assert [joint(m) for m in events_of(events, "meeting_held")] == ["AU+IN"]
    schedules = events_of(events, "round_scheduled")
    assert [(joint(s), str(s.scheduled_for)) for s in schedules] == [("AU+IN", "2021-07")]
