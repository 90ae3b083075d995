"""A loopback stand-in for LINE's Messaging API, for tests and benchmarks.

It records every call (method, path, headers, body) and answers like LINE does for the calls the bot
makes: reply, push (with `X-Line-Retry-Key`: a key seen before gets 409, as LINE answers a retried push
that it already accepted), the loading animation, rich menus and their images. Tests make it fail on
demand (`fail_next`: a status for the next N calls to a path), hang (`hang_next`: answer only after a
delay, so the client times out) or treat a reply token as expired (`expire_token`).

Only loopback: it binds 127.0.0.1 on a free port and is stopped by its context manager.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Call:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    status: int = 0  # what the stand-in answered

    @property
    def json(self) -> Any:
        return json.loads(self.body) if self.body else None

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


@dataclass
class _Plan:
    prefix: str
    times: int
    status: int = 0
    delay: float = 0.0


@dataclass
class LineStandin:
    calls: list[Call] = field(default_factory=list)
    accepted_retry_keys: set[str] = field(default_factory=set)
    expired_tokens: set[str] = field(default_factory=set)
    rich_menus: list[str] = field(default_factory=list)  # ids, in the order they were created
    menu_objects: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> the menu as created
    default_menu: str | None = None

    def __post_init__(self) -> None:
        self._plans: list[_Plan] = []
        self._lock = threading.RLock()  # re-entered when a wait_for predicate reads the calls
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._changed = threading.Condition(self._lock)

    # --- lifecycle ---------------------------------------------------------------------

    def start(self) -> LineStandin:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_: Any) -> None:  # keep test output quiet
                return

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                call = Call(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                status, payload, delay = standin._answer(call)
                if delay:
                    time.sleep(delay)
                data = json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test); the call is recorded all the same

            do_GET = do_POST = do_DELETE = do_PUT = _handle

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="line-standin", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> LineStandin:
        return self.start()

    def __exit__(self, *_: Any) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        assert self._server is not None, "start the stand-in first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    # --- what tests ask of it -----------------------------------------------------------

    def fail_next(self, prefix: str, status: int, times: int = 1) -> None:
        """The next `times` calls whose path starts with `prefix` get `status` (500, 429, 400…)."""
        with self._lock:
            self._plans.append(_Plan(prefix, times, status=status))

    def hang_next(self, prefix: str, seconds: float, times: int = 1) -> None:
        """The next `times` calls to `prefix` are answered only after `seconds` (a client timeout)."""
        with self._lock:
            self._plans.append(_Plan(prefix, times, delay=seconds))

    def expire_token(self, token: str) -> None:
        """A reply with this token gets LINE's 400 'Invalid reply token'."""
        with self._lock:
            self.expired_tokens.add(token)

    def add_menu(self, name: str) -> str:
        """A rich menu made some other way (by hand in LINE Official Account Manager, say)."""
        menu_id = f"richmenu-other-{len(self.menu_objects)}"
        with self._lock:
            self.rich_menus.append(menu_id)
            self.menu_objects[menu_id] = {"size": {"width": 2500, "height": 843}, "selected": False, "name": name,
                                          "chatBarText": "その他", "areas": []}
        return menu_id

    def calls_to(self, prefix: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.path.startswith(prefix)]

    def sent(self) -> list[Call]:
        """Replies and pushes that LINE accepted (status 200): what users saw."""
        with self._lock:
            return [c for c in self.calls if c.status == 200 and c.path in (REPLY, PUSH)]

    def wait_for(self, predicate: Any, timeout: float = 10.0) -> bool:
        """Wait until `predicate(self)` holds (checked whenever a call arrives)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not predicate(self):
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._changed.wait(min(left, 0.05))
        return True

    # --- LINE's answers -----------------------------------------------------------------

    def _answer(self, call: Call) -> tuple[int, Any, float]:
        with self._changed:
            self.calls.append(call)
            status, payload, delay = self._planned(call)
            if not status:
                status, payload = self._normal(call)
            call.status = status
            self._changed.notify_all()
        return status, payload, delay

    def _planned(self, call: Call) -> tuple[int, Any, float]:
        for plan in self._plans:
            if plan.times > 0 and call.path.startswith(plan.prefix):
                plan.times -= 1
                if plan.status:
                    return plan.status, {"message": f"stand-in failure {plan.status}"}, plan.delay
                return 0, None, plan.delay
        return 0, None, 0.0

    def _normal(self, call: Call) -> tuple[int, Any]:
        is_json = (call.header("content-type") or "").startswith("application/json")
        body = call.json if call.body and is_json else {}
        if call.path == REPLY:
            if body.get("replyToken") in self.expired_tokens:
                return 400, {"message": "Invalid reply token"}
            return 200, {"sentMessages": _sent(body)}
        if call.path == PUSH:
            key = call.header("x-line-retry-key")
            if key and key in self.accepted_retry_keys:
                return 409, {"message": "The retry key is already accepted", "sentMessages": _sent(body)}
            if key:
                self.accepted_retry_keys.add(key)
            return 200, {"sentMessages": _sent(body)}
        if call.path == LOADING:
            return 202, {}
        if call.path == "/v2/bot/richmenu" and call.method == "POST":
            menu_id = f"richmenu-{uuid.uuid4().hex}"
            self.rich_menus.append(menu_id)
            self.menu_objects[menu_id] = body
            return 200, {"richMenuId": menu_id}
        if call.path == "/v2/bot/richmenu/list":
            return 200, {"richmenus": [{"richMenuId": m, **self.menu_objects.get(m, {})} for m in self.rich_menus]}
        if call.method == "DELETE" and call.path.startswith("/v2/bot/richmenu/"):
            menu_id = call.path.rsplit("/", 1)[-1]
            if menu_id not in self.rich_menus:
                return 404, {"message": "Not found"}
            self.rich_menus.remove(menu_id)
            self.menu_objects.pop(menu_id, None)
            return 200, {}
        if call.method == "POST" and call.path.startswith("/v2/bot/user/all/richmenu/"):
            self.default_menu = call.path.rsplit("/", 1)[-1]
            return 200, {}
        if call.path.startswith("/v2/bot/profile/"):
            return 200, {"displayName": "テスト 花子", "userId": call.path.rsplit("/", 1)[-1]}
        return 200, {}


def _sent(body: dict[str, Any]) -> list[dict[str, str]]:
    return [{"id": uuid.uuid4().hex[:18], "quoteToken": uuid.uuid4().hex} for _ in body.get("messages", [])]


REPLY = "/v2/bot/message/reply"
PUSH = "/v2/bot/message/push"
LOADING = "/v2/bot/chat/loading/start"
