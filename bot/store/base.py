"""The store protocol every backend implements; tests/test_store.py runs one contract suite on each."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, Protocol

from pydantic import BaseModel, Field

from handlers.session import Handoff, IncidentRecord, Session


class StoreError(RuntimeError):
    """The store cannot be opened or used; the message says which and why."""


class ClaimLost(StoreError):
    """Another worker took this LINE event over (this one's claim ran out): what this one worked
    out is rolled back, so the event is answered once."""


class InboxEvent(BaseModel):
    """One LINE webhook event as LINE sent it, kept until it is answered (and for dedupe after)."""

    event_id: str  # webhookEventId: the same for a redelivery of the same event
    chat_key: str  # "user:U…", "group:C…", "room:R…": events of one chat are handled in this order
    received_at: dt.datetime
    payload: dict[str, Any]
    status: Literal["pending", "done"] = "pending"
    seq: int = 0  # arrival order, set by the store
    # The worker answering it (set by the store): a chat's events all go to the worker already
    # answering that chat, so that they are answered in the order they were sent.
    claimed_by: str | None = None


class Outgoing(BaseModel):
    """Messages to send for one event, committed before any send so a crash cannot lose them.

    `id` doubles as the push's X-Line-Retry-Key: a retried push carries the same key, and LINE
    answers 409 to a key it has already accepted instead of sending twice.
    """

    id: str
    event_id: str | None = None
    to: str  # user, group or room id (push target)
    reply_token: str | None = None  # None: push only
    token_issued_at: dt.datetime | None = None
    messages: list[dict[str, Any]]
    created_at: dt.datetime
    status: Literal["pending", "sent", "failed"] = "pending"
    attempts: int = 0
    next_attempt_at: dt.datetime | None = None
    sent_message_ids: list[str] = Field(default_factory=list)  # what LINE answered: the bot's own messages
    owner: str | None = None  # the worker that sends it; another takes it over once that one is dead


class Delivery(BaseModel):
    """What answering one inbox event produced: committed together with the session it changed.
    A reminder's push has no inbox event (event_id None)."""

    event_id: str | None
    outgoing: list[Outgoing] = Field(default_factory=list)
    owner: str | None = None  # the claim's owner: when set, the event must still be this worker's
    # A reminder's push: the reminder turns from pending to sent in the same transaction, or, when it
    # is no longer pending (cancelled meanwhile, or fired by another worker), nothing is stored.
    reminder_id: str | None = None


class Reminder(BaseModel):
    """「開いたら知らせる」: a push at a line's next opening, stored so it survives restarts."""

    id: str
    session_key: str
    to: str
    incident_id: str | None
    due_at: dt.datetime  # its text is written when it fires, so it tells the incident as it is then
    status: Literal["pending", "sent", "cancelled"] = "pending"


class Turn(BaseModel):
    """One exchange of a conversation, kept so a web page reloaded shows it again and staff taking
    over a conversation can read it. `reply` is the Reply the user saw (texts, buttons, table…)."""

    session_key: str
    at: dt.datetime
    text: str  # what the user wrote (or the label of the button tapped)
    reply: dict[str, Any]
    seq: int = 0  # order within the store, set by the store


class AuditEntry(BaseModel):
    """Who looked at or changed what on the staff page (or through /api/incidents), and when."""

    at: dt.datetime
    who: str
    action: str  # "view_incident", "list_incidents", "close_handoff", "login", …
    target: str = ""  # the record or conversation concerned
    seq: int = 0


TRANSCRIPT_KEEP = 200  # exchanges kept per conversation: a long chat's oldest turns go first


class Store(Protocol):
    def load_session(self, key: str) -> Session | None:
        """The saved session for `key`, or None for a new conversation."""

    def save(
        self, session: Session, incident: IncidentRecord | None = None, delivery: Delivery | None = None,
        turn: Turn | None = None, handoff: Handoff | None = None,
    ) -> None:
        """Save the session, the incident record, the delivery of an inbox event, the exchange for the
        transcript and a new hand-off request together: all or nothing."""

    def delete_session(self, key: str) -> None:
        """Forget a conversation and its transcript (a user blocked the bot, the bot left a group);
        incident records stay."""

    # --- LINE inbox: stored before the webhook answers 200 ----------------------------------

    def worker_alive(self, owner: str, until: dt.datetime) -> None:
        """A worker's heartbeat (`owner`: host:pid:random). What a worker holds — LINE events it
        is answering, messages it is sending — stays its own while it beats; once its beat runs
        out (the process died), any other worker takes them over."""

    def inbox_add(self, events: list[InboxEvent], owner: str | None = None, now: dt.datetime | None = None) -> list[InboxEvent]:
        """Store new events durably; returns those not seen before (a redelivery is not new,
        whichever worker it reaches), with seq and claimed_by. An event is held by `owner` (the
        worker that received it) unless a live worker (alive at `now`) holds an unanswered event of
        the same chat: then that worker holds it too, and answers the chat's events in order."""

    def inbox_held(self, owner: str) -> list[InboxEvent]:
        """Unanswered events `owner` holds, in arrival order (some another worker received for it)."""

    def inbox_pending(self, now: dt.datetime | None = None) -> list[InboxEvent]:
        """Events stored but not answered, in arrival order; with `now`, only those no live worker
        holds (what a dead worker left, or a previous run of this one)."""

    def inbox_claim(self, event_id: str, owner: str, now: dt.datetime) -> bool:
        """Take an unanswered event for `owner`: True when nobody holds it, its holder is dead,
        or `owner` already holds it."""

    def inbox_finish(self, delivery: Delivery) -> None:
        """Mark the event (if any) done and store its outgoing messages, in one transaction;
        storing an outgoing id twice keeps the first (a retried step sends nothing new). With an
        owner, raises ClaimLost (and stores nothing) when the event is no longer that worker's."""

    def inbox_scrub(self, chat_key: str, message_id: str) -> str | None:
        """Remove the text of a message its sender unsent; returns the text that was stored."""

    def inbox_purge(self, before: dt.datetime) -> int:
        """Forget answered events received before `before` (dedupe needs at least 7 days)."""

    # --- outgoing LINE messages --------------------------------------------------------------

    def outgoing_pending(self, now: dt.datetime) -> list[Outgoing]:
        """Outgoing messages not yet sent whose next attempt is due, oldest first."""

    def outgoing_take(self, now: dt.datetime, owner: str, until: dt.datetime) -> list[Outgoing]:
        """Messages for `owner` to send now: those due, and those a dead worker was sending. Each
        is made `owner`'s and postponed to `until` in the same transaction, so that no other
        worker sends it at the same time."""

    def outgoing_update(self, outgoing: Outgoing) -> None:
        """Record an attempt: status, attempts, next attempt, LINE's message ids."""

    def is_bot_message(self, message_id: str) -> bool:
        """True when LINE gave this id to a message the bot sent (a user quoting the bot)."""

    # --- reminders ---------------------------------------------------------------------------

    def reminder_add(self, reminder: Reminder) -> None:
        """Store a reminder; one pending reminder per session and incident (a second replaces it)."""

    def reminders_due(self, now: dt.datetime) -> list[Reminder]:
        """Pending reminders due at `now`, earliest first."""

    def reminder_set_status(self, reminder_id: str, status: str) -> bool:
        """Move a pending reminder to sent or cancelled; False when it was no longer pending."""

    def reminders_cancel(self, session_key: str, incident_id: str | None = None) -> int:
        """Cancel the pending reminders of a session (of one incident when given); returns how many."""

    def reminders_pending(self, session_key: str) -> list[Reminder]:
        """The pending reminders of a session."""

    def get_incident(self, incident_id: str) -> IncidentRecord | None:
        """One incident record by id, or None."""

    def list_incidents(self, limit: int = 100) -> list[IncidentRecord]:
        """The most recently opened incident records first."""

    # --- transcript, hand-offs, staff audit ----------------------------------------------------

    def transcript(self, session_key: str, limit: int = TRANSCRIPT_KEEP) -> list[Turn]:
        """The last `limit` exchanges of a conversation, oldest first."""

    def transcript_scrub(self, session_key: str, text: str, replacement: str) -> int:
        """Replace every copy of a message its sender took back (their turn and any reply quoting it);
        returns how many exchanges changed."""

    def handoff_get(self, handoff_id: str) -> Handoff | None:
        """One hand-off by id, or None."""

    def handoffs(self, status: str | None = None, limit: int = 100) -> list[Handoff]:
        """Hand-offs, newest first; only those with `status` when given."""

    def handoff_close(self, handoff_id: str, by: str, at: dt.datetime) -> bool:
        """Close a waiting hand-off; False when it was not waiting."""

    def audit_add(self, entry: AuditEntry) -> None:
        """Append one entry to the staff audit log (never updated, never deleted)."""

    def audit_list(self, limit: int = 200, target: str | None = None) -> list[AuditEntry]:
        """The newest audit entries first; only those about `target` when given."""

    def ping(self) -> bool:
        """True when the backend answers (for /readyz)."""

    def close(self) -> None:
        """Release connections."""


# A reply quotes a message only when it is long enough to be recognisable: replacing 「1」 or 「はい」
# inside the bot's own sentences would change what the bot said, not remove what the user wrote.
MIN_QUOTED_SCRUB = 6


def scrub_turn(turn: Turn, text: str, replacement: str) -> Turn | None:
    """The exchange without the taken-back words (the user's own turn, and quotes of them in the
    reply's texts); None when it holds none."""
    own = turn.text == text
    texts = turn.reply.get("texts")
    quoted = (
        len(text) >= MIN_QUOTED_SCRUB and isinstance(texts, list) and any(isinstance(t, str) and text in t for t in texts)
    )
    if not own and not quoted:
        return None
    reply = dict(turn.reply)
    if quoted:
        reply["texts"] = [t.replace(text, replacement) if isinstance(t, str) else t for t in texts]
    return turn.model_copy(update={"text": replacement if own else turn.text, "reply": reply})
