"""The event store: one recorder protocol, an in-memory and a SQLAlchemy adapter, migrations."""
