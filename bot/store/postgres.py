"""PostgreSQL store (CLINIC_BOT_DATABASE_URL=postgresql+psycopg://…): several workers, one database.

Every write is one transaction, so what the engine saves with an answer (session, incident record,
the LINE event marked done, the messages to send) is all there or not at all. The schema is
Alembic's (bot/store/migrations), brought up to date when the store opens; workers starting at
once take turns through an advisory lock.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from alembic.util import CommandError as AlembicError
from sqlalchemy import Connection, and_, create_engine, delete, event, exists, func, or_, select, text, update
from sqlalchemy.dialects.postgresql import insert
from psycopg import OperationalError
from sqlalchemy.exc import DisconnectionError, SQLAlchemyError

from bot.store import sql_schema as t
from bot.store.base import (
    TRANSCRIPT_KEEP, AuditEntry, ClaimLost, Delivery, Handoff, InboxEvent, Outgoing, Reminder, StoreError, Turn,
    scrub_turn,
)
from handlers.session import IncidentRecord, Session

log = logging.getLogger(__name__)
T = TypeVar("T")
MIGRATIONS = Path(__file__).with_name("migrations")
# Any constant works: every worker of this application takes the same lock before migrating.
MIGRATION_LOCK = 7_316_004_118
PING_AFTER_IDLE = 2.0  # seconds a pooled connection may sit unused before it is checked at checkout


def migrate(connection: Connection) -> None:
    """Bring the schema to Alembic's head inside the caller's transaction, one worker at a time."""
    from alembic import command
    from alembic.config import Config

    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK})
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    known = {revision.revision for revision in ScriptDirectory.from_config(config).walk_revisions()}
    newer = [r for r in MigrationContext.configure(connection).get_current_heads() if r not in known]
    if newer:
        # A newer release migrated this database (a rolling upgrade, or a roll-back of the code).
        # Migrations only add, so this release runs on the newer schema rather than refusing to start.
        log.warning("database schema %s is newer than this release; starting without migrating", newer)
        return
    command.upgrade(config, "head")


def _json(model: Any, **options: Any) -> Any:
    return _nul_free(model.model_dump(mode="json", **options))


def _event(row: Any, claimed_by: str | None = None) -> InboxEvent:
    """An inbox row (seq, event_id, chat_key, received_at, status, payload) as the protocol's event."""
    return InboxEvent(seq=row[0], event_id=row[1], chat_key=row[2], received_at=row[3], status=row[4],
                      payload=row[5], claimed_by=claimed_by)


# A NUL character in JSON text is the escape \u0000 after an even number of backslashes (an odd
# number means the backslash before "u0000" is itself escaped text).
_JSON_NUL = re.compile(r"(?<!\\)((?:\\\\)*)\\u0000")


def _json_text(model: Any, **options: Any) -> str:
    """The model as JSON text for a jsonb column, without NUL characters (see _nul_free): made by
    pydantic's serialiser in one call, as the per-message writes are the hot path."""
    text = model.model_dump_json(**options)
    return _JSON_NUL.sub(r"\1", text) if "\\u0000" in text else text


def _nul_free(value: Any) -> Any:
    """JSON without NUL characters: PostgreSQL's jsonb refuses them (SQLite does not care), and a
    LINE payload holding one must not make its whole webhook fail."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {_nul_free(k): _nul_free(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_nul_free(v) for v in value]
    return value


class PostgresStore:
    def __init__(self, url: str, *, pool_size: int = 5, ping_after_idle: float = PING_AFTER_IDLE) -> None:
        try:
            self.engine = create_engine(url, pool_size=pool_size, max_overflow=20, pool_recycle=1800,
                                        pool_timeout=10, connect_args={"connect_timeout": 10})
            self._ping_idle_connections(ping_after_idle)
            with self.engine.begin() as conn:
                migrate(conn)
        except (SQLAlchemyError, ImportError, OSError, AlembicError) as exc:
            host = url.split("@")[-1]  # never the password
            raise StoreError(f"cannot open the PostgreSQL store at {host}: {exc}") from exc

    def _ping_idle_connections(self, after: float) -> None:
        """A connection that sat in the pool for `after` seconds is pinged when taken out, and one
        PostgreSQL closed (restart, fail-over) is replaced before use instead of failing a user's
        message. SQLAlchemy's pool_pre_ping pings on *every* checkout: a round trip that was an
        eighth of a message's CPU under load, for connections used a few milliseconds before."""

        @event.listens_for(self.engine, "checkin")
        def _returned(_dbapi: Any, record: Any) -> None:
            record.info["returned_at"] = time.monotonic()

        @event.listens_for(self.engine, "checkout")
        def _ping_if_idle(dbapi: Any, record: Any, _proxy: Any) -> None:
            if time.monotonic() - record.info.get("returned_at", 0.0) < after:
                return
            try:
                dbapi.autocommit = True  # a ping outside any transaction: one round trip
                try:
                    dbapi.execute("SELECT 1")
                finally:
                    dbapi.autocommit = False
            except Exception as exc:
                raise DisconnectionError() from exc  # the pool opens a new connection instead

    def _begin(self) -> Any:
        return self.engine.begin()

    # --- sessions and records ----------------------------------------------------------------

    # The three calls of every message (load a session, read its record, save the answer) go to
    # psycopg directly, in SQL written here, on a connection of the same pool: through SQLAlchemy
    # Core each statement cost ~0.2 ms of CPU to build and run, and a message made about ten
    # round trips, which made the PostgreSQL store cost twice the CPU of the whole answer. A read
    # runs in autocommit (no BEGIN and ROLLBACK around it); a save is one statement when it is
    # the conversation alone, one transaction when a record or a hand-off comes with it.

    def _run(self, work: Callable[[Any], T]) -> T:
        """`work(connection)` on a pooled psycopg connection in autocommit, handed back to the pool
        as SQLAlchemy left it. A connection the server dropped (a restart, a fail-over) is thrown
        away and the work is done once more on a new one. (The drop shows when an idle connection is
        used again, before the work reaches the server; were it lost after a write had committed,
        the second run rewrites the same rows, and a transcript line may appear twice.)"""
        for attempt in (1, 2):
            pooled = self.engine.raw_connection()
            conn = pooled.driver_connection
            try:
                conn.autocommit = True
                try:
                    return work(conn)
                finally:
                    if not conn.closed:
                        conn.autocommit = False
            except OperationalError:
                if not conn.broken or attempt == 2:
                    raise
                pooled.invalidate()
                self.engine.pool.dispose()  # its other connections were opened before the drop too
            finally:
                pooled.close()
        raise AssertionError("unreachable")

    def load_session(self, key: str) -> Session | None:
        row = self._run(lambda conn: conn.execute("SELECT data::text FROM sessions WHERE key = %s", (key,)).fetchone())
        return Session.model_validate_json(row[0]) if row else None

    _SAVE_SESSION = (
        "INSERT INTO sessions (key, data, updated_at) VALUES (%(key)s, %(data)s::jsonb, %(updated_at)s) "
        "ON CONFLICT (key) DO UPDATE SET data = EXCLUDED.data, updated_at = EXCLUDED.updated_at"
    )
    # The session and a turn of the transcript in one statement (atomic as any statement). The
    # trim reads the transcript as it was before this turn, so it keeps TRANSCRIPT_KEEP - 1 of
    # the older turns: with this one, the newest TRANSCRIPT_KEEP.
    _SAVE_SESSION_AND_TURN = (
        "WITH saved AS (" + _SAVE_SESSION + "), "
        "added AS (INSERT INTO transcript (session_key, at, data) VALUES (%(turn_key)s, %(at)s, %(turn)s::jsonb)) "
        "DELETE FROM transcript WHERE session_key = %(turn_key)s AND seq <= ("
        "SELECT seq FROM transcript WHERE session_key = %(turn_key)s ORDER BY seq DESC OFFSET %(older_kept)s LIMIT 1)"
    )

    def save(
        self, session: Session, incident: IncidentRecord | None = None, delivery: Delivery | None = None,
        turn: Turn | None = None, handoff: Handoff | None = None,
    ) -> None:
        if delivery is not None:  # a LINE answer: written with its outbox rows (SQLAlchemy below)
            self._save_with_delivery(session, incident, delivery, turn, handoff)
            return
        params: dict[str, Any] = {"key": session.key, "data": _json_text(session), "updated_at": session.updated_at}
        if turn is not None:
            params.update(turn_key=turn.session_key, at=turn.at, turn=_json_text(turn, exclude={"seq"}),
                          older_kept=TRANSCRIPT_KEEP - 1)
        statement = self._SAVE_SESSION_AND_TURN if turn is not None else self._SAVE_SESSION

        def write(conn: Any) -> None:
            if incident is None and handoff is None:
                conn.execute(statement, params)
                return
            with conn.transaction():
                conn.execute(statement, params)
                if incident is not None:
                    conn.execute(
                        "INSERT INTO incidents (id, session_key, opened_at, updated_at, data) "
                        "VALUES (%s, %s, %s, %s, %s::jsonb) "
                        "ON CONFLICT (id) DO UPDATE SET updated_at = EXCLUDED.updated_at, data = EXCLUDED.data",
                        (incident.id, incident.session_key, incident.opened_at, incident.updated_at,
                         _json_text(incident)))
                if handoff is not None:
                    # A plain insert: an id held by another conversation must fail loudly, never alias.
                    conn.execute(
                        "INSERT INTO handoffs (id, session_key, requested_at, status, data) "
                        "VALUES (%s, %s, %s, %s, %s::jsonb)",
                        (handoff.id, handoff.session_key, handoff.requested_at, handoff.status, _json_text(handoff)))

        self._run(write)

    def _save_with_delivery(
        self, session: Session, incident: IncidentRecord | None, delivery: Delivery, turn: Turn | None,
        handoff: Handoff | None,
    ) -> None:
        with self._begin() as conn:
            row = {"key": session.key, "data": _json(session), "updated_at": session.updated_at}
            stmt = insert(t.sessions).values(row)
            conn.execute(stmt.on_conflict_do_update(
                index_elements=["key"], set_={"data": stmt.excluded.data, "updated_at": stmt.excluded.updated_at}))
            if incident is not None:
                stmt = insert(t.incidents).values(
                    id=incident.id, session_key=incident.session_key, opened_at=incident.opened_at,
                    updated_at=incident.updated_at, data=_json(incident))
                conn.execute(stmt.on_conflict_do_update(
                    index_elements=["id"], set_={"updated_at": stmt.excluded.updated_at, "data": stmt.excluded.data}))
            self._write_delivery(conn, delivery)
            if turn is not None:
                self._write_turn(conn, turn)
            if handoff is not None:
                conn.execute(t.handoffs.insert().values(
                    id=handoff.id, session_key=handoff.session_key, requested_at=handoff.requested_at,
                    status=handoff.status, data=_json(handoff)))

    def _write_turn(self, conn: Connection, turn: Turn) -> None:
        conn.execute(t.transcript.insert().values(session_key=turn.session_key, at=turn.at,
                                                  data=_json(turn, exclude={"seq"})))
        # Bounded: only the newest exchanges of a conversation are kept.
        newest = (
            select(t.transcript.c.seq).where(t.transcript.c.session_key == turn.session_key)
            .order_by(t.transcript.c.seq.desc()).offset(TRANSCRIPT_KEEP).limit(1).scalar_subquery()
        )
        conn.execute(delete(t.transcript).where(t.transcript.c.session_key == turn.session_key,
                                                t.transcript.c.seq <= newest))

    def delete_session(self, key: str) -> None:
        with self._begin() as conn:
            conn.execute(delete(t.sessions).where(t.sessions.c.key == key))
            conn.execute(delete(t.transcript).where(t.transcript.c.session_key == key))

    def get_incident(self, incident_id: str) -> IncidentRecord | None:
        row = self._run(lambda conn: conn.execute("SELECT data::text FROM incidents WHERE id = %s",
                                                  (incident_id,)).fetchone())
        return IncidentRecord.model_validate_json(row[0]) if row else None

    def list_incidents(self, limit: int = 100) -> list[IncidentRecord]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(t.incidents.c.data).order_by(t.incidents.c.opened_at.desc(), t.incidents.c.id.desc()).limit(limit)
            ).scalars()
            return [IncidentRecord.model_validate(d) for d in rows]

    # --- workers and the LINE inbox --------------------------------------------------------------

    def worker_alive(self, owner: str, until: dt.datetime) -> None:
        with self._begin() as conn:
            stmt = insert(t.workers).values(owner=owner, alive_until=until)
            conn.execute(stmt.on_conflict_do_update(index_elements=["owner"],
                                                    set_={"alive_until": stmt.excluded.alive_until}))
            conn.execute(delete(t.workers).where(t.workers.c.alive_until < until - dt.timedelta(days=1)))

    @staticmethod
    def _holder_dead(column: Any, now: dt.datetime) -> Any:
        alive = exists().where(t.workers.c.owner == column, t.workers.c.alive_until > now)
        return or_(column.is_(None), ~alive)

    def inbox_add(self, events: list[InboxEvent], owner: str | None = None, now: dt.datetime | None = None) -> list[InboxEvent]:
        c = t.line_inbox.c
        alive_at = now or dt.datetime.now(dt.timezone.utc)
        added: list[InboxEvent] = []
        with self._begin() as conn:
            for event in events:
                # Two workers receiving events of one chat at once take turns, so that both see
                # which worker answers the chat.
                conn.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:k, 2))"), {"k": event.chat_key})
                live = exists().where(t.workers.c.owner == c.claimed_by, t.workers.c.alive_until > alive_at)
                holder = conn.execute(
                    select(c.claimed_by).where(c.chat_key == event.chat_key, c.status == "pending", live)
                    .order_by(c.seq).limit(1)
                ).scalar() or owner
                message_id = (event.payload.get("message") or {}).get("id")
                stmt = insert(t.line_inbox).values(
                    event_id=event.event_id, chat_key=event.chat_key, message_id=message_id,
                    received_at=event.received_at, status="pending", payload=_nul_free(event.payload), claimed_by=holder,
                ).on_conflict_do_nothing(index_elements=["event_id"]).returning(t.line_inbox.c.seq)
                seq = conn.execute(stmt).scalar()
                if seq is not None:
                    added.append(event.model_copy(update={"seq": seq, "claimed_by": holder}))
        return added

    def inbox_held(self, owner: str) -> list[InboxEvent]:
        c = t.line_inbox.c
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(c.seq, c.event_id, c.chat_key, c.received_at, c.status, c.payload)
                .where(c.status == "pending", c.claimed_by == owner).order_by(c.seq)
            ).all()
        return [_event(r, claimed_by=owner) for r in rows]

    def inbox_pending(self, now: dt.datetime | None = None) -> list[InboxEvent]:
        c = t.line_inbox.c
        query = select(c.seq, c.event_id, c.chat_key, c.received_at, c.status, c.payload).where(c.status == "pending")
        if now is not None:
            query = query.where(self._holder_dead(c.claimed_by, now))
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(c.seq)).all()
        return [_event(r) for r in rows]

    def inbox_claim(self, event_id: str, owner: str, now: dt.datetime) -> bool:
        c = t.line_inbox.c
        with self._begin() as conn:
            result = conn.execute(
                update(t.line_inbox).where(
                    c.event_id == event_id, c.status == "pending",
                    or_(c.claimed_by == owner, self._holder_dead(c.claimed_by, now)),
                ).values(claimed_by=owner)
            )
        return result.rowcount == 1

    def inbox_finish(self, delivery: Delivery) -> None:
        with self._begin() as conn:
            self._write_delivery(conn, delivery)

    def _write_delivery(self, conn: Connection, delivery: Delivery) -> None:
        c = t.line_inbox.c
        if delivery.reminder_id is not None and conn.execute(
            update(t.reminders).where(t.reminders.c.id == delivery.reminder_id, t.reminders.c.status == "pending")
            .values(status="sent")
        ).rowcount != 1:
            raise ClaimLost(f"reminder {delivery.reminder_id} is no longer pending")
        if delivery.event_id is not None:
            if delivery.owner is None:
                conn.execute(update(t.line_inbox).where(c.event_id == delivery.event_id).values(status="done"))
            elif conn.execute(
                update(t.line_inbox).where(c.event_id == delivery.event_id, c.status == "pending",
                                           c.claimed_by == delivery.owner).values(status="done")
            ).rowcount != 1:
                raise ClaimLost(f"LINE event {delivery.event_id} is no longer held by {delivery.owner}")
        for out in delivery.outgoing:
            conn.execute(insert(t.line_outgoing).values(
                id=out.id, event_id=out.event_id, created_at=out.created_at, status=out.status,
                next_attempt_at=out.next_attempt_at or out.created_at, data=_json(out), owner=out.owner,
            ).on_conflict_do_nothing(index_elements=["id"]))

    def inbox_scrub(self, chat_key: str, message_id: str) -> str | None:
        c = t.line_inbox.c
        with self._begin() as conn:
            row = conn.execute(
                select(c.seq, c.payload).where(c.chat_key == chat_key, c.message_id == message_id).with_for_update()
            ).first()
            if row is None:
                return None
            payload = dict(row[1])
            message = dict(payload.get("message") or {})
            text_ = message.pop("text", None)
            message["unsent"] = True
            payload["message"] = message
            conn.execute(update(t.line_inbox).where(c.seq == row[0]).values(payload=payload))
        return text_

    def inbox_purge(self, before: dt.datetime) -> int:
        with self._begin() as conn:
            result = conn.execute(delete(t.line_inbox).where(t.line_inbox.c.status == "done",
                                                             t.line_inbox.c.received_at < before))
            conn.execute(delete(t.line_outgoing).where(t.line_outgoing.c.status != "pending",
                                                       t.line_outgoing.c.created_at < before))
            conn.execute(delete(t.line_bot_messages).where(t.line_bot_messages.c.sent_at < before))
        return result.rowcount

    # --- outgoing --------------------------------------------------------------------------

    def outgoing_pending(self, now: dt.datetime) -> list[Outgoing]:
        c = t.line_outgoing.c
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(c.data).where(c.status == "pending", c.next_attempt_at <= now).order_by(c.created_at, c.id)
            ).scalars()
            return [Outgoing.model_validate(d) for d in rows]

    def outgoing_take(self, now: dt.datetime, owner: str, until: dt.datetime) -> list[Outgoing]:
        c = t.line_outgoing.c
        orphaned = and_(c.owner.is_not(None), c.owner != owner, self._holder_dead(c.owner, now))
        with self._begin() as conn:
            # SKIP LOCKED: two workers' rounds at the same moment split the messages, never share one.
            rows = conn.execute(
                select(c.data).where(c.status == "pending", or_(c.next_attempt_at <= now, orphaned))
                .order_by(c.created_at, c.id).with_for_update(skip_locked=True)
            ).scalars().all()
            taken = [Outgoing.model_validate(d).model_copy(update={"next_attempt_at": until, "owner": owner})
                     for d in rows]
            for out in taken:
                conn.execute(update(t.line_outgoing).where(c.id == out.id)
                             .values(next_attempt_at=until, owner=owner, data=_json(out)))
        return taken

    def outgoing_update(self, outgoing: Outgoing) -> None:
        c = t.line_outgoing.c
        with self._begin() as conn:
            conn.execute(update(t.line_outgoing).where(c.id == outgoing.id).values(
                status=outgoing.status, next_attempt_at=outgoing.next_attempt_at or outgoing.created_at,
                data=_json(outgoing)))
            now = dt.datetime.now(dt.timezone.utc)
            for message_id in outgoing.sent_message_ids:
                conn.execute(insert(t.line_bot_messages).values(message_id=message_id, sent_at=now)
                             .on_conflict_do_nothing())

    def is_bot_message(self, message_id: str) -> bool:
        with self.engine.connect() as conn:
            found = conn.execute(
                select(t.line_bot_messages.c.message_id).where(t.line_bot_messages.c.message_id == message_id)
            ).first()
        return found is not None

    # --- reminders -------------------------------------------------------------------------

    def reminder_add(self, reminder: Reminder) -> None:
        c = t.reminders.c
        with self._begin() as conn:
            # One pending reminder per conversation and incident: two workers adding at once take
            # turns on the conversation (a row lock would lock nothing before its first reminder).
            conn.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:k, 1))"), {"k": reminder.session_key})
            conn.execute(update(t.reminders).where(
                c.session_key == reminder.session_key, c.incident_id.is_not_distinct_from(reminder.incident_id),
                c.status == "pending").values(status="cancelled"))
            conn.execute(t.reminders.insert().values(
                id=reminder.id, session_key=reminder.session_key, incident_id=reminder.incident_id,
                due_at=reminder.due_at, status=reminder.status, data=_json(reminder)))

    def reminders_due(self, now: dt.datetime) -> list[Reminder]:
        c = t.reminders.c
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(c.id, c.status, c.data).where(c.status == "pending", c.due_at <= now).order_by(c.due_at, c.id)
            ).all()
        return [Reminder.model_validate(r[2]).model_copy(update={"status": r[1]}) for r in rows]

    def reminder_set_status(self, reminder_id: str, status: str) -> bool:
        c = t.reminders.c
        with self._begin() as conn:
            result = conn.execute(update(t.reminders).where(c.id == reminder_id, c.status == "pending")
                                  .values(status=status))
        return result.rowcount == 1

    def reminders_cancel(self, session_key: str, incident_id: str | None = None) -> int:
        c = t.reminders.c
        condition = [c.session_key == session_key, c.status == "pending"]
        if incident_id is not None:
            condition.append(c.incident_id == incident_id)
        with self._begin() as conn:
            return conn.execute(update(t.reminders).where(*condition).values(status="cancelled")).rowcount

    def reminders_pending(self, session_key: str) -> list[Reminder]:
        c = t.reminders.c
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(c.status, c.data).where(c.session_key == session_key, c.status == "pending").order_by(c.due_at)
            ).all()
        return [Reminder.model_validate(r[1]).model_copy(update={"status": r[0]}) for r in rows]

    # --- transcript, hand-offs, staff audit ------------------------------------------------

    def transcript(self, session_key: str, limit: int = TRANSCRIPT_KEEP) -> list[Turn]:
        c = t.transcript.c
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(c.seq, c.data).where(c.session_key == session_key).order_by(c.seq.desc()).limit(limit)
            ).all()
        return [Turn.model_validate(r[1]).model_copy(update={"seq": r[0]}) for r in reversed(rows)]

    def transcript_scrub(self, session_key: str, text: str, replacement: str) -> int:
        if not text:
            return 0
        c = t.transcript.c
        changed = 0
        with self._begin() as conn:
            rows = conn.execute(select(c.seq, c.data).where(c.session_key == session_key).with_for_update()).all()
            for seq, data in rows:
                scrubbed = scrub_turn(Turn.model_validate(data), text, replacement)
                if scrubbed is not None:
                    conn.execute(update(t.transcript).where(c.seq == seq).values(data=_json(scrubbed, exclude={"seq"})))
                    changed += 1
        return changed

    def handoff_get(self, handoff_id: str) -> Handoff | None:
        with self.engine.connect() as conn:
            data = conn.execute(select(t.handoffs.c.data).where(t.handoffs.c.id == handoff_id)).scalar()
        return Handoff.model_validate(data) if data is not None else None

    def handoffs(self, status: str | None = None, limit: int = 100) -> list[Handoff]:
        c = t.handoffs.c
        query = select(c.data)
        if status is not None:
            query = query.where(c.status == status)
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(c.requested_at.desc(), c.id.desc()).limit(limit)).scalars()
            return [Handoff.model_validate(d) for d in rows]

    def handoff_close(self, handoff_id: str, by: str, at: dt.datetime) -> bool:
        c = t.handoffs.c
        with self._begin() as conn:
            data = conn.execute(
                select(c.data).where(c.id == handoff_id, c.status == "waiting").with_for_update()
            ).scalar()
            if data is None:
                return False
            closed = Handoff.model_validate(data).model_copy(update={"status": "closed", "closed_at": at, "closed_by": by})
            conn.execute(update(t.handoffs).where(c.id == handoff_id).values(status="closed", data=_json(closed)))
        return True

    def audit_add(self, entry: AuditEntry) -> None:
        with self._begin() as conn:
            conn.execute(t.audit_log.insert().values(at=entry.at, target=entry.target,
                                                     data=_json(entry, exclude={"seq"})))

    def audit_list(self, limit: int = 200, target: str | None = None) -> list[AuditEntry]:
        c = t.audit_log.c
        query = select(c.seq, c.data)
        if target is not None:
            query = query.where(c.target == target)
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(c.seq.desc()).limit(limit)).all()
        return [AuditEntry.model_validate(r[1]).model_copy(update={"seq": r[0]}) for r in rows]

    def ping(self) -> bool:
        try:
            with self.engine.connect() as conn:
                conn.execute(select(func.now())).scalar()
            return True
        except SQLAlchemyError:
            return False

    def close(self) -> None:
        self.engine.dispose()
