"""Conversations through the whole engine whose incident record a test reads (the fixtures are in conftest)."""

from __future__ import annotations

import datetime as dt

from bot.engine import Engine
from bot.store.sqlite import SQLiteStore
from handlers.messages import Inbound
from handlers.session import Session
from handlers.understand import understand
from knowledge.clock import JST
from knowledge.text import normalize

NIGHT = "2026-12-02T22:30"


def alarm_level(text: str, at: dt.datetime) -> str:
    """The emergency level the understanding step gives ``text`` as the first message of a conversation."""
    return understand(normalize(text), Session(key="first"), at).emergency.level


class TriageChat:
    """One conversation through the whole engine (no retrieval): ``say(text, when=NIGHT)`` sends a message at
    ``when`` (an ISO string, JST) plus one minute per message said before; ``record`` is its incident record."""

    def __init__(self, store: SQLiteStore) -> None:
        self.store = store
        self.engine = Engine(store)
        self.incident_id: str | None = None
        self.minute = 0

    def say(self, text: str, when: str = NIGHT) -> str:
        at = dt.datetime.fromisoformat(when).replace(tzinfo=JST) + dt.timedelta(minutes=self.minute)
        self.minute += 1
        reply = self.engine.handle(Inbound(session_key="s1", text=text, at=at, channel="eval"))
        self.incident_id = reply.incident_id or self.incident_id
        return reply.plain_text()

    @property
    def record(self):
        assert self.incident_id, "no incident was opened"
        return self.store.get_incident(self.incident_id)


class RecordChat:
    """One conversation through the whole engine (no retrieval) whose incident record a test reads:
    ``say(text, at=None)`` sends the next message at ``at`` (an ISO string or a moment) or three minutes
    after the one before; ``answers`` is the record's fields."""

    def __init__(self, store: SQLiteStore, start: dt.datetime) -> None:
        self.store, self.engine, self.at, self.incident_id = store, Engine(store), start, None
        self._step = dt.timedelta(minutes=3)

    def say(self, text: str, at: str | dt.datetime | None = None) -> str:
        if isinstance(at, str):
            at = dt.datetime.fromisoformat(at)
            at = at if at.tzinfo else at.replace(tzinfo=JST)
        self.at = at if at is not None else self.at + self._step
        reply = self.engine.handle(Inbound(session_key="s1", text=text, at=self.at, channel="eval"))
        self.incident_id = reply.incident_id or self.incident_id
        return reply.plain_text()

    @property
    def answers(self):
        assert self.incident_id, "no incident was opened"
        return self.store.get_incident(self.incident_id).answers
