"""Engine.handle: routing, persistence before the reply, expiry, robustness."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from bot.engine import Engine
from handlers.messages import Inbound
from knowledge.models import get_facts

JST = dt.timezone(dt.timedelta(hours=9))
FACTS = get_facts()
PAMPHLET_PHONES = {n for c in [*FACTS.contacts, *FACTS.inquiry_contacts] for n in (c.phone, c.fax) if n}
PHONE_RE = re.compile(r"0\d{1,4}-\d{1,4}-\d{3,4}|0\d{3}-\d{6}")


@pytest.fixture
def engine(store):
    return Engine(store)


def say(engine: Engine, text: str, when: str = "2026-12-02T11:00", key: str = "s1"):
    return engine.handle(Inbound(session_key=key, text=text, at=dt.datetime.fromisoformat(when).replace(tzinfo=JST)))


def test_incident_record_is_written_before_the_reply_returns(engine, store):
    reply = say(engine, "ランサムウェアにやられました", "2026-12-02T22:30")
    assert reply.intent == "incident" and reply.incident_id
    record = store.get_incident(reply.incident_id)
    assert record is not None and record.kind == "ransomware" and record.channel == "web"
    assert "事故発生の日時" in record.notice_draft


def test_first_incident_reply_puts_the_number_first(engine):
    reply = say(engine, "サーバーが暗号化されました", "2026-12-02T23:30")
    assert "0120-318-258" in reply.texts[0]
    assert "0120-179-066" in reply.texts[0] and "6:00" in reply.texts[0]
    assert "12月3日" in reply.texts[0]  # full service from the next business day, by the clock
    assert any(p.number == "0120-318-258" for p in reply.phones)


def test_emergency_wins_in_the_middle_of_a_quote(engine):
    assert say(engine, "病院の保険料を知りたい").intent == "quote"
    reply = say(engine, "すみません、いま画面に身代金要求が出ています！")
    assert reply.intent == "incident" and "0120-318-258" in reply.plain_text()


def test_triage_fills_answers_and_summary_has_the_draft(engine, store):
    first = say(engine, "ウイルスに感染して電子カルテが止まりました", "2026-12-02T10:00")
    say(engine, "患者さん約200人分の情報が入っています", "2026-12-02T10:02")
    third = say(engine, "3日間休診することになりました", "2026-12-02T10:05")
    assert "40万円" in third.plain_text()
    summary = say(engine, "まとめ", "2026-12-02T10:10")
    assert summary.incident_id == first.incident_id
    text = summary.plain_text()
    assert "個人情報保護委員会" in text and "【未確認】" in text and "約200名" in text
    record = store.get_incident(first.incident_id)
    assert record.answers.closure_days == 3 and record.answers.affected_people == 200
    assert record.status == "summarised"


def test_the_3_days_or_more_button_is_an_answer_not_a_summary_request(engine, store):
    first = say(engine, "ランサムウェアにやられました", "2026-12-02T10:00")
    say(engine, "わからない", "2026-12-02T10:01")
    reply = say(engine, "3日以上", "2026-12-02T10:02")
    assert "まとめです" not in reply.plain_text()
    assert store.get_incident(first.incident_id).answers.closure_days == 3


def test_quote_correction_replaces_the_size(engine):
    say(engine, "病院 50床 H2の保険料")
    reply = say(engine, "すみません、100床の間違いでした")
    assert "121,130円" in reply.plain_text() and "91,730円" not in reply.plain_text()


def test_open_flow_expires_after_silence(engine):
    say(engine, "病院 50床の保険料", "2026-12-02T11:00")
    reply = say(engine, "H4", "2026-12-02T13:00")  # two hours later: the quote flow is gone
    assert "231,070円" not in reply.plain_text()


def test_sessions_are_separate(engine):
    say(engine, "病院 50床の保険料", key="a")
    reply = say(engine, "H2", key="b")  # another chat: no facility or size known there
    assert "91,730円" not in reply.plain_text()


@pytest.mark.parametrize("text", ["😀", "🙏🙏", "'; DROP TABLE sessions;--", "SELECT * FROM incidents", "a" * 4900, "？", "。。。"])
def test_odd_input_gets_a_sensible_answer(engine, text):
    reply = say(engine, text)
    assert reply.texts and all(t.strip() for t in reply.texts)
    assert "処理できませんでした" not in reply.plain_text()


def test_long_message_with_an_emergency_inside_is_still_an_emergency(engine):
    text = "いつもお世話になっております。" * 300 + "院内のサーバーがランサムウェアに感染しました。"
    assert len(text) < 5000
    assert say(engine, text).intent == "incident"


@pytest.mark.parametrize(
    "text",
    ["ランサムウェアにやられました", "病院100床 H7", "サイバー攻撃で休業2日、支援金は？", "こんにちは", "生命保険の相談", "事故対応の連絡先は？"],
)
def test_every_phone_number_written_is_the_pamphlets(engine, text):
    for when in ("2026-12-02T11:00", "2026-12-05T23:00"):
        for number in PHONE_RE.findall(say(engine, text, when, key=f"{text}{when}").plain_text()):
            assert number in PAMPHLET_PHONES, number


def test_a_failing_handler_still_gives_the_numbers(engine, monkeypatch):
    import bot.engine as engine_module

    def boom(ctx):
        raise RuntimeError("bug")

    monkeypatch.setattr(engine_module, "route", boom)
    reply = say(engine, "こんにちは")
    assert "0120-318-258" in reply.plain_text() and "0985-23-9100" in reply.plain_text()


def test_replies_never_exceed_five_messages(engine):
    texts = ["ランサムウェアに感染、患者500人分、3日休診、今日の9時に発見、院内だけ", "まとめ", "2023年3月にウイルスで2日休業しました。支援金は？"]
    for text in texts:
        assert len(say(engine, text, key="five").texts) <= 5


def test_every_labelled_emergency_opens_an_incident_through_the_whole_engine(engine):
    """The router may answer a question about history or the pamphlet's examples as a question;
    it must never turn a labelled emergency into anything but an incident."""
    import json
    from pathlib import Path

    path = Path(__file__).parent / "data" / "emergency_labelled.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    missed = []
    for i, row in enumerate(r for r in rows if r["label"] == "emergency"):
        reply = say(engine, row["text"], "2026-12-02T22:30", key=f"e{i}")
        if reply.intent != "incident" or "0120-318-258" not in reply.plain_text():
            missed.append(row["text"])
    assert not missed, missed


@pytest.mark.parametrize("written", ["R5.5.31", "R5/5/31", "令和5年5月31日", "23年5月31日", "23/5/31", "2023/5/31", "二〇二三年五月三十一日"])
def test_a_support_amount_uses_the_date_as_written_and_says_so(engine, written):
    """A 2023 event is paid at the 2023 rate, whatever form its date was typed in."""
    reply = say(engine, f"{written}にサイバー攻撃で2日休業しました。一時支援金はいくらですか？", key=written)
    text = reply.plain_text()
    assert "2023年5月31日 として計算" in text and "2022年6月1日〜2023年5月31日のため一律" in text


def test_a_new_record_never_takes_an_id_another_conversation_holds(store, monkeypatch):
    """Record ids are random; when one repeats, the second conversation's record gets a fresh id
    (in the record, the reply and the session) and the first record is left as it was."""
    from handlers import incident as incident_handler

    ids = iter(["INC-20261202-AAAAAA", "INC-20261202-AAAAAA", "INC-20261202-BBBBBB"])
    monkeypatch.setattr(incident_handler, "new_incident_id", lambda now: next(ids))
    import bot.engine as engine_module

    monkeypatch.setattr(engine_module, "new_incident_id", lambda now: next(ids))
    engine = Engine(store)
    first = say(engine, "ランサムウェアに感染しました", key="clinic-a")
    second = say(engine, "USBメモリをなくしました。患者さんの名簿が入っています", key="clinic-b")
    assert first.incident_id == "INC-20261202-AAAAAA"
    assert second.incident_id == "INC-20261202-BBBBBB" and "INC-20261202-BBBBBB" in second.plain_text()
    assert store.get_incident("INC-20261202-AAAAAA").session_key == "clinic-a"
    assert store.get_incident("INC-20261202-BBBBBB").session_key == "clinic-b"
    assert store.load_session("clinic-b").incident.incident_id == "INC-20261202-BBBBBB"


def test_a_question_beside_an_emergency_that_the_pamphlet_does_not_answer_adds_no_noise(engine):
    """After whom to call now, an unanswerable question gets one short line: no agent's weekday
    hours and no loosely related quote at night."""
    reply = say(engine, "電子カルテがランサムウェアで暗号化されました。保険料は経費で落とせますか？").plain_text()
    assert "0120-318-258" in reply and "パンフレットには記載がありません" in reply
    assert "午前9時から午後5時" not in reply.split("記録番号")[-1]
