"""Every command's table and plain output over hostile stored text: shown, never obeyed.

The store holds an article whose id, outlet, title, quotes, negotiation id and name, a
hand-written event's subject and file name, and even the database's folder, carry Rich
markup (``[/red]``, ``[bold]``, ``[link=...]``, a backslash before a bracket), terminal
escapes (colours, clear screen, cursor moves, OSC 8 hyperlinks) and other control
characters. Every command that prints runs over it (``state`` also as served from the
persisted display); none may crash, none may send a control
character to the terminal, and each payload must appear as :func:`timeline.rendering.data`
shows it (markup literally, control characters as ``\\xNN``): ``data`` is the one place that
turns stored text into terminal text. Outlets and titles reach only the files ``report``
(HTML, escaped there; see test_report.py) and ``export`` write, which run here too. The
wording of the article is our own.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from timeline.cli import app
from timeline.projections import fast_state
from timeline.rendering import data

ESC = "\x1b"
ARTICLE_ID = "[/red][bold]wire[link=https://evil.example]click[/link]\\[b]"
NEGOTIATION = "[/red]evil\\[bold]-deal"
NEGOTIATION_NAME = f"{ESC}[2J[bold]Evil Deal{ESC}[0m\r"
OUTLET = f"{ESC}[31mRed Wire{ESC}[0m [bold]x[/bold]"
TITLE = f"Title\x07{ESC}]8;;https://evil.example{ESC}\\link{ESC}]8;;{ESC}\\ [/quote]"
QUOTE_PAYLOAD = f"{ESC}[2K[/red]{ESC}[1A"
SUBJECT = f"a follow-up [link=https://evil.example]meeting[/link]{ESC}[5m\x9b31m"  # C1 CSI
RECORD_FILE = "[bold]missed"

CATALOG = f"""\
negotiations:
  {json.dumps(NEGOTIATION)}:
    name: {json.dumps(NEGOTIATION_NAME)}
    aliases: ["Evil Deal"]
    parties: [KR, US]
"""

SENTENCE = "Negotiators from the United States and South Korea met in Seoul on Tuesday."
BODY = (
    "South Korea on Wednesday rejected the U.S. proposal to amend the Evil Deal "
    f"{QUOTE_PAYLOAD} right away.\n\n"
    f'"We will not accept any change {ESC}[8m," the South Korean trade minister said.\n\n'
    f"{SENTENCE}\n\n"
    "The U.S. trade deficit with South Korea was $27.6 billion in 2016, according to the "
    "U.S. Commerce Department.\n"
)
ARTICLE = f"""\
---
id: {json.dumps(ARTICLE_ID)}
outlet: {json.dumps(OUTLET)}
title: {json.dumps(TITLE)}
negotiation: {json.dumps(NEGOTIATION)}
published: 2017-08-03
---
{BODY}"""

_RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
runner = CliRunner()


def shown(value: str) -> str:
    """How stored text must appear on the terminal: the plain text of ``data``."""
    return data(value).plain


def run(*args: str) -> str:
    """Run a command; it must succeed and send no control character to the terminal."""
    result = runner.invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == 0, result.output
    raw = _RAW_CONTROL.findall(result.output)
    assert not raw, f"{args[0]} sent control characters {raw!r}"
    return result.output


@dataclass(frozen=True)
class HostileStore:
    """A store holding the hostile article and a recorded event."""

    folder: Path
    url: str
    catalog: str
    written: dict[str, str]  # command -> what it printed while the store was filled

    @property
    def options(self) -> tuple[str, ...]:
        return ("--db", self.url, "--catalog", self.catalog)


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> HostileStore:
    """A store holding the hostile article and a recorded event, in a hostile folder."""
    folder = tmp_path_factory.mktemp("store") / "[red][bold]db[link=x]"
    folder.mkdir()
    (folder / "hostile.md").write_text(ARTICLE, encoding="utf-8")
    catalog = folder / "catalog.yaml"
    catalog.write_text(CATALOG, encoding="utf-8")
    where = ("--db", f"sqlite:///{folder / 'store.db'}", "--catalog", str(catalog))
    run("db", "upgrade", "--db", where[1])
    outputs = {"ingest": run("ingest", str(folder / "hostile.md"), *where)}
    start = BODY.index(SENTENCE)
    event = {
        "type": "meeting_held",
        "negotiation": NEGOTIATION,
        "actor": "KR+US",
        "subject": SUBJECT,
        "occurred": "2017-08-01",
        "reported_on": "2017-08-03",
        "evidence": [
            {
                "article_id": ARTICLE_ID,
                "start": start,
                "end": start + len(SENTENCE),
                "quote": SENTENCE,
            }
        ],
    }
    record_file = folder / f"{RECORD_FILE}.jsonl"
    record_file.write_text(json.dumps(event) + "\n", encoding="utf-8")
    outputs["record"] = run("record", str(record_file), *where)
    return HostileStore(folder, where[1], where[3], outputs)


def test_writing_commands_show_the_hostile_ids_as_stored(hostile_store: HostileStore) -> None:
    outputs = hostile_store.written
    assert shown(ARTICLE_ID) in outputs["ingest"] and shown(NEGOTIATION) in outputs["ingest"]
    assert shown(f"manual:{RECORD_FILE}") in outputs["record"]


@pytest.mark.parametrize(
    ("command", "payloads"),
    [
        (("negotiations",), (NEGOTIATION, NEGOTIATION_NAME)),
        (("state", NEGOTIATION), (NEGOTIATION, ARTICLE_ID)),
        (("state", "Evil Deal"), (NEGOTIATION, ARTICLE_ID)),
        (("events", NEGOTIATION), (ARTICLE_ID, SUBJECT)),
        (("replay", NEGOTIATION), (ARTICLE_ID, QUOTE_PAYLOAD, SUBJECT, SENTENCE)),
        (("explain", NEGOTIATION, "--list"), ()),
        (("explain", NEGOTIATION, "status"), ()),
        (("explain", NEGOTIATION, "next_meeting"), ()),
        (("rederive", ARTICLE_ID), (ARTICLE_ID,)),
        (("rederive", NEGOTIATION), (ARTICLE_ID,)),
    ],
    ids=lambda value: " ".join(value[:1]) if isinstance(value, tuple) and value else "",
)
def test_every_reading_command_prints_hostile_text_as_data(
    hostile_store: HostileStore, command: tuple[str, ...], payloads: tuple[str, ...]
) -> None:
    out = run(*command, *hostile_store.options)
    for payload in payloads:
        assert shown(payload) in out, f"{payload!r} is not shown as data by {command[0]}"


@pytest.mark.parametrize(
    "command",
    [
        ("state", NEGOTIATION),
        ("state", NEGOTIATION, "--as-of", "2017-08-02"),
        ("events", NEGOTIATION),
        ("explain", NEGOTIATION, "status"),
        ("replay", NEGOTIATION),
        ("review", ARTICLE_ID),
        ("negotiations",),
    ],
    ids=" ".join,
)
def test_every_json_output_escapes_control_characters_and_keeps_the_values(
    hostile_store: HostileStore, command: tuple[str, ...]
) -> None:
    """JSON escapes the controls below U+0020 itself, not DEL or the C1 controls (the
    subject's CSI): those are escaped too, and the stored text decodes unchanged."""
    out = run(*command, "--json", *hostile_store.options)
    lines = out.splitlines() if command[0] == "replay" else [out]  # JSON Lines
    decoded = _strings([json.loads(line) for line in lines])
    if command[0] in {"events", "replay", "review"}:
        assert SUBJECT in decoded
    assert NEGOTIATION in decoded or ARTICLE_ID in decoded


def _strings(value: object) -> str:
    """Every string in a decoded JSON value (keys too), one per line."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return "\n".join(_strings(part) for pair in value.items() for part in pair)
    if isinstance(value, list):
        return "\n".join(map(_strings, value))
    return ""


def test_derive_jsonl_escapes_control_characters(hostile_store: HostileStore) -> None:
    article = hostile_store.folder / "hostile.md"
    out = run("derive", str(article), "--format", "jsonl", "--catalog", hostile_store.catalog)
    assert QUOTE_PAYLOAD in _strings([json.loads(line) for line in out.splitlines()])


def test_the_served_state_prints_hostile_text_as_data(hostile_store: HostileStore) -> None:
    """``state`` drawn from the persisted display (no catalog named, read model current)."""
    run("projections", "catch-up", "--db", hostile_store.url)
    assert fast_state.latest_display(hostile_store.url, NEGOTIATION) is not None
    out = run("state", NEGOTIATION, "--db", hostile_store.url)
    for payload in (NEGOTIATION, ARTICLE_ID):
        assert shown(payload) in out, f"{payload!r} is not shown as data by the served state"


@pytest.mark.parametrize("command", ["status", "catch-up", "rebuild", "verify"])
def test_the_projection_commands_run_over_hostile_text(
    hostile_store: HostileStore, command: str
) -> None:
    run("projections", command, "--db", hostile_store.url)


@pytest.mark.parametrize(
    ("command", "name"),
    [(("report",), "report.html"), (("export", "--format", "csv"), "export.csv")],
)
def test_the_file_writing_commands_run_over_hostile_text(
    hostile_store: HostileStore, tmp_path: Path, command: tuple[str, ...], name: str
) -> None:
    target = tmp_path / name
    run(command[0], NEGOTIATION, *command[1:], "-o", str(target), *hostile_store.options)
    assert target.stat().st_size > 0


def test_explain_of_every_field_prints_quotes_as_data(hostile_store: HostileStore) -> None:
    options = hostile_store.options
    fields = run("explain", NEGOTIATION, "--list", *options).split()
    assert "status" in fields
    quotes = ""
    for field in fields:
        quotes += run("explain", NEGOTIATION, field, *options)
    assert shown(QUOTE_PAYLOAD) in quotes or shown(SENTENCE) in quotes


def test_db_commands_show_a_hostile_folder_name_as_data(hostile_store: HostileStore) -> None:
    url = hostile_store.url
    assert "at head" in run("db", "current", "--db", url)
    out = run("db", "upgrade", "--db", url)
    assert "[red][bold]db[link=x]" in out


def test_an_unknown_negotiation_message_shows_every_known_id_as_data(
    hostile_store: HostileStore,
) -> None:
    result = runner.invoke(app, ["state", f"{ESC}[31m[bold]nope", *hostile_store.options])
    assert result.exit_code == 1
    assert not _RAW_CONTROL.findall(result.output)
    assert shown(NEGOTIATION) in result.output and "[bold]nope" in result.output


def test_derive_prints_hostile_quotes_and_ids_as_data(hostile_store: HostileStore) -> None:
    article = hostile_store.folder / "hostile.md"
    out = run("derive", str(article), "--catalog", hostile_store.catalog)
    assert shown(ARTICLE_ID) in out and shown(QUOTE_PAYLOAD) in out


def test_an_id_with_a_control_character_is_refused_before_it_is_stored(tmp_path: Path) -> None:
    article = tmp_path / "escape.md"
    escaped = ARTICLE.replace("wire", "wire\\u001b[31m", 1)  # YAML's escape, as JSON writes it
    article.write_text(escaped, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'refused.db'}"
    run("db", "upgrade", "--db", url)
    result = runner.invoke(app, ["ingest", str(article), "--db", url])
    assert result.exit_code == 1
    assert "U+001B, a control character" in result.output
    assert not _RAW_CONTROL.findall(result.output)
