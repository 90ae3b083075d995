"""The reports an incident owes and their deadlines, from knowledge/reports.yaml.

Deadlines are counted from the day the incident was noticed; a report whose deadline comes from
the law or a guideline names that source (knowledge/outside_sources.yaml) so the answer can mark
it as information from outside the pamphlet."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from knowledge.outside_sources import outside_sources
from knowledge.pamphlet import section_ids
from knowledge.vocab import load_model

PATH = Path(__file__).with_name("reports.yaml")


class Report(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    to: str
    what: str
    when: str
    days: int | None = Field(default=None, gt=0)
    wrongful_days: int | None = Field(default=None, gt=0)
    applies: Literal["always", "patient_data", "cyber_payment"]
    sources: list[str] = Field(min_length=1)
    outside: list[str] = []
    # Why it is owed, when the threshold matters (a patient's medical data: even one person's), from the
    # same sources.
    basis: str = ""
    # Why it is owed when no patient's data is involved, only others' (a staff list), and the leak may
    # come of a wrongful act (施行規則 第7条第3号).
    wrongful_basis: str = ""

    def due(self, noticed: dt.date, wrongful: bool) -> dt.date | None:
        days = self.wrongful_days if wrongful and self.wrongful_days else self.days
        return noticed + dt.timedelta(days=days) if days else None


class Reports(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    wrongful_kinds: list[str]
    reports: list[Report] = Field(min_length=1)

    @model_validator(mode="after")
    def _sources_exist(self) -> Reports:
        known = outside_sources().sources
        for report in self.reports:
            for section in report.sources:
                if section not in section_ids():
                    raise ValueError(f"{report.id}: unknown pamphlet section {section!r}")
            for source in report.outside:
                if source not in known:
                    raise ValueError(f"{report.id}: unknown outside source {source!r}")
        return self

    def owed(self, patient_data: bool, cyber: bool) -> list[Report]:
        return [r for r in self.reports if r.applies == "always" or (r.applies == "patient_data" and patient_data)
                or (r.applies == "cyber_payment" and cyber)]


@lru_cache(maxsize=1)
def get_reports() -> Reports:
    return load_model(PATH, Reports)
