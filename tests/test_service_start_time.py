"""When the support service's firms start, asked at night, on a weekend or on a holiday, is
answered with the pamphlet's rule and the moment it gives for a request made now (the clock's
business days, Japanese holidays included). Questions written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.clock import JST

ASKED = "緊急時サポートの調査会社って、いま頼んだらいつから動いてもらえますか"


@pytest.mark.parametrize("at, start", [
    (dt.datetime(2028, 3, 10, 20, 15, tzinfo=JST), "3月13日（月）9:00"),   # Friday night: Monday morning
    (dt.datetime(2026, 11, 21, 10, 0, tzinfo=JST), "11月24日（火）9:00"),  # Saturday before a Monday holiday
])
def test_a_request_at_night_or_on_a_holiday_is_told_the_next_business_morning(conversation, at, start):
    reply = conversation(at)(ASKED)
    assert "翌営業日(平日9時以降)" in reply
    assert f"対応は {start} 以降" in reply


def test_a_request_in_weekday_hours_is_told_it_is_within_them(conversation):
    reply = conversation(dt.datetime(2026, 12, 2, 10, 0, tzinfo=JST))(ASKED)
    assert "平日の受付時間内" in reply and "以降になる場合があります。" not in reply.split("」")[-1]


def test_the_desks_words_repeated_ask_the_same(conversation):
    reply = conversation(dt.datetime(2028, 3, 10, 20, 15, tzinfo=JST))(
        "SOMPOに電話したら、本格的な対応は翌営業日になるかもと言われました。明日は土曜ですが、いつになりますか")
    assert "3月13日（月）9:00" in reply
