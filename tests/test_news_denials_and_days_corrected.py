"""Found by a blind tester (probe 42): a member of staff who stole data is the ①–③ note's case, not the clinic's
intent; a count taken back with いや still affirms the data; news chat and a likeness to the news; an attack word
denied at once raises no alarm; days closed with the usual days off said beside the question, a part of a day left
out (and said so), and a day added with も. Dialogues written for these tests, through the whole engine."""

from __future__ import annotations

import pytest

from handlers.emergency import detect
from handlers.rulings import ruling_for

MONDAY = "2027-03-08T10:00"


@pytest.mark.parametrize("question", [
    "事務の職員がカルテを盗んで業者に売っとったらしい。うちの病院は補償してもらえるんか？",
    "A nurse stole patient records and sold them. Is the hospital still covered?",
])
def test_a_member_of_staff_who_stole_data_is_the_note_on_the_insured_who_did_it(question):
    ruling = ruling_for(question)
    assert ruling is not None and ruling.id in ("staff_deliberate_act", "insider_acts")


def test_a_count_taken_back_with_iya_still_affirms_the_patient_data(chat):
    chat.say("検査結果の控えを間違えて別の医院にFAXしました。患者さん1人分です", MONDAY)
    chat.say("いや、よく見たら裏にもう1人分ありました。2人分です", MONDAY)
    a = chat.record.answers
    assert (a.patient_data, a.affected_people) == ("yes", 2)


def test_news_told_as_heard_after_a_question_about_it_is_no_emergency():
    assert detect("今朝のニュース見ました？どこかの病院がまたランサムにやられたらしいですよ").level != "emergency"


def test_a_likeness_to_the_news_is_still_our_own_emergency():
    assert detect("テレビのニュースみたいに、うちの電子カルテがランサムウェアにやられました！").level == "emergency"


def test_an_attack_word_denied_at_once_raises_no_alarm():
    assert detect("業者さんに見てもらったら、ウイルスではなかったです。ただの設定ミスでした").level != "emergency"
    assert detect("ウイルスに感染したみたいで、画面が真っ暗なんです").level == "emergency"


def test_an_outage_found_not_an_attack_in_so_many_words_is_offered_to_be_closed(chat):
    chat.say("朝来たら院内のネットが全部つながらなくて、電子カルテも使えません", MONDAY)
    reply = chat.say("回線業者の障害だったそうです。攻撃ではなかったみたいで安心しました", MONDAY)
    assert "閉じますか" in reply
    assert "今すぐお電話ください" not in reply


def test_the_usual_days_off_said_beside_the_question_are_not_counted(chat):
    reply = chat.say("サイバー攻撃で金曜から月曜まで休みました。土日はもともと休診ですが、支援金はいくらになりますか？", MONDAY)
    assert "休業2日" in reply and "30万円" in reply


def test_a_part_of_a_day_is_left_out_and_said_so_and_a_day_added_with_mo_counts(chat):
    reply = chat.say("ランサムウェアの被害で3/3は午前だけ休診、3/4は終日休診でした。支援金はいくら？", MONDAY)
    assert "休業1日" in reply and "記載がありません" in reply
    reply = chat.say("すみません、3/3も結局終日休診にしてました", MONDAY)
    assert "休業2日" in reply and "30万円" in reply


def test_what_to_tell_the_patients_asked_gets_their_notice_and_tells_no_one(chat):
    chat.say("紹介状を違う医院にFAXしてしまいました。患者さん1人分です", MONDAY)
    reply = chat.say("患者さんにはどう説明したらいいでしょうか？", MONDAY)
    assert "お詫びとお知らせ" in reply
    assert "patients" not in (chat.record.answers.told or [])


def test_data_not_taken_out_says_nothing_of_whom_the_clinic_told(chat):
    chat.say("職員が業務と関係なく知人のカルテを閲覧していたことが監査でわかりました", MONDAY)
    chat.say("なお、外部への持ち出しは確認されておりません", MONDAY)
    assert chat.record.answers.notified is None


def test_a_cover_question_that_denies_the_attack_opens_no_incident(chat):
    reply = chat.say("ランサムウェアとかじゃなくて、ただのハードディスク故障で電子カルテが止まった場合も補償の対象ですか？", MONDAY)
    assert chat.incident_id is None
    assert "今すぐお電話ください" not in reply


def test_a_suspicion_of_an_attack_is_no_denial():
    assert detect("ウイルスじゃないかと思うんですが、受付のPCが勝手に動いてファイルが消えていきます").level == "emergency"


def test_the_largest_plan_said_not_enough_gets_the_custom_design(chat):
    reply = chat.say("一番高いタイプでも足りない場合はどうすればいいですか？", MONDAY)
    assert "個別設計" in reply


def test_the_count_said_of_the_patients_beats_a_count_of_other_things(chat):
    chat.say("職員が知人の電子カルテを業務外で見ていたことがわかりました", MONDAY)
    chat.say("のぞき見は全部で7回、見られた患者さんは2人です", MONDAY)
    assert chat.record.answers.affected_people == 2


def test_a_dialect_copula_after_the_attack_word_is_no_denial():
    assert detect("これランサムやな、画面に英語で金払えって出とる").level == "emergency"
    assert detect("検査結果を別の患者さんに渡しちゃいました😭").level == "emergency"


def test_a_mail_left_unopened_gets_the_line_for_everyday_security_questions(chat):
    reply = chat.say("院長宛てに知らない会社から請求書のファイル付きメールが来ました。開いてはいませんが、消してしまってもいいですか？", MONDAY)
    assert chat.incident_id is None
    assert "0120-179-066" in reply and "今すぐお電話ください" not in reply
