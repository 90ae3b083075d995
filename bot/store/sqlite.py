"""SQLite store: one file in CLINIC_BOT_DATA_DIR, WAL mode, one short transaction per message."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from bot.store.base import (
    TRANSCRIPT_KEEP, AuditEntry, ClaimLost, Delivery, Handoff, InboxEvent, Outgoing, Reminder, StoreError, Turn,
    scrub_turn,
)
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
CREATE TABLE IF NOT EXISTS line_inbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL UNIQUE,
    chat_key TEXT NOT NULL,
    message_id TEXT,
    received_at TEXT NOT NULL,
    status TEXT NOT NULL,
    payload TEXT NOT NULL,
    claimed_by TEXT
);
CREATE INDEX IF NOT EXISTS line_inbox_pending ON line_inbox (status, seq);
CREATE INDEX IF NOT EXISTS line_inbox_message ON line_inbox (chat_key, message_id);
CREATE TABLE IF NOT EXISTS line_outgoing (
    id TEXT PRIMARY KEY,
    event_id TEXT,
    created_at TEXT NOT NULL,
    status TEXT NOT NULL,
    next_attempt_at TEXT NOT NULL,
    data TEXT NOT NULL,
    owner TEXT
);
CREATE TABLE IF NOT EXISTS workers (
    owner TEXT PRIMARY KEY,
    alive_until TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS line_outgoing_pending ON line_outgoing (status, next_attempt_at);
CREATE TABLE IF NOT EXISTS line_bot_messages (
    message_id TEXT PRIMARY KEY,
    sent_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS reminders (
    id TEXT PRIMARY KEY,
    session_key TEXT NOT NULL,
    incident_id TEXT,
    due_at TEXT NOT NULL,
    status TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS reminders_due ON reminders (status, due_at);
CREATE TABLE IF NOT EXISTS transcript (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    session_key TEXT NOT NULL,
    at TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS transcript_session ON transcript (session_key, seq);
CREATE TABLE IF NOT EXISTS handoffs (
    id TEXT PRIMARY KEY,
    session_key TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    status TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS handoffs_status ON handoffs (status, requested_at);
CREATE TABLE IF NOT EXISTS audit_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    target TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_target ON audit_log (target, seq);
"""


# "Nobody alive holds it": no holder, or the holder's heartbeat has run out (the `?` is now).
_HOLDER_DEAD = (
    "({column} IS NULL OR NOT EXISTS (SELECT 1 FROM workers w WHERE w.owner = {column} AND w.alive_until > ?))"
)


class SQLiteStore:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # One connection shared by threads, guarded by a lock: messages are small and the
            # lock keeps a session's load-route-save from interleaving with another write.
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=10)
            self._db.execute("PRAGMA journal_mode=WAL")
            # FULL: an incident record or a LINE event acknowledged with 200 survives a power cut.
            # A save of a conversation's state alone is NORMAL (see _transaction).
            self._db.execute("PRAGMA synchronous=FULL")
            self._synchronous = "FULL"
            self._db.executescript(SCHEMA)
            self._upgrade()
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the SQLite store at {self.path}: {exc}") from exc
        self._lock = threading.Lock()

    def _upgrade(self) -> None:
        """Columns added after the first release, added to a data file made before them."""
        for table, column in (("line_inbox", "claimed_by"), ("line_outgoing", "owner")):
            if column not in {row[1] for row in self._db.execute(f"PRAGMA table_info({table})")}:
                self._db.execute(f"ALTER TABLE {table} ADD COLUMN {column} TEXT")

    def load_session(self, key: str) -> Session | None:
        with self._lock:
            row = self._db.execute("SELECT data FROM sessions WHERE key = ?", (key,)).fetchone()
        return Session.model_validate_json(row[0]) if row else None

    def save(
        self, session: Session, incident: IncidentRecord | None = None, delivery: Delivery | None = None,
        turn: Turn | None = None, handoff: Handoff | None = None,
    ) -> None:
        durable = incident is not None or delivery is not None or handoff is not None
        with self._lock, self._transaction(durable):
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
            if delivery is not None:
                self._write_delivery(delivery)
            if turn is not None:
                self._write_turn(turn)
            if handoff is not None:
                self._db.execute(
                    # No ON CONFLICT: an id held by another conversation must fail loudly, never alias.
                    "INSERT INTO handoffs (id, session_key, requested_at, status, data) VALUES (?, ?, ?, ?, ?)",
                    (handoff.id, handoff.session_key, _utc(handoff.requested_at), handoff.status,
                     handoff.model_dump_json()),
                )

    def _write_turn(self, turn: Turn) -> None:
        self._db.execute(
            "INSERT INTO transcript (session_key, at, data) VALUES (?, ?, ?)",
            (turn.session_key, _utc(turn.at), turn.model_dump_json(exclude={"seq"})),
        )
        # Bounded: only the newest exchanges of a conversation are kept.
        self._db.execute(
            "DELETE FROM transcript WHERE session_key = ? AND seq <= ("
            "SELECT seq FROM transcript WHERE session_key = ? ORDER BY seq DESC LIMIT 1 OFFSET ?)",
            (turn.session_key, turn.session_key, TRANSCRIPT_KEEP),
        )

    @contextmanager
    def _transaction(self, durable: bool = True) -> Iterator[None]:
        """One write transaction (the caller holds self._lock).

        ``durable``: the commit waits for the disk (synchronous=FULL), so that it survives a power
        cut: every write of an incident record, the LINE inbox and outbox, hand-offs, reminders and
        the audit log. A write of a conversation's state and transcript alone commits with NORMAL:
        in WAL mode that still survives the process being killed at any moment, and a power cut
        can lose the last few seconds of dialogue, never a record: no flush to disk is waited for
        on every chat message for data that does not need it."""
        level = "FULL" if durable else "NORMAL"
        if level != self._synchronous:
            self._db.execute(f"PRAGMA synchronous={level}")
            self._synchronous = level
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def delete_session(self, key: str) -> None:
        with self._lock, self._transaction():
            self._db.execute("DELETE FROM sessions WHERE key = ?", (key,))
            self._db.execute("DELETE FROM transcript WHERE session_key = ?", (key,))

    # --- LINE inbox ---------------------------------------------------------------------

    def worker_alive(self, owner: str, until: dt.datetime) -> None:
        with self._lock, self._transaction():
            self._db.execute(
                "INSERT INTO workers (owner, alive_until) VALUES (?, ?) "
                "ON CONFLICT(owner) DO UPDATE SET alive_until = excluded.alive_until",
                (owner, _utc(until)),
            )
            # A worker dead for a day is forgotten (its rows read as held by nobody alive either way).
            self._db.execute("DELETE FROM workers WHERE alive_until < ?", (_utc(until - dt.timedelta(days=1)),))

    def inbox_add(self, events: list[InboxEvent], owner: str | None = None, now: dt.datetime | None = None) -> list[InboxEvent]:
        added: list[InboxEvent] = []
        alive_at = _utc(now or dt.datetime.now(dt.timezone.utc))
        with self._lock, self._transaction():
            for event in events:
                message_id = (event.payload.get("message") or {}).get("id")
                row = self._db.execute(
                    "SELECT claimed_by FROM line_inbox WHERE chat_key = ? AND status = 'pending' AND claimed_by IS NOT "
                    "NULL AND EXISTS (SELECT 1 FROM workers w WHERE w.owner = line_inbox.claimed_by AND "
                    "w.alive_until > ?) ORDER BY seq LIMIT 1",
                    (event.chat_key, alive_at),
                ).fetchone()
                holder = row[0] if row else owner
                cursor = self._db.execute(
                    "INSERT INTO line_inbox (event_id, chat_key, message_id, received_at, status, payload, claimed_by) "
                    "VALUES (?, ?, ?, ?, 'pending', ?, ?) ON CONFLICT(event_id) DO NOTHING",
                    (event.event_id, event.chat_key, message_id, _utc(event.received_at), json.dumps(event.payload),
                     holder),
                )
                if cursor.rowcount == 1:
                    added.append(event.model_copy(update={"seq": cursor.lastrowid, "claimed_by": holder}))
        return added

    def inbox_held(self, owner: str) -> list[InboxEvent]:
        with self._lock:
            rows = self._db.execute(
                "SELECT seq, event_id, chat_key, received_at, status, payload FROM line_inbox "
                "WHERE status = 'pending' AND claimed_by = ? ORDER BY seq",
                (owner,),
            ).fetchall()
        return [_event(r, claimed_by=owner) for r in rows]

    def inbox_pending(self, now: dt.datetime | None = None) -> list[InboxEvent]:
        query = "SELECT seq, event_id, chat_key, received_at, status, payload FROM line_inbox WHERE status = 'pending'"
        params: tuple[str, ...] = ()
        if now is not None:
            query += f" AND {_HOLDER_DEAD.format(column='line_inbox.claimed_by')}"
            params = (_utc(now),)
        with self._lock:
            rows = self._db.execute(query + " ORDER BY seq", params).fetchall()
        return [_event(r) for r in rows]

    def inbox_claim(self, event_id: str, owner: str, now: dt.datetime) -> bool:
        with self._lock, self._transaction():
            cursor = self._db.execute(
                "UPDATE line_inbox SET claimed_by = ? WHERE event_id = ? AND status = 'pending' AND "
                f"(claimed_by = ? OR {_HOLDER_DEAD.format(column='line_inbox.claimed_by')})",
                (owner, event_id, owner, _utc(now)),
            )
        return cursor.rowcount == 1

    def inbox_finish(self, delivery: Delivery) -> None:
        with self._lock, self._transaction():
            self._write_delivery(delivery)

    def _write_delivery(self, delivery: Delivery) -> None:
        if delivery.reminder_id is not None and self._db.execute(
            "UPDATE reminders SET status = 'sent' WHERE id = ? AND status = 'pending'", (delivery.reminder_id,)
        ).rowcount != 1:
            raise ClaimLost(f"reminder {delivery.reminder_id} is no longer pending")
        if delivery.event_id is not None:
            if delivery.owner is None:
                self._db.execute("UPDATE line_inbox SET status = 'done' WHERE event_id = ?", (delivery.event_id,))
            elif self._db.execute(
                "UPDATE line_inbox SET status = 'done' WHERE event_id = ? AND status = 'pending' AND claimed_by = ?",
                (delivery.event_id, delivery.owner),
            ).rowcount != 1:
                raise ClaimLost(f"LINE event {delivery.event_id} is no longer held by {delivery.owner}")
        for out in delivery.outgoing:
            self._db.execute(
                "INSERT INTO line_outgoing (id, event_id, created_at, status, next_attempt_at, data, owner) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING",
                (out.id, out.event_id, _utc(out.created_at), out.status,
                 _utc(out.next_attempt_at or out.created_at), out.model_dump_json(), out.owner),
            )

    def inbox_scrub(self, chat_key: str, message_id: str) -> str | None:
        with self._lock, self._transaction():
            row = self._db.execute(
                "SELECT seq, payload FROM line_inbox WHERE chat_key = ? AND message_id = ?", (chat_key, message_id)
            ).fetchone()
            if row is None:
                return None
            payload = json.loads(row[1])
            message = payload.get("message") or {}
            text = message.pop("text", None)
            message["unsent"] = True
            self._db.execute("UPDATE line_inbox SET payload = ? WHERE seq = ?", (json.dumps(payload), row[0]))
        return text

    def inbox_purge(self, before: dt.datetime) -> int:
        with self._lock, self._transaction():
            cursor = self._db.execute(
                "DELETE FROM line_inbox WHERE status = 'done' AND received_at < ?", (_utc(before),)
            )
            self._db.execute(
                "DELETE FROM line_outgoing WHERE status != 'pending' AND created_at < ?", (_utc(before),)
            )
            self._db.execute("DELETE FROM line_bot_messages WHERE sent_at < ?", (_utc(before),))
        return cursor.rowcount

    # --- outgoing -----------------------------------------------------------------------

    def outgoing_pending(self, now: dt.datetime) -> list[Outgoing]:
        with self._lock:
            rows = self._db.execute(
                "SELECT data FROM line_outgoing WHERE status = 'pending' AND next_attempt_at <= ? "
                "ORDER BY created_at, id",
                (_utc(now),),
            ).fetchall()
        return [Outgoing.model_validate_json(r[0]) for r in rows]

    def outgoing_take(self, now: dt.datetime, owner: str, until: dt.datetime) -> list[Outgoing]:
        with self._lock, self._transaction():
            rows = self._db.execute(
                "SELECT data FROM line_outgoing WHERE status = 'pending' AND (next_attempt_at <= ? OR "
                f"(owner IS NOT NULL AND owner != ? AND {_HOLDER_DEAD.format(column='line_outgoing.owner')})) "
                "ORDER BY created_at, id",
                (_utc(now), owner, _utc(now)),
            ).fetchall()
            taken = [
                Outgoing.model_validate_json(r[0]).model_copy(update={"next_attempt_at": until, "owner": owner})
                for r in rows
            ]
            self._db.executemany(
                "UPDATE line_outgoing SET next_attempt_at = ?, owner = ?, data = ? WHERE id = ?",
                [(_utc(until), owner, out.model_dump_json(), out.id) for out in taken],
            )
        return taken

    def outgoing_update(self, outgoing: Outgoing) -> None:
        with self._lock, self._transaction():
            self._db.execute(
                "UPDATE line_outgoing SET status = ?, next_attempt_at = ?, data = ? WHERE id = ?",
                (outgoing.status, _utc(outgoing.next_attempt_at or outgoing.created_at), outgoing.model_dump_json(),
                 outgoing.id),
            )
            now = _utc(dt.datetime.now(dt.timezone.utc))
            for message_id in outgoing.sent_message_ids:
                self._db.execute(
                    "INSERT INTO line_bot_messages (message_id, sent_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
                    (message_id, now),
                )

    def is_bot_message(self, message_id: str) -> bool:
        with self._lock:
            row = self._db.execute("SELECT 1 FROM line_bot_messages WHERE message_id = ?", (message_id,)).fetchone()
        return row is not None

    # --- reminders ----------------------------------------------------------------------

    def reminder_add(self, reminder: Reminder) -> None:
        with self._lock, self._transaction():
            self._db.execute(
                "UPDATE reminders SET status = 'cancelled' WHERE session_key = ? AND incident_id IS ? "
                "AND status = 'pending'",
                (reminder.session_key, reminder.incident_id),
            )
            self._db.execute(
                "INSERT INTO reminders (id, session_key, incident_id, due_at, status, data) VALUES (?, ?, ?, ?, ?, ?)",
                (reminder.id, reminder.session_key, reminder.incident_id, _utc(reminder.due_at), reminder.status,
                 reminder.model_dump_json()),
            )

    def reminders_due(self, now: dt.datetime) -> list[Reminder]:
        with self._lock:
            rows = self._db.execute(
                "SELECT data FROM reminders WHERE status = 'pending' AND due_at <= ? ORDER BY due_at, id", (_utc(now),)
            ).fetchall()
        return [Reminder.model_validate_json(r[0]) for r in rows]

    def reminder_set_status(self, reminder_id: str, status: str) -> bool:
        with self._lock, self._transaction():
            cursor = self._db.execute(
                "UPDATE reminders SET status = ? WHERE id = ? AND status = 'pending'", (status, reminder_id)
            )
        return cursor.rowcount == 1

    def reminders_cancel(self, session_key: str, incident_id: str | None = None) -> int:
        query = "UPDATE reminders SET status = 'cancelled' WHERE session_key = ? AND status = 'pending'"
        params: tuple[str, ...] = (session_key,)
        if incident_id is not None:
            query += " AND incident_id = ?"
            params += (incident_id,)
        with self._lock, self._transaction():
            return self._db.execute(query, params).rowcount

    def reminders_pending(self, session_key: str) -> list[Reminder]:
        with self._lock:
            rows = self._db.execute(
                "SELECT data FROM reminders WHERE session_key = ? AND status = 'pending' ORDER BY due_at", (session_key,)
            ).fetchall()
        return [Reminder.model_validate_json(r[0]) for r in rows]

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

    # --- transcript, hand-offs, staff audit --------------------------------------------------

    def transcript(self, session_key: str, limit: int = TRANSCRIPT_KEEP) -> list[Turn]:
        with self._lock:
            rows = self._db.execute(
                "SELECT seq, data FROM transcript WHERE session_key = ? ORDER BY seq DESC LIMIT ?", (session_key, limit)
            ).fetchall()
        return [Turn.model_validate_json(r[1]).model_copy(update={"seq": r[0]}) for r in reversed(rows)]

    def transcript_scrub(self, session_key: str, text: str, replacement: str) -> int:
        if not text:
            return 0
        with self._lock, self._transaction():
            rows = self._db.execute("SELECT seq, data FROM transcript WHERE session_key = ?", (session_key,)).fetchall()
            changed = []
            for seq, data in rows:
                turn = Turn.model_validate_json(data)
                scrubbed = scrub_turn(turn, text, replacement)
                if scrubbed is not None:
                    changed.append((scrubbed.model_dump_json(exclude={"seq"}), seq))
            self._db.executemany("UPDATE transcript SET data = ? WHERE seq = ?", changed)
        return len(changed)

    def handoff_get(self, handoff_id: str) -> Handoff | None:
        with self._lock:
            row = self._db.execute("SELECT data FROM handoffs WHERE id = ?", (handoff_id,)).fetchone()
        return Handoff.model_validate_json(row[0]) if row else None

    def handoffs(self, status: str | None = None, limit: int = 100) -> list[Handoff]:
        query = "SELECT data FROM handoffs"
        params: tuple[object, ...] = ()
        if status is not None:
            query += " WHERE status = ?"
            params = (status,)
        with self._lock:
            rows = self._db.execute(query + " ORDER BY requested_at DESC, id DESC LIMIT ?", (*params, limit)).fetchall()
        return [Handoff.model_validate_json(r[0]) for r in rows]

    def handoff_close(self, handoff_id: str, by: str, at: dt.datetime) -> bool:
        with self._lock, self._transaction():
            row = self._db.execute(
                "SELECT data FROM handoffs WHERE id = ? AND status = 'waiting'", (handoff_id,)
            ).fetchone()
            if row is None:
                return False
            closed = Handoff.model_validate_json(row[0]).model_copy(
                update={"status": "closed", "closed_at": at, "closed_by": by}
            )
            self._db.execute(
                "UPDATE handoffs SET status = 'closed', data = ? WHERE id = ?", (closed.model_dump_json(), handoff_id)
            )
        return True

    def audit_add(self, entry: AuditEntry) -> None:
        with self._lock, self._transaction():
            self._db.execute(
                "INSERT INTO audit_log (at, target, data) VALUES (?, ?, ?)",
                (_utc(entry.at), entry.target, entry.model_dump_json(exclude={"seq"})),
            )

    def audit_list(self, limit: int = 200, target: str | None = None) -> list[AuditEntry]:
        query = "SELECT seq, data FROM audit_log"
        params: tuple[object, ...] = ()
        if target is not None:
            query += " WHERE target = ?"
            params = (target,)
        with self._lock:
            rows = self._db.execute(query + " ORDER BY seq DESC LIMIT ?", (*params, limit)).fetchall()
        return [AuditEntry.model_validate_json(r[1]).model_copy(update={"seq": r[0]}) for r in rows]

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


def _event(row: tuple, claimed_by: str | None = None) -> InboxEvent:
    """An inbox row (seq, event_id, chat_key, received_at, status, payload) as the protocol's event."""
    return InboxEvent(seq=row[0], event_id=row[1], chat_key=row[2], received_at=dt.datetime.fromisoformat(row[3]),
                      status=row[4], payload=json.loads(row[5]), claimed_by=claimed_by)


def _iso(value: dt.datetime | None) -> str:
    return value.isoformat() if value is not None else ""


def _utc(value: dt.datetime) -> str:
    """Sortable as text whatever offset the moment was written with."""
    return value.astimezone(dt.timezone.utc).isoformat()
