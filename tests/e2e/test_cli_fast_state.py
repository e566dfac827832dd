"""`timeline state` served from the persisted latest state: the same text as the full path,
read without SQLAlchemy, alembic, spaCy or the event models (the terminal's text without
pydantic either: from the persisted display), and only when it is current."""

from __future__ import annotations

import io
import json
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from tests.e2e.real_corpus import corpus_articles
from timeline.app import Timeline
from timeline.cli import app
from timeline.display import StateDisplay
from timeline.domain.views import NegotiationState, Status
from timeline.projections import fast_state, latest
from timeline.projections.index import PROJECTION
from timeline.projections.state_document import sha256_text
from timeline.rendering import display_view, state_view
from timeline.store.readonly import current_documents, sqlite_file

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
runner = CliRunner()

HEAVY = {
    "sqlalchemy",
    "alembic",
    "spacy",
    "timeline.domain.events",
    "timeline.app",
    "typer._adapters",
    "pydantic.plugin._loader",
}
"""What the served path must not import: the store's libraries, the deriver, the events,
typer's pydantic conversion of options (typer 0.29 and later), and pydantic's plugin loader,
which comes with the first validator built (the views are decoded without one)."""

DRAWN_ONLY = {"pydantic", "timeline.domain.views", "timeline.projections.state_document"}
"""What printing the persisted display must not import either: the state's models."""


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, [str(a) for a in args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def store(folder: Path, *articles: Path) -> str:
    """A migrated SQLite store holding ``articles``, its read models caught up."""
    url = f"sqlite:///{folder / 'store.db'}"
    assert invoke("db", "upgrade", "--db", url)[0] == 0
    code, out = invoke("ingest", *map(str, articles), "--db", url)
    assert code == 0, out
    code, out = invoke("projections", "catch-up", "--db", url)
    assert code == 0, out
    return url


@pytest.fixture
def seeds_db(tmp_path: Path) -> str:
    return store(tmp_path, SEEDS)


Answer = NegotiationState | StateDisplay | None


class Served:
    """Records what ``latest_display`` and ``latest_state`` answered; ``full`` makes them
    answer None (the full path)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.answers: list[Answer] = []
        self.full = False
        for name in ("latest_state", "latest_display"):
            monkeypatch.setattr(fast_state, name, self.spy(getattr(fast_state, name)))

    def spy(self, original: Callable[[str, str], Answer]) -> Callable[[str, str], Answer]:
        def answer(url: str, negotiation: str) -> Answer:
            found = None if self.full else original(url, negotiation)
            self.answers.append(found)
            return found

        return answer


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> Served:
    return Served(monkeypatch)


def both_paths(served: Served, *args: str) -> tuple[str, str]:
    """The output of ``timeline state ARGS`` through the full path, then served."""
    served.full = True
    code, full = invoke("state", *args)
    assert code == 0, full
    served.full = False
    code, fast = invoke("state", *args)
    assert code == 0, fast
    return full, fast


def probe(*args: str, full: bool = False) -> tuple[str, set[str]]:
    """Run the CLI in a fresh process: its output and every module it imported."""
    code = (
        "import json, sys\n"
        "import timeline.projections.fast_state as fast_state\n"
        f"if {full!r}:\n"
        "    fast_state.latest_state = lambda url, negotiation: None\n"
        "    fast_state.latest_display = lambda url, negotiation: None\n"
        "from timeline.cli import app\n"
        f"sys.argv = ['timeline', *{list(args)!r}]\n"
        "try:\n"
        "    app()\n"
        "except SystemExit as done:\n"
        "    assert not done.code, done.code\n"
        "print('\\x00' + json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    output, _, modules = done.stdout.rpartition("\x00")
    return output, set(json.loads(modules))


# -- the served path ------------------------------------------------------------------------
def test_a_current_store_is_served_without_the_store_libraries_nor_the_event_models(
    seeds_db: str,
) -> None:
    full, full_modules = probe("state", "korus", "--db", seeds_db, full=True)
    fast, fast_modules = probe("state", "korus", "--db", seeds_db)
    assert {"sqlalchemy", "timeline.app", "timeline.domain.events"} <= full_modules
    assert not (HEAVY | DRAWN_ONLY) & fast_modules, (HEAVY | DRAWN_ONLY) & fast_modules
    assert "pydantic" in full_modules
    assert fast == full
    assert "korus" in fast and "status:" in fast


def test_the_json_is_served_too_and_is_the_full_paths(seeds_db: str) -> None:
    full, _ = probe("state", "korus", "--json", "--db", seeds_db, full=True)
    fast, modules = probe("state", "korus", "--json", "--db", seeds_db)
    dumped = HEAVY - {"pydantic.plugin._loader"}  # the JSON dump builds pydantic's serializer
    assert not dumped & modules, dumped & modules
    assert json.loads(fast) == json.loads(full) and fast == full


def test_both_paths_print_the_same_state_of_the_seeds(seeds_db: str, served: Served) -> None:
    full, fast = both_paths(served, "korus", "--db", seeds_db)
    assert served.answers[-1] is not None and fast == full


def dev_store(folder: Path) -> str:
    return store(folder, *corpus_articles("dev"), *corpus_articles("dev2"))


def rendered(state: NegotiationState | StateDisplay) -> str:
    out = io.StringIO()
    drawn = display_view(state) if isinstance(state, StateDisplay) else state_view(state)
    Console(file=out, width=200, color_system=None).print(drawn)
    return out.getvalue()


def test_every_negotiation_of_the_dev_corpora_reads_the_same_on_both_paths(
    tmp_path: Path,
) -> None:
    url = dev_store(tmp_path)
    with Timeline.open(url) as timeline:
        names = sorted(timeline.projections.negotiations())
        assert len(names) > 5
        for name in names:
            served = fast_state.latest_state(url, name)
            assert served is not None, name
            folded = timeline.state(name)
            assert served.model_dump_json() == folded.model_dump_json(), name
            assert rendered(served) == rendered(folded), name
            display = fast_state.latest_display(url, name)
            assert display is not None, name
            assert rendered(display) == rendered(folded), name


# -- when the full path is taken -------------------------------------------------------------
def test_a_store_with_events_the_read_model_has_not_applied_is_not_served(
    tmp_path: Path, served: Served
) -> None:
    first, *others = sorted(SEEDS.glob("*.md"))
    url = store(tmp_path, first)
    assert invoke("ingest", *map(str, others), "--db", url)[0] == 0  # not caught up
    assert fast_state.latest_state(url, "korus") is None
    code, behind = invoke("state", "korus", "--db", url)  # the full path catches up
    assert code == 0 and served.answers[-1] is None
    code, caught_up = invoke("state", "korus", "--db", url)
    assert code == 0 and served.answers[-1] is not None
    assert caught_up == behind


def sql(url: str, statement: str, *parameters: object) -> None:
    path = sqlite_file(url)
    assert path is not None
    with sqlite3.connect(path) as connection:
        connection.execute(statement, parameters)
    connection.close()


def document(url: str, key: str) -> str:
    found = current_documents(url, PROJECTION, [key])
    assert found is not None and key in found
    return found[key]


def test_a_document_that_is_not_the_one_its_stamp_vouches_for_is_not_served(
    seeds_db: str, served: Served
) -> None:
    state = json.loads(document(seeds_db, latest.state_key("korus")))
    fields = list(NegotiationState.model_fields)
    status = state["state"][fields.index("status")]
    status[list(Status.model_fields).index("value")] = "terminated"
    sql(
        seeds_db,
        "UPDATE projection_documents SET document = ? WHERE projection = ? AND key = ?",
        json.dumps(state),
        PROJECTION,
        latest.state_key("korus"),
    )
    assert fast_state.latest_state(seeds_db, "korus") is None
    code, out = invoke("state", "korus", "--db", seeds_db)
    assert code == 0 and "terminated" not in out


def put_display(url: str, document: str) -> None:
    sql(
        url,
        "UPDATE projection_documents SET document = ? WHERE projection = ? AND key = ?",
        document,
        PROJECTION,
        latest.display_key("korus"),
    )


def test_a_display_that_is_not_the_one_its_stamp_vouches_for_is_not_printed(
    seeds_db: str, served: Served
) -> None:
    display = document(seeds_db, latest.display_key("korus"))
    assert "negotiating" in display or "stalled" in display
    put_display(seeds_db, display.replace("korus", "forged"))
    assert fast_state.latest_display(seeds_db, "korus") is None
    assert fast_state.latest_state(seeds_db, "korus") is not None  # its own digest holds
    code, out = invoke("state", "korus", "--db", seeds_db)
    assert code == 0 and "forged" not in out and "korus" in out


@pytest.mark.parametrize(
    "display",
    [
        "[]x",
        "{}",
        '[["table", "T", ["a", "b"], [[["", [["x", ""]]]]]]]',  # a row narrower than its columns
        '[["panel", "P", [["", [["x"]]]]]]',  # a segment without its style
        '[["line", ["", [["x", 1]]]]]',
        '[["chart", "T"]]',
    ],
)
def test_a_vouched_for_display_of_another_shape_is_not_printed(seeds_db: str, display: str) -> None:
    """Even a stamp that vouches for it (a bug's document) never makes the CLI raise."""
    key = latest.stamp_key("korus")
    stamp = json.loads(document(seeds_db, key))
    stamp["display"] = sha256_text(display)
    sql(
        seeds_db,
        "UPDATE projection_documents SET document = ? WHERE key = ?",
        json.dumps(stamp),
        key,
    )
    put_display(seeds_db, display)
    assert fast_state.latest_display(seeds_db, "korus") is None
    code, out = invoke("state", "korus", "--db", seeds_db)
    assert code == 0 and "status:" in out


@pytest.mark.parametrize(
    "stamp",
    [
        None,
        "not json",
        "[]",
        '{"version": "0:0000000000000000", "position": 1, "sha256": "%s", "display": "%d"}',
        '{"version": "%v", "position": 1, "sha256": "0", "display": "0"}',
        '{"version": "%v", "position": 1}',
    ],
)
def test_a_missing_undecodable_or_foreign_stamp_is_not_served(
    seeds_db: str, stamp: str | None
) -> None:
    key = latest.stamp_key("korus")
    if stamp is None:
        sql(seeds_db, "DELETE FROM projection_documents WHERE key = ?", key)
    else:
        good = json.loads(document(seeds_db, key))
        value = stamp.replace("%s", good["sha256"]).replace("%v", good["version"])
        value = value.replace("%d", good["display"])
        sql(seeds_db, "UPDATE projection_documents SET document = ? WHERE key = ?", value, key)
    assert fast_state.latest_state(seeds_db, "korus") is None
    assert fast_state.latest_display(seeds_db, "korus") is None


@pytest.mark.parametrize("stale", ['["korus"]', '["eu-uk", "korus"]', "{", "[1]", '"korus"'])
def test_a_negotiation_listed_as_stale_or_an_undecodable_list_is_not_served(
    seeds_db: str, stale: str
) -> None:
    assert fast_state.latest_state(seeds_db, "korus") is not None
    assert fast_state.latest_display(seeds_db, "korus") is not None
    sql(
        seeds_db,
        "INSERT OR REPLACE INTO projection_documents (projection, key, document) VALUES (?, ?, ?)",
        PROJECTION,
        latest.STALE,
        stale,
    )
    assert fast_state.latest_state(seeds_db, "korus") is None
    assert fast_state.latest_display(seeds_db, "korus") is None


def test_a_store_at_another_schema_revision_is_not_served_and_says_so(seeds_db: str) -> None:
    sql(seeds_db, "UPDATE alembic_version SET version_num = 'elsewhere'")
    assert fast_state.latest_state(seeds_db, "korus") is None
    code, out = invoke("state", "korus", "--db", seeds_db)
    assert code == 1 and "timeline db upgrade" in out


@pytest.mark.parametrize(
    "option", [("--as-of", "2017-08"), ("--known-at", "20"), ("--catalog", "CATALOG")]
)
def test_as_of_known_at_and_a_catalog_take_the_full_path(
    seeds_db: str, served: Served, tmp_path: Path, option: tuple[str, str]
) -> None:
    catalog = tmp_path / "extra.yaml"
    catalog.write_text("parties: []\n", encoding="utf-8")
    name, value = option
    code, out = invoke(
        "state", "korus", name, value.replace("CATALOG", str(catalog)), "--db", seeds_db
    )
    assert code == 0, out
    assert served.answers == [] and "korus" in out


def test_an_alias_takes_the_full_path_and_reads_the_same(seeds_db: str, served: Served) -> None:
    code, by_id = invoke("state", "korus", "--db", seeds_db)
    assert code == 0 and served.answers[-1] is not None
    code, by_alias = invoke("state", "KORUS FTA", "--db", seeds_db)
    assert code == 0 and served.answers[-1] is None
    assert by_alias == by_id


def test_a_missing_store_is_neither_served_nor_created(tmp_path: Path) -> None:
    missing = tmp_path / "typo.db"
    assert fast_state.latest_state(f"sqlite:///{missing}", "korus") is None
    code, out = invoke("state", "korus", "--db", str(missing))
    assert code == 1 and "no database at" in out
    assert not missing.exists()


# -- the contract with the read model --------------------------------------------------------
def test_the_keys_read_are_those_the_latest_state_read_model_writes() -> None:
    assert fast_state.PROJECTION == PROJECTION
    assert latest.state_key("korus") == fast_state.STATE + "korus"
    assert latest.stamp_key("korus") == fast_state.STAMP + "korus"
    assert latest.section_key("korus", "proposals") == fast_state.SECTION + "korus/proposals"
    assert latest.display_key("korus") == fast_state.DISPLAY + "korus"
    assert fast_state.STALE == latest.STALE


def test_a_section_that_is_not_the_one_its_summary_vouches_for_is_not_served(
    seeds_db: str,
) -> None:
    assert fast_state.latest_state(seeds_db, "korus") is not None
    key = latest.section_key("korus", "proposals")
    sql(
        seeds_db,
        "UPDATE projection_documents SET document = ? WHERE projection = ? AND key = ?",
        document(seeds_db, key) + " ",  # the same JSON, another digest
        PROJECTION,
        key,
    )
    assert fast_state.latest_state(seeds_db, "korus") is None


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("sqlite:///timeline.db", Path("timeline.db")),
        ("sqlite:////srv/data/t.db", Path("/srv/data/t.db")),
        ("sqlite+pysqlite:///t.db", Path("t.db")),
        ("sqlite://", None),
        ("sqlite:///:memory:", None),
        ("sqlite:///t.db?mode=ro", None),
        ("sqlite:///a%20b.db", None),
        ("postgresql+psycopg://me@localhost/timeline", None),
        ("SQLITE:///t.db", None),
    ],
)
def test_only_a_plain_sqlite_file_url_is_read_directly(url: str, path: Path | None) -> None:
    assert sqlite_file(url) == path


def test_reading_leaves_the_store_as_it_was_and_no_file_beside_it(seeds_db: str) -> None:
    path = sqlite_file(seeds_db)
    assert path is not None
    before, files = path.read_bytes(), sorted(path.parent.iterdir())
    assert fast_state.latest_state(seeds_db, "korus") is not None
    assert fast_state.latest_display(seeds_db, "korus") is not None
    assert path.read_bytes() == before
    assert sorted(path.parent.iterdir()) == files  # no -shm or -wal left behind
