"""Dialogue case files in tests/cases/, run against the engine.

Each file is a list of cases ``{id, cat, intent?, turns: [{text, now?, expect, forbid}]}`` (the format of
``../shared/eval/example_cases.json``). One test per file: every case must pass; a failure lists each failing
turn with its problems and the bot's reply. ``coverage.json`` is run by its own test and skipped here.
Turns without ``now`` are asked on Wednesday 2026-12-02 at 11:00 JST (a weekday, inside every line's hours).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from knowledge.clock import JST

CASES_DIR = Path(__file__).parent / "cases"
REQUIRED = ("quote.json", "incident.json", "subsidy.json", "flow.json", "other.json")
HANDLED_ELSEWHERE = {"coverage.json"}
DEFAULT_NOW = dt.datetime(2026, 12, 2, 11, 0, tzinfo=JST)
REPLY_SHOWN = 600  # characters of each failing reply shown in the failure message


def _case_files() -> list[Path]:
    return sorted(p for p in CASES_DIR.glob("*.json") if p.name not in HANDLED_ELSEWHERE)


def test_case_files_exist_and_ids_are_unique() -> None:
    missing = [name for name in REQUIRED if not (CASES_DIR / name).is_file()]
    assert not missing, f"missing case files in {CASES_DIR}: {missing}"

    owners: dict[str, list[str]] = {}
    for path in sorted(CASES_DIR.glob("*.json")):
        cases = json.loads(path.read_text(encoding="utf-8"))
        assert isinstance(cases, list) and cases, f"{path.name}: not a non-empty list of cases"
        for case in cases:
            owners.setdefault(case["id"], []).append(path.name)
    duplicated = {cid: files for cid, files in owners.items() if len(files) > 1}
    assert not duplicated, f"case ids used more than once: {duplicated}"


def test_default_now_is_a_wednesday_morning_in_jst() -> None:
    assert DEFAULT_NOW.weekday() == 2 and DEFAULT_NOW.utcoffset() == dt.timedelta(hours=9)


@pytest.mark.parametrize("path", _case_files(), ids=lambda p: p.stem)
def test_case_file_passes(path: Path) -> None:
    from bot.evaluate import load_cases, run_cases

    cases = load_cases(path)
    assert cases, f"{path.name}: no cases loaded"
    results = run_cases(cases, default_now=DEFAULT_NOW)
    assert len(results) == len(cases), f"{path.name}: {len(cases)} cases but {len(results)} results"

    failures = []
    for result in results:
        if result.passed:
            continue
        bad_turns = [t for t in result.turns if not t.passed]
        if not bad_turns:  # a failed case whose turns all passed: report the case itself
            failures.append(f"{getattr(result, 'id', '?')}: failed without a failing turn")
        for turn in bad_turns:
            reply = turn.reply.replace("\n", " ⏎ ")
            if len(reply) > REPLY_SHOWN:
                reply = reply[:REPLY_SHOWN] + " …"
            failures.append(f"{turn.case} turn {turn.turn}: {'; '.join(turn.problems)}\n    reply: {reply}")

    passed = sum(1 for r in results if r.passed)
    assert not failures, (
        f"{path.name}: {passed}/{len(results)} cases pass; failing turns:\n" + "\n".join(failures)
    )

