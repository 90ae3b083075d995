"""What staff write that the pamphlet's own words do not: a facility it prints no premium for, a
budget raised by "two thousand more", the most comprehensive plan asked in English, a temporary
phone line whose cost is asked, a first-steps question in the middle of an incident, icons on a
PC's desktop, a closure said with 閉めました, money "from the JMA" asked without the payment's name,
and how many kinds of event the insurance covers. Through the whole engine, with retrieval."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from handlers.emergency import detect
from handlers.messages import Inbound

JST = dt.timezone(dt.timedelta(hours=9))
WEDNESDAY = dt.datetime(2026, 12, 2, 11, 0, tzinfo=JST)


@pytest.fixture
def talk(conversation):
    """One conversation (tests/conftest.py): each call is the next message in it."""
    return conversation(WEDNESDAY)


@pytest.mark.parametrize("text", ["同じ法人で特別養護老人ホーム（定員80）もやってます。特養もこの保険に入れますか？保険料は？",
                                  "調剤薬局用の保険料表ってありますか？H1で考えています",
                                  "訪問看護ステーションの保険料を教えてください"])
def test_a_facility_the_pamphlet_prints_no_premium_for_is_sent_to_the_agent(talk, text):
    reply = talk(text)
    assert "記載がありません" in reply and "0985-23-9100" in reply
    assert "施設の種類を教えてください" not in reply


def test_a_facility_typed_with_the_wrong_kanji_is_still_quoted(talk):
    assert "152,220円" in talk("老建（定員５０名）でＨ６の保険料をおしえてください")


def test_a_budget_raised_by_an_amount_adds_to_the_last_one(talk):
    first = talk("診療所です。年5万円までで一番手厚いのはどれですか")
    assert "H3" in first and "51,800円" not in first
    more = talk("あと2千円ぐらい足せるなら？")
    assert "52,000円以内" in more and "51,800円" in more and "56,500円（" not in more


def test_the_most_comprehensive_plan_asked_in_english_is_h7(talk):
    talk("We're a dermatology clinic with no inpatient beds. What's the cheapest cyber plan and its price?")
    reply = talk("And the most comprehensive one?")
    assert "H7" in reply and "67,650円" in reply


def test_the_cost_of_a_temporary_phone_line_is_a_coverage_question(talk):
    reply = talk("問い合わせの電話が鳴りやまなくて、臨時の電話窓口を外部に頼んだら、その費用は？")
    assert "コールセンター" in reply and "時点の受付状況" not in reply


def test_the_contact_list_is_still_given_when_a_line_is_asked_for(talk):
    assert "0120-179-066" in talk("日医の窓口の電話番号は？")


def test_a_first_steps_question_inside_an_incident_gets_the_steps_of_its_kind(talk):
    talk("事務所の共有PCで、職員がネットの広告をクリックしてから、デスクトップに見たことないアイコンが増えて、勝手に再起動を繰り返してます")
    reply = talk("とりあえず電源は切ったほうがいいですか")
    assert "LANケーブル" in reply and "電源は切らず" in reply
    assert "お答えできません" not in reply


def test_icons_on_a_pc_desktop_are_malware_not_a_website():
    d = detect("デスクトップに見たことないアイコンが増えて、勝手に再起動を繰り返してます")
    assert d.level == "emergency" and d.kind == "malware"
    assert detect("デスクトップのアイコンを整理したいです").level == "none"


def test_a_closure_said_with_shimemashita_counts(talk):
    reply = talk("おとといの晩にやられて、きのう1日だけ閉めました。支援金なんぼ出ます？")
    assert "休業1日で20万円" in reply  # the attack's amount, shown beside the question of which payment


def test_money_from_the_jma_is_the_one_time_payment(talk):
    reply = talk("知り合いの耳鼻科がウイルス被害で3日休んだらしいです。うちは何もないんですが、そういう時に日医からいくら出るのか教えてあげたくて")
    assert "40万円" in reply and "今すぐお電話ください" not in reply


def test_a_payment_about_an_attack_last_week_is_answered_as_a_payment(talk):
    reply = talk("新患の受付だけ丸2日止めて、再診の方は診てました。これでも休業扱いで支援金出ますか？攻撃を受けたのは先週です")
    assert "30万円" in reply and "休業" in reply and "今すぐお電話ください" not in reply


def test_never_closed_in_english_answers_the_days_question(talk):
    talk("What paperwork is needed for the JMA cyber-attack payment?")
    reply = talk("We were hit the day before yesterday but never closed. How much would we get?")
    assert "10万円 です" in reply and "見つかりませんでした" not in reply


def test_how_many_kinds_of_event_lists_all_four(talk):
    reply = talk("この保険で対象になる事由って何種類あるんですか")
    for item in ("情報漏えい", "デジタルコンテンツ不当事由", "サイバー攻撃", "その他の業務"):
        assert item in reply
    assert "見つかりませんでした" not in reply


@pytest.mark.parametrize("text", [
    "Hi, I run the front desk at a small travel clinic. On Sunday night our booking PC started showing a red screen "
    "saying all our files were locked and giving a deadline to pay. None of the vaccination records would open after that.",
    "Hi, I run the front desk at a small clinic. Our booking PC keeps showing a strange message and nothing opens since this morning.",
])
def test_a_report_that_opens_with_a_greeting_is_still_an_emergency(talk, text):
    reply = talk(text)
    assert "0120-318-258" in reply and ("Call now" in reply or "今すぐお電話ください" in reply)


def test_a_leak_denied_with_sou_iu_hanashi_is_no_patient_data(retrieval_engine):
    key = f"t:{uuid.uuid4().hex}"
    for text in ("朝からレントゲン用のパソコンがネットにつながらへんようになって、撮影ができません。",
                 "患者さんの情報が外に漏れたとか、そういう話とはちゃいます。"):
        reply = retrieval_engine.handle(Inbound(session_key=key, text=text, at=WEDNESDAY))
    record = retrieval_engine.store.get_incident(reply.incident_id)
    assert record.answers.patient_data == "no"


@pytest.mark.parametrize("question", ["LANケーブルは抜いた方がいいですか？", "電源切ったがいいと？", "再起動してもいいですか？"])
def test_what_to_do_with_the_machine_inside_a_ransomware_incident_gets_the_steps(talk, question):
    talk("電子カルテが全部暗号化されて身代金を要求する画面が出ています")
    reply = talk(question)
    assert "LANケーブルを抜く" in reply and "電源は切らず" in reply and "記載がありません" not in reply


def test_a_cover_question_about_unplugging_is_not_taken_for_the_steps(talk):
    talk("電子カルテが全部暗号化されて身代金を要求する画面が出ています")
    assert "まず、次のことをお願いします" not in talk("LANケーブルを抜いたら保険は出なくなりますか？")


def test_the_payment_inside_an_incident_uses_the_days_the_record_counted(retrieval_engine):
    key = f"t:{uuid.uuid4().hex}"
    friday = dt.datetime(2025, 10, 24, 10, 0, tzinfo=JST)
    retrieval_engine.handle(Inbound(session_key=key, text="電子カルテが全部暗号化されて身代金を要求する画面が出ています", at=friday))
    reply = retrieval_engine.handle(Inbound(session_key=key, text="水曜から金曜まで閉めました。木曜はもともと定休日です。",
                                  at=friday + dt.timedelta(minutes=2)))
    text = reply.plain_text()
    assert retrieval_engine.store.get_incident(reply.incident_id).answers.closure_days == 2
    assert "30万円" in text and "40万円" not in text


@pytest.mark.parametrize(("question", "statement"), [
    ("途中で抜けたいときは、どこに言えばいい？", "ご加入窓口の宮崎県医師協同組合までご連絡ください"),
    ("払った保険料って戻ってきます？", "保険料を返還、または未払保険料を請求させていただくことがあります"),
    ("年度の途中で解約したら、払った保険料は返ってきますか？", "保険料を返還"),
])
def test_leaving_the_scheme_and_a_refund_in_plain_words_find_the_pamphlets_rule(conversation, question, statement):
    assert statement in conversation(WEDNESDAY)(question)
