"""One conversation at a time: the lock the engine holds while it loads, routes and saves a session.

In one process a table of thread locks does it (entries leave the table when nobody holds or waits
for them, so it never grows with the number of conversations). Several workers share a lock in
Redis (CLINIC_BOT_REDIS_URL), so that two messages of one chat are never handled at once, whichever
worker each reaches. (PostgreSQL advisory locks were tried and dropped: each held lock pins a
connection, and fifteen conversations at once emptied the store's pool.)

A lock that cannot be had in time (Redis down, a stuck holder) never stops an answer: the message
is answered without it and the failure is logged. An emergency answered out of order is better
than one not answered.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from contextlib import contextmanager
from typing import Any, Iterator, Protocol

log = logging.getLogger(__name__)

LEASE_SECONDS = 30.0  # a holder that died frees the conversation after this long
WAIT_SECONDS = 20.0  # how long a message waits for the one before it


class SessionLocks(Protocol):
    def hold(self, key: str) -> Any:
        """A context manager holding the conversation `key` for its duration."""


class LocalLocks:
    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._locks: dict[str, tuple[threading.Lock, int]] = {}  # lock and how many hold or wait

    @contextmanager
    def hold(self, key: str) -> Iterator[None]:
        with self._guard:
            lock, users = self._locks.get(key) or (threading.Lock(), 0)
            self._locks[key] = (lock, users + 1)
        try:
            with lock:
                yield
        finally:
            with self._guard:
                lock, users = self._locks[key]
                if users == 1:
                    del self._locks[key]
                else:
                    self._locks[key] = (lock, users - 1)

    def __len__(self) -> int:
        with self._guard:
            return len(self._locks)


# Release only our own lock: a holder whose lease ran out must not free the next holder's.
_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0
"""
# Extend only our own lock.
_EXTEND = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end
return 0
"""


class RedisLocks:
    """SET NX PX with a random token per holder, released by a script that checks the token. While
    a lock is held its lease is extended (a long answer keeps its conversation); a process that died
    holding one frees it when the lease runs out."""

    def __init__(self, client: Any, *, prefix: str = "clinic-bot:lock:", lease: float = LEASE_SECONDS,
                 wait: float = WAIT_SECONDS) -> None:
        self.client = client
        self.prefix = prefix
        self.lease_ms = int(lease * 1000)
        self.wait = wait
        self._release = client.register_script(_RELEASE)
        self._extend = client.register_script(_EXTEND)
        # Waiting in this process first keeps a chat's own messages from polling Redis in turn.
        self._local = LocalLocks()
        self._held: dict[str, str] = {}  # lock name -> token, for the watchdog
        self._held_guard = threading.Lock()
        self._watchdog: threading.Thread | None = None

    def _watch(self) -> None:
        """One thread for all held locks: every third of a lease, extend each one still held."""
        while True:
            time.sleep(self.lease_ms / 3000)
            with self._held_guard:
                held = list(self._held.items())
            for name, token in held:
                try:
                    self._extend(keys=[name], args=[token, self.lease_ms])
                except Exception:
                    log.warning("conversation lock lease not extended (Redis unavailable)")

    def _track(self, name: str, token: str | None) -> None:
        with self._held_guard:
            if token is None:
                self._held.pop(name, None)
                return
            self._held[name] = token
            if self._watchdog is None:
                self._watchdog = threading.Thread(target=self._watch, name="redis-lock-watchdog", daemon=True)
                self._watchdog.start()

    @contextmanager
    def hold(self, key: str) -> Iterator[None]:
        name = self.prefix + key
        token = uuid.uuid4().hex
        with self._local.hold(key):
            acquired = False
            # The SET may have reached Redis even when its reply did not (a time-out): then the lock
            # is ours without our knowing, and left alone it would hold the chat's next message for
            # a whole lease. Such a lock is released like a held one (the script checks the token,
            # so a lock that was never set, or is another's, is left alone).
            maybe = False
            deadline = time.monotonic() + self.wait
            delay = 0.002
            try:
                while True:
                    maybe = True
                    if self.client.set(name, token, nx=True, px=self.lease_ms):
                        acquired = True
                        break
                    maybe = False
                    if time.monotonic() >= deadline:
                        log.error("conversation lock not had within %.0f s; answering without it", self.wait)
                        break
                    time.sleep(delay)
                    delay = min(delay * 2, 0.05)
            except Exception:
                log.exception("conversation lock unavailable (Redis); answering without it")
            if acquired:
                self._track(name, token)
            try:
                yield
            finally:
                if acquired:
                    self._track(name, None)
                    self._release_quietly(name, token)
                elif maybe:
                    # Redis did not answer the SET: it may not answer this either, and the message
                    # must not wait for it a second time.
                    threading.Thread(target=self._release_quietly, args=(name, token),
                                     name="redis-lock-release", daemon=True).start()

    def _release_quietly(self, name: str, token: str) -> None:
        try:
            self._release(keys=[name], args=[token])
        except Exception:
            log.warning("conversation lock not released (it expires by itself)")
