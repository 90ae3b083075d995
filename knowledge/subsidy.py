"""The JMA one-time support payments (日本医師会の一時支援金), computed from the facts.

Every amount, period and requirement comes from knowledge/facts.yaml (section sec-11); this
module only decides which rule applies to an event's date, kind and closure days.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel

from knowledge.formatting import full_date_ja, man_yen
from knowledge.models import ClosurePeriod, Facts, get_facts

Kind = Literal["cyber", "leak"]
KINDS: tuple[str, ...] = ("cyber", "leak")


class SubsidyError(ValueError):
    """Input the calculator cannot answer; the message is one clear Japanese sentence."""


class SubsidyResult(BaseModel):
    kind: Kind
    date: dt.date
    closed_days: int
    internal: bool
    amount_yen: int
    eligible: bool
    breakdown: list[str]
    requirements: list[str]
    conditions: list[str]
    source: str


def _closure_period(facts: Facts, day: dt.date) -> ClosurePeriod | None:
    return next((p for p in facts.subsidy.cyber.closure_periods if p.covers(day)), None)


def _closure_addition(period: ClosurePeriod, closed_days: int) -> tuple[int, str]:
    if period.flat_yen is not None:
        span = f"{full_date_ja(period.from_)}〜{full_date_ja(period.to)}" if period.to else f"{full_date_ja(period.from_)}以降"
        return period.flat_yen, f"休業{closed_days}日による追加（事由発生日が{span}のため一律）: {man_yen(period.flat_yen)}"
    assert period.per_day_yen is not None and period.max_yen is not None  # guaranteed by the model
    amount = min(closed_days * period.per_day_yen, period.max_yen)
    capped = "（上限）" if closed_days * period.per_day_yen > period.max_yen else ""
    return amount, (
        f"休業{closed_days}日による追加: {closed_days}日 × {man_yen(period.per_day_yen)}"
        f"（最大{man_yen(period.max_yen)}） = {man_yen(amount)}{capped}"
    )


def compute_subsidy(
    kind: str, date: dt.date, closed_days: int = 0, internal: bool = False, facts: Facts | None = None
) -> SubsidyResult:
    """The one-time payment for an event of `kind` that happened on `date`."""
    facts = facts or get_facts()
    rules = facts.subsidy
    if kind not in KINDS:
        raise SubsidyError(f"種類「{kind}」はわかりません。cyber（サイバー攻撃）または leak（サイバー攻撃に起因しない個人情報漏えい）です。")
    if isinstance(closed_days, bool) or not isinstance(closed_days, int) or closed_days < 0:
        raise SubsidyError(f"休業日数は0以上の整数で指定してください（指定された値: {closed_days}）。")

    conditions = [rules.eligibility_text]
    source = rules.cyber.source if kind == "cyber" else rules.leak.source
    requirements = list(rules.cyber.requirements if kind == "cyber" else rules.leak.requirements)
    result = dict(kind=kind, date=date, closed_days=closed_days, internal=internal, requirements=requirements, source=source)

    if internal:
        return SubsidyResult(
            amount_yen=0, eligible=False, breakdown=[rules.internal_crime_excluded.text], conditions=conditions, **result
        )
    if date < rules.scheme_start:
        return SubsidyResult(
            amount_yen=0, eligible=False, breakdown=[rules.scheme_start_note], conditions=conditions, **result
        )

    if kind == "leak":
        breakdown = [f"{rules.leak.label}: {man_yen(rules.leak.amount_yen)}"]
        if closed_days:
            breakdown.append("休業日数による追加は、サイバー攻撃の被害を受けた場合のみです。")
        return SubsidyResult(
            amount_yen=rules.leak.amount_yen, eligible=True, breakdown=breakdown, conditions=conditions, **result
        )

    amount = rules.cyber.base_yen
    breakdown = [f"{rules.cyber.label}: {man_yen(rules.cyber.base_yen)}"]
    if closed_days >= 1:
        period = _closure_period(facts, date)
        if period is not None:
            addition, line = _closure_addition(period, closed_days)
            amount += addition
            breakdown.append(line)
        conditions.append(rules.closure_definition.text)
    breakdown.append(f"合計: {man_yen(amount)}")
    return SubsidyResult(amount_yen=amount, eligible=True, breakdown=breakdown, conditions=conditions, **result)
