"""The JMA payments named by their own sums (「攻撃の10万と…漏えいの5万、全部でいくら？」) are a question of the
payments: the amount is worked out, and the leak payment is said not to add to an attack's (sec-11). A sum of money
told beside an event and asked about as cover is not."""

from __future__ import annotations

import datetime as dt

from knowledge.clock import JST

THURSDAY = dt.datetime(2027, 1, 14, 10, 0, tzinfo=JST)


def test_the_payments_named_by_their_sums_are_worked_out(conversation):
    reply = conversation(THURSDAY)("サイバー攻撃で患者情報も流出して2日休診。攻撃の10万と休業と、漏えいの5万、ぜんぶでいくら？")
    assert "合計: 30万円" in reply
    assert "サイバー攻撃による漏えいは" in reply  # the leak payment is not added to the attack's


def test_a_fine_of_the_same_sum_is_still_a_question_of_cover(conversation):
    reply = conversation(THURSDAY)("ウイルス感染の件で罰金10万円を科されました。保険で出ますか？")
    assert "合計:" not in reply
