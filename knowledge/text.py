"""Japanese input normalisation and small extractors for clinic-staff messages.

Staff type on phones, so the same fact arrives in many shapes: "３０床の病院でＨ７",
"五十床", "定員百人の老健", "賠償1億・事故対応5,000万", "ｸﾘﾆｯｸ h-3". Everything the
bot matches on goes through this module first so that the rest of the code can
compare plain, predictable strings and integers.

Standard library only on purpose: this module sits on the request path and must
import fast.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
import unicodedata
from dataclasses import dataclass
from collections.abc import Iterator
from typing import Callable, Literal, TypeVar

from knowledge.formatting import WEEKDAYS_JA

__all__ = [
    "Facility",
    "Size",
    "find_amounts_yen",
    "find_days",
    "find_facilities",
    "find_facility",
    "find_int_with_suffix",
    "find_invalid_plan",
    "find_plan",
    "find_size",
    "find_sizes",
    "fold",
    "normalize",
    "parse_japanese_number",
]

Facility = Literal["clinic", "hospital", "care", "care_medical", "dental"]
T = TypeVar("T")

# ---------------------------------------------------------------------------
# normalisation
# ---------------------------------------------------------------------------

# Range markers people type interchangeably. U+301C (WAVE DASH) is the canonical
# Japanese one; U+FF5E (fullwidth tilde) is what Windows IMEs produce and NFKC
# turns it into ASCII "~", so we map everything back to U+301C.
_TILDES = "~\u301c\uff5e\u223c\u3030\u2053"
_TILDE_RE = re.compile(f"[{re.escape(_TILDES)}]")

# Hyphen look-alikes. Between two digits they are always a separator
# (phone numbers, dates, "3ー5床"), never a long-vowel mark.
_HYPHENS = "\u002d\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\u30fc\uff0d\ufe63\uff70"
_HYPHEN_CLASS = f"[{re.escape(_HYPHENS)}]"
_DIGIT_HYPHEN_RE = re.compile(f"(?<=[0-9]){_HYPHEN_CLASS}(?=[0-9])")
_WS_RE = re.compile(r"\s+")


# Texts up to this length are remembered (here and by the analysers built on this module): one
# message goes through normalize() and fold() a few dozen times (every extractor and word list
# starts with them), a handful of distinct strings; a 5,000-character letter is not kept.
CACHED_CHARS = 600


def per_text(fn: Callable[[str], T]) -> Callable[[str], T]:
    """Remember a pure function of one text for texts up to CACHED_CHARS: several steps of a
    message ask the same question of the same text (whether it is a question, its language …).
    Only for functions whose result depends on the text alone and is immutable."""
    cached = functools.lru_cache(maxsize=256)(fn)

    @functools.wraps(fn)
    def wrapper(text: str) -> T:
        return cached(text) if len(text) <= CACHED_CHARS else fn(text)

    return wrapper


def normalize(text: str) -> str:
    """Canonical display-preserving form of user input.

    NFKC folds full/half width (``３０`` → ``30``, ``ｸﾘﾆｯｸ`` → ``クリニック``);
    range tildes become ``〜``; hyphen-like characters *between digits* become
    ``-`` (so ``0120ー318ー258`` is a phone number, while ``〜`` is never turned
    into the long-vowel ``ー``); whitespace runs become one space. Case is kept
    because plan names and English words may be echoed back to the user.
    The function is idempotent.
    """
    return _normalize_cached(text) if len(text) <= CACHED_CHARS else _normalize(text)


@functools.lru_cache(maxsize=2048)
def _normalize_cached(text: str) -> str:
    return _normalize(text)


def _normalize(text: str) -> str:
    s = unicodedata.normalize("NFKC", text)
    s = _TILDE_RE.sub("\u301c", s)
    s = _DIGIT_HYPHEN_RE.sub("-", s)
    s = _WS_RE.sub(" ", s)
    return s.strip()


def kana_only(word: str) -> bool:
    """Written in hiragana (or folded katakana) and ー alone: 「けいやく」, 「ぽーと」."""
    return bool(word) and all("\u3041" <= ch <= "\u309f" or ch == "ー" for ch in word)


# 「R12.9.17(火)攻撃 9/17・9/18休診 支援金は?」: in a message with kanji and few spaces, a space after a Japanese
# character or a bracket parts two clauses as a comma would. A message with a space every few characters
# (「さいばーこうげき うけて 4にち やすんだ」) spaces its words, and keeps them.
_SPACE_AFTER_JAPANESE = re.compile(r"(?<=[\u3040-\u30ff\u4e00-\u9fff)）])[ \u3000]+(?=[^\sのにはがをでともへや])")
_KANJI = re.compile(r"[\u4e00-\u9fff]")
_ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")  # English words between Japanese ones space them as English does
WORD_SPACED_SHARE = 1 / 8  # spaces per character above which a message spaces its words


def spaces_as_commas(text: str) -> str:
    """``text`` with each space that parts two clauses written as 「、」 (the same length: offsets hold)."""
    spaces = text.count(" ") + text.count("\u3000")
    if not spaces or _KANJI.search(text) is None or spaces > len(text) * WORD_SPACED_SHARE \
            or _ENGLISH_WORD.search(text) is not None:
        return text
    return _SPACE_AFTER_JAPANESE.sub(lambda m: "、" * len(m[0]), text)


# ァ..ヶ → ぁ..ゖ, ヽヾ → ゝゞ, applied by str.translate rather than a Python loop over characters.
_KATA_TO_HIRA = {o: o - 0x60 for o in [*range(0x30A1, 0x30F7), 0x30FD, 0x30FE]}


def kata_to_hira(s: str) -> str:
    """ァ..ヶ → ぁ..ゖ, one character for one (positions in the string are kept)."""
    return s.translate(_KATA_TO_HIRA)


def fold(text: str) -> str:
    """Aggressive matching key: normalize, lowercase, katakana→hiragana, no spaces.

    Used only for *matching* (keywords, facility names), never for display:
    ``ｸﾘﾆｯｸ``, ``クリニック`` and ``くりにっく`` all fold to ``くりにっく``.
    Whitespace is removed before the digit-hyphen rule runs, and the steps are
    repeated until nothing changes (lowercasing can enable a new NFKC
    composition, e.g. ``T¨``), so ``fold(fold(x)) == fold(x)``.
    """
    return _fold_cached(text) if len(text) <= CACHED_CHARS else _fold(text)


@functools.lru_cache(maxsize=2048)
def _fold_cached(text: str) -> str:
    return _fold(text)


# Latin vowels with a mark, as romanised Japanese writes long vowels (「rōken」 "Tōkyō") or a keyboard adds them
# ("café"): matched as the plain letter. One character for one, so a match key keeps its length.
_LATIN_PLAIN = str.maketrans("āáàâäãåēéèêëīíìîïōóòôöõøūúùûüýÿ", "aaaaaaaeeeeeiiiiiooooooouuuuuyy")


def _fold(text: str) -> str:
    s = text
    for _ in range(4):  # converges in 1-2 passes on real input
        t = kata_to_hira(normalize(_WS_RE.sub("", unicodedata.normalize("NFKC", s))).lower().translate(_LATIN_PLAIN))
        if t == s:
            break
        s = t
    return s


# ---------------------------------------------------------------------------
# numbers
# ---------------------------------------------------------------------------

_KANJI_DIGITS = {
    "〇": 0, "零": 0, "一": 1, "壱": 1, "二": 2, "弐": 2, "三": 3, "参": 3,
    "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}
_DIGITS = {**{str(i): i for i in range(10)}, **_KANJI_DIGITS}
_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "千": 1000, "阡": 1000}
_BIG_UNITS = (("兆", 10**12), ("億", 10**8), ("万", 10**4))

_KANJI_NUM_CHARS = "".join(_KANJI_DIGITS) + "".join(_SMALL_UNITS)
_COMMA_INT_RE = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+")
_DECIMAL_RE = re.compile(r"([0-9]+)\.([0-9]+)")

# A count without 万/億: arabic (optionally with thousands commas) or kanji.
_COUNT_NUM = rf"(?:[0-9]{{1,3}}(?:,[0-9]{{3}})+(?![0-9])|[0-9]+|[{_KANJI_NUM_CHARS}]+)"
# Do not start in the middle of another number ("1,2345", "3.5", "12/5", "一万二千").
_NUM_START = (
    r"(?<![0-9])(?<![0-9][,.])(?<![0-9][/\-])"
    rf"(?<![{_KANJI_NUM_CHARS}万萬億兆])"
)


def _fail(original: str, why: str) -> ValueError:
    return ValueError(f"cannot parse {original!r} as a Japanese number: {why}")


def _parse_section(sec: str, original: str) -> int:
    """Value of a part between big units: "5,000", "三百五十", "5千", "2023"."""
    if _COMMA_INT_RE.fullmatch(sec):
        return int(sec.replace(",", ""))
    if "," in sec:
        raise _fail(original, f"misplaced comma in {sec!r}")
    total = 0
    run = ""
    last_unit = 10**4  # units must strictly descend: 千 > 百 > 十
    prev = ""
    for ch in sec:
        if ch in _DIGITS:
            if run and (ch in _KANJI_DIGITS) != (prev in _KANJI_DIGITS):
                # "一1億" is a word glued to a number ("万一1億円"), not 11億.
                raise _fail(original, "arabic and kanji digits mixed in one run")
            run += str(_DIGITS[ch])
        elif ch in _SMALL_UNITS:
            unit = _SMALL_UNITS[ch]
            if unit >= last_unit:
                raise _fail(original, f"{ch!r} out of order")
            if run and (len(run) != 1 or run == "0"):
                raise _fail(original, f"bad multiplier {run!r} before {ch!r}")
            total += (int(run) if run else 1) * unit
            last_unit, run = unit, ""
        else:
            raise _fail(original, f"unexpected character {ch!r}")
        prev = ch
    if run:
        tail = int(run)
        if last_unit != 10**4 and tail >= last_unit:
            raise _fail(original, f"{run!r} too large after a unit")
        total += tail
    return total


def parse_japanese_number(s: str) -> int:
    """Parse one number as written by Japanese users into an ``int``.

    Accepts arabic digits (full or half width, with thousands commas),
    kanji numerals (``三百五十``, ``千五百``, ``二〇二三``, ``〇``/``零``) and any mix
    with 万/億/兆 (``1億5000万``, ``５千万``, ``15,000万``). A decimal is allowed
    only in front of a big unit when the result is whole (``1.5億``), because
    pamphlets write amounts that way. Anything else raises ``ValueError`` so
    that callers never act on a half-understood number.
    """
    if not isinstance(s, str):
        raise TypeError(f"expected str, got {type(s).__name__}")
    t = normalize(s).replace(" ", "").replace("萬", "万")
    if not t:
        raise _fail(s, "empty")

    parts: list[tuple[str, int]] = []
    rest = t
    for char, mult in _BIG_UNITS:
        if char in rest:
            head, _, rest = rest.partition(char)
            if char in rest:
                raise _fail(s, f"{char!r} appears twice")
            if not head:
                raise _fail(s, f"{char!r} without a number before it")
            parts.append((head, mult))
    if rest:
        parts.append((rest, 1))

    numerator = 0  # total * 10**scale, to handle a leading decimal exactly
    scale = 0
    for i, (sec, mult) in enumerate(parts):
        dec = _DECIMAL_RE.fullmatch(sec)
        if dec:
            if i != 0 or mult == 1:
                raise _fail(s, "a decimal point is only allowed before 万/億/兆")
            scale = len(dec.group(2))
            numerator += int(dec.group(1) + dec.group(2)) * mult
            continue
        if "." in sec:
            raise _fail(s, f"bad decimal {sec!r}")
        value = _parse_section(sec, s)
        if i != 0 and value >= 10**4:
            raise _fail(s, f"{sec!r} is too large to follow a bigger unit")
        numerator += value * mult * 10**scale
    whole, remainder = divmod(numerator, 10**scale)
    if remainder:
        raise _fail(s, "not a whole number")
    return whole


# Money tokens: digits (with commas / one decimal point), kanji numerals, big units.
_AMOUNT_TOKEN = (
    r"(?:[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9]+(?:\.[0-9]+)?"
    rf"|[{_KANJI_NUM_CHARS}万萬億兆])+"
)
_AMOUNT_RE = re.compile(
    rf"(?P<yen>(?:¥|JPY|jpy)\s?)?(?<![0-9])(?<![0-9][,.])(?P<num>{_AMOUNT_TOKEN})(?P<en>\s?(?:円|[Yy]en\b|JPY\b))?"
)


def find_amounts_yen(text: str) -> list[int]:
    """Every money amount in ``text``, in order of appearance.

    A number counts as money when it carries 万/億/兆 (``1億``, ``三千万``) or is
    followed by 円 / preceded by ¥ (``27,200 円``). A bare number (``30``, a phone
    number, a year) is not money. Tokens glued to ordinary words (``万一1億円``)
    are retried from later start points so the real amount is still found.
    """
    return [value for value, _, _ in find_amount_spans(text)]


def find_amount_spans(text: str) -> list[tuple[int, int, int]]:
    """Like find_amounts_yen, with where each amount stands: (yen, start, end) in ``normalize(text)``.

    Callers use the position to read the label in front of an amount (賠償 / 事故対応).
    """
    s = normalize(text)
    found: list[tuple[int, int, int]] = []
    english = [(m.start(), m.end()) for m in _ENGLISH_AMOUNT_RE.finditer(s) if m.group("yen") or m.group("en")]
    for m in _AMOUNT_RE.finditer(s):
        if any(a <= m.start("num") < b for a, b in english):
            continue  # 「¥50m」 is read below, as 50 million
        tok = m.group("num")
        marked = bool(m.group("en") or m.group("yen"))
        for i in range(len(tok)):
            if i and tok[i - 1] in "0123456789,.":
                continue  # never start inside an arabic number
            sub = tok[i:]
            if not (marked or any(u in sub for u in "万萬億兆")):
                continue
            try:
                value = parse_japanese_number(sub)
            except ValueError:
                continue
            found.append((value, m.start("num") + i, m.end()))
            break
    # "200 million yen", "¥50m": English magnitudes, with the yen written before or after.
    for m in _ENGLISH_AMOUNT_RE.finditer(s):
        if m.group("yen") or m.group("en"):
            value = round(float(m.group("n")) * _ENGLISH_MAGNITUDES[m.group("mag").lower()])
            found.append((value, m.start(), m.end()))
    return sorted(found, key=lambda f: f[1])


_ENGLISH_MAGNITUDES = {"thousand": 10**3, "k": 10**3, "million": 10**6, "mn": 10**6, "m": 10**6, "billion": 10**9, "bn": 10**9}
_ENGLISH_AMOUNT_RE = re.compile(
    r"(?P<yen>(?:¥|JPY|jpy)\s?)?(?<![0-9.,])(?P<n>[0-9]+(?:\.[0-9]+)?)[\s-]?(?P<mag>thousand|million|billion|mn|bn|k|m)\b"
    r"(?P<en>[\s-]?(?:円|[Yy]en\b|JPY\b))?", re.IGNORECASE)  # ("an 80-million-yen award": hyphens too)


@functools.lru_cache(maxsize=64)
def _suffix_re(suffixes: tuple[str, ...]) -> re.Pattern[str]:
    alt = "|".join(re.escape(x) for x in sorted(suffixes, key=len, reverse=True))
    return re.compile(rf"{_NUM_START}(?P<num>{_COUNT_NUM})\s?(?:{alt})")


def find_int_with_suffix(
    text: str,
    suffixes: tuple[str, ...],
    *,
    not_preceded_by: tuple[str, ...] = (),
    not_followed_by: tuple[str, ...] = (),
) -> int | None:
    """First count written as ``<number><suffix>`` (``3日``, ``三日間``, ``50人``).

    The number is arabic or kanji *without* 万/億 – this is for counts, use
    :func:`find_amounts_yen` for money. A number that is the tail of another
    number (``12/3``, ``1,234``) is never taken. ``not_preceded_by`` /
    ``not_followed_by`` (compared after skipping one space) let callers reject
    readings such as dates (``12月3日``) or rates (``1日あたり``).
    """
    if not suffixes:
        return None
    s = normalize(text)
    for m in _suffix_re(tuple(suffixes)).finditer(s):
        before = s[: m.start()].rstrip()
        after = s[m.end():].lstrip()
        if any(before.endswith(p) for p in not_preceded_by):
            continue
        if any(after.startswith(f) for f in not_followed_by):
            continue
        try:
            return parse_japanese_number(m.group("num"))
        except ValueError:
            continue
    return None


# "1日あたり", "1名につき" are rates, not counts.
_RATE_WORDS = ("あたり", "当たり", "当り", "につき", "ごと", "毎")
# A head count that follows these is how many people something happened to (「漏れた患者さん300人に」),
# not the facility's capacity (定員, 入所 … say that).
_AFFECTED_PEOPLE = ("患者さん", "患者様", "患者", "職員", "従業員", "スタッフ", "被害者", "対象者", "受診者")
_DAY_SUFFIXES = ("日間", "営業日", "日")
_WEEK_SUFFIXES = ("週間",)
# A rate said per day (「一日…万ずつなら」「1日につき…円」): no count of days.
_AMOUNT_PER_DAY = re.compile(r"(?:[0-9]+|[一二三四五六七八九十]+|いち)\s?日\s?(?:に|で|あたり|当たり)?\s?[0-9一二三四五六七八九十百千,.]+\s?(?:万円|万|円)\s?(?:ずつ|づつ)")
_MONTH_SUFFIXES = ("か月", "ヶ月", "ケ月", "カ月", "ヵ月", "箇月")
# A month said in words (「ひと月」「ひとつき」), not the month 一月 (January).
_ONE_MONTH = re.compile(r"(?:ひと月|ひとつき|一ヶ月|一か月|一カ月|一ヵ月)(?!\s?(?:前|後|目|あたり|当たり|ごと))")
DAYS_IN_A_MONTH = 30
_WEEKDAY_ORDER = WEEKDAYS_JA  # Monday first, as datetime.weekday()
_WD = f"[{WEEKDAYS_JA}]"  # one weekday character
_WEEKDAY_PAREN = tuple(f"({d}" for d in WEEKDAYS_JA)
# 「5日は木曜で定休日」「5日は定休日」: a date said with its weekday or as a day off.
_WEEKDAY_TOPIC = tuple(f"は{d}曜" for d in WEEKDAYS_JA) + ("は定休", "が定休", "は休診日", "は祝日")
# Dates of the month written beside a 「N日は」 (a range, a date with its weekday): that day is a date too.
_TAKEN_BACK = ("じゃなく", "じゃなか", "ではなく", "でなく", "やなく", "やのうて")
_DATES_AROUND = re.compile(rf"[0-9０-９]{{1,2}}\s?日\s?(?:から|〜|まで|の\s?{_WD}曜|\({_WD})|[0-9]{{1,2}}\s?月\s?[0-9]{{1,2}}\s?日")
# 「5日から再開」「6日から開けます」: the day of the month care starts again.
_REOPENS_ON_A_DATE = re.compile(r"(?<![0-9])[0-9]{1,2}\s?日\s?(?:\([^)]{1,3}\))?\s?から\s?(?:は\s?)?(?:再開|開け|開院|診療|通常)")
# 「27日の土曜から」: a date with its weekday after の.
_WEEKDAY_OF = tuple(f"の{d}曜" for d in WEEKDAYS_JA)
# 「7日はいつもどおりの休み」「24日は眼科だけ休診」: a day as the topic is a date; a count is topic only
# after a word of at least / more (「最低3日は」「あと2日は」), which is kept a count.
# 「土曜も一日診療しとる」「土曜は一日やってます」: open all day, said of the usual week, is no count of days closed
# (「1日診療を止めた」 is one: only 一日 after も/は, before a word of being open).
_OPEN_ALL_DAY = re.compile(r"(?<=[もは])一日\s?(?=診療し|診療を?やっ|営業し|外来を?やっ|開けて|開けと|開い|やって|やっと|通しで)")
_AT_LEAST_DAYS = re.compile(r"(最低|少なくとも|すくなくとも|あと|もう|まだ|最低でも)(\s?[0-9０-９一二三四五六七八九十]{1,3}\s?日)は")


# A list of dates: 「1月5日と6日」「3日、4日、5日」 (each a day; a lone 「5日」 is left to find_days).
# 「3日の月曜と4日の火曜」「5日(月)と6日(火)」: each date may carry its weekday.
_LISTED_WEEKDAY = rf"(?:\s?\({_WD}(?:曜日?)?\)|\s?の\s?{_WD}曜日?)?"
_DATE_LIST_RE = re.compile(rf"(?<![0-9])(?:[0-9]{{1,2}}\s?月\s?)?[0-9]{{1,2}}\s?日{_LISTED_WEEKDAY}(?:\s?(?:と|、|,|・|および|及び)\s?(?:[0-9]{{1,2}}\s?月\s?)?[0-9]{{1,2}}\s?日(?!間){_LISTED_WEEKDAY})+(?!\s?(?:から|まで|〜|目|は?かか|程度|くらい|ぐらい|ほど))")


# A list of weekdays: 「土曜と月曜」「月・火・水曜日」 (each a day).
# 「月曜から水曜まで休みました」: a run of weekdays (the first with its 曜, so 「12月から」 is no weekday).
_WEEKDAY_RANGE_RE = re.compile(rf"(?P<a>{_WD})曜日?\s?(?:から|〜|~)\s?(?P<b>{_WD})曜?日?")
_WEEKDAY_LIST_RE = re.compile(rf"{_WD}曜?日?(?:\s?(?:と|、|,|・)\s?{_WD}曜?日?)+(?=\s?(?:を|は|に|の|も|だけ|のみ|、|[.,]|$)|\s+[A-Za-z])")


# A day of the month, not a count: 「12月3日」, 「先月の18日に攻撃を受けて」, 「3日〜」.
_NOT_A_COUNT_AFTER = ("月", "月の", "月 ", "〜", "-", "/")


@functools.lru_cache(maxsize=1)
def _parts_of_a_dated_day() -> tuple[str, ...]:
    """「の朝」「は午前」…: after 「N日」 they make it a date (the part-of-day words of knowledge/lexicon/dates.yaml):
    「12日は午前だけ診療」 is the 12th."""
    from knowledge.dates import lexicon  # (knowledge.dates reads this module)

    return tuple(f"{particle}{w}" for w in lexicon().times.parts_of_day if not w.isascii() for particle in ("の", "は"))


@per_text
def find_days(text: str) -> int | None:
    """Number of days in ``休業3日``, ``3日間休診``, ``三日``, ``4日休業``.

    Calendar dates are refused: ``12月3日``/``毎月3日`` (preceded by 月),
    ``3日(月)`` (weekday after it), ``12/3`` and ``2023-03-05`` (no 日, or the
    tail of another number). ``1日あたり``, ``3日目`` and ``3日前`` are not durations either.
    """
    # A duration written as one (「2日間」「3営業日」) beats a bare 「N日」, which in 「3日〜4日の2日間」 is
    # the end of a range of dates; a bare day after 〜/から or before まで is a date, not a count.
    days = find_int_with_suffix(
        text,
        ("日間", "営業日"),
        not_followed_by=_RATE_WORDS + ("目", "前", "後") + _TAKEN_BACK,
    )
    if days is not None:
        return days
    # 「5日と6日は休業」: the days of a list of dates, not a count (find_date_range_days counts them).
    text = _DATE_LIST_RE.sub(lambda m: " " * len(m[0]), normalize(text))
    text = _OPEN_ALL_DAY.sub(lambda m: " " * len(m[0]), text)
    text = _AMOUNT_PER_DAY.sub(lambda m: " " * len(m[0]), text)
    text = _AT_LEAST_DAYS.sub(lambda m: f"{m[1]}{m[2]}間", text)
    # (「5日いっぱい休み」 is through the 5th, as 「5日まで」 is.)
    not_after = _RATE_WORDS + _WEEKDAY_PAREN + _WEEKDAY_TOPIC + _WEEKDAY_OF + ("目", "まで", "いっぱい", "〜", "から", "前", "後") \
        + _parts_of_a_dated_day()
    # 「4日だけ休んで5日から再開」: beside the date it reopens, a day 'only' closed is a date too (「10/6から1日だけ
    # 休診」 is a count).
    only_day = ("だけ", "のみ") if _REOPENS_ON_A_DATE.search(text) is not None else ()
    # A day taken back is not the count (「休診は3日じゃなくて4日でした」 is 4), nor, taken back for a date, a count at
    # all (「8日じゃなくて7日(木)からでした」).
    only_day = (*only_day, *_TAKEN_BACK)
    # 「3日前」「2日後」 say when, not how long; 「3日の朝」 is the 3rd, in the morning
    days = find_int_with_suffix(text, _DAY_SUFFIXES, not_preceded_by=_NOT_A_COUNT_AFTER,
                                not_followed_by=(*not_after, *only_day, "は"))
    if days is not None:
        return days
    if _DATES_AROUND.search(text) is None:
        # 「3日は休診になりそうです」: a count as the topic, when no date of the month is written beside it
        # (「6日から8日まで…7日はいつもどおりの休み」「24日は眼科だけ一日休診」 name dates).
        days = find_int_with_suffix(text, _DAY_SUFFIXES, not_preceded_by=_NOT_A_COUNT_AFTER, not_followed_by=not_after)
        if days is not None:
            return days
    # 「1週間休診」: a closure in weeks is that many days (calendar days, as staff count them).
    weeks = find_int_with_suffix(text, _WEEK_SUFFIXES, not_followed_by=_RATE_WORDS + ("目", "前", "後"))
    if weeks is not None:
        return weeks * 7
    # 「まるひと月閉めちょった」「2か月休業」: a closure in months, at the days of a month (as staff count them).
    months = find_int_with_suffix(text, _MONTH_SUFFIXES, not_followed_by=_RATE_WORDS + ("目", "前", "後", "分"))
    if months is None and _ONE_MONTH.search(text) is not None:
        months = 1
    return months * DAYS_IN_A_MONTH if months is not None else None


# A range of dates: 〜 or - between two days, or から … まで (「3日から2日休診」 is a start and a count).
# A weekday in brackets after a date (「10日(日)から12日(火)まで」), read past.
_DAY_PAREN = rf"(?:\s?\({_WD}(?:曜日?)?\)|\s?の\s?{_WD}曜日?)?"
_DATE_RANGE_RES = (
    # 「3月3日〜3月5日」「3月3日から5日まで」「3/3〜3/5」「10/6から10/8まで」「11日から13日まで」
    re.compile(r"(?P<m1>[0-9]{1,2})\s?月\s?(?P<d1>[0-9]{1,2})\s?日?" + _DAY_PAREN + r"\s?(?:(?P<tilde>〜|-)|から)\s?(?:(?P<m2>[0-9]{1,2})\s?月\s?)?(?P<d2>[0-9]{1,2})\s?日" + _DAY_PAREN + r"(?P<made>\s?まで)?"),
    re.compile(r"(?<![0-9/])(?P<m1>[0-9]{1,2})/(?P<d1>[0-9]{1,2})" + _DAY_PAREN + r"\s?(?:(?P<tilde>〜|-)|から)\s?(?:(?P<m2>[0-9]{1,2})/)?(?P<d2>[0-9]{1,2})(?![0-9/])" + _DAY_PAREN + r"(?P<made>\s?日?\s?まで)?"),
    re.compile(r"(?<![0-9月/])(?P<d1>[0-9]{1,2})\s?日" + _DAY_PAREN + r"\s?(?:(?P<tilde>〜)|から)\s?(?P<d2>[0-9]{1,2})\s?日" + _DAY_PAREN + r"(?P<made>\s?まで)?"),
)


def find_date_range(text: str) -> tuple[int | None, int, int | None, int] | None:
    """(first month or None, first day, last month or None, last day) of a range of dates written
    as one (「3月3日〜3月5日」「11日から13日まで」); None without one."""
    s = normalize(text)
    for pattern in _DATE_RANGE_RES:
        m = pattern.search(s)
        if m is None or not (m["tilde"] or m["made"]):
            continue
        groups = m.groupdict()
        m1 = int(groups["m1"]) if groups.get("m1") else None
        m2 = int(groups["m2"]) if groups.get("m2") else m1
        return m1, int(m["d1"]), m2, int(m["d2"])
    return None


@functools.lru_cache(maxsize=1)
def _english_weekday_patterns() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    from knowledge.dates import lexicon  # knowledge.dates reads its words with this module

    names = {w: f"{_WEEKDAY_ORDER[n]}曜" for w, n in lexicon().weekdays.items() if w.isascii()}
    one = "(?:" + "|".join(names) + ")s?"
    run = re.compile(rf"\b(?:from\s+)?(?P<a>{one})\s*(?:to|through|thru|till|until|-|–|~)\s*(?P<b>{one})\b", re.IGNORECASE)
    return run, re.compile(rf"\b{one}\b", re.IGNORECASE), names


def english_weekdays_in_japanese(text: str) -> str:
    """"closed Monday to Wednesday" → 「closed 月曜から水曜まで」, "Thursday and Friday" → 「木曜 and 金曜」:
    English weekdays for the readers of closure days, which count 曜."""
    if not text.isascii() and not re.search(r"[A-Za-z]", text):
        return text
    run, one, names = _english_weekday_patterns()

    def ja(word: str) -> str:
        return names[word.lower().rstrip("s") if word.lower().rstrip("s") in names else word.lower()]

    text = run.sub(lambda m: f"{ja(m['a'])}から{ja(m['b'])}まで", text)
    text = one.sub(lambda m: ja(m[0]), text)
    return re.sub(rf"({_WD}曜)\s*(?:,\s*and|,|and|&)\s*(?={_WD}曜)", r"\1と", text)


# 「水・木と休診」「月・水・金は午前のみ」: weekdays written as one character each, joined by ・ (not 「28日、月曜」
# nor 「今日・明日」, whose characters are also weekdays').
_BARE_WEEKDAY_LIST_RE = re.compile(rf"(?<![0-9今昨明先来本当毎翌前後同]){_WD}(?:\s?・\s?{_WD})+(?![0-9曜])")


_WEEKEND_RE = re.compile(r"(?<![0-9])土日(?!曜)|週末|\bweekends?\b", re.IGNORECASE)


def weekdays_named(text: str) -> set[int]:
    """The weekdays (0 = Monday) named with 曜 in the text (「木曜で定休日」), as a list of single
    characters (「水・木」), or in English."""
    s = english_weekdays_in_japanese(normalize(text))
    named = {_WEEKDAY_ORDER.index(m[1]) for m in re.finditer(rf"({_WD})曜", s)}
    for listed in _BARE_WEEKDAY_LIST_RE.finditer(s):
        named |= {_WEEKDAY_ORDER.index(ch) for ch in listed[0] if ch in _WEEKDAY_ORDER}
    if _WEEKEND_RE.search(s):
        named |= {5, 6}  # 「土日はもともと休み」
    return named


def find_weekday_run(text: str) -> tuple[int, int] | None:
    """(first, last) weekday (0 = Monday) of a run of weekdays (「月曜から水曜まで」), or None."""
    run = _WEEKDAY_RANGE_RE.search(english_weekdays_in_japanese(normalize(text)))
    return (_WEEKDAY_ORDER.index(run["a"]), _WEEKDAY_ORDER.index(run["b"])) if run is not None else None


def find_date_range_days(text: str) -> int | None:
    """Days from the first to the last day of a range written as dates, both counted: 「3月3日〜3月5日」
    is 3 days, 「12/30〜1/2」 is 4; a list of dates (「1月5日と6日」) is as many days as it names.
    None when there is no range or list, or it cannot be a real one."""
    s = english_weekdays_in_japanese(normalize(text))
    listed = _DATE_LIST_RE.search(s)
    if listed is not None:
        return len(re.findall(r"[0-9]{1,2}\s?日", listed[0]))
    weekdays = _WEEKDAY_LIST_RE.search(s)
    if weekdays is not None:
        return len(re.split(r"\s?(?:と|、|,|・)\s?", weekdays[0]))  # 「月曜と火曜を休診」「月・火・水は休み」
    run = find_weekday_run(s)
    if run is not None:
        return (run[1] - run[0]) % 7 + 1
    found = find_date_range(s)
    if found is None:
        return None
    m1, d1, m2, d2 = found
    if m1 is None or m1 == m2:
        if d2 <= d1:
            return None  # 「10/6から1日」: no end later in the month
        m1 = m2 = m1 or 1
    try:
        start = _dt.date(2024, m1, d1)  # a leap year: 2/29 is a day staff may write
        end = _dt.date(2024 if (m2, d2) >= (m1, d1) else 2025, m2, d2)  # type: ignore[arg-type]
    except ValueError:
        return None
    days = (end - start).days + 1
    return days if 1 <= days <= 62 else None


# ---------------------------------------------------------------------------
# facility size
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Size:
    """A facility size: bed count for hospitals/clinics, capacity for care homes."""

    value: int
    unit: Literal["beds", "people"]


# ベット: the common typo of ベッド (the voiced ド typed as ト).
_BED_KEYWORDS = ("許可病床数", "病床数", "ベッド数", "ベット数", "床数", "病床", "ベッド", "ベット")
_PEOPLE_KEYWORDS = ("入所定員", "利用定員", "定員")
# 床 also written in kana, as typed without converting (「30しょう」「ｼｮｳ」).
_SIZE_SUFFIX = r"(?P<suf>床|ショウ|しょう|ベッド|ベット|人|名)"
# 「ベッド数は大体150くらい」: an approximation before the number does not hide it.
_ABOUT = r"(?:約|およそ|おおよそ|大体|だいたい|ざっと|概ね|おおむね|ほぼ)"
_SIZE_RE = re.compile(
    # keyword first: "ベッド数100", "病床数: 50", "定員は五十名", "入所定員30"
    rf"(?P<kw>{'|'.join(_BED_KEYWORDS + _PEOPLE_KEYWORDS)})"
    rf"\s?[:はが]?[、,]?\s?{_ABOUT}?\s?{_NUM_START}(?P<knum>{_COUNT_NUM})"
    rf"(?:\s?(?P<ksuf>床|ベッド|ベット|人|名)|(?![0-9{_KANJI_NUM_CHARS}万億円年月日時分歳才%.,\-割倍]))"
    # number first: "30床", "100ベッド", "50人", "100名"
    rf"|{_NUM_START}(?P<num>{_COUNT_NUM})\s?{_SIZE_SUFFIX}"
)


# English, as some staff write: "30 beds", "100-bed hospital", "capacity of 50 residents", "has 100 places".
_ENGLISH_SIZE_RE = re.compile(r"(?<![0-9])(?P<n>[0-9]{1,4})\s?-?\s?(?:(?:inpatient|in-patient|hospital|acute|ward|care|nursing|licensed|registered|resident|residential)\s)?(?P<unit>beds?|residents?|people|persons|places|spaces|slots)\b", re.IGNORECASE)


# Beds of several kinds make one hospital (「一般病床75と療養病床25で合計100」): its size is their total, said or not.
_BED_KINDS_RE = re.compile(r"(一般|療養|精神|結核|感染症|回復期(?:リハビリテーション)?|地域包括ケア|緩和ケア)(?:病床|病棟)?(?:数)?\s?(?:が|で|は|:)?\s?[0-9０-９一二三四五六七八九十百]")
_TOTAL_RE = re.compile(rf"(?:合計|総計|トータル|全部で|合わせて|あわせて|計)\s?[:はで]?\s?{_ABOUT}?\s?{_NUM_START}(?P<n>{_COUNT_NUM})"
                       r"\s?(?:床|ベッド|ベット)?(?![0-9%]|万|円)")


def find_size(text: str) -> Size | None:
    """First bed count or capacity mentioned in ``text`` (see find_sizes) — or, when beds of several kinds are
    counted (「一般病床75と療養病床25で合計100だった」), the hospital's total."""
    sizes = list(find_sizes(text))
    beds = [z for z in sizes if z.unit == "beds"]
    if len(beds) >= 2:
        s = normalize(text)
        total = _TOTAL_RE.search(s)
        if total is not None:
            try:
                return Size(value=parse_japanese_number(total.group("n")), unit="beds")
            except ValueError:
                pass
        if len(set(_BED_KINDS_RE.findall(s))) >= 2:
            return Size(value=sum(z.value for z in beds), unit="beds")
    return sizes[0] if sizes else None


def find_sizes(text: str) -> Iterator[Size]:
    """Bed counts and capacities mentioned in ``text``, in order.

    Beds: ``30床``, ``五十床``, ``100ベッド``, ``ベッド数100``, ``病床数50``.
    People: ``定員50人``, ``定員五十名``, ``入所定員30``, ``50人``, ``100名``.
    An explicit suffix decides the unit; otherwise the keyword does. Days
    (``1日``), plans (``H3``), money (``50万``, ``50万人``), dates and phone
    numbers are never sizes, nor are rates such as ``1名あたり``.
    """
    s = normalize(text)
    english = _ENGLISH_SIZE_RE.search(s)
    for m in _SIZE_RE.finditer(s):
        if english and english.start() < m.start():
            break
        num = m.group("knum") or m.group("num")
        suffix = m.group("ksuf") or m.group("suf")
        if suffix in ("人", "名"):
            after = s[m.end():].lstrip()
            if any(after.startswith(w) for w in _RATE_WORDS):
                continue
            if m.group("kw") is None and s[: m.start()].rstrip().endswith(_AFFECTED_PEOPLE):
                continue
        try:
            value = parse_japanese_number(num)
        except ValueError:
            continue
        if suffix is not None:
            unit: Literal["beds", "people"] = "beds" if suffix in ("床", "ショウ", "しょう", "ベッド", "ベット") else "people"
        else:
            unit = "people" if m.group("kw") in _PEOPLE_KEYWORDS else "beds"
        yield Size(value=value, unit=unit)
    if english:
        unit = "beds" if english.group("unit").lower().startswith("bed") else "people"
        yield Size(value=int(english.group("n")), unit=unit)


def facility_size_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` (normalized) says the facility's size as such — a keyword (「定員80人」「病床は120床」), beds by
    their suffix (「50床」) or in English ("a 60-bed hospital") — as (start, end). A bare 「80人」 is left out: it is
    as often the people a leak involves."""
    spans = [m.span() for m in _SIZE_RE.finditer(text) if m.group("kw") or (m.group("suf") or "") not in ("人", "名")]
    spans += [m.span() for m in _ENGLISH_SIZE_RE.finditer(text) if m.group("unit").lower().startswith(("bed", "resident"))]
    return sorted(spans)


# ---------------------------------------------------------------------------
# facility type
# ---------------------------------------------------------------------------

def find_facility(text: str) -> Facility | None:
    """Which kind of facility the user is talking about, if any.

    Dental wins whenever 歯科/歯医者/デンタル/dental appears (``歯科医院`` is not a
    generic clinic). Otherwise the leftmost mention wins, with the longest term
    at that point, so ``介護医療院`` is care_medical (never ``医院``) and
    ``有床診療所`` is a clinic even when a bed count follows. A mention directly
    negated (``病院ではなくクリニック``) is skipped.
    """
    from knowledge.facility_words import facility_words  # (it reads this module's fold)

    words, f = facility_words(), fold(text)
    if any(not words.negated(f, m.end()) for m in words.dental_re.finditer(f)):
        return "dental"
    for m in words.facility_re.finditer(f):
        if not words.negated(f, m.end()):
            return words.kind_of[m.group(0)]
    return None


def find_facilities(text: str) -> list[Facility]:
    """Every kind of facility the text names, in the order named, each once: 「100床の病院と無床の
    クリニック」 → hospital, clinic (「歯科医院」 is one dental clinic, not a dental clinic and a 医院)."""
    from knowledge.facility_words import facility_words

    words, f = facility_words(), fold(text)
    dental = [m for m in words.dental_re.finditer(f) if not words.negated(f, m.end())]
    named: list[tuple[int, Facility]] = [(m.start(), "dental") for m in dental]
    named += [(m.start(), words.kind_of[m.group(0)]) for m in words.facility_re.finditer(f)
              if not words.negated(f, m.end()) and not any(d.start() <= m.start() <= d.end() for d in dental)]
    return list(dict.fromkeys(kind for _, kind in sorted(named)))  # type: ignore[misc]


# ---------------------------------------------------------------------------
# plan names
# ---------------------------------------------------------------------------

_PLAN_RE = re.compile(
    # Not inside a word ("with 2 days"), except right after "vs" (「H1vsH2」).
    rf"(?:(?<![A-Za-z0-9])|(?<=vs)|(?<=VS))(?:[Hh]|エイチ|えいち)\s?{_HYPHEN_CLASS}?\s?"
    # "H30年" / "H3.4.1" / "H31/4" are Heisei dates, not plans.
    r"(?P<n>[0-9]{1,2})(?![0-9])(?!\s?年)(?![./][0-9])"
)


def _plan_numbers(text: str) -> list[int]:
    return [int(m.group("n")) for m in _PLAN_RE.finditer(normalize(text))]


def plans_named(normalized: str) -> list[tuple[int, str]]:
    """(position, "H1"..."H7") of every valid plan named in an already normalised text, in order
    ("with 2 days" names none: the H must stand alone)."""
    return [(m.start(), f"H{int(m['n'])}") for m in _PLAN_RE.finditer(normalized) if 1 <= int(m["n"]) <= 7]


def find_plan(text: str) -> str | None:
    """First valid plan name ``"H1"``..``"H7"`` (from ``H3``, ``ｈ３``, ``h-3``, ``H 3``, ``エイチ3``).

    Plans outside H1–H7 give ``None`` here; see :func:`find_invalid_plan`.
    """
    for n in _plan_numbers(text):
        if 1 <= n <= 7:
            return f"H{n}"
    return None


def find_invalid_plan(text: str) -> str | None:
    """First plan-looking name outside H1–H7 (``"H9"``), so the bot can say it doesn't exist."""
    for n in _plan_numbers(text):
        if not 1 <= n <= 7:
            return f"H{n}"
    return None


# ---------------------------------------------------------------------------
# event dates
# ---------------------------------------------------------------------------

_YEAR_RE = re.compile(r"(?P<y>20[0-9]{2})\s?年")
_REIWA_RE = re.compile(r"令和\s?(?P<r>元|[0-9]{1,2})\s?年(?:\s?(?P<m>1[0-2]|0?[1-9])\s?月)?(?:\s?(?P<d>3[01]|[12][0-9]|0?[1-9])\s?日)?")


def find_date(text: str, today: _dt.date) -> _dt.date | None:
    """The date an event happened, as staff write it, resolved against ``today``; None when no
    date is written or the one written cannot be read with confidence (see knowledge.dates)."""
    from knowledge.dates import read_date  # dates builds on this module's normaliser

    reading = read_date(text, today)
    return reading.date if reading else None


def find_year(text: str) -> int | None:
    """A bare year (``2021年``, ``令和3年``) for callers that can decide on the year alone."""
    s = normalize(text)
    m = _REIWA_RE.search(s)
    if m:
        return 2018 + (1 if m["r"] == "元" else int(m["r"]))
    m = _YEAR_RE.search(s)
    return int(m["y"]) if m else None
