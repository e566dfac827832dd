"""`timeline negotiations` and `timeline rederive` end to end on a SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from timeline.cli import app

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
MORE_PARTIES = (
    Path(__file__).resolve().parents[1] / "fixtures" / "catalogs" / "fictional_parties.yaml"
)
runner = CliRunner()

ARTICLE = """---
id: wool-2024-02-02
published: 2024-02
---
Negotiators resumed talks on a free trade agreement between Sylvania and the European Union.
Sylvania rejected the EU's request to open its wool market, a Sylvanian official said.
"""


def invoke(*args: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, [str(a) for a in args], terminal_width=200)
    return result.exit_code, result.output


def test_negotiations_lists_names_parties_counts_and_dates(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'n.db'}"
    assert invoke("db", "upgrade", "--db", db)[0] == 0
    assert invoke("ingest", SEEDS, "--db", db)[0] == 0

    code, out = invoke("negotiations", "--db", db, "--json")

    assert code == 0, out
    listed = {item["id"]: item for item in json.loads(out)}
    korus = listed["korus"]
    assert (korus["parties"], korus["source"], korus["articles"]) == (["KR", "US"], "catalog", 2)
    assert korus["events"] > 0 and korus["first"] <= korus["last"]
    code, out = invoke("negotiations", "--db", db)
    assert code == 0 and "korus" in out and "KR+US" in out


def test_rederive_after_adding_a_catalog_files_the_article_under_its_negotiation(
    tmp_path: Path,
) -> None:
    db = f"sqlite:///{tmp_path / 'r.db'}"
    article = tmp_path / "wool.md"
    article.write_text(ARTICLE, encoding="utf-8")
    assert invoke("db", "upgrade", "--db", db)[0] == 0
    code, out = invoke("ingest", article, "--db", db)
    assert code == 0 and "unassigned" in out, out

    code, out = invoke("rederive", "--db", db, "--catalog", MORE_PARTIES, "--json")

    assert code == 0, out
    [outcome] = json.loads(out)["outcomes"]
    assert (outcome["status"], outcome["negotiation"], outcome["because"]) == (
        "rederived",
        "eu-sy",
        ["catalog"],
    )
    code, out = invoke("negotiations", "--db", db, "--catalog", MORE_PARTIES, "--json")
    listed = {item["id"]: item for item in json.loads(out)}
    assert listed["eu-sy"]["parties"] == ["EU", "SY"]
    assert listed["eu-sy"]["first"] == "2024-02"  # a relative date in a February clipping
    code, out = invoke("replay", "eu-sy", "--db", db, "--catalog", MORE_PARTIES)
    assert code == 0 and "derived again" in out


def test_rederive_of_an_unknown_name_fails_clearly(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'u.db'}"
    assert invoke("db", "upgrade", "--db", db)[0] == 0

    code, out = invoke("rederive", "nowhere", "--db", db)

    assert code == 1
    assert "neither a negotiation nor an ingested article" in out


def test_rederive_help_shows_examples() -> None:
    code, out = invoke("rederive", "--help")

    assert code == 0
    assert "timeline rederive eu-australia" in out
