"""The JMA one-time support payment: each rule and each date boundary."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knowledge.subsidy import SubsidyError, compute_subsidy

D = dt.date


@pytest.mark.parametrize(
    ("closed_days", "amount"),
    [(0, 100_000), (1, 200_000), (2, 300_000), (3, 400_000), (4, 400_000), (30, 400_000)],
)
def test_cyber_attack_from_june_2023_adds_ten_man_per_day_up_to_thirty(closed_days, amount):
    result = compute_subsidy("cyber", D(2026, 12, 2), closed_days)
    assert result.eligible and result.amount_yen == amount


def test_two_closure_days_in_march_2023_give_fifteen_man():
    result = compute_subsidy("cyber", D(2023, 3, 15), 2)
    assert result.amount_yen == 150_000
    assert any("一律" in line and "5万円" in line for line in result.breakdown)


@pytest.mark.parametrize(
    ("day", "closed_days", "amount", "eligible"),
    [
        (D(2022, 5, 31), 1, 0, False),  # before the scheme
        (D(2022, 6, 1), 0, 100_000, True),
        (D(2022, 6, 1), 1, 150_000, True),
        (D(2023, 5, 31), 3, 150_000, True),  # last day of the flat addition
        (D(2023, 6, 1), 3, 400_000, True),  # first day of the per-day addition
        (D(2023, 6, 1), 1, 200_000, True),
    ],
)
def test_date_boundaries(day, closed_days, amount, eligible):
    result = compute_subsidy("cyber", day, closed_days)
    assert (result.amount_yen, result.eligible) == (amount, eligible)


def test_before_the_scheme_says_why():
    result = compute_subsidy("leak", D(2021, 12, 1))
    assert not result.eligible and result.amount_yen == 0
    assert "2022年6月1日" in "".join(result.breakdown)


def test_leak_not_caused_by_an_attack_is_five_man_with_its_requirements():
    result = compute_subsidy("leak", D(2026, 4, 1))
    assert result.eligible and result.amount_yen == 50_000
    joined = "".join(result.requirements)
    assert "個人情報保護委員会" in joined and "本人" in joined and "通知" in joined


def test_leak_gets_no_closure_addition():
    result = compute_subsidy("leak", D(2026, 4, 1), closed_days=3)
    assert result.amount_yen == 50_000
    assert any("サイバー攻撃の被害を受けた場合のみ" in line for line in result.breakdown)


@pytest.mark.parametrize("kind", ["cyber", "leak"])
def test_internal_crime_is_excluded_with_the_reason(kind):
    result = compute_subsidy(kind, D(2026, 4, 1), closed_days=2, internal=True)
    assert not result.eligible and result.amount_yen == 0
    assert "内部犯罪" in "".join(result.breakdown)


def test_cyber_requirements_and_conditions():
    result = compute_subsidy("cyber", D(2026, 4, 1), closed_days=1)
    assert "厚生労働省" in result.requirements[0] and "日本医師会" in result.requirements[0]
    conditions = "".join(result.conditions)
    assert "日本医師会A①会員" in conditions
    assert "新規患者" in conditions  # stopping all new-patient care counts as closure
    assert result.source == "sec-11"


@pytest.mark.parametrize(("kind", "days"), [("cyber", -1), ("ransom", 0)])
def test_bad_input_is_refused(kind, days):
    with pytest.raises(SubsidyError):
        compute_subsidy(kind, D(2026, 4, 1), days)


@given(st.dates(min_value=D(2023, 6, 1), max_value=D(2030, 12, 31)), st.integers(min_value=0, max_value=400))
def test_more_closure_days_never_pay_less(day, days):
    assert compute_subsidy("cyber", day, days + 1).amount_yen >= compute_subsidy("cyber", day, days).amount_yen
    assert compute_subsidy("cyber", day, days).amount_yen <= 400_000
