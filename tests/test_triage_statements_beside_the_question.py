"""What staff tell beside the triage question asked, filed where it belongs (dialogues written for these
tests): nobody told said along with the patient data, in Japanese and English; the one person excepted
from 「誰にも」; a colleague's words reported, which date the event and ask nothing; and an attack still
closing the clinic today, asked about the JMA payment, which is an emergency first."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.clock import JST


@pytest.fixture
def chat(record_chat):
    return record_chat(dt.datetime(2026, 12, 6, 10, 0, tzinfo=JST))


@pytest.mark.parametrize("answer", [
    "患者さんのデータも入ってます。500人分くらい。まだ事務長にも誰にも話してません",
    "Patient records are on it, about 500 of them. We haven't told anyone yet.",
])
def test_nobody_told_beside_the_patient_data_is_filed_as_nobody(chat, answer):
    chat.say("受付のパソコンの画面が真っ赤になって、ファイルが開けなくなりました", "2026-12-06T10:00")
    chat.say(answer, "2026-12-06T10:03")
    a = chat.answers
    assert a.patient_data == "yes" and a.affected_people == 500
    assert a.told == [] and a.notified == []
    summary = chat.say("まとめ", "2026-12-06T10:06")
    assert "知っている人：まだ誰にも伝えていない" in summary


def test_the_one_excepted_from_nobody_is_told(chat):
    chat.say("電子カルテのサーバーがランサムウェアにやられました", "2026-12-06T10:00")
    chat.say("理事長以外にはまだ誰にも言ってないです", "2026-12-06T10:03")
    a = chat.answers
    assert a.told == ["staff"] and "理事長" in a.told_people


def test_a_colleagues_words_reported_date_the_event_and_ask_for_no_payment(chat):
    chat.say("職員のパソコンから、知らないアドレスあてにメールが勝手に何百通も送られています", "2026-12-06T10:00")
    reply = chat.say("そういえば2日くらい前から動きが変だったってその職員が話してました", "2026-12-06T10:03")
    assert chat.answers.occurred_at == "2026-12-04"
    assert "一時支援金は" not in reply  # a statement, not a payment question
    assert "事故が起きた日時：2026年12月4日" in reply


def test_an_attack_still_closing_the_clinic_asked_about_the_payment_is_an_emergency_first(chat):
    reply = chat.say("3日前の夜にサーバーが暗号化されて、今日も休診にしています。日医の支援金はいくらになりますか", "2026-12-06T10:00")
    assert reply.index("0120-318-258") < reply.index("一時支援金")
    assert chat.incident_id is not None


def test_the_patients_who_called_are_not_counted_as_the_patients_affected(chat):
    chat.say("うちの病院の名前で、患者さんに支払いを求めるSMSが送られているようです", "2026-12-06T10:00")
    chat.say("問い合わせをくれたのは患者さん3人です", "2026-12-06T10:03")
    assert chat.answers.affected_people is None
