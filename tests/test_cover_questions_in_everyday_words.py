"""Cover questions told the way staff tell them, through the whole engine: the machines taken by the
police (exclusion ⑨), a provider outage whose story also holds a payment's facts (exclusion ③, not the
JMA payment), patients' paper records stolen with a car (the leak is excepted from ④), 「どうにかなる？」
asking for a verdict, recurrence prevention told by its purpose, a notice put off until things calm
down, a change of the clinic's legal form, and English and everyday words for the deductible, the
insured persons, a dispute with the insurer and training materials."""

from __future__ import annotations

import datetime as dt

import pytest

JST = dt.timezone(dt.timedelta(hours=9))
WEDNESDAY = dt.datetime(2031, 1, 15, 10, 0, tzinfo=JST)


def test_machines_taken_by_the_police_are_the_public_authority_exclusion(conversation):
    reply = conversation(WEDNESDAY)("捜査のためとかで警察に受付のノートパソコンを3台持っていかれました。データを移す業者の費用は補償されますか")
    assert "⑨ 差押え、徴発、没収、破壊等の国または公共団体の公権力の行使" in reply and "対象外" in reply


def test_a_provider_outage_with_a_day_closed_is_asked_about_cover_not_the_payment(conversation):
    reply = conversation(WEDNESDAY)("おととい回線業者の障害でネットが一日中つながらず、予約システムも止まりました。臨時のスタッフを頼んだ費用は出ますか")
    assert "③ 電気、ガス、水道、通信もしくはインターネット接続サービスの中断" in reply and "対象外" in reply
    assert "一時支援金" not in reply


def test_patients_paper_records_stolen_with_the_car_are_a_leak_excepted_from_four(conversation):
    reply = conversation(WEDNESDAY)("訪問診療の車上荒らしで、患者さんの紙のカルテの写しを入れたバッグを盗まれました。患者さんへのお詫びの費用は保険で見てもらえますか")
    assert "ただし、他人の紙または記録媒体が紛失、盗取または詐取されたことにより発生した情報の漏えい" in reply
    assert "補償されません" not in reply


def test_dounika_naru_asks_for_a_verdict(conversation):
    reply = conversation(WEDNESDAY)("委託元の会社に出すはずのデータ入力が、担当者の急な退職で期限に間に合わず、損害賠償だと言われています。保険でどうにかなりませんか")
    assert "⑤ 記名被保険者の業務の履行不能または履行遅滞" in reply


def test_recurrence_prevention_told_by_its_purpose_is_a_response_cost(conversation):
    reply = conversation(WEDNESDAY)("ウイルス感染のあと、同じことが起きないように外部の専門家に職員研修をお願いしました。その謝礼は保険から出ますか")
    assert "再発防止実施費用" in reply and "対象とされています" in reply


def test_a_notice_put_off_until_things_calm_down_is_the_duty_to_notify_without_delay(conversation):
    reply = conversation(WEDNESDAY)("事故の報告は、院内が片付いてから2週間後くらいにまとめて損保ジャパンにしても大丈夫ですか")
    assert "1. 以下の事項を遅滞なく書面で通知してください。" in reply


def test_a_change_of_legal_form_is_notified(conversation):
    reply = conversation(WEDNESDAY)("秋に個人立から医療法人に切り替えます。入っている保険について何かしておく必要はありますか")
    assert "告知事項に変更が発生する場合、取扱代理店または損保ジャパンまでご通知ください" in reply


@pytest.mark.parametrize(("text", "expected"), [
    ("Does this insurance have a deductible we pay first?", "自己負担額"),
    ("Are employees such as our receptionists insured persons under the policy?", "記名被保険者の使用人等"),
    ("保険金のことで損保ジャパンと揉めたら、相談できる第三者の窓口はありますか", "そんぽADRセンター"),
    ("スタッフ向けのセキュリティの教材を無料で手に入れられるところはありますか", "Tokio Cyber Port"),
])
def test_everyday_and_english_words_find_the_pamphlets_statement(conversation, text, expected):
    assert expected in conversation(WEDNESDAY)(text)


def test_is_this_covered_as_a_kind_of_incident_gets_the_cover_of_the_event(conversation):
    reply = conversation(WEDNESDAY)("受付の職員が、患者さんの氏名入りの問診メモを翻訳サイトに貼り付けていました。これも情報漏えいとして補償されますか")
    assert "①情報漏えい・おそれ" in reply and "補償の対象となる可能性があります" in reply
    assert "0120-318-258" in reply  # the desk, as beside every message near an incident



# --- the event a cost follows, told by the conversation rather than in the rulings' words ------------------


def test_a_device_taken_from_the_car_is_the_event_that_a_patient_letter_cost_follows(conversation):
    reply = conversation(WEDNESDAY)("訪問先に停めていた車から、患者さんの情報が入ったタブレットを取られました。患者さんへの連絡にかかる費用は補償されますか")
    assert "遺失届" in reply  # the first steps of a lost or stolen device
    assert "補償の対象となります" in reply and "謝罪文作成・送付費用" in reply


def test_a_gift_asked_about_inside_the_incident_leans_on_the_event_told_before(conversation):
    say = conversation(WEDNESDAY)
    say("事務員が健診結果を別の会社にメールしてしまいました")
    reply = say("名前が出た方にお見舞いの品を送りたいのですが、その代金も保険から出ますか")
    assert "個人見舞費用" in reply and "補償の対象となります" in reply


def test_a_gift_asked_about_with_no_event_told_gets_no_verdict_of_cover(conversation):
    reply = conversation(WEDNESDAY)("患者さんにお見舞いの品を配りたいと思っています。その代金は保険から出ますか")
    assert "補償の対象となります" not in reply


def test_a_break_in_where_a_laptop_was_carried_off_is_a_theft_not_staff_misuse(conversation):
    reply = conversation(WEDNESDAY)("昨日の夜、倉庫の窓を割られて、患者名簿の入ったノートPCが持ち出されていました")
    assert "遺失届" in reply and "関わった職員のアカウント" not in reply


# --- when the insurer pays ---------------------------------------------------------------------------


@pytest.mark.parametrize("question", [
    "請求の書類を一式送りました。保険金はどれくらいで振り込まれるものですか",
    "ほけんきんは いつ はいりますか",
    "How long does it take before the claim is paid out?",
])
def test_when_the_insurer_pays_is_the_pamphlets_thirty_days_and_its_exceptions(conversation, question):
    reply = conversation(WEDNESDAY)(question)
    assert "30日以内に保険金をお支払いします" in reply and "④日本国外での調査" in reply


def test_when_the_jma_pays_is_not_answered_with_the_insurers_thirty_days(conversation):
    reply = conversation(WEDNESDAY)("日医の一時支援金は申請してからいつごろ振り込まれますか")
    assert "30日以内に保険金をお支払いします" not in reply
