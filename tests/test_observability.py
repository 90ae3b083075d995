"""/metrics and the JSON request log: what operations see, and what they must never see."""

from __future__ import annotations

import json
import logging
import re

import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.observability import JsonFormatter
from bot.settings import Settings

NIGHT = "2026-12-02T22:30:00+09:00"


def metric(text: str, name: str, **labels: str) -> float:
    """The value of one sample in Prometheus text (0 when absent)."""
    for line in text.splitlines():
        if not line.startswith(name + ("{" if labels else " ")):
            continue
        if all(f'{k}="{v}"' in line for k, v in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


@pytest.fixture
def client(tmp_path):
    # A scraper on this host: without an admin token, /metrics answers only loopback.
    with TestClient(create_app(Settings(data_dir=tmp_path, chat_rate_limit=1000)), client=("127.0.0.1", 40000)) as c:
        yield c


def test_metrics_count_requests_emergencies_and_incidents(client):
    before = client.get("/metrics").text
    client.post("/api/chat", json={"session_id": "m1", "text": "ランサムウェアに感染しました", "now": NIGHT})
    client.post("/api/chat", json={"session_id": "m1", "text": "患者情報は関係ありません", "now": NIGHT})
    after = client.get("/metrics")
    assert after.headers["content-type"].startswith("text/plain")
    text = after.text
    assert metric(text, "clinic_bot_emergencies_total", kind="ransomware") == metric(before, "clinic_bot_emergencies_total", kind="ransomware") + 1
    assert metric(text, "clinic_bot_incidents_opened_total") == metric(before, "clinic_bot_incidents_opened_total") + 1
    assert metric(text, "clinic_bot_requests_total", route="/api/chat", method="POST", status="200") >= 2
    assert "clinic_bot_request_seconds_bucket" in text and "clinic_bot_line_inbox_backlog 0.0" in text


def test_metrics_need_the_admin_token_when_one_is_set_and_guesses_are_limited(tmp_path):
    with TestClient(create_app(Settings(data_dir=tmp_path, admin_token="metrics-token-123456"))) as c:
        assert c.get("/metrics", headers={"Authorization": "Bearer metrics-token-123456"}).status_code == 200
        assert [c.get("/metrics", headers={"Authorization": "Bearer guess"}).status_code for _ in range(6)] == [401] * 5 + [429]


def test_without_a_token_metrics_are_not_shown_to_other_hosts(tmp_path):
    with TestClient(create_app(Settings(data_dir=tmp_path)), client=("203.0.113.9", 40000)) as c:
        assert c.get("/metrics").status_code == 404


def test_an_invented_http_method_does_not_create_a_metric_series(client):
    client.request("ZZQ", "/healthz")
    text = client.get("/metrics").text
    assert 'method="ZZQ"' not in text and 'method="OTHER"' in text


def test_each_request_has_an_id_and_one_json_log_line_without_what_the_user_wrote(client):
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger("clinic_bot.http")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        secret = "山田花子さんのカルテ番号12345"
        response = client.post("/api/chat", json={"session_id": "private-session-77", "text": secret},
                               headers={"X-Request-ID": "req-abc-123"})
        odd = client.get("/healthz", headers={"X-Request-ID": "<script>"})
    finally:
        logger.removeHandler(handler)
    assert response.headers["x-request-id"] == "req-abc-123"
    assert re.fullmatch(r"[0-9a-f]{16}", odd.headers["x-request-id"])  # an unusable id is replaced
    lines = [JsonFormatter().format(r) for r in records]
    entries = [json.loads(line) for line in lines]
    chat = next(e for e in entries if e["route"] == "/api/chat")
    assert chat["request_id"] == "req-abc-123" and chat["status"] == 200 and chat["method"] == "POST"
    joined = "\n".join(lines)
    assert secret not in joined and "private-session-77" not in joined
