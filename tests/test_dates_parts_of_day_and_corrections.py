"""When it was noticed, kept as precisely as staff say it, through the whole triage (dialogues written for
these tests): the part of the day said without a clock (「先週の金曜の夕方」「元日の夜」), a day of the month
with its part of the day (「3日の朝です」 is the 3rd, not three days closed), the first day of a long weekend,
and a number of days taken back in the same breath (「2日じゃなくて4日」)."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.clock import JST
from knowledge.dates import read_date, read_moment


@pytest.fixture
def chat(record_chat):
    return record_chat(dt.datetime(2026, 12, 2, 11, 0, tzinfo=JST))


@pytest.mark.parametrize(("report", "answer", "said_at", "found", "shown"), [
    ("院長のメールから知らない人たちに大量にメールが送られてるみたいです", "先週の金曜の夕方に気づきました", "2026-12-07T08:43",
     "2026-12-04 夕方", "2026年12月4日 夕方"),
    ("施設のパソコンのデータが全部消えて、変なテキストファイルだけ残ってる", "元日の夜に気づいた", "2027-01-03T09:03",
     "2027-01-01 夜", "2027年1月1日 夜"),
    ("取引先から振込先変更のメールが来て振り込んだら、偽物だったみたいです", "25日のお昼すぎに気づきました", "2026-12-28T13:03",
     "2026-12-25 昼過ぎ", "2026年12月25日 昼過ぎ"),
    ("病院のHPのトップが変な画像に書き換えられてる", "大晦日の昼です", "2027-01-04T08:33", "2026-12-31 昼", "2026年12月31日 昼"),
    ("往診用の患者名簿（紙）をなくしました", "連休初日に気づきました", "2026-05-05T08:03", "2026-05-02", "2026年5月2日"),
])
def test_the_moment_noticed_keeps_the_part_of_the_day_said(chat, report, answer, said_at, found, shown):
    opened = dt.datetime.fromisoformat(said_at) - dt.timedelta(minutes=3)
    chat.say(report, opened.isoformat())
    chat.say(answer, said_at)
    assert chat.answers.found_at == found
    summary = chat.say("まとめ", (dt.datetime.fromisoformat(said_at) + dt.timedelta(minutes=3)).isoformat())
    assert f"気づいた日時：{shown}" in summary


def test_a_day_of_the_month_with_its_morning_is_no_count_of_days_closed(chat):
    chat.say("患者さんの検査結果を別の患者さんにFAXしてしまいました", "2026-12-05T10:00")
    reply = chat.say("3日の朝です", "2026-12-05T10:03")  # whatever was asked, it says when
    a = chat.answers
    assert a.found_at == "2026-12-03 朝"
    assert a.closure_days is None and "休業日数：3日" not in reply


def test_days_closed_taken_back_in_the_same_breath_change_the_payment(chat):
    chat.say("11月30日にサイバー攻撃を受けました", "2026-12-02T11:00")
    chat.say("休診は2日です", "2026-12-02T11:05")
    reply = chat.say("すみません、休診は2日じゃなくて4日です", "2026-12-02T11:10")
    assert chat.answers.closure_days == 4
    assert "2日 → 4日" in reply and "40万円" in reply


def test_english_days_taken_back_change_the_payment_too(chat):
    chat.say("Ransomware hit our clinic yesterday", "2026-12-02T11:00")
    chat.say("We were closed 2 days", "2026-12-02T11:05")
    chat.say("Sorry, it was 4 days, not 2", "2026-12-02T11:10")
    assert chat.answers.closure_days == 4


def test_the_deadlines_say_so_when_the_day_noticed_is_not_known(chat):
    chat.say("電子カルテがランサムウェアで暗号化されました", "2026-12-02T11:00")
    reply = chat.say("患者さん約300人分のデータが入っています", "2026-12-02T11:05")
    assert "気づいた日が未確認のため、2026年12月2日" in reply
    assert "の発覚から数えて" not in reply


@pytest.mark.parametrize(("text", "today", "expected"), [
    ("連休初日", dt.date(2026, 5, 5), dt.date(2026, 5, 2)),  # Sat 5/2 to Wed 5/6 (振替休日)
    ("連休明けに気づいた", dt.date(2026, 5, 8), dt.date(2026, 5, 7)),
    ("連休の初日", dt.date(2026, 12, 2), dt.date(2026, 11, 21)),  # 11/21–23, 勤労感謝の日 on the Monday
    ("連休明け", dt.date(2026, 5, 5), None),  # still in it: that day is to come
])
def test_a_day_of_the_last_long_weekend_is_read_from_the_calendar(text, today, expected):
    assert read_date(text, today).date == expected


@pytest.mark.parametrize(("text", "said_at", "expected"), [
    ("2日前の夜です", "2026-12-02T11:03", "2026-11-30 夜"),
    ("今朝がた当直の看護師が見つけました", "2026-12-31T09:18", "2026-12-31 朝"),
    ("昨日の昼休みに見つけたっちゃ", "2026-12-06T21:43", "2026-12-05 昼休み"),
    ("yesterday evening", "2027-01-04T09:00", "2027-01-03 夕方"),
    ("きのうの夕方5時半です", "2026-12-02T11:03", "2026-12-01T17:30"),  # a clock says more than a part of the day
    ("12月1日に気づいた", "2027-01-04T09:00", "2026-12-01"),
])
def test_a_moment_is_as_precise_as_the_writer(text, said_at, expected):
    moment = read_moment(text, dt.datetime.fromisoformat(said_at).replace(tzinfo=JST))
    assert moment is not None and moment.iso() == expected


@pytest.mark.parametrize(("answer", "found"), [
    # the moment beside 気づいた is the one kept, 「今」 included; the other one dates the mail
    ("送ったのは昨日の夜11時で、気づいたのは今です", "2026-12-02T11:06"),
    ("昨日の夜11時に送ったメール、宛先を間違えていたことに今気づきました", "2026-12-02T11:06"),
    # a call received is how it was noticed
    ("業者からの連絡は今日の10時40分です", "2026-12-02T10:40"),
])
def test_the_moment_noticed_is_the_one_said_of_the_noticing(chat, answer, found):
    chat.say("患者さんの検査結果を別の患者さんにメールで送ってしまいました")
    chat.say(answer)
    assert chat.answers.found_at == found


def test_the_time_of_a_call_the_clinic_made_is_not_when_it_was_noticed(chat):
    chat.say("プリンターから勝手に『your files are encrypted』と書かれた紙が出てきます")
    chat.say("患者情報が入ってるかはまだ分かりません。診療は続けてます")  # the next question is when it was noticed
    chat.say("さっきサイ窓に電話したけどつながらなかったです。あそこ何時まで？")
    assert chat.answers.found_at is None


def test_the_moment_a_log_shows_is_not_when_it_was_noticed(chat):
    chat.say("先月やめた職員のIDで、昨日の夜に介護記録システムにログインした記録が残ってます。本人はもう退職してるのに…どうしたら")
    assert chat.answers.found_at is None  # the login was last night; when it was found is asked, not guessed
    chat.say("気づいたのは今朝9時です")
    assert chat.answers.found_at == "2026-12-02T09"


def test_when_a_member_of_staff_saw_it_is_when_it_was_noticed(chat):
    chat.say("受付PCのマウスが勝手に動いているのを見た職員がいたそうです。今日になって報告がありました")
    chat.say("ちなみに、その職員が見たのは11月30日の昼休みだったそうです")
    assert chat.answers.found_at == "2026-11-30 昼休み"
