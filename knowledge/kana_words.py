"""Words typed in kana alone read as the words they spell (「しんりょうを やすみました」 → 診療を 休みました).

Staff on a phone, or a writer who leaves the IME off, send whole messages in hiragana (「せんしゅうの
もくようびに ういるすに やられて、きんようびだけ しんりょうを やすみました」). Every other reader of a
message (the closure reader, the payment's kind, the word lists) knows 金曜日 and 診療, not きんようび;
the word lists fold katakana to hiragana, but no list can spell every kanji word in kana too. This is
the one place that reads kana words: a curated list of the words of the bot's jobs and of staff's
stories (knowledge/lexicon/kana_words.yaml), each read by SudachiPy's dictionary. (A table of every
noun of the pamphlet was tried: it read kana runs into words nobody meant and lost cases.)

Only a message with no kanji at all is read (one with kanji was typed with the IME on: its kana are
kana on purpose), and a word only where a word starts (the start, after a space or a punctuation mark,
right after a word read, or after its particle) and where a word can end (see _ends_a_word): so
「しかいいんでも」 holds no 会員 and 「こういう」 no 行為. Rulings and the pamphlet search still read the
message as typed (handlers.context.Context.typed).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictStr

from knowledge.text import kata_to_hira
from knowledge.vocab import LEXICON_DIR, DataError, load_model

PATH = LEXICON_DIR / "kana_words.yaml"
MIN_READING = 3  # two kana (いし, かい) spell too many words to be read as one
MAX_READING = 12
_HIRAGANA = re.compile(r"[ぁ-ゖー]+")
_KANJI = re.compile(r"[\u3400-\u9fff々]")
# What may follow a word read before the next word starts (「きんようびだけ しんりょうを」 written
# without spaces): the particles, longest first.
PARTICLES = ("から", "まで", "だけ", "より", "って", "には", "では", "とか", "の", "は", "が", "を", "に", "で",
             "と", "も", "へ")
# A word read ends where a word can end: before a boundary, a particle, the copula (です, だ, じゃ), or
# する (「しんさつ してます」「でんわして」); a word that ends in kana (休み) also before ます, て and た
# (「やすみました」). Anything else means the kana run spells a longer word (「こういう」 is no 行為,
# 「きょうから」 no 強化, 「いっていません」 no 一定).
_COPULA = ("です", "でし", "だ", "じゃ", "して", "しま", "した", "しな", "する", "すれ", "され", "させ")
_AFTER_KANA_ENDING = ("ま", "て", "た")
_BOUNDARY = re.compile(r"[\s、。，．,.!?！？「」『』（）()・/…〜ー]")


class KanaWordsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: Literal[1]
    words: list[StrictStr] = Field(min_length=1)
    keep: list[StrictStr] = []
    # Spellings no dictionary reads (the plan names: えいちに → H2), as written.
    spelled: dict[StrictStr, StrictStr] = {}
    # Counters after a number (「2にち」「30にん」), as written: read only right after a digit.
    counters: dict[StrictStr, StrictStr] = {}


# A number spelled in kana (「ひゃくにん」「ごじゅっしょう」「にせんさんびゃく」): its digits, as the number readers
# know them. Only right before a counter (the particle に is not 2) and only at a word start.
# (not しち: 「しちけん」 is 質権 as often as 7件)
_DIGITS = {"いち": 1, "いっ": 1, "に": 2, "さん": 3, "よん": 4, "ご": 5, "ろく": 6, "ろっ": 6, "なな": 7,
           "はち": 8, "はっ": 8, "きゅう": 9}
_D = "|".join(sorted(_DIGITS, key=len, reverse=True))
_KANA_NUMBER = re.compile(
    rf"(?:(?P<d1000>{_D})?(?P<p1000>せん|ぜん))?(?:(?P<d100>{_D})?(?P<p100>ひゃく|びゃく|ぴゃく))?"
    rf"(?:(?P<d10>{_D})?(?P<p10>じゅう|じゅっ|じっ))?(?P<d1>{_D})?")


# The same number typed with its digits in figures and its places in kana (「1まん5せんにん」「2ひゃく50にん」),
# as a phone's kana keyboard offers figures at hand: read only when a place is said in kana.
_MIXED_NUMBER = re.compile(
    r"(?:(?P<d10000>[0-9]{1,4})(?P<p10000>まん))?(?:(?P<d1000>[0-9])(?P<p1000>せん|ぜん))?"
    r"(?:(?P<d100>[0-9])(?P<p100>ひゃく|びゃく|ぴゃく))?(?:(?P<d10>[0-9])(?P<p10>じゅう|じゅっ|じっ))?(?P<d1>[0-9]{1,3})?")


def _mixed_number_value(match: re.Match[str]) -> int | None:
    """「1まん5せん」 → 15000; None unless a place below 10000 is said in kana (「1まん」 alone is the
    counter まん, read as 万 by the counters)."""
    if not any(match[f"p{place}"] for place in (1000, 100, 10)):
        return None
    value = sum(place * int(match[f"d{place}"]) for place in (10000, 1000, 100, 10) if match[f"p{place}"])
    return value + (int(match["d1"]) if match["d1"] else 0)


def _kana_number_value(match: re.Match[str]) -> int:
    """「にせんさんびゃくごじゅう」 → 2350: each place said, times its digit (1 when none is said)."""
    value = sum(place * (_DIGITS[match[f"d{place}"]] if match[f"d{place}"] else 1)
                for place in (1000, 100, 10) if match[f"p{place}"])
    return value + (_DIGITS[match["d1"]] if match["d1"] else 0)


# What may follow a counter besides a particle (「さんびゃくにんぶん」「ふたりずつ」「みっかくらい」「にかいめ」);
# anything else means the kana spell another word (「ごめいわく」 is no 5名).
_AFTER_COUNTER = ("ぶん", "ずつ", "くらい", "ぐらい", "ほど", "いじょう", "いない", "まえ", "め")


class KanaWords:
    def __init__(self, readings: dict[str, str], counters: dict[str, str] | None = None, keep: tuple[str, ...] = ()) -> None:
        self.readings = readings
        self.counters = counters or {}
        self.keep = keep
        # Longest first: 「3にちかん」 is 3日間, not 3日 and かん.
        alternatives = "|".join(sorted(map(re.escape, self.counters), key=len, reverse=True))
        self._counter = re.compile(rf"(?<=[0-9])\s?({alternatives})(?![ぁぃぅぇぉゃゅょ])") if self.counters else None
        self._counter_words = tuple(sorted(self.counters, key=len, reverse=True))

    def _numbers(self, text: str) -> str:
        """Numbers spelled in kana before a counter, as digits (「ていいんは ひゃくにん」 → 100にん)."""
        out: list[str] = []
        i = 0
        while i < len(text):
            # A word start: the start, a boundary, a character that is neither kana nor a digit (「2じゅうまん」 is
            # the writer's own mix, left as typed), or a particle.
            before = text[i - 1] if i else ""
            at_start = not before or bool(_BOUNDARY.match(before)) or not ("ぁ" <= before <= "ゖ" or before.isdigit()) \
                or any(text.startswith(p, i - len(p)) for p in PARTICLES if i >= len(p))
            kept = next((k for k in self.keep if text.startswith(k, i)), None)
            if kept is not None:  # 「いっしゅうかんまえ」: the dates reader knows it in kana
                out.append(kept)
                i += len(kept)
                continue
            mixed = _MIXED_NUMBER.match(text, i) if text[i].isdigit() and not before.isdigit() else None
            if mixed and (value := _mixed_number_value(mixed)) is not None and (
                    counter := next((c for c in self._counter_words if text.startswith(c, mixed.end())), None)) is not None \
                    and (_ends_a_word(text, mixed.end() + len(counter), "\u4eba")
                         or text.startswith(_AFTER_COUNTER, mixed.end() + len(counter))):
                out.append(str(value))
                i = mixed.end()
                continue
            match = _KANA_NUMBER.match(text, i) if at_start and "ぁ" <= text[i] <= "ゖ" else None
            if match and match.group(0):
                value = _kana_number_value(match)
                # The last digit may be the counter's first kana (「ひゃくにん」: ひゃく + にん, not ひゃくに + ん).
                ends = [(match.end(), value)]
                if match["d1"] and match.start("d1") > match.start():
                    ends.append((match.start("d1"), value - _DIGITS[match["d1"]]))
                found = next(((end, number) for end, number in ends
                              if (counter := next((c for c in self._counter_words if text.startswith(c, end)), None)) is not None
                              and (_ends_a_word(text, end + len(counter), "\u4eba")
                                   or text.startswith(_AFTER_COUNTER, end + len(counter)))), None)
                if found is not None:
                    out.append(str(found[1]))
                    i = found[0]
                    continue
            out.append(text[i])
            i += 1
        return "".join(out)

    def read(self, text: str) -> str:
        """``text`` with each kana word at a word start written as the word it spells, and each
        counter after a number as its kanji (「2にち」 → 2日)."""
        if not _HIRAGANA.search(text) or _KANJI.search(text):
            # A message with a kanji in it was typed with the IME on: its kana are kana on purpose.
            return text
        if self._counter is not None:
            text = self._counter.sub(lambda m: self.counters[m.group(1)], self._numbers(text))
        if not self.readings:
            return text
        out: list[str] = []
        i, n = 0, len(text)
        may_start = True  # at the start, after a boundary, or after a word read (and its particle)
        while i < n:
            if may_start and "ぁ" <= text[i] <= "ゖ":
                word = self._longest(text, i)
                if word is not None:
                    reading, written = word
                    out.append(written)
                    i += len(reading)
                    # (a word that follows at once is read before a particle: 「ぶそう|はんらん」, not ぶそう|は)
                    particle = "" if self._longest(text, i) is not None else next(
                        (p for p in PARTICLES if text.startswith(p, i)), "")
                    out.append(particle)
                    i += len(particle)
                    continue
            ch = text[i]
            out.append(ch)
            i += 1
            may_start = bool(_BOUNDARY.match(ch))
        return "".join(out)

    def _longest(self, text: str, i: int, depth: int = 0) -> tuple[str, str] | None:
        run = _HIRAGANA.match(text, i)
        if run is None:
            return None
        span = run.group(0)
        for length in range(min(len(span), MAX_READING), MIN_READING - 1, -1):
            written = self.readings.get(span[:length])
            if written is not None and (_ends_a_word(text, i + length, written)
                                        or (depth < 3 and self._longest(text, i + length, depth + 1) is not None)):
                # (or another listed word follows at once: 「こじんじょうほう|ろうえい」 is 個人情報漏えい)
                return span[:length], written
        return None


def _ends_a_word(text: str, end: int, written: str) -> bool:
    if end >= len(text) or _BOUNDARY.match(text, end) or not ("ぁ" <= text[end] <= "ゖ"):
        return True
    rest = text[end:]
    return rest.startswith(PARTICLES + _COPULA) or ("ぁ" <= written[-1:] <= "ゖ" and rest.startswith(_AFTER_KANA_ENDING))


def _reading_table(raw: KanaWordsFile, path: Path) -> dict[str, str]:
    from knowledge.lexical import thread_tokenizer

    tokenizer = thread_tokenizer("C")
    table: dict[str, str] = {}
    for word in raw.words:
        reading = kata_to_hira("".join(m.reading_form() for m in tokenizer.tokenize(word)))
        if not (MIN_READING <= len(reading) <= MAX_READING and _HIRAGANA.fullmatch(reading)):
            raise DataError(f"{path}: {word}: read as {reading!r}, not {MIN_READING}–{MAX_READING} kana")
        if reading in raw.keep:
            raise DataError(f"{path}: {word} is read {reading}, which the file keeps in kana")
        if table.get(reading, word) != word:
            raise DataError(f"{path}: {word} and {table[reading]} are both read {reading}")
        table[reading] = word
    for spelling, word in raw.spelled.items():
        table[spelling] = word
    return table


@lru_cache(maxsize=1)
def get_kana_words(path: Path = PATH) -> KanaWords:
    raw = load_model(path, KanaWordsFile)
    return KanaWords(_reading_table(raw, path), raw.counters, tuple(raw.keep))


def read_kana_words(text: str) -> str:
    if not _HIRAGANA.search(text) or _KANJI.search(text):
        return text  # (checked first: most messages never load the table and the dictionary behind it)
    return get_kana_words().read(text)
