"""What the CLI prints: stored text as data, whole ids when piped, honest help, lazy imports."""

from __future__ import annotations

import inspect
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from tests.e2e import hostile
from tests.e2e.store_copies import copy_store
from timeline.cli import app
from timeline.rendering import data, value_text

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
runner = CliRunner()


def invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = runner.invoke(app, [str(a) for a in args], env=env)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store migrated and given the seeds by the commands, once per module."""
    url = f"sqlite:///{tmp_path_factory.mktemp('seeded') / 'seeds.db'}"
    assert invoke("db", "upgrade", "--db", url)[0] == 0
    code, out = invoke("ingest", str(SEEDS), "--db", url)
    assert code == 0, out
    return url


@pytest.fixture
def seeds_db(seeded: str, tmp_path: Path) -> str:
    """A copy of the seeded store of its own."""
    return copy_store(seeded, tmp_path, "seeds.db")


@pytest.fixture
def hostile_db(tmp_path: Path) -> tuple[str, str, str]:
    """A store holding the hostile article: (url, catalog path, ingest output)."""
    article, catalog = hostile.write_hostile(tmp_path / "hostile")
    url = f"sqlite:///{tmp_path / 'hostile.db'}"
    assert invoke("db", "upgrade", "--db", url)[0] == 0
    code, out = invoke("ingest", str(article), "--db", url, "--catalog", str(catalog))
    assert code == 0, out
    return url, str(catalog), out


# -- stored text is data ------------------------------------------------------------------
def test_an_ingest_report_shows_a_markup_article_id_as_stored(
    hostile_db: tuple[str, str, str],
) -> None:
    _, _, out = hostile_db
    assert hostile.ARTICLE_ID in out
    assert hostile.NEGOTIATION in out


def test_every_read_command_prints_hostile_ids_quotes_and_names_verbatim(
    hostile_db: tuple[str, str, str],
) -> None:
    url, catalog, _ = hostile_db
    where = ("--db", url, "--catalog", catalog)
    code, out = invoke("negotiations", *where)
    assert code == 0 and hostile.NEGOTIATION in out
    code, out = invoke("state", "no-such-talks", *where)
    assert code == 1 and hostile.NEGOTIATION in out  # the list of known ones, verbatim
    code, out = invoke("state", hostile.NEGOTIATION, *where)
    assert code == 0, out
    assert hostile.NEGOTIATION in out and hostile.ARTICLE_ID in out
    code, out = invoke("events", hostile.NEGOTIATION, *where)
    assert code == 0 and hostile.ARTICLE_ID in out
    code, out = invoke("replay", hostile.NEGOTIATION, *where)
    assert code == 0 and hostile.QUOTE_MARKUP in out and hostile.ARTICLE_ID in out
    assert "[bold]again[/bold]" in out
    code, out = invoke("explain", hostile.NEGOTIATION, "--list", *where)
    assert code == 0 and "status" in out.split()
    field = next(
        line for line in out.splitlines() if line.startswith("proposals.") and "." not in line[10:]
    )
    code, out = invoke("explain", hostile.NEGOTIATION, field, *where)
    assert code == 0 and hostile.QUOTE_MARKUP in out and hostile.ARTICLE_ID in out


def test_derive_prints_a_markup_article_id_and_quote_verbatim(tmp_path: Path) -> None:
    article, catalog = hostile.write_hostile(tmp_path)
    code, out = invoke("derive", str(article), "--catalog", str(catalog))
    assert code == 0, out
    assert hostile.ARTICLE_ID in out and hostile.QUOTE_MARKUP in out


def test_an_unknown_negotiation_with_markup_is_named_as_typed(seeds_db: str) -> None:
    for name in ("[/red]", "[bold]x", "[link=https://evil.example]click"):
        code, out = invoke("state", name, "--db", seeds_db)
        assert code == 1
        assert f"unknown negotiation {name!r}" in out


def test_terminal_text_shows_control_characters_instead_of_sending_them() -> None:
    shown = data("a\x1b[31mred\x07 [bold]b").plain
    assert "\x1b" not in shown and "\x07" not in shown
    assert shown == "a\\x1b[31mred\\x07 [bold]b"


# -- width -------------------------------------------------------------------------------
def test_piped_tables_keep_ids_and_types_whole(seeds_db: str) -> None:
    code, out = invoke("events", "korus", "--db", seeds_db)
    assert code == 0
    assert "gulfnews-1.2078485" in out and "proposal_rejected" in out
    code, out = invoke("state", "korus", "--db", seeds_db)
    assert code == 0 and "ap-2017-08-22-korea-says-no" in out


def test_a_narrow_terminal_folds_prose_but_not_event_types(seeds_db: str) -> None:
    code, out = invoke("events", "korus", "--db", seeds_db, env={"COLUMNS": "90"})
    assert code == 0
    assert max(map(len, out.splitlines())) <= 90
    assert "proposal_rejected" in out and "termination_clause_cited" in out


def test_a_terminal_table_fits_its_width_and_keeps_ids_codes_counts_and_dates_whole(
    seeds_db: str,
) -> None:
    code, out = invoke("negotiations", "--db", seeds_db, env={"COLUMNS": "100"})
    assert code == 0, out
    assert max(map(len, out.splitlines())) <= 100
    korus = next(line for line in out.splitlines() if "│ korus " in line)
    assert "KR+US" in korus and "2012" in korus and "2017-08-22" in korus and "catalog" in korus
    assert "│ us-china " in out and "CA+MX+US" in out
    code, out = invoke("ingest", str(SEEDS), "--db", seeds_db, env={"COLUMNS": "80"})
    assert code == 0, out
    assert max(map(len, out.splitlines())) <= 80
    assert "ap-2017-08-22-korea-says-no" in out and "gulfnews-1.2078485" in out


def test_piped_negotiations_print_one_line_per_negotiation(seeds_db: str) -> None:
    code, out = invoke("negotiations", "--db", seeds_db)
    assert code == 0, out
    korus = next(line for line in out.splitlines() if "│ korus " in line)
    assert "Korea-U.S. Free Trade Agreement (KORUS FTA)" in korus
    assert "│ KR+US " in korus and "│ 2012 " in korus and "│ 2017-08-22 │" in korus


# -- help --------------------------------------------------------------------------------
def _commands() -> list[tuple[list[str], Any]]:
    """Every command and group of the app, by its path of names."""
    root = typer.main.get_command(app)
    found: list[tuple[list[str], Any]] = []
    for name, command in getattr(root, "commands", {}).items():
        for sub, child in getattr(command, "commands", {}).items():
            found.append(([name, sub], child))
        found.append(([name], command))
    assert found
    return found


@pytest.mark.parametrize("path", [p for p, _ in _commands()], ids=" ".join)
def test_help_shows_no_type_tags_and_every_sentence_whole(path: list[str]) -> None:
    command = dict((tuple(p), c) for p, c in _commands())[tuple(path)]
    code, out = invoke(*path, "--help")
    assert code == 0
    assert "<bool>" not in out
    assert not re.search(r"--[a-z-]+ <", out), "an option shows a type tag, not a metavar"
    usage = out.split("\n\n", 1)[0]
    for placeholder in re.findall(r"[{\[]([^\]}]+)[}\]]", usage):
        assert placeholder.isupper(), f"usage names {placeholder!r}, not an upper-case metavar"
    flat = " ".join(out.split())
    for paragraph in inspect.cleandoc(command.help or "").split("\n\n"):
        assert " ".join(paragraph.replace("\b", "").split()) in flat


def test_the_command_list_is_not_cut_mid_sentence() -> None:
    code, out = invoke("--help")
    assert code == 0
    commands = out.split("Commands:")[1]
    assert "..." not in commands


# -- dates, names, values ------------------------------------------------------------------
def test_as_of_accepts_a_month_or_a_year_as_its_last_day(seeds_db: str) -> None:
    for given, day in (("2017-08", "2017-08-31"), ("2017", "2017-12-31"), ("2017-08-22", None)):
        code, out = invoke("state", "korus", "--as-of", given, "--db", seeds_db, "--json")
        assert code == 0, out
        assert json.loads(out)["as_of"] == (day or given)
    code, out = invoke("state", "korus", "--as-of", "2017-13", "--db", seeds_db)
    assert code == 2 and "2017-08-22, 2017-08 or 2017" in out


def test_a_catalog_alias_or_another_case_names_the_negotiation(seeds_db: str) -> None:
    for name in ("KORUS", "korus fta", "Korea-US FTA"):
        code, out = invoke("state", name, "--db", seeds_db, "--json")
        assert code == 0, out
        assert json.loads(out)["negotiation"] == "korus"
    code, out = invoke("events", "KORUS FTA", "--db", seeds_db)
    assert code == 0 and out.lstrip().startswith("korus: events"), out[:80]


def test_a_near_miss_gets_a_did_you_mean(seeds_db: str) -> None:
    code, out = invoke("events", "koruss", "--db", seeds_db)
    assert code == 1 and "did you mean 'korus'?" in out
    code, out = invoke("state", "nafat", "--db", seeds_db)
    assert code == 1 and "did you mean 'nafta'?" in out
    code, out = invoke("state", "zzzz", "--db", seeds_db)
    assert code == 1 and "did you mean" not in out


def test_explaining_a_figure_prints_readable_lines_not_a_python_dict(seeds_db: str) -> None:
    code, out = invoke("explain", "korus", "figures.goods_deficit.2016", "--db", seeds_db)
    assert code == 0, out
    assert "{'" not in out and "'sources'" not in out
    assert "status: disputed" in out and "value: 27.6" in out


def test_a_nested_value_reads_as_indented_lines() -> None:
    text = value_text({"a": 1.50, "b": [{"c": None}], "sources": [1], "d": []})
    assert text == "a: 1.5\nb:\n  - c: unknown\nd: none"


# -- start-up ----------------------------------------------------------------------------
def test_commands_that_derive_nothing_do_not_import_spacy() -> None:
    probe = (
        "import sys, timeline.cli, timeline.app, timeline.rendering\n"
        "assert 'spacy' not in sys.modules, 'spacy imported'\n"
    )
    subprocess.run([sys.executable, "-c", probe], check=True)


def test_help_loads_neither_the_store_nor_the_deriver() -> None:
    probe = (
        "import sys, timeline.cli\n"
        "heavy = {'spacy', 'sqlalchemy', 'alembic'} & set(sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", probe], check=True)


def test_state_imports_neither_alembic_nor_spacy(seeds_db: str) -> None:
    """Reading the state checks the schema's revision without alembic, and derives nothing."""
    probe = (
        "import sys\n"
        "from timeline.cli import app\n"
        f"sys.argv = ['timeline', 'state', 'korus', '--db', {seeds_db!r}]\n"
        "try:\n"
        "    app()\n"
        "except SystemExit as done:\n"
        "    assert not done.code, done.code\n"
        "heavy = {'spacy', 'alembic'} & set(sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], check=False, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "korus" in done.stdout and "status:" in done.stdout


def test_help_imports_neither_alembic_nor_spacy_nor_the_store_nor_pydantic_nor_rich() -> None:
    probe = (
        "import sys\n"
        "from timeline.cli import app\n"
        "sys.argv = ['timeline', '--help']\n"
        "try:\n"
        "    app()\n"
        "except SystemExit as done:\n"
        "    assert not done.code, done.code\n"
        "heavy = {'spacy', 'alembic', 'sqlalchemy', 'pydantic', 'rich'} & set(sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], check=False, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "Commands:" in done.stdout


# -- every command's help ------------------------------------------------------------------
def _every_command() -> list[tuple[list[str], Any]]:
    """The root, every group and every command, by their path of names."""
    found: list[tuple[list[str], Any]] = []

    def walk(command: Any, path: list[str]) -> None:
        found.append((path, command))
        for name, child in getattr(command, "commands", {}).items():
            walk(child, [*path, name])

    walk(typer.main.get_command(app), [])
    return found


@pytest.mark.parametrize(
    "path", [p for p, _ in _every_command()], ids=lambda p: " ".join(p) or "timeline"
)
def test_every_help_has_an_example_and_lists_no_cut_summary(path: list[str]) -> None:
    code, out = invoke(*path, "--help")
    assert code == 0, out
    assert "Example" in out, f"`timeline {' '.join(path)} --help` shows no example"
    example = out.split("Example", 1)[1]
    assert "timeline " in example.split("Options:")[0]
    if "Commands:" in out:  # a group: each command's one-line summary is whole
        assert "..." not in out.split("Commands:", 1)[1]
