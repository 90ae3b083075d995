"""Building the engine from settings: the one place that decides which store and index are used."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Any, Callable

from bot.engine import Engine
from bot.locks import LocalLocks, RedisLocks, SessionLocks
from bot.ratelimit import RateLimiter, RedisRateLimiter
from bot.settings import Settings
from bot.store import Store, open_store


log = logging.getLogger(__name__)

RETRY_FIRST = 5.0  # seconds after a failed index load before it is tried again; doubles each time
RETRY_MAX = 300.0


class LazyRetriever:
    """Opens the pamphlet index on the first coverage question, so that starting the bot (and
    every quote, subsidy or incident) never waits for it. ``dense``: the hybrid (chromadb + e5,
    CLINIC_BOT_RETRIEVAL=hybrid), which needs the index built by `clinic-bot index build`; without
    it the lexical index alone, built in memory at warm-up."""

    def __init__(self, index_dir: Path, dense: bool = False) -> None:
        self.index_dir = Path(index_dir)
        self.dense = dense
        self._index: Any = None
        self._lock = threading.Lock()
        self._warming: threading.Thread | None = None
        self._warm = False
        self._failed = False
        self._then: Callable[[], object] | None = None
        self._failures = 0
        self._failed_at = 0.0

    @property
    def index(self) -> Any:
        with self._lock:
            if self._index is None:
                from knowledge.index import get_index

                self._index = get_index(self.index_dir, dense=self.dense)
            return self._index

    def search(self, query: str, k: int = 5) -> list[Any]:
        return self.index.search(query, k)

    def nearest_ruling(self, question: str) -> str | None:
        return self.index.nearest_ruling(question)

    def start_warming(self, then: Callable[[], object] | None = None) -> None:
        """Load the index in the background (server start): /readyz says ready only once it is in.
        ``then`` runs after the index is loaded, on the same thread and before ready (the server
        answers a message of each kind there: bot.warmup); it is kept for a later warm-up (an index
        built after the start)."""
        if then is not None:
            self._then = then

        def warm() -> None:
            try:
                loaded = self.index.warm()
                if loaded and self._then is not None:
                    self._then()
                self._warm = loaded
                self._failed = False
                self._failures = 0
            except Exception:  # a broken index must not kill the server: /readyz says why
                self._failures += 1
                self._failed_at = time.monotonic()
                self._failed = True
                log.exception("loading the pamphlet index failed (attempt %d)", self._failures)

        with self._lock:
            if self._warming is not None and self._warming.is_alive():
                return
            self._warming = threading.Thread(target=warm, name="index-warm-up", daemon=True)
            self._warming.start()

    def ready(self) -> bool:
        """True when the persisted index matches the pamphlet (for /readyz) and, when it was asked
        to warm up, once everything a coverage question needs is loaded. An index built after the
        server started (`clinic-bot index build` while it runs) is picked up here, no restart."""
        if not self.dense:
            if self._warming is not None and not self._warm and self._retry_due():
                self.start_warming()  # a load that failed (a file being replaced, memory) is tried again
            return self._warming is None or self._warm
        current = self.index.is_current()
        if self._warming is not None and not self._warm:
            if current and not self.loading() and (not self._failed or self._retry_due()):
                self.start_warming()
            return False
        return current

    def _retry_due(self) -> bool:
        """After a failed load: is it time to try again? The pause doubles from RETRY_FIRST up to
        RETRY_MAX, so a broken file costs a log entry now and then, not one per /readyz probe. The
        retry starts from ready(): an orchestrator's probes drive it. (Hybrid: an index rebuilt
        after a failure is also loaded only once the pause is over.)"""
        if not self._failed or self.loading():
            return False
        return time.monotonic() - self._failed_at >= min(RETRY_MAX, RETRY_FIRST * 2 ** min(16, max(0, self._failures - 1)))

    def loading(self) -> bool:
        return self._warming is not None and self._warming.is_alive()

    def why_not_ready(self) -> str:
        if self.loading():
            return "pamphlet index loading"
        if self._failed:
            if not self.dense:
                return "pamphlet index failed to load (see the log)"
            return "pamphlet index failed to load (see the log; rebuild with: clinic-bot index build)"
        return "pamphlet index not built (run: clinic-bot index build)"


def build_store(settings: Settings) -> Store:
    return open_store(settings.data_dir, settings.database_url)


def redis_client(settings: Settings) -> Any:
    """The Redis connection pool of this process (None without CLINIC_BOT_REDIS_URL)."""
    if not settings.redis_url:
        return None
    import redis

    # Short time-outs: a Redis that stopped answering must cost a message milliseconds, not minutes
    # (limits and locks then let the message through: bot.locks, bot.ratelimit).
    return redis.Redis.from_url(settings.redis_url, socket_timeout=2.0, socket_connect_timeout=2.0,
                                health_check_interval=30)


def build_locks(store: Store, client: Any) -> SessionLocks:
    """Conversation locks shared by every worker through Redis when configured; else this
    process's own (one worker: `serve --workers N` insists on Redis)."""
    if client is not None:
        return RedisLocks(client)
    if getattr(store, "engine", None) is not None:
        log.warning("PostgreSQL without CLINIC_BOT_REDIS_URL: conversation locks and rate limits are this "
                    "process's own; run one worker, or set CLINIC_BOT_REDIS_URL for several")
    return LocalLocks()


def build_limiter(client: Any, limit: int, window_seconds: float, name: str) -> Any:
    """A rate limiter shared by every worker through Redis, or this process's own."""
    if client is not None:
        return RedisRateLimiter(client, limit, window_seconds, name=name)
    return RateLimiter(limit, window_seconds)


def build_engine(settings: Settings, client: Any = None) -> Engine:
    from handlers.rephrase import build_rephraser

    store = build_store(settings)
    return Engine(
        store,
        retriever=LazyRetriever(settings.pamphlet_index_dir, dense=settings.retrieval == "hybrid"),
        rephraser=build_rephraser(settings.llm),
        locks=build_locks(store, client),
    )


def build_line_channel(settings: Settings, engine: Engine, **options: Any) -> Any:
    """The LINE channel when its secret and token are set; None otherwise (/callback answers 503)."""
    if not settings.line_channel_secret or not settings.line_channel_access_token:
        return None
    from bot.channels.line import LineChannel

    return LineChannel(settings, engine, **options)
