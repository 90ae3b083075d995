"""Persistence behind one protocol: SQLite in the data directory by default, PostgreSQL by URL."""

from __future__ import annotations

from pathlib import Path

from bot.store.base import Store, StoreError
from bot.store.sqlite import SQLiteStore

__all__ = ["SQLiteStore", "Store", "StoreError", "open_store"]


def open_store(data_dir: Path | str, database_url: str | None = None) -> Store:
    """The store the settings ask for; SQLite in the data directory unless a URL says otherwise."""
    if database_url and database_url.startswith(("postgresql://", "postgresql+psycopg://", "postgres://")):
        from bot.store.postgres import PostgresStore  # SQLAlchemy is imported only when PostgreSQL is used

        # psycopg 3 is the driver installed; the plain scheme means it too.
        url = "postgresql+psycopg://" + database_url.split("://", 1)[1]
        return PostgresStore(url)
    if database_url and not database_url.startswith("sqlite"):
        raise StoreError(
            f"unsupported CLINIC_BOT_DATABASE_URL {database_url.split(':', 1)[0]!r}: "
            "use postgresql+psycopg://user:password@host/db or sqlite:///path"
        )
    if database_url and database_url.startswith("sqlite:///"):
        return SQLiteStore(Path(database_url.removeprefix("sqlite:///")))
    return SQLiteStore(Path(data_dir) / "clinic-bot.sqlite3")
