"""Payments, quotes, alarms and questions inside a triage in words the assistant had not read before (eval set 25's
dev half, asked here in other words), through the whole engine: the usual New-Year break told as a range is no
closure, and dates listed with 「今日の」 are dates; a weekday's usual hours in brackets leave the day whole; a closure of
"a whole month" reaches the cap, and a rate per day is no count; an English payment question and its correction keep
the event's day; a premium for a bigger size asked as "how much more" gets both premiums and the difference; sums
foreseen against the plan joined are set against its limits (the plan's limits said again are no sums spent); a
remote session nobody started is an intrusion, a USB stick found and plugged in is no loss of ours, counterfeit goods
are no fake mail; a case supposed and asked of (「…たら補償されますか」) raises no alarm; a facility's size that only
introduces the writer is no quote request; a question passed on (「…出るのかって聞いてます」) mid-triage is answered, and
so is 「ほかにやっておくことは」; words on a screen, quoted, name no one told, nor does a vendor's fee; when a
broadcast went out is when it happened."""

from __future__ import annotations

import datetime as dt

import pytest

from handlers.emergency import detect
from handlers.understand import understand
from handlers.session import Session
from knowledge.clock import JST


def test_the_new_year_break_told_as_a_range_is_no_closure(conversation):
    say = conversation(dt.datetime(2034, 1, 6, 16, 0, tzinfo=JST))
    reply = say("12月27日の夜に院内のサーバーが攻撃されました。年末年始は28日から4日まで休みの予定で、そのあと5日と今日の6日も閉めました。日医の支援金はいくらですか")
    assert "休業2日" in reply and "30万円" in reply


def test_a_weekdays_usual_hours_in_brackets_leave_the_day_whole(conversation):
    say = conversation(dt.datetime(2031, 4, 23, 10, 0, tzinfo=JST))
    reply = say("4月10日（木）の診療後にサーバーが攻撃されました。11日（金）と12日（土・いつもは午前のみ）は休診、13日は日曜、"
                "14日（月）も休診して、15日（火）から再開しました。支援金はいくらですか")
    assert "休業3日" in reply and "40万円" in reply


def test_a_whole_month_closed_reaches_the_cap_and_a_rate_per_day_is_no_count(conversation):
    say = conversation(dt.datetime(2031, 11, 28, 12, 0, tzinfo=JST))
    reply = say("先月サーバーを攻撃されて、結局ひと月まるまる外来を閉めました。1日10万円ずつだと300万円になるんですか？支援金はいくらですか")
    assert "40万円" in reply and "300万円" not in reply  # (the cap, never ten a day without one)


def test_an_english_payment_question_and_its_correction_keep_the_events_day(conversation):
    say = conversation(dt.datetime(2029, 12, 21, 11, 0, tzinfo=JST))
    reply = say("How much is the JMA money for us? Someone broke into our server on the evening of Thursday 13 December. "
                "On Friday 14th and Monday 17th we couldn't open.")
    assert "30万円" in reply and "2029年12月13日" in reply
    reply = say("Sorry, on Friday we did see every patient after all, on paper. Only Monday was a real closure.",
                dt.datetime(2029, 12, 21, 11, 5, tzinfo=JST))
    assert "20万円" in reply and "2029年12月13日" in reply
    assert "0120-318-258（年中無休・24時間365日・いまも受付中）" not in reply  # (a correction is no new alarm)


def test_a_premium_for_a_bigger_size_asked_as_how_much_more(conversation):
    say = conversation(dt.datetime(2031, 1, 15, 10, 0, tzinfo=JST))
    reply = say("H2を検討中の病院です。今は50床ですが、100床に増えたら年間の保険料はいくら上がりますか")
    assert "91,730円" in reply and "121,130円" in reply and "29,400円" in reply


def test_sums_foreseen_against_the_plan_joined_are_set_against_its_limits(conversation):
    say = conversation(dt.datetime(2031, 1, 15, 10, 0, tzinfo=JST))
    reply = say("H3に入っている診療所です。見込みでは賠償が4,800万円、調査などの費用が900万円です。H3は賠償5,000万円と事故対応1,000万円なので、全部出ますよね？")
    assert "4,800万円" in reply and "900万円" in reply and "総保険金額 5,000万円 を超える" in reply


@pytest.mark.parametrize("text", [
    "The radiology PC shows a remote session that none of us started, and the cursor is moving.",
    "受付のパソコンに、誰も覚えのないリモート接続が開いています",
])
def test_a_remote_session_nobody_started_is_an_intrusion(text):
    found = detect(text)
    assert found.level == "emergency" and found.kind == "unauthorized_access"


def test_a_usb_stick_found_and_plugged_in_is_no_loss_of_ours():
    assert detect("玄関に落ちていたUSBを、落とし主を探そうと事務のパソコンに挿しました").kind != "lost_device"


def test_counterfeit_goods_in_a_newsletter_are_no_fake_mail():
    assert detect("メルマガで『駅前の店で偽物のサプリが売られている』と紹介しました").level != "emergency"


def test_a_case_supposed_and_asked_of_raises_no_alarm():
    now = dt.datetime(2031, 1, 15, 10, 0, tzinfo=JST)
    u = understand("院のSNSに載せたリハビリ中の写真を消し忘れて、その利用者さんから慰謝料を請求されたら補償されますか", Session(key="x"), now)
    assert u.emergency.level != "emergency" and u.intent == "coverage"


def test_a_facilitys_size_that_only_introduces_the_writer_is_no_quote_request():
    now = dt.datetime(2031, 1, 15, 10, 0, tzinfo=JST)
    u = understand("200床の病院の夜間警備です。さっきから中央監視盤の画面で、空調が勝手に切り替わり続けています", Session(key="x"), now)
    assert u.intent != "quote"
    assert understand("19床の有床診療所です", Session(key="y"), now).intent == "quote"


def test_a_question_passed_on_mid_triage_is_answered(conversation):
    say = conversation(dt.datetime(2029, 7, 16, 2, 10, tzinfo=JST))
    first = say("夜勤です。病棟のタブレットが次々に『このデバイスはロックされました。解除は下記へ連絡』という画面になって使えません")
    assert "知っている人" not in first
    reply = say("当直の事務がアクセスポイントを止めました。事務長が、業者の復旧費用や原因調査の費用は保険で出るのかって聞いてきています",
                dt.datetime(2029, 7, 16, 2, 25, tzinfo=JST))
    assert "補償の対象となります" in reply
    assert "システム業者" not in reply  # (the vendor's fee is no telling)


def test_what_else_to_do_tonight_gets_the_steps(conversation):
    say = conversation(dt.datetime(2032, 2, 14, 23, 0, tzinfo=JST))
    say("夜勤の者です。受付のパソコンが勝手に再起動を繰り返して、黒い画面が出たり消えたりしています")
    reply = say("電源はそのままにしています。朝まで待つつもりですが、今夜のうちにほかにしておくことはありますか",
                dt.datetime(2032, 2, 14, 23, 10, tzinfo=JST))
    assert "ネットワークから切り離" in reply


def test_when_a_broadcast_went_out_is_when_it_happened(conversation):
    say = conversation(dt.datetime(2029, 11, 21, 20, 0, tzinfo=JST))
    say("地元のケーブルテレビの取材映像で、ナースステーションの患者一覧がそのまま映っていたと連絡がありました")
    reply = say("確認しました。8人分の名前が映っていて、配信は19時半ごろでした", dt.datetime(2029, 11, 21, 20, 10, tzinfo=JST))
    assert "事故が起きた日時：2029年11月21日 19:30" in reply


def test_sums_that_fit_each_limit_are_no_budget(conversation):
    say = conversation(dt.datetime(2031, 1, 15, 10, 0, tzinfo=JST))
    reply = say("80床の病院でH4に入っています。賠償は9,000万円、対応の費用は2,500万円かかる見込みです。それぞれ枠内に収まるので全部出ますか")
    assert "総保険金額 1億円 を超える" in reply and "以内のタイプ" not in reply
