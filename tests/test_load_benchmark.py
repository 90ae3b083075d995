"""benchmarks/load.py counts as failed what a user would: not only a 5xx, but the help text
instead of an answer (the engine's fallback when a handler breaks answers 200) and an emergency
not answered as one."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import load  # noqa: E402
import pytest  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from bot.app import create_app  # noqa: E402
from bot.settings import Settings  # noqa: E402


@pytest.fixture
def client(tmp_path):
    with TestClient(create_app(Settings(data_dir=tmp_path))) as c:
        yield c


def test_the_help_text_for_a_question_and_a_missed_emergency_count_as_failures(client):
    def body(text: str) -> bytes:
        return client.post("/api/chat", json={"session_id": text, "text": text}).content

    assert not load.off_kind("coverage", body("罰金は補償されますか"))
    assert not load.off_kind("emergency", body("電子カルテが暗号化されて開けません"))
    assert load.off_kind("coverage", json.dumps({"intent": "help", "replies": []}).encode())
    assert load.off_kind("emergency", body("保険期間はいつからですか"))
    assert load.off_kind("quote", b"<html>502 Bad Gateway</html>")


def test_the_messages_are_distinct_and_in_the_stated_mix():
    pairs = load.messages_with_kinds(2_000)
    assert len({text for _, text in pairs}) == len(pairs) == 2_000
    counts = Counter(kind for kind, _ in pairs)
    assert {kind: counts[kind] / 2_000 for kind in load.MIX} == load.MIX
    assert load.messages(2_000) == [text for _, text in pairs]
