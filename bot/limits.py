"""Request body limit as ASGI middleware: 413 before a large body is read into memory."""

from __future__ import annotations

import json
from typing import Any

MAX_BODY_BYTES = 64 * 1024
# LINE batches several events in one webhook call, each text up to 5,000 characters: a batch
# refused with 413 would be redelivered and refused again, so /callback gets a larger budget.
LARGER_LIMITS = {"/callback": 1024 * 1024}
TOO_LARGE = json.dumps({"detail": "リクエストが大きすぎます（64KiBまで）。"}, ensure_ascii=False).encode()


class _TooLarge(Exception):
    pass


class BodySizeLimit:
    def __init__(self, app: Any, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        max_bytes = LARGER_LIMITS.get(scope.get("path", ""), self.max_bytes)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > max_bytes:
            await _reject(send)
            return
        seen = 0

        async def limited_receive() -> dict:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > max_bytes:
                    raise _TooLarge
            return message

        try:
            await self.app(scope, limited_receive, send)
        except _TooLarge:
            await _reject(send)


async def _reject(send: Any) -> None:
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json; charset=utf-8"), (b"content-length", str(len(TOO_LARGE)).encode())]})
    await send({"type": "http.response.body", "body": TOO_LARGE})
