"""Drafts of what a clinic tells its patients during an incident (knowledge/patient_notices.yaml)."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from knowledge.incident_flow import get_incident_flow
from knowledge.vocab import DataError, load_model

PATH = Path(__file__).with_name("patient_notices.yaml")
FIELDS = {"noticed", "what"}
# A draft states no number of its own (no phone, no amount): a digit outside a 【placeholder】 is refused.
_DIGIT_OUTSIDE_PLACEHOLDERS = re.compile(r"[0-9０-９](?![^【]*】)")


class Notice(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    groups: list[str] = Field(min_length=1)
    to: Literal["patients", "recipients"] = "patients"  # whom it is for: the patients, or those a misdelivery reached
    title: str
    text: str

    @model_validator(mode="after")
    def _fields_known(self) -> Notice:
        used = set(re.findall(r"\{(\w+)\}", self.text))
        if used - FIELDS:
            raise ValueError(f"{self.id}: unknown fields {sorted(used - FIELDS)} (known: {sorted(FIELDS)})")
        if _DIGIT_OUTSIDE_PLACEHOLDERS.search(self.text):
            raise ValueError(f"{self.id}: a draft states no number of its own; put it in a 【placeholder】")
        return self


class PatientNotices(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    notices: list[Notice] = Field(min_length=1)

    def for_group(self, group: str, to: str = "patients") -> Notice | None:
        return next((n for n in self.notices if group in n.groups and n.to == to), None)


@functools.lru_cache(maxsize=1)
def patient_notices(path: Path = PATH) -> PatientNotices:
    notices = load_model(path, PatientNotices)
    groups = set(get_incident_flow().groups)
    seen: dict[tuple[str, str], str] = {}
    for notice in notices.notices:
        for group in notice.groups:
            if group not in groups:
                raise DataError(f"{path}: {notice.id}: unknown group {group!r} (knowledge/first_steps.yaml groups)")
            if (group, notice.to) in seen:
                raise DataError(f"{path}: group {group!r} for {notice.to} is in {seen[group, notice.to]!r} and {notice.id!r}")
            seen[group, notice.to] = notice.id
    return notices
