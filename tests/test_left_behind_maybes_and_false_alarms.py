"""Patterns an outside tester found (probe 31, dialogues written blind to the rules), through the whole
engine: records left on a train are a lost thing (not staff taking data), in kanji or in hiragana, while
forgetting to do something is no report; a part of the day typed in hiragana (「きょうのゆうがた」) is when it
was noticed; a closure said as a maybe (「月曜から止まるかも」) and the usual Saturday afternoon off are no
days closed; 「…って書いてあります」 says nothing of patient data; 「はい、大丈夫です」 closes a false alarm; an
English outage report whose question names an attack ("Is it a cyber attack?") is an emergency, as it is
in Japanese."""

from __future__ import annotations

import datetime as dt

import pytest

from handlers.session import Session
from handlers.understand import understand
from knowledge.clock import JST
from knowledge.text import normalize

SATURDAY_NIGHT = dt.datetime(2026, 3, 7, 21, 27, tzinfo=JST)
WEEKDAY = dt.datetime(2026, 5, 12, 9, 27, tzinfo=JST)


def read(text: str, at: dt.datetime = WEEKDAY):
    return understand(normalize(text), Session(key="t"), at).emergency


@pytest.mark.parametrize("text", [
    "患者さんのカルテのコピーを電車に忘れました",
    "かんじゃさんのかるてのこぴーをでんしゃにわすれました",
    "USBをタクシーに忘れてしまいました",
])
def test_records_left_somewhere_are_a_lost_thing(text):
    found = read(text)
    assert (found.level, found.kind) == ("emergency", "lost_device")


def test_a_lost_thing_left_on_a_train_gets_the_loss_steps_not_the_insider_ones(record_chat):
    chat = record_chat(SATURDAY_NIGHT)
    reply = chat.say("かんじゃさんのかるてのこぴーをでんしゃにわすれました")
    assert "遺失届" in reply or "なくした" in reply
    assert "アカウントを一時停止" not in reply
    assert chat.answers.kind == "lost_device"


def test_a_part_of_the_day_in_hiragana_is_when_it_was_noticed(record_chat):
    chat = record_chat(SATURDAY_NIGHT)
    chat.say("かんじゃさんのかるてのこぴーをでんしゃにわすれました")
    chat.say("3にんぶんです")
    chat.say("きょうのゆうがた")
    assert chat.answers.found_at == "2026-03-07 夕方"


@pytest.mark.parametrize("answer", ["今日は土曜で午後は休診、月曜から止まるかも", "月曜から止まるかも", "土曜の午後はもともと休診です"])
def test_a_closure_said_as_a_maybe_or_the_usual_afternoon_off_is_no_day_closed(record_chat, answer):
    chat = record_chat(dt.datetime(2026, 1, 17, 22, 27, tzinfo=JST))
    chat.say("受付のパソコンに身代金要求の画面が出て電子カルテが開けません")
    chat.say("患者さんのデータは入ってる")
    chat.say(answer)
    assert chat.answers.care_stopped != "yes" and not chat.answers.closure_days


def test_what_the_screen_says_is_no_answer_about_patient_data(record_chat):
    chat = record_chat(WEEKDAY)
    chat.say("院内のPCに『ウイルスに感染しました』って警告が出てます")
    chat.say("画面に電話番号が出ててそこにかけろって書いてあります")
    assert chat.answers.patient_data is None


def test_yes_its_fine_closes_the_false_alarm(record_chat):
    chat = record_chat(WEEKDAY)
    chat.say("院内のPCに『ウイルスに感染しました』って警告が出てます")
    assert "閉じますか" in chat.say("業者さんに見てもらったら偽の警告で、間違いでした")
    assert "「誤報」として残しました" in chat.say("はい、大丈夫です")
    assert chat.store.get_incident(chat.incident_id).status == "false_alarm"


@pytest.mark.parametrize("text", [
    "Our electronic medical record system is down since this morning, we can't see patients. Is it a cyber attack? who do I call?",
    "電子カルテが今朝から止まって診察できません。サイバー攻撃でしょうか？どこに電話すれば？",
])
def test_an_outage_reported_with_an_attack_asked_about_is_an_emergency_in_either_language(text):
    assert read(text).level == "emergency"


def test_forgetting_to_do_something_is_no_lost_thing_for_the_word_lists():
    from handlers.emergency import detect

    for text in ("書類を出すのを忘れました", "メールに忘れずにファイルを添付して"):
        assert detect(normalize(text)).level == "none", text


def test_mail_sent_in_the_clinics_name_typed_in_kana_is_spoofing():
    found = read("クリニックのなまえでフィッシングメールがばらまかれてるって患者からでんわありました。保険つかえますか")
    assert (found.level, found.kind) == ("emergency", "spoofing")


def test_asking_whether_a_line_still_answers_tells_nobody_was_not_told(record_chat):
    chat = record_chat(dt.datetime(2026, 3, 22, 20, 52, tzinfo=JST))
    chat.say("電子カルテが全部止まってる。医師会の相談窓口ってまだ間に合う？")
    assert chat.answers.notified is None  # まだ is "still" here: nothing said of whom they told
    assert "連絡済みの先：未確認" in chat.say("まとめ")


def test_a_payment_asked_for_days_the_question_supposes_uses_those_days(record_chat):
    chat = record_chat(WEEKDAY)
    chat.say("ランサムウェアにやられて今日は休診にしました")
    assert chat.answers.closure_days == 1
    reply = chat.say("3日休んだら支援金はいくらになりますか？")
    assert "休業3日による追加" in reply and "合計: 40万円" in reply
    assert chat.answers.closure_days == 1  # the record keeps what happened


def test_nobody_knows_but_me_said_out_of_turn_answers_who_was_told(record_chat):
    chat = record_chat(dt.datetime(2026, 4, 11, 1, 57, tzinfo=JST))
    chat.say("ransomware on all PCs, ransom note says they stole patient data. its 2am, anyone I can call??")
    chat.say("nobody knows yet except me")
    assert chat.answers.told == [] and chat.answers.notified == []


@pytest.mark.parametrize("split", [False, True])
def test_a_number_to_call_on_a_virus_warning_is_not_to_be_called(record_chat, split):
    chat = record_chat(WEEKDAY)
    if split:
        chat.say("院内のPCに『ウイルスに感染しました』って警告が出てます")
        reply = chat.say("画面に電話番号が出ててそこにかけろって書いてあります")
    else:
        reply = chat.say("PCに『ウイルスに感染しました。サポートに電話してください』と電話番号が表示されています")
    assert "画面に出た電話番号には電話せず" in reply


def test_a_virus_that_shows_no_number_gets_no_ransom_step(record_chat):
    reply = record_chat(WEEKDAY).say("院内のPCがウイルスに感染したみたいで動きが重いです")
    assert "身代金" not in reply


def test_a_closure_said_with_suru_kamo_is_undecided(record_chat):
    chat = record_chat(dt.datetime(2026, 3, 22, 6, 27, tzinfo=JST))
    chat.say("日曜の朝ですがランサムウェアにやられました")
    chat.say("患者さんのデータは入ってます")
    chat.say("明日から休診するかも。3日くらい？")
    assert chat.answers.care_stopped != "yes" and not chat.answers.closure_days


def test_a_fake_warning_gets_its_own_first_step_first(record_chat):
    reply = record_chat(WEEKDAY).say("受付のPCで急に警告音が鳴って、『サポートに電話してください』って番号が出てます！")
    steps = reply.split("まず、次のことをお願いします。")[1]
    assert steps.lstrip().startswith("1. 画面に出た電話番号には電話せず")


@pytest.mark.parametrize("after", [
    "すみません、ブラウザを閉じたら警告は消えました。番号に電話もしていませんし、何も入力していません",
    "Sorry, the pop-up went away when I closed the browser, and I didn't call the number.",
])
def test_a_warning_that_went_away_untouched_is_offered_as_a_false_alarm(record_chat, after):
    chat = record_chat(WEEKDAY)
    chat.say("院内のPCに『ウイルスに感染しました 今すぐこの番号へ』と警告が出ています")
    reply = chat.say(after)
    assert "誤報" in reply and chat.answers.patient_data is None
    assert chat.store.get_incident(chat.incident_id).status != "false_alarm"  # only once the user confirms


def test_files_that_went_away_are_the_incident_itself(record_chat):
    chat = record_chat(WEEKDAY)
    chat.say("共有フォルダの中身が急におかしくなりました")
    reply = chat.say("ファイルが全部消えました。何もしてないのに")
    assert "閉じますか" not in reply


def test_remote_control_and_a_card_number_given_get_their_steps(record_chat):
    chat = record_chat(WEEKDAY)
    chat.say("院長のパソコンに『ウイルスに感染しています 今すぐこの番号に電話』って出てます")
    reply = chat.say("実は電話してしまって、言われたソフトを入れて遠隔で操作されました。カード番号も伝えました")
    assert "ネットワークから切り離してください" in reply and "カード会社に連絡して利用停止" in reply
