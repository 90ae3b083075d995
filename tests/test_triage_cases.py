"""The incident triage on dialogue case files written blind to the code (tests/data/triage_cases/).

The cases were written before typed triage was built and are never edited after scoring (see
their README). On first contact (the first run of typed triage) 31 of 53 passed; the ratchet holds today's level, and two cases
whose expected kind is a judgement call (a vendor-investigated outage that might be a virus, a
cloud share left public) are listed in the README of the set as open.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from bot.triage_eval import TriageResult, load, run

CASES = Path(__file__).with_name("data") / "triage_cases" / "cases.json"
PASSING_AT_LEAST = 51
COMMANDS = ("まとめ", "最初から", "キャンセル", "訂正")
FROZEN_SHA256 = "4b3517b5912b54f5b37c117cf4ea459000a92ee1011700baaf536eb0ca277e79"


@lru_cache(maxsize=1)
def results() -> tuple[TriageResult, ...]:
    return tuple(run(load(CASES)))


def test_the_blind_triage_cases_hold_their_level():
    failing = [f"{r.id}: {'; '.join(r.problems)}" for r in results() if not r.passed]
    passed = len(results()) - len(failing)
    assert passed >= PASSING_AT_LEAST, f"{passed}/{len(results())} pass; failing:\n" + "\n".join(failing)


def test_every_notice_draft_holds_only_answers_to_its_own_fields():
    """No user message and no command word is copied into the insurer's notice."""
    leaks = []
    for case, result in zip(load(CASES), results()):
        notice = result.notice
        if notice is None:
            continue
        for turn in case["turns"]:
            text = turn["text"].strip()
            if len(text) >= 6 and text in notice:
                leaks.append(f"{case['id']}: message copied into the notice: {text!r}")
        for word in COMMANDS:
            if word in notice:
                leaks.append(f"{case['id']}: command {word!r} in the notice")
    assert not leaks, "\n".join(leaks)


def test_the_case_file_is_the_frozen_one():
    """Failures go to the code or to new cases with new ids, never into this file."""
    assert hashlib.sha256(CASES.read_bytes()).hexdigest() == FROZEN_SHA256
