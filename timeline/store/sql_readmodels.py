"""Read models in the database: ``projection_documents`` and ``projection_checkpoints``.

``SqlReadModels`` is the SQL recorder's :class:`timeline.store.readmodels.ReadModelStore`
(SQLite and PostgreSQL, SQLAlchemy Core). A write stores documents and moves the checkpoint
in one transaction; driver errors become StoreError at this boundary.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, delete, func, select
from sqlalchemy.exc import SQLAlchemyError

from timeline.errors import ConcurrencyError, StoreError
from timeline.store.engine import WRITE
from timeline.store.readmodels import Checkpoint, Clock, utc_now
from timeline.store.schema import projection_checkpoints, projection_documents

if TYPE_CHECKING:
    from sqlalchemy.dialects import postgresql, sqlite


def _like_prefix(prefix: str) -> str:
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


class SqlReadModels:
    """Read models in ``projection_documents`` / ``projection_checkpoints`` (SQLAlchemy Core).

    Invariant: every write runs in one transaction; driver errors become StoreError.
    The schema comes from the migrations (``timeline db upgrade``), never from create_all.
    """

    def __init__(self, engine: Engine, *, clock: Clock = utc_now) -> None:
        self._engine = engine
        self._clock = clock
        self._dialect = engine.dialect.name
        self._pinned: Connection | None = None

    @contextmanager
    def snapshot(self) -> Iterator[SqlReadModels]:
        """Reads in one transaction: SQLite's (a WAL reader keeps the snapshot of its first
        read until it ends) or PostgreSQL's at REPEATABLE READ (one snapshot for every
        statement). The view cannot write."""
        try:
            with self._engine.connect() as conn:
                if self._dialect == "postgresql":
                    conn = conn.execution_options(isolation_level="REPEATABLE READ")
                with conn.begin():
                    view = SqlReadModels(self._engine, clock=self._clock)
                    view._pinned = conn
                    yield view
        except SQLAlchemyError as error:
            raise StoreError(f"read model store failed: {error}") from error

    @contextmanager
    def _connect(self, *, writing: bool = False) -> Iterator[Connection]:
        if self._pinned is not None:
            if writing:
                raise StoreError("a read model snapshot is read-only")
            try:
                yield self._pinned
            except SQLAlchemyError as error:
                raise StoreError(f"read model store failed: {error}") from error
            return
        try:
            with self._engine.connect() as conn:
                if writing:
                    conn = conn.execution_options(**{WRITE: True})
                    with conn.begin():
                        yield conn
                else:
                    yield conn
        except SQLAlchemyError as error:
            raise StoreError(f"read model store failed: {error}") from error

    def checkpoint(self, projection: str) -> int:
        query = select(projection_checkpoints.c.position).where(
            projection_checkpoints.c.projection == projection
        )
        with self._connect() as conn:
            found = conn.execute(query).scalar_one_or_none()
        return int(found) if found is not None else 0

    def checkpoints(self) -> list[Checkpoint]:
        counts = (
            select(projection_documents.c.projection, func.count().label("n"))
            .group_by(projection_documents.c.projection)
            .subquery()
        )
        query = (
            select(
                projection_checkpoints.c.projection,
                projection_checkpoints.c.position,
                projection_checkpoints.c.updated_at,
                counts.c.n,
            )
            .outerjoin(counts, counts.c.projection == projection_checkpoints.c.projection)
            .order_by(projection_checkpoints.c.projection)
        )
        with self._connect() as conn:
            rows = conn.execute(query).all()
        return [Checkpoint(r[0], int(r[1]), r[2], int(r[3] or 0)) for r in rows]

    def scan(self, projection: str, prefix: str = "") -> Iterator[tuple[str, str]]:
        docs = projection_documents
        query = select(docs.c.key, docs.c.document).where(docs.c.projection == projection)
        if prefix:
            query = query.where(docs.c.key.like(_like_prefix(prefix), escape="\\"))
            if self._dialect == "sqlite" and ord(prefix[-1]) < 0xD7FF:
                # SQLite uses no index for LIKE with ESCAPE: the range of keys (BINARY
                # collation, UTF-8 byte order = code point order) lets it search the primary
                # key instead of scanning the projection (a negotiation's index segments
                # among 100k documents: 18 ms -> well under 1)
                upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
                query = query.where(docs.c.key >= prefix, docs.c.key < upper)
        query = query.order_by(docs.c.key)
        with self._connect() as conn:
            rows = conn.execute(query).all()
        for key, document in rows:
            if key.startswith(prefix):
                yield key, document

    def get(self, projection: str, keys: list[str]) -> dict[str, str]:
        if not keys:
            return {}
        docs = projection_documents
        found: dict[str, str] = {}
        with self._connect() as conn:
            for start in range(0, len(keys), 500):
                query = select(docs.c.key, docs.c.document).where(
                    docs.c.projection == projection, docs.c.key.in_(keys[start : start + 500])
                )
                found.update({key: doc for key, doc in conn.execute(query).all()})
        return found

    def _insert(self, table: object) -> sqlite.Insert | postgresql.Insert:
        # The dialect's own INSERT (for its upsert), imported for the one in use only:
        # loading PostgreSQL's dialect costs a SQLite read command a tenth of a second.
        if self._dialect == "postgresql":
            from sqlalchemy.dialects import postgresql

            return postgresql.insert(table)  # type: ignore[arg-type]
        from sqlalchemy.dialects import sqlite

        return sqlite.insert(table)  # type: ignore[arg-type]

    def write(
        self,
        projection: str,
        documents: Mapping[str, str],
        position: int,
        *,
        expected: int | None = None,
    ) -> None:
        rows = [{"projection": projection, "key": k, "document": d} for k, d in documents.items()]
        docs = self._insert(projection_documents)
        upsert_docs = docs.on_conflict_do_update(
            index_elements=["projection", "key"], set_={"document": docs.excluded.document}
        )
        mark = self._insert(projection_checkpoints).values(
            projection=projection, position=position, updated_at=self._clock()
        )
        upsert_mark = mark.on_conflict_do_update(
            index_elements=["projection"],
            set_={"position": mark.excluded.position, "updated_at": mark.excluded.updated_at},
        )
        with self._connect(writing=True) as conn:
            if expected is not None:
                self._check(conn, projection, expected)
            if rows:
                conn.execute(upsert_docs, rows)
            conn.execute(upsert_mark)

    def _check(self, conn: Connection, projection: str, expected: int) -> None:
        """Inside the write transaction: the checkpoint must still be ``expected``.

        SQLite writers are serialised by ``BEGIN IMMEDIATE``; PostgreSQL ones by a
        transaction-scoped advisory lock per projection (the row may not exist yet).
        """
        if self._dialect == "postgresql":
            conn.execute(
                select(func.pg_advisory_xact_lock(func.hashtext(f"projection:{projection}")))
            )
        query = select(projection_checkpoints.c.position).where(
            projection_checkpoints.c.projection == projection
        )
        found = conn.execute(query).scalar_one_or_none()
        actual = int(found) if found is not None else 0
        if actual != expected:
            raise ConcurrencyError(f"projection {projection}", expected, actual)

    def reset(self, projection: str) -> None:
        with self._connect(writing=True) as conn:
            conn.execute(
                delete(projection_documents).where(projection_documents.c.projection == projection)
            )
            conn.execute(
                delete(projection_checkpoints).where(
                    projection_checkpoints.c.projection == projection
                )
            )
