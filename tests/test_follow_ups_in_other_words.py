"""Follow-ups and corrections as staff write them, through the whole engine (dialogues written for these
tests after a blind probe, never the probe's own sentences): a quote question asked again of another
size, two sizes compared, cover past the largest plan, an estimate between the printed examples, a
payment's year corrected or its day moved, and the verdicts the pamphlet gives in other words.
Premiums from the pamphlet's tables (section 8), payments from section 11, rulings from section 13."""

from __future__ import annotations

import datetime as dt

from knowledge.clock import JST

NOON = dt.datetime(2025, 12, 9, 12, 0, tzinfo=JST)


# --- quotes ---------------------------------------------------------------------------------


def test_a_budget_question_is_asked_again_of_another_size(conversation):
    say = conversation(NOON)
    assert "H3：190,060円" in say("うちは病院で100床です。保険料が年間20万円に収まるのはどのタイプ？")
    reply = say("それが50床なら？")
    # the same budget for 50 beds: H4 (231,070円) and above no longer fit
    assert "病院（50床）で年間保険料が200,000円以内のタイプ" in reply
    assert "H4〜H7は予算を超えます" in reply


def test_two_sizes_of_one_plan_and_their_difference(conversation):
    reply = conversation(NOON)("H4で、病院の30床と100床だと保険料の差はいくら？")
    assert "164,120円" in reply and "305,130円" in reply
    assert "年間保険料の差は 141,010円" in reply


def test_cover_past_the_largest_plan_gets_the_custom_design_and_its_premium_the_agent(conversation):
    say = conversation(NOON)
    reply = say("H7だと賠償は2億までですよね。3億とかの補償にはできないんですか")
    assert "個別設計" in reply and "10億" in reply
    reply = say("その場合の保険料は？")
    assert "個別設計の保険料は表にありません" in reply and "0985-23-9100" in reply


def test_an_estimate_between_the_printed_examples_is_declined_with_the_examples(conversation):
    say = conversation(NOON)
    say("病院70床でH2の保険料を教えてください")
    reply = say("ざっくりでいいので、だいたいの金額を出してもらえませんか")
    assert "推定で計算してお伝えすることはできません" in reply
    assert "50床" in reply and "100床" in reply and "0985-23-9100" in reply


def test_several_facilities_of_one_corporation_joined_need_no_bed_count(conversation):
    reply = conversation(NOON)("医療法人で診療所が2つと老健が1つあります。一緒に加入できますか？")
    assert "保険金額を共有" in reply and "表と異なります" in reply
    assert "病床数" not in reply and "定員" not in reply.split("出典")[0].replace("介護老人保健施設", "")


# --- payments -------------------------------------------------------------------------------


def test_only_the_year_corrected_keeps_the_day(conversation):
    say = conversation(NOON)
    say("令和5年4月20日にランサムウェアで3日休業しました。支援金はいくらですか")
    reply = say("ごめんなさい、令和5年ではなく令和6年です")
    assert "2024年4月20日" in reply and "40万円" in reply


def test_the_day_of_the_event_moved_by_a_what_if(conversation):
    say = conversation(NOON)
    assert "15万円" in say("2023年5月31日に不正アクセスの被害を受け、2日休業しました。支援金はいくら？")
    reply = say("翌日だったらどうですか")
    assert "2023年6月1日" in reply and "30万円" in reply
    say = conversation(NOON)
    say("We were hacked on 2023-05-31 and closed for 2 days. How much is the JMA payment?")
    assert "2023年6月1日" in say("And if it had been one day later?")


# --- rulings --------------------------------------------------------------------------------


def test_a_weakness_known_and_left_is_not_the_exclusion_for_acts_known_to_be_unlawful(conversation):
    reply = conversation(NOON)("古いルーターにぜい弱性があるのは分かってて、そのままにしてました。そこから入られても保険は出ますか")
    assert "補償されません" not in reply
    assert "認識しながら行った行為" not in reply


def test_terrorism_is_not_named_and_a_caption_is_no_terror(conversation):
    reply = conversation(NOON)("テロ攻撃で電子カルテのサーバーが使えなくなったら、保険の対象ですか")
    assert "テロが補償されるかどうかは、パンフレットには記載がありません" in reply and "戦争" in reply
    reply = conversation(NOON)("動画のテロップに患者さんの名前を出してしまい、本人から訴えると言われました。保険で出ますか")
    assert "テロが補償されるかどうか" not in reply


def test_an_english_failure_said_not_to_be_an_attack_is_covered(conversation):
    reply = conversation(NOON)("Is it covered if our server crashes because of a faulty update, not an attack?")
    assert reply.startswith("In short: covered")
    assert "偶然な事由" in reply


def test_a_question_about_many_days_closed_by_a_fire_gets_the_fire_exception(conversation):
    reply = conversation(NOON)("ボヤでサーバー室が焼けて何日も予約の患者さんを診られなかった場合、賠償を求められた分は？")
    assert "補償の対象となります" in reply and "火災" in reply


def test_english_gets_the_gist_of_a_rule_and_of_an_item_never_named(conversation):
    reply = conversation(NOON)("If a receptionist deliberately leaked data, would the clinic itself still be paid?")
    assert reply.startswith("In short: the pamphlet sets a rule")
    reply = conversation(NOON)("Are terrorist attacks covered?")
    assert reply.startswith("In short: the pamphlet does not say")


def test_joining_asked_in_english(conversation):
    assert "加入依頼書" in conversation(NOON)("How can we join? Is there an application form?")
    assert "加入対象者" in conversation(NOON)("Is it members only, or can non-members join too?")
