"""Example messages per intent, the learned layer's training data (knowledge/lexicon/intents/*.yaml).

Rasa-style: each file lists messages the way staff write them, labelled with the intent and, for
incident reports, the kind of incident. Messages that *mention* an incident without reporting one
(a hypothetical, the news, a drill mail, a past event asked about) are marked ``decoy`` so that the
learned layer is taught to tell a report from a question about one.

The frozen held-out set (tests/data/heldout/) is never copied here: new failures become new,
differently worded examples.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, field_validator

from knowledge.vocab import LEXICON_DIR, DataError, Word, load_model

EXAMPLES_DIR = LEXICON_DIR / "intents"

IntentName = Literal["quote", "coverage", "incident", "subsidy", "greeting", "help", "out_of_scope"]
IncidentKind = Literal[
    "ransomware", "malware", "unauthorized_access", "misdelivery", "lost_device", "spoofing", "insider",
    "website_tampering", "outage", "other",
]


class Example(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    text: Word
    intent: IntentName = "incident"
    kind: IncidentKind | None = None
    decoy: StrictBool = False

    @field_validator("kind")
    @classmethod
    def _kind_only_for_incidents(cls, kind: str | None, info) -> str | None:  # type: ignore[no-untyped-def]
        if kind is not None and info.data.get("intent", "incident") != "incident":
            raise ValueError("only an incident report has a kind")
        return kind


class ExampleFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    examples: list[Example] = Field(min_length=1)


@functools.lru_cache(maxsize=4)
def load_examples(directory: Path = EXAMPLES_DIR) -> tuple[Example, ...]:
    """Every example of every file, in file order; a text labelled twice differently is refused."""
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise DataError(f"{directory}: no example files")
    seen: dict[str, tuple[Path, Example]] = {}
    out: list[Example] = []
    for path in files:
        for example in load_model(path, ExampleFile).examples:
            earlier = seen.get(example.text)
            if earlier is not None:
                if earlier[1].intent != example.intent:
                    raise DataError(f"{path}: {example.text!r} is labelled {example.intent}, "
                                    f"but {earlier[0].name} says {earlier[1].intent}")
                continue
            seen[example.text] = (path, example)
            out.append(example)
    return tuple(out)
