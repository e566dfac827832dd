"""The KORUS renegotiation of 2017 from real articles: the seeds and dev 01-07 (issue 9).

A user ingests the seed articles first (as ``tasks.py demo`` does), then the seven KORUS
articles of ``../shared/corpus/dev`` one by one in their file order, which is not the order of
publication (the Aug 22 reports come before the April to July run-up). The state at several
world dates must say what those articles say:

- by April 30: the US President's threat (April 27) to leave the agreement unless it is
  renegotiated, a US call to renegotiate, the agreement in force since 2012 and approved by
  the US Congress, no meeting yet;
- by July 1: the Trump-Moon summit of June 30 held;
- by July 26: Seoul's acceptance (July 25) of the USTR's July 12 request for a special session;
- on August 22: the special session held in Seoul, reported by six independent origins; no
  agreement (talks stalled); no date set for the next meeting; a US proposal rejected by
  Seoul; Seoul's proposal of a joint study of the agreement's effects; the 180-day
  termination clause; the US goods deficit of 2016 given as $27.6bn.

The last tests check that the rejection of August 22 answers the proposal to amend the
deal (the sentence that reports the rejection names it), and that the state does not depend
on the order in which the articles were ingested.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from real_corpus import SEEDS, corpus_articles

from timeline import Timeline
from timeline.audit import field_paths
from timeline.domain.values import WorldDate
from timeline.domain.views import NONE_SCHEDULED, UNKNOWN, NegotiationState, Proposal

AP_SEED = "ap-2017-08-22-korea-says-no"
KORUS_ARTICLES = ("01-", "02-", "03-", "04-", "05-", "06-", "07-")
SESSION = date(2017, 8, 22)


def _korus_articles() -> list[Path]:
    return corpus_articles("dev", KORUS_ARTICLES)


def _ingest(timeline: Timeline, batches: list[list[Path]]) -> None:
    for batch in batches:
        report = timeline.ingest(batch)
        assert report.ok, [outcome.error for outcome in report.failed]


@pytest.fixture(scope="module")
def timeline() -> Iterator[Timeline]:
    """The seeds, then each KORUS article of dev in its file order."""
    articles = _korus_articles()
    assert len(articles) == 7
    with Timeline.in_memory() as opened:
        _ingest(opened, [[SEEDS], *([path] for path in articles)])
        yield opened


def _text(value: object) -> object:
    """A typed date as the articles write it (``2017-08-22``); other values as they are."""
    return str(value) if isinstance(value, WorldDate) else value


def _proposals(state: NegotiationState, **wanted: object) -> list[Proposal]:
    return [
        p
        for p in state.proposals.values()
        if all(_text(getattr(p, name)) == value for name, value in wanted.items())
    ]


def test_by_april_30_trump_had_threatened_to_leave_and_called_for_a_renegotiation(
    timeline: Timeline,
) -> None:
    state = timeline.state("korus", as_of=date(2017, 4, 30))
    # 01 dates the threat to April, 05 to the day of the interview: the fact takes the
    # most precise date, whichever article was ingested first
    assert [(t.actor, str(t.date)) for t in state.withdrawal_threats] == [("US", "2017-04-27")]
    assert _proposals(state, proposer="US", addressee="KR", made_on="2017-04-27")
    assert state.agreement.in_force_since == WorldDate(year=2012)
    assert "US" in state.agreement.ratified_by
    assert state.meetings_held == ()
    assert state.next_meeting.value == UNKNOWN
    assert state.stalls == ()


def test_by_july_1_the_summit_of_june_30_was_held(timeline: Timeline) -> None:
    state = timeline.state("korus", as_of=date(2017, 7, 1))
    [summit] = state.meetings_held
    assert (str(summit.date), summit.parties) == ("2017-06-30", "KR+US")
    assert {s.article_id[:3] for s in summit.sources} == {"02-", "06-"}


def test_by_july_26_seoul_had_accepted_the_request_of_july_12_for_a_special_session(
    timeline: Timeline,
) -> None:
    state = timeline.state("korus", as_of=date(2017, 7, 26))
    [request] = _proposals(state, proposer="US", made_on="2017-07-12")
    assert (request.status, request.answered_by, str(request.answered_on)) == (
        "accepted",
        "KR",
        "2017-07-25",
    )
    assert [str(m.date) for m in state.meetings_held] == ["2017-06-30"]


def test_on_august_22_the_special_session_was_held_in_seoul_and_ended_without_agreement(
    timeline: Timeline,
) -> None:
    state = timeline.state("korus", as_of=SESSION)
    session = [m for m in state.meetings_held if str(m.date) == "2017-08-22"]
    assert len(session) == 1
    reporting = {source.article_id for source in session[0].sources}
    assert {AP_SEED, "gulfnews-1.2078485"} <= reporting
    assert {a[:3] for a in reporting} >= {"01-", "02-", "03-", "04-"}
    assert session[0].independent_sources == 6  # AP, Bloomberg, Reuters, AFP, Herald, Xinhua
    assert [str(s.date) for s in state.stalls] == ["2017-08-22"]
    assert state.next_meeting.value == NONE_SCHEDULED
    assert _proposals(state, proposer="US", status="rejected", answered_by="KR")
    assert _proposals(state, proposer="KR", kind="joint_study", made_on="2017-08-22")
    assert state.termination_clause.notice_days == 180
    assert state.termination_clause.invoked is False
    deficit = state.figures["goods_deficit.2016"]
    assert 27.6 in {value.value for value in deficit.values}
    for path in field_paths(state):
        timeline.explain("korus", path, as_of=SESSION)


def test_known_just_after_the_seeds_august_22_is_the_seeds_own_account(
    timeline: Timeline,
) -> None:
    seeds_only = timeline.position_after("gulfnews-1.2078485")
    state = timeline.state("korus", as_of=SESSION, known_at=seeds_only)
    assert state.status.value == "stalled"
    [rejected] = _proposals(state, status="rejected")
    assert (rejected.proposer, rejected.answered_by) == ("US", "KR")
    assert {s.article_id for s in rejected.sources} <= {AP_SEED, "gulfnews-1.2078485"}


def test_with_every_article_august_22_is_still_stalled(timeline: Timeline) -> None:
    assert timeline.state("korus", as_of=SESSION).status.value == "stalled"


def test_with_every_article_the_proposal_seoul_rejected_is_the_one_to_amend_the_deal(
    timeline: Timeline,
) -> None:
    state = timeline.state("korus", as_of=SESSION)
    [rejected] = _proposals(state, status="rejected", answered_by="KR")
    assert AP_SEED in {s.article_id for s in rejected.sources}


def _summary(state: NegotiationState) -> object:
    """What the state says, without the ids and positions that depend on store order."""
    return (
        state.status.value,
        state.next_meeting.value,
        sorted(
            (p.kind, p.proposer, str(p.made_on), p.status, p.answered_by, str(p.answered_on))
            for p in state.proposals.values()
        ),
        sorted((str(m.date), m.independent_sources) for m in state.meetings_held),
        sorted((key, figure.status) for key, figure in state.figures.items()),
    )


def test_the_order_of_ingestion_does_not_change_what_the_state_says(timeline: Timeline) -> None:
    by_name = {path.name[:3]: path for path in _korus_articles()}
    published_order = [by_name[k] for k in ("05-", "06-", "07-")]
    published_order += [SEEDS, *(by_name[k] for k in ("01-", "02-", "03-", "04-"))]
    with Timeline.in_memory() as other:
        _ingest(other, [[path] for path in published_order])
        for day in (date(2017, 4, 30), date(2017, 7, 26), SESSION, None):
            assert _summary(other.state("korus", as_of=day)) == _summary(
                timeline.state("korus", as_of=day)
            ), f"as of {day}"
