"""The JMA payment in conversation, through the whole engine: corrections change the amount, the
answer states the event date it used, an attack that leaked data is told which payment applies,
and a question about what counts as a closure day gets the pamphlet's definition."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.engine import Engine
from bot.store.sqlite import SQLiteStore
from handlers.messages import Inbound

JST = dt.timezone(dt.timedelta(hours=9))


@pytest.fixture
def say(tmp_path):
    store = SQLiteStore(tmp_path / "bot.sqlite3")
    engine = Engine(store)
    minute = iter(range(100))

    def _say(text: str, key: str = "s1") -> str:
        at = dt.datetime(2026, 12, 2, 10, next(minute), tzinfo=JST)
        return engine.handle(Inbound(session_key=key, text=text, at=at)).plain_text()

    yield _say
    store.close()


def test_a_corrected_day_count_changes_the_amount(say):
    assert "40万円" in say("2025年6月1日にランサムウェアで4日休業しました。支援金はいくら？")
    reply = say("ごめん、4日じゃなくて2日やった")
    assert "30万円" in reply and "40万円" not in reply
    assert "2025年6月1日" in reply  # the event date it used


def test_no_closure_after_all_pays_the_base_only(say):
    say("2024年10月1日にサイバー攻撃を受けて2日休業。支援金は？")
    reply = say("訂正です。実際は休業していませんでした。")
    assert "10万円" in reply and "30万円" not in reply


def test_closed_that_day_is_one_day(say):
    reply = say("2025年7月4日にランサムウェアに感染して、その日は休診にしました。支援金はいくら？")
    assert "20万円" in reply


def test_an_attack_that_leaked_data_is_told_which_payment_applies(say):
    reply = say("2025年3月に不正アクセスで個人情報が流出しました（休診なし）。10万円と5万円、合わせて申請できますか。")
    assert "10万円" in reply and "サイバー攻撃に起因しない" in reply
    assert "15万円" not in reply


def test_what_counts_as_a_closure_day_is_answered_with_the_days_known(say):
    say("2025年5月にサイバー攻撃、休業2日でした。支援金は？")
    reply = say("新患の受付だけ止めた日も休業に含まれますか？")
    assert "新規患者" in reply


@pytest.mark.parametrize(("message", "amount", "not_amount"), [
    # the end of a range of dates is no day count: the written duration is
    ("2025年3月3日〜4日の2日間、ランサムウェアで休診しました。支援金はいくら？", "30万円", "40万円"),
    # a range of dates alone counts its days, both ends included
    ("2025年10月6日にランサムウェアに感染し、10/6から10/8まで休診しました。支援金は？", "40万円", None),
    ("2025年3月3日に不正アクセスを受け、3月3日〜3月5日まで休診。支援金はいくら？", "40万円", None),
    # English: a short month name with its year, a count in words
    ("We were hit by ransomware on 15 Aug 2025 and closed for two days. How much is the JMA support payment?", "30万円", None),
    # a start day and a count are no range of dates (「3月3日から2日休診」 is two days)
    ("2025年3月3日にランサムウェアに感染し、3月3日から2日休診しました。支援金は？", "30万円", "40万円"),
    ("2025年10月6日に不正アクセス。10/6から1日だけ休診しました。支援金は？", "20万円", "40万円"),
    ("2025年11月11日にランサムウェア。11日から13日まで休みました。支援金は？", "40万円", None),
    # "N days ago" is when, not how long
    ("Ransomware hit us on 1 Oct 2025, three days before we noticed; we closed for one day. JMA payment?", "20万円", "40万円"),
    # one day named and only it closed
    ("2025/10/6に攻撃を受けて、翌日10/7だけ休診しました。一時支援金はいくら？", "20万円", "40万円"),
    # 「3日前」 is when, not how long
    ("2025年10月6日、3日前にランサムにやられて、翌日だけ休診しました。支援金いくら？", "20万円", "40万円"),
    ("2025年10月6日にウイルス感染。水曜のみ休業しました。支援金は？", "20万円", None),
])
def test_closure_days_and_dates_as_staff_write_them_give_the_right_amount(say, message, amount, not_amount):
    reply = say(message)
    assert amount in reply, reply
    assert not_amount is None or not_amount not in reply


def test_a_payment_question_days_after_an_incident_is_answered_from_its_record(tmp_path):
    """The triage closed after days of silence; 「結局3日休診しました。支援金は？」 a week later is
    about that incident: its kind and day are used, and the reply names the record."""
    store = SQLiteStore(tmp_path / "bot.sqlite3")
    engine = Engine(store)

    def say(text: str, day: int, minute: int = 0) -> tuple[str, str | None]:
        reply = engine.handle(Inbound(session_key="s", text=text, at=dt.datetime(2026, 12, day, 10, minute, tzinfo=JST)))
        return reply.plain_text(), reply.incident_id

    _, opened = say("ウイルスで電子カルテが止まって、今日は休診にしました", 2)
    reply, cited = say("結局3日休診しました。支援金は？", 9)
    assert opened is not None and cited == opened and opened in reply
    assert "40万円" in reply and "2026年12月2日" in reply
    # a question that names its own event is about that one
    reply, _ = say("2024年5月10日に別の攻撃で2日休んだ分の支援金は？", 9, 5)
    assert "30万円" in reply and opened not in reply
    store.close()


def test_a_payment_question_about_last_years_attack_is_no_live_emergency(say):
    reply = say("去年の11月にランサムウェアで3日休診しました。支援金は？")
    assert "40万円" in reply and "2025年11月1日" in reply
    assert "今すぐお電話ください" not in reply


def test_a_year_alone_computes_when_every_day_of_it_pays_the_same(say):
    """「もし2024年の発生だったら？」: any day of 2024 pays the same, so the year is enough (and the
    reply says the year was used); 2022 straddles the scheme's start and its day is asked for."""
    say("2023年3月に攻撃を受けて、2日休業しました。支援金は？")
    reply = say("もしそれが2024年の発生だったらいくらですか？")
    assert "30万円" in reply and "2024年中として計算" in reply
    assert "年・月・日で教えてください" in say("2022年だったら？")


@pytest.mark.parametrize(("message", "amount"), [
    # (the messages' day is Wednesday 2 December 2026)
    ("11月30日（月）にウイルスでやられて、その日から昨日まで外来を止めていました。支援金はいくら？", "30万円"),
    ("12月1日に攻撃を受けて当日から休診、今日から再開しました。日医の支援金は？", "20万円"),
])
def test_a_closure_from_the_day_of_the_event_is_counted_from_that_day(say, message, amount):
    assert amount in say(message)


def test_staff_snooping_in_records_is_insider_misuse_which_no_payment_covers(say):
    """A member of staff looking into records without need (「何度ものぞいて」「こっそり見ていた」) is insider misuse:
    the JMA payments exclude internal crime, and the reply says so instead of offering the leak payment."""
    reply = say("医師の一人が、知り合いの患者さんのカルテを何度ものぞいていました。日医の支援金は出ますか")
    assert "内部犯罪" in reply and "対象外" in reply and "5万円です" not in reply


def test_a_holiday_season_of_a_year_dates_a_past_event(say):
    """「令和4年のお盆」 is August 2022 (the flat 5万円 for closure then); the spring holidays of that year
    were before the scheme began, and the reply names the season told, not a day it stood in for."""
    assert "15万円" in say("令和4年のお盆にランサムウェアで2日休診しました。支援金は？")
    reply = say("令和4年のゴールデンウィーク明けにウイルスで休診したことがあります。支援金の対象ですか", key="s2")
    assert "対象期間外" in reply and "2022年ゴールデンウィーク" in reply


def test_a_year_whose_rate_changes_within_it_is_asked_for_its_day(say):
    """January–May 2023 paid a flat 5万円 for closure, June on 10万円 a day: 2023 alone is no date."""
    assert "年・月・日で教えてください" in say("2023年にランサムで3日休診した場合の支援金は？")


@pytest.mark.parametrize("message", [
    "令和5年の秋にランサムウェアにやられた件、一時支援金の申請はまだ間に合いますか",
])
def test_a_payment_question_about_a_dated_past_attack_gets_the_payment_not_the_alarm(say, message):
    """Years after the attack the question is the payment's (「まだ間に合いますか」 is no attack still going on)."""
    reply = say(message)
    assert "今すぐお電話ください" not in reply and "支援" in reply


def test_an_attack_still_unresolved_stays_an_emergency_beside_the_payment_question(say):
    reply = say("3日前にランサムウェアにやられて、今も休診中です。支援金はいくら？")
    assert "今すぐお電話ください" in reply


def test_an_english_payment_question_then_a_what_if_for_a_week(say):
    assert "10万円" in say("What does the JMA pay if we get hacked?", "en")
    reply = say("And if we had to close for a whole week?", "en")
    assert "40万円" in reply and "30万円（上限）" in reply


def test_a_season_of_a_year_is_enough_when_every_day_of_it_pays_the_same(say):
    """Autumn 2022 lies inside the flat-rate period (2022-06-01 – 2023-05-31): the closure adds 5万円."""
    say("令和4年の秋にランサムウェアの被害にあいました。支援金は？")
    reply = say("その時は4日休みました。金額は？")
    assert "15万円" in reply and "2022年秋" in reply


def test_the_requirements_of_both_payments_when_asked_without_a_kind(say):
    reply = say("支援金の要件として、日医に届け出たら厚労省にも届け出ないといけませんか")
    assert "厚生労働省への届出もしくは日本医師会への届出" in reply and "漏えいした本人への通知" in reply


def test_half_a_day_closed_is_no_day_count(say):
    reply = say("2025年10月6日にランサムウェア。その日の午後だけ休診しました。支援金は？")
    assert "20万円" not in reply


@pytest.mark.parametrize("message", ["サイバー攻撃で休業した場合の支援金の上限は？", "支援金は最大いくら？"])
def test_the_most_each_payment_can_be_is_computed_from_the_rates(say, message):
    reply = say(message)
    assert "最大40万円" in reply and "5万円" in reply


def test_a_day_count_in_english_is_no_plan_name(say):
    reply = say("How much is the JMA payment for a ransomware attack in May 2025 with 2 days closed?")
    assert "30万円" in reply and "H2" not in reply


def test_a_closure_for_another_cause_is_not_paid_as_an_attack(say):
    reply = say("台風で停電にやられて2日休みました。支援金は？")
    assert "40万円" not in reply and "30万円です" not in reply and "どちらに当たりますか" in reply


def test_an_illness_is_neither_payments_event(say):
    reply = say("インフルエンザにやられて3日休診しました。支援金は出ますか")
    assert "40万円" not in reply and "30万円です" not in reply and "どちらの一時支援金の対象にもなりません" in reply


def test_a_leak_said_not_to_be_an_attack_gets_the_leak_payment(say):
    reply = say("2025年6月に患者情報が漏れたことがあります。サイバー攻撃ではありません。支援金の対象ですか")
    assert "5万円" in reply and "10万円 です" not in reply


def test_winter_of_a_year_whose_rate_changes_across_it_is_asked_for_its_day(say):
    reply = say("2023年の冬にサイバー攻撃で3日休診しました。支援金は？")
    assert "読み取れませんでした" in reply


@pytest.mark.parametrize("message", [
    # 「休診しました」 says they closed, not that it is over: days later it may still be going on
    "11/27にランサムウェアに感染して休診しました。復旧作業中です。支援金はいくらですか",
    "11月26日に攻撃を受けて休診にしました。再開は未定です。支援金は？",
    "11月28日にランサムにやられて、今日で休診6日目です。支援金いくら？",
    "4日前からランサムで電子カルテが止まってます。支援金まだ間に合いますか",
    "11月27日にランサムウェア、現在も診療を停止中です。支援金の額を教えてください",
    "We were hit by ransomware last Friday and we're closed until further notice. How much is the JMA payment?",
])
def test_an_attack_still_under_way_days_later_stays_an_emergency(say, message):
    assert "今すぐお電話ください" in say(message) or "Call now" in say(message)


@pytest.mark.parametrize("message, amount", [("月曜と火曜だけ休診しました。2025年10月6日にランサムウェア。支援金は？", "30万円"),
                                             ("2025年10月6日にランサムウェア。土日はもともと休みで、月曜だけ休診しました。支援金は？", "20万円")])
def test_days_listed_before_only_are_all_counted(say, message, amount):
    assert amount in say(message)


def test_a_question_whether_it_was_an_attack_does_not_deny_one(say):
    reply = say("これってサイバー攻撃ではありませんか？2025年10月にカルテが開けなくなって2日休診しました。支援金は出ますか")
    assert "30万円" in reply


def test_an_english_leak_that_was_not_an_attack_gets_the_leak_payment(say):
    assert "5万円" in say("What does the JMA pay for a data leak that was not a cyberattack?")


@pytest.mark.parametrize("message, amount", [
    ("先週の金曜にランサムウェアの被害を受けて、その日だけ休診しました。支援金はいくらですか", "20万円"),
    ("11月20日にウイルスに感染して2日休診しました。一時支援金はもらえますか", "30万円"),
])
def test_a_payment_asked_about_an_attack_some_days_back_gets_its_amount_with_the_desk_beside_it(say, message, amount):
    reply = say(message)
    assert "今すぐお電話ください" not in reply and f"{amount} です" in reply
    assert "0120-318-258" in reply  # in case it is not over after all


def test_a_payment_asked_about_yesterdays_attack_stays_an_emergency(say):
    assert "今すぐお電話ください" in say("昨日ランサムウェアにやられて休診しました。支援金はいくらですか")


def test_days_closed_for_an_unnamed_cause_give_each_payments_amount_and_the_button_keeps_them(say):
    reply = say("11/4にやられて、翌日11/5だけ休診。一時支援金なんぼ？")
    assert "どちらに当たりますか" in reply and "20万円" in reply and "5万円" in reply
    reply = say("サイバー攻撃の場合の一時支援金")  # the button's text
    assert "20万円 です" in reply and "2026年11月4日" in reply


def test_days_closed_for_a_cause_neither_payment_is_for_get_no_amount(say):
    reply = say("台風で3日休診しました。一時支援金は？")
    assert "どちらに当たりますか" in reply and "40万円" not in reply


def test_a_day_closed_as_well_adds_to_the_days_and_keeps_the_event_day(say):
    # 2026-12-02 is a Wednesday: attacked on Monday the 30th, closed Monday and Tuesday.
    assert "30万円" in say("一昨日の月曜にランサムウェアでやられて、月曜と火曜は外来を休みました。日医の支援金はいくら？")
    reply = say("すみません、再開はあしたからでした。今日も外来は閉めています")
    assert "40万円" in reply and "事由発生日 2026年11月30日" in reply


def test_the_amount_asked_again_as_the_closure_goes_on_shows_its_cap(say):
    assert "40万円" in say("おとといの月曜にランサムウェアでやられて、月曜からずっと休診しています。今日で3日目です。日医の支援金はいくら？")
    reply = say("まだしばらく休みが続きそうです。休みが長くなれば増えますか")
    assert "40万円" in reply and "最大30万円" in reply


def test_a_leak_said_to_have_nothing_to_do_with_hacking_gets_the_leak_payment(say):
    reply = say("宛名ラベルを貼り間違えて、別の患者さんの検査結果を郵送してしまいました。ウイルスとかは関係ないです。日医の支援金はいくら？")
    assert "5万円" in reply and "サイバー攻撃に起因しない個人情報漏えい" in reply and "10万円 です" not in reply


def test_a_correction_of_the_day_noticed_never_makes_the_event_an_insiders(say):
    assert "40万円" in say("ランサムウェアにやられて、月曜から木曜まで4日間休診しました。2025年6月2日の月曜です。支援金はいくら？")
    reply = say("すみません、月曜はもともと休診日で、攻撃に気づいたのは火曜の朝でした。休んだのは火水木の3日です")
    assert "内部犯罪に起因した案件は、日本医師会の一時支援金のお支払いの対象外です" not in reply and "40万円" in reply



def test_what_the_payment_in_hand_requires_is_answered_in_the_dialogue(say):
    say("2025年6月2日にランサムウェアで2日休業しました。院長はA①です。支援金はいくら？")
    reply = say("申請の前に、どこかへ届け出ておかないといけないんでしたっけ")
    assert "お支払いの要件：厚生労働省への届出もしくは日本医師会への届出" in reply


def test_new_patients_refused_asked_as_days_closed_gets_the_definition(say):
    reply = say("先週、予約システムが乗っ取られて、木・金と新患の受付だけ全部止めました。再診はやってました。これって休んだ日に数えてもらえますか")
    assert "新規患者（初診料の算定対象）の診察業務を一切停止した場合も「休業」として扱います" in reply


def test_closure_days_to_come_in_the_payment_dialogue_keep_its_event_and_its_payment(say):
    say("サーバーの管理者アカウントで、深夜に誰かがログインしていたことが分かりました。診療は通常どおりです。これもサイバー攻撃の支援金の対象？")
    reply = say("結局、サーバーを調べるために明日とあさっての2日、外来を閉めることになりました")
    assert "合計: 30万円" in reply  # not an insider's act, which would take the payment away


def test_what_if_it_was_an_insider_gets_the_payments_exclusion(say):
    assert "万円" in say("先週の金曜にウイルスにやられて、新患だけ4日止めました。支援金なんぼ？")
    reply = say("もしこれが内部の職員のしわざだったら？")
    assert "内部犯罪" in reply and "対象外" in reply


def test_another_event_told_whole_in_the_payment_dialogue_gets_its_own_amount(say):
    assert "30万円" in say("令和7年11月2日にランサムウェアの被害に遭い、2日間休診しました。日医の一時支援金はいくらもらえますか")
    reply = say("同じ法人の別の診療所でも11月20日にサイバー攻撃がありましたが、そちらは休診していません。")
    assert "合計: 10万円" in reply and "2026年11月20日" in reply  # (the last 20 November before the message)


def test_a_morning_closed_is_not_paid_as_a_whole_day_closed(say):
    """「1日以上休業した場合」: whether half a day counts the pamphlet does not say; the base is certain, the
    add-on is asked for, never stated as if a whole day had been closed."""
    reply = say("昨日サイバー攻撃を受けて、午前だけ休診にしました。午後は通常どおりです。支援金はいくら？")
    assert "合計: 10万円" in reply and "20万円" not in reply
    assert "休業した日数を教えて" in reply
