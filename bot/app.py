"""create_app(settings) -> FastAPI: only wiring; the answers come from handlers and bot.queries."""

from __future__ import annotations

from contextlib import asynccontextmanager
from typing import Any, AsyncIterator

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from bot.affinity import pin_to_free_core
from bot.api import facts_routes
from bot.channels import line_route, pages, pamphlet_pages, staff, web, web_page
from bot.limits import BodySizeLimit
from bot.observability import REGISTRY, AppCollector, MetricsObserver, RequestContext
from bot.queries import QueryError
from bot.ratelimit import client_key
from bot.runtime import build_engine, build_limiter, build_line_channel, redis_client
from bot.settings import Settings, get_settings
from bot.warmup import rehearse
from handlers.understand import warm_up_understanding
from knowledge.incident_flow import get_incident_flow
from knowledge.models import get_facts
from knowledge.kana_words import get_kana_words
from knowledge.typos import get_typos


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors():
        field = ".".join(str(p) for p in error.get("loc", ()) if p not in ("query", "body"))
        parts.append(f"{field}: {error.get('msg', 'invalid')}")
    return "入力が正しくありません（" + "; ".join(parts) + "）"


def _redis_ok(client: Any) -> bool:
    try:
        return bool(client.ping())
    except Exception:
        return False


def create_app(settings: Settings | None = None, line_options: dict[str, Any] | None = None) -> FastAPI:
    """`line_options` tunes the LINE channel (tests: a clock, short back-offs, fewer workers)."""
    settings = settings or get_settings()
    if settings.pin_cpu:
        pin_to_free_core(settings.cpu_lock_dir)  # first: every thread started later inherits it
    # Refuse to start on a broken fact file, rather than fail on the first question.
    get_facts()
    get_incident_flow()
    get_typos()
    get_kana_words()
    # ... and on a broken vocabulary, example file or English text; this also trains the learned
    # layer now, so that the first message (perhaps an emergency) does not wait for it.
    warm_up_understanding()
    shared = redis_client(settings)  # limits and conversation locks shared by every worker
    engine = build_engine(settings, shared)
    engine.observer = MetricsObserver()
    line_channel = build_line_channel(settings, engine, **(line_options or {}))

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if line_channel is not None:
            line_channel.start()  # first: what a previous process received but did not answer
        if settings.warm_up and engine.retriever is not None:
            # /readyz stays 503 until the index is loaded and a message of each kind was answered
            engine.retriever.start_warming(then=lambda: rehearse(engine))
        yield
        if line_channel is not None:
            line_channel.stop()  # finishes the events in hand
        engine.store.close()

    # No /docs or /redoc: FastAPI's pages load Swagger UI and ReDoc from a CDN, and no page of this
    # server may reach another host. The schema stays at /openapi.json for tools.
    app = FastAPI(title="clinic-bot", version="0.1.0", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.settings = settings
    app.state.engine = engine
    app.state.line = line_channel
    app.state.redis = shared
    app.state.chat_limiter = build_limiter(shared, settings.chat_rate_limit, 60.0, "chat")

    @app.exception_handler(QueryError)
    async def _query_error(_: Request, exc: QueryError) -> JSONResponse:
        return JSONResponse(status_code=422, content={"detail": str(exc)})

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(status_code=422, content={"detail": _validation_message(exc)})

    app_metrics = CollectorRegistry()
    app_metrics.register(AppCollector(app))

    @app.get("/metrics", include_in_schema=False)
    def metrics(request: Request) -> Response:
        """Prometheus text. With CLINIC_BOT_ADMIN_TOKEN set, the scraper sends it as a bearer token
        (wrong tokens count against the same limit as the staff login); without one, only a scraper
        on this host is answered (the reverse proxy forwards everything else)."""
        auth = request.app.state.staff_auth
        host = request.client.host if request.client else ""
        client = client_key(host)
        if auth is None:
            if host not in ("127.0.0.1", "::1"):
                return JSONResponse(status_code=404, content={"detail": "Not Found"})
        else:
            failures = request.app.state.login_failures
            if not failures.allow(client):
                return JSONResponse(status_code=429, content={"detail": "Too many failed attempts; try again later"})
            if not auth.bearer_ok(request.headers.get("authorization")):
                return JSONResponse(status_code=401, content={"detail": "Bearer token required"},
                                    headers={"WWW-Authenticate": "Bearer"})
            failures.refund(client)
        body = generate_latest(REGISTRY) + generate_latest(app_metrics)
        return Response(body, media_type=CONTENT_TYPE_LATEST)

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz")
    def readyz() -> JSONResponse:
        problems = []
        if not engine.store.ping():
            problems.append("store unavailable")
        if shared is not None and not _redis_ok(shared):
            problems.append("redis unavailable")
        if engine.retriever is not None and not engine.retriever.ready():
            problems.append(engine.retriever.why_not_ready())
        if problems:
            return JSONResponse(status_code=503, content={"status": "; ".join(problems)})
        return JSONResponse(status_code=200, content={"status": "ready"})

    app.include_router(facts_routes.router)
    app.include_router(web.router)
    app.include_router(line_route.router)
    app.include_router(pamphlet_pages.router)
    app.include_router(web_page.router)
    app.include_router(pages.router)
    staff.install(app)  # /staff and /api/incidents: 404 unless CLINIC_BOT_ADMIN_TOKEN is set
    app.add_middleware(BodySizeLimit)
    app.add_middleware(RequestContext)  # a request id and metrics for every request, even a refused one
    # Outermost: the client's address and scheme (for rate limits and Secure cookies) come from
    # X-Forwarded-For/-Proto only when the peer is a trusted proxy (CLINIC_BOT_TRUSTED_PROXIES).
    app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxies or [])
    return app
