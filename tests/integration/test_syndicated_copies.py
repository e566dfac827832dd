"""Syndicated copies and the identity of what is stored (issue 12, item 3), on SQLite and
PostgreSQL.

The same text under another id (one wire story run by two outlets) is its own article with
its own events (derived event ids include the article id), and the state counts the copies
as one independent source, as it counts copies of a declared wire. The path a file was read
from is no part of any payload, so ingests of the same files spelled as absolute and as
relative paths store the same events. Stores written before (``article_ingested`` version 2
with ``source_path``, derived event ids without the article id) still read, re-ingest as a
no-op, and re-derive without duplicating what they hold.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select, update

from timeline import DuplicateEventError, Timeline
from timeline.app import article_stream
from timeline.domain.envelope import NewEvent
from timeline.domain.events import ArticleIngested, EventRetracted, MeetingHeld, NegotiationEvent
from timeline.domain.values import Derivation, Evidence
from timeline.store.engine import open_engine
from timeline.store.schema import events as events_table

STORY = """\
Canada on Monday rejected a US proposal to widen access to its dairy market, its trade
minister said. The two sides met in Ottawa on Friday for a fifth round of talks.
"""
OTHER_STORY = """\
Ottawa turned down on Monday the US request for wider access to Canadian dairy, a Canadian
official said after the talks.
"""


def write(folder: Path, article_id: str, outlet: str, text: str = STORY) -> Path:
    path = folder / f"{article_id}.md"
    path.write_text(
        f"---\nid: {article_id}\noutlet: {outlet}\npublished: 2018-03-05\n"
        f"negotiation: nafta\n---\n{text}",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def timeline(database_url: str) -> Iterator[Timeline]:
    with Timeline.open(database_url) as opened:
        yield opened


def active(timeline: Timeline, article_id: str) -> list[NegotiationEvent]:
    recorded = timeline.recorder.read_stream(article_stream(article_id))
    retracted = {
        r.event.retracted_event_id for r in recorded if isinstance(r.event, EventRetracted)
    }
    return [
        r.event
        for r in recorded
        if isinstance(r.event, NegotiationEvent) and r.event_id not in retracted
    ]


def test_a_syndicated_copy_is_its_own_article_and_counts_once(
    timeline: Timeline, tmp_path: Path
) -> None:
    report = timeline.ingest(
        [write(tmp_path, "daily-story", "Daily Post"), write(tmp_path, "herald-copy", "Herald")]
    )

    assert [o.status for o in report.outcomes] == ["ingested", "ingested"], report.outcomes
    copy = active(timeline, "herald-copy")
    assert copy and {e.evidence[0].article_id for e in copy} == {"herald-copy"}
    [proposal] = timeline.state("nafta").proposals.values()
    assert {s.article_id for s in proposal.sources} == {"daily-story", "herald-copy"}
    assert {s.outlet for s in proposal.sources} == {"Daily Post", "Herald"}
    assert proposal.independent_sources == 1
    made = next(row for row in timeline.events("nafta") if row.type == "proposal_made")
    assert made.independent_sources == 1
    assert timeline.projections.verify() == []


def test_two_outlets_with_texts_of_their_own_count_twice(
    timeline: Timeline, tmp_path: Path
) -> None:
    """The copy rule is about one text: two outlets' own reports stay two sources."""
    timeline.ingest(
        [
            write(tmp_path, "daily-story", "Daily Post"),
            write(tmp_path, "herald-own", "Herald", OTHER_STORY),
        ]
    )
    rejections = [
        fact
        for fact in timeline.state("nafta").proposals.values()
        if {s.article_id for s in fact.answer_sources} == {"daily-story", "herald-own"}
    ]
    sources = {s.origin for fact in rejections for s in fact.answer_sources}
    assert sources == {"daily post", "herald"}


def test_an_id_stored_with_other_content_names_the_stream_that_holds_it(
    timeline: Timeline,
) -> None:
    event_id = uuid.uuid5(uuid.NAMESPACE_URL, "timeline-test/duplicate")
    quote = Evidence(article_id="a", start=0, end=4, quote="Talk")

    def meeting(subject: str) -> NewEvent:
        event = MeetingHeld(
            negotiation="nafta",
            subject=subject,
            reported_on="2018-03-05",
            evidence=(quote,),
            derivation=Derivation(rule_id="test.rule", extractor_version="test"),
        )
        return NewEvent(event_id=event_id, event=event)

    timeline.recorder.append("article:first", [meeting("a round")], expected_version=0)
    with pytest.raises(DuplicateEventError) as raised:
        timeline.recorder.append("article:second", [meeting("another")], expected_version=0)

    assert (raised.value.stream_id, raised.value.appending_to) == (
        "article:first",
        "article:second",
    )
    assert "stream 'article:first'" in str(raised.value)
    assert timeline.recorder.stream_version("article:second") == 0


def _log(timeline: Timeline) -> list[tuple[str, str, str, str]]:
    return [
        (r.stream_id, str(r.event_id), r.event.model_dump_json(), r.metadata.model_dump_json())
        for r in timeline.recorder.read_all()
    ]


def test_ingests_by_absolute_and_relative_paths_store_the_same_events(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    write(folder, "daily-story", "Daily Post")
    write(folder, "herald-copy", "Herald")
    monkeypatch.chdir(tmp_path)
    with Timeline.open(database_url) as timeline:
        first = timeline.ingest([folder.resolve()])
        logged = _log(timeline)
    with Timeline.open(database_url) as timeline:
        again = timeline.ingest([Path("articles")])
        relogged = _log(timeline)
    with Timeline.in_memory() as elsewhere:
        elsewhere.ingest([Path(os.path.relpath(folder))])
        fresh = _log(elsewhere)

    assert first.ok and again.ok
    assert [o.status for o in again.outcomes] == ["unchanged", "unchanged"]
    assert relogged == logged
    assert [entry[1:] for entry in fresh] == [entry[1:] for entry in logged]
    assert not any("articles" in payload for _, _, payload, _ in logged)


def _make_old(database_url: str) -> None:
    """Rewrite the store as the code before this change wrote it: ``article_ingested`` at
    schema version 2 with the file's path, derived events under ids of another scheme."""
    engine = open_engine(database_url)
    try:
        with engine.begin() as conn:
            rows = conn.execute(
                select(events_table.c.position, events_table.c.type, events_table.c.payload,
                       events_table.c.event_id)
            ).all()  # fmt: skip
            for position, type_name, payload, event_id in rows:
                values: dict[str, object]
                if type_name == "article_ingested":
                    data = json.loads(payload)
                    data["source_path"] = f"/home/someone/articles/{data['article_id']}.md"
                    values = {"schema_version": 2, "payload": json.dumps(data)}
                else:
                    values = {"event_id": uuid.uuid5(uuid.NAMESPACE_URL, f"old-scheme/{event_id}")}
                conn.execute(
                    update(events_table).where(events_table.c.position == position).values(values)
                )
    finally:
        engine.dispose()


def _proposals(timeline: Timeline) -> list[tuple[object, ...]]:
    return sorted(
        (p.proposer, p.addressee, p.kind, p.subject, p.status, p.answered_by, len(p.sources))
        for p in timeline.state("nafta").proposals.values()
    )


def test_a_store_written_before_still_reads_reingests_and_rederives(
    database_url: str, tmp_path: Path
) -> None:
    files = [write(tmp_path, "daily-story", "Daily Post"), write(tmp_path, "herald-copy", "Herald")]
    with Timeline.open(database_url) as timeline:
        timeline.ingest(files[:1])
        expected = _proposals(timeline)
    _make_old(database_url)

    with Timeline.open(database_url) as timeline:
        timeline.projections.rebuild()
        [stored] = timeline.articles(["daily-story"]).values()
        assert isinstance(stored, ArticleIngested)
        old_proposals = _proposals(timeline)
        assert timeline.projections.verify() == []
        for path in timeline.fields("nafta"):
            timeline.explain("nafta", path)
        reingest = timeline.ingest(files)
        before = active(timeline, "daily-story")

        timeline.knowledge = replace(timeline.knowledge, rules="edited-rules")
        outcome = timeline.rederive(["daily-story"]).outcomes[0]
        after = active(timeline, "daily-story")
        state = timeline.state("nafta")

    assert [o.status for o in reingest.outcomes] == ["unchanged", "ingested"]
    assert old_proposals == expected
    assert outcome.status == "rederived" and (outcome.appended, outcome.retracted) == (0, 0)
    assert after == before  # the same content under old ids: kept, neither doubled nor dropped
    [proposal] = state.proposals.values()
    assert proposal.independent_sources == 1
    assert len([s for s in proposal.sources if s.article_id == "daily-story"]) == len(
        [s for s in proposal.sources if s.article_id == "herald-copy"]
    )


def test_rederiving_old_id_events_whose_content_changed_retracts_them_and_appends_new(
    database_url: str, tmp_path: Path
) -> None:
    more = Path(__file__).resolve().parents[1] / "fixtures" / "catalogs" / "fictional_parties.yaml"
    lamb = tmp_path / "lamb.md"
    lamb.write_text(
        "---\nid: lamb\noutlet: Test Wire\npublished: 2024-05-14\nnegotiation: eu-freedonia\n"
        "---\nBrussels on May 3 proposed to let in more Freedonian lamb under a trade deal.\n"
        "Freedonia on Sunday turned down the EU's offer, its trade minister said.\n",
        encoding="utf-8",
    )
    with Timeline.open(database_url) as timeline:
        timeline.ingest([lamb])
    _make_old(database_url)
    with Timeline.open(database_url) as timeline:
        old_ids = {r.event_id for r in timeline.recorder.read_stream(article_stream("lamb"))}
    with Timeline.open(database_url, catalog_path=more) as timeline:
        outcome = timeline.rederive(["lamb"]).outcomes[0]
        stream = timeline.recorder.read_stream(article_stream("lamb"))
        fresh = Timeline.in_memory(catalog_path=more)
        fresh.ingest([lamb])
        wanted = sorted(e.model_dump_json() for e in active(fresh, "lamb"))
        got = sorted(e.model_dump_json() for e in active(timeline, "lamb"))

    retracted = {r.event.retracted_event_id for r in stream if isinstance(r.event, EventRetracted)}
    assert outcome.status == "rederived" and outcome.appended > 0 and outcome.retracted > 0
    assert retracted and retracted <= old_ids
    assert got == wanted
