"""Patterns an outside tester found (probe 37, written blind to the rules), through the whole engine: a
question that ends on the case it supposes (「…振り込んじゃった場合は」「…ことがわかったら」), a drill's
scenario and another clinic's attack are no report — the cover or the lines are answered, no record is
opened, and the desk's number still closes the reply — while 「この場合」 "in this case" after a report points
back at it and the report stays an emergency; in a payment dialogue, the event's day corrected to one long
past and a what-if without a closure change the amount instead of opening an incident."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.engine import Engine
from bot.store.sqlite import SQLiteStore
from handlers.messages import Inbound
from handlers.session import Session
from handlers.understand import understand
from knowledge.clock import JST
from knowledge.text import normalize

THURSDAY = dt.datetime(2026, 6, 11, 16, 0, tzinfo=JST)
DESK = "0120-318-258"


def level(text: str) -> str:
    return understand(normalize(text), Session(key="t"), THURSDAY).emergency.level


@pytest.mark.parametrize("text", [
    "取引先を名乗るメールにだまされて、指定の口座に30万円を振り込んでしまった場合は保険で補償されますか",
    "受付の職員が患者さんの連絡先を勝手に業者へ渡していたことがわかったら、病院の賠償は保険でカバーされますか",
    "訪問看護師がタブレットをバスに置き忘れて、情報が漏れたかもしれない、というケースも対象ですか？",
    "来月BCPの訓練をします。シナリオでは電子カルテがランサムウェアで暗号化されたという設定ですが、どこに連絡する想定にすればいいですか",
    "Our neighbour clinic was hit by ransomware last month. We're fine, but what should we prepare?",
])
def test_a_supposed_case_is_no_report(text):
    assert level(text) != "emergency"


@pytest.mark.parametrize("text", [
    "ランサムウェアに感染しました、この場合保険は使えますか？",
    "電子カルテが暗号化されて開けません。こういったケースはどこに電話すれば？",
    "うちの近くのクリニックから連絡があって、うちのPCにも同じ脅迫文が出ています",
])
def test_a_report_that_points_back_at_itself_stays_an_emergency(text):
    assert level(text) == "emergency"


@pytest.fixture
def say(tmp_path):
    store = SQLiteStore(tmp_path / "bot.sqlite3")
    engine = Engine(store)
    minute = iter(range(0, 100, 2))

    def _say(text: str) -> tuple[str, bool]:
        at = dt.datetime(2026, 6, 24, 16, next(minute), tzinfo=JST)
        reply = engine.handle(Inbound(session_key="p", text=text, at=at))
        return reply.plain_text(), reply.incident_id is not None

    yield _say
    store.close()


def test_the_supposed_case_gets_its_answer_and_the_desk(say):
    reply, opened = say("偽の請求書メールにだまされて、業者の口座だと思って50万振り込んじゃった場合は保険でカバーされますか")
    assert not opened
    assert "記載がありません" in reply and DESK in reply


def test_the_event_day_corrected_to_one_long_past_changes_the_amount(say):
    reply, _ = say("2023年3月にサイバー攻撃を受けて2日休業したんですけど、その時の支援金っていくらだったんでしょう")
    assert "15万円" in reply  # the flat rate of the period
    reply, opened = say("すみません、記録を見たら攻撃は2023年6月1日でした")
    assert not opened
    assert "30万円" in reply and "2023年6月1日" in reply
    reply, opened = say("攻撃は受けたけど休業はしてない場合は？")
    assert not opened
    assert "10万円" in reply and "30万円" not in reply
