"""Two plans asked which is better, with their difference (「H3とH4、どっちがいい？差額は？」): side by side by their
limits, and the difference of the printed premiums in yen (sec-08). A discount's condition not met (「告知書を出さな
かったら保険料は？」) gets what the printed premium assumes, not a new quote."""

from __future__ import annotations

import datetime as dt

from knowledge.clock import JST

TUESDAY = dt.datetime(2027, 1, 5, 10, 0, tzinfo=JST)


def test_which_plan_is_better_with_the_difference(conversation):
    reply = conversation(TUESDAY)("100床の病院です。H3とH4どっちがいいですか？差額もお願いします")
    assert "190,060円" in reply and "305,130円" in reply
    assert "年間保険料の差は 115,070円 です。" in reply
    assert "どちらが良いかは、パンフレットには書かれていません" in reply


def test_a_discount_condition_not_met_gets_the_basis_of_the_printed_premium(conversation):
    reply = conversation(TUESDAY)("告知書を提出しない場合、保険料はいくらになりますか")
    assert "告知書割引30%" in reply
    assert "施設の種類を教えてください" not in reply


def test_a_budget_said_as_a_range_of_ten_thousands(conversation):
    say = conversation(TUESDAY)
    say("無床の診療所です")
    reply = say("年間の予算は3万円台なんですが、どのタイプまで入れますか")
    assert "39,820円" in reply  # H3 fits 30,000–39,999円
    assert "H4〜H7は予算を超えます" in reply


def test_press_interviews_are_the_words_of_the_publicity_support(conversation):
    reply = conversation(TUESDAY)("新聞社から取材の申し込みが来たら、会見の準備を手伝ってもらえますか")
    assert "緊急時広報支援機能" in reply and "記載がありません" not in reply


def test_a_worry_said_beside_the_question_names_no_topic_of_its_own(conversation):
    reply = conversation(TUESDAY)("安全管理ガイドラインの立入検査が心配です。どこかに相談できますか")
    assert "相談窓口を設置する予定です" in reply and "記載がありません" not in reply
