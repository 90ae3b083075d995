"""「こういうのも保険の対象ですか」 asked while reporting an incident: the emergency answer first, then the
pamphlet's 対象事由 the incident's kind falls under (knowledge/first_steps.yaml, quoted from section 4) with
what is paid for it; a question that names its own item is answered as before. Through the whole engine."""

from __future__ import annotations

import datetime as dt

import pytest

from handlers.intents import asks_cover_of_the_event
from knowledge.incident_flow import get_incident_flow
from knowledge.text import normalize

JST = dt.timezone(dt.timedelta(hours=9))
SATURDAY_MORNING = dt.datetime(2029, 6, 9, 7, 50, tzinfo=JST)


@pytest.mark.parametrize(("text", "event"), [
    ("クリニックのホームページが書き換えられて、知らない外国語の声明文が表示されています。患者さんのデータは見えていないようですが、"
     "こういうのも保険の対象ですか", "③サイバー攻撃"),
    ("サーバーのファイルが全部暗号化されて開けません。保険って使えますか？", "③サイバー攻撃"),
    ("患者さんの検査結果を別の患者さんに郵送してしまいました。これって補償されますか", "①情報漏えい・おそれ"),
])
def test_the_cover_of_the_incident_itself_follows_the_emergency(conversation, text, event):
    reply = conversation(SATURDAY_MORNING)(text)
    assert "今すぐお電話ください" in reply  # the emergency first
    assert reply.index("今すぐお電話ください") < reply.index(event)
    assert "補償の対象となる可能性があります" in reply and "保険金をお支払いできない主な場合" in reply


def test_the_cover_asked_later_in_the_triage(conversation):
    say = conversation(SATURDAY_MORNING)
    say("サーバーのファイルが全部暗号化されて身代金を要求されています")
    reply = say("これって保険の対象になりますか")
    assert "③サイバー攻撃" in reply and "補償の対象となる可能性があります" in reply
    assert "引き続き、状況を教えてください" in reply  # the triage goes on


def test_an_item_named_keeps_its_own_ruling(conversation):
    # the ransom is ruled on (not stated): never "may be covered" because the incident is an attack
    reply = conversation(SATURDAY_MORNING)("ランサムウェアで身代金を要求されています。身代金を払ったら保険で出ますか？")
    assert "補償の対象となる可能性があります" not in reply


@pytest.mark.parametrize(("text", "asks"), [
    ("結果のデータは見えていないようですが、こういうのも保険の対象ですか", True),
    ("ランサムウェアにやられた。保険って使える？", True),
    ("Our website was defaced. Is this covered?", True),
    ("後始末のお金、保険で出る？", False),  # names what it asks about
    ("お詫び状の費用は保険の対象ですか", False),
    ("法人の通販サイトのアカウントが乗っ取られて、高い本を何十冊も買われました。保険で出る？", False),  # the money lost is asked about
    ("保険料はいくら？", False),
    ("この件、保険で何が出ますか", True),  # what is paid for it, asked of the incident
    ("What does our policy cover here?", True),
    ("保険でいくらまで出ますか", False),  # a limit, the plan's figure
])
def test_which_questions_ask_about_the_event_itself(text, asks):
    assert asks_cover_of_the_event(normalize(text)) is asks


def test_every_cover_event_quotes_the_pamphlet_and_an_outage_has_none():
    flow = get_incident_flow()
    assert flow.cover_event("ransomware").label == "③サイバー攻撃"
    assert flow.cover_event("lost_device").label == "①情報漏えい・おそれ"
    assert flow.cover_event("system_down") is None  # may be a power cut, which is excluded
    assert flow.cover_event("insider") is None


def test_a_cover_statement_not_in_the_pamphlet_stops_the_start_up(tmp_path):
    import yaml

    from knowledge.incident_flow import PATH, IncidentFlow

    data = yaml.safe_load(PATH.read_text(encoding="utf-8"))
    data["cover_events"][0]["statement"] = "どんな損害もすべて補償します"
    with pytest.raises(ValueError, match="not in sec-04"):
        IncidentFlow.model_validate(data)


def test_does_the_insurance_work_is_a_verdict_question(conversation):
    reply = conversation(SATURDAY_MORNING)(
        "院内で作った受付アプリについて、よその会社から実用新案権の侵害だと警告書が届きました。賠償になったら保険はききますか")
    assert "補償されません" in reply and "知的財産権の侵害" in reply


def test_notifying_the_patients_after_a_leak_is_a_response_cost(conversation):
    reply = conversation(SATURDAY_MORNING)(
        "A nurse posted a list of patient names to a public site by mistake. Would the costs of notifying the patients be covered?")
    assert "補償の対象となります" in reply and "謝罪文作成・送付費用" in reply


def test_an_apology_and_its_cost_in_one_clause_inside_an_incident_is_a_response_cost(conversation):
    say = conversation(SATURDAY_MORNING)
    say("クリニックの公式アカウントから、誰も送っていないキャンペーンのメッセージが患者さんに送信されています")
    reply = say("患者さんにお詫びのハガキを出すとしたら、その費用は保険で出ますか")
    assert "補償の対象となります" in reply and "謝罪文作成・送付費用" in reply


def test_what_the_insurance_pays_for_the_incident_in_hand_is_its_cover_event(conversation):
    say = conversation(SATURDAY_MORNING)
    say("サーバーの中のファイルが全部読めなくなって、見たことのない拡張子がついています")
    reply = say("この件、保険で何が出ますか")
    assert "③サイバー攻撃" in reply and "賠償責任・争訟費用" in reply


@pytest.mark.parametrize("text", [
    "患者さんから『あんたのとこから私の病名が漏れた、100万払え』と内容証明が届きました。原因はうちの受付のパソコンが乗っ取られたことらしいです。"
    "保険でなんとかなりますか",
    "委託先から来ているスタッフが、患者さんの予約一覧をうっかり自分の私用のメールアドレスに送ってしまいました。うちの保険で対応できますか",
])
def test_the_cover_asked_in_everyday_words_follows_the_emergency(conversation, text):
    reply = conversation(SATURDAY_MORNING)(text)
    assert "今すぐお電話ください" in reply and "補償の対象となる可能性があります" in reply


def test_a_patient_identified_from_a_published_case_is_a_leak_whose_cover_is_answered(conversation):
    reply = conversation(SATURDAY_MORNING)(
        "ホームページの『症例紹介』に、年齢と住んでる町名と職業まで書いてしまって、近所の人に本人だと分かってしまいました。"
        "本人から抗議が来ています。保険の対象になりますか")
    assert "①情報漏えい・おそれ" in reply and "補償の対象となる可能性があります" in reply


def test_what_a_kind_of_attack_would_cost_asked_before_joining_gets_the_list_of_cover(conversation):
    """No event of the clinic's is told: the pamphlet's list of what is paid, not 「記載が見つかりませんでした」."""
    reply = conversation(SATURDAY_MORNING)("サイバー保険って、ランサムウェアにやられた時はどんな費用が出るんですか？加入検討中です")
    assert "事故対応特別費用" in reply and "見つかりませんでした" not in reply
