"""Found by a blind tester of incident dialogues: the triage reads whose fact an answer states and
what a question inside it asks. Dialogues written for these tests, through the whole engine."""

from __future__ import annotations

import pytest


SUNDAY = "2031-06-15T09:30"
HOLIDAY = "2031-09-15T11:00"
NEW_YEAR = "2032-01-01T20:55"
THURSDAY_EVENING = "2031-06-12T20:50"


def test_a_closure_denied_in_dialect_counts_no_day(chat):
    chat.say("院長のメールアカウントが乗っ取られて、患者さんに変なメールが送られとる", SUNDAY)
    reply = chat.say("患者さんのアドレスが300件くらい入っとる。月曜は休診にはせえへんつもりや", SUNDAY)
    a = chat.record.answers
    assert a.closure_days in (None, 0) and a.care_stopped != "yes"
    assert "休業1日" not in reply and "20万円" not in reply


def test_a_vendor_closed_and_unreachable_is_no_closure_of_ours_and_not_told(chat):
    chat.say("A fake pop-up on our hospital website asks visitors to enter their card numbers.", HOLIDAY)
    chat.say("We noticed it at 8am today. Our web vendor is closed for the holiday and we can't reach them.", HOLIDAY)
    a = chat.record.answers
    assert a.care_stopped != "yes" and not a.closure_days
    assert "vendor" not in (a.told or [])


def test_no_sign_of_a_leak_keeps_the_outage_what_it_is(chat):
    chat.say("ナースコールと電子カルテが全部止まってしもた。業者は正月休みでつながらへん", NEW_YEAR)
    assert "vendor" not in (chat.record.answers.told or [])
    reply = chat.say("患者さんのデータが漏れた形跡は今のところないです。院長には連絡済み", NEW_YEAR)
    assert chat.record.kind == "system_down"
    assert "情報漏えい" not in reply.split("緊急連絡先")[0]


def test_enquiries_counted_are_not_patients_whose_data_leaked(chat):
    chat.say("うちの病院を名乗るフィッシングメールが患者さんに届いているようです")
    chat.say("患者さんから3件問い合わせがあったと。うちのメールサーバがやられたかどうかはわからん")
    assert chat.record.answers.affected_people != 3


def test_letters_are_counted_and_corrected(chat):
    chat.say("診療明細を患者さんに郵送したんですが、別の患者さんの明細が入っていたと電話がありました")
    chat.say("発送作業は昨日です。他の封筒も入れ違ってるかもしれません。全部で45通です")
    assert chat.record.answers.affected_people == 45
    reply = chat.say("すみません、45通じゃなくて54通でした")
    assert chat.record.answers.affected_people == 54 and "約45名 → 約54名" in reply


def test_what_if_it_is_found_is_a_question_about_the_reports_not_a_false_alarm(chat):
    chat.say("グループホームの職員です。入居者12人分の名簿を入れたファイルを、訪問先の病院に置き忘れたみたいです。15時に気づきました")
    reply = chat.say("見つかったら報告しなくていいんですよね？")
    assert chat.record.status != "false_alarm" and "誤報" not in reply
    assert "個人情報保護委員会" in reply


def test_whether_it_is_covered_beside_the_plan_joined_is_the_cover_of_the_event(chat):
    chat.say("歯科医院です。ホームページを開いたら知らない外国語のページに書き換えられています")
    reply = chat.say("これって保険の対象になりますか？うちはH2タイプに入ってます")
    assert chat.record.answers.patient_data is None  # 「入ってます」 is the plan, not patient data
    assert "③サイバー攻撃" in reply and "保険料をお調べします" not in reply


def test_whom_to_call_now_asked_mid_triage_gets_the_lines_open_now(chat):
    chat.say("患者さんの検査データが入ったUSBメモリを帰りの電車でなくしたみたいです", THURSDAY_EVENING)
    chat.say("200人分くらいです", THURSDAY_EVENING)
    reply = chat.say("駅と警察には遺失届を出しました。今からどこに電話すればいいですか？", "2031-06-12T21:08")
    assert "受付状況" in reply and "0120-179-066" in reply and "時間外" in reply
    assert "遺失届・被害届を出してください" not in reply  # done already: the steps are not repeated


def test_an_outage_of_unknown_cause_gets_the_attack_payment_only_as_a_condition(chat):
    chat.say("朝来たら電子カルテもレセコンも全部つながりません。ルーターのランプが赤く点滅してます", "2031-06-12T05:30")
    reply = chat.say("今日の外来は午前休診にしました", "2031-06-12T06:10")
    assert "20万円" in reply and "原因がサイバー攻撃による被害と確認された場合の金額です" in reply


def test_the_vendor_told_and_the_police_not_yet_is_not_nobody_told(chat):
    chat.say("予約システムの管理画面に知らない人がログインして、設定を変えられていました", "2031-06-10T14:00")
    reply = chat.say("気づいたのは今朝9時です。予約システムの会社には連絡済み、警察はまだです", "2031-06-10T14:10")
    assert "・知っている人：システム業者" in reply
    assert "まだ誰にも伝えていない" not in reply and "まだどこにも連絡していない（保険会社・警察・行政など）" in reply


def test_a_person_told_taken_back_is_replaced(chat):
    chat.say("電子カルテのサーバーの画面にビットコインを払えと英語で出てます")
    chat.say("院長には電話しました。電子カルテのベンダーにはまだ連絡してません")
    reply = chat.say("すみません、院長じゃなくて事務長に電話したんでした")
    assert chat.record.answers.told_people == ["事務長"]
    assert "院内の職員（院長） → 院内の職員（事務長）" in reply


def test_a_day_said_only_as_a_maybe_is_no_day_closed_yet(chat):
    chat.say("電子カルテが全部暗号化されて開かん", "2031-06-11T10:15")
    chat.say("患者さんの情報も入っとる。300人くらい", "2031-06-11T10:20")
    chat.say("今日は外来止めた。明日も休むかもしれん", "2031-06-11T10:25")
    assert chat.record.answers.closure_days == 1


def test_no_personal_data_on_a_stolen_laptop_gets_no_leak_payment(chat):
    chat.say("車上荒らしにあって、車に置いていた訪問診療用のノートパソコンを盗まれました", "2031-06-15T04:30")
    chat.say("PC本体には患者データは保存してないはずです", "2031-06-15T04:40")
    reply = chat.say("まとめ", "2031-06-15T04:45")
    assert "個人情報の漏えいがなければ対象になりません" in reply and "5万円" not in reply


@pytest.mark.parametrize("text", [
    "事務長です。医薬品の卸さんから『振込先が変わりました』ってメールが来ていて、今月分の86万円をその新しい口座に振り込んだんですが、"
    "さっき卸さんの担当から電話で、そんなメールは出してないと",
    "A supplier's email said their bank account had changed and we wired 1.2 million yen to the new account. "
    "The supplier says they never sent it.",
])
def test_money_wired_to_a_fraudster_puts_the_bank_first(chat, text):
    reply = chat.say(text, "2031-07-09T16:30")
    first = reply.split("1.", 1)[1].split("\n", 1)[0]
    assert "銀行" in first or "bank" in first
    assert "振り込め詐欺救済法" in reply or "bank" in first  # the outside source is named (in Japanese replies)


def test_a_phishing_report_without_a_transfer_gets_no_bank_step(chat):
    reply = chat.say("うちの病院を名乗るフィッシングメールが患者さんに届いているようです")
    assert "組戻し" not in reply


def test_unknown_mail_in_our_own_sent_folder_is_malware_on_this_pc(chat):
    reply = chat.say("院長のパソコンの送信済みフォルダに、知らないメールが何百通も入ってます")
    assert chat.record.kind == "malware" and "ネットワークから切り離" in reply


def test_an_unknown_said_of_the_data_leaves_the_care_question_open(chat):
    chat.say("職員が業務と関係なく患者さんのカルテを覗いていたことがわかりました", "2031-03-20T05:00")  # asks: care stopped?
    chat.say("外部に漏れたかはまだわかりません。対象の患者さんは1名です", "2031-03-20T05:10")
    assert chat.record.answers.care_stopped is None
    chat.say("まだわからないです", "2031-03-20T05:15")
    assert chat.record.answers.care_stopped == "unknown"
