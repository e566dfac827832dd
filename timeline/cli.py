"""The `timeline` command: a thin typer app over the Timeline facade, with rich output."""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, cast

import typer

from timeline.config import Settings
from timeline.errors import TimelineError

if TYPE_CHECKING:  # the facade (and with it the store and the deriver) loads when a command runs
    from pydantic import BaseModel
    from rich.console import Console

    from timeline.app import Timeline
    from timeline.display import StateDisplay
    from timeline.domain.views import NegotiationState
    from timeline.projections.negotiation import KnownAt

app = typer.Typer(
    name="timeline",
    help=(
        "An event-sourced model of how a negotiation unfolds, derived from the news.\n\n"
        "\b\nExamples:\n"
        "  timeline db upgrade         # create the store (./timeline.db)\n"
        "  timeline ingest seeds/      # ingest a folder of articles\n"
        "  timeline state korus        # the negotiation as the articles tell it"
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Plain click help: paragraphs are re-wrapped whole and flags show no `<bool>`.
    rich_markup_mode=None,
)
db_app = typer.Typer(
    help="Create and migrate the event store's schema.\n\n\b\nExample: timeline db upgrade",
    no_args_is_help=True,
)
projections_app = typer.Typer(
    help="Persisted read models: status, rebuild from zero, verify.\n\n"
    "\b\nExample: timeline projections status",
    no_args_is_help=True,
)
app.add_typer(db_app, name="db")
app.add_typer(projections_app, name="projections")


def __getattr__(name: str) -> object:
    """``console`` (results, on stdout) and ``errors`` (stderr): the Rich consoles the
    commands print through, made on first use, so that ``--help`` imports no Rich."""
    if name not in {"console", "errors"}:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from timeline.rendering import make_console

    made = make_console(stderr=name == "errors")
    globals()[name] = made
    return made


def _out() -> Console:
    """The console results are printed to (``console``; a test may replace it)."""
    return cast("Console", globals().get("console") or __getattr__("console"))


def _err() -> Console:
    """The console errors are printed to (``errors``; a test may replace it)."""
    return cast("Console", globals().get("errors") or __getattr__("errors"))


DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="URL",
        envvar="TIMELINE_DATABASE_URL",
        help="Database URL or SQLite file (default: ./timeline.db). "
        "PostgreSQL: postgresql+psycopg://user@host/dbname",
    ),
]
CatalogOption = Annotated[
    Path | None,
    typer.Option(
        "--catalog",
        metavar="FILE",
        envvar="TIMELINE_CATALOG",
        help="A YAML catalog of extra parties, people and negotiations.",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help="World date: the negotiation as the events describe it on that day "
        "(2017-08-22; a month or a year, 2017-08 or 2017, means its last day).",
    ),
]
KnownAtOption = Annotated[
    str | None,
    typer.Option(
        "--known-at",
        metavar="POSITION|TIMESTAMP",
        help="Store time: a global position (e.g. 40) or a UTC timestamp "
        "(e.g. 2026-11-25T16:00:00); only events recorded by then count.",
    ),
]


def package_version() -> str:
    """The installed version (read from the package metadata only when asked)."""
    from timeline import __version__

    return __version__


def _version(value: bool) -> None:
    if value:
        _out().print(f"timeline {package_version()}")
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
    from rich.text import Text

    from timeline.rendering import data

    try:
        yield
    except TimelineError as error:
        for line in str(error).splitlines() or [""]:  # one line per problem
            _err().print(Text("error: ", style="red") + data(line), highlight=False)
        raise typer.Exit(1) from error


@contextmanager
def opened(db: str | None, catalog: Path | None) -> Iterator[Timeline]:
    from timeline.app import Timeline

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


_WORLD_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def as_date(value: str | None) -> date | None:
    """A day, or the last day of a month (2017-08) or a year (2017)."""
    if value is None:
        return None
    found = _WORLD_DATE.fullmatch(value.strip())
    try:
        if found is None:
            raise ValueError(value)
        year, month, day = found.groups()
        if month is None:
            return date(int(year), 12, 31)
        if day is None:
            last = calendar.monthrange(int(year), int(month))[1]
            return date(int(year), int(month), last)
        return date(int(year), int(month), int(day))
    except ValueError as error:
        raise typer.BadParameter(
            f"{value!r} is not a date: use 2017-08-22, 2017-08 or 2017", param_hint="--as-of"
        ) from error


PROGRESS_FROM = 5
"""Ingesting this many articles or more shows a progress bar (on a terminal only)."""


@contextmanager
def progress_bar(
    description: str, total: int | None, *, show: bool
) -> Iterator[Callable[[], None]]:
    """A Rich progress bar on stderr, when ``show`` and stderr is a terminal; yields the
    function that advances it (which does nothing when no bar is shown)."""
    if not (show and _err().is_terminal):
        yield lambda: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    columns = [TextColumn("{task.description}"), BarColumn()]
    if total is not None:
        columns.append(MofNCompleteColumn())
    with Progress(*columns, console=_err(), transient=True) as progress:
        task = progress.add_task(description, total=total)
        yield lambda: progress.advance(task)


def print_json(value: object) -> None:
    """A value made of JSON types (dates and other values as their text) as indented JSON,
    its control characters escaped (:func:`timeline.rendering.print_json`)."""
    from timeline.rendering import print_json as print_json_text

    print_json_text(_out(), json.dumps(value, default=str, ensure_ascii=False, indent=2))


def print_json_line(text: str) -> None:
    """One line of JSON Lines output, its control characters escaped
    (:func:`timeline.display.inert_json`)."""
    from timeline.display import inert_json

    typer.echo(inert_json(text))


def print_model_json(model: BaseModel) -> None:
    """A pydantic model as :func:`print_json` writes a value, written by pydantic-core (a
    state of 55 MB as JSON in about 0.3 s)."""
    from timeline.rendering import print_json as print_json_text

    print_json_text(_out(), model.model_dump_json(indent=2))


# -- db -------------------------------------------------------------------------------------
@db_app.command("upgrade")
def db_upgrade(
    db: DbOption = None,
    revision: Annotated[str, typer.Option(metavar="REVISION", help="Target revision.")] = "head",
) -> None:
    """Migrate the database to the latest schema.

    Creates the SQLite file when it does not exist yet.

    \b
    Example: timeline db upgrade --db postgresql+psycopg://me@localhost/timeline
    """
    from timeline.rendering import data
    from timeline.store import migrate

    with failing_clearly():
        url = Settings.from_environment(db).database_url
        migrate.upgrade(url, revision)
        _out().print(data(f"database at revision {migrate.current(url)} ({url})"))


@db_app.command("downgrade")
def db_downgrade(
    revision: Annotated[
        str, typer.Argument(metavar="REVISION", help="Target revision, e.g. base.")
    ],
    db: DbOption = None,
    yes: Annotated[
        bool, typer.Option("--yes", help="Go ahead even though it drops the stored events.")
    ] = False,
) -> None:
    """Migrate the database down to REVISION.

    The revision `base` removes every table. When the store holds events, this refuses
    without --yes and says how many it would drop.

    \b
    Example: timeline db downgrade base --db scratch.db --yes
    """
    from timeline.rendering import data
    from timeline.store import migrate

    with failing_clearly():
        url = Settings.from_environment(db).database_url
        migrate.downgrade(url, revision, confirm=yes)
        _out().print(data(f"database at revision {migrate.current(url) or 'base'} ({url})"))


@db_app.command("current")
def db_current(db: DbOption = None) -> None:
    """Print the database's revision and the code's head revision.

    \b
    Example: timeline db current
    """
    from timeline.rendering import data
    from timeline.store import migrate

    with failing_clearly():
        url = Settings.from_environment(db).database_url
        current = migrate.current(url)
        head = migrate.head()
        state = "at head" if current == head else "needs `timeline db upgrade`"
        _out().print(data(f"current: {current or 'none'}  head: {head}  ({state})"))


# -- ingest and derive ---------------------------------------------------------------------
@app.command()
def ingest(
    paths: Annotated[
        list[Path],
        typer.Argument(metavar="PATH", help="Article files (.md) or folders of them."),
    ],
    db: DbOption = None,
    catalog: CatalogOption = None,
    as_json: JsonOption = False,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            metavar="N",
            envvar="TIMELINE_WORKERS",
            help="Processes deriving articles at once (default: the number of cores); "
            "1 derives in this process. The store ends up the same whatever N.",
        ),
    ] = None,
) -> None:
    """Ingest articles and the events derived from them.

    Re-ingesting an article already stored is a no-op, unless the extractor, its rules or
    the catalog changed since it was derived: then it is derived again, as `timeline
    rederive` does. A bad file is reported and the others go on; the exit code is 1 when
    any file failed, or when a folder holds no .md file.

    Articles are derived on every core (--workers) and appended by this process in the
    order of the files, so the event log is the same as with one worker.

    Several machines (or processes) may ingest into one PostgreSQL store at once, over
    disjoint or overlapping folders: each article is stored once with all its events
    (appends are atomic per article and idempotent by event id), nothing is lost, and the
    store keeps one global order with gapless positions. Which machine stores a shared
    article first, and so the interleaving of articles in that order, depends on timing;
    a file whose text differs from an article stored under the same id is an error of the
    run that meets it.

    \b
    Examples:
      timeline ingest seeds/
      timeline ingest feed/2024/ --workers 4 --db postgresql+psycopg://user@host/timeline
    """
    from timeline.app import scan_articles
    from timeline.workers import default_workers

    with opened(db, catalog) as timeline:
        total = len(scan_articles(paths).files)
        with progress_bar("ingesting", total, show=total >= PROGRESS_FROM) as advance:
            report = timeline.ingest(
                paths, on_article=lambda _: advance(), workers=workers or default_workers()
            )
    if as_json:
        print_json(report.model_dump(mode="json"))
    else:
        render_ingest_report(report)
    if not report.ok:
        raise typer.Exit(1)


def render_ingest_report(report: object) -> None:
    from rich.text import Text

    from timeline.app import IngestReport
    from timeline.rendering import data, texts
    from timeline.rendering import table as rendered_table

    assert isinstance(report, IngestReport)
    table = rendered_table(
        "Articles",
        *("article", "negotiation", "status", "events", "retracted", "because"),
        right=("events", "retracted"),
    )
    for outcome in report.outcomes:
        if outcome.status == "error":
            continue
        table.add_row(
            *texts(
                outcome.article_id or outcome.path,
                outcome.negotiation or "",
                outcome.status,
                outcome.appended,
                outcome.retracted,
                ", ".join(f"{change} changed" for change in outcome.because),
            )
        )
    _out().print(table)
    by_type = report.events_by_type()
    if by_type:
        types = rendered_table("Events appended, by type", "type", "count", right=("count",))
        for name, count in by_type.items():
            types.add_row(*texts(name, count))
        _out().print(types)
    unassigned = [o for o in report.outcomes if o.negotiation == "unassigned"]
    for outcome in unassigned:
        _out().print(
            Text("note: ", style="yellow")
            + data(
                f"{outcome.article_id} names no negotiation; its events are kept under "
                "'unassigned' (give it `negotiation:` in its front matter, or add the "
                "negotiation to a catalog and run `timeline rederive`)."
            )
        )
    for outcome in report.failed:
        _err().print(Text("error: ", style="red") + data(outcome.error), highlight=False)
    ok = len(report.outcomes) - len(report.failed)
    summary = f"{ok} article(s) read, {len(report.failed)} failed"
    if report.skipped:
        reasons: dict[str, list[str]] = {}
        for skipped in report.skipped:
            reasons.setdefault(skipped.reason, []).append(Path(skipped.path).name)
        summary += f", {len(report.skipped)} skipped: " + "; ".join(
            f"{len(names)} {reason} ({_some(names)})" for reason, names in sorted(reasons.items())
        )
    _out().print(data(summary))


def _some(names: list[str], shown: int = 3) -> str:
    """The first few names, and how many more."""
    more = f", {len(names) - shown} more" if len(names) > shown else ""
    return ", ".join(names[:shown]) + more


@app.command()
def rederive(
    targets: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="TARGET",
            help="Negotiation ids or article ids (default: every stored article).",
        ),
    ] = None,
    db: DbOption = None,
    catalog: CatalogOption = None,
    as_json: JsonOption = False,
) -> None:
    """Derive stored articles again from their stored text.

    With the current catalog and rules: an article whose extractor version, rules or
    catalog changed since it was last derived gets an `article_rederived` event saying what
    changed; what is newly derived is appended, what is no longer derived is retracted
    (never deleted), and `timeline replay` shows both with the reason. Articles derived
    with the same knowledge are `unchanged`.

    \b
    Examples:
      timeline rederive --catalog my-parties.yaml              # every stored article
      timeline rederive eu-australia --catalog my-parties.yaml # one negotiation's articles
      timeline rederive unassigned                             # articles filed nowhere yet
      timeline rederive repro-2023-10-30-beef                  # one article, by id
    """
    with (
        opened(db, catalog) as timeline,
        progress_bar("re-deriving", None, show=True) as advance,
    ):
        report = timeline.rederive(targets or [], on_article=lambda _: advance())
    if as_json:
        print_json(report.model_dump(mode="json"))
    else:
        render_ingest_report(report)
    if not report.ok:
        raise typer.Exit(1)


@app.command()
def record(
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="A JSON Lines file of hand-written events.")
    ],
    db: DbOption = None,
    catalog: CatalogOption = None,
) -> None:
    """Record events the deriver missed (JSON Lines, all or none).

    Each line has the shape `timeline derive --format jsonl` prints, so a derived line can be
    copied, corrected and recorded: type, negotiation, actor and target ("KR+US"), subject,
    occurred (2017-08-22, 2017-08 or 2017), the type's own fields, and evidence as
    [{"article": ID, "quote": TEXT}]. Without start and end, the quote is found in the stored
    article (it must occur there once); with them, it must be the text at those offsets.
    reported_on defaults to the article's publication day; rule and confidence are recorded
    as given (default manual:FILE, 1.0); event_id is ignored. The older names article_id
    and derivation still work. Parties must be the catalog's codes, numbers and dates
    plausible. Every problem is reported on its own line, FILE:LINE: problem, and nothing is
    recorded; recording a file again is a no-op.

    \b
    Example (one line of missed.jsonl):
      {"type": "meeting_held", "negotiation": "korus", "actor": "KR+US",
       "subject": "special session", "occurred": "2017-08-22",
       "evidence": [{"article": "ap-2017-08-22-korea-says-no", "quote": "..."}]}
      timeline record missed.jsonl
    """
    from timeline.rendering import data

    with opened(db, catalog) as timeline, failing_clearly():
        outcome = timeline.record(file)
    _out().print(data(f"{outcome.recorded} event(s) recorded in stream {outcome.stream_id}"))


# -- curation: review, reject, confirm, coverage ------------------------------------------
ArticleArgument = Annotated[
    str, typer.Argument(metavar="ARTICLE", help="A stored article id, e.g. ap-2017-08-22-x.")
]
AnalystOption = Annotated[
    str | None,
    typer.Option(
        "--analyst",
        metavar="NAME",
        envvar="TIMELINE_ANALYST",
        help="Who judges (default: your user name).",
    ),
]


def _analyst(name: str | None) -> str:
    """The analyst's name: as given, else the operating system's user name."""
    if name and name.strip():
        return name.strip()
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in this environment (a container, say)
        return "unknown analyst"


@app.command()
def review(
    article: ArticleArgument,
    db: DbOption = None,
    catalog: CatalogOption = None,
    as_json: JsonOption = False,
) -> None:
    """List what was derived from a stored article, to judge it.

    Every event derived from the article (or recorded by hand quoting it), in store order:
    its id (to reject or confirm it), type, actors, date, rule and quotes, whether a later
    derivation retracted it, and every analyst judgement of it (who, when, why).

    \b
    Examples:
      timeline review ap-2017-08-22-korea-says-no
      timeline reject 3f2c9a1e --reason "the quote is about the EU deal"
    """
    from timeline.rendering import review_view

    with opened(db, catalog) as timeline:
        result = timeline.review(article)
    if as_json:
        print_model_json(result)
    else:
        _out().print(review_view(result))


@app.command()
def reject(
    event_id: Annotated[
        str,
        typer.Argument(
            metavar="EVENT_ID",
            help="The event's id (or its first 8+ characters), from `review`.",
        ),
    ],
    reason: Annotated[
        str, typer.Option("--reason", metavar="TEXT", help="Why the event is wrong (required).")
    ],
    analyst: AnalystOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Record that a derived event is wrong: it stops counting.

    The rejection is a new event in the store (who, when, why); nothing is deleted. From
    then on the event counts nowhere in the state (status, proposals, figures, support),
    `explain` lists it as set aside by whom and why, `replay` shows the rejection as a step,
    and the rejection survives `timeline rederive`. Rejecting it again records nothing;
    `timeline confirm` undoes it.

    \b
    Example:
      timeline reject 3f2c9a1e-0b7d-5c7e-9a51-2d4f0e6b8c10 --reason "misread: the EU, not KR"
    """
    _judge(event_id, analyst=analyst, reason=reason, db=db, rejected=True, as_json=as_json)


@app.command()
def confirm(
    event_id: Annotated[
        str,
        typer.Argument(
            metavar="EVENT_ID",
            help="The event's id (or its first 8+ characters), from `review`.",
        ),
    ],
    reason: Annotated[
        str | None, typer.Option("--reason", metavar="TEXT", help="Why (optional).")
    ] = None,
    analyst: AnalystOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Record that a derived event is right: it is confirmed.

    A confirmed fact's support is `confirmed` (see `timeline explain NEGOTIATION status`):
    it no longer reads as resting on a single source, and a termination notice an analyst
    confirmed counts even from one lower-confidence report. Confirming a rejected event
    undoes the rejection; confirming it again records nothing.

    \b
    Example:
      timeline confirm 3f2c9a1e --analyst jdoe --reason "checked against the USTR statement"
    """
    _judge(event_id, analyst=analyst, reason=reason, db=db, rejected=False, as_json=as_json)


def _judge(
    event_id: str,
    *,
    analyst: str | None,
    reason: str | None,
    db: str | None,
    rejected: bool,
    as_json: bool,
) -> None:
    from timeline.rendering import data

    name = _analyst(analyst)
    with opened(db, None) as timeline:
        if rejected:
            outcome = timeline.reject(event_id, analyst=name, reason=reason or "")
        else:
            outcome = timeline.confirm(event_id, analyst=name, reason=reason)
    if as_json:
        print_json(outcome.model_dump(mode="json"))
        return
    what = f"{outcome.event_type} {outcome.event_id} «{outcome.quote}» ({outcome.article_id})"
    if outcome.recorded:
        _out().print(
            data(f"{outcome.verdict} by {outcome.analyst} at position {outcome.position}: {what}")
        )
        return
    previous = outcome.previous
    assert previous is not None
    why = f": {previous.reason}" if previous.reason else ""
    _out().print(
        data(
            f"already {previous.verdict} by {previous.analyst} on "
            f"{previous.judged_at:%Y-%m-%d %H:%M} UTC{why}; nothing recorded ({what})"
        )
    )


@app.command()
def coverage(
    article: Annotated[
        str,
        typer.Argument(
            metavar="ARTICLE",
            help="A stored article id, or an article file (.md) to derive.",
        ),
    ],
    missed: Annotated[
        bool, typer.Option("--missed", help="Only the sentences nothing came from.")
    ] = False,
    db: DbOption = None,
    catalog: CatalogOption = None,
    as_json: JsonOption = False,
) -> None:
    """The article's sentences with the events derived from each.

    Shows at a glance the sentences nothing came from (marked `-`), to find what the
    deriver missed and add it with `timeline record`. A stored article shows its active
    events (derived or recorded; rejected ones marked and not counted); an article file is
    derived on the fly and nothing is stored.

    \b
    Examples:
      timeline coverage ap-2017-08-22-korea-says-no --missed
      timeline coverage seeds/2017-08-22-ap-korea-says-no.md --json
    """
    from timeline.rendering import coverage_view

    if Path(article).suffix == ".md" and Path(article).is_file():
        from timeline.app import Timeline

        with failing_clearly(), Timeline.in_memory(catalog_path=catalog) as timeline:
            result = timeline.coverage(Path(article))
    else:
        with opened(db, catalog) as timeline:
            result = timeline.coverage(article)
    if as_json:
        print_json(
            {
                **result.model_dump(mode="json"),
                "missed": [s.index for s in result.missed],
            }
        )
        return
    _out().print(coverage_view(result, only_missed=missed))


@app.command()
def derive(
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="One article file (.md with front matter).")
    ],
    output_format: Annotated[
        str,
        typer.Option(
            "--format", metavar="FORMAT", help="jsonl (one JSON object per event) or table."
        ),
    ] = "table",
    catalog: CatalogOption = None,
) -> None:
    """Print the events derived from one article; stores nothing.

    \b
    Example: timeline derive seeds/2017-08-22-ap-korea-says-no.md --format jsonl
    """
    from timeline.derivation.articles import read_article
    from timeline.derivation.catalog import load_catalog
    from timeline.derivation.extractor import derive as derive_events
    from timeline.derivation.jsonl import derived_record
    from timeline.rendering import data, texts
    from timeline.rendering import table as rendered_table

    if output_format not in {"jsonl", "table"}:
        raise typer.BadParameter("use jsonl or table", param_hint="--format")
    with failing_clearly():
        article = read_article(file)
        records = [derived_record(e) for e in derive_events(article, load_catalog(catalog))]
    if output_format == "jsonl":
        for record in records:
            print_json_line(json.dumps(record, ensure_ascii=False))
        return
    table = rendered_table(
        data(f"{article.id}: {len(records)} event(s)"),
        *("type", "actor", "target", "occurred", "quote", "rule"),
    )
    for record in records:
        table.add_row(
            *texts(
                record["type"],
                record.get("actor") or "",
                record.get("target") or "",
                record.get("occurred") or "",
                record["evidence"][0]["quote"],
                record.get("rule") or "",
            )
        )
    _out().print(table)


# -- reading the negotiation ---------------------------------------------------------------
NegotiationArgument = Annotated[
    str, typer.Argument(metavar="NEGOTIATION", help="Negotiation id, e.g. korus.")
]


@app.command()
def negotiations(
    db: DbOption = None, catalog: CatalogOption = None, as_json: JsonOption = False
) -> None:
    """List the negotiations with their parties, counts and dates.

    The catalog's, and every other one the stored articles name. For each: id, name,
    parties, the articles filed under it or cited by its events, its events (retracted ones
    and those an analyst rejected excluded), and the first and last world dates among them.
    A negotiation the catalog lacks takes its name and parties from its articles'
    derivation (`source` articles).

    \b
    Examples:
      timeline negotiations
      timeline negotiations --json --catalog my-parties.yaml
    """
    from timeline.rendering import table as rendered_table
    from timeline.rendering import texts

    with opened(db, catalog) as timeline:
        summaries = timeline.negotiation_summaries()
    if as_json:
        print_json([summary.model_dump(mode="json") for summary in summaries])
        return
    table = rendered_table(
        "Negotiations",
        *("id", "name", "parties", "articles", "events", "first", "last", "source"),
        right=("articles", "events"),
    )
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
        table.add_row(*texts(*cells))  # names come from articles: data
    _out().print(table)


def _served_url(db: str | None, catalog: Path | None) -> str | None:
    """The store's URL when the latest state may be served as persisted: no catalog is
    named (the full path reads it and reports its errors)."""
    settings = Settings.from_environment(db, catalog)
    return None if settings.catalog_path is not None else settings.database_url


def served_state(db: str | None, catalog: Path | None, negotiation: str) -> NegotiationState | None:
    """The negotiation's latest state as its read model holds it, read without opening the
    store (no SQLAlchemy, no event models: see timeline.projections.fast_state), when the
    store is a SQLite file whose read model is current; None otherwise, and when a catalog
    is named."""
    url = _served_url(db, catalog)
    if url is None:
        return None
    from timeline.projections.fast_state import latest_state

    return latest_state(url, negotiation)


def served_display(db: str | None, catalog: Path | None, negotiation: str) -> StateDisplay | None:
    """What the terminal shows of the negotiation's latest state, as its read model holds
    it (no pydantic either: see timeline.display), under the conditions of served_state."""
    url = _served_url(db, catalog)
    if url is None:
        return None
    from timeline.projections.fast_state import latest_display

    return latest_display(url, negotiation)


@app.command()
def state(
    negotiation: NegotiationArgument,
    as_of: AsOfOption = None,
    known_at: KnownAtOption = None,
    db: DbOption = None,
    catalog: CatalogOption = None,
    as_json: JsonOption = False,
) -> None:
    """The negotiation's state, with its status and sources.

    Proposals, clauses, meetings, positions, figures and the status with the rule that set
    it. What no article states is shown as `unknown`; disputed figures list every source's
    value. NEGOTIATION is an id or any of its catalog aliases (korus, KORUS FTA).

    \b
    Example: timeline state korus --as-of 2017-08
    """
    from timeline.rendering import display_view, state_view

    latest = as_of is None and known_at is None  # perhaps served as persisted
    if latest and not as_json:
        display = served_display(db, catalog, negotiation)
        if display is not None:
            _out().print(display_view(display))
            return
    result = served_state(db, catalog, negotiation) if latest else None
    if result is None:
        moment = parse_known_at(known_at)
        with opened(db, catalog) as timeline:
            result = timeline.state(negotiation, as_of=as_date(as_of), known_at=moment)
    if as_json:
        print_model_json(result)
    else:
        _out().print(state_view(result, known_at=known_at))


@app.command()
def events(
    negotiation: NegotiationArgument,
    as_of: AsOfOption = None,
    known_at: KnownAtOption = None,
    db: DbOption = None,
    catalog: CatalogOption = None,
    as_json: JsonOption = False,
) -> None:
    """The negotiation's events in world order, with sources.

    Each event is listed once, with every article that reports it.

    \b
    Example: timeline events korus
    """
    from timeline.rendering import chronology_view

    moment = parse_known_at(known_at)
    with opened(db, catalog) as timeline:
        negotiation = timeline.negotiation_id(negotiation)  # an alias is titled by its id
        rows = timeline.events(negotiation, as_of=as_date(as_of), known_at=moment)
    if as_json:
        print_json([row.model_dump(mode="json") for row in rows])
    else:
        _out().print(chronology_view(rows, negotiation))


@app.command()
def replay(
    negotiation: NegotiationArgument,
    as_of: AsOfOption = None,
    known_at: KnownAtOption = None,
    from_position: Annotated[
        int,
        typer.Option(
            "--from-position",
            metavar="POSITION",
            min=0,
            help="Show the events from this store position on (earlier ones are folded, "
            "not shown).",
        ),
    ] = 0,
    limit: Annotated[
        int | None,
        typer.Option("--limit", metavar="N", min=0, help="Show at most this many events."),
    ] = None,
    db: DbOption = None,
    catalog: CatalogOption = None,
    as_json: JsonOption = False,
) -> None:
    """Every event in store order and the change it made.

    The audit trail: each event with its evidence and the state change it made, printed as
    it is replayed. With `--as-of`, each change is to the state as of that world date
    (events dated later change nothing visible).

    \b
    Example: timeline replay korus --known-at 20
    Example: timeline replay korus --from-position 1200 --limit 50
    """
    from timeline.rendering import print_replay

    moment = parse_known_at(known_at)
    with opened(db, catalog) as timeline:
        steps = timeline.replay(
            negotiation,
            as_of=as_date(as_of),
            known_at=moment,
            from_position=from_position,
            limit=limit,
        )
        if as_json:
            for step in steps:
                print_json_line(step.model_dump_json())
        else:
            count = print_replay(_out(), steps)
            _out().print(f"{count} event(s) replayed")


@app.command()
def explain(
    negotiation: NegotiationArgument,
    field: Annotated[
        str,
        typer.Argument(
            metavar="FIELD",
            help="Field path, e.g. status, next_meeting, termination_clause.notice_days, "
            "proposals.<id>.status, figures.goods_deficit.2016. `--list` shows them all.",
        ),
    ] = "",
    list_fields: Annotated[bool, typer.Option("--list", help="List every valid field.")] = False,
    as_of: AsOfOption = None,
    known_at: KnownAtOption = None,
    db: DbOption = None,
    catalog: CatalogOption = None,
    as_json: JsonOption = False,
) -> None:
    """The events, rules and quotes behind one state field.

    \b
    Example: timeline explain korus termination_clause.notice_days
    """
    from timeline.rendering import explanation_view, plain_lines

    moment = parse_known_at(known_at)
    with opened(db, catalog) as timeline:
        if list_fields or not field:
            plain_lines(_out(), timeline.fields(negotiation, as_of=as_date(as_of), known_at=moment))
            return
        result = timeline.explain(negotiation, field, as_of=as_date(as_of), known_at=moment)
    if as_json:
        print_model_json(result)
    else:
        _out().print(explanation_view(result))


# -- projections ----------------------------------------------------------------------------
@projections_app.command("status")
def projections_status(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Each read model's checkpoint and lag behind the store.

    For each read model: the last position it applied, the store's head and the lag
    between them, and how many documents it holds. ``negotiation_state`` is the latest
    state of each negotiation: its documents are the states served as current, ``stale``
    those to render again (changed since, or written by another version of the code).

    \b
    Example: timeline projections status --json
    """
    from timeline.rendering import table as rendered_table
    from timeline.rendering import texts

    with opened(db, None) as timeline:
        rows = timeline.projections.status()
    if as_json:
        print_json([asdict(row) for row in rows])
        return
    table = rendered_table(
        "Read models",
        *("projection", "position", "head", "lag", "documents", "stale", "updated at"),
        right=("position", "head", "lag", "documents", "stale"),
    )
    for row in rows:
        table.add_row(
            *texts(
                row.projection,
                row.position,
                row.head,
                row.lag,
                row.documents,
                row.stale,
                row.updated_at or "never",
            )
        )
    _out().print(table)


@projections_app.command("rebuild")
def projections_rebuild(db: DbOption = None) -> None:
    """Rebuild the read models from position 0.

    Drops the persisted read models and applies every event again.

    \b
    Example: timeline projections rebuild
    """
    with opened(db, None) as timeline:
        applied = timeline.projections.rebuild()
    _out().print(f"rebuilt: {applied} event(s) applied")


@projections_app.command("catch-up")
def projections_catch_up(db: DbOption = None) -> None:
    """Apply the events recorded since the read models' checkpoint.

    \b
    Example: timeline projections catch-up
    """
    with opened(db, None) as timeline:
        applied = timeline.projections.catch_up()
    _out().print(f"caught up: {applied} new event(s) applied")


@projections_app.command("verify")
def projections_verify(db: DbOption = None) -> None:
    """Check the read models against a rebuild.

    Rebuilds them in memory and reports any difference from the persisted ones.

    \b
    Example: timeline projections verify
    """
    from rich.text import Text

    from timeline.rendering import data

    with opened(db, None) as timeline:
        problems = timeline.projections.verify()
    for problem in problems:
        _err().print(Text("difference: ", style="red") + data(problem), highlight=False)
    if problems:
        raise typer.Exit(1)
    _out().print("verified: the persisted read models match a rebuild from the events")


# -- report --------------------------------------------------------------------------------
@app.command()
def report(
    negotiation: NegotiationArgument,
    output: Annotated[
        Path, typer.Option("--output", "-o", metavar="FILE", help="The HTML file to write.")
    ] = Path("report.html"),
    as_of: AsOfOption = None,
    known_at: KnownAtOption = None,
    db: DbOption = None,
    catalog: CatalogOption = None,
) -> None:
    """Write the negotiation as one self-contained HTML page.

    A time axis with a lane per party and a marker per event, coloured by type; proposals
    drawn from made to answered (or still open); meetings held and the next one; the as-of
    line; the state with its status and why; disputed figures and dates flagged; every event
    with its quotes, article, outlet, link and rule; filters by type and party. Events an
    analyst rejected are struck out with who, when and why, and counted nowhere; confirmed
    ones are marked. The page fetches nothing and runs only its own script; every stored
    text in it is escaped.

    \b
    Example: timeline report korus --as-of 2017-08 -o korus.html
    """
    from rich.text import Text

    from timeline.rendering import data
    from timeline.report import ArticleMeta, render_report

    moment = parse_known_at(known_at)
    day = as_date(as_of)
    with opened(db, catalog) as timeline:
        negotiation = timeline.negotiation_id(negotiation)
        result = timeline.state(negotiation, as_of=day, known_at=moment)
        rows = timeline.events(negotiation, as_of=day, known_at=moment)
        rejected = timeline.set_aside_events(negotiation, as_of=day, known_at=moment)
        stored = timeline.articles(s.article_id for row in [*rows, *rejected] for s in row.sources)
        known = timeline.catalog.negotiation(negotiation)
    articles = {
        key: ArticleMeta(key, a.outlet, a.title, a.url, a.published) for key, a in stored.items()
    }
    page = render_report(
        result,
        rows,
        articles,
        title=known.name if known else negotiation,
        known_at=known_at,
        version=package_version(),
        set_aside=rejected,
    )
    try:
        output.write_text(page, encoding="utf-8")
    except OSError as error:
        _err().print(Text("error: ", style="red") + data(f"cannot write {output}: {error}"))
        raise typer.Exit(1) from error
    _out().print(data(f"wrote {output} ({len(rows)} event(s), {len(page) // 1024} KiB)"))


# -- export and schema -----------------------------------------------------------------------
@app.command()
def export(
    negotiation: NegotiationArgument,
    output_format: Annotated[
        str, typer.Option("--format", metavar="FORMAT", help="csv (one row per event) or jsonl.")
    ] = "csv",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write here instead of stdout."),
    ] = None,
    known_at: KnownAtOption = None,
    db: DbOption = None,
    catalog: CatalogOption = None,
) -> None:
    """Export the negotiation's events with CAMEO and PLOVER codes.

    One record per stored event (retracted and rejected ones left out) with its envelope
    (event id, store position, stream, recorded time), payload, evidence and rule, plus the
    nearest CAMEO code and PLOVER event type and mode of its type, from the crosswalk
    shipped with timeline (timeline/crosswalk.yaml, a note per mapping), to join with
    GDELT, ICEWS or POLECAT data.
    In CSV, text a spreadsheet would run as a formula is prefixed with a quote.

    \b
    Example: timeline export korus --format csv -o korus.csv
    """
    from rich.text import Text

    from timeline.export import export_records, to_csv, to_jsonl
    from timeline.projections.negotiation import known
    from timeline.rendering import data

    if output_format not in {"csv", "jsonl"}:
        raise typer.BadParameter("use csv or jsonl", param_hint="--format")
    moment = parse_known_at(known_at)
    with opened(db, catalog) as timeline:
        negotiation = timeline.negotiation_id(negotiation)
        events = list(known(timeline.projections.events(negotiation), moment))
    records = export_records(events)
    lines = to_csv(records) if output_format == "csv" else (f"{r}\n" for r in to_jsonl(records))
    if output is None:
        for line in lines:
            typer.echo(line, nl=False)
        return
    try:
        with output.open("w", encoding="utf-8", newline="") as handle:
            handle.writelines(lines)
    except OSError as error:
        _err().print(Text("error: ", style="red") + data(f"cannot write {output}: {error}"))
        raise typer.Exit(1) from error
    _out().print(data(f"wrote {output}"))


@app.command()
def schema() -> None:
    """Print the JSON Schema of every event type.

    One JSON Schema document: each event type's model under `$defs`, selected by `type`.

    \b
    Example: timeline schema > events.schema.json
    """
    from timeline.export import event_schemas

    typer.echo(json.dumps(event_schemas(), indent=2, ensure_ascii=False))


# -- steps (the Gherkin step library of timeline.scenarios) ----------------------------------
@app.command()
def steps() -> None:
    """List the Gherkin steps for feature files.

    Every step of the library, with its docstring and examples.

    \b
    Example: timeline steps | grep negotiation
    """
    try:
        from timeline.scenarios.listing import step_listing
        from timeline.scenarios.registry import library_steps
    except ImportError as error:
        _err().print(
            f'the step library needs pytest-bdd: pip install "timeline[scenarios]" ({error})',
            markup=False,
        )
        raise typer.Exit(1) from None
    _out().print(
        step_listing(library_steps()), highlight=False, markup=False, soft_wrap=True, end=""
    )
