"""knowledge.text additions: amounts with positions, English sizes, event dates and years."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.text import Size, find_amount_spans, find_date, find_size, find_year, normalize

TODAY = dt.date(2026, 12, 2)


def test_amount_spans_point_at_the_amounts():
    text = "賠償5000万円・事故対応1000万円のタイプは？"
    spans = find_amount_spans(text)
    assert [v for v, _, _ in spans] == [50_000_000, 10_000_000]
    assert [normalize(text)[s:e] for _, s, e in spans] == ["5000万円", "1000万円"]


@pytest.mark.parametrize(
    ("text", "size"),
    [("hospital with 30 beds", Size(30, "beds")), ("100-bed hospital", Size(100, "beds")),
     ("50 residents", Size(50, "people")), ("30床の病院", Size(30, "beds"))],
)
def test_english_sizes(text, size):
    assert find_size(text) == size


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023年3月にランサム", dt.date(2023, 3, 1)),
        ("令和4年5月に攻撃", dt.date(2022, 5, 1)),
        ("3月10日に発見", dt.date(2026, 3, 10)),
        ("12月5日", dt.date(2025, 12, 5)),  # the latest 12/5 not after today
        ("2023/3/10", dt.date(2023, 3, 10)),
        ("昨日の夜", dt.date(2026, 12, 1)),
        ("一昨日", dt.date(2026, 11, 30)),
        ("休業3日", None),
        ("2月30日", None),
        ("0120-318-258", None),
        ("2022年", None),  # a year alone cannot be placed against a mid-year boundary
    ],
)
def test_find_date(text, expected):
    assert find_date(text, TODAY) == expected


@pytest.mark.parametrize(("text", "year"), [("2021年に", 2021), ("令和3年に", 2021), ("令和元年", 2019), ("去年", None)])
def test_find_year(text, year):
    assert find_year(text) == year
