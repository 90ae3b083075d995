"""Found by a blind tester (probe 41): a day corrected in plain speech keeps the hour told before; what was heard
beside a notice dates the event; a party said not told is shown as such, not as "nobody", and one of the staff
taken back is no longer listed; closure days given as a list of dates, in Japanese and English; two plans asked
for together are both priced. Dialogues written for these tests, through the whole engine."""

from __future__ import annotations

import datetime as dt

import pytest

from handlers import triage
from knowledge.clock import JST

TUESDAY = "2031-06-10T15:00"


def test_a_day_corrected_in_plain_speech_keeps_the_hour_told_before(chat):
    chat.say("検査結果の封筒を別の患者さんの家に郵送してしもた。2人分です", TUESDAY)
    chat.say("出したんは昨日の朝10時ごろで、わかったんは今日の昼、届いた方から電話で", TUESDAY)
    assert chat.record.answers.occurred_at == "2031-06-09T10"
    reply = chat.say("あ、ちごうた、出したん先週の金曜やった", TUESDAY)
    a = chat.record.answers
    assert a.occurred_at == "2031-06-06T10"
    assert a.found_at is not None and a.found_at.startswith("2031-06-10")
    assert "6月6日" in reply


def test_a_moment_heard_beside_a_notice_received_dates_the_event(chat):
    chat.say("うちの名前で添付付きの変なメールが出回っとるみたいです", TUESDAY)
    chat.say("取引先の検査会社から「おたくから怪しいメールが来た」って連絡をもらいました。日曜の夜中に届いたそうです", TUESDAY)
    a = chat.record.answers
    assert a.occurred_at is not None and a.occurred_at.startswith("2031-06-08")
    assert a.found_at is None or not a.found_at.startswith("2031-06-08")


def test_a_speaker_before_the_words_in_brackets_still_knows(chat):
    chat.say("朝から院内のシステムが全部つながりません。原因は分かりません", TUESDAY)
    chat.say("保守業者の担当さんは『昨日の設定変更は関係ない』と言ってます", TUESDAY)
    assert "vendor" in (chat.record.answers.told or [])


def test_patients_not_told_yet_is_not_nobody_told(chat):
    chat.say("紹介状を違う病院にFAXしてしまいました。患者さん1人分です", TUESDAY)
    chat.say("相手の病院はもう破棄したと言ってくれてます。患者さんにはまだ伝えてません", TUESDAY)
    reply = chat.say("まとめ", TUESDAY)
    assert "まだ誰にも伝えていない" not in reply
    assert "にはまだ伝えていない" in reply


def test_one_of_the_staff_taken_back_is_no_longer_among_those_told(chat):
    chat.say("職員が知り合いの患者さんのカルテを勝手に見ていたことがログでわかりました", TUESDAY)
    chat.say("理事長と看護部長には報告しました。…いや、看護部長にはまだでした", TUESDAY)
    a = chat.record.answers
    assert "理事長" in a.told_people and "看護部長" not in a.told_people


NOW = dt.datetime(2031, 1, 10, 9, 0, tzinfo=JST)


@pytest.mark.parametrize("text", [
    "年末の12月26日、27日、28日と休診しました",
    "We had to close on Dec 26, 27 and 28 because of the attack.",
    "The clinic was closed because of it on December 26th, 27th and 28th.",
])
def test_closure_days_given_as_a_list_of_dates_count_each_date(text):
    assert triage.days_closed(text, NOW) == 3


def test_a_bare_count_of_days_is_still_a_count():
    assert triage.days_closed("2日休診します", NOW) == 2


def test_an_english_closure_by_dates_gets_the_payment_for_each_day(chat):
    reply = chat.say("Our clinic got ransomware on 2031-06-02 and we were closed because of it on June 3, 4 and 5. "
                     "How much does the JMA pay?", TUESDAY)
    assert "40万円" in reply


def test_two_plans_asked_for_together_are_both_priced(chat):
    reply = chat.say("有床診療所ですがH2とH6の保険料を教えてください", TUESDAY)
    assert "H2" in reply and "H6" in reply
    assert reply.count("年間保険料") >= 2
