"""Data seen leaving the clinic's own machine (「患者さんの情報が外に送られてるみたい」 "data being sent out") is
a leak: the emergency answer with the leak's first steps and its record, whatever else the message asks."""

from __future__ import annotations

import datetime as dt

import pytest

from handlers.emergency import detect
from knowledge.text import normalize

JST = dt.timezone(dt.timedelta(hours=9))
SUNDAY_NIGHT = dt.datetime(2027, 1, 17, 22, 40, tzinfo=JST)


@pytest.mark.parametrize("text", [
    "受付のパソコンから、患者さんの情報が外に送られてるみたいです",
    "検査データが外部に送信されている形跡があると業者から言われました",
    "It looks like patient records are being sent out from the front-desk PC",
])
def test_data_sent_out_is_read_as_a_leak(text):
    found = detect(normalize(text))
    assert (found.level, found.kind) == ("emergency", "data_leak")


def test_data_sent_out_opens_a_leak_record_with_the_leak_steps(conversation):
    reply = conversation(SUNDAY_NIGHT)("受付のパソコンから、患者さんの情報が外に送られてるみたいです。どうしたらいいですか")
    assert reply.startswith("今すぐお電話ください")
    assert "漏れた（おそれのある）情報の中身" in reply and "記録番号" in reply
