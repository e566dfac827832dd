"""The `timeline` command: a thin typer app over the Timeline facade, with rich output."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table
from rich.text import Text

from timeline import __version__
from timeline.app import Timeline, article_paths
from timeline.config import Settings
from timeline.errors import TimelineError
from timeline.projections.negotiation import KnownAt

app = typer.Typer(
    name="timeline",
    help=(
        "An event-sourced model of how a negotiation unfolds, derived from the news.\n\n"
        "Typical use: `timeline db upgrade`, `timeline ingest seeds/`, `timeline state korus`."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Create and migrate the event store's schema.", no_args_is_help=True)
projections_app = typer.Typer(
    help="Persisted read models: status, rebuild from zero, verify.", no_args_is_help=True
)
app.add_typer(db_app, name="db")
app.add_typer(projections_app, name="projections")

console = Console()
errors = Console(stderr=True)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="TIMELINE_DATABASE_URL",
        help="Database URL or SQLite file (default: ./timeline.db). "
        "PostgreSQL: postgresql+psycopg://user@host/dbname",
    ),
]
CatalogOption = Annotated[
    Path | None,
    typer.Option(
        "--catalog",
        envvar="TIMELINE_CATALOG",
        help="A YAML catalog of extra parties, people and negotiations.",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
AsOfOption = Annotated[
    datetime | None,
    typer.Option(
        "--as-of",
        formats=["%Y-%m-%d"],
        help="World date: the negotiation as the events describe it on that day.",
    ),
]
KnownAtOption = Annotated[
    str | None,
    typer.Option(
        "--known-at",
        help="Store time: a global position (e.g. 40) or a UTC timestamp "
        "(e.g. 2026-11-25T16:00:00); only events recorded by then count.",
    ),
]


def _version(value: bool) -> None:
    if value:
        console.print(f"timeline {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """An event-sourced model of how a negotiation unfolds, derived from the news."""


@contextmanager
def failing_clearly() -> Iterator[None]:
    """Turn a TimelineError into one red line on stderr and exit code 1."""
    try:
        yield
    except TimelineError as error:
        errors.print(f"[red]error:[/red] {error}", highlight=False, markup=True)
        raise typer.Exit(1) from error


@contextmanager
def opened(db: str | None, catalog: Path | None) -> Iterator[Timeline]:
    with failing_clearly(), Timeline.open(db, catalog_path=catalog) as timeline:
        yield timeline


def parse_known_at(value: str | None) -> KnownAt | None:
    """A position (digits) or an ISO timestamp (UTC unless it says otherwise)."""
    if value is None:
        return None
    if value.isdigit():
        return int(value)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as error:
        raise typer.BadParameter(
            f"{value!r} is neither a position nor an ISO timestamp", param_hint="--known-at"
        ) from error
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def as_date(value: datetime | None) -> date | None:
    return value.date() if value is not None else None


def print_json(data: object) -> None:
    console.print_json(json.dumps(data, default=str, ensure_ascii=False))


# -- db -------------------------------------------------------------------------------------
@db_app.command("upgrade")
def db_upgrade(
    db: DbOption = None,
    revision: Annotated[str, typer.Option(help="Target revision.")] = "head",
) -> None:
    """Migrate the database to the latest schema (creates the SQLite file if needed)."""
    from timeline.store import migrate

    with failing_clearly():
        url = Settings.from_environment(db).database_url
        migrate.upgrade(url, revision)
        console.print(f"database at revision {migrate.current(url)} ({url})")


@db_app.command("downgrade")
def db_downgrade(
    revision: Annotated[str, typer.Argument(help="Target revision, e.g. base.")],
    db: DbOption = None,
) -> None:
    """Migrate the database down to REVISION (base removes every table)."""
    from timeline.store import migrate

    with failing_clearly():
        url = Settings.from_environment(db).database_url
        migrate.downgrade(url, revision)
        console.print(f"database at revision {migrate.current(url) or 'base'} ({url})")


@db_app.command("current")
def db_current(db: DbOption = None) -> None:
    """Print the database's revision and the code's head revision."""
    from timeline.store import migrate

    with failing_clearly():
        url = Settings.from_environment(db).database_url
        current = migrate.current(url)
        head = migrate.head()
        state = "at head" if current == head else "needs `timeline db upgrade`"
        console.print(f"current: {current or 'none'}  head: {head}  ({state})")


# -- ingest and derive ---------------------------------------------------------------------
@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Article files (.md) or folders of them.")],
    db: DbOption = None,
    catalog: CatalogOption = None,
    as_json: JsonOption = False,
) -> None:
    """Ingest articles: store each with the events derived from it.

    Re-ingesting an article already stored is a no-op, unless the extractor, its rules or
    the catalog changed since it was derived: then it is derived again, as `timeline
    rederive` does. A bad file is reported and the others go on; the exit code is 1 when
    any file failed.
    """
    with opened(db, catalog) as timeline:
        files = article_paths(paths)
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=errors,
            transient=True,
            disable=len(files) < 5 or as_json,
        ) as progress:
            task = progress.add_task("ingesting", total=len(files))
            report = timeline.ingest(files, on_article=lambda _: progress.advance(task))
    if as_json:
        print_json(report.model_dump(mode="json"))
    else:
        render_ingest_report(report)
    if not report.ok:
        raise typer.Exit(1)


def render_ingest_report(report: object) -> None:
    from timeline.app import IngestReport

    assert isinstance(report, IngestReport)
    table = Table(title="Articles", title_justify="left")
    for column in ("article", "negotiation", "status", "events", "retracted", "because"):
        table.add_column(column)
    for outcome in report.outcomes:
        if outcome.status == "error":
            continue
        table.add_row(
            Text(outcome.article_id or outcome.path),
            Text(outcome.negotiation or ""),
            outcome.status,
            str(outcome.appended),
            str(outcome.retracted),
            ", ".join(f"{change} changed" for change in outcome.because),
        )
    console.print(table)
    by_type = report.events_by_type()
    if by_type:
        types = Table(title="Events appended, by type", title_justify="left")
        types.add_column("type")
        types.add_column("count", justify="right")
        for name, count in by_type.items():
            types.add_row(name, str(count))
        console.print(types)
    unassigned = [o for o in report.outcomes if o.negotiation == "unassigned"]
    for outcome in unassigned:
        console.print(
            f"[yellow]note:[/yellow] {outcome.article_id} names no negotiation; its events "
            "are kept under 'unassigned' (give it `negotiation:` in its front matter, or add "
            "the negotiation to a catalog and run `timeline rederive`)."
        )
    for outcome in report.failed:
        errors.print(f"[red]error:[/red] {outcome.error}", highlight=False)
    ok = len(report.outcomes) - len(report.failed)
    console.print(f"{ok} article(s) read, {len(report.failed)} failed")


@app.command()
def rederive(
    targets: Annotated[
        list[str] | None,
        typer.Argument(help="Negotiation ids or article ids (default: every stored article)."),
    ] = None,
    db: DbOption = None,
    catalog: CatalogOption = None,
    as_json: JsonOption = False,
) -> None:
    """Derive stored articles again, from their stored text, with the current catalog and rules.

    An article whose extractor version, rules or catalog changed since it was last derived
    gets an `article_rederived` event saying what changed; what is newly derived is
    appended, what is no longer derived is retracted (never deleted), and `timeline replay`
    shows both with the reason. Articles derived with the same knowledge are `unchanged`.

    Examples:

      timeline rederive --catalog my-parties.yaml              # every stored article

      timeline rederive eu-australia --catalog my-parties.yaml # one negotiation's articles

      timeline rederive unassigned                             # articles filed nowhere yet

      timeline rederive repro-2023-10-30-beef                  # one article, by id
    """
    with (
        opened(db, catalog) as timeline,
        Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=errors,
            transient=True,
            disable=as_json,
        ) as progress,
    ):
        task = progress.add_task("re-deriving", total=None)
        report = timeline.rederive(targets or [], on_article=lambda _: progress.advance(task))
    if as_json:
        print_json(report.model_dump(mode="json"))
    else:
        render_ingest_report(report)
    if not report.ok:
        raise typer.Exit(1)


@app.command()
def record(
    file: Annotated[Path, typer.Argument(help="A JSON Lines file of hand-written events.")],
    db: DbOption = None,
    catalog: CatalogOption = None,
) -> None:
    """Record events the deriver missed, one JSON object per line, all or none.

    Each line is a negotiation event such as {"type": "meeting_held", "negotiation": "korus",
    "actor": "KR+US", "subject": "...", "occurred": "2017-08-22", "reported_on": "2017-08-22",
    "evidence": [{"article_id": "...", "start": 0, "end": 10, "quote": "..."}]}; its quotes
    must be the ingested article's text at those offsets. Recording a file again is a no-op.
    """
    with opened(db, catalog) as timeline, failing_clearly():
        outcome = timeline.record(file)
    console.print(f"{outcome.recorded} event(s) recorded in stream {outcome.stream_id}")


@app.command()
def derive(
    file: Annotated[Path, typer.Argument(help="One article file (.md with front matter).")],
    output_format: Annotated[
        str, typer.Option("--format", help="jsonl (one JSON object per event) or table.")
    ] = "table",
    catalog: CatalogOption = None,
) -> None:
    """Print the events derived from one article, without storing anything."""
    from timeline.derivation.articles import read_article
    from timeline.derivation.catalog import load_catalog
    from timeline.derivation.extractor import derive as derive_events
    from timeline.derivation.jsonl import derived_record

    if output_format not in {"jsonl", "table"}:
        raise typer.BadParameter("use jsonl or table", param_hint="--format")
    with failing_clearly():
        article = read_article(file)
        records = [derived_record(e) for e in derive_events(article, load_catalog(catalog))]
    if output_format == "jsonl":
        for record in records:
            typer.echo(json.dumps(record, ensure_ascii=False))
        return
    table = Table(title=f"{article.id}: {len(records)} event(s)", title_justify="left")
    for column in ("type", "actor", "target", "occurred", "quote", "rule"):
        table.add_column(column, overflow="fold")
    for record in records:
        table.add_row(
            str(record["type"]),
            str(record.get("actor") or ""),
            str(record.get("target") or ""),
            str(record.get("occurred") or ""),
            str(record["evidence"][0]["quote"]),
            str(record.get("rule") or ""),
        )
    console.print(table)


# -- reading the negotiation ---------------------------------------------------------------
NegotiationArgument = Annotated[str, typer.Argument(help="Negotiation id, e.g. korus.")]


@app.command()
def negotiations(
    db: DbOption = None, catalog: CatalogOption = None, as_json: JsonOption = False
) -> None:
    """List the negotiations: the catalog's, and every other one the stored articles name.

    For each: id, name, parties, the articles filed under it or cited by its events, its
    events (retracted ones excluded), and the first and last world dates among them. A
    negotiation the catalog lacks takes its name and parties from its articles' derivation
    (`source` articles).

    Examples:

      timeline negotiations

      timeline negotiations --json --catalog my-parties.yaml
    """
    with opened(db, catalog) as timeline:
        summaries = timeline.negotiation_summaries()
    if as_json:
        print_json([summary.model_dump(mode="json") for summary in summaries])
        return
    table = Table(title="Negotiations", title_justify="left")
    for column in ("id", "name", "parties", "articles", "events", "first", "last", "source"):
        table.add_column(column, justify="right" if column in {"articles", "events"} else "left")
    for summary in summaries:
        cells = (
            summary.id,
            summary.name or "",
            "+".join(summary.parties) or "unknown",
            str(summary.articles),
            str(summary.events),
            summary.first or "",
            summary.last or "",
            summary.source,
        )
        table.add_row(*(Text(cell) for cell in cells))  # names come from articles: data
    console.print(table)


@app.command()
def state(
    negotiation: NegotiationArgument,
    as_of: AsOfOption = None,
    known_at: KnownAtOption = None,
    db: DbOption = None,
    catalog: CatalogOption = None,
    as_json: JsonOption = False,
) -> None:
    """The negotiation's state: proposals, clauses, meetings, positions, figures, status.

    What no article states is shown as `unknown`; disputed figures list every source's value.
    """
    from timeline.rendering import state_view

    moment = parse_known_at(known_at)
    with opened(db, catalog) as timeline:
        result = timeline.state(negotiation, as_of=as_date(as_of), known_at=moment)
    if as_json:
        console.print_json(result.model_dump_json())
    else:
        console.print(state_view(result, known_at=known_at))


@app.command()
def events(
    negotiation: NegotiationArgument,
    as_of: AsOfOption = None,
    known_at: KnownAtOption = None,
    db: DbOption = None,
    catalog: CatalogOption = None,
    as_json: JsonOption = False,
) -> None:
    """The negotiation's events in world order, each with every article that reports it."""
    from timeline.rendering import chronology_view

    moment = parse_known_at(known_at)
    with opened(db, catalog) as timeline:
        rows = timeline.events(negotiation, as_of=as_date(as_of), known_at=moment)
    if as_json:
        print_json([row.model_dump(mode="json") for row in rows])
    else:
        console.print(chronology_view(rows, negotiation))


@app.command()
def replay(
    negotiation: NegotiationArgument,
    as_of: AsOfOption = None,
    known_at: KnownAtOption = None,
    db: DbOption = None,
    catalog: CatalogOption = None,
    as_json: JsonOption = False,
) -> None:
    """The audit trail: every event in store order, its evidence and the state change it made.

    With `--as-of`, each change is to the state as of that world date (events dated later
    change nothing visible).
    """
    from timeline.rendering import print_replay

    moment = parse_known_at(known_at)
    with opened(db, catalog) as timeline:
        steps = timeline.replay(negotiation, as_of=as_date(as_of), known_at=moment)
        if as_json:
            for step in steps:
                typer.echo(step.model_dump_json())
        else:
            count = print_replay(console, steps)
            console.print(f"{count} event(s) replayed")


@app.command()
def explain(
    negotiation: NegotiationArgument,
    field: Annotated[
        str,
        typer.Argument(
            help="Field path, e.g. status, next_meeting, termination_clause.notice_days, "
            "proposals.<id>.status, figures.goods_deficit.2016. `--list` shows them all."
        ),
    ] = "",
    list_fields: Annotated[bool, typer.Option("--list", help="List every valid field.")] = False,
    as_of: AsOfOption = None,
    known_at: KnownAtOption = None,
    db: DbOption = None,
    catalog: CatalogOption = None,
    as_json: JsonOption = False,
) -> None:
    """The events, rules and quotes behind one field of the negotiation's state."""
    from timeline.rendering import explanation_view

    moment = parse_known_at(known_at)
    with opened(db, catalog) as timeline:
        if list_fields or not field:
            for path in timeline.fields(negotiation, as_of=as_date(as_of), known_at=moment):
                console.print(path, highlight=False)
            return
        result = timeline.explain(negotiation, field, as_of=as_date(as_of), known_at=moment)
    if as_json:
        console.print_json(result.model_dump_json())
    else:
        console.print(explanation_view(result))


# -- projections ----------------------------------------------------------------------------
@projections_app.command("status")
def projections_status(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Each read model's checkpoint, the store's head and the lag between them."""
    with opened(db, None) as timeline:
        rows = timeline.projections.status()
    if as_json:
        print_json([asdict(row) for row in rows])
        return
    table = Table(title="Read models", title_justify="left")
    for column in ("projection", "position", "head", "lag", "documents", "updated at"):
        table.add_column(column)
    for row in rows:
        table.add_row(
            row.projection,
            str(row.position),
            str(row.head),
            str(row.lag),
            str(row.documents),
            str(row.updated_at or "never"),
        )
    console.print(table)


@projections_app.command("rebuild")
def projections_rebuild(db: DbOption = None) -> None:
    """Drop the persisted read models and apply every event again from position 0."""
    with opened(db, None) as timeline:
        applied = timeline.projections.rebuild()
    console.print(f"rebuilt: {applied} event(s) applied")


@projections_app.command("catch-up")
def projections_catch_up(db: DbOption = None) -> None:
    """Apply only the events recorded after the read models' checkpoint."""
    with opened(db, None) as timeline:
        applied = timeline.projections.catch_up()
    console.print(f"caught up: {applied} new event(s) applied")


@projections_app.command("verify")
def projections_verify(db: DbOption = None) -> None:
    """Rebuild in memory and report any difference from the persisted read models."""
    with opened(db, None) as timeline:
        problems = timeline.projections.verify()
    for problem in problems:
        errors.print(f"[red]difference:[/red] {problem}", highlight=False)
    if problems:
        raise typer.Exit(1)
    console.print("verified: the persisted read models match a rebuild from the events")
