"""What the triage tells back: an answer that fills slots is confirmed field by field, so that one
filed in the wrong place shows at once. Dialogues written for these tests, through the whole engine.

(The summary does not quote the report as typed: a figure in it that was corrected later would be
restated beside the corrected one.)"""

from __future__ import annotations

import datetime as dt

from knowledge.clock import JST

MONDAY_NOON = dt.datetime(2031, 6, 9, 12, 0, tzinfo=JST)
REPORT = "検査センターに送るはずの依頼書を、番号を一つ押し間違えて近所の歯科医院にFAXしてしまいました"


def test_an_answer_with_two_facts_is_confirmed_field_by_field(conversation):
    say = conversation(MONDAY_NOON)
    say(REPORT)
    reply = say("患者さん3人分で、送ったのは今日の11時半ごろです")
    assert "次のとおり記録しました" in reply
    assert "・人数：約3名" in reply
    assert "・気づいた日時：2031年6月9日 11:30" in reply

