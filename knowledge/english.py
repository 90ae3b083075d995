"""English texts for the answers that must be understood at once (knowledge/english.yaml)."""

from __future__ import annotations

import functools
from pathlib import Path

from pydantic import BaseModel, ConfigDict, model_validator

from knowledge.incident_flow import get_incident_flow
from knowledge.models import get_facts
from knowledge.reports import get_reports
from knowledge.vocab import DataError, Word, load_model

PATH = Path(__file__).with_name("english.yaml")
TEXT_KEYS = ("call_now", "night_service", "other_open", "other_closed", "office_hours", "first_steps", "japanese_follows", "lead", "other_insurance",
             "hello", "help", "other_language", "handoff", "next_question", "confirm_false_alarm", "summary_lead",
             "reports_lead", "reports_unknown", "reports_due", "outside_pamphlet", "outside_sources",
             "verdict_covered", "verdict_excluded", "verdict_cannot", "verdict_rule", "verdict_not_stated")


SUMMARY_KEYS = ("what", "patient_data", "care", "happened", "last_seen", "noticed", "told", "notified", "unset", "yes", "no", "unknown", "people",
                "care_yes", "care_no", "days", "nobody", "no_body", "month_only", "not_yet",
                # the written notice's own items, with their 「なし」
                "insured", "address", "place", "witnesses", "claim", "other_insurance", "claim_none", "other_insurance_none")


class ReportEn(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    to: Word
    what: Word
    when: Word
    basis: str = ""
    wrongful_basis: str = ""


class English(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    contacts: dict[str, Word]
    first_steps: dict[str, Word]
    triage: dict[str, Word]
    reports: dict[str, ReportEn]
    kinds: dict[str, Word]
    parties: dict[str, Word]
    summary: dict[str, Word]
    texts: dict[str, Word]

    @model_validator(mode="after")
    def _complete(self) -> English:
        missing = sorted(set(TEXT_KEYS) - set(self.texts))
        unknown = sorted(set(self.texts) - set(TEXT_KEYS))
        if missing or unknown:
            raise ValueError(f"texts: missing {missing}, unknown {unknown}")
        return self

    def contact(self, contact_id: str) -> str:
        return self.contacts.get(contact_id) or get_facts().contact(contact_id).name


@functools.lru_cache(maxsize=1)
def get_english(path: Path = PATH) -> English:
    english = load_model(path, English)
    steps = {s.id for s in get_incident_flow().steps}
    if set(english.first_steps) != steps:
        raise DataError(f"{path}: first_steps must translate exactly {sorted(steps)}, has {sorted(english.first_steps)}")
    slots = {q.slot for q in get_incident_flow().triage}
    if set(english.triage) != slots:
        raise DataError(f"{path}: triage must translate exactly the questions {sorted(slots)}, has {sorted(english.triage)}")
    flow = get_incident_flow()
    for name, have, want in (("kinds", english.kinds, flow.kind_labels), ("parties", english.parties, flow.party_labels)):
        if set(have) != set(want):
            raise DataError(f"{path}: {name} must translate exactly {sorted(want)}, has {sorted(have)}")
    missing = sorted(set(SUMMARY_KEYS) - set(english.summary))
    if missing or set(english.summary) - set(SUMMARY_KEYS):
        raise DataError(f"{path}: summary: missing {missing}, unknown {sorted(set(english.summary) - set(SUMMARY_KEYS))}")
    reports = {r.id for r in get_reports().reports}
    if set(english.reports) != reports:
        raise DataError(f"{path}: reports must translate exactly {sorted(reports)}, has {sorted(english.reports)}")
    for report in get_reports().reports:
        for field in ("basis", "wrongful_basis"):
            if bool(getattr(report, field)) != bool(getattr(english.reports[report.id], field)):
                raise DataError(f"{path}: reports.{report.id}: {field} must be translated exactly when reports.yaml has one")
    for contact_id in english.contacts:
        try:
            get_facts().contact(contact_id)
        except StopIteration as exc:
            raise DataError(f"{path}: contacts.{contact_id}: no such contact in facts.yaml") from exc
    return english
