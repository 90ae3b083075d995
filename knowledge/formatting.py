"""How amounts and moments are written for Japanese readers; shared by every answer."""

from __future__ import annotations

import datetime as dt

WEEKDAYS_JA = "月火水木金土日"


def yen(amount: int) -> str:
    """Yen with thousands separators: the pamphlet's own way of printing premiums."""
    return f"{amount:,}円"


def man_yen(amount: int) -> str:
    """Round amounts in 万/億 as the pamphlet writes limits and payments; others as yen()."""
    if amount >= 100_000_000 and amount % 100_000_000 == 0:
        return f"{amount // 100_000_000:,}億円"
    if amount >= 100_000_000 and amount % 10_000 == 0:
        oku, man = divmod(amount // 10_000, 10_000)
        return f"{oku:,}億{man:,}万円"
    if amount >= 10_000 and amount % 10_000 == 0:
        return f"{amount // 10_000:,}万円"
    return yen(amount)


def date_ja(day: dt.date) -> str:
    """2026-12-07 -> '12月7日（月）'."""
    return f"{day.month}月{day.day}日（{WEEKDAYS_JA[day.weekday()]}）"


def full_date_ja(day: dt.date) -> str:
    """2023-03-05 -> '2023年3月5日'."""
    return f"{day.year}年{day.month}月{day.day}日"


def moment_ja(moment: dt.datetime) -> str:
    """A JST moment as staff say it: '12月7日（月）9:00'."""
    return f"{date_ja(moment.date())}{moment.hour}:{moment.minute:02d}"
