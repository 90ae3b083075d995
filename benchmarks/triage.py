"""Incident triage on the dialogue case files, through the whole engine (bot/triage_eval.py).

Printed per set: dialogues passing every check, then per field how many of the dialogues that check
it get it right (kind, patient data, count, care stopped, closure days, when noticed, who was told,
status, notes, the notice, the replies). Blind sets are marked: their failures are never printed
(reading them would make them tuning data); --show-failures lists the others'.

    .venv/bin/python benchmarks/triage.py [--show-failures]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.triage_eval import load, run  # noqa: E402

DATA = ROOT / "tests" / "data"
# (name, file, blind): a blind set has never had its failures read.
SETS = (
    ("cases 1", DATA / "triage_cases" / "cases.json", False),
    ("cases 2", DATA / "triage_cases2" / "cases.json", False),
    ("cases 3", DATA / "triage_cases3" / "cases.json", False),
    ("cases 4", DATA / "triage_cases4" / "cases.json", False),
    ("cases 5", DATA / "triage_cases5" / "cases.json", False),
    ("cases 6", DATA / "triage_cases6" / "cases.json", True),
    ("cases 7", DATA / "triage_cases7" / "cases.json", False),
    ("cases 8", DATA / "triage_cases8" / "cases.json", False),
    ("cases 9", DATA / "triage_cases9" / "cases.json", False),
    ("cases 10", DATA / "triage_cases10" / "cases.json", False),
    ("cases 11", DATA / "triage_cases11" / "cases.json", True),
    ("probe 17", DATA / "triage_probe17" / "records.json", False),
)
FIELDS = ("kind_group", "patient_data", "affected_people", "care_stopped", "closure_days", "found", "told", "status", "notes")


def _field_of(problem: str) -> str:
    head = problem.split(":", 1)[0].split(" ", 1)[0]
    if head in FIELDS:
        return head
    if problem.startswith("notice"):
        return "notice"
    return "reply"


def _checked(case: dict) -> set[str]:
    record = case.get("record", {})
    fields = {f for f in FIELDS if f in record}
    if "told_includes" in record or "told_excludes" in record:
        fields.add("told")
    if "notes_include" in record:
        fields.add("notes")
    if case.get("notice_must_contain") or case.get("notice_must_not_contain"):
        fields.add("notice")
    if case.get("last_reply_expect") or case.get("last_reply_forbid") or any(
            t.get("reply_expect") or t.get("reply_forbid") for t in case["turns"]):
        fields.add("reply")
    return fields


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--show-failures", action="store_true", help="list the failures of the sets that are not blind")
    args = parser.parse_args()
    columns = (*FIELDS, "notice", "reply")
    print(f"{'set':16}{'pass':>9}  " + "  ".join(f"{c[:8]:>8}" for c in columns))
    for name, path, blind in SETS:
        cases = load(path)
        results = run(cases)
        checked: Counter[str] = Counter()
        wrong: Counter[str] = Counter()
        for case, result in zip(cases, results):
            checked.update(_checked(case))
            wrong.update({_field_of(p) for p in result.problems})
        passed = sum(r.passed for r in results)
        cells = "  ".join(f"{(checked[c] - wrong[c]) / checked[c]:>8.2f}" if checked[c] else f"{'-':>8}" for c in columns)
        print(f"{name + (' (blind)' if blind else ''):16}{f'{passed}/{len(results)}':>9}  {cells}")
        if args.show_failures and not blind:
            for result in results:
                if not result.passed:
                    print(f"    {result.id}: {'; '.join(result.problems)}")


if __name__ == "__main__":
    main()
