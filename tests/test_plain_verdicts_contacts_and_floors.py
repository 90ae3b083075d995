"""What staff ask and how they expect to be answered: a verdict said plainly before the pamphlet's
ruling (「補償の対象となります」「補償されません」), a line named by who answers it (「代理店さんは何時から
開いてますか」), a free line asked for in English, a day of last month that is no count of days, an
English one-day closure, the payment's requirements asked after its amount, a payment for a theft
said not to be an attack in dialect, and the cheapest plan that reaches a limit. Through the whole
engine, with retrieval."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from handlers.messages import Inbound
from handlers.verdicts import asks_for_a_verdict
from knowledge.text import find_days, normalize

JST = dt.timezone(dt.timedelta(hours=9))
WEEKDAY = dt.datetime(2030, 7, 10, 10, 0, tzinfo=JST)  # a Wednesday
SHOWA_DAY = dt.datetime(2030, 4, 29, 8, 30, tzinfo=JST)  # 昭和の日, a public holiday
SUNDAY_NIGHT = dt.datetime(2030, 3, 17, 2, 10, tzinfo=JST)


@pytest.fixture
def talk(retrieval_engine):
    """One conversation; each call is the next message, a few minutes after the one before."""
    key = f"t:{uuid.uuid4().hex}"
    minutes = iter(range(0, 600, 3))

    def _say(text: str, at: dt.datetime = WEEKDAY) -> str:
        return retrieval_engine.handle(Inbound(session_key=key, text=text, at=at + dt.timedelta(minutes=next(minutes)))).plain_text()

    return _say


@pytest.mark.parametrize(("question", "plainly", "ruled"), [
    ("個人情報保護法違反で罰金を科されたら、その罰金は保険で払えますか？", "補償されません", "対象外とされています"),
    ("漏えいのお詫び状を患者さんに送る費用は保険で出ますか？", "補償の対象となります", "対象とされています"),
])
def test_a_verdict_is_said_plainly_then_as_the_pamphlets_ruling(talk, question, plainly, ruled):
    first_line = talk(question).split("\n")[0]
    assert plainly in first_line and ruled in first_line


def test_a_shop_word_before_ni_is_no_payment_made_first(talk):
    # 「取引先に」 holds 「先に」; the question is whether a claim after a virus is covered.
    reply = talk("うちのPCの感染に気付かないまま取引先にメールを送って、先方のサーバーのデータが全部消えたと"
                 "賠償を求められたら、保険は使えますか")
    assert "補償の対象となります" in reply


def test_an_english_yes_no_question_with_what_inside_asks_for_a_verdict():
    assert asks_for_a_verdict(normalize("Will the policy pay for an outside firm to find out what happened?"))
    assert not asks_for_a_verdict(normalize("What does the policy pay for?"))


def test_the_agents_hours_asked_by_its_name_inside_an_incident(talk):
    talk("日曜の夜中、当直室からです。院内のプリンターが勝手に『全データを暗号化した』と英語で書いた紙を吐き出し続けてます", SUNDAY_NIGHT)
    reply = talk("あと、月曜の朝、代理店さんは何時から開いてますか", SUNDAY_NIGHT)
    assert "0985-23-9100" in reply and "9時" in reply


def test_on_a_holiday_the_agent_is_shut_and_the_desk_answers(talk):
    reply = talk("今日は祝日で当番医です。もし診療中にパソコンで何か起きたら、代理店さんは今日も電話に出てくれますか", SHOWA_DAY)
    assert "平日" in reply and "0120-318-258" in reply


@pytest.mark.parametrize("question", [
    "Nothing urgent, but is there a free line we can call for small security troubles, like our internet not connecting?",
    "支援金の制度のことで日本医師会に電話で直接問い合わせたいんですが、番号を教えてください",
])
def test_a_line_asked_for_gets_the_contact_list(talk, question):
    reply = talk(question)
    assert "0120-179-066" in reply and "03-3942-6135" in reply


def test_a_day_of_last_month_is_no_count_of_days():
    assert find_days("先月の18日に攻撃を受けました") is None


def test_a_payment_with_a_day_of_last_month_and_a_range_closed_then_its_requirements(talk):
    reply = talk("先月の18日に攻撃を受けて、19日から21日まで休業しました。支援金は？")
    assert "40万円" in reply and "休業3日" in reply
    follow = talk("申請するのに必要なことって何かある？")
    assert "届出" in follow and "厚生労働省" in follow


def test_an_english_one_day_closure_after_a_holiday(talk):
    reply = talk("We were hit on 14 January 2030, a public holiday when we were closed anyway, and stayed shut on the 15th. "
                 "What will the JMA pay us?")
    assert "20万円" in reply


def test_a_theft_said_not_to_be_an_attack_in_dialect_gets_the_leak_payment(talk):
    talk("職員の家に空き巣が入って、持ち帰ってた患者さんのリスト入りのUSBも盗まれたって連絡きてん")
    reply = talk("日医のお金って出るん？サイバー攻撃ちゃうけど")
    assert "5万円" in reply and "内部犯罪に起因した案件はお支払いの対象外" not in reply.split("\n")[0]


def test_the_cheapest_plan_that_reaches_a_liability_limit(talk):
    talk("30床の病院です。年15万円以内でいちばん手厚いタイプはどれ？")
    reply = talk("やっぱり賠償が1億ないと不安。その条件でいちばん安いのは？")
    assert "H4（164,120円）" in reply and "H3" not in reply


@pytest.mark.parametrize(("question", "amount"), [
    # the usual Sunday and a holiday inside the range are no days closed (the JMA counts days closed)
    ("攻撃は11/20(金)で、休業は11/21(土)から11/24(火)まで。日曜と祝日の11/23はもともと休診日です。支援金はいくら？", "30万円"),
    ("We were closed Thursday and Friday after ransomware on Wednesday night. How much will the JMA pay?", "30万円"),
])
def test_the_payment_counts_the_days_closed_as_the_triage_does(retrieval_engine, question, amount):
    at = dt.datetime(2026, 11, 26, 10, 0, tzinfo=JST)
    reply = retrieval_engine.handle(Inbound(session_key=f"t:{uuid.uuid4().hex}", text=question, at=at)).plain_text()
    assert f"一時支援金は {amount}" in reply


@pytest.mark.parametrize("asked", ["今からサイ窓に電話しても大丈夫？", "医師会の窓口、いまかけてもよかと？"])
def test_leave_to_call_a_line_just_after_it_closed_gets_the_lines_and_when_it_opens(talk, asked):
    reply = talk(asked, dt.datetime(2028, 5, 4, 21, 5, tzinfo=dt.timezone(dt.timedelta(hours=9))))
    assert "時間外（次は 5月5日（金）6:00 から）" in reply and "0120-318-258" in reply
