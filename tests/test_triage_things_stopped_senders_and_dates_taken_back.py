"""Answers filed where they belong, as staff write them: an account or a share stopped is no care stopped; the sender
of a mail that was opened was told nothing; a contact asked about in a question is no contact made; a vendor named and
then not reached is not told; a patient who told the clinic is no patient data; a closure said to have nothing to do
with it is care that went on; part of a lost bag found is no false alarm; and the date taken back in a correction that
also corrects a count moves the event, not the noticing. Through the whole engine."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.clock import JST

TUESDAY = dt.datetime(2027, 3, 9, 10, 0, tzinfo=JST)


@pytest.fixture
def chat(record_chat):
    return record_chat(TUESDAY)


def test_an_account_stopped_answers_nothing_about_care(chat):
    chat.say("辞めた事務員のアカウントで、昨夜レセコンにログインされた記録がありました")
    chat.say("患者さんのデータは見られていないと思います")
    chat.say("そのアカウントはもう停止しました")
    assert chat.answers.care_stopped is None


def test_a_share_stopped_is_not_care_but_a_day_closed_still_is(chat):
    chat.say("共有フォルダのファイルが次々に暗号化されています")
    chat.say("わかりません")
    chat.say("共有は止めました。外来も今日は休診にしました")
    assert chat.answers.care_stopped == "yes"


def test_the_sender_of_an_opened_mail_was_told_nothing(chat):
    chat.say("県の医師会から届いたメールの添付を開いたら、パソコンの動きがおかしくなりました")
    assert chat.answers.told in (None, []) and chat.answers.notified in (None, [])


def test_a_contact_asked_about_is_no_contact_made(chat):
    chat.say("患者名簿のデータが院外に持ち出されていたことが分かりました")
    chat.say("持ち出した元職員に電話して返してもらうのはまずいですか？")
    assert "staff" not in (chat.answers.told or [])


def test_a_vendor_named_and_not_reached_is_not_told(chat):
    chat.say("ホームページが改ざんされて、怪しい広告が表示されています")
    chat.say("保守はミドリ企画さん。連休で電話がつながらん")
    assert "vendor" not in (chat.answers.told or []) and "vendor" in chat.answers.not_told


def test_a_patient_who_told_us_is_no_patient_data_and_a_closure_unrelated_is_care_going_on(chat):
    chat.say("予約ページを開くと外国のサイトに飛ばされるようになっています")
    chat.say("患者さんから聞いて分かりました。いつからかは分かりません")
    assert chat.answers.patient_data is None
    chat.say("今週はもともと休みやし、休診は関係ないです")
    assert chat.answers.care_stopped == "no" and chat.answers.patient_data is None


def test_part_of_what_was_lost_found_again_is_no_false_alarm(chat):
    chat.say("往診用のバッグを車ごと盗まれました。中に患者さん6人分のカルテのコピーが入っていました")
    reply = chat.say("車は見つかったけど、カルテのコピーだけ無くなってました")
    assert "誤報" not in reply


def test_a_date_taken_back_after_a_count_taken_back_moves_the_event(chat):
    chat.say("外部から電子カルテにログインされ、患者データが抜かれていました")
    chat.say("抜かれたのは先週の金曜(3/5)の深夜です。約800人分")
    chat.say("すみません、800人じゃなくて850人。それと先週金曜じゃなくて先週木曜(3/4)でした")
    assert chat.answers.affected_people == 850
    assert chat.answers.occurred_at.startswith("2027-03-04")
    assert chat.answers.found_at is None or not chat.answers.found_at.startswith("2027-03-04")


def test_an_outage_found_to_be_a_broken_disk_with_no_sign_of_an_attack(chat):
    chat.say("朝来たらレセコンのサーバーにどの端末からもつながりません。攻撃かもしれんと心配です")
    reply = chat.say("業者さんが調べたら、電源ユニットの故障やって。ウイルスの痕跡はなかったそうです")
    assert "誤報" in reply and "今すぐお電話ください" not in reply  # closing as no cyber incident is offered
    assert chat.answers.patient_data is None  # 「痕跡はなかった」 says nothing of patient data


def test_the_cover_and_the_apology_asked_together_both_answered(chat):
    chat.say("健診の結果通知を、別の受診者さんのアドレスに送ってしまいました")
    reply = chat.say("これも保険で補償されますか？それと受診者さんへのお詫びは何を書けばいいですか")
    assert "①情報漏えい・おそれ" in reply and "補償の対象となる可能性があります" in reply
    assert "お詫びとお知らせ（下書き）" in reply
