"""Messages no one on the team wrote, read as staff mean them: a fault of the building's equipment or a patient's fit
opens no incident; another office said to be closed is no closure of the clinic's; a date corrected in English
("on the 9th, not the 2nd") moves the event, not the noticing; a false alarm in dialect (「間違いやった」) is offered to be
closed; the inpatients in the building are no count of patients whose data is involved; a ransom note's own words
(.onion, "your network has been compromised") name ransomware."""

from __future__ import annotations

import datetime as dt

import pytest

from handlers.emergency import detect
from knowledge.clock import JST
from knowledge.text import normalize
from tests.chats import alarm_level

MONDAY_MORNING = dt.datetime(2027, 3, 15, 8, 0, tzinfo=JST)


@pytest.mark.parametrize("text", [
    "2階のエアコンが全部止まってしまいました。どこに連絡すればいいですか",
    "エレベーターが動かなくなって、車いすの患者さんが上がれません。どうしよう",
])
def test_a_fault_of_the_building_opens_no_incident(conversation, text):
    reply = conversation(MONDAY_MORNING)(text)
    assert "今すぐお電話ください" not in reply and "記録番号" not in reply
    assert "建物の設備の故障" in reply


def test_a_patients_fit_asked_about_gets_no_pamphlet_quote(conversation):
    reply = conversation(MONDAY_MORNING)("リハビリ中の患者さんがけいれんを起こしてます、どうしよう")
    assert "院内の救急対応の手順" in reply and "記載がありません" not in reply


def test_another_office_closed_is_no_closure_and_an_english_date_correction_moves_the_event(record_chat):
    chat = record_chat(dt.datetime(2027, 3, 20, 9, 0, tzinfo=JST))
    chat.say("Our office manager's mailbox has a rule forwarding all mail to an outside address. I found it this morning.")
    chat.say("Our vendor's support desk is closed today. Who else can we call?")
    assert chat.answers.care_stopped is None and not chat.answers.closure_days
    chat.say("The rule was created on March 2.")
    chat.say("Sorry, it was created on March 9, not March 2.")
    assert chat.answers.occurred_at == "2027-03-09"
    assert chat.answers.found_at.startswith("2027-03-20")


def test_a_false_alarm_in_dialect_is_offered_to_be_closed(record_chat):
    chat = record_chat(dt.datetime(2027, 3, 20, 9, 0, tzinfo=JST))
    chat.say("訪問用のノートパソコンが見当たらん。利用者さん20人分の記録が入っとる")
    reply = chat.say("ごめん、間違いやった！事務所のロッカーに入っとった")
    assert "誤報" in reply


def test_the_inpatients_in_the_building_are_no_count_of_data(record_chat):
    chat = record_chat(dt.datetime(2027, 3, 20, 22, 0, tzinfo=JST))
    chat.say("電子カルテのサーバーのファイルが暗号化されて開けません")
    chat.say("LANを抜いたら病棟の端末も止まるけど、入院患者さんが50人おるんよ。抜いてええ？")
    assert chat.answers.affected_people is None


@pytest.mark.parametrize("text", [
    "受付のプリンタから英語の紙が勝手に出てきて、.onion のアドレスが書いてあります",
    "Every PC shows a page saying 'your network has been compromised' with a Tor browser link",
])
def test_a_ransom_notes_own_words_name_ransomware(text):
    found = detect(normalize(text))
    assert (found.level, found.kind) == ("emergency", "ransomware")


def test_no_plan_to_close_is_care_going_on(record_chat):
    chat = record_chat(dt.datetime(2027, 3, 20, 9, 0, tzinfo=JST))
    chat.say("Someone logged into our booking system from abroad last night and downloaded the patient list.")
    chat.say("Does the JMA payment apply to us? We have no plans to close.")
    assert chat.answers.care_stopped == "no"


def test_days_closed_listed_in_english_after_closed(conversation):
    reply = conversation(dt.datetime(2027, 3, 8, 10, 0, tzinfo=JST))(
        "Malware took down our EHR on March 1. We were closed March 1, 2 and 3. How much can we get from the JMA?")
    assert "40万円" in reply


@pytest.mark.parametrize("text", [
    "受付で患者さんに「ここのWi-Fiにつないでも安全？」と聞かれました。何て答えたらいいですか",
    "県から「ランサムウェアに注意」という通知が届きました。うちで何か準備しておくことはありますか",
    "今日はなんだかレセコンの動きが遅い気がします。気のせいでしょうか",
    "自分のスマホに「ウイルスに感染しています」って広告が出てきた。院のWi-Fiにつないでたけど平気？",
])
def test_look_alikes_raise_no_alarm(text):
    assert alarm_level(text, MONDAY_MORNING) != "emergency"
