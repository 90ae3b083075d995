"""create_app(settings) -> FastAPI: only wiring; the answers come from bot.queries."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from bot.api import facts_routes
from bot.queries import QueryError
from bot.settings import Settings, get_settings
from knowledge.models import get_facts


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors():
        field = ".".join(str(p) for p in error.get("loc", ()) if p not in ("query", "body"))
        parts.append(f"{field}: {error.get('msg', 'invalid')}")
    return "入力が正しくありません（" + "; ".join(parts) + "）"


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    get_facts()  # refuse to start on a broken fact file, rather than fail on the first question
    app = FastAPI(title="clinic-bot", version="0.1.0")
    app.state.settings = settings

    @app.exception_handler(QueryError)
    async def _query_error(_: Request, exc: QueryError) -> JSONResponse:
        return JSONResponse(status_code=422, content={"detail": str(exc)})

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(status_code=422, content={"detail": _validation_message(exc)})

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    app.include_router(facts_routes.router)
    return app
