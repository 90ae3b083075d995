"""What kind of statement answers a question: a fax number, a URL, a time, an amount …

Data in knowledge/lexicon/answer_types.yaml. Coverage answers use it to prefer, and to add
when missing, the chunk that holds the asked-for kind of statement — a contact card's number
rather than the sentence that merely names the contact.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

from knowledge.text import normalize

PATH = Path(__file__).parent / "lexicon" / "answer_types.yaml"


class AnswerType(BaseModel):
    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    name: str
    question: re.Pattern[str]
    answer: re.Pattern[str]


@lru_cache(maxsize=1)
def answer_types() -> tuple[AnswerType, ...]:
    data = yaml.safe_load(PATH.read_text(encoding="utf-8"))
    try:
        return tuple(
            AnswerType(name=name, question=re.compile(spec["question"], re.IGNORECASE),
                       answer=re.compile(spec["answer"], re.IGNORECASE))
            for name, spec in data["types"].items()
        )
    except (KeyError, TypeError, re.error) as exc:
        raise ValueError(f"{PATH.name}: bad answer type ({exc})") from exc


def wanted(question: str) -> tuple[AnswerType, ...]:
    """The kinds of statement the question asks for (often none)."""
    text = normalize(question)
    return tuple(t for t in answer_types() if t.question.search(text))


def holds(text: str, types: tuple[AnswerType, ...]) -> bool:
    """Whether the text holds one of the kinds asked for."""
    normalized = normalize(text)
    return any(t.answer.search(normalized) for t in types)
