"""A closure told as it goes on, inside an open incident: staff write each evening that today was
closed too, that they will stay shut tomorrow, or on which day they reopened. Each message adds the
days past those already recorded (never counting a day twice, never shortening the closure unless
it is corrected), and the reply restates the JMA payment for the days now recorded. Through the
whole engine."""

from __future__ import annotations

import datetime as dt

JST = dt.timezone(dt.timedelta(hours=9))


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=JST)


def test_today_too_and_tomorrow_too_add_days_to_the_closure_recorded(conversation):
    say = conversation(at(2031, 2, 3, 17))
    first = say("朝から全部のパソコンに英語の脅迫文が出て動きません。今日は外来を閉めました。明日は開ける予定です。支援金はいくらですか",
                at(2031, 2, 3, 17))
    assert "休業1日" in first and "20万円" in first
    second = say("やっぱり今日も開けられませんでした", at(2031, 2, 4, 18))
    assert "1日 → 2日" in second and "30万円" in second
    third = say("今日もだめで、明日も休みにします。そうなると支援金はいくらになりますか", at(2031, 2, 5, 19))
    assert "2日 → 4日" in third and "40万円" in third


def test_a_closure_since_a_date_counts_through_today_and_its_end_is_added_later(conversation):
    say = conversation(at(2031, 2, 5, 12))
    first = say("3日（月）から、サーバーが暗号化された影響で外来を止めています。日医の支援金は今の時点でいくらですか", at(2031, 2, 5, 12))
    assert "休業3日" in first and "40万円" in first  # the 3rd, 4th and 5th
    say2 = conversation(at(2031, 2, 4, 12))
    say2("3日（月）から、ランサムウェアで外来を止めています。支援金はいくら？", at(2031, 2, 4, 12))  # two days so far
    later = say2("結局6日（木）まで閉めて、今日から再開しました", at(2031, 2, 7, 10))
    assert "2日 → 4日" in later and "40万円" in later
    say3 = conversation(at(2031, 2, 4, 12))
    say3("3日（月）から、ランサムウェアで外来を止めています。支援金はいくら？", at(2031, 2, 4, 12))
    until = say3("外来は結局5日いっぱい休みにしました", at(2031, 2, 6, 9))  # its last day, with no word of reopening
    assert "2日 → 3日" in until and "40万円" in until


def test_a_day_already_counted_is_not_counted_again_and_a_count_is_not_shortened(conversation):
    say = conversation(at(2031, 2, 3, 10))
    say("ウイルスに感染して電子カルテが使えません。今日と明日は休診にします", at(2031, 2, 3, 10))
    again = say("今日はもう休診の張り紙を出しました", at(2031, 2, 3, 15))
    assert "→" not in again  # today was counted already: still two days
    say2 = conversation(at(2031, 2, 3, 10))
    say2("ランサムウェアで3日間休診することにしました", at(2031, 2, 3, 10))
    same_day = say2("今日は休診です", at(2031, 2, 3, 11))
    assert "3日 → 1日" not in same_day


def test_an_english_reopening_day_counts_the_working_days_closed_before_it(conversation):
    say = conversation(at(2031, 9, 25, 10))
    reply = say("Ransomware hit us late on the night of Wednesday 10 September 2031. We stayed shut on Thursday and Friday. "
                "We are always closed at weekends. We reopened on Monday the 15th. How much will the JMA pay?")
    # Thursday 11th and Friday 12th; the weekend is no closure and Monday the 15th (a holiday) is the reopening
    assert "休業2日" in reply and "30万円" in reply


def test_a_closure_still_to_come_keeps_a_payment_question_an_emergency_without_saying_the_amount_twice(conversation):
    reply = conversation(at(2031, 2, 3, 20))("夕方から電子カルテがランサムウェアで暗号化されて、明日は休診にします。日医の支援金はいくらですか")
    assert reply.startswith("今すぐお電話ください")
    assert "一時支援金は 20万円" in reply
    assert "（休業1日）：20万円" not in reply  # the card does not repeat the amount the payment answer gives


def test_days_named_as_the_only_ones_replace_the_closure(conversation):
    say = conversation(at(2031, 2, 3, 10))
    say("不正アクセスでレセコンが止まりました。今日と明日は休診にします", at(2031, 2, 3, 10))
    changed = say("すみません、休診は今日だけになりました。明日は開けます", at(2031, 2, 3, 16))
    assert "2日 → 1日" in changed and "20万円" in changed


def test_the_payment_asked_beside_an_incident_and_a_hand_off_is_still_answered(conversation):
    reply = conversation(at(2030, 7, 10, 10))("ランサムウェアで今日は休診にしました。支援金はいくらですか。担当者と話したいです")
    assert reply.startswith("今すぐお電話ください")
    assert "一時支援金は 20万円" in reply and "担当者" in reply


def test_an_english_list_of_weekdays_closed_counts_each_day_and_a_correction_stays_a_correction(conversation):
    say = conversation(at(2033, 5, 10, 10))
    first = say("We were hit by ransomware last Friday, 6 May. We stayed closed on Friday, Saturday and Monday. "
                "Our director is an A① member of the JMA. How much would the JMA one-time payment come to?")
    assert "休業3日" in first and "40万円" in first
    second = say("Correction: we're shut on Saturdays anyway, so it was really only Friday and Monday.")
    # The payment's days corrected, not a new incident raised by the learned layer.
    assert "休業2日" in second and "30万円" in second and "First steps" not in second
