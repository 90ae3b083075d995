"""The quote calculator against the pamphlet's tables: exact cells, brackets, refusals."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knowledge.premiums import QuoteError, plans_for_limits, quote, quote_all
from tests.pamphlet_tables import CARE, HOSPITAL, LIMITS, PLANS, all_cells

AGENT_PHONE = "0985-23-9100"
ALL_PRINTED = {yen for *_, yen in all_cells()}


@pytest.mark.parametrize(("facility", "size", "plan", "premium"), all_cells())
def test_every_printed_cell_is_quoted_exactly(facility, size, plan, premium):
    q = quote(facility, size, plan)
    assert q.exact is True
    assert q.premium_yen == premium
    assert (q.liability_limit_yen, q.response_cost_limit_yen) == LIMITS[plan]
    assert q.deductible_yen == 0
    assert q.source == "sec-08"
    assert any("団体割引20%" in c and "告知書割引30%" in c and "一括払" in c for c in q.conditions)


@pytest.mark.parametrize("beds", [None, 1, 19, 30, 250])
def test_a_clinic_is_flat_whatever_its_beds(beds):
    q = quote("clinic", beds, "H3")
    assert q.exact and q.premium_yen == 39_820


def test_between_two_examples_gives_no_premium_but_both_brackets():
    q = quote("hospital", 80, "H2")
    assert q.exact is False and q.premium_yen is None
    assert q.range_yen == (HOSPITAL[50]["H2"], HOSPITAL[100]["H2"])
    assert [(b.size, b.premium_yen) for b in q.brackets] == [(50, 91_730), (100, 121_130)]
    text = "".join(q.conditions)
    assert "80床" in text and "宮崎県医師協同組合" in text and AGENT_PHONE in text


def test_above_the_largest_example_has_only_a_lower_bound():
    q = quote("hospital", 120, "H4")
    assert q.premium_yen is None and not q.exact
    assert q.range_yen == (HOSPITAL[100]["H4"], None)
    assert [b.size for b in q.brackets] == [100]
    assert AGENT_PHONE in "".join(q.conditions)


def test_below_the_smallest_example_has_only_an_upper_bound():
    q = quote("hospital", 10, "H1")
    assert q.premium_yen is None and not q.exact
    assert q.range_yen == (None, HOSPITAL[30]["H1"])
    assert [b.size for b in q.brackets] == [30]


def test_care_facility_between_examples():
    q = quote("care", 40, "H7")
    assert q.range_yen == (CARE[30]["H7"], CARE[50]["H7"]) and q.premium_yen is None
    assert q.size_unit == "人"


@pytest.mark.parametrize("facility", ["dental", "care_medical"])
def test_unprinted_tables_never_borrow_another_rows_price(facility):
    for q in quote_all(facility, 50 if facility == "care_medical" else None):
        assert q.premium_yen is None and q.exact is False and q.range_yen is None and q.brackets == []
        text = "".join(q.conditions)
        assert "掲載されていません" in text and AGENT_PHONE in text
        assert not any(f"{yen:,}円" in text for yen in ALL_PRINTED)


def test_quote_all_lists_the_seven_plans_in_order():
    quotes = quote_all("hospital", 50)
    assert [q.type for q in quotes] == list(PLANS)
    assert [q.premium_yen for q in quotes] == [HOSPITAL[50][p] for p in PLANS]


@pytest.mark.parametrize(
    ("facility", "size", "plan", "needle"),
    [
        ("hospital", 50, "H9", "H9"),
        ("hospital", 50, "H0", "H0"),
        ("hospital", 50, "X", "X"),
        ("hospital", -3, "H1", "-3"),
        ("hospital", 0, "H1", "0"),
        ("hospital", None, "H1", "病床数"),
        ("care", None, "H1", "定員数"),
        ("zoo", None, "H1", "zoo"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(facility, size, plan, needle):
    with pytest.raises(QuoteError) as caught:
        quote(facility, size, plan)
    assert needle in str(caught.value)


@pytest.mark.parametrize("plan", PLANS)
def test_each_plan_is_found_from_its_own_limits(plan):
    match = plans_for_limits(*LIMITS[plan])
    assert match.plans == [plan] and match.exact


def test_one_limit_alone_gives_the_candidates():
    assert plans_for_limits(100_000_000, None).plans == ["H4", "H6"]
    assert plans_for_limits(None, 30_000_000).plans == ["H4", "H5"]
    assert plans_for_limits(None, 30_000_000).exact is False


def test_limits_beyond_the_plans_point_to_custom_design_or_beyond():
    inside = plans_for_limits(500_000_000, 100_000_000)
    assert inside.plans == [] and inside.within_custom_design and "個別設計" in inside.note
    outside = plans_for_limits(2_000_000_000, None)
    assert outside.plans == [] and not outside.within_custom_design and "上限" in outside.note


@given(st.sampled_from([("clinic", None), ("hospital", 30), ("hospital", 50), ("hospital", 100), ("care", 30), ("care", 50), ("care", 100)]))
def test_premium_never_falls_when_the_plan_rises(facility_size):
    premiums = [q.premium_yen for q in quote_all(*facility_size)]
    assert premiums == sorted(premiums)


@given(st.sampled_from(["hospital", "care"]), st.sampled_from(PLANS))
def test_premium_never_falls_when_the_size_rises(facility, plan):
    premiums = [quote(facility, size, plan).premium_yen for size in (30, 50, 100)]
    assert premiums == sorted(premiums)


@given(st.sampled_from(["hospital", "care"]), st.integers(min_value=1, max_value=5000), st.sampled_from(PLANS))
def test_a_size_off_the_table_is_never_priced(facility, size, plan):
    q = quote(facility, size, plan)
    if size in (30, 50, 100):
        assert q.exact and q.premium_yen is not None
        return
    assert q.premium_yen is None and not q.exact
    low, high = q.range_yen
    table = HOSPITAL if facility == "hospital" else CARE
    below = [s for s in table if s < size]
    above = [s for s in table if s > size]
    assert low == (table[max(below)][plan] if below else None)
    assert high == (table[min(above)][plan] if above else None)
