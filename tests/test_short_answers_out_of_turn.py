"""Short answers staff send in the middle of a triage, through the whole engine: an hour said roughly
(「10時過ぎ」「9時前」), with or without 「さっき」 before it, while another question is open, is when it was
noticed — not a note; 「それは大丈夫」 to the question whether care stopped says it did not, while
「バックアップは大丈夫」 says nothing about care."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.clock import JST

SATURDAY_MORNING = dt.datetime(2026, 12, 12, 10, 27, tzinfo=JST)  # the first message at 10:30
RANSOM = "電子カルテが暗号化されて開けません"


@pytest.mark.parametrize(("answer", "noticed"), [
    ("さっき10時過ぎ", "2026-12-12T10"),
    ("10時すぎです", "2026-12-12T10"),
    ("9時前かな", "2026-12-12T09"),
    ("10時ごろ、さっきです", "2026-12-12T10"),
])
def test_an_hour_said_roughly_while_care_is_asked_is_when_it_was_noticed(record_chat, answer, noticed):
    chat = record_chat(SATURDAY_MORNING)
    chat.say(RANSOM)
    chat.say("はい、500人くらい")  # the next question is about care
    chat.say(answer)
    assert chat.answers.found_at == noticed
    assert chat.answers.care_stopped is None  # the care question is still open
    assert "気づいた日時：2026年12月12日" in chat.say("まとめ")


@pytest.mark.parametrize("answer", ["それは大丈夫", "大丈夫です", "診療は問題ないです", "We're fine"])
def test_fine_in_reply_to_the_care_question_is_no_closure(record_chat, answer):
    chat = record_chat(SATURDAY_MORNING)
    chat.say(RANSOM)
    chat.say("はい、500人くらい")
    chat.say(answer)
    assert chat.answers.care_stopped == "no"
    assert "診療：継続" in chat.say("まとめ")


@pytest.mark.parametrize("answer", ["バックアップは大丈夫", "大丈夫ですか？"])
def test_fine_said_of_something_else_or_asked_leaves_care_open(record_chat, answer):
    chat = record_chat(SATURDAY_MORNING)
    chat.say(RANSOM)
    chat.say("はい、500人くらい")
    chat.say(answer)
    assert chat.answers.care_stopped is None


@pytest.mark.parametrize(("answer", "shown"), [
    ("患者さんのデータは入ってる。たぶん3〜5千人くらい", "約3,000〜5,000名"),
    ("はい、300〜500人くらいです", "約300〜500名"),
    ("はい、10から15名です", "約10〜15名"),
])
def test_a_range_of_people_is_kept_as_said(record_chat, answer, shown):
    chat = record_chat(SATURDAY_MORNING)
    chat.say(RANSOM)
    chat.say(answer)
    summary = chat.say("まとめ")
    assert f"関係あり（{shown}）" in summary and f"患者さま{shown}" in summary


def test_a_count_after_a_range_replaces_it_and_the_change_is_kept(record_chat):
    chat = record_chat(SATURDAY_MORNING)
    chat.say(RANSOM)
    chat.say("はい、300〜500人くらいです")
    chat.say("すみません、420人でした")
    answers = chat.answers
    assert (answers.affected_people, answers.affected_people_from) == (420, None)
    record = chat.store.get_incident(chat.incident_id)
    assert any(c.field == "affected_people" and c.old == "300〜500" and c.new == "420" for c in record.history)
