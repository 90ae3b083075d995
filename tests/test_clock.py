"""Which line answers at a moment (JST, Japanese holidays), and when each answers next."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.clock import JST, contacts_at, holiday_name, is_within, parse_moment
from knowledge.models import get_facts


def status(moment: str, contact_id: str):
    report = contacts_at(parse_moment(moment))
    return next(c for c in report.contacts if c.id == contact_id)


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=JST)


def test_contract_ids_in_order():
    ids = [c.id for c in contacts_at(at("2026-12-02T11:00")).contacts]
    assert ids == ["sompo_desk", "jma_line", "agent", "sompo_branch", "sonpo_adr"]


def test_weekday_daytime_everyone_answers():
    report = contacts_at(at("2026-12-02T11:00"))  # Wednesday
    assert all(c.open_now for c in report.contacts)
    desk = report.contacts[0]
    assert desk.full_service_now is True and desk.full_service_from == at("2026-12-02T11:00")


def test_weekday_night():
    desk = status("2026-12-02T23:30:00+09:00", "sompo_desk")
    assert desk.open_now and desk.full_service_now is False
    assert desk.full_service_from == at("2026-12-03T09:00")
    jma = status("2026-12-02T23:30:00+09:00", "jma_line")
    assert not jma.open_now and jma.next_open == at("2026-12-03T06:00")


def test_saturday_afternoon_full_service_from_monday():
    desk = status("2026-12-05T15:00:00+09:00", "sompo_desk")
    assert desk.open_now and desk.full_service_from == at("2026-12-07T09:00")
    assert status("2026-12-05T15:00:00+09:00", "jma_line").open_now
    agent = status("2026-12-05T15:00:00+09:00", "agent")
    assert not agent.open_now and agent.next_open == at("2026-12-07T09:00")


def test_labour_thanksgiving_day():
    assert holiday_name(dt.date(2026, 11, 23)) == "勤労感謝の日"
    agent = status("2026-11-23T10:00:00+09:00", "agent")
    assert not agent.open_now and agent.next_open == at("2026-11-24T09:00") and agent.holiday == "勤労感謝の日"
    assert status("2026-11-23T10:00:00+09:00", "sompo_desk").full_service_from == at("2026-11-24T09:00")
    assert status("2026-11-23T10:00:00+09:00", "jma_line").open_now


def test_silver_week_2026_with_the_sandwiched_holiday():
    assert holiday_name(dt.date(2026, 9, 22)) == "国民の休日"
    for moment in ("2026-09-19T10:00", "2026-09-22T12:00", "2026-09-23T16:00"):
        assert status(moment, "agent").next_open == at("2026-09-24T09:00"), moment
        assert status(moment, "sompo_desk").full_service_from == at("2026-09-24T09:00"), moment
        assert status(moment, "sonpo_adr").next_open == at("2026-09-24T09:15"), moment


def test_golden_week_2026_with_the_substitute_holiday():
    assert holiday_name(dt.date(2026, 5, 6)) == "振替休日"
    assert status("2026-05-01T16:59", "agent").open_now  # Friday before
    assert status("2026-05-02T10:00", "agent").next_open == at("2026-05-07T09:00")
    assert status("2026-05-06T10:00", "sompo_desk").full_service_from == at("2026-05-07T09:00")
    assert status("2026-05-06T10:00", "jma_line").open_now


def test_new_year():
    assert holiday_name(dt.date(2027, 1, 1)) == "元日"
    agent = status("2027-01-01T10:00", "agent")
    assert not agent.open_now and agent.next_open == at("2027-01-04T09:00")
    adr = status("2026-12-29T10:00", "sonpo_adr")  # a Tuesday, but the ADR centre's New Year break
    assert not adr.open_now and adr.next_open == at("2027-01-04T09:15")
    assert any("12月29日〜1月3日" in n for n in adr.notes)
    # The pamphlet is silent on the agent's year-end days: the answer says so.
    assert any("年末年始" in n for n in status("2026-12-30T10:00", "agent").notes)
    assert status("2027-01-01T03:00", "sompo_desk").open_now
    assert status("2027-01-01T06:00", "jma_line").open_now


@pytest.mark.parametrize(
    ("moment", "contact", "open_now", "next_open"),
    [
        ("2026-12-02T05:59", "jma_line", False, "2026-12-02T06:00"),
        ("2026-12-02T06:00", "jma_line", True, None),
        ("2026-12-02T20:59", "jma_line", True, None),
        ("2026-12-02T21:00", "jma_line", False, "2026-12-03T06:00"),
        ("2026-12-02T08:59", "agent", False, "2026-12-02T09:00"),
        ("2026-12-02T09:00", "agent", True, None),
        ("2026-12-02T16:59", "agent", True, None),
        ("2026-12-02T17:00", "agent", False, "2026-12-03T09:00"),
        ("2026-12-04T17:00", "sompo_branch", False, "2026-12-07T09:00"),  # Friday evening
        ("2026-12-02T09:14", "sonpo_adr", False, "2026-12-02T09:15"),
        ("2026-12-02T09:15", "sonpo_adr", True, None),
    ],
)
def test_boundaries(moment, contact, open_now, next_open):
    s = status(moment, contact)
    assert s.open_now is open_now
    assert s.next_open == (at(next_open) if next_open else None)


@pytest.mark.parametrize(
    ("moment", "full_now", "full_from"),
    [
        ("2026-12-02T08:59", False, "2026-12-02T09:00"),
        ("2026-12-02T09:00", True, "2026-12-02T09:00"),
        ("2026-12-02T16:59", True, "2026-12-02T16:59"),
        ("2026-12-02T17:00", False, "2026-12-03T09:00"),
    ],
)
def test_sompo_desk_always_takes_calls_and_full_service_boundaries(moment, full_now, full_from):
    s = status(moment, "sompo_desk")
    assert s.open_now is True
    assert s.full_service_now is full_now and s.full_service_from == at(full_from)


def test_offsets_are_converted_to_jst():
    assert not status("2026-12-02T14:30:00+00:00", "jma_line").open_now  # 23:30 JST
    assert status("2026-12-02T00:30:00Z", "agent").open_now  # 9:30 JST


@settings(max_examples=200)
@given(st.datetimes(min_value=dt.datetime(2026, 1, 1), max_value=dt.datetime(2028, 12, 31)))
def test_next_open_is_really_open_and_not_in_the_past(naive):
    moment = naive.replace(tzinfo=JST)
    facts = get_facts()
    for c in contacts_at(moment).contacts:
        hours = facts.contact(c.id).hours
        if c.open_now:
            assert c.next_open is None and is_within(hours, moment)
        else:
            assert c.next_open > moment and is_within(hours, c.next_open)
            assert not is_within(hours, c.next_open - dt.timedelta(minutes=1))
