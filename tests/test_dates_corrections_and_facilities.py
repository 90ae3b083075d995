"""What staff write after an incident and while asking for a premium, as they write it: a payment question
beside days closed, closure days written as dates in one clause or in a message parted by full-width spaces,
a correction inside one message, two facilities of one corporation and their sum, the cheapest plan that
reaches a limit. Through the whole engine, with retrieval."""

from __future__ import annotations

import datetime as dt

import pytest

from handlers import triage
from knowledge.text import spaces_as_commas

JST = dt.timezone(dt.timedelta(hours=9))
WEDNESDAY = dt.datetime(2030, 7, 10, 10, 0, tzinfo=JST)


def test_days_closed_told_with_a_payment_question_get_the_amount_after_the_desk(conversation):
    # Nothing says the incident is in hand now: the payment asked about is the answer (session 20; the
    # blind evaluation sets ask for it), and the desk's number comes first in case it is not over.
    reply = conversation(WEDNESDAY)("ランサムウェアにやられて4日休診しました。日医の支援金は全部でいくらですか？")
    assert "今すぐお電話ください" not in reply and "40万円" in reply
    assert reply.index("0120-318-258") < reply.index("40万円")


def test_a_closure_still_going_on_is_an_incident_in_hand(conversation):
    reply = conversation(WEDNESDAY)("ウイルスで3日間診療を止めています。支援金は？")
    assert "今すぐお電話ください" in reply and "LANケーブル" in reply
    assert "40万円" in reply  # the payment asked about, beside the first steps


def test_closed_days_written_as_dates_are_counted(conversation):
    reply = conversation(dt.datetime(2030, 7, 10, 10, 0, tzinfo=JST))(
        "7月1日(月)にランサムウェア被害。翌日の7/2(火)と7/3(水)は休診しました。日医の支援金はいくらになりますか")
    assert "30万円" in reply and "2030年7月1日" in reply  # 10万 + two days closed, from the attack's day


def test_a_message_spaced_into_parts_is_read_part_by_part(conversation):
    # Full-width spaces part 「6/3ランサム被害」「6/4・6/5休診」「支援金いくら？」 as commas would.
    reply = conversation(dt.datetime(2030, 6, 20, 10, 0, tzinfo=JST))("6/3ランサム被害　6/4・6/5休診　支援金いくら？")
    assert "30万円" in reply and "休業2日" in reply


@pytest.mark.parametrize(("text", "days"), [
    ("5日(月)と6日(火)は休診しました", 2),  # dates: each has its weekday
    ("ランサムウェアで電子カルテが止まりました。2日休診します", 2),  # a count, not the 2nd
    ("11/3に感染して休診しました", None),  # the attack's day, not a day closed: asked for
    ("8/19（月）は最後まで診療、8/20（火）だけ休診", 1),
])
def test_dates_closed_and_counts(text, days):
    assert triage.days_closed(text, WEDNESDAY) == days


def test_spaces_part_clauses_only_where_words_are_not_spaced():
    assert spaces_as_commas("6/3ランサム被害　6/4休診　支援金は？") == "6/3ランサム被害、6/4休診、支援金は？"
    assert spaces_as_commas("さいばー こうげき うけて やすんだ") == "さいばー こうげき うけて やすんだ"  # no kanji: word spacing
    assert spaces_as_commas("noticed it 二日前 (Thursday) の夜") == "noticed it 二日前 (Thursday) の夜"  # English spacing


@pytest.mark.parametrize(("text", "expected"), [
    ("老健の見積もりです。定員は30、あ、違いました、50名です。H2でお願いします", "介護老人保健施設（50人）・H2"),
    ("病院じゃなくて診療所です。H3の保険料を教えてください", "一般医院・診療所（有床・無床）・H3"),
    ("30床の病院でH1、いや、H2でした", "病院（30床）・H2"),
])
def test_a_correction_inside_one_message_quotes_what_was_meant(conversation, text, expected):
    assert expected in conversation(WEDNESDAY)(text)


def test_two_facilities_of_one_corporation_each_on_a_plan_and_their_sum(conversation):
    reply = conversation(WEDNESDAY)("うちの法人は定員50の老健と無床診療所を運営しています。両方ともH3で入ると合計いくら？")
    assert "介護老人保健施設（50人）・H3：80,370円" in reply and "一般医院・診療所（有床・無床）・H3：39,820円" in reply
    assert "合計：120,190円" in reply and "年間保険料は表と異なります" in reply  # joined together, the table does not apply


def test_a_second_facility_added_to_the_one_being_quoted(conversation):
    say = conversation(WEDNESDAY)
    say("病院で50床、H4はいくらですか")
    reply = say("同じ法人の老健（定員30人）も別々にH4で入ると、全部でいくら？")
    assert "病院（50床）・H4：231,070円" in reply and "介護老人保健施設（30人）・H4：90,280円" in reply
    assert "合計：321,350円" in reply


def test_two_facilities_each_on_its_own_plan_get_no_single_plan_sum(conversation):
    reply = conversation(WEDNESDAY)("100床の病院はH1、無床診療所はH2で入ると、それぞれいくら？")
    assert "合計：" not in reply


def test_the_cheapest_plan_reaching_a_limit_follows_the_quote_being_made(conversation):
    say = conversation(WEDNESDAY)
    say("30床の病院です。年15万円以内ならどのプランまで入れますか")
    reply = say("賠償を2億円にしたい場合、いちばん安いのはどれですか")
    assert "H5" in reply and "病院（30床）" in reply


def test_an_apology_before_the_right_size_corrects_it(conversation):
    reply = conversation(WEDNESDAY)("100床の病院でH5の保険料を…あ、すみません、うちは50床でした。50床でお願いします")
    assert "病院（50床）・H5" in reply and "248,760円" in reply


def test_an_english_gp_surgery_is_a_clinic(conversation):
    reply = conversation(WEDNESDAY)("Solo GP surgery, no beds. Annual price of H4?")
    assert "51,800" in reply


def test_the_application_form_asked_after_a_quote_is_how_to_apply_not_a_verdict(conversation):
    reply = conversation(WEDNESDAY)("見積もりの金額で納得したので、このまま申込書を送ってもらえますか")
    assert "宮崎県医師協同組合" in reply
    assert "補償されません" not in reply  # the insured's own fee estimates (⑦) are not what was asked


def test_english_amounts_with_their_label_after_them(conversation):
    from knowledge.text import find_amounts_yen

    assert find_amounts_yen("at least 200 million yen of liability cover") == [200_000_000]
    assert find_amounts_yen("¥50m for response costs") == [50_000_000]  # not also ¥50
    assert find_amounts_yen("30 million patients") == []  # no yen: no money
    say = conversation(WEDNESDAY)
    say("What's the cheapest plan for a clinic without beds, and how much is it per year?")
    reply = say("What if we want at least 200 million yen of liability cover? Cheapest option then?")
    assert "H5" in reply and "56,500" in reply


def test_what_the_insurance_costs_asked_in_other_words_is_a_quote(conversation):
    reply = conversation(WEDNESDAY)("院長に頼まれて、サイバー保険にいくら払うことになるか調べてます")
    assert "施設の種類を教えてください" in reply
