"""Incidents and closures told in words the assistant had not read before (eval set 24's dev half, asked here in
other words), through the whole engine: login codes nobody asked for, and an account shown signed in from
elsewhere, are an account taken over; a system stuck on its loading screen is down; 「土曜も一日診療」 (open all
day) is no count of days closed, and the usual hours said in brackets beside a day closed (「（いつもは午前
診療）」) do not make it half a day; "Is the JMA helpline taking calls now?" asks for the lines (a helpline is no
question of cover); what was done, told in the message that asks for the summary, is in that summary; a lost
thing handed in where lost things are kept is found again; a copy the wrong recipient kept brings back the step
of asking them to delete it, and someone meaning to reach the extortioner the step not to."""

from __future__ import annotations

import datetime as dt

import pytest

from handlers.emergency import detect
from knowledge.clock import JST


@pytest.mark.parametrize("text", [
    "I keep getting verification codes for the clinic's booking system that I never requested.",
    "The EHR shows my account as currently signed in from Fukuoka, but I'm at home and not logged in.",
    "身に覚えのない認証コードが、院長のスマホに何度も届いています",
])
def test_login_codes_nobody_asked_for_or_a_session_elsewhere_are_an_account_taken_over(text):
    found = detect(text)
    assert found.level == "emergency" and found.kind == "account_takeover"


def test_a_question_about_such_codes_is_no_report():
    assert detect("What is a verification code?").level == "none"


def test_a_system_stuck_on_its_loading_screen_gets_both_lines(conversation):
    say = conversation(dt.datetime(2030, 3, 12, 14, 5, tzinfo=JST))
    reply = say("昼過ぎから、受付も診察室も電子カルテが読み込み中の表示のまま進まなくなりました。業者にもまだ原因がわからないそうです")
    assert "0120-318-258" in reply and "0120-179-066" in reply


def test_open_all_day_on_saturdays_is_no_count_of_days_closed(conversation):
    say = conversation(dt.datetime(2033, 6, 1, 11, 0, tzinfo=JST))  # a Wednesday
    reply = say("支援金について。うちは土曜も一日診療しています。先週の土曜にサーバーが攻撃されて、その土曜と月曜を閉めました。日曜はもともと休みです。いくらになりますか")
    assert "休業2日" in reply and "30万円" in reply


def test_usual_hours_in_brackets_beside_a_day_closed_do_not_make_it_half_a_day(conversation):
    say = conversation(dt.datetime(2030, 11, 20, 10, 0, tzinfo=JST))
    reply = say("支援金の額を教えてください。\n・11/8（金）夜 サーバーが攻撃を受けて停止\n・11/9（土）臨時休診（ふだんは午前のみ診療）\n"
                "・11/10（日）休み\n・11/11（月）臨時休診\n・11/12（火）から通常どおり")
    assert "休業2日" in reply and "30万円" in reply


def test_whether_the_helpline_takes_calls_now_gets_the_lines_in_the_middle_of_a_triage(conversation):
    say = conversation(dt.datetime(2029, 4, 11, 5, 20, tzinfo=JST))
    say("The reception PC shows a red screen saying all our files are locked and we must pay to get them back.")
    reply = say("It's past six now. Is the JMA helpline taking calls yet, and what's the number?", dt.datetime(2029, 4, 11, 6, 15, tzinfo=JST))
    assert "0120-179-066" in reply and "受付中（21:00まで）" in reply


def test_what_was_done_told_with_the_request_for_the_summary_is_in_it(conversation):
    say = conversation(dt.datetime(2032, 5, 3, 9, 30, tzinfo=JST))
    say("歯科医院です。ホームページの料金表のページが、知らない海外の通販サイトの宣伝に書き換えられていると患者さんから聞きました")
    reply = say("ホームページの業者に頼んで、いったん公開を止めてもらいました。ここまでをまとめてください")
    assert "・メモ：ホームページの業者に頼んで、いったん公開を止めてもらいました。" in reply


def test_a_lost_thing_handed_in_is_found_again_and_the_record_may_be_closed(conversation):
    say = conversation(dt.datetime(2031, 10, 7, 17, 0, tzinfo=JST))
    say("訪問リハの帰りに、利用者さん12人分の計画書を入れた封筒を電車の網棚に置き忘れました")
    reply = say("駅の忘れ物センターに保管されているそうです。封も開いていないとのことでした")
    assert "何よりです" in reply and "誤報" in reply


def test_a_copy_the_wrong_recipient_kept_brings_back_the_step_of_asking_them_to_delete_it(conversation):
    say = conversation(dt.datetime(2030, 9, 3, 14, 0, tzinfo=JST))
    say("患者さん3人分の紹介状を、別の病院あてのメールに添付して送ってしまいました")
    reply = say("送り先の病院の方は、添付ファイルをもう自分のパソコンに保存してしまったそうです")
    assert "開かずに削除する・返送するなどをお願いしてください" in reply


def test_meaning_to_reach_the_extortioner_brings_back_the_step_not_to(conversation):
    say = conversation(dt.datetime(2031, 3, 8, 21, 40, tzinfo=JST))
    say("受付のパソコンに『患者の名簿はいただいた。金を払わないと公開する』と表示されています")
    reply = say("事務長が、相手に連絡して値段の交渉をしてみると言っています")
    assert "攻撃者に連絡したり、身代金を支払ったりしないでください。" in reply


@pytest.mark.parametrize(("text", "days"), [
    ("うちは土曜も一日診療しとるんやに", None),
    ("1日診療を止めました", 1),
    ("一日診療を休みました", 1),
])
def test_open_all_day_is_no_count_but_a_day_of_care_stopped_is(text, days):
    from knowledge.text import find_days

    assert find_days(text) == days
