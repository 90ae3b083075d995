"""Engine.handle(Inbound) -> Reply: load the session, route, save session and records, reply.

The session and any incident record are written *before* the reply is returned, so a reply
that reached the user always has its record behind it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from typing import Any, Callable

from bot.locks import LocalLocks, SessionLocks
from bot.store.base import Delivery, Store, Turn
from handlers.context import Context
from handlers.messages import MAX_MESSAGES, Inbound, Reply
from handlers.router import route
from handlers.session import RECENT_INCIDENT, Change, IncidentRecord, Session, new_incident_id
from handlers.smalltalk import fallback_reply, help_reply
from handlers.understand import understand
from knowledge.clock import to_jst
from knowledge.models import Facts, get_facts
from knowledge.typos import read_message

log = logging.getLogger(__name__)
# What a change in an incident's history shows once the message behind it was taken back.
UNSENT = "（送信が取り消されたメッセージ）"


class Observer:
    """What the engine reports as it works (the server counts it for /metrics: bot.observability).
    Here it does nothing, so that the terminal and the tests never import the metrics library."""

    def emergency(self, kind: str) -> None:
        """An emergency message was detected (also when answering failed and only the numbers went out)."""

    def incident_opened(self) -> None:
        """A new incident record was saved."""


def anon(value: str) -> str:
    """A stable short hash: the same conversation is recognisable across log lines, never readable."""
    return hashlib.sha256(value.encode()).hexdigest()[:12]


class Engine:
    def __init__(
        self, store: Store, facts: Facts | None = None, retriever: Any = None, rephraser: Any = None,
        locks: SessionLocks | None = None,
    ) -> None:
        self.store = store
        self.facts = facts or get_facts()
        self.retriever = retriever  # searched only for coverage questions
        self.rephraser = rephraser  # optional: rewords grounded answers, never adds facts
        self.observer = Observer()
        # One lock per conversation: two messages of the same session never interleave their
        # load-route-save, while different sessions run side by side (across workers when the
        # locks live in Redis: bot.locks).
        self.locks: SessionLocks = locks or LocalLocks()

    def _recent_incident(self, session: Session, now: dt.datetime) -> IncidentRecord | None:
        """The incident whose triage closed after its silence, while it is recent and not a false alarm."""
        if session.incident is not None or session.recent_incident_id is None:
            return None
        record = self.store.get_incident(session.recent_incident_id)
        if record is None or record.status == "false_alarm" or now - record.updated_at > RECENT_INCIDENT:
            return None
        return record

    def _lock(self, key: str) -> Any:
        return self.locks.hold(key)

    def handle(self, inbound: Inbound, deliver: Callable[[Reply], Delivery] | None = None) -> Reply:
        """Answer one message. `deliver` (LINE) turns the reply into outgoing messages that are
        committed in the same transaction as the session, so an answer is never lost or doubled."""
        now = to_jst(inbound.at)
        with self._lock(inbound.session_key):
            session = self.store.load_session(inbound.session_key) or Session(key=inbound.session_key)
            session.expire_stale_flow(now)
            preloaded = None
            if session.incident is not None:
                preloaded = self.store.get_incident(session.incident.incident_id)
            ctx = Context(
                inbound=inbound, session=session, now=now, facts=self.facts,
                text=read_message(inbound.content), incident=preloaded, retriever=self.retriever,
                read_recent_incident=lambda: self._recent_incident(session, now),
                rephraser=self.rephraser,
                handoff=self.store.handoff_get(session.handoff_id) if session.handoff_id else None,
            )
            if not ctx.text:
                reply = help_reply(ctx)
            else:
                try:
                    ctx.understanding = understand(ctx.text, session, now)  # once per message
                    reply = route(ctx).fit(MAX_MESSAGES)
                except Exception:
                    # A bug must not cost the user the one thing they may need: the numbers.
                    log.exception("routing failed for session %s", anon(inbound.session_key))
                    reply = fallback_reply(self.facts)
                    if deliver is not None:
                        self.store.inbox_finish(deliver(reply))
                    self._count_emergency(ctx)
                    return reply
            session.turns += 1
            session.updated_at = now
            changed = ctx.incident if ctx.incident is not None and ctx.incident is not preloaded else None
            if changed is not None and (preloaded is None or changed.id != preloaded.id):
                changed = self._unique_id(changed, session, reply, now)
            # The exchange is kept for the web page's history and for staff taking over the chat.
            turn = Turn(session_key=session.key, at=now, text=inbound.content[:2000], reply=reply.model_dump(mode="json"))
            self.store.save(
                session, changed, deliver(reply) if deliver is not None else None, turn=turn, handoff=ctx.new_handoff,
            )
        self._count_emergency(ctx)
        if changed is not None:
            if preloaded is None or changed.id != preloaded.id:
                self.observer.incident_opened()
            log.info("incident %s saved (%s, %s)", changed.id, changed.kind, changed.status)
        return reply

    def _count_emergency(self, ctx: Context) -> None:
        detection = ctx.understanding.emergency if ctx.understanding is not None else None
        if detection is not None and detection.level == "emergency":
            self.observer.emergency(detection.kind or "unknown")

    def _unique_id(self, record: IncidentRecord, session: Session, reply: Reply, now: dt.datetime) -> IncidentRecord:
        """A new record whose random id another conversation already holds gets a fresh id (in the
        record, the session and the reply): one clinic's record must never overwrite another's."""
        while (other := self.store.get_incident(record.id)) is not None and other.session_key != record.session_key:
            fresh = new_incident_id(now)
            reply.texts = [t.replace(record.id, fresh) for t in reply.texts]
            reply.incident_id = fresh
            record = record.model_copy(update={"id": fresh, "notice_draft": record.notice_draft.replace(record.id, fresh)})
            if session.incident is not None:
                session.incident.incident_id = fresh
        return record

    def forget(self, session_key: str) -> None:
        """The user blocked the bot or the bot left the group: the conversation goes, records stay."""
        with self._lock(session_key):
            self.store.delete_session(session_key)

    def unsend(self, session_key: str, text: str) -> bool:
        """The user took a message back: its text leaves the transcript and the open incident's description."""
        with self._lock(session_key):
            # The conversation's transcript forgets the words whether or not an incident holds them.
            scrubbed = self.store.transcript_scrub(session_key, text, UNSENT) > 0
            record = self._open_record(session_key)
            # The record holds the words as the engine read them (normalised, mis-conversions and kana
            # words read: knowledge.typos.read_message), the inbox as they were sent.
            forms = {text, read_message(text)}
            if record is None or not forms & {said.text for said in record.answers.description}:
                return scrubbed
            # Every copy of the words goes: the description, a note, the history of changes.
            answers = record.answers
            answers.description = [said for said in answers.description if said.text not in forms]
            answers.notes = [n for n in answers.notes if n not in {f[:300] for f in forms}]
            for change in record.history:
                if change.message in {f[:200] for f in forms}:
                    change.message = UNSENT
            self.store.save(self.store.load_session(session_key), record)  # type: ignore[arg-type]
            return True

    def close_incident(self, incident_id: str, by: str, at: dt.datetime) -> IncidentRecord | None:
        """Staff mark a record 対応完了: its history says who and when, and the conversation it was
        open in leaves the triage (the next message starts afresh). None when there is no such record
        or it was already closed (a second click changes nothing)."""
        record = self.store.get_incident(incident_id)
        if record is None:
            return None
        with self._lock(record.session_key):
            record = self.store.get_incident(incident_id)
            if record is None or record.status not in ("open", "summarised"):
                return None
            record.history.append(Change(at=to_jst(at), field="status", old=record.status, new="closed",
                                         message=f"担当者 {by} が対応完了にしました"))
            record.status = "closed"
            record.updated_at = to_jst(at)
            session = self.store.load_session(record.session_key) or Session(key=record.session_key)
            if session.incident is not None and session.incident.incident_id == record.id:
                session.flow, session.incident = None, None
            self.store.save(session, record)
            return record

    def note_attachment(self, session_key: str, kind: str, at: dt.datetime) -> str | None:
        """An image or file sent during an open incident is noted in its record (the bot reads only
        text, but staff handling the incident should know it arrived). Returns the record id."""
        with self._lock(session_key):
            record = self._open_record(session_key)
            if record is None:
                return None
            record.attachments.append(f"{to_jst(at):%Y-%m-%d %H:%M} {kind}")
            record.updated_at = to_jst(at)
            self.store.save(self.store.load_session(session_key), record)  # type: ignore[arg-type]
            return record.id

    def _open_record(self, session_key: str) -> Any:
        session = self.store.load_session(session_key)
        if session is None or session.flow != "incident" or session.incident is None:
            return None
        return self.store.get_incident(session.incident.incident_id)
