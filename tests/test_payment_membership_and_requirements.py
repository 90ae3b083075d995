"""The JMA payments are for facilities run by A① members (sec-11): another class named, at once or as a
correction in the payment dialogue, gets no payment and the JMA office; what must be done to receive the
payment, asked in English, gets that payment's requirements. Dialogues written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from handlers.subsidy import names_another_member_class
from knowledge.clock import JST

AT = dt.datetime(2031, 5, 13, 14, 0, tzinfo=JST)
MISFEED = ("A label printer misfeed put each vaccination certificate in the next patient's envelope - 40 patients affected. "
           "It's a mailing error, not an attack. Director is JMA A①. Any JMA payment for this?")


def test_what_to_do_to_receive_it_gets_the_requirements_of_the_payment_in_hand(conversation):
    say = conversation(AT)
    assert "5万円" in say(MISFEED)
    reply = say("What do we have to do to receive it?")
    assert "個人情報保護委員会への再発防止策を講じた報告" in reply and "漏えいした本人への通知" in reply


def test_another_member_class_said_as_a_correction_gets_no_payment_and_no_alarm(conversation):
    say = conversation(AT)
    say(MISFEED)
    reply = say("Hold on - our director just checked his membership card: he's A②, not A①.")
    assert "対象になりません" in reply and "A①会員のみ" in reply and "03-3942-6135" in reply
    assert "First steps" not in reply and "記録番号" not in reply


@pytest.mark.parametrize(("text", "other"), [
    ("院長はA②会員です", True),
    ("he's A②, not A①", True),
    ("A②じゃなくてA①でした", False),
    ("院長は日医のA①です", False),
])
def test_a_class_other_than_a1_is_read_unless_a1_is_what_is_said(text, other):
    assert names_another_member_class(text) is other
