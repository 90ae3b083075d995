"""The triage as an outside tester's dialogues found it (written for these tests, through the whole
engine): a count or a kind taken back is not the one kept, a party said to be irrelevant or unreachable
was told nothing, a maybe is no day closed, a question about a line or a deadline gets its answer, and a
step the staff say is done is thanked for with the next ones."""

from __future__ import annotations

import datetime as dt

import pytest

from handlers.messages import Inbound
from knowledge.clock import JST

WEDNESDAY = dt.datetime(2026, 12, 2, 11, 0, tzinfo=JST)


@pytest.fixture
def chat(record_chat):
    return record_chat(WEDNESDAY)


@pytest.mark.parametrize(("report", "first", "correction", "count"), [
    ("Our reception PC files are encrypted and there is a ransom note", "About 200 patients' records are on it",
     "Sorry, correction: it was around 350 patients, not 200.", 350),
    ("電子カルテがランサムウェアで暗号化されました", "患者さん約50件分です", "件数は間違いでした、50じゃなくて500です", 500),
])
def test_a_count_taken_back_is_replaced_not_withdrawn(chat, report, first, correction, count):
    chat.say(report)
    chat.say(first)
    reply = chat.say(correction)
    a = chat.answers
    assert (a.patient_data, a.affected_people) == ("yes", count)
    assert "誤報" not in reply  # a wrong count is no false alarm


def test_a_kind_taken_back_is_not_the_one_kept(chat):
    chat.say("受付のPCに「ウイルスに感染しました、サポートに電話を」って画面が出て消えません")
    chat.say("ランサムウェアじゃなくて、ただの画面ロック型の詐欺広告かもしれないと情シスが言ってます")
    assert chat.answers.kind != "ransomware"


def test_a_body_said_to_be_irrelevant_was_not_notified(chat):
    chat.say("患者さんの検査結果を別の患者さんに郵送してしまいました")
    chat.say("患者さん本人にはまだ言ってません。警察は関係ないですよね")
    assert "police" not in (chat.answers.notified or [])


def test_a_vendor_who_could_not_be_reached_was_told_nothing(chat):
    chat.say("サーバーが暗号化されてランサムの画面が出てます")
    chat.say("業者は寝てて連絡つかへん")
    assert "vendor" not in (chat.answers.told or [])


def test_a_colloquial_dont_know_leaves_the_data_unknown(chat):
    chat.say("パソコンが全部固まって英語の画面が出てる")
    chat.say("かんじゃじょうほうわかんない　きづいたのさっき")
    assert chat.answers.patient_data == "unknown"


@pytest.mark.parametrize(("message", "care", "days"), [
    ("今日は祝日で休みやけど明日は開けられんかも", "unknown", None),  # the holiday is no closure; tomorrow is a maybe
    ("If the EHR is still down we will stay closed 2 days.", "unknown", None),
    ("今日は午前から外来止めてます", "yes", 1),
])
def test_a_closure_is_what_was_decided(chat, message, care, days):
    chat.say("電子カルテがランサムウェアで暗号化されました")
    chat.say(message)
    a = chat.answers
    assert (a.care_stopped, a.closure_days) == (care, days)


@pytest.mark.parametrize("question", ["日医の窓口もう開いちょる？", "日医の窓口って今電話できますか", "もう一回きくけど、日医って今つながる？"])
def test_whether_a_line_answers_now_is_answered_mid_triage(chat, question):
    chat.say("電子カルテがランサムウェアで暗号化されました")
    reply = chat.say(question)
    assert "0120-179-066" in reply and "受付中" in reply


def test_by_when_a_report_is_owed_is_answered_mid_triage(chat):
    chat.say("患者さんの検査結果を別の患者さんにメールで送ってしまいました")
    reply = chat.say("個人情報保護委員会への報告っていつまでですか？")
    assert "目安の期限" in reply and "【パンフレット外の情報】" in reply


@pytest.mark.parametrize(("report", "done", "thanked", "next_step"), [
    ("電子カルテのサーバーがランサムウェアで暗号化されました", "あ、あとLANケーブルは抜きました", "ネットワークからの切り離しは済んでいる",
     "再起動・初期化"),
    ("院長のメールが乗っ取られたみたいで勝手にメールが送られてます", "パスワードは変更しました", "パスワードの変更は済んでいる",
     "ログイン履歴"),
])
def test_a_step_said_done_is_thanked_for_with_the_next(chat, report, done, thanked, next_step):
    chat.say(report)
    reply = chat.say(done)
    assert thanked in reply and next_step in reply


def test_a_restart_told_asks_for_no_more(chat):
    chat.say("電子カルテのサーバーがランサムウェアで暗号化されました")
    reply = chat.say("Wi-Fiのパスワード変えてルーター再起動しました")
    assert "すぐに次をお願いします" in reply and "再起動・初期化" in reply


@pytest.mark.parametrize("text", [
    "不正アクセスされたかもしれない時に、専門の調査会社（フォレンジック？）に調べてもらう費用って出ますか",
    "もし職員が他院からの紹介状（紙）を電車に置き忘れて患者の情報が漏れたかもしれん、ってなったら、こういうのも対象？",
])
def test_a_supposed_incident_asked_about_opens_no_record(retrieval_engine, text):
    reply = retrieval_engine.handle(Inbound(session_key=f"h:{hash(text)}", text=text, at=WEDNESDAY, channel="eval"))
    assert not reply.is_emergency and reply.incident_id is None


def test_a_summary_asked_after_a_false_alarm_says_the_record_is_closed(chat):
    chat.say("電子カルテのサーバーがランサムウェアで暗号化されました")
    chat.say("誤報です")
    chat.say("はい")
    reply = chat.say("まとめ")
    assert "「誤報」として閉じています" in reply and "万円" not in reply
    assert "お答えできません" not in reply


def test_a_summary_asked_with_no_record_says_there_is_none(chat):
    reply = chat.say("まとめ")
    assert "記録はまだありません" in reply and "0120-318-258" in reply


def test_a_payment_question_naming_the_jma_is_no_question_of_its_line(chat):
    reply = chat.say("電子カルテのデータが暗号化された件で、日医の一時金を申請するつもりです。その前提として、どこに何を出しておく必要がありますか")
    assert "厚生労働省" in reply and "時点の受付状況" not in reply


def test_a_bcc_not_used_is_a_mis_send_whose_negation_denies_no_data(chat):
    reply = chat.say("患者さん45人に一斉送信したメールがBCCになっていませんでした")
    a = chat.answers
    assert a.kind == "misdelivery" and (a.patient_data, a.affected_people) == ("yes", 45)
    assert "誤って送った相手に連絡" in reply


@pytest.mark.parametrize(("report", "answer"), [
    ("受付のPCに変な画面が出て動きません", "患者情報はそのPCにはない"),
    ("受付のPCに変な画面が出て動きません", "患者の情報は無い"),
    ("Our website has been defaced, it shows a strange page", "I don't think any patient data is on the web server."),
    ("Our website has been defaced, it shows a strange page", "Patient data isn't on that server"),
])
def test_patient_data_denied_in_a_plain_or_hedged_form_is_no(chat, report, answer):
    chat.say(report)
    chat.say(answer)
    assert chat.answers.patient_data == "no"  # not 関係あり, which would put patients in the notice as victims


def test_remote_control_given_mid_triage_gets_the_steps_for_it_at_once(chat):
    chat.say("ウイルスかも")
    chat.say("画面に警告がでて電話しろって")
    reply = chat.say("電話しちゃった。遠隔操作させた")
    assert "すぐに次をお願いします" in reply
    assert "ネットワークから切り離" in reply and "別の安全な端末から変更" in reply


def test_a_summary_asked_while_a_false_alarm_awaits_its_yes_drafts_no_accident_notice(chat):
    chat.say("朝来たらネットが全部つながらない。電子カルテも止まってる")
    chat.say("間違いでした。清掃の方がルーターのコンセントを抜いていただけでした")
    reply = chat.say("まとめ")
    assert "誤報" in reply and "事故のご通知" not in reply and "一時支援金" not in reply
    assert "清掃の方がルーターのコンセントを抜いていただけ" in reply  # what was told, the withdrawal included
    chat.say("はい")
    assert chat.store.get_incident(chat.incident_id).status == "false_alarm"


def test_a_question_left_unanswered_three_times_waits_while_the_next_is_asked(chat):
    chat.say("受付のPCのファイルが全部暗号化されて、身代金を要求する画面が出ています")  # asks about patient data
    assert "関係していそう" in chat.say("気づいたのは今朝9時です")  # asked again (other facts told)
    reply = chat.say("院長と事務長には伝えました")  # a third time would nag: the next open question instead
    assert "診療は止まっていますか" in reply and "関係していそう" not in reply
    chat.say("診療は止めていません")
    chat.say("警察にはまだです")
    assert "患者さん" in chat.say("保険会社にも連絡しました")  # and it comes round again
    assert chat.answers.patient_data is None


def test_patient_data_taken_back_right_after_it_was_said_is_no(chat):
    chat.say("サーバーの中のファイルが全部開けなくなっていて、知らない拡張子になっています")
    chat.say("患者さんのデータ入ってます")
    reply = chat.say("いや、すみません、入ってないです。そのサーバーは事務の書類だけでした")
    assert chat.answers.patient_data == "no" and "関係あり → 関係なし" in reply


def test_a_party_denied_then_told_in_the_same_breath_is_told(chat):
    chat.say("サーバーの中のファイルが全部開けなくなっていて、知らない拡張子になっています")
    chat.say("警察には言ってません…あ、いや、昨日、生活安全課に電話で相談してました")
    assert chat.answers.notified == ["police"]


def test_a_vendor_to_be_told_tomorrow_does_not_know_yet(chat):
    chat.say("サーバーの中のファイルが全部開けなくなっていて、知らない拡張子になっています")
    chat.say("業者には明日の朝言います")
    assert chat.answers.told is None


def test_a_count_not_known_yet_is_no_answer_about_care(chat):
    chat.say("サーバーの中のファイルが全部開けなくなっていて、知らない拡張子になっています")
    chat.say("患者さんのデータは入ってます")  # the next question is about care
    chat.say("何人分かは今のところ分かりません")
    assert chat.answers.care_stopped is None
