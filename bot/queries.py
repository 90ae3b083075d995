"""The three deterministic questions (quote, subsidy, contacts) as JSON-ready answers.

The CLI and the HTTP API both call these, so the two surfaces can never disagree. This module
must stay light: it is on the `clinic-bot quote` path, which imports no web framework.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from knowledge import text
from knowledge.clock import ClockError, contacts_at, now_jst, parse_moment
from knowledge.models import get_facts
from knowledge.premiums import FACILITY_IDS, QuoteError, check_plan, plans_for_limits, quote, quote_all
from knowledge.subsidy import SubsidyError, compute_subsidy

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class QueryError(ValueError):
    """Bad input to a query; the message is one clear Japanese sentence for the user."""


def resolve_facility(value: str) -> str:
    """'hospital', '病院', 'ｸﾘﾆｯｸ', '老健' -> a facility id."""
    raw = value.strip()
    if raw.lower() in FACILITY_IDS:
        return raw.lower()
    found = text.find_facility(raw)
    if found is None:
        raise QueryError(
            f"施設の種類「{value}」はわかりません。clinic（一般医院・診療所）、hospital（病院）、"
            "care（介護老人保健施設）、care_medical（介護医療院）、dental（歯科）のいずれかを指定してください。"
        )
    return found


def resolve_plan(value: str) -> str:
    """'H3', 'ｈ３', 'h-3' -> 'H3'; 'H9' -> QueryError."""
    found = text.find_plan(value)
    if found is None:
        invalid = text.find_invalid_plan(value) or value
        try:
            return check_plan(invalid)
        except QuoteError as exc:
            raise QueryError(str(exc)) from exc
    return found


def resolve_amount(value: str, label: str) -> int:
    """A money amount as staff write it (億/万, commas, full-width digits) -> yen."""
    raw = text.normalize(value).replace("円", "").strip()
    try:
        amount = text.parse_japanese_number(raw)
    except ValueError as exc:
        raise QueryError(f"{label}「{value}」は金額として読めません。例: 1億、5000万") from exc
    if amount <= 0:
        raise QueryError(f"{label}は正の金額で指定してください。")
    return amount


def _size(beds: int | None, capacity: int | None) -> int | None:
    if beds is not None and capacity is not None:
        raise QueryError("病床数（beds）と定員数（capacity）は、どちらか一方だけを指定してください。")
    size = beds if beds is not None else capacity
    if size is not None and size <= 0:
        raise QueryError(f"病床数・定員数は1以上の整数で指定してください（指定された値: {size}）。")
    return size


def quote_query(
    facility: str,
    beds: int | None = None,
    capacity: int | None = None,
    plan: str | None = None,
    liability: str | None = None,
    response_cost: str | None = None,
) -> dict[str, Any]:
    """One plan's quote, or (without a plan) the table of all seven for that facility and size."""
    facts = get_facts()
    facility_id = resolve_facility(facility)
    size = _size(beds, capacity)
    plan_ids: list[str] | None = [resolve_plan(plan)] if plan else None
    match = None
    if plan_ids is None and (liability or response_cost):
        match = plans_for_limits(
            resolve_amount(liability, "損害賠償の保険金額") if liability else None,
            resolve_amount(response_cost, "事故対応特別費用の保険金額") if response_cost else None,
            facts,
        )
        if not match.plans:
            raise QueryError(match.note)
        plan_ids = match.plans
    try:
        if plan_ids is not None and len(plan_ids) == 1:
            answer = quote(facility_id, size, plan_ids[0], facts).model_dump(mode="json")
            if match is not None:
                answer["plan_match"] = match.model_dump(mode="json")
            return answer
        quotes = quote_all(facility_id, size, facts)
    except QuoteError as exc:
        raise QueryError(str(exc)) from exc
    if plan_ids is not None:
        quotes = [q for q in quotes if q.type in plan_ids]
    first = quotes[0]
    answer = {
        "facility": first.facility,
        "facility_name": first.facility_name,
        "size": first.size,
        "size_unit": first.size_unit,
        "type": None,
        "exact": all(q.exact for q in quotes),
        "basis": facts.premium_basis.label,
        "quotes": [q.model_dump(mode="json") for q in quotes],
        "source": first.source,
    }
    if match is not None:
        answer["plan_match"] = match.model_dump(mode="json")
    return answer


def parse_date(value: str) -> dt.date:
    if not DATE_RE.match(value.strip()):
        raise QueryError(f"日付「{value}」は YYYY-MM-DD の形で指定してください（例: 2026-12-02）。")
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise QueryError(f"日付「{value}」は存在しない日付です。") from exc


def subsidy_query(kind: str, date: str, closed_days: int | None = None, internal: bool = False) -> dict[str, Any]:
    """The JMA one-time support payment for one event."""
    day = parse_date(date)
    try:
        result = compute_subsidy(kind.strip().lower(), day, closed_days or 0, internal)
    except SubsidyError as exc:
        raise QueryError(str(exc)) from exc
    return result.model_dump(mode="json")


def contacts_query(now: str | None = None) -> dict[str, Any]:
    """Every help line's status at `now` (ISO 8601; default: the current moment)."""
    try:
        moment = parse_moment(now) if now else now_jst()
    except ClockError as exc:
        raise QueryError(str(exc)) from exc
    return contacts_at(moment).model_dump(mode="json")
