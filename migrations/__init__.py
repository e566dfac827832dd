"""Alembic migrations of the store, installed as the package ``timeline._migrations``."""
