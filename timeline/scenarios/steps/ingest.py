"""Then steps about an ingest's outcome: errors naming the file, nothing written, no-ops."""

from __future__ import annotations

from pathlib import Path

from timeline.app import ArticleOutcome, IngestReport, Timeline, article_stream
from timeline.scenarios.registry import then


def outcomes(report: IngestReport) -> str:
    """Every file of the ingest with its status, article id, events and error."""
    lines = []
    for outcome in report.outcomes:
        detail = outcome.error or f"{outcome.appended} event(s) appended"
        lines.append(f"  - {outcome.path}: {outcome.status} ({outcome.article_id}) {detail}")
    return "the ingest reported:\n" + ("\n".join(lines) or "  (no file)")


def _named(outcome: ArticleOutcome, name: str) -> bool:
    path = Path(outcome.path)
    return path.name == name or outcome.path.endswith(name)


@then("the ingest reports no error")
def no_error(ingest_report: IngestReport) -> None:
    """Every file of the last ingest was read and stored (or was already stored)."""
    assert ingest_report.ok, outcomes(ingest_report)


@then(
    'the ingest reports an error for "{name:Quoted}" saying "{problem:Quoted}"',
    examples=['the ingest reports an error for "no-front-matter.md" saying "no YAML front matter"'],
)
def error_for_file(ingest_report: IngestReport, name: str, problem: str) -> None:
    """The file (its name or the end of its path) failed; the error names it and the problem."""
    failed = [o for o in ingest_report.failed if _named(o, name)]
    assert failed, f"no error for a file named {name!r}\n{outcomes(ingest_report)}"
    for outcome in failed:
        error = outcome.error or ""
        assert outcome.path in error, f"the error does not name the file {outcome.path}: {error}"
        assert problem.lower() in error.lower(), (
            f"the error for {outcome.path} does not say {problem!r}: {error}"
        )


@then(
    'the ingest reports an error saying "{problem:Quoted}"',
    examples=["the ingest reports an error saying \"no 'published' date\""],
)
def error_saying(ingest_report: IngestReport, problem: str) -> None:
    """Some file failed with an error that names the file and says ``problem``."""
    matching = [
        o
        for o in ingest_report.failed
        if problem.lower() in (o.error or "").lower() and o.path in (o.error or "")
    ]
    assert matching, f"no error naming its file and saying {problem!r}\n{outcomes(ingest_report)}"


@then(
    'nothing of the article "{article_id:Quoted}" was written',
    examples=['nothing of the article "undated-article" was written'],
)
def nothing_written(timeline: Timeline, article_id: str) -> None:
    """The store holds no event of that article (its stream is empty)."""
    stored = timeline.recorder.read_stream(article_stream(article_id))
    types = ", ".join(recorded.type for recorded in stored)
    assert not stored, f"the store holds {len(stored)} event(s) of {article_id!r}: {types}"


@then(
    'the ingest reports the article "{article_id:Quoted}" as "{status:Quoted}"',
    examples=['the ingest reports the article "ap-2017-08-22-korea-says-no" as "unchanged"'],
)
def article_status(ingest_report: IngestReport, article_id: str, status: str) -> None:
    """The article's outcome: ingested, unchanged (already stored as is) or rederived."""
    found = [o for o in ingest_report.outcomes if o.article_id == article_id]
    assert found, f"the ingest did not read the article {article_id!r}\n{outcomes(ingest_report)}"
    assert all(o.status == status for o in found), outcomes(ingest_report)


@then("the ingest appended no event")
def appended_nothing(ingest_report: IngestReport) -> None:
    """The last ingest wrote nothing: every article was already stored as it is."""
    total = sum(o.appended + o.retracted for o in ingest_report.outcomes)
    assert total == 0, f"{total} event(s) were written\n{outcomes(ingest_report)}"


@then(
    'the ingest appended {count:Count} "{event_type:Quoted}" events',
    examples=['the ingest appended 1 "termination_clause_cited" events'],
)
def appended_of_type(ingest_report: IngestReport, count: int, event_type: str) -> None:
    """The last ingest appended exactly this many events of one type (all articles together)."""
    by_type = ingest_report.events_by_type()
    assert by_type.get(event_type, 0) == count, (
        f"{by_type.get(event_type, 0)} {event_type!r} event(s) appended; by type: {by_type}"
    )
