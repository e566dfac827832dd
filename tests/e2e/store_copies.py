"""SQLite stores built once per module by the commands under test, copied for each test.

A test that reads or changes a seeded store gets a file of its own, a byte copy of one the
module built with ``timeline db upgrade`` and ``timeline ingest`` (its write-ahead log folded
in first), so the commands that build it run once per module, not once per test.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path


def sqlite_path(url: str) -> Path:
    """The file of a ``sqlite:///`` URL."""
    prefix = "sqlite:///"
    assert url.startswith(prefix), url
    return Path(url[len(prefix) :])


def copy_store(url: str, folder: Path, name: str) -> str:
    """A copy of the SQLite store at ``url`` as ``folder/name``; its URL."""
    source = sqlite_path(url)
    with sqlite3.connect(source) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    target = folder / name
    shutil.copyfile(source, target)
    return f"sqlite:///{target}"
