"""Follow-ups an outside tester wrote (probe 37, blind to the rules), through the whole engine: inside a
quote dialogue, every plan asked for politely (「…並べてもらえますか」) or a budget asked with the word 補償
gets the facility's plans, not passages; inside a payment dialogue, a what-if of days past the cap, a
correction of the days, another member class and a total asked with 合計 are the payment's; an illness
closing the practice is neither payment's event."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.engine import Engine
from bot.store.sqlite import SQLiteStore
from handlers.messages import Inbound
from knowledge.clock import JST


@pytest.fixture
def say(tmp_path):
    store = SQLiteStore(tmp_path / "bot.sqlite3")
    engine = Engine(store)
    minute = iter(range(0, 100, 2))

    def _say(text: str, key: str = "s") -> str:
        at = dt.datetime(2026, 6, 23, 10, next(minute), tzinfo=JST)
        return engine.handle(Inbound(session_key=key, text=text, at=at)).plain_text()

    yield _say
    store.close()


def test_every_plan_asked_politely_inside_a_quote(say):
    say("無床の診療所です。H1だといくらですか")
    reply = say("ほかのタイプも全部並べてもらえますか")
    assert "H7" in reply and "H3" in reply and "パンフレットの記載" not in reply


def test_a_budget_asked_with_the_word_cover_inside_a_quote(say):
    say("介護老人保健施設、定員50人でH2の保険料は？")
    reply = say("予算15万円なら一番補償が厚いのはどれ？")
    assert "H5" in reply and "136,720円" in reply


def test_days_past_the_cap_and_a_correction_inside_a_payment(say):
    assert "30万円" in say("サイバー攻撃で2日休診したら日医の支援金はいくら？")
    reply = say("もし1週間休んでたら？")
    assert "40万円" in reply and "上限" in reply
    reply = say("訂正です、実際の休業は1日でした")
    assert "20万円" in reply


def test_a_total_asked_is_no_question_of_both_payments(say):
    say("日医の一時支援金って、サイバー攻撃にあったらいくら？")
    reply = say("3日休診したら合計いくら？")
    assert "40万円" in reply and "個人情報漏えいの一時支援金（5万円）の対象になりません" not in reply


def test_another_member_class_inside_a_payment(say):
    say("日医の支援金について教えてください")
    reply = say("うちの院長はA②会員なんですが、それでももらえますか")
    assert "対象になりません" in reply and "補償の対象となります" not in reply


def test_an_illness_is_neither_payments_event(say):
    reply = say("ノロの院内感染で3日休診しました。日医の支援金は出ますか")
    assert "どちらの一時支援金の対象にもなりません" in reply and "万円 です" not in reply
