"""The quote calculator: pure functions over the pamphlet's premium tables.

It answers with a premium only where the pamphlet prints that exact cell. Anywhere else it says
the premium is not in the table, shows the printed examples that bound the size, and points to
the agent — it never interpolates, because the real premium depends on the insurer's
assessment of the application (告知内容).
"""

from __future__ import annotations

from pydantic import BaseModel

from knowledge.formatting import man_yen, yen
from knowledge.models import PLAN_IDS, Facts, Facility, Plan, get_facts

FACILITY_IDS: tuple[str, ...] = ("clinic", "hospital", "care", "care_medical", "dental")
SIZE_UNITS: dict[str, str] = {"beds": "床", "capacity": "人"}


class QuoteError(ValueError):
    """Input the calculator cannot answer; the message is one clear Japanese sentence."""


class Bracket(BaseModel):
    """A printed example next to the requested size."""

    size: int
    premium_yen: int


class Quote(BaseModel):
    facility: str
    facility_name: str
    size: int | None
    size_unit: str | None
    type: str
    premium_yen: int | None
    exact: bool
    range_yen: tuple[int | None, int | None] | None
    brackets: list[Bracket]
    liability_limit_yen: int
    response_cost_limit_yen: int
    deductible_yen: int
    conditions: list[str]
    source: str

    @property
    def subject(self) -> str:
        """「病院（50床）」: the facility and its size, as every quote names them."""
        return f"{self.facility_name}（{self.size}{self.size_unit}）" if self.size and self.size_unit else self.facility_name


class PlanMatch(BaseModel):
    """Plans whose limits match what the user named; `exact` when both limits matched one plan."""

    plans: list[str]
    exact: bool
    within_custom_design: bool
    note: str
    source: str


def _agent_line(facts: Facts) -> str:
    agent = facts.contact("agent")
    return f"{agent.name}（TEL {agent.phone}、{agent.hours_text}）"


def check_plan(plan_id: str) -> str:
    """Normalise and check a plan name: 'h3' -> 'H3'; H8/H9 are refused by name."""
    plan = plan_id.strip().upper()
    if plan not in PLAN_IDS:
        raise QuoteError(f"「{plan_id}」というタイプはありません。H1〜H7 のいずれかを指定してください。")
    return plan


def check_facility(facility_id: str, facts: Facts | None = None) -> Facility:
    facts = facts or get_facts()
    if facility_id not in FACILITY_IDS:
        raise QuoteError(
            f"施設の種類「{facility_id}」はわかりません。clinic（一般医院・診療所）、hospital（病院）、"
            "care（介護老人保健施設）、care_medical（介護医療院）、dental（歯科）のいずれかです。"
        )
    return facts.facility(facility_id)


def _priced_by_a_size_it_lacks(facility: Facility, size: int | None) -> bool:
    return size is None and (facility.sizing == "beds" or (facility.sizing == "capacity" and facility.id == "care"))


def lacks_its_size(facility_id: str, size: int | None, facts: Facts | None = None) -> bool:
    """A hospital or a care home named without its beds or head count: no premium can be quoted for it yet (the
    plans can still be compared by their limits)."""
    return _priced_by_a_size_it_lacks(check_facility(facility_id, facts), size)


def _check_size(facility: Facility, size: int | None) -> int | None:
    if _priced_by_a_size_it_lacks(facility, size):
        if facility.sizing == "beds":
            raise QuoteError("病院の保険料は病床数で決まります。病床数（例: 50床）を指定してください。")
        raise QuoteError("介護老人保健施設の保険料は定員数で決まります。定員数（例: 50人）を指定してください。")
    if size is None:
        return None
    if isinstance(size, bool) or not isinstance(size, int):
        raise QuoteError(f"規模「{size}」は整数で指定してください。")
    if size <= 0:
        raise QuoteError(f"規模は1以上の整数で指定してください（指定された値: {size}）。")
    return size


def _basis(facts: Facts) -> list[str]:
    basis = facts.premium_basis
    return [f"{basis.label}の年間保険料です。", basis.note]


def quote(facility_id: str, size: int | None, plan_id: str, facts: Facts | None = None) -> Quote:
    """The premium of one plan for one facility and size, or an honest 'not in the table'."""
    facts = facts or get_facts()
    facility = check_facility(facility_id, facts)
    plan = facts.plan(check_plan(plan_id))
    size = _check_size(facility, size)
    tables = facts.tables_for(facility.id)
    unit = SIZE_UNITS.get(facility.sizing)
    conditions = _basis(facts)
    common = dict(
        facility=facility.id,
        facility_name=facility.name,
        size=size,
        size_unit=unit,
        type=plan.id,
        liability_limit_yen=plan.liability_limit_yen,
        response_cost_limit_yen=plan.response_cost_limit_yen,
        deductible_yen=plan.deductible_yen,
        source=tables[0].source if tables else facility.source,
    )

    if not tables:
        # Dental and 介護医療院 have their own tables that the pamphlet does not print:
        # showing another row's price would be a premium we invented for them.
        conditions = [facility.note, f"保険料は取扱代理店の{_agent_line(facts)}へお問い合わせください。"]
        return Quote(premium_yen=None, exact=False, range_yen=None, brackets=[], conditions=conditions, **common)

    if facility.sizing == "flat":
        conditions.append(facility.note)
        return Quote(
            premium_yen=tables[0].premiums_yen[plan.id], exact=True, range_yen=None, brackets=[],
            conditions=conditions, **common,
        )

    by_size = {t.size: t.premiums_yen[plan.id] for t in tables if t.size is not None}
    if size in by_size:
        conditions.append(facility.note)
        return Quote(
            premium_yen=by_size[size], exact=True, range_yen=None,
            brackets=[Bracket(size=size, premium_yen=by_size[size])], conditions=conditions, **common,
        )

    sizes = sorted(by_size)
    lower = max((s for s in sizes if s < size), default=None)
    upper = min((s for s in sizes if s > size), default=None)
    brackets = [Bracket(size=s, premium_yen=by_size[s]) for s in (lower, upper) if s is not None]
    printed = "・".join(f"{s}{unit}" for s in sizes)
    shown = "、".join(f"{b.size}{unit}: {yen(b.premium_yen)}" for b in brackets)
    conditions = [
        f"{facility.name}の保険料表は{printed}の例のみで、{size}{unit}の保険料は掲載されていません。",
        f"参考: 近い規模の{plan.id}の掲載例は {shown} です（{facts.premium_basis.label}）。",
        f"正確な保険料は告知内容に基づいて算出されますので、取扱代理店の{_agent_line(facts)}へお問い合わせください。",
    ]
    return Quote(
        premium_yen=None, exact=False,
        range_yen=(by_size[lower] if lower is not None else None, by_size[upper] if upper is not None else None),
        brackets=brackets, conditions=conditions, **common,
    )


def quote_all(facility_id: str, size: int | None, facts: Facts | None = None) -> list[Quote]:
    """All seven plans for one facility and size, H1 first."""
    facts = facts or get_facts()
    return [quote(facility_id, size, plan_id, facts) for plan_id in PLAN_IDS]


def plans_for_limits(
    liability_yen: int | None, response_cost_yen: int | None, facts: Facts | None = None
) -> PlanMatch:
    """Which plan has these limits; one limit alone may leave several candidates."""
    facts = facts or get_facts()
    if liability_yen is None and response_cost_yen is None:
        raise QuoteError("損害賠償または事故対応特別費用の保険金額を指定してください。")
    for value in (liability_yen, response_cost_yen):
        if value is not None and value <= 0:
            raise QuoteError("保険金額は正の金額で指定してください。")

    def fits(plan: Plan) -> bool:
        return (liability_yen is None or plan.liability_limit_yen == liability_yen) and (
            response_cost_yen is None or plan.response_cost_limit_yen == response_cost_yen
        )

    matches = [p.id for p in facts.plans if fits(p)]
    design = facts.custom_design
    if matches:
        exact = len(matches) == 1 and liability_yen is not None and response_cost_yen is not None
        names = "・".join(matches)
        note = f"該当するタイプは{names}です。" if len(matches) == 1 else f"該当するタイプの候補は{names}です。"
        return PlanMatch(plans=matches, exact=exact, within_custom_design=True, note=note, source=facts.plans[0].source)
    within, beyond = custom_design_note(liability_yen, response_cost_yen, facts)
    return PlanMatch(plans=[], exact=False, within_custom_design=within,
                     note=("その保険金額の組み合わせは記載プラン（H1〜H7）にありません。" if within else "") + beyond, source=design.source)


def custom_design_note(liability_yen: int | None, response_cost_yen: int | None, facts: Facts | None = None) -> tuple[bool, str]:
    """Limits the printed plans do not reach: whether the pamphlet's custom design (個別設計) reaches them,
    and the sentence that says so, with the agent."""
    facts = facts or get_facts()
    design = facts.custom_design
    within = (liability_yen or 0) <= design.liability_max_yen and (response_cost_yen or 0) <= design.response_cost_max_yen
    if within:
        return True, (f"損害賠償{man_yen(design.liability_max_yen)}・事故対応費用{man_yen(design.response_cost_max_yen)}までの"
                      f"個別設計が可能ですので、取扱代理店の{_agent_line(facts)}へご相談ください。")
    return False, (f"個別設計の上限（損害賠償{man_yen(design.liability_max_yen)}・事故対応費用"
                   f"{man_yen(design.response_cost_max_yen)}）を超えています。取扱代理店の{_agent_line(facts)}へご相談ください。")
