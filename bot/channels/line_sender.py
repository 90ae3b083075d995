"""Sending stored outgoing messages to LINE: reply while the token is fresh, else push with a retry key.

LINE's rules shape this (Messaging API reference):
- a reply token works once, for about a minute; a reply cannot be retried safely (no retry key);
- a push carries `X-Line-Retry-Key`; LINE keeps it 24 h and answers 409 to a key it already accepted,
  so a push retried with the same key after a 5xx or a timeout is never delivered twice;
- retry only on 5xx or a timeout, never on another 4xx (the request itself is wrong).
Nothing here logs message text: only ids, statuses and counts.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections import Counter
from typing import Callable, Sequence

from linebot.v3.messaging import (
    MessagingApi,
    PushMessageRequest,
    ReplyMessageRequest,
    ShowLoadingAnimationRequest,
)
from linebot.v3.messaging.exceptions import ApiException
from urllib3.exceptions import HTTPError as Urllib3Error

from bot.channels.line_api import TIMEOUT_SECONDS
from bot.channels.line_render import check_limits, from_payload
from bot.store.base import Outgoing, Store

log = logging.getLogger(__name__)

TOKEN_FRESH_FOR = dt.timedelta(seconds=50)  # LINE's token lives about a minute; keep a margin
RETRY_KEY_LIFETIME = dt.timedelta(hours=23)  # LINE keeps a retry key 24 h; after that a retry could double
BACKOFF_SECONDS: tuple[float, ...] = (0.5, 1.0, 2.0, 4.0)  # in-line retries of a push
LATER = dt.timedelta(seconds=30)  # then the scheduler tries again, same key


class LineStats:
    """Counts of what sending did, for logs and /metrics (thread-safe)."""

    def __init__(self) -> None:
        self._counts: Counter[str] = Counter()
        self._lock = threading.Lock()

    def add(self, name: str, n: int = 1) -> None:
        with self._lock:
            self._counts[name] += n

    def snapshot(self) -> dict[str, int]:
        with self._lock:
            return dict(self._counts)


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _retryable(exc: Exception) -> bool:
    if isinstance(exc, ApiException):
        return exc.status is None or exc.status == 0 or exc.status >= 500
    return isinstance(exc, (Urllib3Error, OSError, TimeoutError))


def _status(exc: Exception) -> str:
    if isinstance(exc, ApiException):
        return str(exc.status)
    return type(exc).__name__


class LineSender:
    def __init__(
        self,
        api: MessagingApi,
        store: Store,
        stats: LineStats | None = None,
        *,
        backoff: Sequence[float] = BACKOFF_SECONDS,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], dt.datetime] = _utcnow,
        timeout: float = TIMEOUT_SECONDS,
    ) -> None:
        self.api = api
        self.timeout = timeout
        self.store = store
        self.stats = stats or LineStats()
        self.backoff = tuple(backoff)
        self.sleep = sleep
        self.clock = clock

    def token_is_fresh(self, out: Outgoing) -> bool:
        if not out.reply_token or out.token_issued_at is None:
            return False
        return self.clock() - out.token_issued_at < TOKEN_FRESH_FOR

    def send(self, out: Outgoing, *, may_reply: bool = True) -> Outgoing:
        """Send one stored outgoing message and record the outcome in the store."""
        messages = from_payload(out.messages)
        check_limits(messages)
        out = out.model_copy(deep=True)
        if may_reply and out.attempts == 0 and self.token_is_fresh(out):
            try:
                response = self.api.reply_message(
                    ReplyMessageRequest(reply_token=out.reply_token, messages=messages),
                    _request_timeout=self.timeout,
                )
                self.stats.add("line_reply_sent")
                return self._done(out, "sent", [m.id for m in response.sent_messages or []])
            except (ApiException, Urllib3Error, OSError) as exc:
                # The token may be spent even when the answer was lost: push with the retry key.
                self.stats.add("line_reply_failed")
                log.warning("LINE reply failed for outgoing %s (%s); pushing instead", out.id, _status(exc))
        return self._push(out, messages)

    def _push(self, out: Outgoing, messages: list) -> Outgoing:
        for attempt in range(len(self.backoff) + 1):
            out.attempts += 1
            try:
                response = self.api.push_message(
                    PushMessageRequest(to=out.to, messages=messages),
                    x_line_retry_key=out.id,
                    _request_timeout=self.timeout,
                )
                self.stats.add("line_push_sent")
                return self._done(out, "sent", [m.id for m in response.sent_messages or []])
            except (ApiException, Urllib3Error, OSError) as exc:
                if isinstance(exc, ApiException) and exc.status == 409:
                    # LINE already accepted this retry key: the earlier attempt was delivered.
                    self.stats.add("line_push_already_accepted")
                    return self._done(out, "sent", [])
                if not _retryable(exc):
                    self.stats.add("line_send_failed")
                    log.error("LINE push for outgoing %s refused (%s); not retried", out.id, _status(exc))
                    return self._done(out, "failed", [])
                self.stats.add("line_push_retry")
                log.warning("LINE push for outgoing %s failed (%s), attempt %d", out.id, _status(exc), out.attempts)
                if attempt < len(self.backoff):
                    self.sleep(self.backoff[attempt])
        if self.clock() - out.created_at > RETRY_KEY_LIFETIME:
            self.stats.add("line_send_failed")
            log.error("LINE push for outgoing %s given up after %d attempts", out.id, out.attempts)
            return self._done(out, "failed", [])
        out.next_attempt_at = self.clock() + LATER
        self.store.outgoing_update(out)
        return out

    def _done(self, out: Outgoing, status: str, message_ids: list[str]) -> Outgoing:
        out.status = status  # type: ignore[assignment]
        out.sent_message_ids = [i for i in message_ids if i]
        self.store.outgoing_update(out)
        return out

    def show_loading(self, user_id: str, seconds: int = 20) -> None:
        """The typing dots in a one-to-one chat while a slow answer is prepared (best effort)."""
        try:
            self.api.show_loading_animation(
                ShowLoadingAnimationRequest(chat_id=user_id, loading_seconds=seconds), _request_timeout=2.0
            )
            self.stats.add("line_loading_shown")
        except (ApiException, Urllib3Error, OSError) as exc:
            log.info("loading animation not shown (%s)", _status(exc))
