"""「担当者と話したい」: the conversation waits for a person, the user hears when the agent answers,
and emergencies are still answered with the numbers while it waits."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.engine import Engine
from bot.store import open_store
from handlers.handoff import asks_for_person
from handlers.messages import Inbound
from knowledge import text as jtext

JST = dt.timezone(dt.timedelta(hours=9))
WEDNESDAY_NIGHT = dt.datetime(2026, 12, 2, 22, 30, tzinfo=JST)
WEDNESDAY_MORNING = dt.datetime(2026, 12, 2, 10, 0, tzinfo=JST)


@pytest.fixture
def engine(tmp_path):
    store = open_store(tmp_path)
    yield Engine(store)
    store.close()


def say(engine: Engine, text: str, at: dt.datetime = WEDNESDAY_NIGHT, key: str = "web:s1"):
    return engine.handle(Inbound(session_key=key, text=text, at=at))


@pytest.mark.parametrize("text", [
    "担当者と話したい", "担当の方と直接話せますか？", "人間に代わってもらえますか", "オペレーター",
    "代理店の人に電話で相談したいです", "担当者から連絡がほしい", "Can I talk to a person?", "有人対応でお願いします",
    "担当の人と話がしたい", "人に相談したいです", "代理店さんと話したい", "担当者から電話をもらいたい", "電話で話したい",
    "担当者さんをお願いします", "オペレーターでお願いします", "human please",
])
def test_requests_for_a_person_are_recognised(text):
    assert asks_for_person(jtext.normalize(text))


@pytest.mark.parametrize("text", [
    "院長には連絡しました", "担当者には伝えました。ベンダーにもつないでもらいました", "スタッフが対応中です",
    "保険料を教えてください", "患者さん3人に連絡しました", "We told our staff.",
    "スタッフが私物のUSBメモリをPCにつないでしまったのが原因かもしれません", "担当者から折り返しの電話がありました",
    "スタッフがLANケーブルをつなぎ直しました", "ITの担当者が対応してほしいと言っています",
    "スタッフ全員と相談したいので資料がほしい", "オペレーターが誤って患者情報をメール送信しました",
])
def test_other_messages_are_not_a_request_for_a_person(text):
    assert not asks_for_person(jtext.normalize(text))


def test_out_of_hours_the_user_hears_when_the_agent_answers(engine):
    reply = say(engine, "担当者と話したい")
    text = reply.plain_text()
    assert "担当者へおつなぎします" in text
    assert "0985-23-9100" in text and "受付時間外" in text and "12月3日（木）9:00" in text
    assert "0120-318-258" in text  # an emergency does not wait for the agent
    waiting = engine.store.handoffs("waiting")
    assert len(waiting) == 1 and waiting[0].session_key == "web:s1" and waiting[0].message == "担当者と話したい"


def test_within_hours_the_agent_is_said_to_be_open(engine):
    text = say(engine, "担当者と話したい", WEDNESDAY_MORNING).plain_text()
    assert "受付時間内" in text and "以降になります" not in text


def test_asking_twice_opens_one_handoff(engine):
    say(engine, "担当者と話したい")
    again = say(engine, "人と話したいです", WEDNESDAY_NIGHT + dt.timedelta(minutes=2))
    assert "お受けしています" in again.plain_text()
    assert len(engine.store.handoffs()) == 1


def test_after_staff_close_it_a_new_request_opens_a_new_one(engine):
    say(engine, "担当者と話したい")
    first = engine.store.handoffs()[0]
    assert engine.store.handoff_close(first.id, "事務局", WEDNESDAY_NIGHT + dt.timedelta(hours=12))
    reply = say(engine, "担当者と話したい", WEDNESDAY_NIGHT + dt.timedelta(days=1))
    assert "担当者へおつなぎします" in reply.plain_text()
    assert len(engine.store.handoffs("waiting")) == 1 and len(engine.store.handoffs()) == 2


def test_while_waiting_an_emergency_still_gets_the_numbers_and_steps(engine):
    say(engine, "担当者と話したい")
    reply = say(engine, "電子カルテが暗号化されて身代金を要求されています", WEDNESDAY_NIGHT + dt.timedelta(minutes=5))
    assert reply.intent == "incident" and reply.incident_id
    assert reply.texts[0].startswith("今すぐお電話ください") and "0120-318-258" in reply.texts[0]


def test_an_emergency_that_asks_for_a_person_gets_the_numbers_first(engine):
    reply = say(engine, "ランサムウェアに感染しました。担当者につないでください")
    assert reply.intent == "incident" and reply.texts[0].startswith("今すぐお電話ください")
    assert "担当者へおつなぎします" in reply.plain_text()
    assert engine.store.handoffs("waiting") and engine.store.get_incident(reply.incident_id) is not None


def test_inside_an_incident_the_facts_are_filed_and_then_the_person_is_asked_for(engine):
    opened = say(engine, "ランサムウェアに感染しました")
    reply = say(engine, "患者さんの情報は関係ありません。担当者と話したいです", WEDNESDAY_NIGHT + dt.timedelta(minutes=3))
    assert "担当者へおつなぎします" in reply.plain_text()
    assert engine.store.get_incident(opened.incident_id).answers.patient_data == "no"
    assert engine.store.handoffs("waiting")


def test_a_triage_answer_that_names_staff_is_filed_not_handed_off(engine):
    opened = say(engine, "ランサムウェアに感染しました")
    say(engine, "スタッフが私物のUSBメモリをPCにつないでしまったのが原因かもしれません", WEDNESDAY_NIGHT + dt.timedelta(minutes=3))
    record = engine.store.get_incident(opened.incident_id)
    assert any("USBメモリ" in d for d in [s.text for s in record.answers.description] + record.answers.notes)
    assert engine.store.handoffs() == []


def test_every_exchange_is_kept_for_the_staff_and_the_page(engine):
    say(engine, "保険料の見積もりをしたい")
    say(engine, "担当者と話したい", WEDNESDAY_NIGHT + dt.timedelta(minutes=1))
    turns = engine.store.transcript("web:s1")
    assert [t.text for t in turns] == ["保険料の見積もりをしたい", "担当者と話したい"]
    assert turns[1].reply["intent"] == "help" and "担当者へおつなぎします" in turns[1].reply["texts"][0]


def test_an_english_request_for_a_person_is_answered_in_english_with_the_agents_hours(engine):
    reply = say(engine, "Can I talk to a person please?")
    text = reply.plain_text()
    assert text.startswith("We have passed this conversation to a person")
    assert "0985-23-9100" in text and "9:00–17:00 weekdays" in text and "Thursday 3 December, 09:00" in text
    assert "0120-318-258" in text and engine.store.handoffs("waiting")
