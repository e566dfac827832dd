"""Curation from the command line: review, reject, confirm, coverage and record in the shape
`derive` prints, on a SQLite file of the seed articles (and the hostile article)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.e2e import hostile
from tests.e2e.store_copies import copy_store
from timeline.cli import app

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
AP = "ap-2017-08-22-korea-says-no"
AP_FILE = SEEDS / "2017-08-22-ap-korea-says-no.md"
runner = CliRunner()


def invoke(*args: object, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = runner.invoke(app, [str(a) for a in args], env=env)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store migrated and given the seeds by the commands, once per module."""
    url = f"sqlite:///{tmp_path_factory.mktemp('seeded') / 'curation.db'}"
    assert invoke("db", "upgrade", "--db", url)[0] == 0
    code, out = invoke("ingest", SEEDS, "--db", url)
    assert code == 0, out
    return url


@pytest.fixture
def db(seeded: str, tmp_path: Path) -> str:
    """A copy of the seeded store of its own."""
    return copy_store(seeded, tmp_path, "curation.db")


def reviewed(db: str, article: str = AP) -> dict[str, object]:
    code, out = invoke("review", article, "--db", db, "--json")
    assert code == 0, out
    result: dict[str, object] = json.loads(out)
    return result


def event_of(db: str, event_type: str) -> dict[str, object]:
    events = reviewed(db)["events"]
    assert isinstance(events, list)
    found = [e for e in events if e["type"] == event_type]
    assert len(found) == 1, found
    event: dict[str, object] = found[0]
    return event


def state(db: str) -> dict[str, object]:
    code, out = invoke("state", "korus", "--db", db, "--json")
    assert code == 0, out
    result: dict[str, object] = json.loads(out)
    return result


def test_review_lists_ids_types_rules_and_quotes(db: str) -> None:
    code, out = invoke("review", AP, "--db", db)
    assert code == 0, out
    stall = event_of(db, "talks_stalled")
    assert str(stall["event_id"]) in out
    assert "talks_stalled" in out and str(stall["rule_id"]) in out
    assert "0 judged" in out


def test_a_rejection_changes_the_state_shows_in_explain_and_replay_and_is_not_doubled(
    db: str,
) -> None:
    stall = event_of(db, "talks_stalled")
    event_id = str(stall["event_id"])
    assert event_id in json.dumps(state(db)["stalls"])

    code, out = invoke(
        "reject", event_id[:8], "--reason", "talks went on", "--analyst", "alice", "--db", db
    )
    assert code == 0, out
    assert "rejected by alice" in out

    after = state(db)
    assert event_id not in json.dumps(after["stalls"])  # the other article's report stays
    assert after["judgements"][event_id]["analyst"] == "alice"  # type: ignore[index]
    code, out = invoke("explain", "korus", "status", "--db", db, "--json")
    explanation = json.loads(out)
    assert [j["event_id"] for j in explanation["rejected"]] == [event_id]
    code, out = invoke("explain", "korus", "status", "--db", db)
    assert "set aside" in out and "talks went on" in out and "alice" in out
    code, out = invoke("replay", "korus", "--db", db)
    assert "event_rejected" in out and "alice rejected talks_stalled" in out
    code, out = invoke("state", "korus", "--db", db)
    assert "Analyst judgements" in out and "talks went on" in out

    code, out = invoke("reject", event_id, "--reason", "again", "--analyst", "bob", "--db", db)
    assert code == 0 and "already rejected by alice" in out and "nothing recorded" in out
    judgements = [e["judgements"] for e in reviewed(db)["events"] if e["event_id"] == event_id]  # type: ignore[attr-defined]
    assert len(judgements[0]) == 1


def test_a_confirmation_takes_the_analyst_from_the_environment_and_lifts_the_support(
    db: str,
) -> None:
    stall = event_of(db, "talks_stalled")
    code, out = invoke(
        "confirm", stall["event_id"], "--db", db, "--json", env={"TIMELINE_ANALYST": "carol"}
    )
    assert code == 0, out
    outcome = json.loads(out)
    assert (outcome["recorded"], outcome["analyst"], outcome["verdict"]) == (
        True,
        "carol",
        "confirmed",
    )
    stalls = state(db)["stalls"]
    assert isinstance(stalls, list) and stalls[0]["support"] == "confirmed"


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["reject", "00000000-0000-0000-0000-000000000000", "--reason", "x"], "no stored event"),
        (["reject", "not-an-id", "--reason", "x"], "is not an event id"),
        (["confirm", "f-0123456789"], "is a fact id"),
        (["review", "no-such-article"], "no such article"),
    ],
)
def test_a_bad_id_is_one_line_of_error(db: str, args: list[str], problem: str) -> None:
    code, out = invoke(*args, "--db", db)
    assert code == 1
    lines = [line for line in out.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ") and problem in lines[0]


def test_coverage_shows_the_sentences_nothing_came_from(db: str) -> None:
    code, out = invoke("coverage", AP, "--db", db, "--json")
    assert code == 0, out
    result = json.loads(out)
    sentences = result["sentences"]
    assert result["stored"] is True and len(sentences) > 5
    missed = [s["index"] for s in sentences if not s["events"]]
    assert result["missed"] == missed
    covered = [s for s in sentences if s["events"]]
    assert covered and all(e["event_id"] for s in covered for e in s["events"])

    code, out = invoke("coverage", AP, "--db", db)
    assert code == 0 and f"{len(sentences) - len(missed)} of {len(sentences)}" in out
    code, out = invoke("coverage", AP_FILE, "--json")
    assert code == 0 and json.loads(out)["stored"] is False


def test_coverage_and_review_print_hostile_text_as_stored(tmp_path: Path) -> None:
    article, catalog = hostile.write_hostile(tmp_path / "hostile")
    url = f"sqlite:///{tmp_path / 'hostile.db'}"
    assert invoke("db", "upgrade", "--db", url)[0] == 0
    assert invoke("ingest", article, "--db", url, "--catalog", catalog)[0] == 0
    code, out = invoke("coverage", hostile.ARTICLE_ID, "--db", url, "--catalog", catalog)
    assert code == 0, out
    assert hostile.ARTICLE_ID in out and "[bold]again[/bold]" in out
    assert "[link=https://evil.example]any change[/link]" in out
    code, out = invoke("review", hostile.ARTICLE_ID, "--db", url, "--catalog", catalog)
    assert code == 0 and hostile.QUOTE_MARKUP in out and hostile.OUTLET in out


def test_record_takes_a_line_as_derive_prints_it_without_offsets(db: str, tmp_path: Path) -> None:
    code, out = invoke("derive", AP_FILE, "--format", "jsonl")
    line = json.loads(out.splitlines()[0])
    line["type"] = "meeting_held"
    line["subject"] = "a videoconference between the trade chiefs"
    quote = line["evidence"][0]["quote"]
    line["evidence"] = [{"article": AP, "quote": " ".join(quote.split()[:9])}]
    del line["reported_on"]
    path = tmp_path / "missed.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")

    code, out = invoke("record", path, "--db", db)
    assert code == 0 and "1 event(s) recorded" in out, out
    code, out = invoke("review", AP, "--db", db, "--json")
    manual = [e for e in json.loads(out)["events"] if e["stream_id"] == "manual:missed"]
    assert len(manual) == 1
    assert manual[0]["evidence"][0]["start"] == 0
    assert manual[0]["reported_on"] == "2017-08-22"


def test_record_reports_each_problem_on_its_own_line(db: str, tmp_path: Path) -> None:
    good = {"type": "meeting_held", "negotiation": "korus", "actor": "KR+US", "subject": "x"}
    lines = [
        {**good, "evidence": [{"article": AP, "quote": "the"}]},
        {**good, "occurred": "2017-13", "evidence": [{"article": "nowhere", "quote": "x"}]},
        {**good, "evidence": [{"article": AP, "quote": "words no article has written"}]},
    ]
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n{oops\n", encoding="utf-8")

    code, out = invoke("record", path, "--db", db)

    assert code == 1
    errors = [line for line in out.splitlines() if line.startswith("error: ")]
    assert len(errors) == 5, out
    assert all(";" not in e.split("«")[0] or "occurs" in e for e in errors)
    text = "\n".join(errors)
    assert "bad.jsonl:1: evidence[0]: quote «the» occurs" in text
    assert "bad.jsonl:2: evidence[0]: cites article 'nowhere'" in text
    assert "bad.jsonl:2: invalid meeting_held: occurred" in text
    assert "bad.jsonl:3: evidence[0]: quote «words no article has written» is not in" in text
    assert "bad.jsonl:4: not JSON" in text


@pytest.mark.parametrize("command", ["review", "reject", "confirm", "coverage", "record"])
def test_each_curation_command_has_an_example_in_its_help(command: str) -> None:
    code, out = invoke(command, "--help")
    assert code == 0 and "Example" in out and f"timeline {command}" in out
