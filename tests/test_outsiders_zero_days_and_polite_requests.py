"""Patterns an outside tester found (probe 36, written blind to the rules), through the whole engine: someone
unknown logging in over the VPN is unauthorised access, not staff misuse (whose steps and payments differ),
whatever was taken; a closure of no days is care that went on, however it is said (a 「ゼロでいい？」 offering
it included), and a zero-day attack is no such answer; the summary asked for as a polite question ("Can I
have the summary in English?") is the summary, not the help text."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.clock import JST

MONDAY = dt.datetime(2026, 12, 7, 9, 30, tzinfo=JST)
RANSOM = "電子カルテが暗号化されて開けません"


@pytest.mark.parametrize("answer", ["休診日数はゼロでいい？", "休診は0日です", "休んだ日はゼロです", "We were closed zero days"])
def test_no_days_closed_is_care_that_went_on(record_chat, answer):
    chat = record_chat(MONDAY)
    chat.say(RANSOM)
    chat.say(answer)
    assert chat.answers.care_stopped == "no"
    assert chat.answers.closure_days == 0


def test_a_zero_day_attack_is_no_zero(record_chat):
    chat = record_chat(MONDAY)
    chat.say(RANSOM)
    chat.say("ゼロデイ攻撃でやられたらしく、今日は休診にしました")
    assert chat.answers.care_stopped == "yes"


@pytest.mark.parametrize("ask", ["Can I have the summary in English?", "Could we get the summary, please?",
                                 "まとめを見せてもらえますか？"])
def test_the_summary_asked_as_a_question_is_the_summary(record_chat, ask):
    chat = record_chat(MONDAY)
    chat.say(RANSOM)
    chat.say("まとめ")
    reply = chat.say(ask)
    assert chat.incident_id in reply
    assert "Hello. This automated assistant" not in reply


@pytest.mark.parametrize("report", [
    "VPN経由で誰かが夜中にログインしてた形跡があって、予約システムのデータが外部に持ち出されたかもしれません",
    "Someone logged into our reception PC over the remote connection last night",
    "外部の者がリモートデスクトップで院内のサーバーに入った形跡があると業者に言われました",
])
def test_an_unknown_person_logging_in_is_unauthorised_access(record_chat, report):
    chat = record_chat(MONDAY)
    reply = chat.say(report)
    assert chat.answers.kind == "unauthorized_access"
    assert "内部犯罪に起因" not in reply.split("日本医師会の一時支援金")[0]  # no insider steps before the payment


def test_staff_taking_the_list_home_is_still_insider_misuse(record_chat):
    chat = record_chat(MONDAY)
    chat.say("職員が患者名簿を勝手に持ち出していました")
    assert chat.answers.kind == "insider"


@pytest.mark.parametrize("answer", ["今日は夕方6時にいつもどおり閉めました。明日は休診日なので休業にはならないと思います",
                                    "19時に閉めましたが、それは普段の診療時間どおりです", "休業にはならんです"])
def test_the_days_usual_closing_and_a_closure_said_not_to_happen_are_no_closure(record_chat, answer):
    # (probe 52: the evening's usual closing and a usual day off were counted as a day closed)
    chat = record_chat(MONDAY)
    chat.say(RANSOM)
    chat.say(answer)
    assert chat.answers.care_stopped != "yes" and not chat.answers.closure_days


def test_closing_early_in_the_afternoon_is_still_a_closure(record_chat):
    chat = record_chat(MONDAY)
    chat.say(RANSOM)
    chat.say("今日は午後3時に閉めました")
    assert chat.answers.care_stopped == "yes" and chat.answers.closure_days == 1


@pytest.mark.parametrize("report", ["定員80人の老健です。入所者さんの情報が入ったパソコンがランサムウェアに感染しました",
                                    "病床は120床の病院です。電子カルテのサーバーが暗号化されて開けません"])
def test_the_facilitys_size_is_no_count_of_the_people_involved(record_chat, report):
    # (probe 51: 「定員80人」 was filed as 80 people affected)
    chat = record_chat(MONDAY)
    chat.say(report)
    assert chat.answers.affected_people is None
