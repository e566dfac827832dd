"""A read-only look at a SQLite store through the standard library's sqlite3: no SQLAlchemy.

For the commands that must start fast (``timeline state NEGOTIATION``): SQLAlchemy alone
costs more than their whole start-up budget. :func:`current_documents` opens the file for
reading only (it never creates it, and ``query_only`` refuses every write), and in one read
transaction checks that the schema is at the code's head revision and that a read model's
checkpoint is the store's last position, then reads its documents.

It vouches only for what it checked: for any other URL (PostgreSQL, in memory, with query
options or escapes), a missing file, another schema revision, a read model behind the store
or any driver error, it answers None and the caller takes the full path (the recorder and
:class:`~timeline.store.sql_readmodels.SqlReadModels`), which reports problems properly.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path

from timeline.errors import StoreError
from timeline.store.revisions import VERSION_TABLE, head

SQLITE_PREFIXES = ("sqlite:///", "sqlite+pysqlite:///")


def sqlite_file(url: str) -> Path | None:
    """The file a plain ``sqlite:///FILE`` URL names (relative to the working folder, as
    SQLAlchemy reads it); None for any other URL, and for one this module will not parse
    the way SQLAlchemy does (``%`` escapes, ``?`` options, ``:memory:``)."""
    for prefix in SQLITE_PREFIXES:
        if url.startswith(prefix):
            name = url.removeprefix(prefix)
            if not name or name == ":memory:" or any(c in name for c in "%?#"):
                return None
            return Path(name)
    return None


def current_documents(url: str, projection: str, keys: Sequence[str]) -> dict[str, str] | None:
    """The documents of ``projection`` stored under ``keys`` (a missing key is absent), when
    the store at ``url`` is a SQLite file at the head revision whose events the projection's
    checkpoint has all applied; None when any of that does not hold or cannot be read.

    Revision, last position, checkpoint and documents are read in one transaction, so they
    agree with each other even while a writer commits.
    """
    path = sqlite_file(url)
    if path is None:
        return None
    try:
        if not path.is_file():
            return None
        wanted = head()
        # mode=rw never creates the file, and query_only refuses any write. (A mode=ro
        # connection would leave the WAL's -shm and -wal files behind: only a connection
        # that may write removes them when it closes, as the full path's does.)
        uri = f"{path.resolve().as_uri()}?mode=rw"
        with closing(sqlite3.connect(uri, uri=True, isolation_level=None)) as connection:
            connection.execute("PRAGMA query_only = ON")
            connection.execute("BEGIN")
            return _read(connection, wanted, projection, keys)
    except (sqlite3.Error, StoreError, OSError, ValueError):
        # not a database, locked, another schema, unreadable scripts, a path with a NUL...
        return None


def _read(
    connection: sqlite3.Connection, revision: str, projection: str, keys: Sequence[str]
) -> dict[str, str] | None:
    """Inside one read transaction: the documents, when at ``revision`` and caught up."""
    revisions = connection.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchall()
    if [row[0] for row in revisions] != [revision]:
        return None
    last = connection.execute("SELECT max(position) FROM events").fetchone()[0] or 0
    mark = connection.execute(
        "SELECT position FROM projection_checkpoints WHERE projection = ?", (projection,)
    ).fetchone()
    if (mark[0] if mark else 0) != last:
        return None
    found: dict[str, str] = {}
    for start in range(0, len(keys), 500):
        chunk = list(keys[start : start + 500])
        marks = ", ".join("?" * len(chunk))
        rows = connection.execute(
            "SELECT key, document FROM projection_documents "
            f"WHERE projection = ? AND key IN ({marks})",
            (projection, *chunk),
        )
        found.update({str(key): str(document) for key, document in rows})
    return found
