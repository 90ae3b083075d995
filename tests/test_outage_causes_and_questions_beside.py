"""Found by a blind tester (probe 41): an outage found to have a cause that is no attack is offered to be closed as
誤報, and a question asked before that offer is answered keeps it open; the cyber payment of an outage says it
holds only for an attack; the lines asked beside a payment question come with it; a patient who told the clinic
is no patient data; cover questions: lost revenue in other words, a D&O question that only shares a word with an
exclusion, and cooling-off, which is no payment refused. Dialogues written for these tests, through the engine."""

from __future__ import annotations

import datetime as dt

import pytest

from handlers.messages import Inbound
from knowledge.clock import JST

NEW_YEARS_EVE = "2031-12-31T22:10"
THURSDAY = "2031-06-12T10:30"


def test_an_outage_found_to_be_a_line_failure_is_offered_to_be_closed(chat):
    chat.say("夜勤です。院内の端末がどれもネットにつながらず、電子カルテが止まってます。攻撃かは分かりません", NEW_YEARS_EVE)
    reply = chat.say("回線業者に確認できました。NTT側の通信障害だったそうです", NEW_YEARS_EVE)
    assert "閉じますか" in reply and "誤報" in reply
    assert chat.record.status != "false_alarm"
    # A question before the yes or no is answered; the offer stays open (its 関係ない is no いいえ).
    reply = chat.say("じゃあ支援金は関係ない感じ？", NEW_YEARS_EVE)
    assert "はい" in reply and "いいえ" in reply
    assert "攻撃によらない場合は対象になりません" in reply
    reply = chat.say("はい", NEW_YEARS_EVE)
    assert "誤報" in reply
    assert chat.record.status == "false_alarm"


def test_an_attack_found_is_no_harmless_cause(chat):
    chat.say("電子カルテのサーバーが止まって、どの端末からも開けません", THURSDAY)
    reply = chat.say("業者さんによると、回線障害じゃなくてランサムウェアに感染していたそうです", THURSDAY)
    assert "閉じますか" not in reply
    assert chat.record.status == "open"


def test_the_lines_asked_beside_a_payment_question_come_with_it(chat):
    chat.say("うちの名前でウイルス付きのメールが取引先に送られてるみたいです", "2032-01-01T11:00")
    reply = chat.say("これは支援金の対象になる？それと、今日電話できる窓口はどこ？", "2032-01-01T11:05")
    assert "一時支援金" in reply
    assert "0120-179-066" in reply and "受付中" in reply


def test_a_patient_who_told_the_clinic_is_no_patient_data(chat):
    chat.say("Our website's front page was replaced with a strange message.", THURSDAY)
    chat.say("A patient emailed us about it at 9am. We have no idea when it started.", THURSDAY)
    assert chat.record.answers.patient_data is None


def _ask(engine, text: str) -> str:
    at = dt.datetime.fromisoformat(THURSDAY).replace(tzinfo=JST)
    return engine.handle(Inbound(session_key=f"cover:{text}", text=text, at=at, channel="eval")).plain_text()


@pytest.mark.parametrize("question", ["ハッキングで休んだ期間の売上げ減少分は出ますか", "攻撃のせいで収入がガクッと減ったら補償ある？"])
def test_lost_revenue_asked_in_other_words_is_not_stated(retrieval_engine, question):
    reply = _ask(retrieval_engine, question)
    assert "記載がありません" in reply.split("関連する記載")[0]
    assert "対象となる可能性" not in reply


def test_an_exclusion_that_only_shares_a_word_gives_no_verdict(retrieval_engine):
    reply = _ask(retrieval_engine, "役員が株主から訴えられたときの役員賠償責任もこの保険で補償されますか？")
    assert "補償されません" not in reply and "対象外とされています" not in reply


def test_cooling_off_is_said_to_be_unavailable_not_a_payment_refused(retrieval_engine):
    reply = _ask(retrieval_engine, "申し込みをやめたいんですがクーリングオフできますか")
    head = reply.split("パンフレットの記載")[0]
    assert "クーリングオフ" in reply
    assert "補償されません" not in head and "対象外" in head


def test_two_questions_about_cover_in_one_message_get_an_answer_each(retrieval_engine):
    reply = _ask(retrieval_engine, "保険金は請求してからどれくらいで振り込まれますか？それと、相手との示談交渉は保険会社に任せられますか？")
    assert "30日" in reply
    assert "示談交渉" in reply and "できません" in reply


def test_a_question_that_points_back_is_not_answered_on_its_own(retrieval_engine):
    reply = _ask(retrieval_engine, "Are regulatory fines covered? And what about that for the staff?")
    assert reply.count("出典") <= 1
