"""knowledge.dates: every form of date staff type, read right or refused — never guessed."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from knowledge import dates
from knowledge.dates import DateLexicon, read_date

TODAY = dt.date(2026, 12, 2)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 西暦
        ("2023年5月31日にランサムウェア", dt.date(2023, 5, 31)),
        ("発生は2023/5/31です", dt.date(2023, 5, 31)),
        ("2023-05-31", dt.date(2023, 5, 31)),
        ("2023.5.31に感染", dt.date(2023, 5, 31)),
        ("２０２３年５月３１日", dt.date(2023, 5, 31)),
        ("二〇二三年五月三十一日", dt.date(2023, 5, 31)),
        ("It happened on May 31, 2023", dt.date(2023, 5, 31)),
        ("on 31 May 2023", dt.date(2023, 5, 31)),
        ("2023年3月に被害", dt.date(2023, 3, 1)),
        # 和暦
        ("令和5年5月31日", dt.date(2023, 5, 31)),
        ("令和元年5月1日", dt.date(2019, 5, 1)),
        ("令和五年五月三十一日", dt.date(2023, 5, 31)),
        ("R5.5.31に不正アクセス", dt.date(2023, 5, 31)),
        ("R5/5/31", dt.date(2023, 5, 31)),
        ("r5.5.31", dt.date(2023, 5, 31)),
        ("H31.4.30", dt.date(2019, 4, 30)),
        ("平成31年4月30日", dt.date(2019, 4, 30)),
        ("令和4年5月に攻撃", dt.date(2022, 5, 1)),
        # two-digit years
        ("23年5月31日に", dt.date(2023, 5, 31)),
        ("23/5/31", dt.date(2023, 5, 31)),
        ("23.5.31", dt.date(2023, 5, 31)),
        # month and day: the latest such day not after today
        ("5月31日", dt.date(2026, 5, 31)),
        ("12月5日", dt.date(2025, 12, 5)),
        ("5/31に", dt.date(2026, 5, 31)),
        ("五月三十一日", dt.date(2026, 5, 31)),
        ("去年の5月31日", dt.date(2025, 5, 31)),
        ("今年3月10日", dt.date(2026, 3, 10)),
        ("先月10日", dt.date(2026, 11, 10)),
        # relative to the message's own day
        ("昨日の夜", dt.date(2026, 12, 1)),
        ("一昨日", dt.date(2026, 11, 30)),
        ("おととい", dt.date(2026, 11, 30)),
        ("今朝5時ごろ", dt.date(2026, 12, 2)),
        ("3日前から", dt.date(2026, 11, 29)),
        ("先週の金曜", dt.date(2026, 11, 27)),
        ("先週金曜日に", dt.date(2026, 11, 27)),
        ("今週の月曜", dt.date(2026, 11, 30)),
        ("last Friday", dt.date(2026, 11, 27)),
        ("yesterday evening", dt.date(2026, 12, 1)),
        ("金曜の夜に", dt.date(2026, 11, 27)),
        # a written date beats a relative word
        ("2023年5月31日の件、昨日気づきました", dt.date(2023, 5, 31)),
    ],
)
def test_each_form_is_read(text, expected):
    reading = read_date(text, TODAY)
    assert reading is not None and reading.date == expected, reading


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("2月30日", "impossible"),
        ("2023年2月30日", "impossible"),
        ("R5.13.1", "impossible"),
        ("令和1年4月30日", "impossible"),  # before the era began
        ("05/06/2023", "ambiguous"),  # 5 June or May 6?
        ("31/5/23", "ambiguous"),  # 2031 would be in the future
        ("5年5月31日", "ambiguous"),  # which era?
        ("今週の金曜", "relative"),  # later this week: not an event date
    ],
)
def test_a_date_that_cannot_be_read_safely_is_refused(text, form):
    reading = read_date(text, TODAY)
    assert reading is not None and reading.date is None and reading.form in (form, "impossible")


@pytest.mark.parametrize("text", ["休業3日", "0120-318-258", "2022年", "H3タイプ", "50床の病院", "192.168.1.10", "10万円"])
def test_no_date_is_found_where_none_is_written(text):
    assert read_date(text, TODAY) is None


def test_the_reading_names_the_words_it_used():
    assert read_date("令和5年5月31日に感染しました", TODAY).text == "令和5年5月31日"


def test_a_broken_lexicon_is_refused_by_name(tmp_path, monkeypatch):
    data = yaml.safe_load(dates.PATH.read_text(encoding="utf-8"))
    data["weekdays"]["金"] = 9
    with pytest.raises(ValueError, match="weekday"):
        DateLexicon.model_validate(data)
    del data["eras"]
    bad = tmp_path / "dates.yaml"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(dates, "PATH", bad)
    dates.lexicon.cache_clear()
    try:
        with pytest.raises(dates.DateLexiconError, match="dates.yaml"):
            dates.lexicon()
    finally:
        dates.lexicon.cache_clear()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023年の5月31日に", dt.date(2023, 5, 31)),
        ("5/31/2023", dt.date(2023, 5, 31)),  # only one order is a real date
        ("元日に", dt.date(2026, 1, 1)),
        ("大晦日に", dt.date(2025, 12, 31)),
        ("1日に気づきました", dt.date(2026, 12, 1)),
        ("15日に感染", dt.date(2026, 11, 15)),  # the 15th of this month is still ahead
        ("ｷﾉｳ", dt.date(2026, 12, 1)),
        ("キノウ", dt.date(2026, 12, 1)),
        # an approximation between a count and its 前
        ("3日くらい前に気づきました", dt.date(2026, 11, 29)),
        ("2日ほど前から", dt.date(2026, 11, 30)),
        # English: counts in words, a month and day with no year, a weekday with no 曜
        ("two days ago", dt.date(2026, 11, 30)),
        ("a day ago", dt.date(2026, 12, 1)),
        ("It started on Dec 1", dt.date(2026, 12, 1)),
        ("December 1st", dt.date(2026, 12, 1)),
        ("since 28 Nov.", dt.date(2026, 11, 28)),
        ("on Monday morning", dt.date(2026, 11, 30)),
        ("last Friday", dt.date(2026, 11, 27)),
        ("on 15 Aug 2025", dt.date(2025, 8, 15)),  # a short month name with its year
        ("Dec 1, 2025", dt.date(2025, 12, 1)),
        ("去年の11月にランサムウェア", dt.date(2025, 11, 1)),  # a relative year and a month: its first day
        ("今年4月に不正アクセス", dt.date(2026, 4, 1)),
    ],
)
def test_more_forms(text, expected):
    reading = read_date(text, TODAY)
    assert reading is not None and reading.date == expected, reading


@pytest.mark.parametrize("text", ["3日間休業しました", "休診は2日でした", "30日以内に", "3日ほど休診しました",
                                  "今年4月に開業したばかりで、ウイルスに感染したみたい",  # when the clinic opened, not the event
                                  "we may 2 times a year", "May I ask something?", "Server 3 may be down",
                                  "In May 3 staff clicked", "forty-eight hours ago", "half an hour ago", "Next Friday the auditor visits"])
def test_a_number_of_days_is_no_date(text):
    assert read_date(text, TODAY) is None


@pytest.mark.parametrize("text, today, expected", [
    ("ちょうど1年前の今日に不正アクセスがありました", dt.date(2026, 12, 2), dt.date(2025, 12, 2)),
    ("3年前に一度ウイルスに感染しています", dt.date(2026, 12, 2), dt.date(2023, 12, 2)),
    ("1年前のことです", dt.date(2028, 2, 29), dt.date(2027, 2, 28)),
])
def test_years_ago_is_the_same_day_that_many_years_back(text, today, expected):
    reading = read_date(text, today)
    assert reading is not None and reading.date == expected


def test_years_ago_with_a_month_names_no_day():
    assert read_date("2年前の5月に漏えいがありました", dt.date(2026, 12, 2)) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("2時間ほど前に気づきました", (dt.date(2026, 12, 2), 8, None)),
    ("30分ぐらい前", (dt.date(2026, 12, 2), 10, 0)),
    ("about three hours ago", (dt.date(2026, 12, 2), 7, None)),
    ("an hour ago", (dt.date(2026, 12, 2), 9, None)),
])
def test_a_moment_counted_back_with_an_approximation_or_in_english_words(text, expected):
    now = dt.datetime(2026, 12, 2, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=9)))
    moment = dates.read_moment(text, now)
    assert moment is not None and (moment.day, moment.hour, moment.minute) == expected, moment


@pytest.mark.parametrize(("text", "expected"), [
    ("PC 2 may have been infected yesterday", dt.date(2026, 12, 1)),  # "may" is no month here
    ("SEP 14 detected a trojan this morning", dt.date(2026, 12, 2)),  # SEP is the antivirus
    ("The vendor is coming on Monday, but we noticed the leak yesterday", dt.date(2026, 12, 1)),
    ("今年4月に開業しましたが、昨日ランサムウェアに感染しました", dt.date(2026, 12, 1)),  # the month is context
])
def test_a_relative_word_beats_an_english_month_or_a_coming_weekday(text, expected):
    reading = read_date(text, TODAY)
    assert reading is not None and reading.date == expected, reading


@pytest.mark.parametrize("text, expected", [
    ("クリスマス会の案内メールを誤送信しました", None),
    ("山の日帰り研修の名簿です", None),
    ("成人の日の翌日に気づきました", None),
    ("attacked on the 1st of March 2023", dt.date(2023, 3, 1)),
    ("on the 3rd day of the outage", None),
])
def test_a_named_day_or_ordinal_inside_another_phrase_is_no_date(text, expected):
    reading = read_date(text, dt.date(2026, 12, 3))
    assert (reading.date if reading else None) == expected


@pytest.mark.parametrize("text, hour", [("08:30ごろです", 8), ("朝一番、8時ごろ", 8), ("気づいたのは10時すぎ", 22)])
def test_a_bare_hour_said_at_night_is_the_evening_only_without_a_morning_beside_it(text, hour):
    from knowledge.dates import read_moment

    at = dt.datetime(2026, 12, 3, 22, 34, tzinfo=dt.timezone(dt.timedelta(hours=9)))
    assert read_moment(text, at).hour == hour


def test_a_holiday_before_a_katakana_noun_is_no_date():
    """Dates are read on text whose katakana is folded to hiragana: 「イベント」 must be folded too."""
    assert read_date("こどもの日のイベント案内を誤送信しました", dt.date(2026, 12, 3)) is None
