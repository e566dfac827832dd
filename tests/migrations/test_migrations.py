"""The migrations, on SQLite and PostgreSQL: one head, up, down and up, no drift from schema.py."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import URL

from timeline.errors import SchemaNotAtHeadError, StoreError
from timeline.store import migrate, revisions
from timeline.store.engine import open_engine
from timeline.store.schema import metadata
from timeline.store.sql import create_recorder

DATABASES = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
TABLES = {"streams", "events", "projection_checkpoints", "projection_documents"}


@pytest.fixture(params=DATABASES)
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database with no tables at all."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.db'}"
    url: URL = request.getfixturevalue("empty_postgres_database")
    return url.render_as_string(hide_password=False)


def tables(url: str) -> set[str]:
    engine = open_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_there_is_exactly_one_head() -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config())
    assert len(script.get_heads()) == 1
    assert migrate.head() == script.get_current_head()


def _scripts(folder: Path, *chain: tuple[str, object]) -> Path:
    """A script folder whose migrations have these (revision, down_revision) pairs."""
    (folder / "versions").mkdir(parents=True)
    for revision, down in chain:
        (folder / "versions" / f"{revision}_step.py").write_text(
            f'"""Step {revision}."""\n\nrevision: str = {revision!r}\n'
            f"down_revision = {down!r}\n\n\ndef upgrade() -> None:\n    pass\n",
            encoding="utf-8",
        )
    return folder


def _alembic_heads(folder: Path) -> list[str]:
    config = migrate.alembic_config()
    config.set_main_option("script_location", str(folder))
    return sorted(ScriptDirectory.from_config(config).get_heads())


def test_the_head_read_without_alembic_is_alembics_head_for_a_merged_chain(
    tmp_path: Path,
) -> None:
    folder = _scripts(
        tmp_path, ("a1", None), ("b2", "a1"), ("c3", "a1"), ("d4", ("b2", "c3")), ("e5", "d4")
    )
    assert revisions._head(folder) == "e5"
    assert _alembic_heads(folder) == ["e5"]


def test_two_heads_are_refused_as_alembic_would_find_two(tmp_path: Path) -> None:
    folder = _scripts(tmp_path, ("a1", None), ("b2", "a1"), ("c3", "a1"))
    assert _alembic_heads(folder) == ["b2", "c3"]
    with pytest.raises(StoreError, match="exactly one head"):
        revisions._head(folder)


def test_the_database_revision_is_read_without_alembic(empty_url: str) -> None:
    assert migrate.current(empty_url) is None
    migrate.upgrade(empty_url)
    engine = open_engine(empty_url)
    try:
        with engine.connect() as conn:
            assert (
                migrate.current(engine) == MigrationContext.configure(conn).get_current_revision()
            )
    finally:
        engine.dispose()


def test_base_to_head_creates_every_table(empty_url: str) -> None:
    assert migrate.current(empty_url) is None
    migrate.upgrade(empty_url)
    assert migrate.current(empty_url) == migrate.head()
    assert tables(empty_url) == TABLES


def test_head_to_base_to_head(empty_url: str) -> None:
    migrate.upgrade(empty_url)
    migrate.downgrade(empty_url, "base")
    assert migrate.current(empty_url) is None
    assert tables(empty_url) == set()
    migrate.upgrade(empty_url)
    assert migrate.current(empty_url) == migrate.head()
    assert tables(empty_url) == TABLES


def test_autogenerate_finds_no_drift_from_the_models(database_url: str) -> None:
    engine = open_engine(database_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn,
                opts={"compare_type": True, "render_as_batch": conn.dialect.name == "sqlite"},
            )
            assert compare_metadata(context, metadata) == []
    finally:
        engine.dispose()


@pytest.fixture
def unmigrated(empty_url: str) -> Iterator[str]:
    yield empty_url


def test_opening_a_database_that_is_not_at_head_names_the_command(unmigrated: str) -> None:
    with pytest.raises(SchemaNotAtHeadError) as raised:
        create_recorder(unmigrated)
    assert "timeline db upgrade" in str(raised.value)
    assert raised.value.current is None
    assert raised.value.head == migrate.head()
    migrate.upgrade(unmigrated)
    create_recorder(unmigrated).engine.dispose()


def test_the_migrations_are_found_from_any_directory(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'elsewhere.db'}"
    code = "import sys; from timeline.store import migrate; migrate.upgrade(sys.argv[1])"
    subprocess.run(
        [sys.executable, "-c", code, url],
        cwd=tmp_path,
        check=True,
        env={**os.environ, "PYTHONPATH": ""},
        timeout=60,
    )
    assert migrate.current(url) == migrate.head()


def test_the_migrations_folder_is_the_installed_package() -> None:
    location = migrate.script_location()
    assert (location / "env.py").is_file()
    assert (location / "versions").is_dir()


# -- destructive and mistaken commands ------------------------------------------------------
def _store_with_events(url: str, count: int) -> None:
    from tests.store.store_factories import new_event

    recorder = create_recorder(url)
    try:
        recorder.append("korus", [new_event(f"e{n}") for n in range(count)], expected_version=0)
    finally:
        recorder.engine.dispose()


def test_a_downgrade_that_drops_events_refuses_without_confirmation(database_url: str) -> None:
    _store_with_events(database_url, 3)

    with pytest.raises(StoreError) as raised:
        migrate.downgrade(database_url, "base")

    assert "holds 3 event(s)" in str(raised.value) and "--yes" in str(raised.value)
    assert migrate.current(database_url) == migrate.head()
    assert tables(database_url) == TABLES
    migrate.downgrade(database_url, "base", confirm=True)
    assert tables(database_url) == set()


def test_a_downgrade_to_the_current_revision_or_of_an_empty_store_needs_no_confirmation(
    database_url: str,
) -> None:
    _store_with_events(database_url, 1)
    migrate.downgrade(database_url, migrate.head())  # nothing moves
    assert tables(database_url) == TABLES
    migrate.downgrade(database_url, "base", confirm=True)
    migrate.upgrade(database_url)
    migrate.downgrade(database_url, "base")  # no event to lose
    assert tables(database_url) == set()


@pytest.mark.parametrize("command", ["upgrade", "downgrade"])
def test_an_unknown_revision_is_one_clear_error(database_url: str, command: str) -> None:
    with pytest.raises(StoreError) as raised:
        getattr(migrate, command)(database_url, "no-such-revision")

    message = str(raised.value)
    assert "'no-such-revision'" in message and "known revisions: base, head" in message
    assert "\n" not in message
    assert migrate.current(database_url) == migrate.head()


def test_opening_a_missing_sqlite_file_creates_nothing(tmp_path: Path) -> None:
    from timeline import Timeline

    missing = tmp_path / "typo.db"
    with pytest.raises(StoreError, match="timeline db upgrade"):
        Timeline.open(f"sqlite:///{missing}")
    with pytest.raises(StoreError, match="no database at"):
        migrate.ensure_at_head(f"sqlite:///{missing}")
    with pytest.raises(StoreError, match="no database at"):
        migrate.downgrade(f"sqlite:///{missing}", "base")
    assert migrate.current(f"sqlite:///{missing}") is None
    assert not missing.exists()
    with Timeline.open(f"sqlite:///{missing}", upgrade=True) as timeline:
        assert timeline.recorder.max_position() == 0  # upgrade=True creates a migrated store
    assert migrate.current(f"sqlite:///{missing}") == migrate.head()
