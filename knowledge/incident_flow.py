"""The first steps and triage questions of an incident, loaded from knowledge/first_steps.yaml."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from knowledge.models import FactsError

PATH = Path(__file__).with_name("first_steps.yaml")
SLOTS = ("kind", "patient_data", "care_stopped", "found_at", "who_knows")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FirstStep(_Strict):
    id: str
    text: str
    sources: list[str] = Field(min_length=1)
    basis: str


class Choice(_Strict):
    label: str = Field(max_length=20)
    value: str


class TriageQuestion(_Strict):
    slot: str
    question: str
    quick_replies: list[Choice] = Field(max_length=13)


class IncidentFlow(_Strict):
    first_steps: list[FirstStep] = Field(min_length=1)
    triage: list[TriageQuestion]
    kind_labels: dict[str, str]
    leak_kinds: list[str]
    either_kinds: list[str]

    @model_validator(mode="after")
    def _complete(self) -> IncidentFlow:
        if tuple(q.slot for q in self.triage) != SLOTS:
            raise ValueError(f"triage must ask {SLOTS} in that order")
        for kind in [*self.leak_kinds, *self.either_kinds]:
            if kind not in self.kind_labels:
                raise ValueError(f"unknown kind {kind!r}")
        return self

    def question(self, slot: str) -> TriageQuestion:
        return next(q for q in self.triage if q.slot == slot)

    def kind_label(self, kind: str | None) -> str:
        return self.kind_labels.get(kind or "other", self.kind_labels["other"])


@lru_cache(maxsize=1)
def get_incident_flow() -> IncidentFlow:
    try:
        return IncidentFlow.model_validate(yaml.safe_load(PATH.read_text(encoding="utf-8")))
    except Exception as exc:  # a broken file must stop the bot with its name, not mid-emergency
        raise FactsError(f"{PATH.name}: {exc}") from exc
