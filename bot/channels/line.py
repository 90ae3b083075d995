"""The LINE channel: the events POST /callback (bot.channels.line_route) hands over, the inbox
worker, and what each kind of event gets.

One LINE event, end to end:
1. /callback checks the signature on the raw bytes, stores each event in the inbox keyed by its
   webhookEventId (a redelivery finds its row and stops there), and only then answers 200.
2. A worker thread per shard of chats takes the event (events of one chat always go to the same
   thread, so they are answered in order) and turns it into an `Inbound` for the engine.
3. The engine commits the session, the incident record *and* the rendered outgoing messages in one
   transaction, so after a crash an answered event is never answered again and an unsent answer is
   sent from the store.
4. The sender replies while the token is fresh, otherwise pushes with the outgoing id as
   X-Line-Retry-Key.
SDK types stay in bot/channels; handlers see only `Inbound` and `Reply`.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import queue
import socket
import threading
import uuid
import zlib
from dataclasses import dataclass, field
from typing import Any, Callable

from linebot.v3 import WebhookParser
from linebot.v3.messaging import MessagingApi

from bot.channels.line_render import render, to_payload
from bot.channels.line_route import NOT_CONFIGURED
from bot.channels.line_sender import LineSender, LineStats
from bot.channels.line_webhook import chat_of
from bot.engine import Engine
from bot.settings import Settings
from bot.store.base import ClaimLost, Delivery, InboxEvent, Outgoing, Reminder
from handlers import reminder, smalltalk
from handlers.messages import Inbound, QuickReply, Reply
from handlers.session import Session
from handlers.understand import understand
from knowledge.clock import check_moment, now_jst, to_jst
from knowledge.typos import read_message

log = logging.getLogger(__name__)

INBOX_KEPT = dt.timedelta(days=8)  # dedupe must remember an event at least 7 days
SEND_LEASE = dt.timedelta(minutes=2)  # the worker sends its own answers; the scheduler waits this long
# A worker beats this often and is taken for dead this long after its last beat: then another
# worker answers the events it held and sends what it had not sent.
WORKER_BEAT = dt.timedelta(seconds=3)
WORKER_LEASE = dt.timedelta(seconds=15)
LOADING_AFTER_SECONDS = 0.8  # an answer slower than this shows LINE's loading dots (1:1 chats only)


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@dataclass
class _Chat:
    """Who sent an event, where to answer, and which session it belongs to."""

    kind: str  # user, group, room
    to: str | None  # push target: the user id in a 1:1 chat, else the group/room id
    user_id: str | None

    @classmethod
    def of(cls, payload: dict[str, Any]) -> _Chat:
        kind, to = chat_of(payload)
        return cls(kind=kind, to=to, user_id=(payload.get("source") or {}).get("userId"))

    @property
    def session_key(self) -> str:
        return f"line:{self.to}"

    @property
    def user_session_key(self) -> str | None:
        return f"line:{self.user_id}" if self.user_id else None

    @property
    def one_to_one(self) -> bool:
        return self.kind == "user"


@dataclass
class _Result:
    outgoing: list[Outgoing] = field(default_factory=list)
    committed: bool = False  # the engine already stored them with the session


class Dispatcher:
    """Worker threads; events of one chat always go to the same thread, so they stay in order."""

    def __init__(self, process: Callable[[InboxEvent, bool], None], workers: int) -> None:
        self._process = process
        self._queues: list[queue.Queue[tuple[InboxEvent, bool] | None]] = [queue.Queue() for _ in range(workers)]
        self._threads: list[threading.Thread] = []
        self._busy = 0
        self._idle = threading.Condition()

    def start(self) -> None:
        for i, q in enumerate(self._queues):
            thread = threading.Thread(target=self._run, args=(q,), name=f"line-worker-{i}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def submit(self, event: InboxEvent, recovered: bool = False) -> None:
        with self._idle:
            self._busy += 1
        self._queues[zlib.crc32(event.chat_key.encode()) % len(self._queues)].put((event, recovered))

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """True once every submitted event has been processed (tests and benchmarks)."""
        with self._idle:
            return self._idle.wait_for(lambda: self._busy == 0, timeout)

    def stop(self, timeout: float = 10.0) -> None:
        """Finish the event in hand (and those queued), then stop."""
        for q in self._queues:
            q.put(None)
        for thread in self._threads:
            thread.join(timeout)
        self._threads.clear()

    def _run(self, q: queue.Queue[tuple[InboxEvent, bool] | None]) -> None:
        while (item := q.get()) is not None:
            try:
                self._process(*item)
            except Exception:  # one bad event must not stop the chats behind it
                log.exception("LINE event %s failed", item[0].event_id)
            finally:
                with self._idle:
                    self._busy -= 1
                    self._idle.notify_all()


class LineChannel:
    def __init__(
        self,
        settings: Settings,
        engine: Engine,
        *,
        api: MessagingApi | None = None,
        workers: int = 2,
        clock: Callable[[], dt.datetime] = _utcnow,
        tick_seconds: float = 1.0,
        backoff: tuple[float, ...] | None = None,
        loading_after: float = LOADING_AFTER_SECONDS,
        send_timeout: float | None = None,
    ) -> None:
        from bot.channels.line_api import messaging_api

        if not settings.line_channel_secret or not settings.line_channel_access_token:
            raise ValueError(NOT_CONFIGURED)
        self.parser = WebhookParser(settings.line_channel_secret)
        self.engine = engine
        self.store = engine.store
        self.facts = engine.facts
        self.clock = clock
        self.stats = LineStats()
        kwargs: dict[str, Any] = {"backoff": backoff} if backoff is not None else {}
        if send_timeout is not None:
            kwargs["timeout"] = send_timeout
        self.sender = LineSender(api or messaging_api(settings), self.store, self.stats, clock=clock, **kwargs)
        self.dispatcher = Dispatcher(self.process, workers)
        self.loading_after = loading_after
        self.tick_seconds = tick_seconds
        self._in_flight: set[str] = set()
        self._in_flight_lock = threading.Lock()
        self._stop = threading.Event()
        self._scheduler: threading.Thread | None = None
        self._last_purge: dt.datetime | None = None
        # This process's name in the store: what it holds is its own while it beats.
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._last_beat: dt.datetime | None = None
        # Beats come from a thread of their own: a scheduler busy sending to a slow LINE must not
        # make this worker look dead (another would then send the same answer again).
        self._heartbeat: threading.Thread | None = None
        self._heartbeat_stop = threading.Event()
        # Events whose answering failed (the database was unreachable …): retried by this worker
        # with a growing pause, since no other worker takes an event from a live one.
        self._failed: dict[str, tuple[InboxEvent, int, dt.datetime]] = {}
        self._failed_lock = threading.Lock()
        # Events handed to the dispatcher and not finished: never queued twice. Held events are
        # queued under one lock, in arrival order, so that a chat's messages keep their order.
        self._queued: set[str] = set()
        self._queue_lock = threading.Lock()

    # --- lifecycle ------------------------------------------------------------------------

    def start(self) -> None:
        """What a dead worker (or this one before a restart) stored but did not finish comes first:
        its unsent answers are sent (by the scheduler's first round, before any worker thread runs,
        so none is sent twice), then its unanswered events, ahead of anything that arrives now."""
        self._beat(self.clock(), force=True)
        self._heartbeat_stop.clear()
        self._heartbeat = threading.Thread(target=self._beat_forever, name="line-heartbeat", daemon=True)
        self._heartbeat.start()
        self._stop.clear()
        self._scheduler = threading.Thread(target=self._schedule, name="line-scheduler", daemon=True)
        self._scheduler.start()

    def stop(self) -> None:
        self._stop.set()
        if self._scheduler is not None:
            self._scheduler.join(30)  # the recovery round, if still running, then the workers exist
            self._scheduler = None
        self.dispatcher.stop()  # finishes the events in hand; the heart beats on meanwhile
        self._heartbeat_stop.set()
        if self._heartbeat is not None:
            self._heartbeat.join(10)
            self._heartbeat = None
        # Finished with what it held: another worker need not wait out the lease for the rest.
        try:
            self.store.worker_alive(self.owner, self.clock() - dt.timedelta(seconds=1))
        except Exception:
            log.exception("could not sign this worker off")

    def _beat_forever(self) -> None:
        while not self._heartbeat_stop.wait(WORKER_BEAT.total_seconds()):
            try:
                self._beat(self.clock(), force=True)
            except Exception:
                log.exception("LINE worker heartbeat failed")

    def accept(self, events: list[InboxEvent]) -> int:
        """Store the events (durably, before the 200) and hand the new ones to the workers. An
        event another worker already stored (LINE delivered it twice) is not new here; one of a
        chat another worker is answering goes to that worker (its next round picks it up)."""
        new = self.store.inbox_add(events, owner=self.owner, now=self.clock())
        if any(event.claimed_by == self.owner for event in new):
            self._submit_held()
        forwarded = sum(event.claimed_by != self.owner for event in new)
        if forwarded:
            self.stats.add("line_events_for_another_worker", forwarded)
        redelivered = len(events) - len(new)
        if redelivered:
            self.stats.add("line_events_redelivered", redelivered)
        self.stats.add("line_events_received", len(new))
        return len(new)

    def _schedule(self) -> None:
        try:
            self.tick()
        except Exception:
            log.exception("LINE recovery round failed")
        self.dispatcher.start()
        while not self._stop.wait(self.tick_seconds):
            try:
                self.tick()
            except Exception:
                log.exception("LINE scheduler tick failed")

    def _submit(self, event: InboxEvent, recovered: bool = False) -> None:
        with self._queue_lock:
            if event.event_id in self._queued:
                return
            self._queued.add(event.event_id)
        self.dispatcher.submit(event, recovered)

    def _submit_held(self) -> None:
        """Queue every unanswered event this worker holds, oldest first (those received here, and
        those another worker received for a chat this one is answering)."""
        with self._queue_lock:
            held = [e for e in self.store.inbox_held(self.owner) if e.event_id not in self._queued]
            for event in held:
                self._queued.add(event.event_id)
                self.dispatcher.submit(event)

    def _beat(self, now: dt.datetime, *, force: bool = False) -> None:
        if force or self._last_beat is None or now - self._last_beat >= WORKER_BEAT:
            self.store.worker_alive(self.owner, now + WORKER_LEASE)
            self._last_beat = now

    def tick(self, now: dt.datetime | None = None) -> None:
        """Beat; send what is due (retries, and what a dead worker left unsent); answer the events
        a dead worker left; fire due reminders; forget old events."""
        now = now or self.clock()
        self._beat(now)
        for out in self.store.outgoing_take(now, self.owner, now + SEND_LEASE):
            self._send(out, may_reply=False)
        with self._failed_lock:
            retry = [event for event, _, at in self._failed.values() if at <= now]
            for event in retry:  # queued once: the outcome of that attempt decides what follows
                _, failures, _ = self._failed[event.event_id]
                self._failed[event.event_id] = (event, failures, now + dt.timedelta(hours=1))
        for event in retry:
            self._submit(event, recovered=True)
        orphans = [e for e in self.store.inbox_pending(now) if self.store.inbox_claim(e.event_id, self.owner, now)]
        for event in orphans:
            self._submit(event, recovered=True)
        self._submit_held()
        if orphans:
            self.stats.add("line_events_recovered", len(orphans))
            log.info("LINE inbox: took over %d unanswered events", len(orphans))
        for due in self.store.reminders_due(now):
            self._fire(due, now)
        if self._last_purge is None or now - self._last_purge > dt.timedelta(hours=1):
            self.store.inbox_purge(now - INBOX_KEPT)
            self._last_purge = now

    # --- one event ------------------------------------------------------------------------

    def process(self, event: InboxEvent, recovered: bool = False) -> None:
        try:
            self._process(event, recovered)
        finally:
            with self._queue_lock:
                self._queued.discard(event.event_id)

    def _process(self, event: InboxEvent, recovered: bool) -> None:
        if not self.store.inbox_claim(event.event_id, self.owner, self.clock()):
            with self._failed_lock:
                self._failed.pop(event.event_id, None)
            return  # answered already, or another (live) worker has it
        try:
            result = self._handle(event, recovered)
        except ClaimLost:
            # This worker was taken for dead while it worked: the other answers; nothing was stored.
            self.stats.add("line_events_lost_to_another_worker")
            log.warning("LINE event %s was taken over by another worker; this answer is dropped", event.event_id)
            return
        except Exception:
            with self._failed_lock:
                _, failures, _ = self._failed.get(event.event_id, (event, 0, self.clock()))
                pause = dt.timedelta(seconds=min(2 ** failures, 300))
                self._failed[event.event_id] = (event, failures + 1, self.clock() + pause)
            self.stats.add("line_events_failed")
            raise
        with self._failed_lock:
            self._failed.pop(event.event_id, None)
        for index, out in enumerate(result.outgoing):
            self._send(out, may_reply=index == 0 and not recovered)

    def _handle(self, event: InboxEvent, recovered: bool) -> _Result:
        payload = event.payload
        if payload.get("mode") == "standby":  # another module answers this chat now
            result = _Result()
        else:
            handler = {
                "message": self._on_message, "postback": self._on_postback, "messageEdited": self._on_edited,
                "follow": self._on_follow, "unfollow": self._on_unfollow, "join": self._on_join,
                "memberJoined": self._on_member_joined, "leave": self._on_leave, "unsend": self._on_unsend,
            }.get(payload.get("type", ""), self._on_other)
            result = handler(event, _Chat.of(payload), recovered)
        if not result.committed:
            self.store.inbox_finish(Delivery(event_id=event.event_id, outgoing=result.outgoing, owner=self.owner))
        return result

    def _send(self, out: Outgoing, *, may_reply: bool) -> None:
        with self._in_flight_lock:
            if out.id in self._in_flight:
                return
            self._in_flight.add(out.id)
        try:
            self.sender.send(out, may_reply=may_reply)
        finally:
            with self._in_flight_lock:
                self._in_flight.discard(out.id)

    def _outgoing(
        self, event: InboxEvent | None, to: str, reply: Reply, *, with_token: bool,
        quote_token: str | None = None, mention: str | None = None, extra: list[QuickReply] | None = None,
    ) -> Outgoing:
        payload = event.payload if event else {}
        now = self.clock()
        messages = render(reply, mention_user_id=mention, quote_token=quote_token, extra_quick_replies=extra or [])
        return Outgoing(
            id=str(uuid.uuid4()), event_id=event.event_id if event else None, to=to,
            reply_token=payload.get("replyToken") if with_token else None,
            token_issued_at=_event_time(payload) if with_token else None,
            messages=to_payload(messages), created_at=now, next_attempt_at=now + SEND_LEASE, owner=self.owner,
        )

    # --- messages -------------------------------------------------------------------------

    def _on_message(self, event: InboxEvent, chat: _Chat, recovered: bool) -> _Result:
        message = event.payload.get("message") or {}
        if message.get("type") == "text":
            return self._on_text(event, chat, message, _strip_self_mentions(message))
        return self._on_attachment(event, chat, message.get("type", ""))

    def _on_postback(self, event: InboxEvent, chat: _Chat, recovered: bool) -> _Result:
        data = str((event.payload.get("postback") or {}).get("data", ""))[:300]
        return self._on_text(event, chat, {}, data, addressed=True)

    def _on_edited(self, event: InboxEvent, chat: _Chat, recovered: bool) -> _Result:
        """LINE tells of edits in groups: only an edit that now reports an emergency is answered."""
        message = event.payload.get("message") or {}
        text = _strip_self_mentions(message)
        if message.get("type") != "text" or not _is_emergency(text):
            return _Result()
        return self._on_text(event, chat, message, text)

    def _on_text(self, event: InboxEvent, chat: _Chat, message: dict[str, Any], text: str, addressed: bool = False) -> _Result:
        if chat.to is None:
            return _Result()
        if chat.one_to_one:
            if text == reminder.REMIND.text:
                return self._set_reminder(event, chat)
            if text == reminder.CANCEL.text:
                count = self.store.reminders_cancel(chat.session_key)
                return _Result([self._outgoing(event, chat.to, reminder.cancelled(count), with_token=True)])
            return self._answer(event, chat, chat.session_key, text)
        emergency = _is_emergency(text)
        addressed = addressed or _mentions_bot(message) or self._quotes_bot(message)
        if emergency and chat.user_id:
            return self._group_emergency(event, chat, message, text)
        if not (addressed or emergency):
            return _Result()  # staff talking among themselves
        return self._answer(event, chat, chat.session_key, text, quote_token=message.get("quoteToken"))

    def _answer(self, event: InboxEvent, chat: _Chat, session_key: str, text: str, *, quote_token: str | None = None) -> _Result:
        assert chat.to is not None
        to = chat.to
        captured: list[Outgoing] = []

        def deliver(reply: Reply) -> Delivery:
            extra = self._reminder_offer(session_key, reply) if chat.one_to_one else []
            captured.append(self._outgoing(event, to, reply, with_token=True, quote_token=quote_token, extra=extra))
            return Delivery(event_id=event.event_id, outgoing=captured, owner=self.owner)

        inbound = Inbound(session_key=session_key, text=text, at=_event_time(event.payload), channel="line")
        self._with_loading(chat, lambda: self.engine.handle(inbound, deliver))
        return _Result(captured, committed=True)

    def _group_emergency(self, event: InboxEvent, chat: _Chat, message: dict[str, Any], text: str) -> _Result:
        """Numbers and first steps in the group, quoting the message and naming its sender; the
        triage questions (patient data…) go to the sender's one-to-one chat."""
        assert chat.to is not None and chat.user_id is not None and chat.user_session_key is not None
        captured: list[Outgoing] = []

        def deliver(reply: Reply) -> Delivery:
            split = reply.private_from
            public = reply if split is None else reply.model_copy(
                update={"texts": [*reply.texts[:split], smalltalk.private_followup()], "quick_replies": []})
            captured.append(self._outgoing(event, chat.to, public, with_token=True,  # type: ignore[arg-type]
                                           quote_token=message.get("quoteToken"), mention=chat.user_id))
            if split is not None:
                private = reply.model_copy(update={"texts": reply.texts[split:], "phones": []})
                extra = self._reminder_offer(chat.user_session_key, reply)  # type: ignore[arg-type]
                captured.append(self._outgoing(event, chat.user_id, private, with_token=False, extra=extra))  # type: ignore[arg-type]
            return Delivery(event_id=event.event_id, outgoing=captured, owner=self.owner)

        inbound = Inbound(session_key=chat.user_session_key, text=text, at=_event_time(event.payload), channel="line")
        self.engine.handle(inbound, deliver)
        return _Result(captured, committed=True)

    def _with_loading(self, chat: _Chat, work: Callable[[], Any]) -> Any:
        """LINE's loading dots when an answer takes a moment (they exist only in 1:1 chats)."""
        if not chat.one_to_one or chat.to is None:
            return work()
        timer = threading.Timer(self.loading_after, self.sender.show_loading, args=(chat.to,))
        timer.daemon = True
        timer.start()
        try:
            return work()
        finally:
            timer.cancel()

    def _quotes_bot(self, message: dict[str, Any]) -> bool:
        quoted = message.get("quotedMessageId")
        return bool(quoted) and self.store.is_bot_message(str(quoted))

    def _on_attachment(self, event: InboxEvent, chat: _Chat, kind: str) -> _Result:
        if not chat.one_to_one or chat.to is None:
            return _Result()  # a photo shared in a group is not addressed to the bot
        noted = self.engine.note_attachment(chat.session_key, smalltalk.attachment_name(kind), _event_time(event.payload))
        return _Result([self._outgoing(event, chat.to, smalltalk.reads_text_only(noted is not None), with_token=True)])

    # --- reminders ------------------------------------------------------------------------

    def _reminder_offer(self, session_key: str, reply: Reply) -> list[QuickReply]:
        if not reply.is_emergency or reply.incident_id is None or self.store.reminders_pending(session_key):
            return []
        return reminder.offer(self.facts, to_jst(self.clock()))

    def _set_reminder(self, event: InboxEvent, chat: _Chat) -> _Result:
        assert chat.to is not None
        now = to_jst(self.clock())
        due_at = reminder.jma_next_opening(self.facts, now)
        if due_at is None:
            return _Result([self._outgoing(event, chat.to, reminder.already_open(self.facts, now), with_token=True)])
        session = self.store.load_session(chat.session_key)
        incident_id = session.incident.incident_id if session and session.incident else None
        self.store.reminder_add(Reminder(id=str(uuid.uuid4()), session_key=chat.session_key, to=chat.to,
                                         incident_id=incident_id, due_at=due_at))
        return _Result([self._outgoing(event, chat.to, reminder.confirmed(self.facts, due_at), with_token=True)])

    def _fire(self, due: Reminder, now: dt.datetime) -> None:
        record = self.store.get_incident(due.incident_id) if due.incident_id else None
        gone = self.store.load_session(due.session_key) is None  # the user blocked the bot
        if gone or (record is not None and record.status not in ("open", "summarised")):
            self.store.reminder_set_status(due.id, "cancelled")
            return
        # The reminder's id is the outgoing id (and retry key); it is marked sent in the same
        # transaction that stores the push, so a reminder cancelled meanwhile, or fired by another
        # worker, stores and sends nothing.
        out = self._outgoing(None, due.to, reminder.due(self.facts, record), with_token=False)
        out = out.model_copy(update={"id": due.id, "next_attempt_at": now})
        try:
            self.store.inbox_finish(Delivery(event_id=None, outgoing=[out], reminder_id=due.id))
        except ClaimLost:
            return
        self._send(out, may_reply=False)

    # --- follow, join, leave, unsend, everything else --------------------------------------

    def _on_follow(self, event: InboxEvent, chat: _Chat, recovered: bool) -> _Result:
        if chat.to is None:
            return _Result()
        return _Result([self._outgoing(event, chat.to, smalltalk.welcome(self.facts), with_token=True)])

    def _on_unfollow(self, event: InboxEvent, chat: _Chat, recovered: bool) -> _Result:
        self.engine.forget(chat.session_key)
        self.store.reminders_cancel(chat.session_key)
        return _Result()

    def _on_join(self, event: InboxEvent, chat: _Chat, recovered: bool) -> _Result:
        if chat.to is None:
            return _Result()
        return _Result([self._outgoing(event, chat.to, smalltalk.group_intro(self.facts), with_token=True)])

    def _on_member_joined(self, event: InboxEvent, chat: _Chat, recovered: bool) -> _Result:
        if chat.to is None:
            return _Result()
        return _Result([self._outgoing(event, chat.to, smalltalk.member_welcome(), with_token=True)])

    def _on_leave(self, event: InboxEvent, chat: _Chat, recovered: bool) -> _Result:
        self.engine.forget(chat.session_key)
        return _Result()

    def _on_unsend(self, event: InboxEvent, chat: _Chat, recovered: bool) -> _Result:
        message_id = str((event.payload.get("unsend") or {}).get("messageId", ""))
        text = self.store.inbox_scrub(event.chat_key, message_id) if message_id else None
        if text:
            for key in {chat.session_key, chat.user_session_key} - {None}:
                self.engine.unsend(key, text)  # type: ignore[arg-type]
        return _Result()

    def _on_other(self, event: InboxEvent, chat: _Chat, recovered: bool) -> _Result:
        log.info("LINE event of type %r ignored", event.payload.get("type"))
        return _Result()


def _event_time(payload: dict[str, Any]) -> dt.datetime:
    """The moment the user acted (LINE's millisecond timestamp): the clock answers for that moment."""
    stamp = payload.get("timestamp")
    try:
        if isinstance(stamp, (int, float)) and stamp > 0:
            return check_moment(dt.datetime.fromtimestamp(stamp / 1000, dt.timezone.utc))
    except (ValueError, OverflowError, OSError):
        pass  # a timestamp the clock cannot answer for: the moment it arrived will do
    return _utcnow()


def _mentions_bot(message: dict[str, Any]) -> bool:
    return any(m.get("isSelf") for m in (message.get("mention") or {}).get("mentionees", []))


def _strip_self_mentions(message: dict[str, Any]) -> str:
    """「@クリニック保険ボット 保険料は？」 → 「保険料は？」: the bot's own name is no part of the question."""
    text = str(message.get("text", ""))
    spans = sorted(((m.get("index", 0), m.get("length", 0)) for m in (message.get("mention") or {}).get("mentionees", [])
                    if m.get("isSelf")), reverse=True)
    for index, length in spans:
        text = text[:index] + text[index + length:]
    return text.strip()


def _is_emergency(text: str) -> bool:
    """Whether a group message, not addressed to the bot, must still be answered: read by the same
    understanding step as every message (lexicon and learned layer), outside any conversation."""
    if not text:
        return False
    try:
        return understand(read_message(text), Session(key="group-check"), now_jst()).emergency.level == "emergency"
    except Exception:
        # Recall first: a group message the bot could not read is answered (the engine's fallback
        # still gives the numbers) rather than silently skipped.
        log.exception("could not read a group message; answering it")
        return True
