"""Reading the date of an event as staff type it, resolved against the message's own day.

Forms (the vocabulary — eras, relative words, weekdays — is data in knowledge/lexicon/dates.yaml):
- 西暦: 2023年5月31日, 2023/5/31, 2023-05-31, 2023.5.31, ２０２３年５月３１日, 二〇二三年五月三十一日, May 31, 2023
- 和暦: 令和5年5月31日, 令和元年…, R5.5.31, R5/5/31, H31.4.30 (the era's first day is checked)
- two-digit years: 23年5月31日, 23/5/31, 23.5.31 (20xx; a reading after today is refused)
- month and day: 5月31日, 5/31, 五月三十一日 (the latest such day not after today)
- relative: 昨日, 一昨日, 今朝, 3日前, 先週の金曜, 今週月曜, 先月10日, 去年の5月31日
A date that is written but cannot be read with confidence — impossible (2月30日, R5.13.1),
day/month order unknown (05/06/2023), a one-digit year without its era (5年5月31日), a two-digit
year that would lie in the future (31/5/23) — is reported as unreadable, so the caller asks
instead of guessing: a wrong date can mean a wrong support amount.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Literal
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from knowledge.text import kata_to_hira, normalize, parse_japanese_number
from knowledge.vocab import Matcher

PATH = Path(__file__).parent / "lexicon" / "dates.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Era(_Strict):
    name: str = Field(min_length=1)
    initials: list[str]
    first_day: dt.date
    source: str = Field(min_length=1)


class RelativeDay(_Strict):
    days_ago: int = Field(ge=0)
    words: list[str] = Field(min_length=1)


class NamedDay(_Strict):
    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)
    words: list[str] = Field(min_length=1)


class RelativeWeek(_Strict):
    weeks_ago: int = Field(ge=-2)
    words: list[str] = Field(min_length=1)


class RelativeYear(_Strict):
    years_ago: int = Field(ge=0)
    words: list[str] = Field(min_length=1)


class RelativeMonth(_Strict):
    months_ago: int = Field(ge=0)
    words: list[str] = Field(min_length=1)


class EnglishCountUnits(_Strict):
    """The words an English count word counts (each form written out)."""
    time: list[str] = Field(min_length=1)
    people: list[str] = Field(min_length=1)
    who_acted: list[str] = Field(min_length=1)
    not_a_duration: list[str] = Field(min_length=1)
    # Counted things that are not people ("five to ten devices"): after a clock phrase's hour, a range, not a time.
    things: list[str] = Field(min_length=1)


MIDDAY_HOURS_END = 6  # 「昼の2時」 is 14:00; the clock after 昼 is not read past the early evening


class TimeWords(_Strict):
    pm: list[str] = Field(min_length=1)
    # 「昼の2時」: an hour from 1 to MIDDAY_HOURS_END right after these is in the afternoon.
    midday: list[str] = Field(min_length=1)
    am: list[str] = Field(min_length=1)
    small_hours: list[str] = Field(min_length=1)
    clock_after: list[str] = Field(min_length=1)
    kana_digits: dict[str, int] = Field(min_length=1)
    kana_ten: list[str] = Field(min_length=1)
    kana_people: dict[str, int] = Field(min_length=1)
    just_now: list[str] = Field(min_length=1)
    # "around 8" / "at 11" in English: the part of the day said beside it gives am or pm.
    english_at: list[str] = Field(min_length=1)
    # Day words that are a night: an hour from 6 to 11 beside them is in the evening.
    night_days: list[str] = Field(min_length=1)
    english_morning: list[str] = Field(min_length=1)
    english_afternoon: list[str] = Field(min_length=1)
    english_night: list[str] = Field(min_length=1)
    morning_context: list[str] = Field(min_length=1)
    parts_of_today: dict[str, int] = Field(min_length=1)
    parts_of_day: dict[str, str] = Field(min_length=1)
    minutes_ago_suffixes: list[str] = Field(min_length=1)
    hours_ago_suffixes: list[str] = Field(min_length=1)
    # "half past three", "a quarter to ten": the words before the hour, and the minutes they mean
    # (negative: before the hour).
    english_clock_phrases: dict[str, int] = Field(min_length=1)
    # "at three this afternoon", "three o'clock": where a spelled number is an hour.
    english_hour_before: list[str] = Field(min_length=1)
    english_hour_after: list[str] = Field(min_length=1)


class Season(_Strict):
    words: list[str] = Field(min_length=1)
    months: tuple[int, int]  # first and last month; a winter runs into the next year's months


class MonthPart(_Strict):
    label: str = Field(min_length=1)  # as the record shows it (「下旬」)
    english: str = Field(min_length=1)
    first_day: int = Field(ge=1, le=28)
    after: list[str] = Field(min_length=1)
    before: list[str] = Field(min_length=1)


class HolidayRun(_Strict):
    first: list[str] = Field(min_length=1)
    last: list[str] = Field(min_length=1)
    after: list[str] = Field(min_length=1)


class DateLexicon(_Strict):
    eras: list[Era] = Field(min_length=1)
    holiday_run: HolidayRun
    # 「令和4年の秋」: a season of a year, for a question whose answer is the same over all of it.
    seasons: dict[str, Season] = Field(min_length=1)
    relative_days: list[RelativeDay]
    named_days: list[NamedDay]
    holidays: list[str] = Field(min_length=1)
    named_day_not_before: list[str] = Field(min_length=1)
    month_end: list[str] = Field(min_length=1)
    month_parts: dict[str, MonthPart] = Field(min_length=1)
    days_ago_suffixes: list[str] = Field(min_length=1)
    years_ago_suffixes: list[str] = Field(min_length=1)
    weeks: list[RelativeWeek]
    weekdays: dict[str, int]
    years: list[RelativeYear]
    months: list[RelativeMonth]
    english_months: list[str] = Field(min_length=12, max_length=12)
    english_month_abbreviations: list[str] = Field(min_length=12, max_length=12)
    approximately: list[str] = Field(min_length=1)
    english_numbers: dict[str, int]
    english_count_units: EnglishCountUnits
    context_after_month: list[str] = Field(min_length=1)
    names_a_thing_after_year: list[str] = Field(min_length=1)
    day_off_after_weekday: list[str] = Field(min_length=1)
    past_periods: dict[Literal["week", "month", "year"], list[str]]
    times: TimeWords

    @field_validator("weekdays")
    @classmethod
    def _weekday_numbers(cls, value: dict[str, int]) -> dict[str, int]:
        bad = {k: v for k, v in value.items() if not 0 <= v <= 6}
        if bad:
            raise ValueError(f"weekday numbers are 0 (Monday) to 6 (Sunday): {bad}")
        return value


class DateLexiconError(ValueError):
    pass


@lru_cache(maxsize=1)
def lexicon() -> DateLexicon:
    try:
        return DateLexicon.model_validate(yaml.safe_load(PATH.read_text(encoding="utf-8")))
    except (ValidationError, yaml.YAMLError, OSError) as exc:
        raise DateLexiconError(f"{PATH.name}: {exc}") from exc


@dataclass(frozen=True)
class DateReading:
    """A date found in a message. `date` is None when one is written but cannot be read safely."""

    date: dt.date | None
    text: str  # the words it was read from, to show the user which date was used
    form: str  # western, era, two_digit_year, month_day, relative, ambiguous, impossible
    month_only: bool = False  # 「去年の12月」, an era year and a month: a month named without its day (`date` is its first)
    month_part: str | None = None  # 「7月末」: the part of that month said (its label, 「下旬」); `date` is the part's first day


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _ago(suffixes: list[str]) -> str:
    """The suffixes of 「N日前」「N分前」, each 前 allowed an approximation word before it
    (「2時間ほど前」「3日くらい前」)."""
    approx = _alt(lexicon().approximately)
    return "|".join(
        re.escape(w[:-1]) + rf"\s?(?:{approx})?\s?前" if w.endswith("前") else re.escape(w)
        for w in sorted(suffixes, key=len, reverse=True))


# A day of a month in a list of English dates ("29", "4th"), not a count ("2 times") nor a clock ("9:30").
_LISTED_DAY = r"[0-9]{1,2}(?:st|nd|rd|th)?(?![0-9:])(?!\s(?:days?|times?|hours?|minutes?|weeks?)(?![a-z]))"


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    lex = lexicon()
    names = _alt([e.name for e in lex.eras])
    initials = "".join(i for e in lex.eras for i in e.initials)
    sep, end = r"\s?(?:年|[./-])\s?", r"(?![0-9])\s?日?"
    months = _alt(lex.english_months + lex.english_month_abbreviations + ["sept"])
    # "may" (a modal: "PC 2 may have been infected") and "sep" (an antivirus product) are no
    # month without a year beside them
    short_months = _alt([m for m in lex.english_months + lex.english_month_abbreviations + ["sept"] if m not in ("may", "sep")])
    weekdays = _alt(list(lex.weekdays))
    # matched on text whose katakana was folded to hiragana (read_date): 「イベント」 as 「いべんと」
    not_before = _alt([kata_to_hira(w) for w in lex.named_day_not_before])
    days_off = _alt([kata_to_hira(w) for w in lex.day_off_after_weekday])
    part_after = _alt([kata_to_hira(w) for part in lex.month_parts.values() for w in part.after])
    part_before = _alt([w for part in lex.month_parts.values() for w in part.before])
    return {
        # 「木曜と日曜が定休日」「水曜はもともと休み」: read right after a weekday (folded text), it names a usual day off
        "day_off_after_weekday": re.compile(rf"(?:[・、と,\s]*(?:{weekdays})(?:曜日?)?)*\s?[はがも]?\s?(?:{days_off})"),
        "era": re.compile(
            rf"(?:(?P<name>{names})|(?<![A-Za-z])(?P<initial>[{initials}]))\s?(?P<y>元|[0-9]{{1,2}}){sep}"
            rf"(?P<m>[0-9]{{1,2}})\s?(?:月|[./-])\s?(?P<d>[0-9]{{1,2}}){end}", re.IGNORECASE),
        "era_month": re.compile(rf"(?P<name>{names})\s?(?P<y>元|[0-9]{{1,2}})\s?年\s?(?P<m>[0-9]{{1,2}})\s?月(?!\s?[0-9])"),
        "western": re.compile(
            rf"(?<![0-9])(?P<y>(?:19|20)[0-9]{{2}})(?:\s?年\s?の|{sep})\s?(?P<m>[0-9]{{1,2}})\s?(?:月|[./-])\s?(?P<d>[0-9]{{1,2}}){end}"),
        "western_month": re.compile(r"(?<![0-9])(?P<y>(?:19|20)[0-9]{2})\s?年\s?(?:の\s?)?(?P<m>[0-9]{1,2})\s?月(?!\s?[0-9])"),
        "english": re.compile(
            rf"(?:(?P<mon>{months})\s(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)?,?\s(?P<y>(?:19|20)[0-9]{{2}})"
            rf"|(?P<d2>[0-9]{{1,2}})(?:st|nd|rd|th)?\s(?P<mon2>{months}),?\s(?P<y2>(?:19|20)[0-9]{{2}}))", re.IGNORECASE),
        # "Dec 1", "December 1st", "1 Dec": the latest such day not after today; weaker than any
        # relative word ("Since March 2 PCs … yesterday" is about yesterday)
        "english_month_day": re.compile(
            rf"(?<![a-z])(?:(?P<mon>{short_months})\.?\s?(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)?"
            rf"|(?P<d2>[0-9]{{1,2}})(?:st|nd|rd|th)?\s(?P<mon2>{short_months})\.?)(?![0-9:a-z])"
            r"(?!\s(?:days?|times?|hours?|minutes?|weeks?)(?![a-z]))(?!,?\s?(?:19|20)[0-9]{2})", re.IGNORECASE),  # "we may 2 times …": no date
        # "Dec 29, 30 and 31", "December 4th": a month and the days listed after it (closures told by dates)
        "english_date_list": re.compile(
            rf"(?<![a-z])(?P<mon>{short_months})\.?\s?(?P<first>{_LISTED_DAY})(?P<more>(?:\s*(?:,\s*and|,|and|&)\s*{_LISTED_DAY})*)"
            r"(?!,?\s?(?:19|20)[0-9]{2})", re.IGNORECASE),
        "day_month_year": re.compile(
            r"(?<![0-9])(?P<a>[0-9]{1,2})[/.-](?P<b>[0-9]{1,2})[/.-](?P<y>(?:19|20)[0-9]{2})(?![0-9])"),
        "two_digit_year": re.compile(
            r"(?<![0-9./\-])(?P<y>[0-9]{2})\s?(?:年|[/.])\s?(?P<m>[0-9]{1,2})\s?(?:月|[/.])\s?(?P<d>[0-9]{1,2})(?![0-9/.])\s?日?"),
        "era_omitted": re.compile(r"(?<![0-9A-Za-z元])(?P<y>[0-9])\s?年\s?[0-9]{1,2}\s?月"),
        "month_day": re.compile(
            r"(?<![0-9]年)(?<![0-9./\-])(?P<m>[0-9]{1,2})\s?(?:月\s?(?P<d>[0-9]{1,2})\s?日|/(?P<d2>[0-9]{1,2})(?![0-9/]))"),
        "day_of_month": re.compile(r"(?<![0-9月/.\-])(?P<d>[0-9]{1,2})\s?日\s?に"),
        "named_day": re.compile(rf"(?:{_alt([w for n in lex.named_days for w in n.words])})(?!\s?(?:{not_before}))",
                                re.IGNORECASE),
        # 「去年の11月」「今年4月」: a relative year and a month with no day, read as its first day
        # (as 「2025年11月」 is)
        "relative_year_month": re.compile(
            rf"(?P<rel>{_alt([w for y in lex.years for w in y.words])})\s?の?\s?(?P<m>[0-9]{{1,2}})\s?月(?!\s?[0-9])"
            rf"(?!\s?(?:に|から|より)?\s?(?:{_alt(lex.context_after_month)}))"),
        # 「7月末」「2026年12月下旬」「令和8年7月の初め」「去年の12月下旬」: a month and a part of it, no day
        "month_part": re.compile(
            rf"(?:(?P<y>(?:19|20)[0-9]{{2}})\s?年\s?の?\s?|(?P<era>{names})\s?(?P<ey>元|[0-9]{{1,2}})\s?年\s?の?\s?"
            rf"|(?P<rel>{_alt([w for y in lex.years for w in y.words])})\s?の?\s?)?"
            rf"(?<![0-9])(?P<m>[0-9]{{1,2}})\s?月\s?の?\s?(?P<part>{part_after})"
            rf"(?!\s?(?:に|から|より)?\s?(?:{_alt(lex.context_after_month)}))"),
        # 「先月の中旬」「今月の頭」
        "relative_month_part": re.compile(
            rf"(?P<rel>{_alt([w for m in lex.months for w in m.words])})\s?の?\s?(?P<part>{part_after})"),
        # "late July", "mid-July 2026", "the end of last month"
        "english_month_part": re.compile(
            rf"(?<![a-z])(?P<part>{part_before})\s?(?P<mon>{months})(?:\s(?P<y>(?:19|20)[0-9]{{2}}))?(?![a-z])", re.IGNORECASE),
        "english_relative_month_part": re.compile(
            rf"(?<![a-z])(?P<part>{part_before})\s(?P<rel>last|this)\smonth(?![a-z])", re.IGNORECASE),
        "relative_month_day": re.compile(
            rf"(?P<rel>{_alt([w for m in lex.months for w in m.words])})の?\s?(?P<d>[0-9]{{1,2}})\s?日"),
        "relative_month_end": re.compile(
            rf"(?P<rel>{_alt([w for m in lex.months for w in m.words])})の?\s?(?:{_alt(lex.month_end)})"),
        "holiday": re.compile(rf"(?:{_alt(lex.holidays)})(?!\s?(?:{not_before}))"),
        # 「令和4年の成人の日」「2022年の海の日」: a public holiday of a year written before it
        "holiday_of_year": re.compile(
            rf"(?:(?P<y>(?:19|20)[0-9]{{2}})\s?年\s?の?\s?|(?P<era>{names})\s?(?P<ey>元|[0-9]{{1,2}})\s?年\s?の?\s?)"
            rf"(?P<name>{_alt(lex.holidays)})(?!\s?(?:{not_before}))"),
        "holiday_run": re.compile(rf"(?P<first>{_alt(lex.holiday_run.first)})|(?P<last>{_alt(lex.holiday_run.last)})"
                                  rf"|(?P<after>{_alt(lex.holiday_run.after)})", re.IGNORECASE),
        # "the 3rd of last month", "on the 3rd", "since the 3rd" (this month's, or last month's if ahead)
        "english_day_of_relative_month": re.compile(
            r"(?<![a-z])the\s(?P<d>[0-9]{1,2})(?:st|nd|rd|th)\sof\s(?P<rel>last|this)\smonth", re.IGNORECASE),
        "english_day_of_month": re.compile(
            r"(?<![a-z])(?:on|since|from)\sthe\s(?P<d>[0-9]{1,2})(?:st|nd|rd|th)(?=\s*(?:[.;!?)]|$|,\s(?![0-9])|\s(?:and|but|when)\b))",
            re.IGNORECASE),
        "english_day_of_named_month": re.compile(
            rf"(?<![a-z])the\s(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)\sof\s(?P<mon>{months})(?![a-z])"
            rf"(?:,?\s(?P<y>(?:19|20)[0-9]{{2}}))?", re.IGNORECASE),
        "days_ago": re.compile(rf"(?P<n>[0-9]{{1,3}})\s?(?:{_ago(lex.days_ago_suffixes)})", re.IGNORECASE),
        # 「1年前の今日」「ちょうど2年前」: the same day that many years back (an explicit month
        # after it, 「2年前の5月」, names no day and is left unread).
        "years_ago": re.compile(rf"(?P<n>[0-9]{{1,2}})\s?(?:{_alt(lex.years_ago_suffixes)})(?!\s?の?\s?[0-9]{{1,2}}\s?月)",
                                re.IGNORECASE),
        "weekday": re.compile(
            rf"(?:(?P<week>{_alt([w for wk in lex.weeks for w in wk.words])})\s?の?\s?)?"
            # (「月曜までに連絡がなければ」: a deadline, as "by Monday" is, names no day that has been)
            rf"(?P<wd>{weekdays})(?(week)(?:曜日?)?|曜日?)(?!\s?(?:の\s?)?(?:朝|夜|夕方|昼|午前|午後)?\s?までに)", re.IGNORECASE),
        # "on Monday", "Monday morning": an English weekday needs no 曜
        "english_weekday": re.compile(
            rf"(?<![a-z])(?<!next\s)(?<!coming\s)(?<!coming\son\s)(?<!until\s)(?<!by\s)(?:(?P<week>{_alt([w for wk in lex.weeks for w in wk.words if w.isascii()])})\s)?"
            rf"(?P<wd>{_alt([w for w in lex.weekdays if w.isascii()])})(?![a-z])", re.IGNORECASE),
        "relative_day": re.compile(_alt([w for r in lex.relative_days for w in r.words]), re.IGNORECASE),
    }


_KANJI_BEFORE_UNIT = re.compile(r"(?P<n>[〇一二三四五六七八九十]+)(?=\s?(?:年|月|日))")


@lru_cache(maxsize=2)
def _english_count(units: str, not_after: str = "", counts_a: bool = True) -> re.Pattern[str]:
    """An English number word before one of ``units`` (a regex alternation), not followed by
    ``not_after``; "a"/"an" count only when ``counts_a``."""
    numbers = lexicon().english_numbers
    words = _alt([w for w in numbers if counts_a or w not in ("a", "an")])
    tens = _alt([w for w, n in numbers.items() if n >= 20 and n % 10 == 0])
    ones = _alt([w for w, n in numbers.items() if 1 <= n <= 9 and w not in ("a", "an")])
    tail = rf"(?!\s+(?:{not_after}))" if not_after else ""
    # a whole word ("forty-two" as one: not its tail; not the "an" of "half an hour")
    return re.compile(rf"(?<![a-z-])(?<!half\s)(?P<w>(?:{tens})[-\s](?:{ones})|{words})\s(?=(?:{units})(?![a-z]){tail})", re.IGNORECASE)


def _english_number(words: str) -> int:
    """"forty-two" → 42, "sixty" → 60: a number word, or a tens word and a unit word joined."""
    numbers = lexicon().english_numbers
    return sum(numbers[w] for w in re.split(r"[-\s]+", words.lower()) if w)


def _digits(pattern: re.Pattern[str], text: str) -> str:
    return pattern.sub(lambda m: f"{_english_number(m['w'])} ", text)


def english_counts_as_digits(text: str) -> str:
    """"closed for two days" → "closed for 2 days": English counts before a unit of time as digits."""
    return _digits(_english_time_count(), text)


@lru_cache(maxsize=1)
def _english_time_count() -> re.Pattern[str]:
    # Built once: every date read runs it (sorting and escaping the units on each call was ~2 % of
    # a message's CPU).
    return _english_count(_alt(lexicon().english_count_units.time))


def english_days(text: str) -> int | None:
    """A count of days in English ("3 days in total", "closed for two days", "2 working days", "a
    whole week" as 7); not "2 days ago"."""
    digits = english_counts_as_digits(text)
    plus = _THAT_DAY_AND_NEXT.search(digits)
    if plus:
        return int(plus["n"]) + 1  # "closed that day and the next two days": three days
    m = _english_days_pattern().search(digits)
    if m:
        return int(m["n"])
    w = _english_weeks_pattern().search(digits)
    return 7 * (1 if w["n"].lower() in ("a", "one") else int(w["n"])) if w else None


# The day itself and a count after it ("that day and the following two days", "the same day and the next 3 days").
_THAT_DAY_AND_NEXT = re.compile(r"(?<![a-z])(?:that|the same|the|this) day,? and the (?:next|following) (?P<n>[0-9]{1,2})(?: working| business)? days?(?![a-z])", re.IGNORECASE)


@lru_cache(maxsize=1)
def _english_weeks_pattern() -> re.Pattern[str]:
    not_after = _alt(lexicon().english_count_units.not_a_duration)
    return re.compile(rf"(?<![0-9a-z])(?P<n>[0-9]{{1,2}}|a|one)\s+(?:whole\s+|full\s+|entire\s+)?weeks?(?![a-z])"
                      rf"(?!\s+(?:{not_after})(?![a-z]))", re.IGNORECASE)


@lru_cache(maxsize=1)
def _english_days_pattern() -> re.Pattern[str]:
    not_after = _alt(lexicon().english_count_units.not_a_duration)
    return re.compile(rf"(?<![0-9])(?P<n>[0-9]{{1,3}})[\s-]?(?:working |business )?days?(?![a-z])(?!\s+(?:{not_after})(?![a-z]))",
                      re.IGNORECASE)


def english_numbers_as_digits(text: str) -> str:
    """"Only one patient" → "Only 1 patient": English counts of people as digits ("a patient" is no
    count; "One patient told us …" counts who called, not whose data is involved)."""
    return _digits(_english_people_count(), text)


@lru_cache(maxsize=1)
def _english_people_count() -> re.Pattern[str]:
    units = lexicon().english_count_units  # built once, as _english_time_count
    return _english_count(_alt(units.people), _alt(units.who_acted), counts_a=False)


@lru_cache(maxsize=1)
def _kana_count_pattern() -> re.Pattern[str]:
    t = lexicon().times
    digits, ten = _alt(list(t.kana_digits)), _alt(t.kana_ten)
    return re.compile(rf"(?P<people>{_alt(list(t.kana_people))})|(?:(?P<tens>{digits})?(?P<ten>{ten}))?(?P<units>{digits})?(?=(?:にん|めい)(?:ぶん|さま|の|です|でした|、|。|\s|$|に|が|は|も|ほど|くらい|ぐらい))")


def kana_numbers_as_digits(text: str) -> str:
    """「よんじゅうにんぶん」 → 「40にんぶん」, 「ひとりぶん」 → 「1人ぶん」: counts of people spelled in kana,
    as kana-only messages write them."""
    def digits(m: re.Match[str]) -> str:
        if m["people"]:
            return f"{lexicon().times.kana_people[m['people']]}人"
        n = _kana_number(m)
        return m.group(0) if n is None else str(n)

    return _kana_count_pattern().sub(digits, text) if re.search(r"[ぁ-ゖ]", text) else text


@lru_cache(maxsize=1)
def _english_clock_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    t = lexicon().times
    numbers = _alt([w for w in lexicon().english_numbers if w not in ("a", "an")])  # "a" is no hour
    hour = rf"(?P<h>[0-9]{{1,2}}|{numbers})(?![a-z0-9])"
    # ("five to ten minutes", "ten to twelve patients" are ranges of a count, not a time)
    units = lexicon().english_count_units
    counted = _alt([*units.time, *units.people, *units.things])
    phrase = re.compile(rf"(?<![a-z])(?P<p>{_alt(list(t.english_clock_phrases))})\s+{hour}(?!\s*(?:{counted})(?![a-z]))", re.IGNORECASE)
    spelled = re.compile(
        rf"(?<![a-z])(?P<before>{_alt(t.english_hour_before)})\s+(?P<w>{numbers})(?=\s*(?:$|[.,;!?)]|{_alt(t.english_hour_after)}))"
        rf"|(?<![a-z])(?P<w2>{numbers})(?=\s+o'?clock)",
        re.IGNORECASE)
    return phrase, spelled


def english_clock_as_digits(text: str) -> str:
    """"half past three" → "3:30", "a quarter to ten" → "9:45", "at three this afternoon" → "at 3 this
    afternoon": the hour written in words, as the clock patterns read it."""
    numbers = lexicon().english_numbers
    phrase, spelled = _english_clock_patterns()

    def clock(m: re.Match[str]) -> str:
        phrases = {k.lower(): v for k, v in lexicon().times.english_clock_phrases.items()}
        h = m["h"].lower()
        hour = int(h) if h.isdigit() else numbers[h]
        minutes = phrases[" ".join(m["p"].lower().split())]
        if not 1 <= hour <= 12:
            return m.group(0)
        if minutes < 0:
            hour, minutes = (hour - 2) % 12 + 1, 60 + minutes
        return f"{hour}:{minutes:02d}"

    def word(m: re.Match[str]) -> str:
        if m["w2"]:
            return str(numbers[m["w2"].lower()])
        return f"{m['before']} {numbers[m['w'].lower()]}"

    return spelled.sub(word, phrase.sub(clock, text))


def _arabic(text: str) -> str:
    """五月三十一日 → 5月31日, 二〇二三年 → 2023年 (only numbers that count years, months or days);
    午後三時十五分 → 午後3時15分, ごご さんじはん → ごご 3時半 (only hours a clock word follows);
    "two days ago" → "2 days ago", "an hour ago" → "1 hour ago" (only before a unit of time)."""
    def arabic(m: re.Match[str]) -> str:
        try:
            return str(parse_japanese_number(m["n"]))
        except ValueError:  # 「十十日」: no number, left as written (and so not read as a date)
            return m.group(0)

    text = _KANJI_BEFORE_UNIT.sub(arabic, english_counts_as_digits(english_clock_as_digits(text)))
    return _spelled_clock(text, arabic)


@lru_cache(maxsize=1)
def _spelled_clock_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    t = lexicon().times
    after = _alt(t.clock_after)
    digits = _alt(list(t.kana_digits))
    ten = _alt(t.kana_ten)
    kana = rf"(?:(?P<tens>{digits})?(?P<ten>{ten}))?(?P<units>{digits})?"
    kana_minutes = rf"(?:(?:{digits})?(?:{ten}))?(?:{digits})?\s?(?:ふん|ぷん)"
    return (
        # 「六時半」「午後三時ごろ」「三時間前」: not 一時的・一時金
        re.compile(rf"(?P<n>[〇一二三四五六七八九十]+)(?=\s?時(?:間|\s?(?:{after}|[〇一二三四五六七八九十0-9]+\s?分)))"),
        # 「3時十五分」「十分前」 (minutes after an hour, or before 前: 十分 alone is "enough")
        re.compile(r"(?:(?<=時)|(?<=時\s))(?P<n>[〇一二三四五六七八九十]+)(?=\s?分)|(?P<m>[〇一二三四五六七八九十]+)(?=分(?:ほど|くらい|ぐらい)?前)"),
        # 「さんじはん」「7じ すぎ」「じゅうじ」: not にじゅう, 誤字 (ごじが), いちじてき
        re.compile(rf"(?<![0-9])(?:{kana}|(?P<d>[0-9]{{1,2}}))\s?じ(?=\s?(?:{after}|$|{kana_minutes}))"),
        re.compile(rf"(?<=時)\s?(?:{kana})\s?(?:ふん|ぷん)"),
    )


def _kana_number(m: re.Match[str]) -> int | None:
    digits = lexicon().times.kana_digits
    if not (m["ten"] or m["units"]):
        return None
    tens = (digits[m["tens"]] if m["tens"] else 1) if m["ten"] else 0
    return tens * 10 + (digits[m["units"]] if m["units"] else 0)


def _spelled_clock(text: str, arabic: Callable[[re.Match[str]], str]) -> str:
    hours, minutes, kana_hours, kana_minutes = _spelled_clock_patterns()
    text = hours.sub(arabic, text)
    text = minutes.sub(lambda m: arabic(m) if m["n"] else str(parse_japanese_number(m["m"])), text)

    def kana_hour(m: re.Match[str]) -> str:
        n = int(m["d"]) if m["d"] else _kana_number(m)
        return m.group(0) if n is None else f"{n}時"

    def kana_minute(m: re.Match[str]) -> str:
        n = _kana_number(m)
        return m.group(0) if n is None else f"{n}分"

    text = kana_minutes.sub(kana_minute, kana_hours.sub(kana_hour, text))
    return re.sub(r"時\s?はん", "時半", text)


def _safe(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _latest_not_after(today: dt.date, month: int, day: int, year: int | None = None) -> dt.date | None:
    if year is not None:
        return _safe(year, month, day)
    for y in (today.year, today.year - 1):
        candidate = _safe(y, month, day)
        if candidate is None and (month, day) != (2, 29):
            return None
        if candidate is not None and candidate <= today:
            return candidate
    return None


def _era_year(name: str | None, initial: str | None, year: str) -> tuple[int, Era] | None:
    for era in lexicon().eras:
        if era.name == name or (initial and initial.upper() in era.initials):
            n = 1 if year == "元" else int(year)
            return era.first_day.year - 1 + n, era
    return None


def _explicit(s: str, today: dt.date) -> list[tuple[int, int, DateReading]]:
    """Every explicitly written date, as (start, -length, reading): the leftmost, longest wins."""
    p = _patterns()
    found: list[tuple[int, int, DateReading]] = []

    def add(m: re.Match[str], date: dt.date | None, form: str, month_only: bool = False) -> None:
        found.append((m.start(), -(m.end() - m.start()),
                      DateReading(date, m.group(0).strip(), form if date else "impossible", month_only and date is not None)))

    for m in p["era"].finditer(s):
        placed = _era_year(m["name"], m["initial"], m["y"])
        date = _safe(placed[0], int(m["m"]), int(m["d"])) if placed else None
        add(m, date if date and placed and date >= placed[1].first_day else None, "era")
    for m in p["era_month"].finditer(s):
        placed = _era_year(m["name"], None, m["y"])
        date = _safe(placed[0], int(m["m"]), 1) if placed else None
        add(m, date, "era", month_only=True)
    for m in p["western"].finditer(s):
        add(m, _safe(int(m["y"]), int(m["m"]), int(m["d"])), "western")
    for m in p["western_month"].finditer(s):
        add(m, _safe(int(m["y"]), int(m["m"]), 1), "western", month_only=True)
    for m in p["english"].finditer(s):
        mon, day, year = (m["mon"], m["d"], m["y"]) if m["mon"] else (m["mon2"], m["d2"], m["y2"])
        add(m, _safe(int(year), _english_month(mon), int(day)), "western")
    for m in p["day_month_year"].finditer(s):
        # 5/31/2023 can only be May 31; 05/06/2023 could be either: asked, not guessed.
        readings = {d for d in (_safe(int(m["y"]), int(m["a"]), int(m["b"])), _safe(int(m["y"]), int(m["b"]), int(m["a"]))) if d}
        date = readings.pop() if len(readings) == 1 else None
        found.append((m.start(), -(m.end() - m.start()), DateReading(date, m.group(0), "western" if date else "ambiguous")))
    for m in p["two_digit_year"].finditer(s):
        date = _safe(2000 + int(m["y"]), int(m["m"]), int(m["d"]))
        if date is not None and date > today:
            found.append((m.start(), -(m.end() - m.start()), DateReading(None, m.group(0), "ambiguous")))
        else:
            add(m, date, "two_digit_year")
    for m in p["era_omitted"].finditer(s):
        found.append((m.start(), -(m.end() - m.start()), DateReading(None, m.group(0), "ambiguous")))
    for m in p["holiday_of_year"].finditer(s):
        placed = (int(m["y"]), None) if m["y"] else _era_year(m["era"], None, m["ey"])
        add(m, _holiday_in_year(m["name"], placed[0]) if placed else None, "era" if m["era"] else "western")
    for m in p["month_day"].finditer(s):
        day = int(m["d"] or m["d2"])
        year = _year_before(s, m.start(), today)
        add(m, _latest_not_after(today, int(m["m"]), day, year), "month_day" if year is None else "relative")
    for m in [*p["day_of_month"].finditer(s), *p["english_day_of_month"].finditer(s)]:
        # 「3日に」 "since the 3rd": this month's, or last month's if still ahead
        first = today.replace(day=1)
        date = _safe(first.year, first.month, int(m["d"]))
        if date is None or date > today:
            last = (first - dt.timedelta(days=1)).replace(day=1)
            date = _safe(last.year, last.month, int(m["d"]))
        add(m, date, "relative")
    for m in p["relative_month_end"].finditer(s):
        ago = next(r.months_ago for r in lexicon().months if m["rel"] in r.words)
        first = today.replace(day=1)
        add(m, first - dt.timedelta(days=1) if ago else None, "relative")  # this month's end is still ahead
    for m in p["english_day_of_relative_month"].finditer(s):
        first = today.replace(day=1)
        if m["rel"].lower() == "last":
            first = (first - dt.timedelta(days=1)).replace(day=1)
        date = _safe(first.year, first.month, int(m["d"]))
        add(m, date if date is not None and date <= today else None, "relative")
    for m in p["relative_month_day"].finditer(s):
        ago = next(r.months_ago for r in lexicon().months if m["rel"] in r.words)
        first = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1) if ago else today.replace(day=1)
        add(m, _safe(first.year, first.month, int(m["d"])), "relative")
    return found


def _month_part(word: str, english: bool) -> MonthPart:
    said = word.lower()
    return next(part for part in lexicon().month_parts.values()
                if said in ([w.lower() for w in part.before] if english else [kata_to_hira(w) for w in part.after]))


def _month_parts(s: str, today: dt.date, with_year: bool) -> list[tuple[int, int, DateReading]]:
    """「7月末」「2026年12月下旬」"late July": a month and a part of it, read from the part's first day with
    the part kept for the record. Those with a written year are as firm as a written date; the others
    (the latest such part not after today, or one of last or this month) are read only when nothing
    firmer is written, as a relative year and month is."""
    p, lex = _patterns(), lexicon()
    found: list[tuple[int, int, DateReading]] = []

    def add(m: re.Match[str], part: MonthPart, date: dt.date | None) -> None:
        kept = date if date is not None and date <= today else None
        found.append((m.start(), -(m.end() - m.start()), DateReading(kept, m.group(0).strip(), "relative" if kept else "impossible",
                                                                       kept is not None, part.label if kept else None)))

    for m in p["month_part"].finditer(s):
        part = _month_part(m["part"], english=False)
        if m["y"] or m["era"]:
            if with_year:
                placed = (int(m["y"]), None) if m["y"] else _era_year(m["era"], None, m["ey"])
                add(m, part, _safe(placed[0], int(m["m"]), part.first_day) if placed else None)
        elif not with_year:
            ago = next((y.years_ago for y in lex.years if m["rel"] in y.words), None) if m["rel"] else None
            add(m, part, _safe(today.year - ago, int(m["m"]), part.first_day) if ago is not None
                else _latest_not_after(today, int(m["m"]), part.first_day))
    for m in p["english_month_part"].finditer(s):
        part = _month_part(m["part"], english=True)
        if bool(m["y"]) == with_year:
            month = _english_month(m["mon"].lower())
            add(m, part, _safe(int(m["y"]), month, part.first_day) if m["y"] else _latest_not_after(today, month, part.first_day))
    if with_year:
        return found
    for m, english in [*((m, False) for m in p["relative_month_part"].finditer(s)),
                       *((m, True) for m in p["english_relative_month_part"].finditer(s))]:
        part = _month_part(m["part"], english)
        last = english and m["rel"].lower() == "last" or not english and next(r.months_ago for r in lex.months if m["rel"] in r.words) == 1
        first = today.replace(day=1)
        if last:
            first = (first - dt.timedelta(days=1)).replace(day=1)
        add(m, part, first.replace(day=part.first_day))
    return found


def _latest_holiday(name: str, today: dt.date) -> dt.date | None:
    """The latest day not after ``today`` that is the public holiday ``name`` (within a year)."""
    from knowledge.clock import holiday_name  # the holiday calendar loads only when a holiday is named

    for back in range(0, 370):
        day = today - dt.timedelta(days=back)
        if holiday_name(day) == name:
            return day
    return None


def _holiday_in_year(name: str, year: int) -> dt.date | None:
    """The day of ``year`` that is the public holiday ``name`` (the first, should a name come twice)."""
    from knowledge.clock import holiday_name  # the holiday calendar loads only when a holiday is named

    day = dt.date(year, 1, 1)
    while day.year == year:
        if holiday_name(day) == name:
            return day
        day += dt.timedelta(days=1)
    return None


HOLIDAY_RUN_DAYS = 3  # 「連休」: three days off or more in a row (a plain weekend is not one)
HOLIDAY_RUN_REACH = 40  # days back to look for it


def _day_of_the_last_holiday_run(which: str, today: dt.date) -> dt.date | None:
    """The first or last day of the latest run of days off (Saturdays, Sundays, public holidays) of
    HOLIDAY_RUN_DAYS or more that began by ``today``, or the day after it; None when that day is
    still to come or no run is that near."""
    from knowledge.clock import holiday_name  # the holiday calendar loads only when a run is named

    def off(day: dt.date) -> bool:
        return day.weekday() >= 5 or holiday_name(day) is not None

    day = today
    for _ in range(HOLIDAY_RUN_REACH):
        if off(day):
            first = last = day
            while off(first - dt.timedelta(days=1)):
                first -= dt.timedelta(days=1)
            while off(last + dt.timedelta(days=1)):
                last += dt.timedelta(days=1)
            if (last - first).days + 1 >= HOLIDAY_RUN_DAYS:
                meant = {"first": first, "last": last, "after": last + dt.timedelta(days=1)}[which]
                return meant if meant <= today else None
            day = first
        day -= dt.timedelta(days=1)
    return None


def english_date_lists_in_japanese(text: str) -> str:
    """"Dec 29, 30 and 31" → 「12月29日・30日・31日」, "December 4th" → 「12月4日」: English month-and-day dates (and the
    days listed after one) written as the Japanese readers of closures read them."""
    def japanese(m: re.Match[str]) -> str:
        days = re.findall(r"[0-9]{1,2}", m["first"] + " " + (m["more"] or ""))
        return f"{_english_month(m['mon'].lower())}月" + "・".join(f"{int(d)}日" for d in days)

    return _patterns()["english_date_list"].sub(japanese, text)


def _english_month(name: str) -> int:
    """1–12 for "December", "dec" or "sept"."""
    lex, name = lexicon(), name.lower()
    if name in lex.english_months:
        return lex.english_months.index(name) + 1
    return 9 if name == "sept" else lex.english_month_abbreviations.index(name) + 1


def _weak(s: str, today: dt.date) -> list[tuple[int, int, DateReading]]:
    """Dates read only when nothing firmer is written: an English month and day with no year ("Dec
    1"), and a relative year with a month and no day (「去年の11月」, its first day: in 「今年4月に開業…
    昨日感染」 the day of the event is yesterday)."""
    found = _english_month_day(s, today)
    for m in _patterns()["relative_year_month"].finditer(s):
        ago = next(y.years_ago for y in lexicon().years if m["rel"] in y.words)
        date = _safe(today.year - ago, int(m["m"]), 1)
        kept = date if date is not None and date <= today else None
        found.append((m.start(), -(m.end() - m.start()), DateReading(kept, m.group(0).strip(), "relative" if date else "impossible",
                                                                       kept is not None)))
    return found


def _english_month_day(s: str, today: dt.date) -> list[tuple[int, int, DateReading]]:
    """"Dec 1", "28 Nov.": an English month and day with no year, read only when nothing firmer is."""
    found: list[tuple[int, int, DateReading]] = []
    p = _patterns()
    for m in [*p["english_month_day"].finditer(s), *p["english_day_of_named_month"].finditer(s)]:
        groups = m.groupdict()
        mon, day = (groups["mon"], groups["d"]) if groups.get("mon") else (groups["mon2"], groups["d2"])
        # "the 1st of March 2023", "March 3rd last year": the year said with it
        if groups.get("y"):
            date = _safe(int(groups["y"]), _english_month(mon), int(day))
        elif re.match(r"[\s,]*last year(?![a-z])", s[m.end():m.end() + 16], re.IGNORECASE):
            date = _safe(today.year - 1, _english_month(mon), int(day))
        else:
            date = _latest_not_after(today, _english_month(mon), int(day))
        found.append((m.start(), -(m.end() - m.start()), DateReading(date, m.group(0).strip(), "month_day" if date else "impossible")))
    return found


def _year_before(s: str, start: int, today: dt.date) -> int | None:
    """「去年の5月31日」: a relative year word just before a month and day fixes its year."""
    before = s[max(0, start - 4):start]
    for entry in lexicon().years:
        if any(before.rstrip("の ").endswith(w) for w in entry.words):
            return today.year - entry.years_ago
    return None


def _relative(s: str, today: dt.date) -> list[tuple[int, int, DateReading]]:
    p, lex = _patterns(), lexicon()
    found: list[tuple[int, int, DateReading]] = []
    for m in p["days_ago"].finditer(s):
        found.append((m.start(), 0, DateReading(today - dt.timedelta(days=int(m["n"])), m.group(0), "relative")))
    for m in p["years_ago"].finditer(s):
        year = today.year - int(m["n"])
        day = min(today.day, calendar.monthrange(year, today.month)[1])  # 2/29 a year back is 2/28
        found.append((m.start(), 0, DateReading(dt.date(year, today.month, day), m.group(0), "relative")))
    for m in [*p["weekday"].finditer(s), *p["english_weekday"].finditer(s)]:
        weekday = lex.weekdays[m["wd"].lower()] if m["wd"].lower() in lex.weekdays else lex.weekdays[m["wd"]]
        if m["week"]:
            ago = next(w.weeks_ago for w in lex.weeks if m["week"].lower() in [x.lower() for x in w.words])
            monday = today - dt.timedelta(days=today.weekday() + 7 * ago)
            date = monday + dt.timedelta(days=weekday)
            found.append((m.start(), 0, DateReading(date if date <= today else None, m.group(0), "relative")))
        elif not p["day_off_after_weekday"].match(s, m.end()):  # 「金曜の夜に」: the latest such day, today included
            # (「木曜と日曜が定休日」 names the usual days off, no day of anything that happened)
            date = today - dt.timedelta(days=(today.weekday() - weekday) % 7)
            found.append((m.start(), 0, DateReading(date, m.group(0), "relative")))
    for m in p["relative_day"].finditer(s):
        ago = next(r.days_ago for r in lex.relative_days if m.group(0).lower() in [w.lower() for w in r.words])
        found.append((m.start(), 0, DateReading(today - dt.timedelta(days=ago), m.group(0), "relative")))
    # Days with a name (元日, クリスマス, 成人の日): the latest such day, as relative as 「昨日」 (「今日、
    # クリスマス会の…」 is about today; its own lookahead keeps 「クリスマス会」 out).
    for m in p["named_day"].finditer(s):
        named = next(n for n in lex.named_days if m.group(0).lower() in [w.lower() for w in n.words])
        found.append((m.start(), 0, DateReading(_latest_not_after(today, named.month, named.day), m.group(0), "relative")))
    for m in p["holiday"].finditer(s):
        found.append((m.start(), 0, DateReading(_latest_holiday(m.group(0), today), m.group(0), "relative")))
    for m in p["holiday_run"].finditer(s):
        found.append((m.start(), 0, DateReading(_day_of_the_last_holiday_run(m.lastgroup or "first", today), m.group(0), "relative")))
    return found


def read_date(text: str, today: dt.date, month_parts: bool = False) -> DateReading | None:
    """The first date written in `text`; None when there is none. A written date always beats a
    relative word (「2023年5月31日の件、昨日気づきました」 is about 2023-05-31). A part of a month (「5月末ごろ」)
    names no date; with ``month_parts`` (when something happened, for the record) it is read as that part."""
    # Katakana folded to hiragana (same length, so positions hold): ｷﾉｳ and キノウ read as きのう.
    s = kata_to_hira(_arabic(normalize(text)))
    explicit, relative, weak = _explicit(s, today), _relative(s, today), _weak(s, today)
    if month_parts:
        explicit += _month_parts(s, today, with_year=True)
        weak += _month_parts(s, today, with_year=False)
    if relative and weak and not explicit:
        # "Sunday, October 3rd": a weekday that names the date written right after it.
        first = min(relative, key=lambda c: (c[0], c[1]))
        end = first[0] + len(first[2].text)
        beside = [w for w in weak if 0 <= w[0] - end <= 3]
        if beside and _patterns()["english_weekday"].fullmatch(first[2].text):
            return beside[0][2]
    for candidates in (explicit, relative, weak):
        if candidates:
            return min(candidates, key=lambda c: (c[0], c[1]))[2]
    return None


# --- moments: a day and, when written, the time of day -----------------------------------

# What a record's moment holds after its day when only the month was said (a part of the day is Japanese).
MONTH_ONLY = "month"


def month_only_ja(day: dt.date, part: str = "") -> str:
    return f"{day.year}年{day.month}月{part}（日は未確認）"


def month_part_of(time: str) -> str | None:
    """What a record's moment holds after its day (record_moment's second half), when only a month was
    said: "" for the month alone, its part (「下旬」) when one was said; None when a day was said."""
    if time == MONTH_ONLY:
        return ""
    if time.startswith(MONTH_ONLY + " "):
        return time[len(MONTH_ONLY) + 1:]
    return None


def month_part_english(label: str) -> str:
    """「下旬」 → "late", for the English record."""
    return next((p.english for p in lexicon().month_parts.values() if p.label == label), label)


@dataclass(frozen=True)
class Moment:
    """When something happened or was noticed: the day always, the hour and minute when said."""

    day: dt.date
    hour: int | None = None
    minute: int | None = None
    text: str = ""
    part: str | None = None  # the part of the day said without a clock (「夕方」), as the record shows it
    month_only: bool = False  # 「去年の12月ごろ」: the month alone; ``day`` is its first, which no one said
    month_part: str | None = None  # 「7月末」: the part of the month said (「下旬」); ``day`` is the part's first

    def iso(self) -> str:
        """「2026-12-02」「2026-12-02 夕方」「2026-12-02T22」「2026-12-02T22:30」: as precise as the writer was;
        「2025-12-01 month」 for a month named without its day, 「2025-12-21 month 下旬」 with a part of it."""
        if self.month_only:
            return f"{self.day.isoformat()} {MONTH_ONLY}" + (f" {self.month_part}" if self.month_part else "")
        if self.hour is None:
            return self.day.isoformat() + (f" {self.part}" if self.part else "")
        return f"{self.day.isoformat()}T{self.hour:02d}" + (f":{self.minute:02d}" if self.minute is not None else "")

    def ja(self) -> str:
        if self.month_only:
            return month_only_ja(self.day, self.month_part or "")
        day = f"{self.day.year}年{self.day.month}月{self.day.day}日"
        if self.hour is None:
            return day + (f" {self.part}" if self.part else "")
        if self.minute is None:
            return f"{day} {self.hour}時ごろ"
        return f"{day} {self.hour}:{self.minute:02d}"


@lru_cache(maxsize=1)
def _time_patterns() -> dict[str, re.Pattern[str]]:
    t = lexicon().times
    lex_units = lexicon().english_count_units
    period = _alt(t.small_hours + t.pm + t.am + t.midday)
    return {
        "clock": re.compile(
            # 「昨日の夜、10時ごろ」: the part of the day may stand before a comma
            rf"(?:(?P<period>{period})\s?の?\s?[、,]?\s?)?(?<![0-9])(?P<h>[0-9]{{1,2}})\s?"
            rf"(?::(?P<m>[0-9]{{2}})|時(?!間)(?:\s?(?P<half>半)|\s?(?P<m2>[0-9]{{1,2}})\s?分)?)"
            rf"(?:\s?(?P<after>{_alt(t.pm + t.am)}))?", re.IGNORECASE),
        "english_clock": re.compile(
            rf"(?<![0-9])(?P<h>[0-9]{{1,2}})(?::(?P<m>[0-9]{{2}}))?\s?(?P<after>{_alt(t.pm + t.am)})(?![a-z])", re.IGNORECASE),
        "english_at_clock": re.compile(
            rf"(?<![a-z])(?:{_alt(t.english_at)})\s+(?P<h>[0-9]{{1,2}})(?::(?P<m>[0-9]{{2}}))?(?![0-9:.,]?[0-9])"
            rf"(?=\s*(?:$|[.,;!?)]|o'clock|this\b|last\b|yesterday|today|tonight|in the\b|when\b|and\b|but\b|on\b|am\b|pm\b))",
            re.IGNORECASE),
        # "This morning around 8 our file server…": right after the part of the day, the number is its hour
        # whatever word follows (alone, "around 8" may count patients).
        "english_part_at_clock": re.compile(
            rf"(?<![a-z])(?:{_alt(t.english_morning + t.english_afternoon + t.english_night)}),?\s+(?P<clock>(?:{_alt(t.english_at)})\s+"
            rf"(?P<h>[0-9]{{1,2}})(?::(?P<m>[0-9]{{2}}))?)(?![0-9:.,]?[0-9])(?!\s*(?:{_alt(lex_units.people)})(?![a-z]))",
            re.IGNORECASE),
        # 「さっきのは間違いで」「先ほどお伝えした」: the earlier message, not a moment.
        "just_now": re.compile(rf"(?:{_alt(t.just_now)})(?!\s?(?:の|言|お伝え|伝え|送っ|書い))", re.IGNORECASE),
        "minutes_ago": re.compile(rf"(?P<n>[0-9]{{1,3}})\s?(?:{_ago(t.minutes_ago_suffixes)})", re.IGNORECASE),
        "hours_ago": re.compile(rf"(?P<n>[0-9]{{1,2}})\s?(?:{_ago(t.hours_ago_suffixes)})", re.IGNORECASE),
    }


ENGLISH_PART_OF_DAY_REACH = 30  # characters between an hour and the part of the day it belongs to
SMALL_HOURS_END = 4  # 「昨夜の2時」: an hour up to this one belongs to the night's small hours


def _finds(text: str, word: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(word.lower()), text)]


def _english_at_clock(s: str) -> tuple[int, int | None, str] | None:
    """"this morning around 8", "last night at 11", "yesterday afternoon at 3": the hour with the
    part of the day said beside it (none said: the hour as written)."""
    t = lexicon().times
    m = _time_patterns()["english_at_clock"].search(s) or _time_patterns()["english_part_at_clock"].search(s)
    if not m:
        return None
    hour, minute = _in_part_of_day(s, m.start(), int(m["h"])), (int(m["m"]) if m["m"] else None)
    if hour > 23 or (minute is not None and minute > 59):
        return None
    return hour, minute, m.groupdict().get("clock") or m.group(0)


def _in_part_of_day(s: str, at: int, hour: int) -> int:
    """The hour as the part of the day said nearest it makes it ("around 8 this morning … for the
    rest of the afternoon", "2:20 in the afternoon")."""
    t = lexicon().times
    low = s.lower()
    near = {part: min((abs(i - at) for w in words for i in _finds(low, w)), default=10**6)
            for part, words in (("am", t.english_morning), ("pm", t.english_afternoon), ("night", t.english_night))}
    part = min(near, key=lambda k: near[k]) if min(near.values()) <= ENGLISH_PART_OF_DAY_REACH else None
    if part == "pm" and 1 <= hour <= 11:
        return hour + 12
    if part == "night" and 6 <= hour <= 11:
        return hour + 12  # "last night at 11" is 23:00; "last night at 2" the small hours
    if part == "night" and hour == 12:
        return 0
    return hour


def _clock(s: str) -> tuple[int, int | None, str] | None:
    t = lexicon().times
    m = _time_patterns()["english_clock"].search(s) or _time_patterns()["clock"].search(s)
    if not m:
        return _english_at_clock(s)
    groups = m.groupdict()
    hour = int(m["h"])
    minute = (int(m["m"]) if m["m"] else 30 if groups.get("half") else int(groups["m2"]) if groups.get("m2") else None)
    period = (groups.get("period") or m["after"] or "").lower()
    if not period and s.isascii() and not m.group(0).startswith("0"):
        hour = _in_part_of_day(s, m.start(), hour)  # "at 2:20 in the afternoon"
    night = period in [w.lower() for w in t.small_hours] or period in ("夜", "晩")
    if period in ("夜", "晩") and 1 <= hour <= 4:
        pass  # 「夜2時」 is the small hours of the night, not 14:00
    elif period in [w.lower() for w in t.pm] and 1 <= hour <= 11:
        hour += 12
    elif period in [w.lower() for w in t.small_hours] and 6 <= hour <= 11:
        hour += 12  # 「深夜11時」 is 23:00; 「深夜2時」 stays 2:00
    elif period in [w.lower() for w in t.midday] and 1 <= hour <= MIDDAY_HOURS_END:
        hour += 12  # 「今日の昼の2時」 is 14:00; 「昼の12時」 stays noon
    if (period in [w.lower() for w in t.am] and hour == 12) or (night and hour == 12):
        hour = 0  # 「夜12時」 is midnight
    if hour > 23 or (minute is not None and minute > 59):
        return None
    return hour, minute, m.group(0)


def is_relative_day(words: str) -> bool:
    """Whether a moment's words count from the message's day (「今朝」「昨日」「3日前」 "last night"),
    as opposed to a calendar date or a weekday name that may name something else."""
    low = words.lower()
    relative = [w.lower() for d in lexicon().relative_days for w in d.words]
    return any(w in low for w in relative) or any(w in low for w in lexicon().days_ago_suffixes)


def names_a_day(text: str, now: dt.datetime) -> bool:
    """Whether ``text`` names a day (「昨晩」「12月3日」「yesterday」), as opposed to a clock time alone."""
    return read_date(text, now.date(), month_parts=True) is not None


def part_of_today(text: str, now: dt.datetime) -> Moment | None:
    """Today, for a part of the day said with no day (「昼休みに」「夕方に」) once it has begun by
    ``now``; None otherwise (「夕方に」 said at 10:00 may be yesterday's)."""
    s = kata_to_hira(normalize(text)).lower()
    said = [(len(w), hour) for w, hour in _parts_of_today() if w in s]
    if not said:
        return None
    hour = max(said)[1]
    return Moment(day=now.date()) if hour <= now.hour else None


@lru_cache(maxsize=1)
def _parts_of_today() -> tuple[tuple[str, int], ...]:
    """The parts of the day, folded as part_of_today compares them."""
    return tuple((kata_to_hira(normalize(w)).lower(), hour) for w, hour in lexicon().times.parts_of_today.items())


def read_moment(text: str, now: dt.datetime) -> Moment | None:
    """When something was noticed, resolved against the message's own time ``now`` (JST).

    「たった今」「30分前」 give the minute; 「昨日の夜10時ごろ」 the day and hour; 「今朝」 the day
    only; a bare 「22時」 is the latest such hour not after ``now``. None when no day can be read.
    """
    s = kata_to_hira(_arabic(normalize(text)))
    p = _time_patterns()
    m = p["minutes_ago"].search(s)
    if m:
        at = now - dt.timedelta(minutes=int(m["n"]))
        return Moment(at.date(), at.hour, at.minute, m.group(0))
    m = p["hours_ago"].search(s)
    if m:
        at = now - dt.timedelta(hours=int(m["n"]))
        return Moment(at.date(), at.hour, None, m.group(0))
    clock = _clock(s)
    m = p["just_now"].search(s)
    if m and (clock is None or _clock_moment(clock, now) is None):
        return Moment(now.date(), now.hour, now.minute, m.group(0))
    if m:
        # 「気づいたのはさっき、1時50分くらいです」 said at 2:33: the clock says when.
        return _clock_moment(clock, now)
    reading = read_date(s, now.date(), month_parts=True)
    if reading is None and clock is not None:
        day = _bare_day_of_month(s, now.date())
        if day is not None:
            # 「見つけたのは6日、朝8時15分ごろ」「23日の16:05」: the day of this month (or the last) with its time.
            reading = DateReading(day, f"{day.day}日", "month_day")
    if reading is None and clock is None:
        day = _bare_day_of_month(s, now.date(), with_part=True)
        if day is not None:
            # 「25日のお昼すぎに気づきました」「3日の朝です」: the day of this month (or the last) with its part of the day.
            reading = DateReading(day, f"{day.day}日", "month_day")
    if reading is not None and reading.date is None:
        return None  # a date was written but cannot be read safely: never guess
    if reading is None:
        if clock is None:
            return None
        hour, minute, words = clock
        t = lexicon().times
        said = words.lower()
        # Not when the hour is written in 24 (「08:30」) or the morning is said beside it (「朝一番、8時ごろ」).
        twelve_hour = 1 <= hour <= 11 and not words.lstrip().startswith("0") and not any(
            w.lower() in said for w in (*t.am, *t.pm, *t.small_hours)) and not any(w.lower() in s.lower() for w in t.morning_context)
        # 「22時ごろ」 said at 9:00 is last night; a bare 「10時すぎ」 said at 22:34 is 22:00 (the clock
        # read in twelve hours, as people say it): the latest such time not after now.
        hours = (hour, hour + 12) if twelve_hour else (hour,)
        candidates = [dt.datetime.combine(now.date() - dt.timedelta(days=back), dt.time(h, minute or 0))
                      for back in (0, 1) for h in hours]
        at = max(c for c in candidates if c <= now.replace(tzinfo=None))  # yesterday's are always before now
        return Moment(at.date(), at.hour, minute, words)
    assert reading.date is not None
    if clock is None and reading.month_only:
        return Moment(reading.date, text=reading.text, month_only=True, month_part=reading.month_part)
    if clock is None:
        part = _part_of_day(s, reading.text)
        said = f"{reading.text} {part[0]}" if part and part[0] not in reading.text.lower() else reading.text
        return Moment(reading.date, None, None, said, part[1] if part else None)
    hour, minute, words = clock
    day = reading.date
    night_words = ("夜", "晩", *lexicon().times.small_hours)
    if 6 <= hour <= 11 and any(w in reading.text.lower() for w in lexicon().times.night_days) \
            and not any(w in words.lower() for w in (*lexicon().times.am, *lexicon().times.pm)):
        hour += 12  # 「昨晩遅く、11時過ぎ」 "last night around 11" is 23:00
    if hour == 0 and "12" in words and any(w in words for w in night_words):
        day += dt.timedelta(days=1)  # 「昨日の夜12時」: the midnight that ends that day
    elif hour <= SMALL_HOURS_END and any(w in reading.text.lower() for w in lexicon().times.night_days) \
            and not any(w in words.lower() for w in lexicon().times.pm if w not in night_words):
        day += dt.timedelta(days=1)  # 「昨夜の2時過ぎ」 "last night at 2": the small hours after that evening
    return Moment(day, hour, minute, f"{reading.text} {words}")


# 「6日、朝8時15分」「23日の16:05」: a day of the month alone, right before the time it was at.
_BARE_DAY = re.compile(r"(?<![0-9/月年.\-])([0-9]{1,2})\s?日\s?(?:の|、|,|に|\s)")
PART_AFTER_DAY = 4  # characters between a day's words and the part of the day said of it (「金曜の夕方」「元日の夜」)


@lru_cache(maxsize=1)
def _parts_of_day() -> tuple[tuple[str, str], ...]:
    """The part-of-day words folded as read_moment reads, longest first."""
    parts = lexicon().times.parts_of_day.items()
    return tuple(sorted(((kata_to_hira(normalize(w)).lower(), shown) for w, shown in parts), key=lambda p: -len(p[0])))


def _part_of_day(s: str, day_words: str) -> tuple[str, str] | None:
    """The part of the day said in the day's own words (今朝, ゆうべ) or right after them (「金曜の夕方」):
    the word as read, and as the record shows it."""
    low, words = s.lower(), day_words.lower()
    at = low.find(words)
    longest = max(len(word) for word, _ in _parts_of_day())  # (a whole "afternoon" after "yesterday ")
    after = low[at + len(words):at + len(words) + PART_AFTER_DAY + longest] if at >= 0 else ""
    for word, shown in _parts_of_day():
        if word in words:
            return word, shown
    best: tuple[int, str, str] | None = None
    for word, shown in _parts_of_day():  # longest first: 「お昼すぎ」 before 「昼」
        i = after.find(word)
        if 0 <= i <= PART_AFTER_DAY and (best is None or i < best[0]):
            best = (i, word, shown)
    return (best[1], best[2]) if best else None
CLOCK_WITHIN = dt.timedelta(hours=6)  # 「さっき」 with a clock time this far back at most


def _bare_day_of_month(s: str, today: dt.date, with_part: bool = False) -> dt.date | None:
    """A day of the month said alone before its time; with ``with_part``, before a part of the day
    (「3日の朝」), which alone makes it a date."""
    m = _BARE_DAY.search(s)
    if m is None or s[m.end():m.end() + 1].isdigit() and "日" in s[m.end():m.end() + 4]:
        return None  # 「5日、6日」 is a list of days, not a day with its time
    if with_part and not any(s.lower().startswith(word, m.end()) for word, _ in _parts_of_day()):
        return None
    n = int(m[1])
    for back in range(0, 2):  # this month's, or last month's when that day is still to come
        year, month = divmod(today.month - 1 - back, 12)
        try:
            day = dt.date(today.year + year, month + 1, n)
        except ValueError:
            continue
        if day <= today:
            return day
    return None


def _clock_moment(clock: tuple[int, int | None, str], now: dt.datetime) -> Moment | None:
    """A bare clock time said with 「さっき」: today's (or, just after midnight, yesterday's) when it is
    within a few hours before now."""
    hour, minute, words = clock
    naive = now.replace(tzinfo=None)
    candidates = []
    for h in (hour, hour + 12) if 1 <= hour <= 11 else (hour % 24,):  # 「さっき8時ごろ」 at 20:30 is 20:00
        at = dt.datetime.combine(now.date(), dt.time(h, minute or 0))
        candidates.append(at if at <= naive else at - dt.timedelta(days=1))
    at = max(candidates)
    if naive - at > CLOCK_WITHIN:
        return None
    return Moment(at.date(), at.hour, minute, words)


def said_just_now(moment: Moment) -> bool:
    """Read from 「さっき」「たった今」 "just now": the message's own minute, not a time anyone gave."""
    said = moment.text.lower()
    return any(w.lower() in said for w in lexicon().times.just_now)


def least_days_back(text: str, today: dt.date) -> int | None:
    """How many days back at least a past week, month or year named without its day reaches:
    「攻撃を受けたのは先週です」 on a Wednesday is at least 3 days back (last Sunday); None when none
    is named."""
    named = [unit for unit, matcher in _past_period_matchers().items() if matcher.first(text) is not None]
    least = [{"week": today.weekday() + 1, "month": today.day, "year": today.timetuple().tm_yday}[unit] for unit in named]
    # 「4月にウイルスで1日休診」 on the 1st of October: a month of this year before this one, named without
    # its day, is at least as far back as that month's last day (not merely this month's first).
    least += [(today - dt.date(today.year, int(m[1]), calendar.monthrange(today.year, int(m[1]))[1])).days
              for m in _MONTH_WITHOUT_DAY.finditer(normalize(text)) if 1 <= int(m[1]) < today.month]
    return min(least, default=None)


_MONTH_WITHOUT_DAY = re.compile(r"(?<![0-9年/.])([0-9]{1,2})\s?月(?!\s?[0-9]{1,2}\s?日|\s?[上中下]旬)(?![0-9])")


@lru_cache(maxsize=1)
def _past_period_matchers() -> dict[str, Matcher]:
    # The vocabulary matcher: folded text, ASCII words only as whole words ("last week", not "blast weeks").
    return {unit: Matcher(words) for unit, words in lexicon().past_periods.items()}


def season_of_year(text: str, year: int) -> tuple[str, dt.date, dt.date] | None:
    """「令和4年の秋」「autumn 2022」: the season named in ``text`` as (its word, its first day, its last
    day) in ``year``; None when no season is named."""
    plain = normalize(text)
    low = kata_to_hira(plain).lower()
    for season in lexicon().seasons.values():
        # Right after the year (「令和4年の秋」, not 「秋田」 or 「春日部」), or beside a year in English.
        found = next((m for w in season.words for m in [re.search(
            rf"年\s?の?\s?(?P<w>{re.escape(w)})(?=[^一-龥]|頃|明け|前|中|$)" if not w.isascii() else
            rf"(?<![a-z])(?P<w>{w})\s+(?:of\s+|in\s+)?(?:19|20)[0-9]{{2}}|(?:19|20)[0-9]{{2}}\s+(?P<w2>{w})(?![a-z])", low)]
            if m is not None), None)
        if found is None:
            continue
        start, end = found.span("w") if found["w"] is not None else found.span("w2")
        # As the writer spelled it (ゴールデンウィーク, not its folded ごーるでんうぃーく).
        word = plain[start:end] if len(low) == len(plain) else low[start:end]
        first, last = season.months
        if last < first:
            # 「令和4年の冬」 may be its January–February or the December that runs into the next year:
            # both, so that an amount is given only when it is the same either way.
            return word, dt.date(year, 1, 1), dt.date(year + 1, last, calendar.monthrange(year + 1, last)[1])
        return word, dt.date(year, first, 1), dt.date(year, last, calendar.monthrange(year, last)[1])
    return None
