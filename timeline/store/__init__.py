"""The event store: one recorder protocol, an in-memory and a SQLAlchemy adapter, migrations.

recorder    the Recorder protocol and its read-side capability (ReadSideRecorder), StreamAppend,
            AppendResult, NO_STREAM
rows        what the projections read (IndexRow, RowSource) and DecodedEventRows (no SQL)
readmodels  persisted read models: the ReadModelStore protocol, InMemoryReadModels (no SQL)
codec       events <-> (type, schema_version, JSON); one TypeAdapter; UPCASTERS
appending   the append rules both adapters share (idempotency, duplicates, versions)
memory      InMemoryRecorder, a real adapter over lists
engine      open_engine(url): SQLite durable (WAL, synchronous=FULL), PostgreSQL in UTC
sql         SqlRecorder(engine) for SQLite and PostgreSQL; create_recorder(url)
sql_rows    SqlEventRows: index rows by the database's JSON functions, events by position
sql_readmodels  SqlReadModels over projection_documents / projection_checkpoints
schema      the SQLAlchemy Core tables (alembic's migrations must match them)
migrate     upgrade / downgrade / current / head / ensure_at_head (alembic, configured in code)
revisions   where migrations/ is and its head revision (no SQL, no alembic)
readonly    current read-model documents of a SQLite file over stdlib sqlite3 (no SQLAlchemy)
"""
