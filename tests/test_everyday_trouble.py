"""Everyday trouble that may be nothing (dialogues written for these tests): a login refused for a password
the writer forgot raises no alarm, and gets the JMA line that takes everyday security troubles (section 11)
with whether it answers at the message's time, beside the SOMPO desk for anything that looks like an attack;
an attack told beside a forgotten password, or a password said not to be forgotten, still alarms."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.clock import JST

EVENING = dt.datetime(2026, 12, 8, 21, 30, tzinfo=JST)  # a Tuesday, after the JMA line's 21:00


@pytest.fixture
def engine_reply(retrieval_engine):
    """``engine_reply(text, at)``: the reply of a new conversation to its first message."""
    import uuid

    from handlers.messages import Inbound

    return lambda text, at: retrieval_engine.handle(Inbound(session_key=f"t:{uuid.uuid4().hex}", text=text, at=at, channel="eval"))


@pytest.mark.parametrize("text", [
    "レセコンのパスワードを忘れてしまってログインできません。どうしたらいいですか",
    "I forgot my password for the booking system and now I can't log in.",
])
def test_a_forgotten_password_raises_no_alarm_and_gets_the_line_for_everyday_trouble(engine_reply, text):
    reply = engine_reply(text, EVENING)
    assert reply.intent != "incident" and reply.incident_id is None
    body = reply.plain_text()
    assert "日常の機器や操作のトラブルのようです" in body and "業者" in body
    assert "0120-179-066" in body and "日常の些細なセキュリティトラブル" in body
    assert "時間外" in body and "12月9日（水）6:00" in body
    assert "0120-318-258" in body


@pytest.mark.parametrize("text", [
    "パスワードは忘れてないのに、電子カルテにログインできなくなりました",
    "パスワードを忘れたと思ってたら、知らない端末からログインされた履歴がありました",
])
def test_an_attack_beside_a_password_still_alarms(engine_reply, text):
    reply = engine_reply(text, EVENING)
    assert reply.intent == "incident" and reply.incident_id is not None


def test_a_slow_pc_asked_whether_it_is_a_virus_is_talked_through_not_alarmed(engine_reply):
    reply = engine_reply("ここ数日、事務室のパソコンの動きがすごく遅いです。これってウイルスでしょうか？", EVENING)
    assert reply.incident_id is None
    body = reply.plain_text()
    assert "判断できません" in body and "0120-179-066" in body and "0120-318-258" in body


def test_a_slow_pc_said_to_be_infected_still_alarms(engine_reply):
    reply = engine_reply("パソコンが急に重くなって、ウイルスに感染したみたいです", EVENING)
    assert reply.intent == "incident" and reply.incident_id is not None


def test_a_windows_update_raises_no_alarm(engine_reply):
    reply = engine_reply("受付のパソコンでWindowsアップデートが始まって、しばらく使えません。どうすればいいですか", EVENING)
    assert reply.incident_id is None and "日常の機器や操作のトラブル" in reply.plain_text()
