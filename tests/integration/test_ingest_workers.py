"""Ingest with worker processes deriving (issue 11), on SQLite and PostgreSQL.

Whatever the number of workers, an ingest stores the event log of a one-process ingest (the
same events and ids at the same positions), reports the same outcome for every file in the
same order (bad files included), and re-ingesting stores nothing. An unexpected exception in
a worker is reported for its file; a worker killed mid-ingest is replaced and its article
derived again; an article that kills its worker every time is reported and the batch goes on.
"""

from __future__ import annotations

import os
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.integration import worker_faults
from timeline import Timeline
from timeline.app import ArticleOutcome, IngestReport
from timeline.cli import app
from timeline.derivation.articles import MAX_ARTICLE_BYTES
from timeline.workers import DerivationPool, Derive

REPO = Path(__file__).resolve().parents[2]
FIRST = """\
Canada turned down on Tuesday a United States offer to widen the dairy quota, its trade
minister told reporters. The two sides will meet again next week in Ottawa.
"""
OTHER = """\
Mexico put forward on Friday a plan to phase out the steel tariffs over three years, and
the United States said it would study the plan before the next round.
"""


def write(folder: Path, name: str, article_id: str, text: str) -> None:
    (folder / name).write_text(
        f"---\nid: {article_id}\npublished: 2019-03-04\nnegotiation: nafta\n---\n{text}",
        encoding="utf-8",
    )


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    """Good articles, and among them every kind of bad file, in a known order."""
    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.copy(REPO / "seeds" / "2017-08-22-ap-korea-says-no.md", folder / "a-seed.md")
    write(folder, "b-first.md", "b-first", FIRST)
    write(folder, "c-faulty.md", worker_faults.FAULTY, OTHER)
    (folder / "d-broken.md").write_text("no front matter at all\n", encoding="utf-8")
    (folder / "e-huge.md").write_text(
        "---\nid: huge\npublished: 2019-03-04\n---\n" + "x" * MAX_ARTICLE_BYTES
    )
    write(folder, "f-same-id-other-text.md", "b-first", OTHER)
    write(folder, "g-same-id-same-text.md", "b-first", FIRST)
    heldout = REPO / "tests" / "corpus" / "heldout" / "articles"
    for article in sorted(heldout.glob("0[14]-*.md")):
        shutil.copy(article, folder / f"h-{article.name}")
    shutil.copy(REPO / "seeds" / "2017-08-22-gulfnews-korea-rejects-us-call.md", folder / "i.md")
    return folder


def event_log(url: str) -> list[tuple[object, ...]]:
    """Every event with its position, stream, version, id, payload and metadata."""
    with Timeline.open(url) as timeline:
        return [
            (
                e.position,
                e.stream_id,
                e.stream_version,
                e.event_id,
                e.event.model_dump_json(),
                e.metadata.model_dump_json() if e.metadata else None,
            )
            for e in timeline.recorder.read_all()
        ]


def ingest(url: str, batch: Path, workers: int, derive: Derive | None = None) -> IngestReport:
    with Timeline.open(url) as timeline:
        if derive is not None:
            timeline.pool = DerivationPool(timeline.catalog, workers, derive=derive)
        return timeline.ingest([batch], workers=workers)


@pytest.fixture
def reference(
    database_url: str, batch: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[IngestReport, list[tuple[object, ...]]]:
    """The batch ingested by one process (the faulty article failing as in a worker)."""
    monkeypatch.setattr("timeline.derivation.ingestion.derive_article", worker_faults.raising)
    report = ingest(database_url, batch, workers=1)
    return report, event_log(database_url)


@pytest.fixture
def fresh(database_url: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A second empty store on the database under test."""
    if database_url.startswith("sqlite"):
        path = tmp_path / "second.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    from timeline.scenarios.databases import postgres_database

    server = request.getfixturevalue("postgres_server")
    template = request.getfixturevalue("postgres_template")
    with postgres_database(server, template, "timeline_workers") as url:
        yield url.render_as_string(hide_password=False)


def test_two_workers_store_the_log_and_report_the_outcomes_of_one_process(
    reference: tuple[IngestReport, list[tuple[object, ...]]], fresh: str, batch: Path
) -> None:
    expected_report, expected_log = reference

    report = ingest(fresh, batch, workers=2, derive=worker_faults.raising)

    assert report == expected_report
    assert event_log(fresh) == expected_log
    statuses = [(Path(o.path).name, o.status) for o in report.outcomes]
    assert statuses[:7] == [
        ("a-seed.md", "ingested"),
        ("b-first.md", "ingested"),
        ("c-faulty.md", "error"),
        ("d-broken.md", "error"),
        ("e-huge.md", "error"),
        ("f-same-id-other-text.md", "error"),
        ("g-same-id-same-text.md", "unchanged"),
    ]
    faulty = report.outcomes[2].error or ""
    assert "c-faulty.md" in faulty and "RuntimeError: a bug in a rule" in faulty
    assert "please report it" in faulty
    assert "different text" in (report.outcomes[5].error or "")


def test_re_ingesting_with_workers_stores_nothing(
    reference: tuple[IngestReport, list[tuple[object, ...]]], database_url: str, batch: Path
) -> None:
    _, expected_log = reference
    report = ingest(database_url, batch, workers=2, derive=worker_faults.raising)
    assert sum(o.appended for o in report.outcomes) == 0
    assert {o.status for o in report.outcomes} == {"unchanged", "error"}
    assert event_log(database_url) == expected_log


def test_a_worker_killed_mid_ingest_is_replaced_and_nothing_is_lost_or_doubled(
    reference: tuple[IngestReport, list[tuple[object, ...]]], fresh: str, batch: Path
) -> None:
    expected_report, expected_log = reference
    killed: list[int] = []

    with Timeline.open(fresh) as timeline:
        pool = timeline.pool = DerivationPool(timeline.catalog, 2, derive=worker_faults.raising)

        def kill_a_worker(outcome: ArticleOutcome) -> None:
            if not killed and pool.pids():
                killed.append(pool.pids()[0])
                os.kill(killed[0], signal.SIGKILL)

        report = timeline.ingest([batch], workers=2, on_article=kill_a_worker)

    assert killed
    assert report == expected_report
    assert event_log(fresh) == expected_log


def test_an_article_that_kills_its_worker_every_time_is_reported_and_the_batch_goes_on(
    reference: tuple[IngestReport, list[tuple[object, ...]]], fresh: str, batch: Path
) -> None:
    expected_report, expected_log = reference

    report = ingest(fresh, batch, workers=2, derive=worker_faults.dying)

    faulty = report.outcomes[2]
    assert faulty.status == "error" and faulty.error is not None
    assert faulty.error.startswith(str(batch / "c-faulty.md"))
    assert "worker process deriving it ended abruptly" in faulty.error
    others = [o for i, o in enumerate(report.outcomes) if i != 2]
    assert others == [o for i, o in enumerate(expected_report.outcomes) if i != 2]
    assert event_log(fresh) == expected_log
    with Timeline.open(fresh) as timeline:
        assert timeline.projections.verify() == []


def test_the_cli_ingests_with_workers_and_refuses_zero(
    database_url: str, batch: Path, tmp_path: Path
) -> None:
    good = tmp_path / "good"
    good.mkdir()
    for name in ("a-seed.md", "b-first.md", "i.md"):
        shutil.copy(batch / name, good / name)

    result = CliRunner().invoke(app, ["ingest", str(good), "--db", database_url, "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert "3 article(s) read, 0 failed" in " ".join(result.output.split())

    zero = CliRunner().invoke(app, ["ingest", str(good), "--db", database_url, "--workers", "0"])
    assert zero.exit_code == 2


def test_an_article_stored_elsewhere_after_its_file_was_read_is_reported_as_in_one_process(
    database_url: str, fresh: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """New articles derived ahead are appended together; when another process stores one
    of their ids (other text) after its file was read, the group writes nothing and each
    file takes the one-process path: the others are stored, that one is refused."""
    feed = tmp_path / "feed"
    feed.mkdir()
    heldout = sorted((REPO / "tests" / "corpus" / "heldout" / "articles").glob("0[14]-*.md"))
    shutil.copy(REPO / "seeds" / "2017-08-22-ap-korea-says-no.md", feed / "a.md")
    shutil.copy(heldout[0], feed / "b.md")
    write(feed, "m-taken.md", "taken", FIRST)
    shutil.copy(heldout[1], feed / "x.md")
    shutil.copy(REPO / "seeds" / "2017-08-22-gulfnews-korea-rejects-us-call.md", feed / "y.md")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    write(elsewhere, "taken.md", "taken", OTHER)

    def store_elsewhere(url: str) -> None:
        with Timeline.open(url) as other_process:
            assert other_process.ingest([elsewhere]).outcomes[0].status == "ingested"

    store_elsewhere(database_url)
    expected = ingest(database_url, feed, workers=1)

    read_ahead = Timeline._derive_ahead

    def then_stored_elsewhere(self: Timeline, path: Path, pool: DerivationPool) -> object:
        ahead = read_ahead(self, path, pool)
        if path.name == "m-taken.md":
            store_elsewhere(fresh)
        return ahead

    monkeypatch.setattr(Timeline, "_derive_ahead", then_stored_elsewhere)
    report = ingest(fresh, feed, workers=2)

    assert [o.status for o in report.outcomes] == [
        "ingested",
        "ingested",
        "error",
        *["ingested"] * 2,
    ]
    assert "different text" in (report.outcomes[2].error or "")
    assert report == expected
    assert event_log(fresh) == event_log(database_url)
