"""The tables of the SQL store (PostgreSQL), as SQLAlchemy Core metadata.

Alembic's migrations (bot/store/migrations) create and change them; this module is what the code
reads and writes through, and a test checks the two agree.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, DateTime, Identity, Index, MetaData, String, Table, Text
from sqlalchemy.dialects.postgresql import JSONB

metadata = MetaData()

TS = DateTime(timezone=True)

sessions = Table(
    "sessions", metadata,
    Column("key", String(200), primary_key=True),
    Column("data", JSONB, nullable=False),
    Column("updated_at", TS),
)

incidents = Table(
    "incidents", metadata,
    Column("id", String(64), primary_key=True),
    Column("session_key", String(200), nullable=False),
    Column("opened_at", TS, nullable=False),
    Column("updated_at", TS, nullable=False),
    Column("data", JSONB, nullable=False),
    Index("incidents_opened", "opened_at"),
)

line_inbox = Table(
    "line_inbox", metadata,
    Column("seq", BigInteger, Identity(), primary_key=True),
    Column("event_id", String(128), nullable=False, unique=True),
    Column("chat_key", String(200), nullable=False),
    Column("message_id", String(128)),
    Column("received_at", TS, nullable=False),
    Column("status", String(16), nullable=False),
    # The worker answering the event: another takes it over only once that one's heartbeat has
    # run out (table workers).
    Column("claimed_by", String(128)),
    Column("payload", JSONB, nullable=False),
    Index("line_inbox_pending", "status", "seq"),
    Index("line_inbox_message", "chat_key", "message_id"),
)

line_outgoing = Table(
    "line_outgoing", metadata,
    Column("id", String(64), primary_key=True),
    Column("event_id", String(128)),
    Column("created_at", TS, nullable=False),
    Column("status", String(16), nullable=False),
    Column("next_attempt_at", TS, nullable=False),
    Column("data", JSONB, nullable=False),
    Column("owner", String(128)),  # the worker sending it
    Index("line_outgoing_pending", "status", "next_attempt_at"),
)

# Heartbeats: a worker is alive while alive_until is ahead of the clock.
workers = Table(
    "workers", metadata,
    Column("owner", String(128), primary_key=True),
    Column("alive_until", TS, nullable=False),
)

line_bot_messages = Table(
    "line_bot_messages", metadata,
    Column("message_id", String(128), primary_key=True),
    Column("sent_at", TS, nullable=False),
)

reminders = Table(
    "reminders", metadata,
    Column("id", String(64), primary_key=True),
    Column("session_key", String(200), nullable=False),
    Column("incident_id", String(64)),
    Column("due_at", TS, nullable=False),
    Column("status", String(16), nullable=False),
    Column("data", JSONB, nullable=False),
    Index("reminders_due", "status", "due_at"),
    Index("reminders_session", "session_key", "status"),
)

transcript = Table(
    "transcript", metadata,
    Column("seq", BigInteger, Identity(), primary_key=True),
    Column("session_key", String(200), nullable=False),
    Column("at", TS, nullable=False),
    Column("data", JSONB, nullable=False),
    Index("transcript_session", "session_key", "seq"),
)

handoffs = Table(
    "handoffs", metadata,
    Column("id", String(64), primary_key=True),
    Column("session_key", String(200), nullable=False),
    Column("requested_at", TS, nullable=False),
    Column("status", String(16), nullable=False),
    Column("data", JSONB, nullable=False),
    Index("handoffs_status", "status", "requested_at"),
)

audit_log = Table(
    "audit_log", metadata,
    Column("seq", BigInteger, Identity(), primary_key=True),
    Column("at", TS, nullable=False),
    Column("target", Text, nullable=False),
    Column("data", JSONB, nullable=False),
    Index("audit_target", "target", "seq"),
)

__all__ = [
    "audit_log", "handoffs", "incidents", "line_bot_messages", "line_inbox", "line_outgoing", "metadata",
    "reminders", "sessions", "transcript", "workers",
]
