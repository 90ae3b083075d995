"""The first steps and triage questions of an incident, loaded from knowledge/first_steps.yaml.

First steps come in groups by kind of incident (a mis-sent fax gets no "pull the LAN cable");
triage questions each fill one typed slot of the record (handlers/triage.py reads the answers).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from knowledge.outside_sources import outside_sources
from knowledge.pamphlet import get_section, section_ids
from knowledge.text import fold
from knowledge.vocab import DataError, Matcher, key_and_mask, load_model

PATH = Path(__file__).with_name("first_steps.yaml")
SLOTS = ("kind", "patient_data", "care_stopped", "found_at", "told", "notified")
GENERAL = "general"
# Who may have been told about an incident: the first four answer 「誰が知っていますか」, the
# others 「どこへ連絡しましたか」.
Party = Literal["staff", "vendor", "patients", "lawyer", "insurer", "police", "mhlw", "jma", "ppc", "health_center", "local_gov"]
TOLD_PARTIES: tuple[Party, ...] = ("staff", "vendor", "patients", "lawyer")
NOTIFIED_PARTIES: tuple[Party, ...] = ("insurer", "police", "mhlw", "jma", "ppc", "health_center", "local_gov")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FirstStep(_Strict):
    id: str
    text: str
    sources: list[str] = Field(min_length=1)
    basis: str
    outside: list[str] = []
    # Words of a staff member saying this step is not done yet (「パソコンはネットにつながったままです」), or
    # that what it warns against was done (「事務長が『全額お支払いします』って言っちゃった」): the step is
    # asked for again at once.
    urgent_when: list[str] = []
    # A step for one situation within its kinds (money transferred to a fraudster): given only when the
    # report tells of it in these words.
    only_when: list[str] = []
    # A step for some kinds of its group only (「身代金を支払わないで」 for ransomware and extortion, not for any virus).
    only_for_kinds: list[str] = []
    # Words of a report that call for the step outside those kinds (a number to call on a fake virus warning:
    # whoever is behind it is not to be contacted).
    also_when: list[str] = []
    # Words of a staff member saying the step is done (「LANケーブルは抜きました」 "we changed the password"):
    # the step is thanked for by its short name (`done_label`) and the next steps of the kind follow.
    done_when: list[str] = []
    done_label: str = ""
    # Words of a report that put this step before the others of its group: someone working the PC right now
    # (「マウスが勝手に動いて」) is cut off before any password is changed.
    first_when: list[str] = []

    @field_validator("urgent_when", "only_when", "also_when", "done_when", "first_when", mode="before")
    @classmethod
    def _flattened(cls, words: object) -> object:
        """A word list may hold another by its YAML alias (「urgent_when: [*demand, 相手に連絡して]」): read as one list."""
        if not isinstance(words, list):
            return words
        return [w for item in words for w in (item if isinstance(item, list) else [item])]


class StepGroup(_Strict):
    kinds: list[str]
    steps: list[str] = Field(min_length=1)
    # What the written notice's 場所 line hints at for this kind (a device in the clinic, where a thing was lost,
    # where a mail went, the website's host): a hint beside 【未確認】, never a place the staff did not tell.
    place_hint: str = Field(min_length=1)


class Choice(_Strict):
    label: str = Field(max_length=20)
    value: str


class TriageQuestion(_Strict):
    slot: str
    question: str
    again: str  # the same question in other words, when an answer fitted nothing
    quick_replies: list[Choice] = Field(max_length=13)


class CoverEvent(_Strict):
    label: str
    statement: str
    kinds: list[str] = Field(min_length=1)


class IncidentFlow(_Strict):
    steps: list[FirstStep] = Field(min_length=1)
    groups: dict[str, StepGroup]
    triage: list[TriageQuestion]
    kind_labels: dict[str, str]
    party_labels: dict[str, str]
    # What the record says of the outside bodies (insurer, police, ministry, JMA, commission) when none
    # has been told yet: the vendor or the staff told are another field.
    no_body_told: str
    leak_kinds: list[str]
    either_kinds: list[str]
    no_support_kinds: list[str] = []
    attack_kinds: list[str] = []
    cover_section: str | None = None
    cover_scope: list[str] = []
    cover_events: list[CoverEvent] = []
    # The steps that fall due once a lost thing has been searched for and is still missing.
    still_missing_steps: list[str] = []
    # The steps that say to go to the police (a police question beside a report is answered by them).
    police_steps: list[str] = []
    police_not_in_steps: str = Field(min_length=1)

    @model_validator(mode="after")
    def _complete(self) -> IncidentFlow:
        if tuple(q.slot for q in self.triage) != SLOTS:
            raise ValueError(f"triage must ask {SLOTS} in that order")
        for kind in [*self.leak_kinds, *self.either_kinds, *self.no_support_kinds, *self.attack_kinds]:
            if kind not in self.kind_labels:
                raise ValueError(f"unknown kind {kind!r}")
        step_ids = {s.id for s in self.steps}
        if GENERAL not in self.groups:
            raise ValueError(f"groups must have {GENERAL!r}, the steps for a kind not known yet")
        try:
            self.police_not_in_steps.format(desk="", phone="")
        except (KeyError, IndexError, ValueError) as exc:
            raise ValueError(f"police_not_in_steps: only {{desk}} and {{phone}} may be filled in ({exc})") from exc
        for name, listed in (("still_missing_steps", self.still_missing_steps), ("police_steps", self.police_steps)):
            for step in listed:
                if step not in step_ids:
                    raise ValueError(f"{name}: unknown step {step!r}")
        grouped: dict[str, str] = {}
        for name, group in self.groups.items():
            for step in group.steps:
                if step not in step_ids:
                    raise ValueError(f"group {name!r}: unknown step {step!r}")
            for kind in group.kinds:
                if kind not in self.kind_labels:
                    raise ValueError(f"group {name!r}: unknown kind {kind!r}")
                if kind in grouped:
                    raise ValueError(f"kind {kind!r} is in groups {grouped[kind]!r} and {name!r}")
                grouped[kind] = name
        for step in self.steps:
            for section in step.sources:
                if section not in section_ids():
                    raise ValueError(f"step {step.id!r}: unknown pamphlet section {section!r}")
            for source in step.outside:
                if source not in outside_sources().sources:
                    raise ValueError(f"step {step.id!r}: unknown outside source {source!r}")
        if self.cover_events:
            # Quoted, so the cover of a kind can only repeat the pamphlet (as knowledge/rulings.py checks).
            if self.cover_section not in section_ids():
                raise ValueError(f"cover_section: unknown pamphlet section {self.cover_section!r}")
            text = fold(get_section(self.cover_section).text)
            covered: set[str] = set()
            for quote in [*self.cover_scope, *(e.statement for e in self.cover_events)]:
                if fold(quote) not in text:
                    raise ValueError(f"not in {self.cover_section}'s text: {quote[:40]}")
            for event in self.cover_events:
                for kind in event.kinds:
                    if kind not in self.kind_labels or kind in covered:
                        raise ValueError(f"cover_events: kind {kind!r} unknown or listed twice")
                    covered.add(kind)
        if set(self.party_labels) != {*TOLD_PARTIES, *NOTIFIED_PARTIES}:
            raise ValueError(f"party_labels must name exactly {sorted({*TOLD_PARTIES, *NOTIFIED_PARTIES})}")
        for step in self.steps:
            unknown = [k for k in step.only_for_kinds if k not in self.kind_labels]
            if unknown:
                raise ValueError(f"step {step.id}: only_for_kinds names unknown kinds {unknown}")
        for question in self.triage:
            if question.slot == "kind":
                for choice in question.quick_replies:
                    if choice.value not in self.kind_labels:
                        raise ValueError(f"kind choice {choice.label!r}: unknown kind {choice.value!r}")
        return self

    def payment_kinds(self, kind: str | None) -> list[str]:
        """The JMA payments ("cyber", "leak") an incident of this kind may receive: none for insider
        crime, the leak payment for a misdelivery or a lost device, both for a leak of unknown cause,
        the attack payment otherwise."""
        if kind in self.no_support_kinds:
            return []
        if kind in self.leak_kinds:
            return ["leak"]
        if kind in self.either_kinds:
            return ["cyber", "leak"]
        return ["cyber"]

    def payment_of(self, kind: str | None) -> str | None:
        """The one JMA payment ("cyber", "leak") or "none" (insider crime) that a kind of incident
        decides by itself; None when the kind leaves it open (a leak of unknown cause, an outage)."""
        if kind in self.no_support_kinds:
            return "none"
        if kind in self.leak_kinds:
            return "leak"
        if kind in self.attack_kinds:
            return "cyber"
        return None

    def cover_event(self, kind: str | None) -> CoverEvent | None:
        """The pamphlet's 対象事由 an incident of this kind falls under, or None."""
        return next((e for e in self.cover_events if kind in e.kinds), None)

    def question(self, slot: str) -> TriageQuestion:
        return next(q for q in self.triage if q.slot == slot)

    def kind_label(self, kind: str | None) -> str:
        return self.kind_labels.get(kind or "other", self.kind_labels["other"])

    def group_of(self, kind: str | None) -> str:
        return next((name for name, g in self.groups.items() if kind in g.kinds), GENERAL)

    def steps_made_urgent(self, kind: str | None, text: str, report: str = "") -> list[FirstStep]:
        """The steps of this kind's group that ``text`` says are not done yet, or were gone against; a step for one
        situation only when ``text`` or the whole ``report`` so far tells of it (「もう…円分を買って番号を送って
        しまいました」 after a demand for e-money)."""
        return [s for s in self.steps_for(kind, f"{report}\n{text}") if s.urgent_when and _urgent_matcher(s.id, tuple(s.urgent_when)).in_text(text)]

    def steps_done(self, text: str, kind: str | None = None) -> list[FirstStep]:
        """The steps (of any kind) that ``text`` says were done. Where the same words tell of a step of this
        kind's group and of another's (「サイトを止めました」: a defaced page taken down, a leaking page stopped),
        the step of this kind is the one done."""
        key, mask = key_and_mask(text)
        found = {s.id: {(span.start, span.end) for span in _urgent_matcher(s.id + ":done", tuple(s.done_when)).find(key, mask)}
                 for s in self.steps if s.done_when}
        own = set(self.groups[self.group_of(kind)].steps)
        said_of_own = set().union(*(spans for step, spans in found.items() if step in own))
        return [s for s in self.steps if found.get(s.id) and (s.id in own or not found[s.id] <= said_of_own)]

    def steps_after(self, kind: str | None, done: list[FirstStep], report: str = "") -> list[FirstStep]:
        """The steps of this kind still to do once ``done`` are: the ones that act (not the reminders to
        notify in writing or not to admit liability, which the first reply gave)."""
        done_ids = {s.id for s in done}
        return [s for s in self.steps_for(kind, report) if s.id not in done_ids and s.id not in REMINDER_STEPS]

    def steps_when_still_missing(self, report: str = "") -> list[FirstStep]:
        """The steps that fall due when the thing lost is still missing (a device's own only when the report names one)."""
        return [s for s in self.steps if s.id in self.still_missing_steps
                and (not s.only_when or _urgent_matcher(s.id + ":only", tuple(s.only_when)).in_text(report))]

    def police_steps_for(self, kind: str | None, report: str = "") -> list[FirstStep]:
        """The steps of this kind (as steps_for gives them) that say to go to the police."""
        return [s for s in self.steps_for(kind, report) if s.id in self.police_steps]

    def place_hint(self, kind: str | None) -> str:
        return self.groups[self.group_of(kind)].place_hint

    def steps_for(self, kind: str | None, report: str = "") -> list[FirstStep]:
        """The steps of this kind's group; a step for one situation only when ``report`` tells of it."""
        by_id = {s.id: s for s in self.steps}
        steps = [by_id[i] for i in self.groups[self.group_of(kind)].steps]
        fitting = [s for s in steps if (not s.only_when or _urgent_matcher(s.id + ":only", tuple(s.only_when)).in_text(report))
                   and (not s.only_for_kinds or kind in s.only_for_kinds
                        or (s.also_when and _urgent_matcher(s.id + ":also", tuple(s.also_when)).in_text(report)))]
        first = [s for s in fitting if s.first_when and _urgent_matcher(s.id + ":first", tuple(s.first_when)).in_text(report)]
        return [*first, *(s for s in fitting if s not in first)]

    def parties_text(self, parties: list[str] | None) -> str:
        if parties is None:
            return "未確認"
        return "、".join(self.party_labels[p] for p in parties) or "まだ誰にも伝えていない"

    def bodies_text(self, parties: list[str] | None) -> str:
        """The outside bodies told (「予約システムの会社には連絡済み、警察はまだです」 told the vendor: not "nobody")."""
        return self.parties_text(parties) if parties else ("未確認" if parties is None else self.no_body_told)


REMINDER_STEPS = ("no_admission", "written_notice", "no_attacker_contact")


@lru_cache(maxsize=64)
def _urgent_matcher(step_id: str, words: tuple[str, ...]) -> Matcher:
    return Matcher(words, step_id)


@lru_cache(maxsize=1)
def get_incident_flow() -> IncidentFlow:
    # A broken file must stop the bot with its name at start-up, not mid-emergency.
    return load_model(PATH, IncidentFlow)


__all__ = ["DataError", "IncidentFlow", "SLOTS", "get_incident_flow"]
