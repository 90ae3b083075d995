"""Short follow-ups in a quote dialogue lean on the premiums just answered: 「その差額は？」 after two
premiums gives their difference (two facilities, one plan) or the two plans side by side (one
facility, two plans), and 「補償の違いは？」 the plans' limits. Premiums from the pamphlet's tables
(section 8); dialogues written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.clock import JST

NOON = dt.datetime(2031, 1, 15, 12, 0, tzinfo=JST)


def test_the_difference_of_two_premiums_for_two_facilities(conversation):
    say = conversation(NOON)
    assert "90,280円" in say("老健で定員30人だと、H4はおいくらですか")
    assert "164,120円" in say("それが病院の30床だったら？")
    reply = say("差額はいくらですか")
    assert "年間保険料の差は 73,840円" in reply


def test_the_limits_asked_after_two_plans_of_one_facility(conversation):
    say = conversation(NOON)
    say("診療所です。H2とH5の保険料を比べてもらえますか")
    reply = say("補償の違いも教えてください")
    assert "損害賠償3,000万円" in reply and "損害賠償2億円" in reply


def test_a_difference_asked_with_nothing_quoted_before_is_not_made_up(conversation):
    reply = conversation(NOON)("その差額は？")
    assert "年間保険料の差は" not in reply


def test_a_limit_wanted_above_the_plans_gets_the_custom_design_or_its_cap(conversation):
    reply = conversation(NOON)("賠償3億円、事故対応1億円くらいの補償にしたいのですが、そういう設計はできますか")
    assert "10億" in reply and "3億" in reply and "0985-23-9100" in reply
    reply = conversation(NOON)("うちは大きい病院なので、賠償は15億円の補償をつけたいです。可能ですか")
    assert "個別設計の上限（損害賠償10億円・事故対応費用3億円）を超えています" in reply


def test_two_sums_asked_against_the_plan_named_before_meet_the_yearly_total(conversation):
    say = conversation(NOON)
    say("H3に入ってます。損害賠償と事故対応費用の上限を教えてください")
    reply = say("同じ年に賠償で4,500万、事故対応で1,000万かかったら、両方とも満額出ますか")
    assert "総保険金額 5,000万円 を超えるため、お支払いは 5,000万円 が限度です" in reply


def test_a_claim_told_with_the_plan_inside_an_incident_is_set_against_its_limit(conversation):
    say = conversation(NOON)
    say("職員の設定ミスで、連携している検査会社のシステムが半日止まり、検査会社から損害賠償を求められています")
    reply = say("請求額は8,000万円。うちはH3です")
    assert "損害賠償 8,000万円 → 保険金額 5,000万円 を超えています" in reply and "超える 3,000万円" in reply


def test_a_plan_named_by_its_place_or_by_one_limit_changed(conversation):
    say = conversation(NOON)
    assert "152,220円" in say("入所50名の老健で、H6を検討中です。年額を教えてください")
    reply = say("事故対応の額はそのままで、賠償だけ倍にできるプランってある？")
    assert "H7の年間保険料は 163,580円" in reply  # 2億/5,000万 beside 1億/5,000万
    assert "年間保険料の差は 11,360円" in say("いくら上乗せになります？")
    assert "H6の年間保険料は 152,220円" in say("ひとつ下のプランだと？")


def test_a_new_plan_asked_with_its_difference_gets_both(conversation):
    say = conversation(NOON)
    say("30床の病院じゃっど。H5はなんぼな？")
    reply = say("H7にすっと、なんぼ上がっと？")
    assert "211,430円" in reply and "年間保険料の差は 34,750円" in reply


def test_two_plans_asked_each_are_both_priced(conversation):
    reply = conversation(NOON)("うちん老健は入所が百人やっちゃけど、H1とH2はそれぞれいくらけ？")
    assert "57,100円" in reply and "66,620円" in reply


def test_how_far_a_plan_is_from_the_budget_just_given(conversation):
    say = conversation(NOON)
    assert "H7は予算を超えます" in say("内科の医院です。保険料は年6万5千円まで。入れるのはどのタイプ？")
    assert "2,650円 上回ります" in say("H7にするにはあと何円足りない？")


def test_a_size_corrected_in_a_quote_is_no_alarm_and_reprices(conversation):
    say = conversation(NOON)
    assert "57,080円" in say("労健で入所定員３０名ですが、H3のほけんりょうは？")  # 労健: 老健 mistyped
    reply = say("すいません、定員は今年から５０名に増えてました")
    assert "80,370円" in reply and "今すぐお電話ください" not in reply


def test_where_to_get_a_formal_quote_names_the_agent(conversation):
    say = conversation(NOON)
    say("定員50人の老健でH4。パンフの金額でそのまま決まりですか？")
    assert "宮崎県医師協同組合（ご加入・保険料・変更・脱退のお問い合わせ）" in say("正式な見積もりはどこに頼めばいいですか")


def test_the_facilities_summed_are_summed_again_with_one_plan_changed(conversation):
    say = conversation(NOON)
    say("同じ医療法人で50床の病院と定員30人の老健をやってます。それぞれ別々にH3で入ったら合計いくら？")
    reply = say("老健のほうだけH1に下げたら、2つ合わせていくら？")
    assert "病院（50床）・H3：143,930円" in reply and "介護老人保健施設（30人）・H1：30,710円" in reply
    assert "合計：174,640円" in reply
    reply = say("両方H2なら？")
    assert "病院（50床）・H2：91,730円" in reply and "合計：127,560円" in reply


def test_joining_the_facilities_summed_gets_the_note_and_no_made_up_saving(conversation):
    say = conversation(NOON)
    say("同じ医療法人で50床の病院と定員30人の老健をやってます。それぞれ別々にH3で入ったら合計いくら？")
    reply = say("1本にまとめて入ったほうが安くなる？")
    assert "年間保険料は表と異なります" in reply and "0985-23-9100" in reply
    assert "合計：" not in reply


def test_a_new_size_after_a_sum_is_a_new_quote_not_the_sum_again(conversation):
    say = conversation(NOON)
    say("同じ医療法人で50床の病院と定員30人の老健をやってます。それぞれ別々にH3で入ったら合計いくら？")
    reply = say("100床の病院でH1はいくら")
    assert "合計：" not in reply and "病院（100床）" in reply


def test_a_higher_budget_after_a_budget_question_names_the_plan_with_the_most_cover(conversation):
    say = conversation(NOON)
    say("一般の診療所で、予算は年に5万円。その中で補償が一番厚いのはどのタイプ？")
    reply = say("6万円まで出せるなら？")
    assert "年間保険料が60,000円以内" in reply and "最も大きいのは H5" in reply
    reply = say("そのプランと、ひとつ下のH4とでは補償の何が違うんですか")
    assert "損害賠償2億円" in reply and "損害賠償1億円" in reply


def test_a_limit_wanted_beyond_the_table_gets_the_custom_design(conversation):
    say = conversation(NOON)
    say("内科の無床クリニックです。H2だと年いくらですか")
    reply = say("賠償のほうは5億くらいほしいと院長が言ってます")
    assert "パンフレットの表にはありません" in reply and "個別設計" in reply and "10億" in reply and "0985-23-9100" in reply


def test_a_new_size_with_a_word_of_difference_gets_both_premiums_and_the_difference(conversation):
    say = conversation(NOON)
    say("病床75の病院です。H4の年間保険料を知りたい")
    assert "305,130円" in say("それなら100床の欄のH4は？")
    reply = say("50床だと？あと差額も")
    assert "231,070円" in reply and "年間保険料の差は 74,060円" in reply


def test_a_quote_dialogue_typed_in_kana_asks_the_monthly_amount_and_the_difference(conversation):
    say = conversation(NOON)
    assert "167,850円" in say("ろうけん ていいん１００にん です。Ｈ４ だと ねんかん いくら ですか")
    assert "一括払" in say("つきづきの しはらいに すると いくら？")
    assert "101,230円" in say("Ｈ２に さげたら いくら やすく なる？")


def test_sums_set_against_one_plan_are_set_against_the_next_plan_named(conversation):
    say = conversation(NOON)
    first = say("We're on H6. In one policy year we face an 80-million-yen damages award and 50 million yen of "
                "incident-response costs. How much would the policy pay in total?")
    assert "8,000万円" in first and "総保険金額 1億円 を超える" in first
    again = say("And if we had H7 instead?")
    assert "合計 1億3,000万円" in again and "総保険金額 2億円 の範囲内" in again


def test_more_cover_than_the_largest_plan_gets_the_custom_design(conversation):
    say = conversation(NOON)
    say("病院50床でH7の保険料は？")
    reply = say("H7よりもっと大きい補償はありますか")
    assert "個別設計" in reply and "10億" in reply and "0985-23-9100" in reply
    assert "297,680円" not in reply  # not the premium of H7 again


@pytest.mark.parametrize("question", ["自己負担ってあるんですか", "このサイバー保険、免責金額はありますか", "Is there a deductible?"])
def test_the_deductible_asked_is_the_tables_column(conversation, question):
    say = conversation(NOON)
    say("一般診療所のH3の保険料を教えてください")
    reply = say(question)
    assert "自己負担額" in reply and "なし" in reply and "パンフレットの記載" not in reply
