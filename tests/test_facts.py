"""The fact file: complete, consistent with the pamphlet's own text, and refused when broken."""

from __future__ import annotations

import re

import pytest
import yaml

from knowledge.formatting import man_yen, yen
from knowledge.models import FACTS_PATH, FactsError, get_facts, parse_facts
from knowledge.pamphlet import get_section, section_ids
from knowledge.rulings import get_rulings
from tests.pamphlet_tables import all_cells

RAW = FACTS_PATH.read_text(encoding="utf-8")
SECTIONS = set(section_ids())


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_all_49_cells_are_in_the_facts():
    facts = get_facts()
    cells = {(t.facility, t.size, plan): yen_ for t in facts.premium_tables for plan, yen_ in t.premiums_yen.items()}
    assert len(cells) == 49
    assert cells == {(f, s, p): y for f, s, p, y in all_cells()}


def test_every_cited_section_exists():
    assert get_facts().source_ids() <= SECTIONS


def test_premium_table_rows_match_the_section_text():
    """Read the tab-separated rows of section 8 and compare each printed cell with the facts."""
    facts = get_facts()
    rows = [line.split("\t") for line in get_section("sec-08").text.splitlines() if re.match(r"^H[1-7]\t", line)]
    assert len(rows) == 21  # three tables of seven plans
    printed = {"clinic": [], "hospital": [], "care": []}
    for index, row in enumerate(rows):
        facility = ("clinic", "hospital", "care")[index // 7]
        printed[facility].append([int(c.replace(",", "").replace("円", "")) for c in row if c.endswith("円") and "万" not in c and "億" not in c])
    for facility, table_rows in printed.items():
        tables = facts.tables_for(facility)
        for plan_index, cells in enumerate(table_rows):
            plan = f"H{plan_index + 1}"
            assert cells == [t.premiums_yen[plan] for t in tables], (facility, plan)


def test_plan_limits_are_printed_in_section_8():
    text = get_section("sec-08").text
    for plan in get_facts().plans:
        row = next(line for line in text.splitlines() if line.startswith(plan.id + "\t"))
        assert man_yen(plan.liability_limit_yen) in row
        assert man_yen(plan.response_cost_limit_yen) in row
        assert plan.deductible_yen == 0
    assert "なし" in next(line for line in text.splitlines() if line.startswith("H1\t"))


def test_every_contact_phone_is_printed_in_its_section():
    facts = get_facts()
    for contact in [*facts.contacts, *facts.inquiry_contacts]:
        assert contact.phone in get_section(contact.source).text, contact.id
        if contact.fax:
            assert contact.fax in get_section(contact.source).text, contact.id


def test_contact_hours_match_the_pamphlet():
    facts = get_facts()
    desk, jma, agent, branch, adr = (facts.contact(i) for i in ("sompo_desk", "jma_line", "agent", "sompo_branch", "sonpo_adr"))
    assert (desk.hours.days, desk.hours.open, desk.hours.close) == ("every_day", "00:00", "24:00")
    assert (desk.full_service.days, desk.full_service.open, desk.full_service.close) == ("weekdays", "09:00", "17:00")
    assert (jma.hours.days, jma.hours.open, jma.hours.close) == ("every_day", "06:00", "21:00")
    for weekday_line in (agent, branch):
        assert (weekday_line.hours.days, weekday_line.hours.open, weekday_line.hours.close) == ("weekdays", "09:00", "17:00")
    assert (adr.hours.days, adr.hours.open, adr.hours.close, adr.hours.closed_new_year_break) == ("weekdays", "09:15", "17:00", True)
    assert "6時~21時" in get_section("sec-11").text
    assert "午前9時15分から午後5時まで" in get_section("sec-17").text


def test_subsidy_amounts_are_printed_in_section_11():
    facts = get_facts()
    text = _compact(get_section("sec-11").text)
    subsidy = facts.subsidy
    assert man_yen(subsidy.cyber.base_yen) in text
    assert man_yen(subsidy.leak.amount_yen) in text
    for period in subsidy.cyber.closure_periods:
        for amount in (period.per_day_yen, period.max_yen, period.flat_yen):
            if amount is not None:
                assert man_yen(amount) in text
    assert "2023年6月1日" in text and "2022年6月1日~2023年5月31日" in text


def test_exclusions_duties_and_claims_are_complete():
    facts = get_facts()
    assert [e.mark for e in facts.exclusions.common] == list("①②③④⑤⑥⑦⑧⑨⑩⑪")
    assert [e.mark for e in facts.exclusions.cost_specific] == list("①②③")
    assert [d.mark for d in facts.duties_after_accident.items] == [f"{i}." for i in range(1, 8)]
    # The claim's papers (sec-16) and when the insurer pays (sec-17) are quoted by the rulings table, each line
    # checked to stand in its section (knowledge/rulings.yaml claim_documents, payment_timing).
    rulings = {r.id: r for r in get_rulings().rulings}
    assert sum(line.startswith(tuple("①②③④⑤")) for line in rulings["claim_documents"].also) == 5
    assert "30日以内" in rulings["payment_timing"].statement and "30日以内" in get_section("sec-17").text


def test_basis_and_custom_design():
    facts = get_facts()
    basis = facts.premium_basis
    assert (basis.period_years, basis.group_discount_percent, basis.declaration_discount_percent, basis.payment) == (1, 20, 30, "一括払")
    assert basis.label in get_section("sec-08").text.replace("<", "").replace(">", "")
    assert (facts.custom_design.liability_max_yen, facts.custom_design.response_cost_max_yen) == (1_000_000_000, 300_000_000)
    assert facts.terms.insurance_period.start.isoformat() == "2025-08-01T16:00:00+09:00"
    assert facts.terms.insurance_period.end.isoformat() == "2026-08-01T16:00:00+09:00"
    assert facts.terms.application_deadline.date.isoformat() == "2025-06-06"


def test_the_quoted_joining_terms_are_the_pamphlets_words():
    facts = get_facts()
    for fact in facts.joining_unit:  # shown in 「」: word for word
        assert _compact(fact.text) in _compact(get_section(fact.source).text)


# --- a broken fact file is refused with a message naming the entry -------------------------


def _mutated(mutate) -> str:
    data = yaml.safe_load(RAW)
    mutate(data)
    return yaml.safe_dump(data, allow_unicode=True)


def _refusal(raw: str) -> str:
    with pytest.raises(FactsError) as caught:
        parse_facts(raw, known_sections=SECTIONS)
    return str(caught.value)


def test_missing_premium_cell_is_refused_by_name():
    message = _refusal(_mutated(lambda d: d["premium_tables"][2]["premiums_yen"].pop("H5")))
    assert "premium_tables.2.premiums_yen" in message and "H5" in message


def test_unknown_source_section_is_refused_by_name():
    def mutate(d):
        d["plans"][0]["source"] = "sec-99"

    assert "sec-99" in _refusal(_mutated(mutate))


def test_bad_phone_number_is_refused_by_name():
    def mutate(d):
        d["contacts"][0]["phone"] = "0120-318"

    message = _refusal(_mutated(mutate))
    assert "contacts.0.phone" in message and "0120-318" in message


def test_misspelt_key_is_refused_by_name():
    def mutate(d):
        d["subsidy"]["cyber"]["base_yenn"] = d["subsidy"]["cyber"].pop("base_yen")

    message = _refusal(_mutated(mutate))
    assert "subsidy.cyber.base_yen" in message


def test_missing_plan_is_refused():
    message = _refusal(_mutated(lambda d: d["plans"].pop(3)))
    assert "H1–H7" in message


def test_missing_required_contact_is_refused():
    def mutate(d):
        d["contacts"] = [c for c in d["contacts"] if c["id"] != "jma_line"]

    assert "jma_line" in _refusal(_mutated(mutate))


def test_overlapping_subsidy_periods_are_refused():
    def mutate(d):
        d["subsidy"]["cyber"]["closure_periods"][1]["to"] = "2023-06-30"

    assert "closure periods" in _refusal(_mutated(mutate))


def test_negative_amount_is_refused():
    def mutate(d):
        d["subsidy"]["leak"]["amount_yen"] = -50000

    assert "subsidy.leak.amount_yen" in _refusal(_mutated(mutate))


def test_invalid_yaml_is_refused():
    assert "not valid YAML" in _refusal("plans: [unclosed")


def test_hours_that_close_before_they_open_are_refused():
    def mutate(d):
        d["contacts"][1]["hours"]["close"] = "05:00"

    assert "contacts.1.hours" in _refusal(_mutated(mutate))
