"""SQLite store: one file in CLINIC_BOT_DATA_DIR, WAL mode, one short transaction per message."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from pathlib import Path

from bot.store.base import StoreError
from handlers.session import IncidentRecord, Session

SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    key TEXT PRIMARY KEY,
    data TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS incidents (
    id TEXT PRIMARY KEY,
    session_key TEXT NOT NULL,
    opened_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS incidents_opened ON incidents (opened_at);
"""


class SQLiteStore:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # One connection shared by threads, guarded by a lock: messages are small and the
            # lock keeps a session's load-route-save from interleaving with another write.
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=10)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the SQLite store at {self.path}: {exc}") from exc
        self._lock = threading.Lock()

    def load_session(self, key: str) -> Session | None:
        with self._lock:
            row = self._db.execute("SELECT data FROM sessions WHERE key = ?", (key,)).fetchone()
        return Session.model_validate_json(row[0]) if row else None

    def save(self, session: Session, incident: IncidentRecord | None = None) -> None:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute(
                    "INSERT INTO sessions (key, data, updated_at) VALUES (?, ?, ?) "
                    "ON CONFLICT(key) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at",
                    (session.key, session.model_dump_json(), _iso(session.updated_at)),
                )
                if incident is not None:
                    self._db.execute(
                        "INSERT INTO incidents (id, session_key, opened_at, updated_at, data) VALUES (?, ?, ?, ?, ?) "
                        "ON CONFLICT(id) DO UPDATE SET updated_at = excluded.updated_at, data = excluded.data",
                        (incident.id, incident.session_key, _utc(incident.opened_at), _iso(incident.updated_at),
                         incident.model_dump_json()),
                    )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def get_incident(self, incident_id: str) -> IncidentRecord | None:
        with self._lock:
            row = self._db.execute("SELECT data FROM incidents WHERE id = ?", (incident_id,)).fetchone()
        return IncidentRecord.model_validate_json(row[0]) if row else None

    def list_incidents(self, limit: int = 100) -> list[IncidentRecord]:
        with self._lock:
            rows = self._db.execute(
                "SELECT data FROM incidents ORDER BY opened_at DESC, id DESC LIMIT ?", (limit,)
            ).fetchall()
        return [IncidentRecord.model_validate_json(r[0]) for r in rows]

    def ping(self) -> bool:
        try:
            with self._lock:
                self._db.execute("SELECT 1").fetchone()
            return True
        except sqlite3.Error:
            return False

    def close(self) -> None:
        with self._lock:
            self._db.close()


def _iso(value: dt.datetime | None) -> str:
    return value.isoformat() if value is not None else ""


def _utc(value: dt.datetime) -> str:
    """Sortable as text whatever offset the moment was written with."""
    return value.astimezone(dt.timezone.utc).isoformat()
