"""An article filed under one negotiation may state events of another (issue 12, item 1).

An article about NAFTA that mentions KORUS is stored under ``nafta``; the KORUS events it
yields cite it. The KORUS state then needs that article's metadata from the index's ``a/``
document, which holds the payload without its text: reading it must not require the text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from uuid import NAMESPACE_URL, uuid5

import pytest

from timeline import Timeline
from timeline.domain.envelope import NewEvent
from timeline.domain.events import (
    ArticleIngested,
    DomainEvent,
    MeetingHeld,
    ProposalMade,
    ProposalRejected,
)
from timeline.domain.values import Derivation, Evidence

TEXT = (
    "Negotiators of the three countries met again on Monday for another round on the "
    "continental trade pact. Separately, Seoul turned down on Friday a call from Washington "
    "to reopen its own bilateral deal."
)
ARTICLE = "wire-story-about-nafta"
DAY = date(2018, 3, 2)


def _quote(fragment: str) -> Evidence:
    start = TEXT.index(fragment)
    return Evidence(article_id=ARTICLE, start=start, end=start + len(fragment), quote=fragment)


def made(name: str, event: DomainEvent) -> NewEvent:
    return NewEvent(event_id=uuid5(NAMESPACE_URL, f"cross/{name}"), event=event)


def _events() -> list[NewEvent]:
    derivation = Derivation(rule_id="test.rule", extractor_version="test")
    return [
        made(
            "article",
            ArticleIngested(
                article_id=ARTICLE,
                published=DAY,
                outlet="Some Daily",
                wire="Some Wire",
                negotiation="nafta",
                negotiations=("nafta",),
                text=TEXT,
                sha256=hashlib.sha256(TEXT.encode()).hexdigest(),
                extractor_version="test",
            ),
        ),
        made(
            "meeting",
            MeetingHeld(
                negotiation="nafta",
                actor="CA+MX+US",
                subject="another round",
                occurred="2018-02-26",
                reported_on=DAY,
                evidence=(_quote("Negotiators of the three countries met again on Monday"),),
                derivation=derivation,
            ),
        ),
        made(
            "proposal",
            ProposalMade(
                negotiation="korus",
                actor="US",
                target="KR",
                subject="US call to reopen the deal",
                occurred="2018-03",
                reported_on=DAY,
                evidence=(_quote("a call from Washington to reopen its own bilateral deal"),),
                derivation=derivation,
            ),
        ),
        made(
            "rejection",
            ProposalRejected(
                negotiation="korus",
                actor="KR",
                target="US",
                subject="KR turns down the US call to reopen the deal",
                occurred="2018-03-02",
                reported_on=DAY,
                evidence=(_quote("Seoul turned down on Friday a call from Washington"),),
                derivation=derivation,
            ),
        ),
    ]


@pytest.fixture
def timeline(database_url: str) -> Iterator[Timeline]:
    with Timeline.open(database_url) as opened:
        yield opened


def test_events_of_another_negotiation_in_an_article_give_that_negotiation_a_state(
    timeline: Timeline,
) -> None:
    timeline.recorder.append(f"article:{ARTICLE}", _events(), expected_version=0)

    state = timeline.state("korus")
    [proposal] = state.proposals.values()
    assert (proposal.proposer, proposal.status, proposal.answered_by) == ("US", "rejected", "KR")
    [source] = proposal.sources
    assert (source.outlet, source.wire, source.origin) == ("Some Daily", "Some Wire", "some wire")

    for path in timeline.fields("korus"):
        assert timeline.explain("korus", path).field == path
    assert timeline.state("korus", as_of=date(2018, 3, 1)).proposals
    assert [row.type for row in timeline.events("korus")] == ["proposal_made", "proposal_rejected"]
    assert len(list(timeline.replay("korus"))) == 2
    assert timeline.projections.verify() == []
    assert timeline.state("nafta").meetings_held


COPY_TEXT = "Seoul said no to the call from Washington to reopen the deal."
COPY = "wire-copy-filed-under-korus"


def _copy_of_the_wire_story() -> list[NewEvent]:
    """Another outlet's copy of the same wire story, filed under ``korus``, stating the
    proposal again: with the first article, one independent origin (the wire)."""
    quote = "the call from Washington to reopen the deal"
    start = COPY_TEXT.index(quote)
    return [
        made(
            "copy",
            ArticleIngested(
                article_id=COPY,
                published=DAY,
                outlet="Other Daily",
                wire="Some Wire",
                negotiation="korus",
                negotiations=("korus",),
                text=COPY_TEXT,
                sha256=hashlib.sha256(COPY_TEXT.encode()).hexdigest(),
                extractor_version="test",
            ),
        ),
        made(
            "copy-proposal",
            ProposalMade(
                negotiation="korus",
                actor="US",
                target="KR",
                subject="US call to reopen the deal",
                occurred="2018-03",
                reported_on=DAY,
                evidence=(
                    Evidence(article_id=COPY, start=start, end=start + len(quote), quote=quote),
                ),
                derivation=Derivation(rule_id="test.rule", extractor_version="test"),
            ),
        ),
    ]


def test_events_and_replay_know_the_outlet_of_an_article_filed_under_another_negotiation(
    timeline: Timeline,
) -> None:
    """``state`` reads the metadata of a cited article of another negotiation from the index;
    ``events`` and ``replay`` must see the same, or they count its wire as another origin."""
    timeline.recorder.append(f"article:{ARTICLE}", _events(), expected_version=0)
    timeline.recorder.append(f"article:{COPY}", _copy_of_the_wire_story(), expected_version=0)

    [proposal] = timeline.state("korus").proposals.values()
    assert {s.article_id for s in proposal.sources} == {ARTICLE, COPY}
    assert proposal.independent_sources == 1

    made_row = next(row for row in timeline.events("korus") if row.type == "proposal_made")
    assert [s.outlet for s in made_row.sources] == ["Some Daily", "Other Daily"]
    assert made_row.independent_sources == 1

    path = f"proposals.{proposal.id}.independent_sources"
    replayed = [
        c.after for step in timeline.replay("korus") for c in step.changes if c.path == path
    ]
    assert replayed[-1] == 1


NAFTA_ARTICLE = """---
id: nafta-round-mentions-korus
published: 2018-03-02
outlet: Some Daily
negotiation: nafta
---
Negotiators from Canada, Mexico and the United States met in Mexico City on Monday for another
round of talks on the continental pact.

Separately, South Korea rejected on Friday a US proposal to amend the KORUS FTA, a trade
ministry official in Seoul said.
"""


def test_an_ordinary_ingest_of_an_article_naming_another_negotiation_gives_both_a_state(
    timeline: Timeline, tmp_path: Path
) -> None:
    """The issue's repro: ingest a NAFTA article whose text also tells a KORUS event."""
    path = tmp_path / "nafta.md"
    path.write_text(NAFTA_ARTICLE, encoding="utf-8")
    assert timeline.ingest([path]).ok

    state = timeline.state("korus")
    assert any(s.article_id == "nafta-round-mentions-korus" for p in state.proposals.values()
               for s in p.sources)  # fmt: skip
    for field in timeline.fields("korus"):
        timeline.explain("korus", field)
    assert timeline.events("korus") and list(timeline.replay("korus"))
    assert timeline.state("nafta").meetings_held
    assert timeline.projections.verify() == []
