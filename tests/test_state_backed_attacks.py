"""An attack by a state-backed group asked about outside a war is one the pamphlet does not rule on: ⑪ names the
state-involved attacks made in the course of a war or as its direct preparation, and those of grave effect on national
security, which are quoted as related, not a flat 「補償されません」; told in a war, the war's exclusion answers (sec-13)."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.clock import JST

MONDAY = dt.datetime(2027, 3, 1, 10, 0, tzinfo=JST)


@pytest.mark.parametrize("question", [
    "政府系のハッカー集団に攻撃されたら、国家関与ってことで保険は出ないんですか？",
    "Would an attack by state-backed hackers be excluded from the cyber policy?",
])
def test_a_state_backed_attack_outside_a_war_is_not_ruled_on(conversation, question):
    reply = conversation(MONDAY)(question)
    assert "パンフレットには記載がありません" in reply and "イ. アの過程または直接的な準備として行われる国家関与型サイバー攻撃" in reply
    assert "補償されません" not in reply


def test_a_state_attack_told_as_part_of_a_war_is_excluded(conversation):
    reply = conversation(MONDAY)("もし戦争になって、国家が関与したサイバー攻撃で電子カルテが止まった場合、保険は出ますか？")
    assert "補償されません" in reply and "⑪ 戦争等" in reply
