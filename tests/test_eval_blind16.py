"""Ratchet on blind evaluation set 16 (tests/data/eval_blind16/, the eval-case format, written by a
helper from the pamphlet and facts only, split in two halves; its successor of set 15). The dev
half is read while tuning; the test half never (only its count is looked at, here and in the
session notes).

First contact at e513908 (the start of session 14): dev 37/60, test 40/60. After reading the dev half
(session 14): a report closing with "What should we do?", the reports owed asked inside an incident,
a size or two plans by rank as a follow-up in a quote, payment questions about dated past attacks,
one day named as closed, English payment questions: see the counts below.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from bot.evaluate import Case, run_cases

CASES = Path(__file__).parent / "data" / "eval_blind16" / "cases.json"
# Turns without a time of their own: a Wednesday morning after every moment the set names (2027),
# so that a payment question about a day of that year asks about the past.
DEFAULT_NOW = dt.datetime(2028, 1, 5, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=9)))
PASSING_AT_LEAST = {"dev": 53, "test": 40}


@pytest.mark.parametrize("split", sorted(PASSING_AT_LEAST))
def test_the_blind_eval_set_holds_its_level(split):
    raw = json.loads(CASES.read_text(encoding="utf-8"))
    cases = [Case.model_validate(c) for c in raw if c["split"] == split]
    assert len(cases) == 60
    passed = sum(r.passed for r in run_cases(cases, default_now=DEFAULT_NOW))
    assert passed >= PASSING_AT_LEAST[split], f"{split}: {passed}/60 pass, was {PASSING_AT_LEAST[split]}"
