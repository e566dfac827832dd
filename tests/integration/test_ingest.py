"""Ingesting articles through the facade, on SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from timeline import (
    ArticleError,
    ConcurrencyError,
    Timeline,
    UnknownFieldError,
    UnknownNegotiationError,
)
from timeline.app import article_stream
from timeline.derivation import ingestion
from timeline.domain.events import ArticleIngested, EventRetracted

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
AP = "ap-2017-08-22-korea-says-no"
GULF = "gulfnews-1.2078485"

ARTICLE = """---
id: {id}
outlet: Test Wire
published: 2019-03-04
---
Canada rejected a US proposal to extend the dairy quota, its trade minister said Monday.
The agreement can be terminated by either party with six months notice.
"""


@pytest.fixture
def timeline(database_url: str) -> Iterator[Timeline]:
    with Timeline.open(database_url) as opened:
        yield opened


def stored_count(timeline: Timeline) -> int:
    return sum(1 for _ in timeline.recorder.read_all())


def test_ingesting_the_seeds_stores_each_article_with_its_events(timeline: Timeline) -> None:
    report = timeline.ingest([SEEDS])

    assert report.ok
    assert [o.article_id for o in report.outcomes] == [AP, GULF]
    first = timeline.recorder.read_stream(article_stream(AP))
    assert isinstance(first[0].event, ArticleIngested)
    assert (
        first[0].event.text
        == (SEEDS / "2017-08-22-ap-korea-says-no.md")
        .read_text(encoding="utf-8")
        .split("---\n", 2)[2]
    )
    assert report.events_by_type()["proposal_rejected"] >= 2


def test_every_stored_quote_is_the_stored_text_at_its_span(timeline: Timeline) -> None:
    timeline.ingest([SEEDS])
    texts = {
        e.event.article_id: e.event.text
        for e in timeline.recorder.read_all()
        if isinstance(e.event, ArticleIngested)
    }
    checked = 0
    for recorded in timeline.recorder.read_all():
        for evidence in getattr(recorded.event, "evidence", ()):
            assert texts[evidence.article_id][evidence.start : evidence.end] == evidence.quote
            checked += 1
    assert checked > 20


def test_reingesting_the_same_articles_is_a_no_op(timeline: Timeline) -> None:
    timeline.ingest([SEEDS])
    before = stored_count(timeline)

    again = timeline.ingest([SEEDS])

    assert {o.status for o in again.outcomes} == {"unchanged"}
    assert stored_count(timeline) == before


def test_same_id_with_other_text_is_an_error_and_writes_nothing(
    timeline: Timeline, tmp_path: Path
) -> None:
    timeline.ingest([SEEDS])
    before = stored_count(timeline)
    altered = tmp_path / "altered.md"
    original = (SEEDS / "2017-08-22-ap-korea-says-no.md").read_text(encoding="utf-8")
    altered.write_text(original.replace("sixth-largest", "fifth-largest"), encoding="utf-8")

    report = timeline.ingest([altered])

    assert not report.ok
    assert "altered.md" in (report.failed[0].error or "")
    assert "different text" in (report.failed[0].error or "")
    assert stored_count(timeline) == before


def test_a_folder_with_bad_files_reports_each_and_ingests_the_good_ones(
    timeline: Timeline, tmp_path: Path
) -> None:
    (tmp_path / "a-good.md").write_text(ARTICLE.format(id="good-1"), encoding="utf-8")
    (tmp_path / "b-no-front-matter.md").write_text("Just text.\n", encoding="utf-8")
    (tmp_path / "c-bad-date.md").write_text(
        "---\nid: x\npublished: someday\n---\nText.\n", encoding="utf-8"
    )
    (tmp_path / "d-latin1.md").write_bytes(
        "---\nid: y\npublished: 2019-01-01\n---\ncaf\xe9\n".encode("latin-1")
    )

    report = timeline.ingest([tmp_path])

    assert [o.status for o in report.outcomes] == ["ingested", "error", "error", "error"]
    for outcome in report.failed:
        assert outcome.path.split("/")[-1] in (outcome.error or "")
    assert {e.stream_id for e in timeline.recorder.read_all()} == {article_stream("good-1")}


def test_an_article_naming_no_known_negotiation_is_kept_as_unassigned(
    timeline: Timeline, tmp_path: Path
) -> None:
    path = tmp_path / "dairy.md"
    path.write_text(ARTICLE.format(id="dairy-1"), encoding="utf-8")

    report = timeline.ingest([path])

    assert report.outcomes[0].negotiation == "unassigned"
    assert "unassigned" in timeline.negotiations()


def test_a_newer_extractor_appends_new_events_and_retracts_dropped_ones(
    timeline: Timeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    timeline.ingest([SEEDS / "2017-08-22-ap-korea-says-no.md"])
    stored = [e for e in timeline.recorder.read_stream(article_stream(AP))]
    original = ingestion.derive_article

    def without_figures(article, catalog):  # type: ignore[no-untyped-def]
        derived = original(article, catalog)
        kept = [e for e in derived.events if e.type != "trade_figure_reported"]
        return ingestion.DerivedArticle(derived.negotiation, kept)

    monkeypatch.setattr("timeline.derivation.ingestion.derive_article", without_figures)
    timeline.knowledge = replace(timeline.knowledge, extractor_version="test-next")

    outcome = timeline.ingest([SEEDS / "2017-08-22-ap-korea-says-no.md"]).outcomes[0]

    figures = [e for e in stored if e.type == "trade_figure_reported"]
    assert outcome.status == "rederived"
    assert outcome.retracted == len(figures) > 0
    after = timeline.recorder.read_stream(article_stream(AP))
    assert after[: len(stored)] == stored  # nothing edited or deleted
    retracted = {e.event.retracted_event_id for e in after if isinstance(e.event, EventRetracted)}
    assert retracted == {e.event_id for e in figures}
    assert timeline.state("korus").figures == {}
    again = timeline.ingest([SEEDS / "2017-08-22-ap-korea-says-no.md"]).outcomes[0]
    assert again.status == "unchanged"


def test_known_at_shows_what_the_store_knew_after_each_article(timeline: Timeline) -> None:
    timeline.ingest([SEEDS])

    after_ap = timeline.state("korus", known_at=timeline.position_after(AP))
    after_gulf = timeline.state("korus", known_at=timeline.position_after(GULF))

    assert after_ap.termination_clause.notice_days == "unknown"
    assert after_gulf.termination_clause.notice_days == 180


def test_as_of_before_the_talks_knows_no_proposal(timeline: Timeline) -> None:
    timeline.ingest([SEEDS])

    assert timeline.state("korus", as_of=date(2017, 6, 1)).proposals == {}
    assert timeline.state("korus", as_of=date(2017, 8, 22)).status.value == "stalled"


def test_unknown_negotiation_and_field_errors_list_the_valid_ones(timeline: Timeline) -> None:
    timeline.ingest([SEEDS])

    with pytest.raises(UnknownNegotiationError, match="korus"):
        timeline.state("korsu")
    with pytest.raises(UnknownFieldError, match=r"termination_clause\.notice_days"):
        timeline.explain("korus", "termination_clause.days")


def test_an_unknown_article_has_no_position(timeline: Timeline) -> None:
    with pytest.raises(ArticleError, match="no such article"):
        timeline.position_after("nope")


def test_the_store_survives_reopening(database_url: str, tmp_path: Path) -> None:
    copy = tmp_path / "seeds"
    shutil.copytree(SEEDS, copy)
    with Timeline.open(database_url) as first:
        first.ingest([copy])
        expected = first.state("korus").model_dump_json()
    with Timeline.open(database_url) as second:
        assert second.state("korus").model_dump_json() == expected
        assert second.projections.verify() == []


def test_derived_events_are_caused_by_their_article_ingestion(timeline: Timeline) -> None:
    timeline.ingest([SEEDS / "2017-08-22-ap-korea-says-no.md"])
    ingested, *derived = timeline.recorder.read_stream(article_stream(AP))

    assert derived
    for recorded in derived:
        assert recorded.metadata.causation_id == ingested.event_id
        assert recorded.metadata.correlation_id == ingested.event_id


def test_a_folder_without_articles_is_an_error_naming_it(
    timeline: Timeline, tmp_path: Path
) -> None:
    empty = tmp_path / "typo"
    (empty / "notes").mkdir(parents=True)
    (empty / "notes" / "readme.txt").write_text("not an article", encoding="utf-8")

    report = timeline.ingest([empty, SEEDS])

    assert not report.ok
    assert [o.path for o in report.failed] == [str(empty)]
    assert str(empty) in (report.failed[0].error or "") and ".md" in (report.failed[0].error or "")
    assert {o.article_id for o in report.outcomes if o.status == "ingested"} == {AP, GULF}


def test_an_article_another_run_stored_meanwhile_is_reported_unchanged_not_appended(
    timeline: Timeline, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = SEEDS / "2017-08-22-ap-korea-says-no.md"
    with Timeline.open(database_url) as late:
        # ``late`` read the stream before ``timeline`` stored it: it saw nothing
        monkeypatch.setattr(late.recorder, "read_stream", lambda *a, **k: [])
        timeline.ingest([path])
        before = stored_count(timeline)
        report = late.ingest([path])

    assert report.ok
    assert [(o.status, o.appended, o.events_by_type) for o in report.outcomes] == [
        ("unchanged", 0, {})
    ]
    assert report.events_by_type() == {}
    assert stored_count(timeline) == before


def test_ids_at_the_limit_are_stored_on_every_database_and_longer_ones_refused_by_name(
    timeline: Timeline, tmp_path: Path
) -> None:
    longest = "ü" * 158 + "[]"  # 160 characters, 318 bytes in UTF-8
    at_limit = tmp_path / "at-limit.md"
    at_limit.write_text(
        ARTICLE.format(id=f'"{longest}"').replace("outlet:", f'negotiation: "{longest}"\noutlet:'),
        encoding="utf-8",
    )
    over = tmp_path / "over.md"
    over.write_text(ARTICLE.format(id="x" * 161), encoding="utf-8")
    nul = tmp_path / "nul.md"
    nul.write_text(ARTICLE.format(id='"a\\0b"'), encoding="utf-8")

    report = timeline.ingest([at_limit, over, nul])

    assert [o.status for o in report.outcomes] == ["ingested", "error", "error"]
    assert timeline.recorder.stream_version(article_stream(longest)) > 0
    assert longest in timeline.negotiations()
    assert str(over) in (report.outcomes[1].error or "") and "limit is 160" in (
        report.outcomes[1].error or ""
    )
    assert str(nul) in (report.outcomes[2].error or "") and "U+0000" in (
        report.outcomes[2].error or ""
    )


def test_every_error_of_an_ingest_names_its_file(
    timeline: Timeline, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def another_writer_was_first(*_: object, **__: object) -> object:
        raise ConcurrencyError("article:other", 0, 3)

    other = tmp_path / "other.md"
    other.write_text(ARTICLE.format(id="other"), encoding="utf-8")
    monkeypatch.setattr(timeline.recorder, "append", another_writer_was_first)

    (outcome,) = timeline.ingest([other]).outcomes

    assert outcome.status == "error"
    assert (outcome.error or "").startswith(f"{other}: stream 'article:other' is at version 3")
