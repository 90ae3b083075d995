"""Mis-converted words (保検, 清求, 対称外) replaced by the word meant, before anything reads a message.

A phone's IME offers the wrong kanji for the right reading; a message asking 「保検で出る？」 was
read as no question about the insurance at all (it got the help text). The table is data
(knowledge/lexicon/typos.yaml), validated at load.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, StrictStr, model_validator

from knowledge.kana_words import read_kana_words
from knowledge.text import normalize
from knowledge.vocab import LEXICON_DIR, load_model

PATH = LEXICON_DIR / "typos.yaml"


class TypoFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: Literal[1]
    corrections: dict[StrictStr, StrictStr]

    @model_validator(mode="after")
    def _applies_once(self) -> "TypoFile":
        for wrong, right in self.corrections.items():
            if not wrong.strip() or not right.strip():
                raise ValueError(f"{wrong!r}: an empty word")
            for other_wrong, other in self.corrections.items():
                # A typo inside a correction, or one that a correction's end and the text after it
                # could spell (a typo 険検 in 保険 + 検…), would be changed again on a second reading.
                if wrong in other or any(wrong.startswith(other[i:]) for i in range(1, len(other))):
                    raise ValueError(f"{wrong}: the correction {other_wrong} → {other} can make it again")
        return self


class Typos:
    def __init__(self, corrections: dict[str, str]) -> None:
        self.corrections = corrections
        # Longest first, where a word can start: after a kanji the letters may belong to another
        # word (確保|検証 holds 保検).
        alternatives = sorted(corrections, key=len, reverse=True)
        self._pattern = re.compile("(?<![\u3400-\u9fff々])(?:" + "|".join(map(re.escape, alternatives)) + ")") \
            if alternatives else None

    def correct(self, text: str) -> str:
        if self._pattern is None:
            return text
        return self._pattern.sub(lambda m: self.corrections[m.group(0)], text)


@lru_cache(maxsize=1)
def get_typos(path: Path = PATH) -> Typos:
    return Typos(dict(load_model(path, TypoFile).corrections))


def read_message(text: str) -> str:
    """A user's message as every reader of it gets it: normalised, mis-conversions corrected, and
    words of a message typed in kana alone read as the words they spell (knowledge.kana_words)."""
    return read_kana_words(read_as_typed(text))


def read_as_typed(text: str) -> str:
    """The message normalised and its mis-conversions corrected, its kana left as typed: what the
    pamphlet is searched with (handlers.coverage)."""
    return correct_typos(normalize(text))


def correct_typos(text: str) -> str:
    """``text`` with every listed mis-conversion replaced (positions may shift: for reading, not display of offsets)."""
    return get_typos().correct(text)
