"""Ratchet on blind evaluation set 15 (tests/data/eval_blind15/, the eval-case format, written by a
helper from the pamphlet and facts only, split in two halves). The dev half is read while tuning;
the test half never (only its count is looked at, here and in the session notes).

First contact at 806b1e7: dev 48/60, test 46/60. After reading the dev half (session 13): a plan
named by its rank, the limits asked inside a quote, contacts asked in hiragana, an incident said to
be over in everyday words, a short follow-up to the last question answered beside an incident, a
payment for a year alone: see the counts below.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from bot.evaluate import Case, run_cases

CASES = Path(__file__).parent / "data" / "eval_blind15" / "cases.json"
# Turns without a time of their own: a Wednesday morning inside the insurance period the set uses.
DEFAULT_NOW = dt.datetime(2026, 6, 3, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=9)))
PASSING_AT_LEAST = {"dev": 53, "test": 46}


@pytest.mark.parametrize("split", sorted(PASSING_AT_LEAST))
def test_the_blind_eval_set_holds_its_level(split):
    raw = json.loads(CASES.read_text(encoding="utf-8"))
    cases = [Case.model_validate(c) for c in raw if c["split"] == split]
    assert len(cases) == 60
    passed = sum(r.passed for r in run_cases(cases, default_now=DEFAULT_NOW))
    assert passed >= PASSING_AT_LEAST[split], f"{split}: {passed}/60 pass, was {PASSING_AT_LEAST[split]}"
