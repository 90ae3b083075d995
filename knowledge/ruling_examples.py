"""Which ruling a question asks about when it names none of the ruling's words: the nearest of the
example questions in knowledge/lexicon/ruling_examples.yaml, by e5 query vectors.

The vectors are a build product, written beside the pamphlet index by ``clinic-bot index build``
(knowledge/index.py), never computed inside a user's request. Without them nothing is decided here.

Thresholds, chosen by leave-one-set-out cross-validation on the three sets of ruled questions (each
set judged against the vectors of the other two and of the retrieval questions, through the ruling
gate as the engine runs it, Japanese questions only): ruled verdicts right 214 → 220 of 302, wrong
verdicts 2 → 2 (nearest example, τ=0.86, margin 0.02; margin 0.015 gave 226 right but 3 wrong). On the blind fourth set
(tests/data/rulings_heldout4, never an example), through the whole engine: see its README. A question is
given a ruling only when its nearest example is close (τ) and clearly closer than any example of
another ruling or of none (margin).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from knowledge.rulings import get_rulings
from knowledge.vocab import load_model

PATH = Path(__file__).with_name("lexicon") / "ruling_examples.yaml"
MIN_SIMILARITY = 0.86
MIN_MARGIN = 0.02


class Example(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    ruling: str | None  # None: a question about cover that no ruling answers (retrieval's job)
    text: str = Field(min_length=4)


class Examples(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    examples: list[Example] = Field(min_length=1)

    @model_validator(mode="after")
    def _known_rulings(self) -> Examples:
        known = {r.id for r in get_rulings().rulings}
        unknown = sorted({e.ruling for e in self.examples if e.ruling is not None and e.ruling not in known})
        if unknown:
            raise ValueError(f"examples name rulings that knowledge/rulings.yaml does not hold: {unknown}")
        return self


@lru_cache(maxsize=1)
def get_examples() -> Examples:
    return load_model(PATH, Examples)


def examples_digest() -> str:
    """Changes whenever an example changes: part of the index manifest, so the vectors are rebuilt."""
    return hashlib.sha256(PATH.read_bytes()).hexdigest()


def nearest_ruling(similarities: Any) -> str | None:
    """The ruling id of the nearest example (similarities: one per example, in file order), or None
    when that example names no ruling, is not close enough, or an example of another label (another
    ruling, or none) is nearly as close."""
    import numpy as np

    labels = [e.ruling for e in get_examples().examples]
    if len(labels) != len(similarities):
        return None  # vectors of another version of the examples: the index needs a rebuild
    nearest = int(np.argmax(similarities))
    best, similarity = labels[nearest], float(similarities[nearest])
    rival = max((float(s) for s, label in zip(similarities, labels) if label != best), default=0.0)
    if best is None or similarity < MIN_SIMILARITY or similarity - rival < MIN_MARGIN:
        return None
    return best
