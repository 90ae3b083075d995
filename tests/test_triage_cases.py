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

import pytest

from bot.triage_eval import TriageResult, load, run

DATA = Path(__file__).with_name("data")
CASES = DATA / "triage_cases" / "cases.json"
PASSING_AT_LEAST = 52
# Sets read while tuning: (file, frozen hash or None, passing at least). The second (written after
# the first was used): 30/44 on first contact, 36 after reading. The third: 22/45 at 6013cbc, 24/45
# after the work on probe 17 and before its failures were read, 43/45 since. The fourth: 7/45 at
# 6013cbc, 18/45 at ff3989d (unread), 36/45 since; its status failures (9) expect 'open' where the
# bot summarised on its own after the last question was answered (see the set's README). Probe 17's
# dialogues and reports carry their expectations as record fields (case material, not frozen).
READ_SETS = {
    "set 2": (DATA / "triage_cases2" / "cases.json", "15307bc8fb55d64cff724ab777f1adecd490d28681a203139c8036604a2925ce", 36),
    "set 3": (DATA / "triage_cases3" / "cases.json", "1caf558c326280315a452e8443a0cab915ea54a29d3a3c3e798914cfaee467c6", 43),
    "set 4": (DATA / "triage_cases4" / "cases.json", "474db889265d6ae8d656d40938c2fcf35431c2f720e343a25f86b57dd93f1a74", 36),
    "probe 17": (DATA / "triage_probe17" / "records.json", None, 36),
    # The fifth: 12/40 at 6013cbc and 24/40 at 806b1e7 while blind; read since (session 13), 36/40.
    "set 5": (DATA / "triage_cases5" / "cases.json", "edf94eba979e767366dfb20b3207440fdd14071c161f0d4a34122e6323fb8ba8", 37),
    # The seventh: 17/40 at 806b1e7 and 18/40 at e513908 while blind; read since set 8 was written
    # (session 14).
    "set 7": (DATA / "triage_cases7" / "cases.json", "500cd26049a139db07b6c902bf485a7c2240aad71adde954f2a4fab41123ef6a", 27),
    # The eighth: 20/40 at e513908 and at 8188647 while blind; read since set 9 was written (session 15).
    "set 8": (DATA / "triage_cases8" / "cases.json", "80738c47c1edfbcdbccb581ae12501112fced76ab29e496e9f5355935813e843", 31),
    # The ninth: 12/40 at 8188647 and 13/40 at 18a8698 while blind; read since set 10 was written
    # (session 16).
    "set 9": (DATA / "triage_cases9" / "cases.json", "a6e91d8fba2f78e670f747e737dadda25f4a3bd9fdfcd6bb0dc7fd64937254cf", 24),
    # The tenth: 8/40 at 18a8698 and 13/40 at a5cf924 while blind; read since set 11 was written
    # (session 17).
    "set 10": (DATA / "triage_cases10" / "cases.json", "727f86d2b0c01699ac7b75813f1b735daa2ae1d2bac60afb3172955a8a311823", 32),
}
# Sets never read: the sixth, 19/40 at 6013cbc and 29/40 at e8e4c95, 30/40 at e513908, 31/40 since
# (after set 7 was read); the eleventh (written at the start of session 17), 8/40 at a5cf924, 14/40
# after set 10 was read.
BLIND_SETS = {
    "set 6": (DATA / "triage_cases6" / "cases.json", "daefa2887f36c97e48184bb805300927b1ed5accfcff67ec3781f23456acb19f", 31),
    "set 11": (DATA / "triage_cases11" / "cases.json", "3ad4ad77a0837f08b91b7d249e9843f5e3004475cbf3b41f50bd84cbc2ef8da6", 14),
}
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


@pytest.mark.parametrize(("path", "frozen", "at_least"), READ_SETS.values(), ids=READ_SETS.keys())
def test_a_read_triage_set_holds_its_level_and_stores_no_command(path, frozen, at_least):
    assert frozen is None or hashlib.sha256(path.read_bytes()).hexdigest() == frozen
    cases = load(path)
    results = run(cases)
    failing = [f"{r.id}: {'; '.join(r.problems)}" for r in results if not r.passed]
    passed = len(results) - len(failing)
    assert passed >= at_least, f"{passed}/{len(results)} pass; failing:\n" + "\n".join(failing)
    for case, result in zip(cases, results):
        for word in COMMANDS:
            assert result.notice is None or word not in result.notice, f"{case['id']}: {word} in the notice"


@pytest.mark.parametrize(("path", "frozen", "at_least"), BLIND_SETS.values(), ids=BLIND_SETS.keys())
def test_a_blind_set_holds_its_level_without_showing_its_failures(path, frozen, at_least):
    """These sets have never had their failures read: a drop is reported as a count only
    (benchmarks/triage.py prints their per-field shares)."""
    assert hashlib.sha256(path.read_bytes()).hexdigest() == frozen
    passed = sum(r.passed for r in run(load(path)))
    assert passed >= at_least, f"blind {path.parent.name}: {passed} pass, was {at_least}"
