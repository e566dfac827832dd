"""Deriving stored articles again when the catalog (or the rules) change, on SQLite and PostgreSQL.

The articles are the project's own text about two fictional countries. The catalog file
tests/fixtures/catalogs/fictional_parties.yaml adds them, standing in for a user's catalog.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from timeline import ArticleError, Timeline
from timeline.app import article_stream
from timeline.domain.events import (
    ArticleIngested,
    ArticleRederived,
    EventRetracted,
    NegotiationEvent,
)

MORE_PARTIES = (
    Path(__file__).resolve().parents[1] / "fixtures" / "catalogs" / "fictional_parties.yaml"
)

LAMB = """---
id: lamb-2024-05-14
outlet: Test Wire
published: 2024-05-14
negotiation: eu-freedonia
---
Brussels on May 3 proposed to let in more Freedonian lamb under a free trade agreement.
Freedonia on Sunday turned down the EU's offer, its trade minister said.
The two sides met in Perth on Sunday. They will meet again in Rome on June 2, officials said.
"""

NO_FRONT_MATTER_NEGOTIATION = """---
id: dairy-2024-06-01
outlet: Test Wire
published: 2024-06-01
---
Negotiators resumed work on a free trade deal between Sylvania and the European Union on Friday.
Sylvania rejected the EU's request to cut dairy tariffs, a Sylvanian official said.
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def negotiation_events(timeline: Timeline, article_id: str) -> list[NegotiationEvent]:
    """The article's events that no retraction has withdrawn."""
    recorded = timeline.recorder.read_stream(article_stream(article_id))
    retracted = {
        r.event.retracted_event_id for r in recorded if isinstance(r.event, EventRetracted)
    }
    return [
        r.event
        for r in recorded
        if isinstance(r.event, NegotiationEvent) and r.event_id not in retracted
    ]


def test_a_negotiation_the_catalog_lacks_is_created_from_the_front_matter(
    database_url: str, tmp_path: Path
) -> None:
    with Timeline.open(database_url) as timeline:
        outcome = timeline.ingest([write(tmp_path, "lamb.md", LAMB)]).outcomes[0]

        assert outcome.negotiation == "eu-freedonia"
        assert "eu-freedonia" in timeline.negotiations()
        assert timeline.state("eu-freedonia").negotiation == "eu-freedonia"


def test_a_catalog_entry_added_later_rederives_with_retractions_and_new_events_in_the_replay(
    database_url: str, tmp_path: Path
) -> None:
    article = write(tmp_path, "lamb.md", LAMB)
    with Timeline.open(database_url) as before:
        before.ingest([article])
        first = negotiation_events(before, "lamb-2024-05-14")
        unchanged = before.rederive(["eu-freedonia"]).outcomes[0]
    assert unchanged.status == "unchanged"
    assert not any(e.type == "proposal_rejected" for e in first)  # Freedonia is no party yet

    with Timeline.open(database_url, catalog_path=MORE_PARTIES) as after:
        report = after.rederive(["eu-freedonia"])
        outcome = report.outcomes[0]
        steps = list(after.replay("eu-freedonia"))
        state = after.state("eu-freedonia")
        again = after.rederive(["lamb-2024-05-14"]).outcomes[0]
        summaries = {s.id: s for s in after.negotiation_summaries()}

    assert (outcome.status, outcome.because) == ("rederived", ("catalog",))
    assert outcome.retracted > 0 and outcome.appended > 0
    kinds = [step.type for step in steps]
    assert kinds.count("article_rederived") == 1
    marker = kinds.index("article_rederived")
    assert "catalog" in steps[marker].summary
    assert "proposal_rejected" in kinds[marker:]
    retractions = [s for s in steps if s.type == "event_retracted"]
    assert len(retractions) == outcome.retracted
    assert all("change of catalog" in s.summary for s in retractions)
    assert state.parties == ("EU", "FD")
    rejected = [p for p in state.proposals.values() if p.status == "rejected"]
    assert rejected and rejected[0].proposer == "EU"
    assert again.status == "unchanged"
    listed = summaries["eu-freedonia"]
    assert (listed.parties, listed.source, listed.articles) == (("EU", "FD"), "articles", 1)
    assert listed.name == "European Union–Freedonia"
    assert listed.events == outcome.appended + len(first) - outcome.retracted
    assert (listed.first, listed.last) == ("2024-05-03", "2024-05-12")


def test_reingesting_with_another_catalog_derives_again(database_url: str, tmp_path: Path) -> None:
    article = write(tmp_path, "lamb.md", LAMB)
    with Timeline.open(database_url) as timeline:
        timeline.ingest([article])
    with Timeline.open(database_url, catalog_path=MORE_PARTIES) as timeline:
        outcome = timeline.ingest([article]).outcomes[0]
        repeat = timeline.ingest([article]).outcomes[0]

    assert (outcome.status, outcome.because) == ("rederived", ("catalog",))
    assert repeat.status == "unchanged"


def test_an_unassigned_article_moves_to_the_negotiation_its_text_names_once_parties_exist(
    database_url: str, tmp_path: Path
) -> None:
    article = write(tmp_path, "dairy.md", NO_FRONT_MATTER_NEGOTIATION)
    with Timeline.open(database_url) as timeline:
        assert timeline.ingest([article]).outcomes[0].negotiation == "unassigned"
    with Timeline.open(database_url, catalog_path=MORE_PARTIES) as timeline:
        outcome = timeline.rederive(["unassigned"]).outcomes[0]
        summaries = {s.id: s for s in timeline.negotiation_summaries()}
        state = timeline.state("eu-sy")
        stream = timeline.recorder.read_stream(article_stream("dairy-2024-06-01"))

    assert outcome.negotiation == "eu-sy"
    assert "unassigned" not in summaries  # nothing is filed there any more
    assert summaries["eu-sy"].parties == ("EU", "SY")
    assert summaries["eu-sy"].articles == 1
    assert state.parties == ("EU", "SY")
    markers = [r.event for r in stream if isinstance(r.event, ArticleRederived)]
    assert [(m.negotiation, m.negotiation_parties) for m in markers] == [("eu-sy", ("EU", "SY"))]
    assert isinstance(stream[0].event, ArticleIngested)
    assert stream[0].event.negotiation == "unassigned"  # the first filing stays as it was


def test_an_event_retracted_and_derived_again_later_comes_back_under_a_fresh_id(
    database_url: str, tmp_path: Path
) -> None:
    article = write(tmp_path, "lamb.md", LAMB)
    with Timeline.open(database_url) as timeline:
        timeline.ingest([article])
        original = {e.subject for e in negotiation_events(timeline, "lamb-2024-05-14")}
    with Timeline.open(database_url, catalog_path=MORE_PARTIES) as timeline:
        timeline.rederive()
    with Timeline.open(database_url) as timeline:
        back = timeline.rederive().outcomes[0]
        events = negotiation_events(timeline, "lamb-2024-05-14")
        stream = timeline.recorder.read_stream(article_stream("lamb-2024-05-14"))

    assert back.status == "rederived" and back.appended > 0
    assert {e.subject for e in events} == original
    ids = [r.event_id for r in stream]
    assert len(ids) == len(set(ids))


def test_a_rule_change_is_named_as_the_reason(database_url: str, tmp_path: Path) -> None:
    with Timeline.open(database_url) as timeline:
        timeline.ingest([write(tmp_path, "lamb.md", LAMB)])
        timeline.knowledge = replace(timeline.knowledge, rules="edited-rules")
        outcome = timeline.rederive().outcomes[0]

    assert (outcome.status, outcome.because, outcome.appended, outcome.retracted) == (
        "rederived",
        ("rules",),
        0,
        0,
    )


def test_rederive_refuses_a_name_that_is_neither_a_negotiation_nor_an_article(
    database_url: str, tmp_path: Path
) -> None:
    with Timeline.open(database_url) as timeline:
        timeline.ingest([write(tmp_path, "lamb.md", LAMB)])
        with pytest.raises(ArticleError, match="neither a negotiation nor an ingested article"):
            timeline.rederive(["eu-atlantis"])


KORUS_ARTICLE = """---
id: wire-2017-08-23-korus
outlet: Test Wire
published: 2017-08-23
---
South Korea on Tuesday rejected the US proposal to amend the KORUS FTA, its trade minister said.
"""


def test_rederive_takes_a_catalog_alias_and_suggests_the_nearest_names(
    database_url: str, tmp_path: Path
) -> None:
    with Timeline.open(database_url) as timeline:
        timeline.ingest([write(tmp_path, "korus.md", KORUS_ARTICLE)])
        by_alias = timeline.rederive(["KORUS FTA"])
        assert [o.article_id for o in by_alias.outcomes] == ["wire-2017-08-23-korus"]
        with pytest.raises(ArticleError, match="did you mean 'korus'\\?"):
            timeline.rederive(["koruss"])
        with pytest.raises(ArticleError, match="did you mean 'wire-2017-08-23-korus'\\?"):
            timeline.rederive(["wire-2017-08-23-koru"])
