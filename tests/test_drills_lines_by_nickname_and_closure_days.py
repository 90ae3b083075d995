"""A message that marks itself as a drill's scenario opens no incident, whichever sentence the mark is in; the JMA line
asked for by the name staff give it (サイ窓) gets the lines with whether each answers now; and the day a closure starts
is no moment of the event."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.clock import JST
from tests.chats import alarm_level

FRIDAY_AFTERNOON = dt.datetime(2027, 2, 19, 15, 0, tzinfo=JST)


@pytest.mark.parametrize("text", [
    "【演習】サーバーのファイルが全部暗号化され、身代金を要求する画面が出ました。以上、来月の職員研修で使う設定です",
    "受付のパソコンがウイルスに感染して患者情報が外に漏れた、という想定で来週訓練をやります。流れを確認したいです",
    "Drill scenario: our EHR is encrypted and a ransom note is on every screen. Who do we call first?",
])
def test_a_drill_scenario_raises_no_alarm(text):
    assert alarm_level(text, FRIDAY_AFTERNOON) != "emergency"


def test_a_real_report_that_mentions_a_drill_still_alarms():
    text = "訓練で習ったとおりLANケーブルは抜きました。電子カルテのファイルが暗号化されています"
    assert alarm_level(text, FRIDAY_AFTERNOON) == "emergency"


def test_a_drill_told_to_the_engine_opens_no_record(conversation):
    reply = conversation(FRIDAY_AFTERNOON)("【訓練】電子カルテが開けなくなりました、という想定で机上訓練をします。当日の進め方の注意点はありますか")
    assert "今すぐお電話ください" not in reply and "記録番号" not in reply


def test_the_jma_line_asked_for_by_its_nickname(conversation):
    reply = conversation(dt.datetime(2027, 2, 19, 22, 10, tzinfo=JST))("サイ窓、今やってます？")
    assert "0120-179-066" in reply and "時間外" in reply


def test_the_day_a_closure_starts_is_no_moment_of_the_event(record_chat):
    chat = record_chat(dt.datetime(2027, 2, 20, 5, 0, tzinfo=JST))
    chat.say("夜勤の見回りで、共有フォルダのファイル名が全部おかしな拡張子に変わっているのに気づきました")
    chat.say("気づいたのは4時半ごろ。ファイルが変わったのは夜中の1時ごろみたいです")
    chat.say("月曜から通所リハは休みにするかも。2日くらい")
    assert chat.answers.occurred_at == "2027-02-20T01"


@pytest.mark.parametrize("text", [
    "うちは海外の患者さんのデータも扱っているんですが、漏えいしたら外国の規制への対応も手伝ってもらえますか？",
    "職員の私物スマホが盗まれたら、助けてもらえるんでしょうか？",
])
def test_an_incident_supposed_with_a_request_for_help_raises_no_alarm(text):
    assert alarm_level(text, FRIDAY_AFTERNOON) != "emergency"


def test_a_cry_for_help_beside_a_report_still_alarms():
    assert alarm_level("助けてください！サーバーのファイルが全部暗号化されています", FRIDAY_AFTERNOON) == "emergency"
