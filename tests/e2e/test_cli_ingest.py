"""What `timeline ingest` tells: a progress bar on a terminal only, and the files it skipped."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from timeline import cli
from timeline.app import scan_articles
from timeline.cli import app

runner = CliRunner()

ARTICLE = """---
id: {id}
published: 2019-03-0{day}
negotiation: testland-exampleland
---
Testland and Exampleland held a {day}th round of trade talks in Geneva on Monday.
"""


def write_articles(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for day in range(1, count + 1):
        (folder / f"round-{day}.md").write_text(
            ARTICLE.format(id=f"round-{day}", day=day), encoding="utf-8"
        )
    return folder


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'ingest.db'}"
    assert runner.invoke(app, ["db", "upgrade", "--db", url]).exit_code == 0
    return url


def terminal(monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    """Make the CLI's stderr console a terminal writing into the returned buffer."""
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100)
    monkeypatch.setattr(cli, "errors", console)
    return screen


# -- progress ------------------------------------------------------------------------------
def test_ingesting_many_articles_on_a_terminal_shows_a_progress_bar(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_articles(tmp_path / "many", cli.PROGRESS_FROM)
    screen = terminal(monkeypatch)
    result = runner.invoke(app, ["ingest", str(folder), "--db", db])
    assert result.exit_code == 0, result.output
    assert "ingesting" in screen.getvalue()
    assert f"{cli.PROGRESS_FROM}/{cli.PROGRESS_FROM}" in screen.getvalue()


def test_a_few_articles_on_a_terminal_show_no_progress_bar(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_articles(tmp_path / "few", cli.PROGRESS_FROM - 1)
    screen = terminal(monkeypatch)
    result = runner.invoke(app, ["ingest", str(folder), "--db", db])
    assert result.exit_code == 0, result.output
    assert "ingesting" not in screen.getvalue()


def test_piped_ingest_shows_no_progress_bar(db: str, tmp_path: Path) -> None:
    folder = write_articles(tmp_path / "many", cli.PROGRESS_FROM + 1)
    result = runner.invoke(app, ["ingest", str(folder), "--db", db])
    assert result.exit_code == 0, result.output
    assert "ingesting" not in result.output and "\x1b[" not in result.output
    assert f"{cli.PROGRESS_FROM + 1} article(s) read, 0 failed" in result.output


# -- skipped files -------------------------------------------------------------------------
def messy_folder(root: Path) -> Path:
    """Two articles, and what a real folder also holds."""
    folder = write_articles(root / "articles", 2)
    (folder / "notes.txt").write_text("not an article", encoding="utf-8")
    (folder / "chart.png").write_bytes(b"\x89PNG")
    (folder / ".draft.md").write_text("---\nid: draft\n---\nunfinished", encoding="utf-8")
    (folder / ".git").mkdir()
    (folder / ".git" / "HEAD.md").write_text("ref", encoding="utf-8")
    (folder / "gone.md").symlink_to(folder / "missing-target.md")
    (folder / "sub").mkdir()
    write_articles(folder / "sub", 1)
    (folder / "sub" / "README").write_text("about the folder", encoding="utf-8")
    return folder


def test_a_folder_scan_reads_markdown_and_names_what_it_skips_and_why(tmp_path: Path) -> None:
    folder = messy_folder(tmp_path)
    scan = scan_articles([folder])
    assert [p.relative_to(folder).as_posix() for p in scan.files] == [
        "round-1.md",
        "round-2.md",
        "sub/round-1.md",
    ]
    skipped = {Path(s.path).relative_to(folder).as_posix(): s.reason for s in scan.skipped}
    assert skipped == {
        ".draft.md": "hidden",
        ".git": "hidden",
        "chart.png": "not .md",
        "gone.md": "not a file",
        "notes.txt": "not .md",
        "sub/README": "not .md",
    }


def test_a_file_named_directly_is_read_whatever_its_name(tmp_path: Path) -> None:
    named = tmp_path / ".hidden-article.txt"
    named.write_text(ARTICLE.format(id="x", day=1), encoding="utf-8")
    scan = scan_articles([named])
    assert scan.files == [named] and scan.skipped == []


def test_a_folder_ingest_says_how_many_files_it_skipped_and_why(db: str, tmp_path: Path) -> None:
    folder = messy_folder(tmp_path)
    result = runner.invoke(app, ["ingest", str(folder), "--db", db])
    assert result.exit_code == 0, result.output
    last = " ".join(result.output.split()[-40:])
    assert "3 article(s) read, 0 failed, 6 skipped:" in last
    assert "2 hidden (.draft.md, .git)" in last
    assert "3 not .md (chart.png, notes.txt, README)" in last
    assert "1 not a file (gone.md)" in last
    result = runner.invoke(app, ["ingest", str(folder), "--db", db, "--json"])
    reasons = sorted(s["reason"] for s in json.loads(result.output)["skipped"])
    assert reasons == ["hidden", "hidden", "not .md", "not .md", "not .md", "not a file"]
