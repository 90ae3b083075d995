"""A small in-process sliding-window limiter (per session and per client address)."""

from __future__ import annotations

import ipaddress
import threading
import time
from collections import defaultdict, deque


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
        now = time.monotonic() if now is None else now
        with self._lock:
            hits = self._hits[key]
            while hits and now - hits[0] > self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                return False
            hits.append(now)
            if len(self._hits) > 10_000:  # forget idle keys so memory stays bounded
                for stale in [k for k, v in self._hits.items() if not v or now - v[-1] > self.window]:
                    del self._hits[stale]
            return True
