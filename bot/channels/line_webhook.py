"""Reading a LINE webhook call: the signature on the raw bytes, then the events as inbox rows.

line-bot-sdk's `WebhookParser` checks the signature (HMAC-SHA256 of the body with the channel
secret, compared in constant time) and parses each event, turning an event type it does not know
into `UnknownEvent` instead of failing the batch. We keep LINE's own JSON of each event in the inbox
(SDK models are pydantic v1 and a round trip through them could drop fields), and the SDK's parse
proves the body is a webhook.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from linebot.v3 import WebhookParser
from linebot.v3.exceptions import InvalidSignatureError

from bot.store.base import InboxEvent

# The console's "Verify" button and some old deliveries use these reply tokens; nothing is answered.
DUMMY_REPLY_TOKENS = frozenset({"00000000000000000000000000000000", "ffffffffffffffffffffffffffffffff"})


class WebhookRejected(ValueError):
    """The call is not a valid webhook from this channel: answer 400, store nothing."""


def parse_webhook(parser: WebhookParser, body: bytes, signature: str | None, received_at: dt.datetime) -> list[InboxEvent]:
    """The events of a signed webhook body, as inbox rows; raises WebhookRejected."""
    if not signature:
        raise WebhookRejected("missing X-Line-Signature")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise WebhookRejected("body is not UTF-8") from exc
    try:
        parser.parse(text, signature)
    except InvalidSignatureError as exc:
        raise WebhookRejected("invalid signature") from exc
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise WebhookRejected("signed body is not a webhook") from exc
    raw = json.loads(text)
    events = raw.get("events") if isinstance(raw, dict) else None
    if not isinstance(events, list) or not all(isinstance(e, dict) for e in events):
        raise WebhookRejected("signed body is not a webhook")
    return [
        InboxEvent(event_id=event_id(e), chat_key=chat_key(e), received_at=received_at, payload=e)
        for e in events
        if e.get("replyToken") not in DUMMY_REPLY_TOKENS
    ]


def event_id(event: dict[str, Any]) -> str:
    """LINE's webhookEventId (the same on a redelivery); an event without one is keyed by its content."""
    given = event.get("webhookEventId")
    if isinstance(given, str) and given:
        return given
    digest = hashlib.sha256(json.dumps(event, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return f"sha256:{digest[:40]}"


def chat_of(event: dict[str, Any]) -> tuple[str, str | None]:
    """(user|group|room, its id): where the event happened, and where an answer is pushed."""
    source = event.get("source") or {}
    kind = str(source.get("type", ""))
    ident = {"user": source.get("userId"), "group": source.get("groupId"), "room": source.get("roomId")}.get(kind)
    return kind, ident


def chat_key(event: dict[str, Any]) -> str:
    """The chat an event belongs to: events of one chat are answered in their order."""
    kind, ident = chat_of(event)
    return f"{kind}:{ident}" if ident else "unknown:"
