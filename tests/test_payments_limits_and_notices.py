"""What staff ask after an incident and about their plan, as they ask it: a ransom note quoted with its
question at night, "what should we do now, and how much can the JMA pay us?", 「まだ誰にも」, days closed
named by yesterday, this morning, dates across clauses or 「今日まで」 days later, a holiday that was a day
off anyway, both payments for one event, what counts as a closure day, a hospital known by its beds, a
monthly budget, a plan's limits, late notice to the insurer, who the payments are for and what the
written notice holds. Through the whole engine, with retrieval."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from handlers import triage
from handlers.messages import Inbound

JST = dt.timezone(dt.timedelta(hours=9))
SUNDAY_2AM = dt.datetime(2030, 3, 17, 2, 0, tzinfo=JST)
SATURDAY_10AM = dt.datetime(2030, 3, 16, 10, 0, tzinfo=JST)  # the JMA line is open, the agent is not
WEDNESDAY = dt.datetime(2030, 7, 10, 10, 0, tzinfo=JST)
FRIDAY = dt.datetime(2030, 7, 12, 11, 0, tzinfo=JST)


def test_a_ransom_note_quoted_with_a_question_at_night_is_an_emergency_and_the_question_is_answered(conversation):
    reply = conversation(SUNDAY_2AM)("画面に「身代金を払えばデータを戻す」って書いてあります。払った方がいいですか？保険で出ますか？")
    assert "0120-318-258" in reply and "受付時間外" in reply  # the JMA line is closed at 2:00
    assert "身代金を支払ったりしないでください" in reply  # ransomware's own first steps
    assert "身代金の支払いが補償されるかどうかは、パンフレットには記載がありません" in reply


def test_a_past_attack_with_what_should_we_do_now_gets_first_steps_and_the_payment(conversation):
    reply = conversation(SATURDAY_10AM)(
        "Our server got ransomware on Wednesday evening and we stayed closed Thursday and Friday. "
        "What should we do now, and how much will the JMA pay?")
    assert "First steps" in reply and "0120-179-066" in reply
    assert "30万円" in reply  # 10万 for the attack, 2 days closed


def test_a_payment_question_about_an_attack_last_week_is_the_paperwork(conversation):
    reply = conversation(dt.datetime(2030, 7, 16, 15, 0, tzinfo=JST))(  # a Tuesday
        "先週、電子カルテが乗っ取られた件で被害届は出しました。日医の一時支援金はいくらですか？")
    assert "今すぐお電話ください" not in reply and "一時支援金" in reply


def test_nobody_told_yet_is_recorded_and_gets_no_refusal(retrieval_engine):
    key = f"t:{uuid.uuid4().hex}"
    first = retrieval_engine.handle(Inbound(session_key=key, text="予約サイトが乗っ取られたみたいで、患者さんに変なSMSが届いてるそうです", at=WEDNESDAY))
    second = retrieval_engine.handle(Inbound(session_key=key, text="気づいたのは今朝の9時ごろです。まだ誰にも連絡してません",
                                             at=WEDNESDAY + dt.timedelta(minutes=5)))
    assert "お答えできません" not in second.plain_text()
    record = retrieval_engine.store.get_incident(first.incident_id)
    assert record.answers.told == [] and record.answers.notified == []  # nobody: not the patients who got the SMS


@pytest.mark.parametrize(("text", "at", "days"), [
    ("おとといウイルスにやられて、きのうだけ休診しました", WEDNESDAY, 1),
    ("今朝から初診の受付を止めてます", WEDNESDAY, 1),
    ("昨日から休診しています", WEDNESDAY, 2),
    ("昨日は休診しましたが今日から再開しました", WEDNESDAY, 1),
    ("昨日攻撃を受けて、今日は休診", WEDNESDAY, 1),
    ("水曜にやられて、水・木と休診、今日も休んでます", FRIDAY, 3),
    ("6月28日（金）は臨時休診、29日と30日は土日でもともと休み、7月1日（月）と2日（火）も休診しました", WEDNESDAY, 3),
])
def test_days_closed_in_everyday_words(text, at, days):
    assert triage.days_closed(text, at) == days


def test_a_holiday_that_is_a_day_off_anyway_is_no_day_closed():
    assert triage.days_closed("業者のVPNから侵入されたと連絡がありました。今日は祝日で休診です",
                              dt.datetime(2030, 4, 29, 8, 0, tzinfo=JST)) is None


def test_a_duty_heard_of_tells_no_one(retrieval_engine):
    key = f"t:{uuid.uuid4().hex}"
    first = retrieval_engine.handle(Inbound(session_key=key, text="受付のPCがランサムウェアに感染しました", at=WEDNESDAY))
    retrieval_engine.handle(Inbound(session_key=key, text="損保には書面で知らせないといけないと聞きました",
                                    at=WEDNESDAY + dt.timedelta(minutes=5)))
    assert retrieval_engine.store.get_incident(first.incident_id).answers.notified is None


def test_both_payments_for_one_attack_get_the_rule(conversation):
    reply = conversation(WEDNESDAY)("ランサムウェアで患者情報も漏れました。支援金は攻撃の分と漏えいの分、両方もらえますか？休業はしていません")
    assert "サイバー攻撃による漏えいは、個人情報漏えいの一時支援金（5万円）の対象になりません" in reply
    assert reply.index("対象になりません") < reply.index("万円 です")  # the question asked, answered first


def test_whether_usual_days_off_count_is_answered_by_the_definition_not_a_sum(conversation):
    reply = conversation(WEDNESDAY)("休業日数って、もともとの休診日（水曜午後と日曜）も入りますか")
    assert "「休業」として扱います" in reply and "万円 です" not in reply


def test_a_follow_up_days_later_goes_on_from_the_event_day(conversation):
    say = conversation(FRIDAY)
    assert "40万円" in say("水曜にサーバーが攻撃されて、水・木と休診、今日も休んでます。支援金は？")
    later = say("結局、今日まで休んでます（土日はもともと休み）。金額は変わりますか", dt.datetime(2030, 7, 16, 16, 0, tzinfo=JST))
    assert "先日のご質問の続き" in later and "2030年7月10日" in later and "40万円" in later


@pytest.mark.parametrize(("text", "expected"), [
    ("うちは70床です。H2だといくら？", ["病院", "50床: 91,730円", "0985-23-9100"]),
    ("Annual premium for 100 inpatient beds on H1, please.", ["103,540円"]),
])
def test_a_bed_count_of_twenty_or_more_is_a_hospital(conversation, text, expected):
    reply = conversation(WEDNESDAY)(text)
    assert all(e in reply for e in expected), reply
    assert "医療法" in reply  # the outside source of the rule is named


def test_a_monthly_budget_is_compared_as_twelve_months(conversation):
    reply = conversation(WEDNESDAY)("50床の病院です。保険料は月2万円くらいまでなら出せます。どれが入れますか")
    assert "年240,000円として" in reply and "H4：231,070円" in reply


def test_a_plans_limits_and_the_yearly_total(conversation):
    say = conversation(WEDNESDAY)
    assert "5,000万円" in say("H3に入ってます。賠償を請求されたら上限いくらまで出ますか")
    assert "事故対応特別費用の保険金額（支払限度額）は 1,000万円" in say("事故対応のほうは？")
    assert "総保険金額）5,000万円 が限度" in say("両方あわせて1年で使える上限は？")


def test_late_notice_to_the_insurer(conversation):
    reply = conversation(WEDNESDAY)("忙しくて損保ジャパンへの事故の報告が遅れそうです。不利になりますか")
    assert "保険金の一部を差し引いてお支払いする場合があります" in reply


@pytest.mark.parametrize("text", [
    "警告メールを放置してそのまま使い続けていたせいで被害が拡大した場合、保険金は減らされますか",
    "感染に気づいたのにLANを抜かないでいたら、被害が広がってしまいました。保険に影響ありますか",
    "We ignored the antivirus warning for days and the damage got worse. Will the claim be reduced?",
])
def test_a_loss_let_spread_is_the_duty_to_contain_it(conversation, text):
    reply = conversation(WEDNESDAY)(text)
    assert "保険金の一部を差し引いてお支払いする場合があります" in reply and "損害の発生および拡大の防止" in reply, reply


def test_a_spread_to_prevent_is_a_first_step_not_the_duty(conversation):
    reply = conversation(WEDNESDAY)("ランサムウェアの被害が広がらないように、今なにをすればいいですか")
    assert "0120-318-258" in reply and "差し引いて" not in reply


@pytest.mark.parametrize("text", [
    "来月から分院を開設します。加入している保険の代理店に何か届け出る必要はありますか",
    "電子カルテを新しいクラウドのものに変えました。保険会社に言っておいたほうがいいですか",
    "We are adding 20 beds next spring. Do we need to notify the insurer?",
    "加入したあとで、リハビリの部門を新しく立ち上げます。保険のほうに何か連絡はいりますか",  # 要りますか asks a duty
])
def test_a_change_after_joining_is_notified(conversation, text):
    reply = conversation(WEDNESDAY)(text)
    assert "告知事項に変更が発生する場合、取扱代理店または損保ジャパンまでご通知ください" in reply, reply
    assert "あらかじめ" in reply and "遅滞なく" in reply  # when: in advance for its own change, else without delay


def test_a_change_of_plan_is_not_the_notice_of_changes(conversation):
    reply = conversation(WEDNESDAY)("途中でH2からH4にプランを変更したいです。代理店に連絡が必要ですか")
    assert "変更のお手続きは" in reply and "次のとおり定められています" not in reply


def test_who_the_payments_are_for(conversation):
    reply = conversation(WEDNESDAY)("開設者は医師会員ではありませんが、管理者の院長がA①会員です。支援金の対象ですか")
    assert "日本医師会A①会員が開設・管理する医療機関" in reply


def test_what_the_written_notice_holds_inside_an_incident(conversation):
    say = conversation(WEDNESDAY)
    say("受付のPCが勝手に動いて、誰かが遠隔で患者名簿を開いています")
    reply = say("保険会社に書面で通知するそうですが、何を書けばいいですか")
    assert "<1> 事故発生の日時、場所、事故の状況" in reply and "「まとめ」と送ると" in reply


def test_chatter_inside_an_incident_gets_no_out_of_scope_refusal(conversation):
    say = conversation(dt.datetime(2030, 1, 12, 1, 30, tzinfo=JST))
    say("夜勤中です。院長室のPCのマウスが勝手に動いて、ファイルを開いてます")
    for text in ("LAN抜きました。院長にはLINEしたけど既読つかない", "カードの番号も伝えてしまった。どうしよう"):
        reply = say(text)
        assert "お答えできません" not in reply and "ほかの保険" not in reply, reply
    assert "自動車保険のご相談は" in say("自動車保険で出ますか？")  # another insurance asked in so many words still gets it


def test_whether_to_tell_the_police_gets_the_reports_owed(conversation):
    say = conversation(WEDNESDAY)
    say("サーバーのログに海外IPからのログイン成功が何件も残ってました")
    say("患者さん約4万人分の氏名と画像があります")
    reply = say("警察にはまだ言ってないです。言ったほうがいい？")
    assert "必要な報告・届出" in reply and "個人情報保護委員会" in reply


def test_a_password_typed_into_a_login_page_gets_the_account_steps(conversation):
    reply = conversation(WEDNESDAY)("職員がメールのリンクから、それっぽいログイン画面にIDとパスワード入れてしまったそうです")
    assert "パスワードを変更" in reply and "身代金" not in reply


def test_a_date_only_closed_before_the_reopening_date_is_no_count():
    # 「4日だけ休んで5日から再開」: the 4th, not four days.
    assert triage.days_closed("4日だけ休んで5日から再開できそうです", dt.datetime(2027, 1, 1, 9, 30, tzinfo=JST)) != 4
