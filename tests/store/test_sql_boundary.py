"""The SQL adapter's boundary: driver errors become StoreError, engines are durable by default."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import text
from store_factories import new_event

from timeline.errors import ConfigurationError, StoreError
from timeline.store.engine import display_url, normalize_url, open_engine
from timeline.store.sql import SqlRecorder, uuid_from_hex


def test_driver_errors_are_translated_with_the_cause_kept(tmp_path: Path) -> None:
    engine = open_engine(f"sqlite:///{tmp_path / 'unmigrated.db'}")
    recorder = SqlRecorder(engine)
    with pytest.raises(StoreError) as appending:
        recorder.append("korus", [new_event()], expected_version=0)
    assert appending.value.__cause__ is not None
    with pytest.raises(StoreError):
        list(recorder.read_all())
    with pytest.raises(StoreError):
        recorder.max_position()
    engine.dispose()


def test_sqlite_is_durable_by_default(sqlite_database: str) -> None:
    engine = open_engine(sqlite_database)
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


def test_urls_are_normalised_and_shown_without_passwords() -> None:
    assert normalize_url("postgresql://u:p@h/db").drivername == "postgresql+psycopg"
    assert normalize_url("sqlite:///x.db").drivername == "sqlite+pysqlite"
    assert display_url("postgresql+psycopg://u:secret@h/db") == "postgresql://u:***@h/db"
    with pytest.raises(ConfigurationError):
        normalize_url("mysql://h/db")
    with pytest.raises(ConfigurationError):
        normalize_url("not a url")


def test_a_recorder_works_on_an_in_memory_sqlite_database() -> None:
    from timeline.store import migrate

    engine = open_engine("sqlite://")
    migrate.upgrade(engine)
    recorder = SqlRecorder(engine)
    recorder.append("korus", [new_event()], expected_version=0)
    assert recorder.max_position() == 1
    engine.dispose()


@pytest.mark.parametrize("value", [uuid.uuid4(), uuid.UUID(int=0), uuid.UUID(int=2**128 - 1)])
def test_uuid_from_hex_equals_the_standard_constructor(value: uuid.UUID) -> None:
    fast = uuid_from_hex(value.hex)
    assert fast == value
    assert hash(fast) == hash(value)
    assert str(fast) == str(value)
    assert fast.version == value.version
