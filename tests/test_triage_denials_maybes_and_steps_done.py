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


@pytest.mark.parametrize("denial", ["休診はしていません", "患者情報は入っていません"])
def test_a_short_denial_of_another_fact_while_the_bodies_are_asked_tells_nothing_of_them(chat, denial):
    chat.say("退職した職員が患者名簿をUSBで持ち出していたことがわかりました")
    chat.say("気づいたのは昨日の夕方でした")
    chat.say("訂正です、気づいたのは昨日の夜でした")
    chat.say(denial)
    # (「していません」 denies the closure or the data; whether the police or the PPC were told is still open)
    assert chat.answers.notified is None


def test_a_booking_site_showing_patients_each_others_data_gets_the_site_stopped_first(chat):
    reply = chat.say("Web予約システムで、ログインすると別の患者さんの予約内容（名前・電話番号）が表示されると患者さんから連絡がありました")
    steps = reply.split("まず、次のことをお願いします。")[1]
    assert steps.index("公開・共有を止めてください") < steps.index("書き出してください")
    assert "LANケーブル" not in steps
    reply = chat.say("業者に連絡して、13時にサイトを止めました")
    assert "公開（機能）の停止は済んでいる" in reply and "ページの公開停止" not in reply


def test_asking_whether_to_go_to_the_police_tells_nothing_of_the_police(chat):
    chat.say("予約システムに元職員のIDで不正ログインされていました")
    chat.say("元職員は辞めるときに揉めた方なんです。警察にも届けたほうがよいのでしょうか。")
    assert chat.answers.notified is None


@pytest.mark.parametrize("call", ["損保ジャパンの支店に電話したけど出ない", "損保ジャパンに電話しましたが、誰も出ませんでした"])
def test_a_call_nobody_answered_is_no_notice_and_gets_the_line_that_answers_now(record_chat, call):
    chat = record_chat(dt.datetime(2027, 11, 4, 17, 0, tzinfo=JST))  # a Thursday
    chat.say("卸業者を名乗るメールの指示で、振込先を変えて180万円振り込んでしまいました", "2027-11-04T17:00")
    reply = chat.say(call, "2027-11-04T17:20")
    assert "insurer" not in (chat.answers.notified or [])
    # after 17:00 the branch is closed until the next weekday; the desk answers now
    branch = next(line for line in reply.splitlines() if line.startswith("  ☎ 050-3798-1930"))
    assert "時間外（次は 11月5日（金）9:00 から）" in branch
    desk = next(line for line in reply.splitlines() if line.startswith("  ☎ 0120-318-258"))
    assert desk.endswith("受付中")


@pytest.mark.parametrize(("said", "told"), [
    ("これ保険つかえる？業者に見てもらったらお金かかるし", None),  # a telling supposed
    ("業者に連絡したら、すぐ来てくれました", ["vendor"]),  # a telling done, and what followed
])
def test_a_telling_supposed_is_no_telling_and_one_told_with_what_followed_is(chat, said, told):
    chat.say("受付のPCにUSBを差したら、知らないプログラムが勝手に動き出しました")
    chat.say(said)
    assert chat.answers.told == told


def test_another_member_of_staff_counted_is_no_count_of_patients(chat):
    chat.say("受付のパソコンに「ウイルスに感染しました　サポートに電話してください」って画面いっぱいに出て消えません")
    chat.say("実はもう1人の子がさっき電話しちゃってて、言われるままに何かのソフト入れて遠隔で操作されてたみたいです")
    # (「1人の子」 is who called, not one patient whose data is involved)
    assert chat.answers.affected_people is None and chat.answers.patient_data is None


def test_a_shared_sheet_open_to_anyone_gets_the_sharing_stopped_and_a_quoted_question_denies_no_data(record_chat):
    chat = record_chat(dt.datetime(2027, 5, 5, 5, 45, tzinfo=JST))
    reply = chat.say("小児科の看護師です。患者さんのお母さんから「ネットで検索したらこちらの予防接種の予約表が見れるんですけど大丈夫ですか」って"
                     "メールが来とって。確認したら、職員用に作ったGoogleのスプレッドシートが「リンクを知っている全員」になっとったとです。"
                     "子どもの名前と生年月日と電話番号が30人分くらい載っとるけん、どげんしたらよかですか", "2027-05-05T05:45")
    steps = reply.split("まず、次のことをお願いします。")[1]
    assert steps.index("共有設定を「制限付き」に戻す") < steps.index("書き出してください")
    # (the mother's 「大丈夫ですか」 asks; it says nothing of the data)
    assert chat.answers.patient_data == "yes" and chat.answers.affected_people == 30


def test_an_unknown_sender_says_nothing_of_the_data_and_unknown_alone_answers_it(chat):
    chat.say("Our online booking page has been unreachable since 3pm, the web company says it is flooded with traffic")
    chat.say('Now there is also an email from an unknown sender saying "pay 0.5 BTC or we keep your site down".')
    assert chat.answers.patient_data is None
    chat.say("Unknown.")
    assert chat.answers.patient_data == "unknown"


@pytest.mark.parametrize(("report", "said", "urgent"), [
    ("技工所からもらったUSBを差したら、ウイルス対策ソフトがウイルスを見つけたと赤い画面が出ました", "CAD用のPC。隔離しましたって出てる。ネットはつながってる", True),
    # an outage with the line up is no machine left on the network
    ("朝から電子カルテが全部止まっています", "電子カルテは止まってるけどネットはつながってる", False),
])
def test_a_machine_said_to_be_still_online_gets_the_disconnection_at_once(chat, report, said, urgent):
    chat.say(report)
    reply = chat.say(said)
    assert ("すぐに次をお願いします" in reply and "ネットワークから切り離してください" in reply) == urgent


@pytest.mark.parametrize(("said", "notified"), [
    ("一応保険会社にも報告だけしとく。", None),  # to be done
    ("保険会社には明日報告しておきます", None),
    ("保険会社には報告しといた", ["insurer"]),  # done
])
def test_a_telling_said_in_the_future_of_shite_oku_is_not_done_yet(chat, said, notified):
    chat.say("台風の停電のあと、電子カルテのサーバーが立ち上がりません")
    chat.say(said)
    assert chat.answers.notified == notified


def test_money_stopped_at_the_bank_is_no_care_stopped(record_chat):
    chat = record_chat(dt.datetime(2028, 5, 3, 5, 30, tzinfo=JST))
    chat.say("院内のパソコンでネットバンキングを開こうとしたら、いつもと違うログイン画面が出て、IDとパスワードを入れてしもうた", "2028-05-03T05:30")
    chat.say("患者さんの情報は、そのパソコンには入っとらんです", "2028-05-03T05:40")  # the care question comes next
    chat.say("銀行には電話して止めてもろうた。今6時過ぎたけど医師会の番号もうつながる？", "2028-05-03T06:05")
    assert chat.answers.care_stopped is None
