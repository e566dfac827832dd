"""The `timeline` command end to end on a SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.e2e.store_copies import copy_store
from timeline import __version__
from timeline.cli import app

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
runner = CliRunner()


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store migrated and given the seeds by the commands, once per module."""
    url = f"sqlite:///{tmp_path_factory.mktemp('seeded') / 'cli.db'}"
    code, out = invoke("db", "upgrade", "--db", url)
    assert code == 0, out
    code, out = invoke("ingest", str(SEEDS), "--db", url)
    assert code == 0, out
    return url


@pytest.fixture
def db(seeded: str, tmp_path: Path) -> str:
    """A copy of the seeded store of its own."""
    return copy_store(seeded, tmp_path, "cli.db")


def test_version() -> None:
    code, out = invoke("--version")
    assert code == 0 and __version__ in out


def test_db_upgrade_works_from_any_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out = invoke("db", "upgrade")
    assert code == 0, out
    assert (tmp_path / "timeline.db").exists()
    code, out = invoke("db", "current")
    assert code == 0 and "at head" in out


def test_a_database_not_at_head_names_the_command(tmp_path: Path) -> None:
    code, out = invoke("state", "korus", "--db", str(tmp_path / "empty.db"))
    assert code == 1
    assert "timeline db upgrade" in out


def test_a_downgrade_that_drops_events_asks_for_yes_and_says_how_many(db: str) -> None:
    from timeline.store.migrate import event_count

    stored = event_count(db)
    code, out = invoke("db", "downgrade", "base", "--db", db)
    assert code == 1 and stored > 0
    assert f"holds {stored} event(s)" in out and "--yes" in out
    assert invoke("state", "korus", "--db", db)[0] == 0  # nothing dropped
    code, out = invoke("db", "downgrade", "base", "--db", db, "--yes")
    assert code == 0 and "revision base" in out


def test_an_unknown_revision_is_one_line_not_a_traceback(db: str) -> None:
    code, out = invoke("db", "upgrade", "--revision", "nope", "--db", db)
    assert code == 1
    assert out.startswith("error: cannot migrate to revision 'nope'")
    assert "Traceback" not in out and out.count("\n") == 1


def test_an_ingest_into_a_missing_database_file_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "typo.db"
    code, out = invoke("ingest", str(SEEDS), "--db", str(missing))
    assert code == 1
    assert "no database at" in out and "timeline db upgrade" in out
    assert not missing.exists()


def test_an_ingest_of_a_folder_with_no_article_says_so_and_fails(db: str, tmp_path: Path) -> None:
    empty = tmp_path / "nothing-here"
    empty.mkdir()
    code, out = invoke("ingest", str(empty), "--db", db)
    assert code == 1
    assert f"{empty}: no .md file" in out and "1 failed" in out


def test_ingest_summary_and_reingest(db: str) -> None:
    code, out = invoke("ingest", str(SEEDS), "--db", db, "--json")
    assert code == 0
    assert {o["status"] for o in json.loads(out)["outcomes"]} == {"unchanged"}


def test_ingest_of_a_bad_file_fails_with_its_name(db: str, tmp_path: Path) -> None:
    bad = tmp_path / "broken.md"
    bad.write_text("---\nid: [unclosed\n---\nText\n", encoding="utf-8")
    code, out = invoke("ingest", str(bad), "--db", db)
    assert code == 1
    assert "broken.md" in out


def test_state_json_and_table(db: str) -> None:
    code, out = invoke("state", "korus", "--as-of", "2017-08-22", "--db", db, "--json")
    assert code == 0, out
    state = json.loads(out)
    assert state["status"]["value"] == "stalled"
    assert state["termination_clause"]["notice_days"] == 180
    code, out = invoke("state", "korus", "--db", db)
    assert code == 0 and "stalled" in out and "none scheduled" in out


def test_state_known_at_a_position(db: str) -> None:
    code, out = invoke("state", "korus", "--known-at", "1", "--db", db, "--json")
    assert code == 0, out
    assert json.loads(out)["termination_clause"]["notice_days"] == "unknown"


def test_unknown_negotiation_lists_the_known_ones(db: str) -> None:
    code, out = invoke("state", "korsu", "--db", db)
    assert code == 1
    assert "korus" in out


def test_events_replay_explain(db: str) -> None:
    code, out = invoke("events", "korus", "--db", db, "--json")
    assert code == 0 and any(r["type"] == "meeting_held" for r in json.loads(out))
    code, out = invoke("replay", "korus", "--db", db)
    assert code == 0 and "event(s) replayed" in out
    code, out = invoke("replay", "korus", "--db", db, "--json")
    replayed = out
    changed = [json.loads(line)["changes"] for line in out.splitlines()]
    code_before, out_before = invoke(
        "replay", "korus", "--as-of", "2017-01-01", "--db", db, "--json"
    )
    before = [json.loads(line)["changes"] for line in out_before.splitlines()]
    assert code == 0 and code_before == 0 and len(before) == len(changed)
    assert sum(map(len, before)) < sum(map(len, changed))  # the 2017-08 events change nothing yet
    every = [json.loads(line) for line in replayed.splitlines()]
    middle = every[len(every) // 2]["position"]
    code, out = invoke(
        "replay", "korus", "--from-position", middle, "--limit", 2, "--db", db, "--json"
    )
    window = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and window == [s for s in every if s["position"] >= middle][:2]
    code, out = invoke("explain", "korus", "termination_clause.notice_days", "--db", db, "--json")
    assert code == 0, out
    assert "180 days" in json.dumps(json.loads(out)["quotes"])
    code, out = invoke("explain", "korus", "--list", "--db", db)
    assert code == 0 and "status" in out.split()
    code, out = invoke("explain", "korus", "no.such.field", "--db", db)
    assert code == 1 and "valid fields" in out


def test_projections_commands(db: str) -> None:
    code, out = invoke("projections", "rebuild", "--db", db)
    assert code == 0 and "rebuilt" in out
    code, out = invoke("projections", "verify", "--db", db)
    assert code == 0 and "verified" in out
    code, out = invoke("projections", "status", "--db", db, "--json")
    assert code == 0 and json.loads(out)[0]["lag"] == 0


def test_derive_prints_jsonl_without_storing() -> None:
    code, out = invoke(
        "derive", str(SEEDS / "2017-08-22-gulfnews-korea-rejects-us-call.md"), "--format", "jsonl"
    )
    assert code == 0, out
    records = [json.loads(line) for line in out.splitlines() if line.strip()]
    assert {"type", "actor", "target", "occurred", "evidence", "rule"} <= set(records[0])
    assert any(r["type"] == "termination_clause_cited" for r in records)
