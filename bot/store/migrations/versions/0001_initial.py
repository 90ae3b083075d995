"""The first schema: sessions, incident records, the LINE inbox and outgoing messages, reminders,
transcripts, hand-offs and the staff audit log.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "sessions",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("data", JSONB, nullable=False),
        sa.Column("updated_at", TS),
    )
    op.create_table(
        "incidents",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("session_key", sa.String(200), nullable=False),
        sa.Column("opened_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.Column("data", JSONB, nullable=False),
    )
    op.create_index("incidents_opened", "incidents", ["opened_at"])
    op.create_table(
        "line_inbox",
        sa.Column("seq", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("event_id", sa.String(128), nullable=False, unique=True),
        sa.Column("chat_key", sa.String(200), nullable=False),
        sa.Column("message_id", sa.String(128)),
        sa.Column("received_at", TS, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("claimed_by", sa.String(128)),
        sa.Column("payload", JSONB, nullable=False),
    )
    op.create_index("line_inbox_pending", "line_inbox", ["status", "seq"])
    op.create_index("line_inbox_message", "line_inbox", ["chat_key", "message_id"])
    op.create_table(
        "line_outgoing",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("event_id", sa.String(128)),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("next_attempt_at", TS, nullable=False),
        sa.Column("data", JSONB, nullable=False),
        sa.Column("owner", sa.String(128)),
    )
    op.create_index("line_outgoing_pending", "line_outgoing", ["status", "next_attempt_at"])
    op.create_table(
        "workers",
        sa.Column("owner", sa.String(128), primary_key=True),
        sa.Column("alive_until", TS, nullable=False),
    )
    op.create_table(
        "line_bot_messages",
        sa.Column("message_id", sa.String(128), primary_key=True),
        sa.Column("sent_at", TS, nullable=False),
    )
    op.create_table(
        "reminders",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("session_key", sa.String(200), nullable=False),
        sa.Column("incident_id", sa.String(64)),
        sa.Column("due_at", TS, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("data", JSONB, nullable=False),
    )
    op.create_index("reminders_due", "reminders", ["status", "due_at"])
    op.create_index("reminders_session", "reminders", ["session_key", "status"])
    op.create_table(
        "transcript",
        sa.Column("seq", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("session_key", sa.String(200), nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.Column("data", JSONB, nullable=False),
    )
    op.create_index("transcript_session", "transcript", ["session_key", "seq"])
    op.create_table(
        "handoffs",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("session_key", sa.String(200), nullable=False),
        sa.Column("requested_at", TS, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("data", JSONB, nullable=False),
    )
    op.create_index("handoffs_status", "handoffs", ["status", "requested_at"])
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("at", TS, nullable=False),
        sa.Column("target", sa.Text, nullable=False),
        sa.Column("data", JSONB, nullable=False),
    )
    op.create_index("audit_target", "audit_log", ["target", "seq"])


def downgrade() -> None:
    for table in ("audit_log", "handoffs", "transcript", "reminders", "line_bot_messages", "workers", "line_outgoing",
                  "line_inbox", "incidents", "sessions"):
        op.drop_table(table)
