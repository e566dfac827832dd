"""Settings: the database URL and the catalog path. Nothing happens at import time."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DATABASE_FILE = "timeline.db"
DATABASE_URL_VARIABLE = "TIMELINE_DATABASE_URL"
CATALOG_VARIABLE = "TIMELINE_CATALOG"


def sqlite_url(path: Path | str) -> str:
    """The SQLAlchemy URL of a SQLite file."""
    return f"sqlite:///{Path(path).expanduser().resolve()}"


@dataclass(frozen=True)
class Settings:
    """Where the store lives and which extra catalog to load."""

    database_url: str
    catalog_path: Path | None = None

    @classmethod
    def from_environment(
        cls, database_url: str | None = None, catalog_path: Path | None = None
    ) -> Settings:
        """Explicit values first, then TIMELINE_DATABASE_URL / TIMELINE_CATALOG, then defaults."""
        url = database_url or os.environ.get(DATABASE_URL_VARIABLE)
        if not url:
            url = sqlite_url(Path.cwd() / DEFAULT_DATABASE_FILE)
        elif "://" not in url:
            url = sqlite_url(url)
        catalog = catalog_path or (
            Path(os.environ[CATALOG_VARIABLE]) if os.environ.get(CATALOG_VARIABLE) else None
        )
        return cls(database_url=url, catalog_path=catalog)
