"""Dialogues an outside tester wrote (probe 38, blind to the rules), through the whole engine: after the
summary, a correction of days said as a maybe and a correction of a party told stay in the same record
(no second record of a guessed kind); a notice received beside the clinic's own noticing dates the event;
an unknown said of a time answers no question about care; the records system's maker is no patient data;
a vendor that cannot be reached was not told; a denial about one party answers no question about others."""

from __future__ import annotations

import datetime as dt

from knowledge.clock import JST

SATURDAY_NIGHT = dt.datetime(2026, 2, 7, 22, 27, tzinfo=JST)
RANSOM = "受付のパソコンの画面が真っ赤で英語の文が出てて、ファイルが全部変な名前になってます。電カルも開けません！"


def test_corrections_after_the_summary_stay_in_the_record(record_chat):
    chat = record_chat(SATURDAY_NIGHT)
    chat.say(RANSOM)
    chat.say("院長にはLINEしました。業者（カルテのメーカー）にはメールしました")
    assert chat.answers.patient_data is None  # the maker of the records system is no patient data
    chat.say("月曜から2日くらい休診にするかも")
    chat.say("まとめ")
    first = chat.incident_id
    chat.say("すみません、3日でした")
    assert chat.answers.closure_days == 3
    chat.say("あと訂正、業者へのメールはまだ送ってなかったです。下書きのままでした")
    assert chat.incident_id == first and chat.answers.kind == "ransomware"
    assert chat.answers.told == ["staff"]
    assert chat.answers.notified is None  # the vendor denied says nothing of the police or the authorities


def test_a_notice_received_beside_the_clinics_own_noticing_dates_the_event(record_chat):
    chat = record_chat(dt.datetime(2026, 3, 9, 8, 5, tzinfo=JST))
    chat.say("事務長のメールアカウントに知らない国からログインされてました")
    chat.say("不審なログインのお知らせメールが届いてたのは土曜の夜で、気づいたのは今朝です")
    assert chat.answers.found_at == "2026-03-09 朝"
    assert chat.answers.occurred_at == "2026-03-07 夜"


def test_an_unknown_said_of_a_time_is_no_answer_about_care(record_chat):
    chat = record_chat(SATURDAY_NIGHT)
    chat.say(RANSOM)
    chat.say("患者さんのデータは入ってます")
    chat.say("いつからかは分からんけど、ゆうべ11時すぎにバックアップ取った時は普通だった")
    assert chat.answers.care_stopped is None


def test_a_vendor_that_cannot_be_reached_was_not_told(record_chat):
    chat = record_chat(dt.datetime(2026, 5, 4, 11, 0, tzinfo=JST))
    chat.say("病院のホームページのトップが勝手に書き換わってて、開くと変な通販サイトに飛ばされます")
    chat.say("サーバーは制作会社が管理してますが、電話しても連休で繋がりません")
    assert "vendor" not in (chat.answers.told or [])
