"""The papers a claim needs (sec-16's table of five) are answered whole, whatever the wording, in English
too, after a case told as settled (no alarm), and after the emergency answer when the incident is fresh; a
passage found for the words had quoted one or two rows of the five."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.clock import JST

SATURDAY = dt.datetime(2026, 12, 12, 10, 30, tzinfo=JST)
ROWS = ("① 保険金請求書", "② 事故日時・事故原因", "③ 保険の対象の価額", "④ 公の機関", "⑤ 被保険者が損害賠償責任")


@pytest.mark.parametrize("question", [
    "保険金の請求にはどんな書類が必要ですか？",
    "保険金を請求したいのですが、何を用意すればいいですか",
    "What documents do we need to file a claim?",
])
def test_the_claims_papers_are_listed_whole(conversation, question):
    reply = conversation(SATURDAY)(question)
    assert all(row in reply for row in ROWS)
    assert "損保ジャパンが求めるものを提出してください" in reply


def test_after_a_case_told_as_settled_the_papers_come_without_an_alarm(conversation):
    reply = conversation(SATURDAY)("先週、職員がUSBをなくした件はもう解決しました。保険金を請求したいのですが、何を用意すればいいですか")
    assert all(row in reply for row in ROWS)
    assert "今すぐお電話ください" not in reply


def test_a_fresh_incident_gets_the_emergency_answer_then_the_papers(conversation):
    reply = conversation(SATURDAY)("ランサムウェアに感染しました。保険金の請求に必要な書類は？")
    assert reply.index("今すぐお電話ください") < reply.index("① 保険金請求書")
    assert all(row in reply for row in ROWS)


def test_the_cost_of_making_the_papers_is_a_question_of_cover_not_the_list(conversation):
    reply = conversation(SATURDAY)("保険金請求の書類作成を行政書士に頼んだ費用は出ますか？")
    assert not all(row in reply for row in ROWS)


def test_when_the_money_comes_after_the_papers_went_in_is_the_thirty_days(conversation):
    reply = conversation(SATURDAY)("請求の書類は先週ぜんぶ出しました。保険金が振り込まれるのはいつ頃ですか")
    assert "30日" in reply
    assert not all(row in reply for row in ROWS)
