"""Triage answers written the way staff write them and the readers had missed: hours in kanji or
kana (「六時半ごろ」「ごご さんじはん」), a day and then its hour in the next clause, English weekdays of a
closure, a part of a day closed, dates listed with their weekdays, head counts in kana, a message
that opens by saying who writes, and the parties and kinds of incident in everyday words. Through
the whole engine where a user would notice; the readers directly where the reading is the point."""

from __future__ import annotations

import datetime as dt

import pytest

from handlers.emergency import detect
from handlers.understand import understand
from handlers.session import Session
from knowledge.dates import kana_numbers_as_digits, read_moment
from knowledge.text import find_date_range_days

JST = dt.timezone(dt.timedelta(hours=9))
EVENING = dt.datetime(2031, 5, 27, 18, 4, tzinfo=JST)


@pytest.mark.parametrize(("text", "expected"), [
    ("発見は令和十三年五月一日の夕方、六時半ごろです。", "2031-05-01T18:30"),
    ("閲覧記録を確認して判明したのは、五月二十日の午後三時ごろです。", "2031-05-20T15"),
    ("きょうの ごご さんじはんに その かたが もどってきて わかりました。", "2031-05-27T15:30"),
    ("さいしょに きずいたのは きのうの あさ 7じ すぎ です。", "2031-05-26T07"),
    ("十時十五分ごろに気づきました", "2031-05-27T10:15"),
    ("三十分前に見つけました", "2031-05-27T17:34"),
])
def test_an_hour_spelled_in_kanji_or_kana_is_read_as_the_hour(text, expected):
    assert read_moment(text, EVENING).iso() == expected


@pytest.mark.parametrize("text", ["一時的にネットを止めました", "一時金はいくらですか", "十分に注意していました", "ごじが多いメールでした"])
def test_words_that_only_look_like_hours_are_no_moment(text):
    moment = read_moment(text, EVENING)
    assert moment is None or moment.hour is None


def test_the_day_then_its_hour_in_the_next_clause_is_one_moment(record_chat):
    chat = record_chat(dt.datetime(2031, 2, 5, 10, 0, tzinfo=JST))
    chat.say("院内の端末で保存していた書類がいっさい開けなくなり、画面には支払いを求める英文が表示されております。")
    chat.say("最初に気づきましたのは夜勤の看護師で、2月1日土曜日の明け方、4時半ごろでございます。")
    assert chat.answers.found_at == "2031-02-01T04:30"


def test_a_sentence_that_is_only_a_moment_answers_when_beside_another(record_chat):
    chat = record_chat(dt.datetime(2031, 3, 18, 13, 20, tzinfo=JST))
    chat.say("院長が夜残っちょったら、カルテのパソコンの矢印が勝手にスーッと動いて、何かのファイルを開きよったっちゃが。")
    chat.say("ゆうべ11時半ごろの話よ。院長がすぐLANの線を引っこ抜いたっち。")
    assert chat.answers.found_at == "2031-03-17T23:30"


def test_an_english_report_after_a_self_introduction_is_an_emergency_with_its_closure_days(record_chat):
    chat = record_chat(dt.datetime(2031, 4, 7, 9, 15, tzinfo=JST))
    first = chat.say("Hello, I'm the office manager at an eye clinic. All our files suddenly have a weird ending added to "
                     "the name and won't open, and there's a text file on every desktop asking us to pay to get them back.")
    assert "0120-318-258" in first
    chat.say("Our nurse noticed it on Wednesday night around 11, when she came back for her phone.")
    chat.say("We stayed closed Thursday and Friday. On Saturday we opened as usual and worked from paper charts.")
    assert chat.answers.found_at == "2031-04-02T23"
    assert chat.answers.closure_days == 2


@pytest.mark.parametrize("text", ["Hello, I'm the office manager at an eye clinic. How much is the premium for 19 beds?",
                                  "Hi, I'm the practice manager at a small clinic. What does the cyber insurance cover?"])
def test_a_self_introduction_alone_reports_nothing(text):
    u = understand(text, Session(key="x"), EVENING)
    assert u.emergency.level != "emergency"


@pytest.mark.parametrize(("text", "days"), [
    ("3日の月曜と4日の火曜は、初診の患者様の受付のみお断りし、再診と入院の方は紙の運用で対応いたしました。", 2),
    ("火曜から木曜の3日間は、初めての患者さんだけお断りして、かかりつけの人は紙で診てました。", 3),
    ("外来は午後の診療を取りやめました。入院の方は紙で対応しています。", 1),
    ("We closed the clinic Monday to Wednesday.", 3),
])
def test_days_closed_are_counted_as_written(record_chat, text, days):
    chat = record_chat(dt.datetime(2031, 2, 5, 10, 0, tzinfo=JST))
    chat.say("電子カルテの画面に身代金を要求する英語のメッセージが出て、ファイルが開けません。")
    chat.say(text)
    assert chat.answers.closure_days == days


def test_a_list_of_dates_with_their_weekdays_counts_each_date():
    assert find_date_range_days("5日(月)と6日(火)を休みにしました") == 2
    assert find_date_range_days("3日の月曜と4日の火曜は休診") == 2


@pytest.mark.parametrize(("text", "expected"), [("ひとりぶんの なまえ", "1人ぶん"), ("よんじゅうにんぶんの きろく", "40にんぶん")])
def test_head_counts_in_kana_become_digits(text, expected):
    assert expected in kana_numbers_as_digits(text)


def test_words_with_kana_numbers_inside_are_left_alone():
    assert kana_numbers_as_digits("ごめいわくを おかけしました") == "ごめいわくを おかけしました"


def test_a_kana_only_report_gets_its_patient_count(record_chat):
    chat = record_chat(dt.datetime(2031, 3, 21, 17, 45, tzinfo=JST))
    chat.say("やっきょくの じむです。くすりの ふくろを べつの かたに わたして しまいました。")
    chat.say("ふくろには ひとりぶんの なまえと くすりの なまえが かいて ありました。")
    assert chat.answers.patient_data == "yes" and chat.answers.affected_people == 1


@pytest.mark.parametrize(("text", "party"), [
    ("電カルの会社と、日医の相談窓口にはもう電話しもした。", "vendor"),
    ("施設長には報告済みじゃ。", "staff"),
    ("どちらの方にも院長が直接お詫びに伺いました。", "patients"),
    ("I've emailed the company that hosts and maintains the site.", "vendor"),
])
def test_who_was_told_is_read_in_everyday_words(record_chat, text, party):
    chat = record_chat(dt.datetime(2031, 2, 13, 9, 10, tzinfo=JST))
    chat.say("電子カルテの画面に身代金を要求する英語のメッセージが出て、ファイルが開けません。")
    chat.say(text)
    assert party in (chat.answers.told or [])


@pytest.mark.parametrize(("text", "kind"), [
    ("カルテのパソコンの矢印が勝手にスーッと動いて、何かのファイルを開きよった", "unauthorized_access"),
    ("うちの歯科と同じ名前とロゴのLINEアカウントが作られていて、患者さんにメッセージを配っているようです。", "spoofing"),
    ("Someone posted a fake job ad under our clinic's name on a recruiting site.", "spoofing"),
    ("Someone smashed my car window yesterday and took my work bag.", "lost_device"),
    ("窓が割られていて、事務長のノートパソコンが1台なくなっていました。", "lost_device"),
    ("院内のパソコンの壁紙が勝手に変わって、「データは預かった」という文が出ていました。", "ransomware"),
])
def test_the_kind_of_incident_is_read_from_what_happened(text, kind):
    found = detect(text)
    assert found.level == "emergency" and found.kind == kind
