"""Alembic environment: always run from bot.store.migrate with an open connection (no alembic.ini)."""

from __future__ import annotations

from alembic import context

from bot.store.sql_schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, transactional_ddl=True)
with context.begin_transaction():
    context.run_migrations()
