"""Pydantic models for knowledge/facts.yaml, and the loader that refuses a broken fact file.

Every fact carries the id of the pamphlet section it comes from; the loader checks those ids
against knowledge/pamphlet/ so that a citation can never point at nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

FACTS_PATH = Path(__file__).with_name("facts.yaml")

PLAN_IDS: tuple[str, ...] = ("H1", "H2", "H3", "H4", "H5", "H6", "H7")
REQUIRED_CONTACTS: tuple[str, ...] = ("sompo_desk", "jma_line", "agent", "sompo_branch", "sonpo_adr")

Yen = Annotated[int, Field(ge=0)]
SectionId = Annotated[str, Field(pattern=r"^(sec-\d\d[a-z]?|jma-leaflet)$")]
PHONE_RE = re.compile(r"^0\d{1,4}-\d{1,4}-\d{3,4}$|^0\d{3}-\d{6}$")
HHMM_RE = re.compile(r"^([01]\d|2[0-4]):[0-5]\d$")


class FactsError(ValueError):
    """A fact file that cannot be trusted; the message names the entry and the problem."""


class _Strict(BaseModel):
    # extra="forbid": a misspelt key in the YAML is an error, not a silently ignored fact.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Sourced(_Strict):
    text: str = Field(min_length=1)
    source: SectionId


class PamphletInfo(_Strict):
    title: str
    policyholder: str
    insurer: str
    as_of_note: str
    source: SectionId


class Plan(_Strict):
    id: Literal["H1", "H2", "H3", "H4", "H5", "H6", "H7"]
    liability_limit_yen: Yen
    response_cost_limit_yen: Yen
    deductible_yen: Yen
    source: SectionId


class PremiumBasis(_Strict):
    period_years: int = Field(gt=0)
    group_discount_percent: int = Field(ge=0, le=100)
    declaration_discount_percent: int = Field(ge=0, le=100)
    payment: str
    label: str
    note: str
    source: SectionId


FacilityId = Literal["clinic", "hospital", "care", "care_medical", "dental"]


class Facility(_Strict):
    id: FacilityId
    name: str
    sizing: Literal["flat", "beds", "capacity"]
    table_label: str | None
    note: str
    source: SectionId


class PremiumTable(_Strict):
    facility: FacilityId
    size: int | None = Field(default=None, gt=0)
    source: SectionId
    premiums_yen: dict[str, Annotated[int, Field(gt=0)]]

    @field_validator("premiums_yen")
    @classmethod
    def _all_seven_plans(cls, cells: dict[str, int]) -> dict[str, int]:
        missing = [p for p in PLAN_IDS if p not in cells]
        unknown = [p for p in cells if p not in PLAN_IDS]
        if missing or unknown:
            raise ValueError(f"needs exactly the plans H1–H7 (missing: {missing or 'none'}, unknown: {unknown or 'none'})")
        return cells


class CustomDesign(_Strict):
    liability_max_yen: Yen
    response_cost_max_yen: Yen
    text: str
    source: SectionId


class InsurancePeriod(Sourced):
    start: dt.datetime
    end: dt.datetime
    end_text: str = Field(min_length=1)

    @model_validator(mode="after")
    def _ordered(self) -> InsurancePeriod:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("start and end need a UTC offset")
        if self.end <= self.start:
            raise ValueError("end must come after start")
        if self.end_text not in self.text:
            raise ValueError(f"end_text {self.end_text!r} is not in the period's text")
        return self


class DatedFact(Sourced):
    date: dt.date


class ContactFact(Sourced):
    contact: str


class Terms(_Strict):
    insurance_period: InsurancePeriod
    application_deadline: DatedFact
    mid_term_joining: Sourced
    mid_term_leaving: ContactFact
    payment: ContactFact
    procedure: ContactFact
    eligibility: Sourced
    prerequisite: Sourced
    unit_of_joining: Sourced
    shared_limits: Sourced
    all_facilities_advice: Sourced
    coverage_territory: Sourced
    responsibility_hours: Sourced
    cooling_off: Sourced
    no_settlement_negotiation: Sourced
    settlement_consultation: Sourced
    fines_excluded: Sourced
    leak_report_duty: Sourced
    change_notice: ContactFact


class MonthDayRange(_Strict):
    start: str = Field(pattern=r"^\d\d-\d\d$")
    end: str = Field(pattern=r"^\d\d-\d\d$")
    stated_in_pamphlet: bool
    note: str
    unstated_note: str

    def contains(self, day: dt.date) -> bool:
        md = day.strftime("%m-%d")
        if self.start <= self.end:
            return self.start <= md <= self.end
        return md >= self.start or md <= self.end  # wraps over New Year


class Calendar(_Strict):
    timezone: str
    new_year_break: MonthDayRange


class Hours(_Strict):
    days: Literal["every_day", "weekdays"]
    open: str
    close: str
    closed_new_year_break: bool = False

    @field_validator("open", "close")
    @classmethod
    def _hhmm(cls, value: str) -> str:
        if not HHMM_RE.match(value) or (value.startswith("24") and value != "24:00"):
            raise ValueError(f"{value!r} is not a clock time HH:MM")
        return value

    @model_validator(mode="after")
    def _ordered(self) -> Hours:
        if self.close <= self.open:
            raise ValueError(f"close {self.close} must be after open {self.open}")
        return self

    @staticmethod
    def minutes(hhmm: str) -> int:
        hours, minutes = hhmm.split(":")
        return int(hours) * 60 + int(minutes)


class _ContactBase(_Strict):
    id: str = Field(pattern=r"^[a-z_]+$")
    name: str
    role: str
    phone: str
    fax: str | None = None
    email: str | None = None
    address: str | None = None
    source: SectionId

    @field_validator("phone", "fax")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        if value is not None and not PHONE_RE.match(value):
            raise ValueError(f"{value!r} is not a Japanese phone number like 0120-xxx-xxx")
        return value


class Contact(_ContactBase):
    """A line with published hours, so the clock can say whether it answers now."""

    kind: str
    phone_note: str | None = None
    hours_text: str
    hours: Hours
    full_service: Hours | None = None
    service_note: str | None = None


class InquiryContact(_ContactBase):
    """A contact printed without hours: the bot gives it but never says it is open."""

    hours_note: str


class ClosurePeriod(_Strict):
    from_: dt.date = Field(alias="from")
    to: dt.date | None
    per_day_yen: Yen | None = None
    max_yen: Yen | None = None
    flat_yen: Yen | None = None
    text: str

    @model_validator(mode="after")
    def _one_rule(self) -> ClosurePeriod:
        per_day = self.per_day_yen is not None and self.max_yen is not None
        flat = self.flat_yen is not None
        if per_day == flat:
            raise ValueError("give either per_day_yen with max_yen, or flat_yen")
        if self.to is not None and self.to < self.from_:
            raise ValueError("'to' must not be before 'from'")
        return self

    def covers(self, day: dt.date) -> bool:
        return self.from_ <= day and (self.to is None or day <= self.to)


class CyberSubsidy(_Strict):
    label: str
    base_yen: Yen
    closure_periods: list[ClosurePeriod] = Field(min_length=1)
    requirements: list[str] = Field(min_length=1)
    source: SectionId


class LeakSubsidy(_Strict):
    label: str
    amount_yen: Yen
    requirements: list[str] = Field(min_length=1)
    source: SectionId


class Subsidy(_Strict):
    name: str
    eligible_members: str
    eligibility_text: str
    scheme_start: dt.date
    scheme_start_note: str
    cyber: CyberSubsidy
    leak: LeakSubsidy
    internal_crime_excluded: Sourced
    closure_definition: Sourced
    details_note: Sourced

    @model_validator(mode="after")
    def _periods_within_scheme(self) -> Subsidy:
        periods = sorted(self.cyber.closure_periods, key=lambda p: p.from_)
        if periods[0].from_ != self.scheme_start:
            raise ValueError("the earliest closure period must start on scheme_start")
        for earlier, later in zip(periods, periods[1:]):
            if earlier.to is None or (later.from_ - earlier.to).days != 1:
                raise ValueError("closure periods must follow each other without gap or overlap")
        return self


class NumberedText(_Strict):
    mark: str
    text: str


class Exclusions(_Strict):
    intro: str
    source: SectionId
    common: list[NumberedText] = Field(min_length=11, max_length=11)
    common_note: str
    cost_specific: list[NumberedText] = Field(min_length=3, max_length=3)


class NoticeItem(_Strict):
    key: str
    mark: str
    text: str


class Duty(_Strict):
    mark: str
    text: str
    notice_items: list[NoticeItem] | None = None


class Duties(_Strict):
    intro: str
    source: SectionId
    items: list[Duty] = Field(min_length=7, max_length=7)
    accident_contact: Sourced


class ServiceFunction(_Strict):
    name: str
    summary: str
    providers: list[str] = Field(min_length=1)
    source: SectionId


class EmergencySupport(_Strict):
    name: str
    provider: str
    text: str
    hours_note: str
    area: str
    source: SectionId
    functions_as_of: dt.date
    functions: list[ServiceFunction] = Field(min_length=1)


class OtherService(_Strict):
    name: str
    target: str
    fee: Literal["無償", "有償"]


class OtherServices(_Strict):
    provider: str
    source: SectionId
    items: list[OtherService] = Field(min_length=1)


class JmaSupportItem(_Strict):
    name: str
    summary: str
    contact: str | None = None


class JmaSupport(_Strict):
    provider: str
    eligible_members: str
    source: SectionId
    items: list[JmaSupportItem] = Field(min_length=1)


class Services(_Strict):
    emergency_support: EmergencySupport
    other_services: OtherServices
    jma_support: JmaSupport


class Facts(_Strict):
    pamphlet: PamphletInfo
    plans: list[Plan]
    plan_notes: list[Sourced]
    premium_basis: PremiumBasis
    facilities: list[Facility]
    premium_tables: list[PremiumTable]
    custom_design: CustomDesign
    multi_facility: Sourced
    # ■ご加入の単位: by facility, or several of one corporation together, then sharing one limit
    joining_unit: list[Sourced] = Field(min_length=1)
    terms: Terms
    calendar: Calendar
    contacts: list[Contact]
    inquiry_contacts: list[InquiryContact]
    subsidy: Subsidy
    exclusions: Exclusions
    duties_after_accident: Duties
    services: Services

    @model_validator(mode="after")
    def _consistent(self) -> Facts:
        plan_ids = [p.id for p in self.plans]
        if sorted(plan_ids) != list(PLAN_IDS):
            raise ValueError(f"plans: need each of H1–H7 exactly once, got {plan_ids}")
        facilities = {f.id: f for f in self.facilities}
        if len(facilities) != len(self.facilities):
            raise ValueError("facilities: duplicate id")
        seen: set[tuple[str, int | None]] = set()
        for i, table in enumerate(self.premium_tables):
            where = f"premium_tables[{i}] ({table.facility} {table.size})"
            facility = facilities.get(table.facility)
            if facility is None:
                raise ValueError(f"{where}: unknown facility {table.facility!r}")
            if facility.sizing == "flat" and table.size is not None:
                raise ValueError(f"{where}: {facility.id} has a flat table, size must be null")
            if facility.sizing != "flat" and table.size is None:
                raise ValueError(f"{where}: {facility.id} is priced by {facility.sizing}, size is required")
            if (table.facility, table.size) in seen:
                raise ValueError(f"{where}: duplicate table")
            seen.add((table.facility, table.size))
        contact_ids = [c.id for c in self.contacts]
        missing = [c for c in REQUIRED_CONTACTS if c not in contact_ids]
        if missing:
            raise ValueError(f"contacts: missing {missing}")
        if len(set(contact_ids)) != len(contact_ids):
            raise ValueError("contacts: duplicate id")
        for name in ("mid_term_leaving", "payment", "procedure"):
            ref = getattr(self.terms, name).contact
            if ref not in contact_ids:
                raise ValueError(f"terms.{name}: unknown contact {ref!r}")
        return self

    # Lookups used by the calculators; small lists, so a scan is clearer than an index.
    def plan(self, plan_id: str) -> Plan:
        return next(p for p in self.plans if p.id == plan_id)

    def facility(self, facility_id: str) -> Facility:
        return next(f for f in self.facilities if f.id == facility_id)

    def tables_for(self, facility_id: str) -> list[PremiumTable]:
        return sorted(
            (t for t in self.premium_tables if t.facility == facility_id), key=lambda t: t.size or 0
        )

    def contact(self, contact_id: str) -> Contact:
        return next(c for c in self.contacts if c.id == contact_id)

    def source_ids(self) -> set[str]:
        """Every section id cited anywhere in the facts."""
        found: set[str] = set()

        def walk(value: object) -> None:
            if isinstance(value, BaseModel):
                for key, item in value:
                    if key == "source" and isinstance(item, str):
                        found.add(item)
                    else:
                        walk(item)
            elif isinstance(value, (list, tuple)):
                for item in value:
                    walk(item)

        walk(self)
        return found


def _describe(error: ValidationError) -> str:
    lines = []
    errors = error.errors()
    for item in errors[:5]:
        loc = ".".join(str(part) for part in item["loc"]) or "(top level)"
        lines.append(f"entry {loc}: {item['msg']}")
    if len(errors) > 5:
        lines.append(f"and {len(errors) - 5} more")
    return "; ".join(lines)


def parse_facts(raw: str, origin: str = "facts.yaml", known_sections: set[str] | None = None) -> Facts:
    """Parse and validate a fact file; raise FactsError naming the entry and the problem."""
    try:
        # The C loader when PyYAML has it: start-up time matters on the CLI path.
        data = yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise FactsError(f"{origin}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise FactsError(f"{origin}: expected a mapping of fact groups at the top level")
    try:
        facts = Facts.model_validate(data)
    except ValidationError as exc:
        raise FactsError(f"{origin}: {_describe(exc)}") from exc
    if known_sections is not None:
        unknown = sorted(facts.source_ids() - known_sections)
        if unknown:
            raise FactsError(f"{origin}: source section(s) not in the pamphlet: {', '.join(unknown)}")
    return facts


def load_facts(path: Path = FACTS_PATH) -> Facts:
    from knowledge.pamphlet import section_ids

    return parse_facts(path.read_text(encoding="utf-8"), origin=path.name, known_sections=set(section_ids()))


@lru_cache(maxsize=1)
def get_facts() -> Facts:
    """The validated facts, loaded once per process."""
    return load_facts()
