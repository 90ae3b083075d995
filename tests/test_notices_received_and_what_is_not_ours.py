"""Found by a blind tester (probe 41): a notice received carries the event's moment inside its quote, the one
who sent it knows, and those it speaks of were told nothing; noticing said as 「今」 in plain speech; English
moments beside a count; a body the clinic belongs to is not a body it told; an urgent message about a
patient, or a suspicious e-mail left unopened, opens no incident; an exclusion that names nothing of the
question gives no verdict. Dialogues written for these tests, through the whole engine."""

from __future__ import annotations

import datetime as dt

import pytest

from handlers.messages import Inbound
from knowledge.clock import JST

WEDNESDAY_EVENING = "2031-06-11T18:20"
SATURDAY_MORNING = "2031-06-14T10:15"


def test_the_moment_inside_a_notice_received_dates_the_event_not_the_noticing(chat):
    chat.say("セキュリティ会社から、6/9の深夜3時に事務長のIDで海外からVPN接続があったと電話がありました", WEDNESDAY_EVENING)
    a = chat.record.answers
    assert a.occurred_at == "2031-06-09T03"
    assert a.found_at is None  # the call's own time was not said: still asked
    assert "vendor" in (a.told or []) and "事務長" not in a.told_people  # his ID was used; he was told nothing
    chat.say("電話が来たのは今日の午後2時です", WEDNESDAY_EVENING)
    assert chat.record.answers.found_at == "2031-06-11T14"
    reply = chat.say("すみません、接続は6/9ではなくて6/8の深夜3時でした", WEDNESDAY_EVENING)
    a = chat.record.answers
    assert (a.occurred_at, a.found_at) == ("2031-06-08T03", "2031-06-11T14")
    assert "6月8日" in reply


def test_a_moment_after_the_quote_is_when_the_notice_came(chat):
    chat.say("保守業者から、おとといの夜に不正なログインがあったと今朝メールが来ました", WEDNESDAY_EVENING)
    a = chat.record.answers
    assert a.found_at is not None and a.found_at.startswith("2031-06-11")
    assert a.occurred_at is not None and a.occurred_at.startswith("2031-06-09")


def test_noticed_now_in_plain_speech_is_not_the_hour_the_trouble_began(chat):
    chat.say("電子カルテのファイルが全部開けんくなって、拡張子が変なのに変わっとる", "2031-06-11T21:40")
    chat.say("気づいたのは今やけど、昼の3時ごろから重かったって事務の子が言いよった", "2031-06-11T21:40")
    a = chat.record.answers
    assert a.found_at is not None and a.found_at.startswith("2031-06-11T21")
    assert a.occurred_at == "2031-06-11T15"


def test_an_english_hour_is_no_head_count_and_the_earlier_moment_is_the_event(chat):
    chat.say("Our front desk e-mail account was taken over; patients received fake invoices from it.", SATURDAY_MORNING)
    chat.say("We found out this morning at about 7 when a patient rang us. The invoices went out yesterday evening around 9pm.",
             SATURDAY_MORNING)
    a = chat.record.answers
    assert a.affected_people != 7
    assert a.found_at == "2031-06-14T07"
    assert a.occurred_at == "2031-06-13T21"


def test_an_earlier_act_told_beside_the_noticing_is_the_event(chat):
    chat.say("受付のパソコンの動きがおかしいです。気づいたのは今朝8時半。ゆうべ7時ごろに請求書という名前の添付を開いてしまいました",
             WEDNESDAY_EVENING)
    a = chat.record.answers
    assert a.found_at == "2031-06-11T08:30"
    assert a.occurred_at == "2031-06-10T19"


def test_being_a_member_of_the_jma_is_not_having_told_it(chat):
    chat.say("サーバーがランサムウェアにやられて、画面に脅迫文が出ています", WEDNESDAY_EVENING)
    chat.say("うちは医師会の会員です。明日から3日休みます", WEDNESDAY_EVENING)
    assert "jma" not in (chat.record.answers.notified or [])


def test_a_patient_collapsing_opens_no_incident(chat):
    reply = chat.say("待合室でおじいちゃんが急に倒れて意識がないんです！", WEDNESDAY_EVENING)
    assert chat.incident_id is None
    assert "院内の救急対応" in reply
    assert "LAN" not in reply and "ケーブル" not in reply


def test_a_bodily_emergency_beside_a_stopped_system_is_still_an_incident(chat):
    chat.say("患者さんが倒れて救急車を呼んだ直後に、電子カルテが全部止まって画面に英語の脅迫文が出ました！", WEDNESDAY_EVENING)
    assert chat.incident_id is not None


def test_a_suspicious_mail_left_unopened_and_asked_about_opens_no_incident(chat):
    reply = chat.say("知らない差出人から請求書っていう添付付きのメールが届いたけど、開いてないです。このまま消して大丈夫？",
                     WEDNESDAY_EVENING)
    assert chat.incident_id is None
    assert "ケーブル" not in reply


def test_an_exclusion_retrieval_found_for_other_words_gives_no_verdict(retrieval_engine):
    text = "電子カルテのサーバーが故障して半日受付できなかったんですが、これも保険の対象ですか？"
    at = dt.datetime.fromisoformat(WEDNESDAY_EVENING).replace(tzinfo=JST)
    reply = retrieval_engine.handle(Inbound(session_key="cover:breakdown", text=text, at=at, channel="eval")).plain_text()
    head = reply.split("パンフレットの記載")[0]
    assert "補償されません" not in head
    assert "電気、ガス、水道" not in reply
