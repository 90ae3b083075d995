"""Browser tests: the real server on a free loopback port, driven by Playwright in Debian's Chromium.

Chromium comes from Debian (`apt-get install chromium`; .ci/run installs it), never from a
Playwright download. Every request every page makes is recorded, and each test fails if one went
anywhere but this server.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import uvicorn

from bot.app import create_app
from bot.settings import Settings

CHROMIUM = Path("/usr/bin/chromium")
ADMIN_TOKEN = "browser-test-admin-token-7f3a"
PHONE = {"width": 375, "height": 740}
# Headless, and nothing of Chromium's own talks to the network (the machine's network is closed).
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--metrics-recording-only", "--no-default-browser-check",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LiveServer:
    url: str
    app: object
    requests: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory, shared_pamphlet_index: Path) -> Iterator[LiveServer]:
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("browser-data"), index_dir=shared_pamphlet_index,
        admin_token=ADMIN_TOKEN, chat_rate_limit=10_000,
    )
    app = create_app(settings)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield LiveServer(url=f"http://127.0.0.1:{port}", app=app)
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        # Never a silent skip: CI installs Debian's chromium, and a machine without it fails loudly.
        pytest.fail("Debian's Chromium is missing: apt-get install chromium fonts-noto-cjk")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def context(browser, live_server: LiveServer) -> Iterator[object]:
    """A fresh browser profile at phone size; fails the test if any request leaves the server."""
    ctx = browser.new_context(viewport=PHONE, locale="ja-JP", timezone_id="Asia/Tokyo", base_url=live_server.url)
    seen: list[str] = []
    ctx.on("request", lambda request: seen.append(request.url))
    yield ctx
    ctx.close()
    foreign = [u for u in seen if not (u.startswith(live_server.url + "/") or u.startswith(("data:", "blob:", "about:")))]
    assert not foreign, f"requests left the server: {foreign}"
    assert seen, "no request was recorded"


@pytest.fixture
def page(context) -> object:
    return context.new_page()


def screenshot_dir(tmp_path: Path) -> Path:
    """Where the screenshots go: docs/screenshots when `make screenshots` asks, else a temp folder."""
    target = os.environ.get("CLINIC_BOT_SCREENSHOTS")
    path = Path(target) if target else tmp_path
    path.mkdir(parents=True, exist_ok=True)
    return path
