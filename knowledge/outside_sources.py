"""Sources outside the pamphlet (laws, guidelines), loaded from knowledge/outside_sources.yaml.

The pamphlet is the source of every fact about the insurance; a step or deadline that rests on a
law or a regulator's guideline names it from here, so the user can tell the two apart."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from knowledge.vocab import load_model

PATH = Path(__file__).with_name("outside_sources.yaml")


class OutsideSource(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(min_length=4)
    publisher: str
    url: str = Field(pattern=r"^https://")


class OutsideFact(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    value: int
    source: str


class OutsideSources(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    sources: dict[str, OutsideSource] = Field(min_length=1)
    facts: dict[str, OutsideFact] = {}

    @model_validator(mode="after")
    def _facts_name_their_sources(self) -> "OutsideSources":
        for name, fact in self.facts.items():
            if fact.source not in self.sources:
                raise ValueError(f"facts.{name}: unknown source {fact.source!r}")
        return self

    def fact(self, name: str) -> OutsideFact:
        return self.facts[name]

    def line(self, ids: list[str]) -> str:
        """「パンフレット外の情報：…」 for the sources a reply used, each once."""
        titles = list(dict.fromkeys(self.sources[i].title for i in ids))
        return "パンフレット外の情報：" + "／".join(titles) if titles else ""


@lru_cache(maxsize=1)
def outside_sources() -> OutsideSources:
    return load_model(PATH, OutsideSources)
