"""A dialogue that listens, in words the assistant had not read before (eval set 26's dev half, asked here in other
words), through the whole engine: an alarm whose own sign is explained as a planned update, with the machines working
again, is offered to be closed as no cyber incident (and the reply is glad of it); English counts and times written
in words ("about seventy residents", "twenty to seven") are read as numbers; a draft asked for one whom the clinic's
information reached by any way asks them to delete it; an English request for "something to send to patients" gets
the patients' draft; a facility named in romanised Japanese with a macron (rōken) is the facility of the quote; "closed
that day and the following two days" is three days closed; a question ended by a particle after its か (「保険で出るんかね」)
beside an emergency is answered in the same reply."""

from __future__ import annotations

import datetime as dt

from knowledge.clock import JST


def test_an_alarm_explained_as_a_planned_update_is_offered_to_be_closed(conversation):
    say = conversation(dt.datetime(2031, 3, 9, 3, 10, tzinfo=JST))
    first = say("病棟の夜勤です。ナースステーションの端末が全部勝手に再起動して、英語の画面のまま固まっています")
    assert "0120-318-258" in first
    reply = say("業者の夜間窓口に確認したら、今夜予定していた更新プログラムの一斉更新で、英語の画面はその途中の表示だったそうです。今は普通に動いています",
                dt.datetime(2031, 3, 9, 3, 40, tzinfo=JST))
    assert "誤報" in reply and "閉じますか" in reply
    assert "何より" in reply
    assert "今すぐお電話ください" not in reply  # (no new alarm raised by the words it explains)


def test_an_update_told_beside_an_attack_is_no_false_alarm(conversation):
    say = conversation(dt.datetime(2031, 3, 9, 3, 10, tzinfo=JST))
    say("病棟の夜勤です。ナースステーションの端末が全部勝手に再起動して、英語の画面のまま固まっています")
    reply = say("業者によると一斉更新の途中でランサムウェアに感染していたそうです。今は普通に動いています",
                dt.datetime(2031, 3, 9, 3, 40, tzinfo=JST))
    assert "閉じますか" not in reply


def test_english_counts_and_times_in_words_are_read(conversation):
    say = conversation(dt.datetime(2031, 11, 16, 7, 0, tzinfo=JST))
    say("Night nurse at a care home. Every screen on our records server says our files are locked and tells us to pay in bitcoin.")
    reply = say("We first saw it at twenty to seven; about seventy residents' records are on that server.",
                dt.datetime(2031, 11, 16, 7, 10, tzinfo=JST))
    assert "6時40分" in reply or "6:40" in reply
    assert "約70名" in reply


def test_a_draft_to_one_whom_the_information_reached_asks_them_to_delete_it(conversation):
    say = conversation(dt.datetime(2031, 5, 20, 17, 0, tzinfo=JST))
    say("先月退職した医師の私物のタブレットに、いまも当直表と入院患者さんの一覧が自動で同期されていると本人から連絡がありました")
    reply = say("その先生に、同期された一覧を消してもらうようにお願いする文を作ってもらえますか", dt.datetime(2031, 5, 20, 17, 20, tzinfo=JST))
    assert "削除のお願い" in reply and "削除してください" in reply


def test_an_english_request_for_something_to_send_to_patients_gets_their_draft(conversation):
    say = conversation(dt.datetime(2031, 8, 4, 10, 0, tzinfo=JST))
    say("Reception here. Our online booking form was changed by someone and now asks patients for their card number.")
    reply = say("Could you write a short message we can send to patients who booked this week?", dt.datetime(2031, 8, 4, 10, 20, tzinfo=JST))
    assert "お詫び" in reply


def test_a_romanised_facility_name_with_a_macron_is_read(conversation):
    say = conversation(dt.datetime(2031, 8, 4, 10, 0, tzinfo=JST))
    reply = say("Our rōken has 50 places. What would plan H3 cost us a year?")
    assert "80,370" in reply


def test_that_day_and_the_following_days_count_the_day_itself(conversation):
    say = conversation(dt.datetime(2031, 6, 20, 10, 0, tzinfo=JST))
    reply = say("JMA payment: we were attacked on Tuesday 3 June 2031 and stayed closed that day and the following two days. How much is the payment?")
    assert "休業3日" in reply and "40万円" in reply


def test_a_question_ended_by_a_particle_after_its_ka_is_answered_beside_the_emergency(conversation):
    say = conversation(dt.datetime(2031, 6, 20, 10, 0, tzinfo=JST))
    reply = say("受付のパソコンが攻撃でやられて、予約のデータが戻らんようになっとる。データ復旧の業者に頼む費用は保険で出るんかね")
    assert "0120-318-258" in reply
    assert "補償の対象となります" in reply and "データ復旧費用" in reply
