"""What the triage tells back: an answer that fills slots is confirmed field by field, so that one
filed in the wrong place shows at once. Dialogues written for these tests, through the whole engine.

(The summary does not quote the report as typed: a figure in it that was corrected later would be
restated beside the corrected one.)"""

from __future__ import annotations

import datetime as dt

from knowledge.clock import JST

MONDAY_NOON = dt.datetime(2031, 6, 9, 12, 0, tzinfo=JST)
REPORT = "検査センターに送るはずの依頼書を、番号を一つ押し間違えて近所の歯科医院にFAXしてしまいました"


def test_an_answer_with_two_facts_is_confirmed_field_by_field(conversation):
    say = conversation(MONDAY_NOON)
    say(REPORT)
    reply = say("患者さん3人分で、送ったのは今日の11時半ごろです")
    assert "次のとおり記録しました" in reply
    assert "・人数：約3名" in reply
    assert "・気づいた日時：2031年6月9日 11:30" in reply



def test_a_count_written_with_digits_and_kanji_numerals_is_read_whole(conversation):
    # 「2千人」 is two thousand: the notice must not say a thousand.
    say = conversation(MONDAY_NOON)
    say(REPORT)
    reply = say("開かれてたのは紹介状のフォルダで、たぶん2千人分くらい")
    assert "・人数：約2,000名" in reply
    reply = say("すみません、1万2千人分でした")
    assert "約12,000名" in reply

def test_patient_data_confirmed_brings_the_reports_it_owes_with_their_dates(conversation):
    say = conversation(MONDAY_NOON)
    say("訪問診療のタブレットを車ごと盗まれました")
    reply = say("カルテが見られるアプリが入っていて、患者さん120人分くらいです")
    assert "個人情報保護委員会：漏えい等の報告（速報）" in reply
    assert "2031年6月14日（土）まで" in reply  # five days from the Monday it was noticed
    assert "1人分でも報告の対象" in reply and "【パンフレット外の情報】" in reply


def test_the_summary_asked_for_in_other_words_is_the_summary(conversation):
    say = conversation(MONDAY_NOON)
    say(REPORT)
    say("患者さん3人分です")
    reply = say("院長に見せたいので、ここまでの経過を箇条書きにしてください")
    assert "のまとめです" in reply and "書面通知の下書き" in reply


def test_a_line_to_be_called_is_not_recorded_as_told_and_its_number_is_given_again(conversation):
    say = conversation(dt.datetime(2031, 6, 9, 21, 10, tzinfo=JST))
    say("受付のパソコンの画面に知らない英語の脅迫文が出て、ファイルが全部開けません")
    reply = say("医師会の相談窓口にかけたけど、もうつながらない")
    assert "0120-179-066" in reply and "6月10日（火）6:00" in reply
    assert "連絡済みの先：日本医師会" not in reply
    reply = say("これから警察にも届けます")
    assert "連絡済みの先：警察" not in reply


def test_an_outage_of_unknown_cause_made_precise_later_gets_the_steps_of_what_it_is(conversation):
    say = conversation(MONDAY_NOON)
    say("会計のパソコンが急に全部動かなくなりました。原因はまだわかりません")
    reply = say("よく見たら、デスクトップに身代金を払えという英語のファイルが置かれていました")
    assert "ランサムウェア" in reply and "LANケーブルを抜く" in reply


def test_patient_data_told_in_the_report_brings_the_reports_at_the_next_message_once(conversation):
    say = conversation(MONDAY_NOON)
    say("別の患者さんの紹介状を、間違えて違う薬局にFAXしてしまいました")
    reply = say("薬局には電話して、紙は破棄してもらいました")
    assert "個人情報保護委員会：漏えい等の報告（速報）" in reply
    assert "個人情報保護委員会：漏えい等の報告（速報）" not in say("休診はしていません")


def test_a_false_alarm_is_met_with_relief_before_the_question(conversation):
    say = conversation(MONDAY_NOON)
    say("院内のノートパソコンが1台見当たりません")
    reply = say("すみません、ありました！倉庫の棚に置いてありました。お騒がせしました")
    assert "何よりです" in reply and "誤報" in reply
