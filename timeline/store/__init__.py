"""The event store: one recorder protocol, an in-memory and a SQLAlchemy adapter, migrations.

recorder    the Recorder protocol, StreamAppend, AppendResult, NO_STREAM
codec       events <-> (type, schema_version, JSON); one TypeAdapter; UPCASTERS
appending   the append rules both adapters share (idempotency, duplicates, versions)
memory      InMemoryRecorder, a real adapter over lists
engine      open_engine(url): SQLite durable (WAL, synchronous=FULL), PostgreSQL in UTC
sql         SqlRecorder(engine) for SQLite and PostgreSQL; create_recorder(url)
schema      the SQLAlchemy Core tables (alembic's migrations must match them)
migrate     upgrade / downgrade / current / head / ensure_at_head; finds migrations/
"""
