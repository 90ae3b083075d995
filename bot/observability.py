"""Operations: Prometheus metrics at /metrics and one structured JSON log line per request, with a
request id. Nothing a user wrote, no user id, session key or token is ever logged: ids that help to
follow a case across lines are hashed (`bot.engine.anon`). Imported by the server only."""

from __future__ import annotations

import contextvars
import json
import logging
import re
import time
import uuid
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

from bot.engine import Observer

# Process-wide, as Prometheus scrapes a process. App-specific figures (the LINE channel's counts,
# the inbox backlog) come from a collector each app registers in its own registry.
REGISTRY = CollectorRegistry()
REQUESTS = Counter("clinic_bot_requests_total", "HTTP requests by route, method and status",
                   ["route", "method", "status"], registry=REGISTRY)
LATENCY = Histogram("clinic_bot_request_seconds", "HTTP request latency by route", ["route"], registry=REGISTRY,
                    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0))
EMERGENCIES = Counter("clinic_bot_emergencies_total", "Emergency messages detected, by kind of incident",
                      ["kind"], registry=REGISTRY)
INCIDENTS_OPENED = Counter("clinic_bot_incidents_opened_total", "Incident records opened", registry=REGISTRY)

REQUEST_ID = contextvars.ContextVar("request_id", default="")
KNOWN_METHODS = frozenset({"GET", "POST", "HEAD", "OPTIONS", "PUT", "DELETE", "PATCH"})
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
log = logging.getLogger("clinic_bot.http")


class MetricsObserver(Observer):
    """The engine's reports, counted for /metrics."""

    def emergency(self, kind: str) -> None:
        EMERGENCIES.labels(kind).inc()

    def incident_opened(self) -> None:
        INCIDENTS_OPENED.inc()


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, and the record's `extra`
    fields (route, status, ms …)."""

    FIELDS = ("route", "method", "status", "ms")

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(), "logger": record.name, "msg": record.getMessage(),
        }
        request_id = getattr(record, "request_id", "") or REQUEST_ID.get()
        if request_id:
            entry["request_id"] = request_id
        entry.update({k: getattr(record, k) for k in self.FIELDS if hasattr(record, k)})
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(level: int = logging.INFO) -> None:
    """JSON lines on stderr for the server (uvicorn's own access log is off: it would print paths)."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True


class RequestContext:
    """Gives every request an id (a caller's valid X-Request-ID, else a new one), returns it in the
    response, counts and times the request by its route template (never its path or query).

    Plain ASGI: starlette's BaseHTTPMiddleware runs every request through an extra task and a
    streamed copy of the response, which cost more CPU than a quote's whole answer."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope.get("headers") or []).get(b"x-request-id", b"").decode("latin-1")
        request_id = given if _VALID_ID.match(given) else uuid.uuid4().hex[:16]
        token = REQUEST_ID.set(request_id)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: dict) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message = {**message, "headers": [*message.get("headers", []), (b"x-request-id", request_id.encode())]}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            route = getattr(scope.get("route"), "path", "unmatched")
            elapsed = time.perf_counter() - started
            # Labels from a fixed set only: an invented method must not create a new series.
            method = scope.get("method", "")
            known = method if method in KNOWN_METHODS else "OTHER"
            REQUESTS.labels(route, known, str(status)).inc()
            LATENCY.labels(route).observe(elapsed)
            log.info("request", extra={"route": route, "method": method, "status": status,
                                       "ms": round(elapsed * 1000, 1), "request_id": request_id})
            REQUEST_ID.reset(token)


class AppCollector:
    """The figures of one app: LINE sends (from its LineStats) and the LINE inbox backlog."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def collect(self) -> Any:
        line = getattr(self.app.state, "line", None)
        counts = line.stats.snapshot() if line is not None else {}
        sends = CounterMetricFamily("clinic_bot_line_sends", "LINE sending outcomes", labels=["outcome"])
        for outcome, n in sorted(counts.items()):
            sends.add_metric([outcome.removeprefix("line_")], n)
        yield sends
        backlog = GaugeMetricFamily("clinic_bot_line_inbox_backlog", "LINE events stored but not yet answered")
        backlog.add_metric([], len(self.app.state.engine.store.inbox_pending()))
        yield backlog
