"""Numbers that are not what they look like, read as staff write them: a day of the month said with part of a
day (「12日は午前だけ」) or taken back for another date (「8日じゃなくて7日(木)から」) is no count of days closed; a
count taken back gives way to the one after it; a clock time ("around 9:15 pm") is no head count; and a day new
patients were all turned away is closed (sec-11), whatever was done in part of it."""

from __future__ import annotations

import datetime as dt

import pytest

from handlers import triage
from knowledge import text as jtext
from knowledge.clock import JST

WEDNESDAY_MORNING = dt.datetime(2027, 1, 13, 9, 30, tzinfo=JST)


@pytest.mark.parametrize(("text", "days"), [
    ("すみません、12日は午前だけ再診をやって午後は休みました", None),
    ("訂正、休診を始めたのは8日じゃなくて7日(木)からでした", None),
    ("休診は3日じゃなくて4日でした", 4),
    ("2日間じゃなくて3日間休みました", 3),
    ("3日は休診になりそうです", 3),
])
def test_days_of_the_month_are_not_counts_of_days_closed(text, days):
    assert jtext.find_days(text) == days


@pytest.mark.parametrize(("text", "part_of_a_day"), [
    ("25日は午後だけ休診にしました", True),
    ("25日は午後だけ休診にしました。初診の方はその日は診ていません", False),
    ("午前は再診だけ診て、新患は受けていません", False),
])
def test_a_day_new_patients_were_turned_away_is_no_part_of_a_day(text, part_of_a_day):
    assert triage.closes_part_of_a_day(text) is part_of_a_day


def test_a_payment_dialogue_keeps_its_days_when_a_day_of_them_is_told_in_detail(conversation):
    say = conversation(WEDNESDAY_MORNING)
    say("ランサムウェアで1月8日(金)から1月12日(火)まで休診しました。日医の一時支援金はいくら？うちはA①会員です")
    reply = say("すみません、12日は午前だけ再診をやって午後は休みました。新患はその日は受けてません")
    assert "休業12日" not in reply and "休業3日" in reply
    assert "一日の一部の休診" not in reply  # new patients turned away: the 12th is a day closed (sec-11)


def test_a_closure_told_as_a_range_is_counted_again_when_its_days_off_or_its_start_are_told_later(conversation):
    say = conversation(WEDNESDAY_MORNING)
    first = say("ランサムウェアで1月8日(金)から1月12日(火)まで休診しました。日医の一時支援金はいくら？うちはA①会員です")
    assert "休業3日" in first  # the 8th, the 9th (a Saturday) and the 12th: the 10th is a Sunday, the 11th 成人の日
    assert "休業2日" in say("土日と祝日はもともと休診日です")  # the Saturday was a day off anyway
    corrected = say("訂正、休診を始めたのは8日じゃなくて7日(木)からでした")
    assert "休業3日" in corrected and "合計: 40万円" in corrected  # the 7th, the 8th and the 12th


def test_a_clock_time_in_an_english_correction_is_no_head_count(record_chat):
    chat = record_chat(dt.datetime(2026, 12, 26, 23, 40, tzinfo=JST))
    chat.say("Our Google booking account got hijacked tonight and the password was changed.")
    chat.say("The booking account has names and phone numbers of about 300 patients.")
    chat.say("Correction: I first noticed around 9:15 pm when a patient called us.")
    assert chat.answers.affected_people == 300
    assert chat.answers.found_at == "2026-12-26T21:15"
