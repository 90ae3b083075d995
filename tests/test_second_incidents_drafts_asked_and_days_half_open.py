"""A second incident told into an open record, a draft asked for (no call made), when it happened
corrected, a day only new patients were turned away, and where the JMA payment is applied for.

Wordings are new (not those of the probe that found the faults); each test failed before the change."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.clock import JST

START = dt.datetime(2027, 6, 12, 15, 0, tzinfo=JST)  # a Saturday afternoon


# --- another incident told into the same record -------------------------------------------------


def test_a_second_kind_of_incident_told_mid_triage_gets_its_own_steps_and_stands_in_the_notice(record_chat):
    chat = record_chat(START)
    chat.say("事務の職員が退職前に患者さんの名簿をこっそりUSBに移して持って帰っていたようです")
    reply = chat.say("それとは関係あるかわかりませんが、予約サイトのトップページが今朝から見知らぬ文章に書き換えられています")
    assert chat.answers.kind == "insider"  # the first incident stays what it was
    assert chat.answers.also_kinds == ["defacement"]
    assert "ウェブサイトの改ざんについて、次のこともお願いします" in reply
    assert "公開を止めて" in reply  # the tampered page's own first step, not only the insider's
    summary = chat.say("まとめ")
    assert "あわせて起きたこと：ウェブサイトの改ざん" in summary
    notice = summary[summary.index("事故のご通知"):]
    assert "あわせて、ウェブサイトの改ざん" in notice


def test_a_step_done_with_a_word_of_loss_is_no_second_incident(record_chat):
    """「ブレーカーを落とした」 switches power off; nothing was lost."""
    chat = record_chat(START)
    chat.say("ランサムウェアです。受付のパソコンのファイルが全部開けなくなりました")
    chat.say("念のため、事務室のブレーカーを落としておきました")
    assert chat.answers.also_kinds == []
    assert chat.answers.kind == "ransomware"


# --- a document asked for is no call made ---------------------------------------------------------


@pytest.mark.parametrize("request_text", [
    "損保ジャパン宛ての事故通知の下書きを作っていただけますか",
    "保険会社に出す書面の案をお願いします",
    "Could you prepare the written notification for the insurer?",
])
def test_asking_for_the_insurers_notice_does_not_record_the_insurer_as_told(record_chat, request_text):
    chat = record_chat(START)
    chat.say("当院の名前で、患者さんに偽の請求メールが送られているようです")
    chat.say("まだどこにも連絡していません")
    chat.say(request_text)
    assert "insurer" not in (chat.answers.notified or [])
    summary = chat.say("まとめ")
    assert "連絡済みの先：まだどこにも連絡していない" in summary
    assert "電話での連絡は済み" not in summary


# --- when it happened, apart from when it was noticed ---------------------------------------------


def test_a_moment_set_off_before_a_log_dates_the_event(record_chat):
    chat = record_chat(START)
    chat.say("職員のメールアカウントが乗っ取られたかもしれません")
    chat.say("おととい、深夜にベトナムから管理画面に入られた履歴が残っていました")
    assert chat.answers.occurred_at is not None and chat.answers.occurred_at.startswith("2027-06-10")
    assert chat.answers.found_at is None or not chat.answers.found_at.startswith("2027-06-10")


@pytest.mark.parametrize("correction", [
    "すみません、訂正です。おとといではなく、不正なアクセスは6月9日でした",
    "Correction: not the day before yesterday, the intrusion was on June 9.",
])
def test_a_corrected_day_of_the_event_moves_the_event_not_the_noticing(record_chat, correction):
    chat = record_chat(START)
    chat.say("職員のメールアカウントが乗っ取られたかもしれません")
    chat.say("おととい、深夜にベトナムから管理画面に入られた履歴が残っていました")
    chat.say(correction)
    assert chat.answers.occurred_at is not None and chat.answers.occurred_at.startswith("2027-06-09")
    assert chat.answers.found_at is None or not chat.answers.found_at.startswith("2027-06-09")


# --- a day only new patients were refused counts ----------------------------------------------------


@pytest.mark.parametrize("correction, days", [
    ("訂正します。丸一日閉めたのは1日だけで、翌日は再診の方だけ診て初診はお断りしました", 2),
    ("Sorry, a correction: we were fully closed for 1 day; the following day we only saw follow-up patients, no new patients.", 2),
])
def test_a_day_new_patients_were_refused_after_a_day_closed_is_a_second_day(conversation, correction, days):
    say = conversation(dt.datetime(2027, 6, 14, 10, 0, tzinfo=JST))
    say("6月7日にサイバー攻撃を受けて3日休診しました。日医の支援金はいくらですか")
    reply = say(correction)
    assert f"休業{days}日による追加" in reply
    assert f"合計: {10 + 10 * days}万円" in reply


# --- where the payment is applied for -------------------------------------------------------------


@pytest.mark.parametrize("question", ["申請はどこにすればいいんですか？", "Where should we apply?"])
def test_where_to_apply_after_the_payment_gets_the_jma_office(conversation, question):
    say = conversation(dt.datetime(2027, 6, 14, 10, 0, tzinfo=JST))
    say("ランサムウェアの被害で2日休診しました（6月2日）。支援金はいくらになりますか")
    reply = say(question)
    assert "日本医師会情報システム課" in reply
    assert "メンバーズルーム" in reply
    assert "取扱代理店" not in reply


def test_where_to_file_with_the_ministry_inside_an_incident_gets_the_schemes_pointers(record_chat):
    chat = record_chat(START)
    chat.say("電子カルテのサーバーが暗号化されて、身代金を要求する画面が出ています")
    reply = chat.say("厚労省への届出って、どこに出せばいいんでしょうか")
    assert "日本医師会情報システム課" in reply
    assert "記載が見つかりませんでした" not in reply
