"""The JMA payments named by their own sums (「攻撃の10万と…漏えいの5万、全部でいくら？」) are a question of the
payments: the amount is worked out, and the leak payment is said not to add to an attack's (sec-11). A sum of money
told beside an event and asked about as cover is not."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.clock import JST

THURSDAY = dt.datetime(2027, 1, 14, 10, 0, tzinfo=JST)


def test_the_payments_named_by_their_sums_are_worked_out(conversation):
    reply = conversation(THURSDAY)("サイバー攻撃で患者情報も流出して2日休診。攻撃の10万と休業と、漏えいの5万、ぜんぶでいくら？")
    assert "合計: 30万円" in reply
    assert "サイバー攻撃による漏えいは" in reply  # the leak payment is not added to the attack's


def test_a_fine_of_the_same_sum_is_still_a_question_of_cover(conversation):
    reply = conversation(THURSDAY)("ウイルス感染の件で罰金10万円を科されました。保険で出ますか？")
    assert "合計:" not in reply


def test_the_leak_payment_asked_on_top_of_an_attacks_in_a_follow_up_keeps_the_attacks_amount(conversation):
    say = conversation(dt.datetime(2027, 9, 27, 10, 0, tzinfo=JST))
    say("9月20日の敬老の日にランサムウェアにやられて、21日と22日は新患さんはお断りして再診だけやりました。"
        "23日は祝日でもともと休み、24日から通常に戻ってます。医師会の支援金っていくらもらえますか？")
    reply = say("ちなみに、そのとき患者さんのデータも抜かれてたとしたら、漏えいの5万円も上乗せでもらえます？")
    assert "合計: 30万円" in reply and "サイバー攻撃による漏えいは、個人情報漏えいの一時支援金（5万円）の対象になりません" in reply
    assert "一時支援金は 5万円 です" not in reply


def test_where_to_file_the_payments_notice_in_a_follow_up_is_where_the_scheme_says(conversation):
    say = conversation(dt.datetime(2027, 9, 27, 10, 0, tzinfo=JST))
    say("先週ランサムウェアにやられて2日休診しました。医師会の支援金っていくらもらえますか？")
    reply = say("その届出ってどこに何を出せばいいんですか？")
    assert "メンバーズルーム" in reply and "日本医師会情報システム課" in reply
    assert "合計:" not in reply  # not the amount again


@pytest.mark.parametrize("question", [
    "医師会の支援金をもらったら、損保ジャパンのサイバー保険の保険金が減らされたりしますか？",
    "医師会の支援金って、申請してから振込まで何日くらいかかりますか？",
])
def test_a_scheme_question_the_pamphlet_does_not_answer_says_so_and_names_the_jma_office(conversation, question):
    reply = conversation(dt.datetime(2027, 10, 6, 9, 20, tzinfo=JST))(question)
    assert "パンフレットには記載がありません" in reply and "日本医師会情報システム課" in reply
    assert "各機能会社" not in reply and "合計:" not in reply


@pytest.mark.parametrize(("case", "said", "unsaid"), [
    # a leak by a mishap held up against the attack's payment: the leak's payment, not the lost-paper ruling of the insurance
    ("じゃあ、看護師が紹介状をなくして患者さんの情報が漏れたときは？", "5万円", "補償の対象となります"),
    # an insider's act held up the same way: the payment's own exclusion
    ("事務員が患者名簿を勝手に持ち出して売ったケースは？", "内部犯罪に起因した案件", "記載が見つかりませんでした"),
])
def test_another_case_held_up_against_the_payment_in_hand_gets_that_cases_payment(conversation, case, said, unsaid):
    say = conversation(dt.datetime(2028, 4, 29, 10, 0, tzinfo=JST))
    say("日医の一時支援金、ランサムウェアで電子カルテが止まって3日休診した場合はいくらになりますか")
    reply = say(case)
    assert said in reply and unsaid not in reply
