"""The JMA payment asked about after something happened, as staff ask it: the payment is what is answered
(with the desk's number first) when the message tells how the event went since (days closed, care resumed)
or dates it, unless it says the incident is in hand now; an event told with neither gets the emergency answer
first and the payment after it; the kind of event told
decides which payment; the days closed are counted up to the day care resumed; a usual day off named by its
weekday dates nothing. Through the whole engine, with retrieval where it is needed."""

from __future__ import annotations

import datetime as dt

import pytest

from handlers import triage
from handlers.session import Session
from handlers.understand import understand
from knowledge.dates import least_days_back, read_date
from knowledge.text import normalize

JST = dt.timezone(dt.timedelta(hours=9))
DESK = "0120-318-258"


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=JST)


@pytest.mark.parametrize(("text", "now"), [
    ("こうげきは うけたけど やすみには しなかった。しえんきん いくら？", at(2030, 3, 5, 13)),
    ("ランサムウェアにやられて4日休診しました。日医の支援金は全部でいくらですか？", at(2030, 7, 10, 10)),
    ("うちは木曜と日曜が定休日の医院です。先週の火曜の夜に院内のサーバーが暗号化されて、水曜・金曜・土曜は臨時休診、"
     "月曜から診療を戻しました。支援金の計算をお願いします", at(2027, 10, 28, 12, 15)),
])
def test_a_payment_asked_about_an_event_not_said_to_be_going_on_is_answered_as_the_payment(conversation, text, now):
    reply = conversation(now)(text)
    assert "今すぐお電話ください" not in reply  # not the incident's first steps …
    assert reply.index(DESK) < reply.index("万円")  # … but whom to call comes before the amount


@pytest.mark.parametrize("text", [
    "今朝から電子カルテが暗号化されて開きません。支援金は出ますか？",  # today
    "ウイルスで3日間診療を止めています。支援金は？",  # still closed
    "ランサムウェアにやられて全く落ち着いていない状態です。支援金はもらえますか？",  # not over, in its own words
    "ランサムにやられました。どうしたらいいですか？支援金も知りたいです",  # a call for help
    # nothing dates it or tells how it went since (no days closed, nothing resumed): it may be minutes old
    # (two blind probes, session 30, found the amount alone given to such fresh reports)
    "サイバー攻撃じゃなくて、職員のメール誤送信で個人情報が漏れました。支援金をもらう条件は？",
])
def test_a_payment_asked_beside_an_incident_in_hand_stays_an_emergency(text):
    assert understand(normalize(text), Session(key="t"), at(2030, 7, 10, 10)).emergency.level == "emergency"


@pytest.mark.parametrize(("text", "now", "amount"), [
    # a loss and a misdelivery pay the leak payment, whatever words tell them
    ("受付で患者さんのリストを落としてしまい、拾った人がSNSに上げてしまいました。謝罪や問い合わせ対応で2日間休診にしたんですが、"
     "休業分の上乗せも含めて日医からいくら出ますか？", at(2027, 8, 3, 13), "5万円"),
    # an attack told by its symptoms pays the attack payment, up to the day care resumed
    ("令和9年6月14日（月）の朝、ファイルのアイコンが全部白い紙みたいなのに変わっていて、ビットコインを払えばデータを戻すと"
     "書いてありました。その日と翌日は外来を止め、16日（水）から紙カルテで再開しました。日本医師会からの支援金はいくらになりますか",
     at(2027, 6, 21, 10, 15), "30万円"),
    # the attack's payment is the one when both are named and the story is an account taken over
    ("事務長のメールアカウントがフィッシングで乗っとられて、紹介状データが抜かれました。診療は普通に続けてます。"
     "日医の支援金は、攻撃の10万円と漏えいの5万円、どっちになるんでしょう", at(2027, 9, 14, 11), "10万円"),
])
def test_the_event_told_decides_the_payment(conversation, text, now, amount):
    assert f"一時支援金は {amount}" in conversation(now)(text)


def test_insider_copying_gets_no_payment(conversation):
    reply = conversation(at(2031, 11, 20, 10))(
        "去年辞めた受付のスタッフが、在職中に患者名簿をこっそり自分のUSBにコピーして、知り合いのクリニックに渡していたことが"
        "わかりました。日医の漏えいの一時支援金で5万円もらえますか")
    assert "内部犯罪" in reply and "一時支援金は 5万円" not in reply


def test_an_answer_to_which_payment_that_denies_an_attack_is_the_leak(conversation):
    say = conversation(at(2033, 4, 12, 15))
    say("患者さんの個人情報が漏れたみたいです。医師会から何かお金は出ますか")
    reply = say("調べたら、ウイルスとかではなく、職員がメールの宛先を間違えただけでした")
    assert "一時支援金は 5万円" in reply and "10万円" not in reply.split("一時支援金は")[1][:20]


def test_the_event_day_given_in_the_payment_dialogue_is_used(conversation):
    say = conversation(at(2031, 2, 13, 9, 30))
    first = say("電子カルテが急に動かなくなって、業者さんはサイバー攻撃だろうと言っています。日医の支援金ってどういう仕組みですか")
    assert "最大30万円" in first and "合計で最大40万円" in first  # the rule for days closed, before any is known
    reply = say("2031年2月10日（月）に攻撃を受けて、10日は休診。11日は建国記念の日でもともと休み、12日（水）から再開しました")
    assert "一時支援金は 20万円" in reply and "2031年2月10日" in reply


@pytest.mark.parametrize(("text", "event", "days"), [
    ("2031年2月10日（月）に攻撃を受けて、10日は休診。11日は建国記念の日でもともと休み、12日（水）から再開しました", (2031, 2, 10), 1),
    ("その日と翌日は外来を止め、16日（水）から紙カルテで再開しました", (2027, 6, 14), 2),
    ("うちは木曜と日曜が定休日。火曜の夜に暗号化されて、水曜・金曜・土曜は臨時休診、月曜から診療を戻しました", (2027, 10, 19), 3),
    ("サーバーが暗号化されていました。木曜からは開けられました", (2031, 4, 30), 1),
    ("サーバーが暗号化されていました。", (2031, 4, 30), None),  # no day of resuming named
])
def test_days_closed_until_care_resumed(text, event, days):
    assert triage.days_closed_until_reopening(text, dt.date(*event), at(2031, 5, 7, 12) if event[0] == 2031 else at(2027, 10, 28, 12)) == days


def test_a_weekday_named_as_a_usual_day_off_dates_nothing():
    today = dt.date(2029, 7, 10)
    assert read_date("うちは木曜と日曜が定休日の医院です。先週の火曜の夜にやられました", today).date == dt.date(2029, 7, 3)
    assert read_date("月曜の休診日にやられました", today).date == dt.date(2029, 7, 9)  # a day off can still be the day
    assert read_date("被害にあったのは2022年の4月でした", today).date == dt.date(2022, 4, 1)


def test_a_month_named_is_at_least_its_last_day_back():
    assert least_days_back("4月にウイルスで1日休診", dt.date(2030, 10, 1)) == 154
    assert least_days_back("先週やられた", dt.date(2030, 10, 1)) == 2  # a Tuesday: last Sunday at least


@pytest.mark.parametrize(("text", "now", "level"), [
    # 「アカウント」 holds 「カウント」: a hijacked page posting a false closure asks nothing about the payment
    ("病院のFacebookページの管理者が知らんアカウントに変えられとって、『明日から当面休診します』って嘘の投稿ばされとるとさ。",
     at(2027, 9, 20, 17, 40), "emergency"),
    # found this morning, a substitute holiday: in hand now, though it asks about the payment
    ("振替休日の朝、受付に来てみたら、患者さんの名前の一覧が延々と印刷されていました。日医の支援金ってこういう場合も出ますか。",
     at(2030, 5, 6, 8, 10), "emergency"),
    # 「開けられず」 tells a day closed, and the message says it reopened
    ("4月27日の夜に電子カルテが暗号化されました。5/1・5/2も開けられず、5月7日に再開しました。日医の一時金の総額は？",
     at(2029, 5, 21, 10, 30), "possible"),
])
def test_what_marks_an_incident_in_hand(text, now, level):
    assert understand(normalize(text), Session(key="t"), now).emergency.level == level


def test_one_day_named_with_its_weekday_and_a_note_is_one_day_closed(conversation):
    reply = conversation(at(2031, 3, 25, 10))(
        "R13.3.14（金）の診療後に攻撃。15日（土・いつもは午前診療）だけ閉めて、17日（月）からは通常診療。一時支援金は？")
    assert "一時支援金は 20万円" in reply


@pytest.mark.parametrize("text", [
    "日医への届出って、どこからどうやって出すんでしょう？書式や窓口が知りたいです",
    "一時支援金の申請方法と、届出の書式はどこで確認できますか",
])
def test_where_and_how_to_apply_points_to_the_members_site_and_the_office(conversation, text):
    reply = conversation(at(2030, 4, 9, 13, 5))(text)
    assert "メンバーズルーム" in reply and "03-3942-6135" in reply
    assert "受付時間の記載はありません" in reply  # no hours are printed for the office: none are claimed
