"""No single file ends an ingest (issue 12, item 4), on SQLite and PostgreSQL.

An article over the size limit is refused naming it before it is derived; articles dated at
the calendar's edges are ingested and their negotiations' state and explanations answer; an
unexpected exception while deriving one file is reported for that file, as a bug to report,
and the files after it are ingested and the report printed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from timeline import Timeline
from timeline.cli import app
from timeline.derivation import ingestion
from timeline.derivation.articles import MAX_ARTICLE_BYTES, Article

TEXT = """\
Canada rejected on Monday a US proposal to extend the dairy quota, its trade minister said.
The next round of talks is scheduled for next Monday in Ottawa; the two sides meet tomorrow.
A week later the ministers met again, and last year exports rose 5 percent.
"""


def write(folder: Path, name: str, published: str, text: str = TEXT) -> Path:
    path = folder / name
    path.write_text(
        f"---\nid: {path.stem}\npublished: '{published}'\nnegotiation: nafta\n---\n{text}",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def timeline(database_url: str) -> Iterator[Timeline]:
    with Timeline.open(database_url) as opened:
        yield opened


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    write(tmp_path, "a-first.md", "2019-03-04")
    huge = tmp_path / "b-huge.md"
    huge.write_text("---\nid: huge\npublished: 2019-03-04\n---\n" + "x" * MAX_ARTICLE_BYTES)
    write(tmp_path, "c-year-one.md", "0001-01-01")
    write(tmp_path, "d-year-9999.md", "9999-12-31")
    write(tmp_path, "e-last.md", "2019-03-05")
    return tmp_path


def test_an_oversized_file_and_dates_at_the_edges_leave_the_batch_whole(
    timeline: Timeline, batch: Path
) -> None:
    report = timeline.ingest([batch])

    by_file = {Path(o.path).name: o for o in report.outcomes}
    assert list(by_file) == [
        "a-first.md",
        "b-huge.md",
        "c-year-one.md",
        "d-year-9999.md",
        "e-last.md",
    ]
    huge = by_file.pop("b-huge.md")
    assert huge.status == "error"
    assert huge.error is not None and "b-huge.md" in huge.error and "over the limit" in huge.error
    assert {o.status for o in by_file.values()} == {"ingested"}
    state = timeline.state("nafta")
    assert state.proposals
    for path in timeline.fields("nafta"):
        timeline.explain("nafta", path)
    assert timeline.projections.verify() == []


def test_an_unexpected_error_deriving_one_file_is_reported_for_it_and_the_batch_goes_on(
    timeline: Timeline, batch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    derive = ingestion.derive_article

    def broken(article: Article, catalog: object) -> ingestion.DerivedArticle:
        if article.id == "a-first":
            raise RuntimeError("a bug in a rule")
        return derive(article, catalog)  # type: ignore[arg-type]

    monkeypatch.setattr("timeline.derivation.ingestion.derive_article", broken)
    report = timeline.ingest([batch])

    first = report.outcomes[0]
    assert first.status == "error" and first.error is not None
    assert "a-first.md" in first.error
    assert "RuntimeError: a bug in a rule" in first.error
    assert "bug in timeline: please report it" in first.error
    assert [o.status for o in report.outcomes[2:]] == ["ingested"] * 3


def test_the_cli_prints_the_report_after_a_file_fails_unexpectedly(
    database_url: str, batch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(article: Article, catalog: object) -> ingestion.DerivedArticle:
        raise ZeroDivisionError("division by zero")

    # --workers 1: this process derives, and sees the patched function
    monkeypatch.setattr("timeline.derivation.ingestion.derive_article", broken)
    result = CliRunner().invoke(app, ["ingest", str(batch), "--db", database_url, "--workers", "1"])
    out = " ".join(result.output.split())
    assert result.exit_code == 1, result.output
    assert "5 failed" in out
    assert "e-last" in out and "please report it" in out
