"""Helpers for LINE channel tests: a signed webhook call, Japanese event payloads, a clock to move."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import uuid
from pathlib import Path
from typing import Any

from knowledge.clock import JST

SECRET = "test-channel-secret-0123456789ab"
TOKEN = "test-access-token"
FIXTURE = Path(__file__).parent / "fixtures" / "line" / "line-sdk-webhook.json"


def sign(body: bytes, secret: str = SECRET) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def webhook_body(*events: dict[str, Any]) -> bytes:
    return json.dumps({"destination": "Ubot000000000000000000000000000", "events": list(events)},
                      ensure_ascii=False).encode()


class Clock:
    """The moment the channel believes it is; tests move it."""

    def __init__(self, moment: dt.datetime) -> None:
        self.moment = moment

    def __call__(self) -> dt.datetime:
        return self.moment.astimezone(dt.timezone.utc)

    def advance(self, **delta: float) -> None:
        self.moment = self.moment + dt.timedelta(**delta)


def millis(moment: dt.datetime) -> int:
    return int(moment.timestamp() * 1000)


def _base(kind: str, at: dt.datetime, source: dict[str, str], *, reply: bool = True, redelivery: bool = False,
          event_id: str | None = None) -> dict[str, Any]:
    event: dict[str, Any] = {
        "type": kind, "mode": "active", "timestamp": millis(at), "source": source,
        "webhookEventId": event_id or "01" + uuid.uuid4().hex.upper()[:24],
        "deliveryContext": {"isRedelivery": redelivery},
    }
    if reply:
        event["replyToken"] = uuid.uuid4().hex
    return event


def user(user_id: str = "U" + "a" * 32) -> dict[str, str]:
    return {"type": "user", "userId": user_id}


def group(user_id: str = "U" + "b" * 32, group_id: str = "C" + "c" * 32) -> dict[str, str]:
    return {"type": "group", "groupId": group_id, "userId": user_id}


def text_event(text: str, at: dt.datetime, source: dict[str, str] | None = None, *, mention_self: bool = False,
               quoted: str | None = None, **kw: Any) -> dict[str, Any]:
    event = _base("message", at, source or user(), **kw)
    message: dict[str, Any] = {"id": uuid.uuid4().hex[:18], "type": "text", "text": text,
                               "quoteToken": "q-" + uuid.uuid4().hex}
    if mention_self:
        message["text"] = "@保険アシスタント " + text
        message["mention"] = {"mentionees": [{"index": 0, "length": 9, "type": "user", "userId": "Ubot", "isSelf": True}]}
    if quoted:
        message["quotedMessageId"] = quoted
    event["message"] = message
    return event


def event_of(kind: str, at: dt.datetime, source: dict[str, str] | None = None, **fields: Any) -> dict[str, Any]:
    event = _base(kind, at, source or user(), reply=kind not in ("unfollow", "leave", "unsend", "memberLeft"))
    event.update(fields)
    return event


def fixture_events(unique_ids: bool = True) -> list[dict[str, Any]]:
    """The SDK's own 28 events. They all share one webhookEventId; LINE gives each event its own,
    so tests that need every event answered give each a unique id."""
    events = json.loads(FIXTURE.read_text(encoding="utf-8"))["events"]
    if unique_ids:
        for i, event in enumerate(events):
            event["webhookEventId"] = f"fixture-{i:02d}"
    return events


def at_jst(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=JST)
