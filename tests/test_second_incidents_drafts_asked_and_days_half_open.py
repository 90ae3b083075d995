"""A second incident told into an open record, a draft asked for (no call made), when it happened
corrected, a day only new patients were turned away, and where the JMA payment is applied for.

Wordings are new (not those of the probes, 45 and 46, that found the faults); all but a few failed before the change
(those few guard a wording that already worked beside one that did not)."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.clock import JST
from tests.chats import alarm_level

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


@pytest.mark.parametrize("correction, day", [
    (None, "2027-06-10"),  # 「おととい、…履歴が残っていました」: the moment set off by a comma dates the log's event
    ("すみません、訂正です。おとといではなく、不正なアクセスは6月9日でした", "2027-06-09"),
    ("Correction: not the day before yesterday, the intrusion was on June 9.", "2027-06-09"),
])
def test_the_events_day_is_filed_apart_from_the_noticing_and_corrected_as_such(record_chat, correction, day):
    chat = record_chat(START)
    chat.say("職員のメールアカウントが乗っ取られたかもしれません")
    chat.say("おととい、深夜にベトナムから管理画面に入られた履歴が残っていました")
    if correction:
        chat.say(correction)
    assert chat.answers.occurred_at is not None and chat.answers.occurred_at.startswith(day)
    assert chat.answers.found_at is None or not chat.answers.found_at.startswith(day)


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


# --- the payment scheme's questions in context ----------------------------------------------------


def test_a_deadline_the_pamphlet_does_not_give_points_to_the_schemes_office_not_the_agent(conversation):
    say = conversation(dt.datetime(2027, 6, 14, 10, 0, tzinfo=JST))
    reply = say("日医の一時支援金って、申請の締め切りはいつまでですか？")
    assert "記載" in reply and "日本医師会情報システム課" in reply
    assert "取扱代理店" not in reply


def test_how_to_prove_the_days_closed_after_the_amount_is_a_question_about_the_scheme(conversation):
    say = conversation(dt.datetime(2027, 6, 14, 10, 0, tzinfo=JST))
    say("不正アクセスの被害で6月3日と4日の2日間休診しました。支援金はいくらですか")
    reply = say("休んだ日数って、何かで証明しないといけないんですか？")
    assert "日本医師会情報システム課" in reply
    assert "休業損害証明書" not in reply  # the insurance's claim documents are no proof for the JMA


def test_the_leak_payment_asked_beside_the_attacks_is_refused_by_the_pamphlets_rule(conversation):
    say = conversation(dt.datetime(2027, 6, 14, 10, 0, tzinfo=JST))
    say("サイバー攻撃で6月1日に1日休診しました。支援金はいくらもらえますか")
    reply = say("同じ攻撃で名簿も流出していたら、漏えいの5万円も同時にもらえますか？")
    assert "対象になりません" in reply
    assert "合計: 20万円" in reply


@pytest.mark.parametrize("question", ["うちは介護医療院ですが、支援金の対象になりますか？",
                                      "非常勤の先生がA①会員なんですけど、うちの診療所も支援金の対象になりますか？"])
def test_whose_facilities_the_payments_are_for_is_answered_by_the_rule(conversation, question):
    say = conversation(dt.datetime(2027, 6, 14, 10, 0, tzinfo=JST))
    reply = say(question)
    assert "A①会員が開設・管理する医療機関および介護サービス施設・事業所が対象です" in reply


def test_membership_asked_inside_an_incident_gets_the_rule_not_the_cover(record_chat):
    chat = record_chat(START)
    chat.say("看護師が別の患者さんの検査結果を渡してしまいました")
    reply = chat.say("院長は日医の会員じゃなくて、副院長が会員なんですが、それで対象になりますか")
    assert "A①会員が開設・管理する" in reply


# --- probe 46: a cry is no answer, a doubt is no report, a group added is no correction ------------


def test_an_exclamation_keeps_the_patient_data_and_a_mailbox_sending_spam_is_another_incident(record_chat):
    chat = record_chat(START)
    chat.say("Someone broke into our car and took the clinic's tablet with about 25 patients' home-visit notes on it.")
    chat.say("Oh no, and one more thing: the front desk says our clinic e-mail account is sending spam to patients right now.")
    assert chat.answers.patient_data == "yes" and chat.answers.affected_people == 25
    assert chat.answers.also_kinds == ["account_takeover"]


def test_a_doubt_about_encryption_is_no_ransomware(record_chat):
    chat = record_chat(START)
    chat.say("A USB stick with last month's lab results is missing from the nurses' station.")
    chat.say("It had a simple password, but I do not think the stick itself is encrypted.")
    assert chat.answers.kind == "lost_device"
    assert "ransomware" not in chat.answers.also_kinds


def test_a_count_corrected_then_a_group_added_keeps_the_corrected_count(record_chat):
    chat = record_chat(START)
    chat.say("健診結果の封筒を、別の会社に郵送してしまいました。4人分です")
    chat.say("ごめんなさい、4人じゃなかったです。6人分でした。あと問診票も3人分入ってました")
    assert chat.answers.affected_people == 6


def test_days_of_new_patients_refused_told_with_their_own_count_add_to_the_days_closed(record_chat):
    chat = record_chat(START)
    chat.say("電子カルテがランサムウェアで暗号化されました")
    chat.say("全面的に休診したのは3日、そのあとの1日は新患だけお断りして再診は診ました")
    assert chat.answers.closure_days == 4


def test_a_facility_run_by_a_member_asked_after_a_refusal_gets_whose_facilities_the_payments_are_for(conversation):
    say = conversation(dt.datetime(2027, 6, 14, 10, 0, tzinfo=JST))
    say("医師会に入っていない先生の歯科医院ですが、日医の支援金はもらえますか？")
    reply = say("じゃあ、A①の先生が開設したデイケアならどう？")
    assert "A①会員が開設・管理する医療機関および介護サービス施設・事業所が対象です" in reply
    assert "取扱代理店" not in reply


# --- another patient's data on a screen, and a count someone else tells ------------------------------


def test_another_patients_data_shown_on_a_screen_is_a_leak_of_patient_data(record_chat):
    chat = record_chat(START)
    chat.say("問診アプリで、次に入力した患者さんの画面に前の患者さんの住所と病名が出てくるそうです")
    assert chat.answers.kind == "data_leak"
    assert chat.answers.patient_data == "yes"


def test_a_count_the_vendor_gives_is_the_count(record_chat):
    chat = record_chat(START)
    chat.say("オンライン予約のページで、他の患者さんの予約が見えてしまっていたと連絡がありました")
    chat.say("ページはもう閉じました。見えていたのは多くて150人分くらいだと業者さんが言っています")
    assert chat.answers.affected_people == 150


@pytest.mark.parametrize("question", ["ランサムウェアで外来を止めた間の予約キャンセル分は補償されますか",
                                      "不正アクセスでシステムが止まっていた間の人件費は出ますか"])
def test_a_question_about_the_time_an_incident_lasted_raises_no_alarm(question):
    """「…止めた間の…は補償されますか」 asks about a case (like 「…した場合」), it reports none."""
    assert alarm_level(question, START) != "emergency"


def test_a_polite_call_for_help_after_a_report_gets_the_steps_and_no_not_found_line(record_chat):
    chat = record_chat(START)
    reply = chat.say("事務長です。受付の職員が、知人の患者さんの検査結果を業務と関係なく閲覧していたことがログで分かりました。"
                     "どのように対応したらよろしいでしょうか。")
    assert "次のことをお願いします" in reply
    assert "記載が見つかりませんでした" not in reply


@pytest.mark.parametrize("protected", ["持ち出したノートパソコンはBitLockerで暗号化されていました",
                                       "なくしたUSBメモリは暗号化されていたので、中は見られないと思います"])
def test_a_lost_things_encryption_told_later_is_its_protection_not_ransomware(record_chat, protected):
    chat = record_chat(START)
    chat.say("訪問診療の帰りに、患者さんの情報が入ったノートパソコンとUSBメモリを電車に置き忘れました")
    chat.say(protected)
    assert chat.answers.kind == "lost_device"
    assert chat.answers.also_kinds == []


@pytest.mark.parametrize("first, told, correction, still_knows", [
    ("職員のパソコンがウイルスに感染したようです", "看護師長と院長には報告済みです",
     "訂正です。院長にも報告したと書きましたが、院長は海外出張中でまだ伝わっていません。報告したのは事務長です", "事務長"),
    # (the one away, then said not told in the next clause)
    ("受付のパソコンで不審な添付ファイルを開いてしまいました", "看護師長と院長には伝えました",
     "ごめんなさい、院長は学会で出張中で、まだ伝わっていませんでした", "看護師長"),
])
def test_someone_away_and_not_yet_told_is_taken_off_the_people_who_know(record_chat, first, told, correction, still_knows):
    chat = record_chat(START)
    chat.say(first)
    chat.say(told)
    chat.say(correction)
    assert "院長" not in chat.answers.told_people
    assert still_knows in chat.answers.told_people


def test_files_encrypted_with_something_strange_still_raise_the_alarm():
    """The words that make encryption a protection (BitLocker, 「パスワード付きで暗号化」) do not swallow an attack's."""
    assert alarm_level("All our files were encrypted with a strange extension this morning", START) == "emergency"
    assert alarm_level("サーバーのファイルが全部、見たことのない拡張子で暗号化されています", START) == "emergency"
