"""Shared test set-up: one pamphlet index for the whole run.

Building the index embeds every chunk (about 13 s on this machine), so it is built once into
a session directory and every test, in-process or through the CLI, reads it through
CLINIC_BOT_INDEX_DIR. Tests that exercise building itself use their own directories.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.chats import RecordChat, TriageChat


@pytest.fixture(scope="session", autouse=True)
def shared_pamphlet_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from knowledge.index import PamphletIndex

    path = tmp_path_factory.mktemp("index") / "chroma"
    PamphletIndex(path).build()
    os.environ["CLINIC_BOT_INDEX_DIR"] = str(path)
    return path


@pytest.fixture(scope="module")
def retrieval_engine(tmp_path_factory: pytest.TempPathFactory, shared_pamphlet_index: Path):
    """The whole engine with retrieval over the shared index and a store of its own (one per module)."""
    from bot.engine import Engine
    from bot.runtime import LazyRetriever
    from bot.store.sqlite import SQLiteStore

    store = SQLiteStore(tmp_path_factory.mktemp("engine") / "bot.sqlite3")
    yield Engine(store, retriever=LazyRetriever(shared_pamphlet_index))
    store.close()


@pytest.fixture
def conversation(retrieval_engine):
    """``conversation(at)``: a new chat whose each call ``say(text, at=None)`` is its next message, a few
    minutes after the one before (from ``at``), or at the moment given; returns the reply as plain text."""
    import datetime as dt
    import uuid

    from handlers.messages import Inbound

    def start(at: dt.datetime):
        key = f"c:{uuid.uuid4().hex}"
        minutes = iter(range(0, 6000, 3))

        def say(text: str, when: dt.datetime | None = None) -> str:
            moment = when or at + dt.timedelta(minutes=next(minutes))
            return retrieval_engine.handle(Inbound(session_key=key, text=text, at=moment)).plain_text()

        say.engine = retrieval_engine  # type: ignore[attr-defined]
        say.key = key  # type: ignore[attr-defined]
        return say

    return start


@pytest.fixture
def store(tmp_path):
    """A SQLite store of the test's own."""
    from bot.store.sqlite import SQLiteStore

    s = SQLiteStore(tmp_path / "bot.sqlite3")
    yield s
    s.close()


@pytest.fixture
def chat(store):
    """A triage conversation (tests.chats.TriageChat) on the test's own store."""
    return TriageChat(store)


@pytest.fixture
def record_chat(tmp_path):
    """``record_chat(start)``: a new RecordChat on a store of its own, its first message three minutes after ``start``."""
    from bot.store.sqlite import SQLiteStore

    stores = []

    def start(at):
        store = SQLiteStore(tmp_path / f"chat{len(stores)}.sqlite3")
        stores.append(store)
        return RecordChat(store, at)

    yield start
    for store in stores:
        store.close()


@pytest.fixture(scope="session")
def postgres():
    """A real PostgreSQL server for the whole run (tests/backends.py)."""
    from tests.backends import Postgres

    server = Postgres.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory):
    """A real Redis server for the whole run (tests/backends.py)."""
    from tests.backends import Redis

    server = Redis.start(tmp_path_factory.mktemp("redis"))
    yield server
    server.stop()
