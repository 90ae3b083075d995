"""Sliding-window rate limits (per session and per client address): in this process, or in Redis
when several workers must share them."""

from __future__ import annotations

import ipaddress
import itertools
import logging
import threading
import time
import uuid
from collections import defaultdict, deque
from typing import Any

log = logging.getLogger(__name__)


def client_key(host: str | None) -> str:
    """The address a limit counts: an IPv6 client by its /64 (one subscriber holds a whole /64 and
    could otherwise take a fresh budget per address), anything else as it is."""
    if not host:
        return "unknown"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


class RateLimiter:
    def __init__(self, limit: int, window_seconds: float) -> None:
        self.limit = limit
        self.window = window_seconds
        self._hits: defaultdict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()
        # Idle keys are forgotten when the table has grown to this size, which is then set to twice
        # what is left: memory stays within twice the live keys, and a flood of new session ids
        # costs each request O(1) on average (a sweep of every key on every request past a fixed
        # size made the limiter a tenth of a loaded server's CPU).
        self._sweep_at = self.SWEEP_FLOOR

    SWEEP_FLOOR = 10_000

    def blocked(self, key: str, now: float | None = None) -> bool:
        """True when `key` has used its budget for the window (nothing is counted)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            hits = self._hits.get(key)
            return bool(hits) and len([t for t in hits if now - t <= self.window]) >= self.limit

    def refund(self, key: str) -> None:
        """Take back the last hit of `key` (an attempt counted up front that turned out fine)."""
        with self._lock:
            hits = self._hits.get(key)
            if hits:
                hits.pop()

    def allow(self, key: str, now: float | None = None) -> bool:
        return self.allow_all([key], now)

    def allow_all(self, keys: list[str], now: float | None = None) -> bool:
        """One request counted against every key (a session and a client address): allowed when
        none has spent its budget; a refused request counts against none."""
        now = time.monotonic() if now is None else now
        with self._lock:
            for key in keys:
                hits = self._hits[key]
                while hits and now - hits[0] > self.window:
                    hits.popleft()
                if len(hits) >= self.limit:
                    return False
            for key in keys:
                self._hits[key].append(now)
            if len(self._hits) > self._sweep_at:
                for stale in [k for k, v in self._hits.items() if not v or now - v[-1] > self.window]:
                    del self._hits[stale]
                self._sweep_at = max(self.SWEEP_FLOOR, 2 * len(self._hits))
            return True


# A sliding window per key in a sorted set, by Redis's own clock so that workers on several hosts
# agree. Every key is checked in one call (one round trip for a session and its client address):
# returns 1 when the hit is allowed (and counted against every key), 0 when a budget is spent.
_ALLOW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[2])
for _, key in ipairs(KEYS) do
  redis.call('ZREMRANGEBYSCORE', key, 0, now - window)
  if redis.call('ZCARD', key) >= tonumber(ARGV[1]) then return 0 end
end
for _, key in ipairs(KEYS) do
  redis.call('ZADD', key, now, ARGV[3])
  redis.call('PEXPIRE', key, window)
end
return 1
"""
_COUNT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], 0, now - tonumber(ARGV[1]))
return redis.call('ZCARD', KEYS[1])
"""


class RedisRateLimiter:
    """The same limits shared by every worker (CLINIC_BOT_REDIS_URL). If Redis cannot be reached
    the request is let through and the failure logged: a clinic in an emergency is never refused
    because the limiter is down."""

    def __init__(self, client: Any, limit: int, window_seconds: float, *, name: str) -> None:
        self.limit = limit
        self.window_ms = int(window_seconds * 1000)
        self.prefix = f"clinic-bot:rate:{name}:"
        self._allow = client.register_script(_ALLOW)
        self._count = client.register_script(_COUNT)
        self._client = client
        self._ids = itertools.count()
        self._me = uuid.uuid4().hex[:8]

    def allow(self, key: str, now: float | None = None) -> bool:
        return self.allow_all([key], now)

    def allow_all(self, keys: list[str], now: float | None = None) -> bool:
        """As RateLimiter.allow_all, shared by every worker."""
        member = f"{self._me}:{next(self._ids)}"  # unique, so two hits in one millisecond both count
        try:
            return bool(self._allow(keys=[self.prefix + k for k in keys], args=[self.limit, self.window_ms, member]))
        except Exception:
            log.exception("rate limit not checked (Redis unavailable); request let through")
            return True

    def blocked(self, key: str, now: float | None = None) -> bool:
        try:
            return int(self._count(keys=[self.prefix + key], args=[self.window_ms])) >= self.limit
        except Exception:
            log.exception("rate limit not checked (Redis unavailable); request let through")
            return False

    def refund(self, key: str) -> None:
        try:
            self._client.zpopmax(self.prefix + key)
        except Exception:
            log.exception("rate limit refund lost (Redis unavailable)")
