"""What staff write in words the assistant had not read before (the dev half of eval set 23, asked here in
other words), through the whole engine: a public holiday of a year written before it (「2021年の海の日」)
dates a past event; a staff member using patients' details for a side business is insider misuse, which
the JMA payments exclude; 「年間の費用」 of the insurance is its premium; whether a report made elsewhere
counts as telling the insurer is the duty to call; an item likened and denied (「戦争みたいなものでは
ありません」) is taken back; a day the triage records says whether it was yesterday; a contracted service
not performed, with the other side's extra cost asked, is exclusion ⑤; a weekday named as a deadline (「水曜までに」, in an attacker's note) is no
day that has been."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.clock import JST
from knowledge.dates import read_date

WEDNESDAY = dt.datetime(2031, 1, 15, 10, 0, tzinfo=JST)


@pytest.mark.parametrize(("text", "day"), [
    ("令和4年の成人の日の連休にサーバーがやられました", dt.date(2022, 1, 10)),
    ("2029年の海の日に攻撃を受けました", dt.date(2029, 7, 16)),
    ("成人の日に攻撃されました", dt.date(2031, 1, 13)),  # no year: the latest such day
])
def test_a_holiday_is_read_in_the_year_written_before_it(text, day):
    reading = read_date(text, WEDNESDAY.date())
    assert reading is not None and reading.date == day


def test_a_payment_asked_for_an_attack_on_a_holiday_of_a_year_before_the_scheme_is_out_of_its_period(conversation):
    say = conversation(WEDNESDAY)
    reply = say("2021年の海の日の前後にサーバーが暗号化されて、3日休診しました。日医の支援金はもらえますか")
    assert "2021年7月22日" in reply and "対象期間外" in reply


def test_patients_details_used_for_a_side_business_are_insider_misuse_the_jma_payments_exclude(conversation):
    say = conversation(dt.datetime(2029, 3, 2, 16, 0, tzinfo=JST))
    reply = say("看護師が患者さんの住所を無断で控えて、自分の副業の営業に使っていました。日医の支援金は出ますか")
    assert "内部犯罪" in reply and "5万円 です" not in reply


def test_what_the_insurance_costs_a_year_is_a_premium_question(conversation):
    reply = conversation(WEDNESDAY)("院内の会議で、サイバー保険の年間の費用を報告しないといけません")
    assert "施設の種類" in reply


def test_whether_a_report_made_elsewhere_counts_as_telling_the_insurer_gets_the_duty_to_call(conversation):
    reply = conversation(WEDNESDAY)("警察には届けました。これで損保ジャパンにも届けたことになりますか")
    assert "ただちに損保ジャパンまたは取扱代理店までご連絡ください" in reply


def test_an_item_likened_and_denied_is_no_ruling_of_that_item(conversation):
    reply = conversation(WEDNESDAY)("元患者が腹いせにうちのホームページを書き換えました。戦争みたいなものではありませんが、これも補償の対象になりますか？")
    assert "⑪" not in reply and "対象外とされています" not in reply


def test_a_day_recorded_in_the_triage_says_it_was_yesterday(conversation):
    say = conversation(dt.datetime(2030, 2, 6, 9, 10, tzinfo=JST))
    say("電子カルテが開けず、画面に英語の脅迫文が出ています")
    reply = say("気づいたのは昨日の夜11時ごろです")
    assert "気づいた日時：2030年2月5日 23時ごろ（昨日）" in reply


def test_a_contracted_check_up_not_performed_with_the_extra_cost_asked_is_exclusion_5(conversation):
    reply = conversation(WEDNESDAY)("院長が入院して、契約していた学校健診ができず、学校からほかの医療機関に頼んだ差額を払ってくれと言われています。保険で出ますか")
    assert "対象外とされています" in reply and "履行不能" in reply


@pytest.mark.parametrize("text", [
    "受付のパソコンに『水曜までに連絡しなければデータをばらまく』というメモが残っていました",
    "業者から、金曜の夕方までに見積もりを出すと言われています",
])
def test_a_weekday_named_as_a_deadline_is_no_day_that_has_been(text):
    assert read_date(text, WEDNESDAY.date()) is None


def test_a_deadline_in_the_attackers_note_is_not_recorded_as_when_it_was_noticed(conversation):
    say = conversation(dt.datetime(2029, 2, 17, 22, 10, tzinfo=JST))  # a Saturday night
    say("受付のパソコンに『水曜までに連絡しなければデータをばらまく』というメモが残っていました")
    assert "気づいた日時：2029年2月14日" not in say("まとめ")
