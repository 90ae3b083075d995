"""The written notice's own items (insured, address, place, witnesses, claim, other insurance) on dialogue
case files written blind to the code (tests/data/notice_cases*/README.md), through the whole engine.

The first set was read while the reader was built (18/45 on first contact, 40/45 since); the second was
never read, and its test shows only totals (7/40 on first contact, 12/40 since). Each ratchet holds
today's level; the files are frozen.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import pytest

from bot.notice_eval import NoticeResult, field_totals, load, run

DATA = Path(__file__).with_name("data")
SETS = {
    "read": (DATA / "notice_cases" / "cases.json", "129ca4faf2c9649a62667f548ff3374c58e3d8ec8827d1c24e2b42ee8b9f231a", 40),
    "blind": (DATA / "notice_cases2" / "cases.json", "08b9263b57cafd595d20ec24c62c680c7eb8eb642730bd65b73d14accd9b8bde", 12),
}


@lru_cache(maxsize=2)
def results(name: str) -> tuple[NoticeResult, ...]:
    return tuple(run(load(SETS[name][0])))


@pytest.mark.parametrize("name", SETS)
def test_a_notice_case_file_is_the_frozen_one(name):
    path, frozen, _ = SETS[name]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == frozen


def test_the_read_notice_cases_hold_their_level():
    _, _, at_least = SETS["read"]
    failing = [f"{r.id}: {'; '.join(r.problems)}" for r in results("read") if not r.passed]
    passed = len(results("read")) - len(failing)
    assert passed >= at_least, f"{passed}/{len(results('read'))} pass; failing:\n" + "\n".join(failing)


def test_the_blind_notice_cases_hold_their_level_without_showing_their_failures():
    _, _, at_least = SETS["blind"]
    passed = sum(r.passed for r in results("blind"))
    totals = {name: f"{right}/{asked}" for name, (right, asked) in field_totals(list(results("blind"))).items()}
    assert passed >= at_least, f"{passed}/{len(results('blind'))} pass; by field {totals}"


# Traps held today: none on the read set; on the blind set, its count only (3 on first contact and since).
TRAPS_AT_MOST = {"read": 0, "blind": 3}


@pytest.mark.parametrize("name", SETS)
def test_traps_stay_out_of_the_notice_items(name):
    """Another hospital's name, a patient's address, a claim only supposed: not in the insurer's notice."""
    trapped = [f"{r.id}: {p}" for r in results(name) for p in r.problems if " holds " in p]
    shown = "" if name == "blind" else ":\n" + "\n".join(trapped)
    assert len(trapped) <= TRAPS_AT_MOST[name], f"{len(trapped)} traps held{shown}"
