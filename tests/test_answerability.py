"""knowledge.answerability: which questions name a topic the pamphlet never mentions."""

from __future__ import annotations

import pytest

from knowledge.answerability import unknown_topics


@pytest.mark.parametrize("question, topic", [
    ("保険料って経費で落とせますか？", "経費"),
    ("来年は自動更新になるの？", "自動更新"),
    ("保険料を月払いにできますか？", "月払い"),
    ("加入するとBCPの策定支援もありますか", "BCP"),
    # each part is in the pamphlet, but no statement speaks of them together
    ("加入したらウイルス対策ソフトを提供してもらえますか", "ウイルス対策ソフト"),
])
def test_a_topic_missing_from_the_pamphlet_is_found(question, topic):
    assert topic in unknown_topics(question)


@pytest.mark.parametrize("question", [
    "代理店の受付は何時まで？",  # how people ask is no topic
    "診療所でH4にしたら年間いくら？",
    "けいやくきかんは何年ですか",  # kana is cut at random; it is never held against the question
    "免責金額とか自己負担はありますか？",  # a synonym of the pamphlet's 自己負担額
    "謝罪文の作成費用は対象ですか？",  # a compound of two words the pamphlet uses
    "壊されたシステムの修理代は？",  # the cost of something the pamphlet names
    "患者さんにお見舞い金を払ったらその分は？",  # a spelling of the pamphlet's 見舞金
    "海外の学会出張中にノートPCから情報漏れたら対象？",  # a synonym and one more character
    "代理店のファックス番号おしえてください",
    "What is the policy period of this cyber insurance?",
])
def test_questions_the_pamphlet_answers_are_not_refused(question):
    assert unknown_topics(question) == []


@pytest.mark.parametrize("question", [
    "先週、患者さんの情報を誤送信しました。補償されますか",
    "今朝気づきました。毎日使っているパソコンのデータ復旧の費用は出ますか",
    "ネットの掲示板に書き込みが増えています。対応してくれるサービスはありますか",
])
def test_when_a_story_happened_names_no_topic_the_pamphlet_lacks(question):
    assert unknown_topics(question) == []


def test_a_topic_the_pamphlet_lacks_is_still_found_beside_the_story_words():
    assert unknown_topics("先週言われました。保険料は経費で落とせますか") == ["経費"]
