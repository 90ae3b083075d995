"""Longer incident dialogues, through the whole engine (written for these tests after a blind probe, in words of
their own): money lost to a fake invoice asked about as 「そのお金」, staff data only and care going on, a time of the
event corrected in the same breath, a head count said 'about so many', English days closed, a lost thing found
named with a patient-data word, the payment asked after the summary or with a former member of staff as the doer,
and a lockout from mistyped passwords."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.clock import JST


@pytest.fixture
def chat(record_chat):
    return record_chat(dt.datetime(2026, 6, 2, 10, 0, tzinfo=JST))


def test_the_money_sent_to_a_fake_account_is_not_promised(chat):
    chat.say("取引先を名乗るメールで口座が変わりましたと言われ、先週その口座に120万円を振り込んでしまいました", "2026-06-02T10:00")
    reply = chat.say("その代金って保険でカバーされますか？", "2026-06-02T10:04")
    assert "補償の対象となります" not in reply
    assert "パンフレットには記載がありません" in reply


def test_staff_data_only_and_care_going_on_are_filed_as_such(chat):
    chat.say("共有フォルダのファイルが全部読めなくなって、拡張子が変わってます", "2026-06-02T10:00")
    chat.say("患者さんの情報はなくて、職員の名簿だけです。診療は休んではいないです", "2026-06-02T10:03")
    a = chat.answers
    assert a.patient_data == "no" and a.staff_data
    assert a.care_stopped == "no" and a.closure_days == 0


def test_the_time_of_the_event_corrected_in_the_same_breath(chat):
    chat.say("紹介状を違う病院にFAXしてしまいました", "2026-06-02T10:30")
    chat.say("FAXしたのは10時10分で、10時20分に気づきました", "2026-06-02T10:33")
    assert chat.answers.occurred_at == "2026-06-02T10:10" and chat.answers.found_at == "2026-06-02T10:20"
    reply = chat.say("すみません、FAXしたのは10時10分ではなく9時50分でした", "2026-06-02T10:36")
    assert chat.answers.occurred_at == "2026-06-02T09:50"
    assert chat.answers.found_at == "2026-06-02T10:20"  # the noticing stays
    assert chat.answers.patient_data == "yes"  # 「ではなく」 takes back a time, not the data
    assert "9:50" in reply


def test_an_english_count_and_days_closed(chat):
    chat.say("Our server is encrypted and there is a ransom note on every screen.", "2026-06-02T10:00")
    chat.say("Patient data is on it, roughly 3400.", "2026-06-02T10:03")
    reply = chat.say("We will keep the clinic closed tomorrow and the day after.", "2026-06-02T10:06")
    a = chat.answers
    assert a.affected_people == 3400
    assert a.closure_days == 2
    assert "パンフレットの記載" not in reply  # a statement, not a question to answer from the pamphlet


def test_a_lost_thing_found_with_a_patient_word_is_a_false_alarm_to_confirm(chat):
    chat.say("検査の同意書が1枚見当たりません", "2026-06-02T10:00")
    reply = chat.say("見つかりました！患者さんのファイルに紛れてました", "2026-06-02T10:05")
    assert "誤報" in reply and "閉じますか" in reply


def test_the_payment_asked_after_the_summary_is_the_records(chat):
    chat.say("電子カルテのサーバーが暗号化されました。昨日から休診しています", "2026-06-02T10:00")
    chat.say("患者情報は関係あります", "2026-06-02T10:03")
    chat.say("まとめ", "2026-06-02T10:06")
    reply = chat.say("で、日医の支援金はいくらもらえますか", "2026-06-02T10:09")
    assert "どちらに当たりますか" not in reply
    assert "万円" in reply


def test_a_former_member_of_staff_as_the_doer_gets_the_internal_crime_rule(conversation):
    reply = conversation(dt.datetime(2026, 6, 2, 10, 0, tzinfo=JST))(
        "退職した職員のアカウントで電子カルテに入られた形跡があります。元職員がやったとしても支援金はもらえますか")
    assert "内部犯罪" in reply and "記載がありません" in reply


def test_a_lockout_from_mistyped_passwords_raises_no_alarm(conversation):
    reply = conversation(dt.datetime(2026, 6, 2, 10, 0, tzinfo=JST))(
        "受付の人がパスワードを何度か間違えたら、レセコンがロックされてしまいました。ウイルスではないですよね？")
    assert "今すぐお電話ください" not in reply
    assert "0120-179-066" in reply


def test_a_day_taken_back_that_was_the_events_moves_the_event_not_the_noticing(chat):
    chat.say("委託先のシステム会社から、当院のNASが外部と怪しい通信をしていると電話がありました", "2026-06-02T07:00")
    chat.say("電話が来たのは今朝6時半です。怪しい通信は5月30日の夜9時ごろからだそうです", "2026-06-02T07:04")
    assert chat.answers.occurred_at == "2026-05-30T21"
    reply = chat.say("ごめんなさい、5月30日ではなく5月29日でした", "2026-06-02T07:08")
    assert chat.answers.occurred_at == "2026-05-29T21"
    assert chat.answers.found_at == "2026-06-02T06:30"
    assert "2026年5月30日 21時ごろ → 2026年5月29日 21時ごろ" in reply


def test_an_hour_after_midday_with_its_day_is_in_the_afternoon(chat):
    chat.say("訪問看護の車から患者さんのファイルが入ったカバンを盗まれました", "2026-06-02T18:00")
    chat.say("盗まれたのは今日のお昼の3時ごろです", "2026-06-02T18:03")
    assert chat.answers.occurred_at == "2026-06-02T15"


def test_care_declined_in_keigo_is_care_going_on(chat):
    chat.say("電子カルテのサーバーが暗号化されたようです", "2026-06-02T09:00")
    chat.say("外来は通常どおり行っており、休診はいたしません", "2026-06-02T09:04")
    assert chat.answers.care_stopped == "no" and chat.answers.closure_days == 0
