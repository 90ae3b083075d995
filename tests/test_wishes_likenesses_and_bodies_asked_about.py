"""Triage answers read by what a message states: a wish not to stop is no closure and no denial of data, a
patient's face shown is their data though their name is not, a body's money asked about is no body told,
and 「休んではおらん」 keeps care going."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.clock import JST

NOON = dt.datetime(2027, 6, 30, 12, 40, tzinfo=JST)
REPORT = "診察室のPCの共有フォルダが、待合のフリーWi-Fiから誰でも見られる状態になっていました"


@pytest.mark.parametrize("said", ["レセコンとつながってるので、そのパソコンは止めたくないです", "外来は止めたくないんですが"])
def test_a_wish_not_to_stop_states_neither_a_closure_nor_a_denial(record_chat, said):
    chat = record_chat(NOON)
    chat.say(REPORT)
    chat.say(said)
    assert chat.answers.care_stopped is None
    assert chat.answers.patient_data is None


def test_faces_shown_are_the_patients_data_though_no_name_was(record_chat):
    chat = record_chat(NOON)
    chat.say("リハビリ室の見守りカメラの映像が、知らない海外のサイトで生中継されていると家族から電話がありました")
    chat.say("利用者さんの顔ははっきり映っとると思います。名前は出ていません")
    assert chat.answers.patient_data == "yes"


@pytest.mark.parametrize("said", ["休んではおらんです", "施設は休んでおりません、通常どおりです"])
def test_not_closed_said_in_dialect_or_humbly_is_care_going_on(record_chat, said):
    chat = record_chat(NOON)
    chat.say(REPORT)
    chat.say(said)
    assert chat.answers.care_stopped == "no"


def test_a_bodys_money_asked_about_is_no_body_told(record_chat):
    chat = record_chat(NOON)
    chat.say(REPORT)
    chat.say("そういえば医師会の一時金ってもらえるんでしたっけ")
    assert not chat.answers.notified
    chat.say("院長が電話したのは日医の相談窓口だったそうです")
    assert chat.answers.notified == ["jma"]


def test_the_one_whose_call_told_of_it_is_the_witness(record_chat):
    chat = record_chat(NOON)
    chat.say(REPORT)
    chat.say("気づいたのはさっき12時ごろ、患者さんのお母さんの電話で。")
    assert chat.answers.witnesses == "患者さんのお母さん"


def test_the_alarming_message_found_to_be_the_clinics_own_test_is_offered_as_a_false_alarm(record_chat):
    chat = record_chat(NOON)
    chat.say("患者さんから、うちの名前で変なリンク付きのショートメールが来たと電話がありました")
    reply = chat.say("事務長に確認したら、新しい予約システムのテスト送信だったそうです。何でもなかったってことでいいですか？")
    assert "誤報" in reply and "閉じますか" in reply
    reply = chat.say("身代金の画面は本物だったと業者さんが言っています")
    assert "閉じますか" not in reply


def test_a_step_only_wondered_about_in_dialect_is_not_done(record_chat):
    chat = record_chat(NOON)
    chat.say("テレビの取材映像に、受付のモニターに貼った付箋の電子カルテのパスワードが映っとったらしいです")
    reply = chat.say("パスワード変えたら、夜勤の看護師がログインできんくなったりせんかいな")
    assert "済んでいる" not in reply
    assert not chat.answers.told


def test_a_vendor_named_for_what_it_did_long_ago_is_not_told(record_chat):
    chat = record_chat(NOON)
    chat.say("見守りカメラの映像が海外のサイトで生中継されとると家族から電話がありました")
    chat.say("カメラは業者さんが3年前につけたもので、パスワードは設置した時のままかもしれません")
    assert not chat.answers.told
    chat.say("さっき業者さんに電話して来てもらうことになりました")
    assert chat.answers.told == ["vendor"]
