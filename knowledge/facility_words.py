"""The words that name a kind of facility (knowledge/lexicon/facilities.yaml), validated and folded once.

knowledge.text stays standard-library only and fast to import; it asks this module for the words the
first time a message names a facility.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from knowledge.text import Facility, fold

PATH = Path(__file__).parent / "lexicon" / "facilities.yaml"
Words = list[str]


class FacilityWordsError(ValueError):
    pass


class FacilityWords(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: Literal[1]
    kinds: dict[Literal["clinic", "hospital", "care", "care_medical"], Words] = Field(min_length=4)
    dental: Words = Field(min_length=1)
    negations: Words = Field(min_length=1)

    @model_validator(mode="after")
    def _one_kind_per_term(self) -> FacilityWords:
        seen: dict[str, str] = {}
        for kind, terms in [*self.kinds.items(), ("dental", self.dental)]:
            if not terms:
                raise ValueError(f"kinds.{kind}: no words")
            for term in terms:
                key = fold(term)
                if not key:
                    raise ValueError(f"{kind}: an empty word")
                if key in seen and seen[key] != kind:
                    raise ValueError(f"{term!r} names both {seen[key]} and {kind}")
                seen[key] = kind
        return self


class FacilityMatcher:
    """The folded words as regular expressions, longest first at one place."""

    def __init__(self, words: FacilityWords) -> None:
        self.kind_of: dict[str, Facility] = {fold(t): kind for kind, terms in words.kinds.items() for t in terms}
        self.facility_re = _alternation(self.kind_of)
        self.dental_re = _alternation(fold(t) for t in words.dental)
        self.negations = tuple(fold(t) for t in words.negations)

    def negated(self, folded: str, end: int) -> bool:
        return folded.startswith(self.negations, end)


def _alternation(terms: Iterable[str]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(t) for t in sorted(set(terms), key=len, reverse=True)))


def load_facility_words(path: Path = PATH) -> FacilityMatcher:
    try:
        return FacilityMatcher(FacilityWords.model_validate(yaml.safe_load(path.read_text(encoding="utf-8"))))
    except (ValidationError, yaml.YAMLError, OSError) as exc:
        raise FacilityWordsError(f"{path.name}: {exc}") from exc


@lru_cache(maxsize=1)
def facility_words() -> FacilityMatcher:
    return load_facility_words()
