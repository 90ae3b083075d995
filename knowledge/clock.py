"""Which help line answers at a given moment, and when each one answers next.

Times are Japan Standard Time (no daylight saving, so a fixed +09:00 offset is exact).
Public holidays come from the maintained `holidays` package, which knows substitute holidays
(振替休日) and sandwiched ones (国民の休日); the hours themselves come from knowledge/facts.yaml.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from pydantic import BaseModel

from knowledge.models import Contact, Facts, Hours, get_facts

JST = dt.timezone(dt.timedelta(hours=9), "JST")
_SEARCH_DAYS = 40  # longer than any run of closed days (New Year break + weekends + holidays)


class ClockError(ValueError):
    """A moment that cannot be read; the message is one clear sentence."""


@lru_cache(maxsize=1)
def _japan_holidays():  # type: ignore[no-untyped-def]
    import holidays  # imported here so that a quote never pays for it

    return holidays.country_holidays("JP", language="ja")


def to_jst(moment: dt.datetime) -> dt.datetime:
    """A moment in JST; a naive datetime is taken to be JST already (staff write local time)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=JST)
    return moment.astimezone(JST)


# The years the clock answers for: next openings, holidays and the year-end break are computed a
# few days ahead, so a moment at the edge of what datetime can hold (9999-12-31) would overflow.
SUPPORTED_YEARS = range(2000, 2100)


def check_moment(moment: dt.datetime) -> dt.datetime:
    """The moment itself, or a ClockError in one sentence when the clock cannot answer for it."""
    if moment.year not in SUPPORTED_YEARS or to_jst(moment).year not in SUPPORTED_YEARS:
        raise ClockError(
            f"{SUPPORTED_YEARS.start}年〜{SUPPORTED_YEARS.stop - 1}年の日時を指定してください（受け取った日時: {moment.isoformat()}）"
        )
    return moment


def parse_moment(text: str) -> dt.datetime:
    """ISO 8601 ('2026-12-02T23:30:00+09:00', or without offset meaning JST) -> JST datetime."""
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise ClockError(f"「{text}」は日時として読めません。例: 2026-12-02T23:30:00+09:00") from exc
    return to_jst(check_moment(moment))


def now_jst() -> dt.datetime:
    return dt.datetime.now(JST)


def holiday_name(day: dt.date) -> str | None:
    """The Japanese name of the public holiday on `day`, or None."""
    name = _japan_holidays().get(day)
    return str(name) if name else None


def in_new_year_break(day: dt.date, facts: Facts | None = None) -> bool:
    facts = facts or get_facts()
    return facts.calendar.new_year_break.contains(day)


def is_weekday(day: dt.date, *, new_year_break: bool = False, facts: Facts | None = None) -> bool:
    """平日: Monday to Friday and not a public holiday (optionally also not in the New Year break)."""
    if day.weekday() >= 5 or holiday_name(day) is not None:
        return False
    return not (new_year_break and in_new_year_break(day, facts))


def _day_open(hours: Hours, day: dt.date, facts: Facts) -> bool:
    if hours.days == "every_day":
        return True
    return is_weekday(day, new_year_break=hours.closed_new_year_break, facts=facts)


def _window(hours: Hours, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    midnight = dt.datetime(day.year, day.month, day.day, tzinfo=JST)
    return (
        midnight + dt.timedelta(minutes=Hours.minutes(hours.open)),
        midnight + dt.timedelta(minutes=Hours.minutes(hours.close)),
    )


def is_within(hours: Hours, moment: dt.datetime, facts: Facts | None = None) -> bool:
    facts = facts or get_facts()
    moment = to_jst(moment)
    day = moment.date()
    if not _day_open(hours, day, facts):
        return False
    start, end = _window(hours, day)
    return start <= moment < end


def next_start(hours: Hours, moment: dt.datetime, facts: Facts | None = None) -> dt.datetime:
    """The first moment at or after `moment` when the window is open (the moment itself if open now)."""
    facts = facts or get_facts()
    moment = to_jst(moment)
    if is_within(hours, moment, facts):
        return moment
    for offset in range(_SEARCH_DAYS):
        day = moment.date() + dt.timedelta(days=offset)
        if not _day_open(hours, day, facts):
            continue
        start, _ = _window(hours, day)
        if start >= moment:
            return start
    raise ClockError(f"{_SEARCH_DAYS}日以内に受付時間が見つかりません（設定を確認してください）。")


def closes_at(hours: Hours, moment: dt.datetime) -> dt.datetime | None:
    """When the current window ends, for a line that is open now; None for a 24-hour line."""
    moment = to_jst(moment)
    if hours.open == "00:00" and hours.close == "24:00" and hours.days == "every_day":
        return None
    return _window(hours, moment.date())[1]


class ContactStatus(BaseModel):
    id: str
    name: str
    phone: str
    hours: str
    open_now: bool
    next_open: dt.datetime | None
    closes_at: dt.datetime | None
    full_service_now: bool | None
    full_service_from: dt.datetime | None
    holiday: str | None
    notes: list[str]
    source: str


class ContactsReport(BaseModel):
    now: dt.datetime
    contacts: list[ContactStatus]


def _weekday_service(contact: Contact) -> bool:
    windows = [contact.hours] + ([contact.full_service] if contact.full_service else [])
    return any(w.days == "weekdays" for w in windows)


def _near_new_year(moment: dt.datetime, facts: Facts) -> bool:
    """True when the moment, or the next week, touches the New Year break."""
    return any(in_new_year_break(moment.date() + dt.timedelta(days=d), facts) for d in range(7))


def contact_status(contact: Contact, moment: dt.datetime, facts: Facts | None = None) -> ContactStatus:
    """Whether `contact` answers at `moment`, when it answers next, and (SOMPO desk) when full service starts."""
    facts = facts or get_facts()
    moment = to_jst(moment)
    notes: list[str] = []
    open_now = is_within(contact.hours, moment, facts)
    next_open = None if open_now else next_start(contact.hours, moment, facts)
    closing = closes_at(contact.hours, moment) if open_now else None
    new_year = facts.calendar.new_year_break
    if contact.hours.closed_new_year_break and _near_new_year(moment, facts):
        notes.append(new_year.note)
    elif _weekday_service(contact) and _near_new_year(moment, facts):
        # The pamphlet is silent on these lines' year-end hours; say so rather than guess.
        notes.append(new_year.unstated_note)
    full_now = full_from = None
    if contact.full_service is not None:
        full_now = is_within(contact.full_service, moment, facts)
        full_from = next_start(contact.full_service, moment, facts)
        if contact.service_note:
            notes.append(contact.service_note)
    return ContactStatus(
        id=contact.id, name=contact.name, phone=contact.phone, hours=contact.hours_text,
        open_now=open_now, next_open=next_open, closes_at=closing,
        full_service_now=full_now, full_service_from=full_from,
        holiday=holiday_name(moment.date()), notes=notes, source=contact.source,
    )


def contacts_at(moment: dt.datetime, facts: Facts | None = None) -> ContactsReport:
    """Every contact's status at `moment`, in the order of the fact file."""
    facts = facts or get_facts()
    moment = to_jst(moment)
    return ContactsReport(now=moment, contacts=[contact_status(c, moment, facts) for c in facts.contacts])
