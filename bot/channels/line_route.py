"""POST /callback: LINE's webhook, handed to the LINE channel (bot.channels.line).

Kept apart from the channel so that a server without LINE settings never imports the LINE SDK
(~1 s of start-up and ~40 MB of every worker's memory, measured); a configured
channel has loaded it already.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

if TYPE_CHECKING:
    from bot.channels.line import LineChannel

NOT_CONFIGURED = "LINE channel is not configured: set LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN"

router = APIRouter()


@router.post("/callback")
async def callback(request: Request) -> JSONResponse:
    channel: LineChannel | None = getattr(request.app.state, "line", None)
    if channel is None:
        return JSONResponse(status_code=503, content={"detail": NOT_CONFIGURED})
    from bot.channels.line_webhook import WebhookRejected, parse_webhook  # loaded with the channel

    body = await request.body()
    try:
        events = parse_webhook(channel.parser, body, request.headers.get("X-Line-Signature"), channel.clock())
    except WebhookRejected as exc:
        return JSONResponse(status_code=400, content={"detail": str(exc)})
    accepted = await run_in_threadpool(channel.accept, events)
    return JSONResponse(status_code=200, content={"status": "ok", "accepted": accepted})
