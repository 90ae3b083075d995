"""Patterns of a blind held-out probe (probe 39), through the whole engine: after the summary, the record's
payment asked, a what-if of days and a fact told later (「厚労省にはさっき報告しました」) stay with the record;
a closure said as 休止 and extended is its days; 「勘違いです」 withdraws, and 「はい、誤報って…」 answers no
triage question; a report that asks 「どないしたらええですか」 gets its steps and no "not in the pamphlet";
an outage or attack in the news, in Japanese or English, is another's; a flood of traffic is a DoS; a claim
supposed inside an incident (「…賠償請求されたら保険出るんかね？」) gets the cover of the incident's kind."""

from __future__ import annotations

import datetime as dt

import pytest

from handlers.session import Session
from handlers.understand import understand
from knowledge.clock import JST
from knowledge.text import normalize

SATURDAY = dt.datetime(2026, 12, 12, 8, 57, tzinfo=JST)
HOSPITAL = ("当院（120床）の電子カルテサーバーが暗号化されました。昨夜2時頃に始まったようで、今朝7時に夜勤の看護師が気づきました。"
            "外来は今日・明日休止します。患者約8万人分のデータがあります。ベンダーには連絡済み、警察にはまだです")


def test_after_the_summary_the_payment_its_what_if_and_a_later_fact_stay_with_the_record(record_chat):
    chat = record_chat(SATURDAY)
    chat.say(HOSPITAL)
    chat.say("休止は3日に延びそうです")
    assert chat.answers.closure_days == 3
    assert "40万円" in chat.say("医師会の一時支援金はいくらになりますか")
    reply = chat.say("仮に5日止まったらどうなります？")
    assert "40万円" in reply and "上限" in reply
    assert chat.answers.closure_days == 3  # a what-if is no fact
    chat.say("厚労省にはさっき報告しました")
    assert "mhlw" in (chat.answers.notified or [])


def test_a_mistake_owned_up_to_is_a_false_alarm_to_confirm(record_chat):
    chat = record_chat(SATURDAY)
    chat.say("朝イチで来たら電子カルテのサーバーに全然つながらんし、管理者のパスワードも弾かれる。まさか乗っ取られた？")
    reply = chat.say("すみません！昨夜ベンダーさんがメンテしとったのを忘れとりました。LANケーブルが抜けとっただけでした。勘違いです")
    assert "誤報" in reply and "閉じますか" in reply


def test_yes_beside_a_withdrawal_answers_no_triage_question(record_chat):
    chat = record_chat(SATURDAY)
    chat.say("朝イチで来たら電子カルテのサーバーに全然つながらんし、管理者のパスワードも弾かれる。まさか乗っ取られた？")
    chat.say("はい、誤報ってことで処理してください")
    assert chat.answers.patient_data is None


def test_what_to_do_asked_in_dialect_beside_a_report_gets_no_not_stated_line(record_chat):
    reply = record_chat(SATURDAY).say("受付のパソコンの画面に英語の文章がバーッと出て、ファイルが全部開かれへんのです。どないしたらええですか")
    assert "まず、次のことをお願いします" in reply and "記載が見つかりませんでした" not in reply


@pytest.mark.parametrize("text", [
    "昨日のニュースで、大阪の病院がランサムウェアで電子カルテ止まったって見ました。うちも怖いなぁ",
    "I read that a hospital in Osaka was hit by ransomware. Would a policy like this have covered their costs?",
])
def test_an_attack_in_the_news_is_anothers(text):
    assert understand(normalize(text), Session(key="n"), SATURDAY).emergency.level != "emergency"


def test_a_flood_of_traffic_is_a_denial_of_service(record_chat):
    chat = record_chat(SATURDAY)
    chat.say("WEB予約のページが夕方からずーっと落ちとって、業者が言うには海外から異常な量のアクセスが来とるらしい")
    assert chat.answers.kind == "dos"


def test_a_claim_supposed_inside_an_incident_gets_the_cover_of_its_kind(record_chat):
    chat = record_chat(SATURDAY)
    chat.say("受付のPCから薬局さんに送ったメールの添付ファイルに、ウイルスが付いとったかもしれんって業者さんに言われたんよ")
    reply = chat.say("これって、もし薬局さんのパソコンがそれで感染して、うちが賠償請求されたら保険出るんかね？")
    # the liability cover, quoted (as the cover of the incident's kind or as the ruling on damages claims)
    assert "争訟費用" in reply and "記載が見つかりませんでした" not in reply


def test_banking_credentials_typed_into_a_fake_page_get_the_bank_first(record_chat):
    reply = record_chat(SATURDAY).say("銀行を名乗るメールのリンクから、ネットバンキングのIDとパスワードを入れてしまいました")
    steps = reply.split("まず、次のことをお願いします。")[1]
    assert steps.lstrip().startswith("1. ネットバンキングのID・パスワードなどを入力した")


def test_a_vendor_not_reached_in_dialect_was_not_told(record_chat):
    chat = record_chat(SATURDAY)
    chat.say("受付のPCの画面に英語の脅迫文が出てます")
    chat.say("業者さんはメディカルシステムの会社やけど、夜やから連絡ついてへん。院長にはLINEしました")
    assert chat.answers.told == ["staff"]


def test_an_officers_identifiers_leaked_are_the_officers_exclusion(record_chat):
    reply = record_chat(SATURDAY).say("理事長のマイナンバーとか個人情報が漏れた場合の対応費用は補償されますか")
    assert reply.startswith("補償されません") and "役員に関する個人情報" in reply


def test_an_investigation_the_clinic_started_on_its_own_suspicion_gets_the_rule(record_chat):
    chat = record_chat(SATURDAY)
    chat.say("もしセキュリティ監視を頼んでる会社から「攻撃の疑いあり」って通報が来て、外部の調査会社に調べてもらったら、その調査費用は保険の対象ですか？")
    reply = chat.say("逆に、自分でおかしいと思ってから頼んだ調査会社の報告がきっかけだったら？")
    assert "この条件に当たりません" in reply


def test_a_system_that_crashed_by_itself_asked_in_english_is_covered_event_four(record_chat):
    reply = record_chat(SATURDAY).say("If our EHR just crashes by itself, no hacking at all, and a patient sues us, would that be covered?")
    assert reply.startswith("In short: covered") and "偶然な事由" in reply


# --- probe 40 (blind, held-out on 1f9bb08) -------------------------------------------------------

def test_a_defaced_website_told_in_english_is_an_emergency(record_chat):
    chat = record_chat(SATURDAY)
    chat.say("hi, our clinic website is suddenly showing casino ads and a page we never made?? patients keep calling")
    assert chat.answers.kind == "defacement"


@pytest.mark.parametrize("text", [
    "朝から院内のWi-Fiがめっちゃ遅い。ウイルスとかじゃないよね？",
    "We're doing a tabletop drill today: the scenario is our EHR gets encrypted by ransomware. What should staff do?",
])
def test_slowness_asked_about_and_a_drill_in_english_are_no_reports(text):
    assert understand(normalize(text), Session(key="d"), SATURDAY).emergency.level != "emergency"


def test_a_drill_going_on_when_the_attack_came_is_still_a_report():
    text = "Our EHR got encrypted by ransomware during the fire drill"
    assert understand(normalize(text), Session(key="d"), SATURDAY).emergency.level == "emergency"


def test_corrections_in_dialect_and_taken_back_in_the_same_breath(record_chat):
    chat = record_chat(dt.datetime(2026, 12, 9, 5, 30, tzinfo=JST))
    chat.say("電子カルテが暗号化されて開けません")
    chat.say("患者さん2400人分くらい入ってます")
    chat.say("ごめん、患者さんの数2400やなくて4200やった")
    assert chat.answers.affected_people == 4200
    chat.say("気ぃついたんは朝4時半ごろ。いや4時15分やったわ")
    assert chat.answers.found_at == "2026-12-09T04:15"


def test_a_letter_for_the_patients_asked_for_says_nothing_of_the_data(record_chat):
    chat = record_chat(SATURDAY)
    chat.say("事務長のメールアカウントに知らない国からログインされてました")
    chat.say("患者さんの情報が見られたかは分かりません")
    chat.say("患者さん向けのお知らせの下書き作ってもらえます？")
    assert chat.answers.patient_data == "unknown"


def test_the_hospitals_own_information_systems_staff_are_staff_not_a_vendor(record_chat):
    chat = record_chat(dt.datetime(2026, 12, 9, 5, 30, tzinfo=JST))
    chat.say("電子カルテが暗号化されて開けません")
    chat.say("当直の事務長と情シスの人には言うた")
    assert chat.answers.told == ["staff"] and "情シス" in chat.answers.told_people
