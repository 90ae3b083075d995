"""When the incident happened, kept apart from when it was noticed (dialogues written for these tests):
the notice's 事故発生の日時 is filled when staff say it, the JMA payment is computed for the day of the
event, a correction of one moment leaves the other, and the times of other things (a call made, the
last time a lost laptop was seen) are neither."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.clock import JST


@pytest.fixture
def chat(record_chat):
    return record_chat(dt.datetime(2026, 12, 6, 10, 0, tzinfo=JST))


def test_the_event_and_its_noticing_said_together_fill_two_lines_of_the_notice(chat):
    chat.say("うちのアドレスから患者さんに変なメールが送られてます", "2026-12-06T10:00")
    reply = chat.say("送られ始めたのは一昨日の夜10時で、気づいたのは昨晩です", "2026-12-06T10:02")
    assert chat.answers.occurred_at == "2026-12-04T22"
    assert chat.answers.found_at.startswith("2026-12-05")
    assert "事故が起きた日時：2026年12月4日 22時ごろ" in reply
    summary = chat.say("まとめ", "2026-12-06T10:05")
    assert "事故発生の日時：2026年12月4日 22時ごろ（発見：2026年12月5日 夜）" in summary
    assert "計算に使った日：2026年12月4日（事故が起きた日）" in summary


@pytest.mark.parametrize(("report", "occurred", "found"), [
    # a log dates the intrusion; the noticing is this morning
    ("昨日の夜に知らない端末からログインした記録が残ってます。今朝気づきました", "2026-12-05 夜", "2026-12-06 朝"),
    ("Our EHR has been down since last night, we found a ransom note this morning", "2026-12-05 夜", "2026-12-06 朝"),
    ("一昨日の夜から、うちの名前で変なSMSが患者さんに届いているみたいです", "2026-12-04 夜", None),
    ("ひったくられたのは今朝の8時40分ごろです。カバンに患者さんの名簿が入ってました", "2026-12-06T08:40", None),
    # an act on one day, the trouble it caused on a later one: the later day is when it was noticed
    ("木曜の夜に届いた請求書メールの添付を開いてしまい、今日になってPCの動きがおかしいです", "2026-12-03 夜", "2026-12-06"),
    ("火曜に事務のPCでフリーソフトを入れたら、昨日の昼から勝手に広告が出て止まらないです", "2026-12-01", "2026-12-05 昼"),
])
def test_a_first_report_that_tells_when_it_happened_fills_the_event_moment(chat, report, occurred, found):
    chat.say(report, "2026-12-06T10:00")
    assert chat.answers.occurred_at == occurred
    if found is not None:
        assert chat.answers.found_at == found


def test_a_correction_of_when_it_happened_leaves_when_it_was_noticed(chat):
    chat.say("電子カルテが暗号化されて開けません。今朝気づきました", "2026-12-06T10:00")
    chat.say("まとめ", "2026-12-06T10:02")
    reply = chat.say("訂正：発生は一昨日の夜でした", "2026-12-06T10:05")
    assert chat.answers.occurred_at == "2026-12-04 夜"
    assert chat.answers.found_at == "2026-12-06 朝"
    assert "事故が起きた日時：2026年12月4日 夜" in reply
    history = [c.field for c in chat.store.get_incident(chat.incident_id).history]
    assert "occurred_at" in history


@pytest.mark.parametrize(("report", "found"), [
    ("電話したのは昨日の夜です。ランサムウェアでした", None),  # a call made is no event
    ("最後に使ったのは昨日の夕方ですが、今朝ノートPCが見当たりません", "2026-12-06 朝"),  # last seen is no noticing
    ("バックアップは先週金曜日のものが残っています。今朝サーバーが暗号化されてるのに気づきました", "2026-12-06 朝"),
])
def test_times_of_other_things_are_not_when_it_happened(chat, report, found):
    chat.say(report, "2026-12-06T10:00")
    assert chat.answers.occurred_at is None
    if found is not None:
        assert chat.answers.found_at == found
    summary = chat.say("まとめ", "2026-12-06T10:05")
    assert "事故発生の日時：【未確認】" in summary


def test_a_log_read_beside_the_noticing_dates_the_event(chat):
    chat.say("予約サイトのトップページが知らない画像に書き換えられています", "2026-12-06T10:00")
    chat.say("見つけたのは今朝8時ですが、サーバーの履歴を見ると12月4日の夜11時には書き換わっていました", "2026-12-06T10:03")
    assert chat.answers.found_at == "2026-12-06T08"
    assert chat.answers.occurred_at == "2026-12-04T23"


def test_a_month_said_without_its_day_is_kept_as_a_month(chat):
    chat.say("去年の11月ごろに受付PCがウイルスに感染していたようです。今日、業者の点検で分かりました", "2026-12-06T10:00")
    assert chat.answers.occurred_at == "2025-11-01 month"
    summary = chat.say("まとめ", "2026-12-06T10:03")
    # no day anyone said is written as one: the notice keeps the month, the payment says which day it used
    assert "事故発生の日時：2025年11月（日は未確認）" in summary
    assert "2025年11月1日（事故が起きた日。日が未確認のため、その月の1日で計算しました）" in summary
    english = chat.say("Can I have the summary in English?", "2026-12-06T10:05")
    assert "Happened: November 2025 (day not known)" in english


@pytest.mark.parametrize(("report", "occurred", "shown"), [
    ("退職した職員が患者名簿をUSBで持ち出していました。持ち出したのは10月末です。今朝気づきました", "2026-10-21 month 下旬", "2026年10月下旬"),
    ("先月の中旬から、受付のPCが勝手に外部と通信していたとシステム業者から報告がありました", "2026-11-11 month 中旬", "2026年11月中旬"),
    ("Our former nurse copied the patient list to her phone in early November, we found out this morning",
     "2026-11-01 month 上旬", "2026年11月上旬"),
])
def test_a_part_of_a_month_is_kept_as_that_part(chat, report, occurred, shown):
    chat.say(report, "2026-12-06T10:00")
    assert chat.answers.occurred_at == occurred
    summary = chat.say("まとめ", "2026-12-06T10:03")
    # the part said is written, never a day no one said
    assert f"事故発生の日時：{shown}（日は未確認）" in summary


def test_a_part_of_a_month_said_as_an_answer_dates_the_payment_and_the_english_summary(chat):
    chat.say("電子カルテのサーバーがランサムウェアに感染していました", "2026-12-06T10:00")
    chat.say("感染したのは去年の12月下旬だったようです。気づいたのは今朝です", "2026-12-06T10:02")
    assert chat.answers.occurred_at == "2025-12-21 month 下旬"
    summary = chat.say("まとめ", "2026-12-06T10:05")
    assert "2025年12月21日（事故が起きた日。日が未確認のため、下旬の初日で計算しました）" in summary
    english = chat.say("Can I have the summary in English?", "2026-12-06T10:07")
    assert "Happened: late December 2025 (day not known)" in english


def test_a_noticing_moment_taken_back_beside_another_correction(chat):
    chat.say("予約システムに不正ログインされた形跡があります。見つけたのは今日の夕方6時です", "2026-12-06T20:00")
    assert chat.answers.found_at == "2026-12-06T18"
    chat.say("訂正です。件数は400件でした。あと見つけたのは夕方6時じゃなくて5時", "2026-12-06T20:05")
    assert chat.answers.found_at == "2026-12-06T17"
