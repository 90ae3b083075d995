"""Score the incident triage on dialogue case files (tests/data/triage_cases/cases.json).

Each case is a conversation sent through the whole engine; what is checked is what a clinic
would see: the record's fields (each answer in its own slot), its status (open, summarised,
誤報), the notice draft and the last reply. Used by tests/test_triage_cases.py and
benchmarks/answers.py.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from bot.engine import Engine
from bot.store.sqlite import SQLiteStore
from handlers.messages import Inbound
from handlers.session import IncidentRecord
from knowledge.incident_flow import get_incident_flow

UNKNOWN = {"unknown": "不明"}

# Step groups split since case files were written: a data leak had the general steps until it got steps
# of its own ("leak", session 29); a case that expects the general group for it is met by either.
GROUPS_NOW = {"general": ("general", "leak")}


@dataclass
class TriageResult:
    id: str
    problems: list[str] = field(default_factory=list)
    last_reply: str = ""
    notice: str | None = None  # the record's notice draft after the last turn

    @property
    def passed(self) -> bool:
        return not self.problems


def load(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


def _record_problems(expected: dict, record: IncidentRecord | None) -> list[str]:
    if record is None:
        return ["no incident record was opened"]
    a = record.answers
    flow = get_incident_flow()
    problems = []
    for name in ("patient_data", "affected_people", "care_stopped", "closure_days", "status"):
        if name in expected:
            got = record.status if name == "status" else getattr(a, name)
            want = expected[name]
            if isinstance(want, bool):
                want = "yes" if want else "no"  # set 7's brief wrote care_stopped as true/false (its README's erratum)
            if got != want:
                problems.append(f"{name}: {got!r}, expected {want!r}")
    if "kind_group" in expected and flow.group_of(a.kind) not in GROUPS_NOW.get(expected["kind_group"], (expected["kind_group"],)):
        problems.append(f"kind_group: {flow.group_of(a.kind)!r} ({a.kind}), expected {expected['kind_group']!r}")
    if "found" in expected:
        want = UNKNOWN.get(expected["found"], expected["found"])
        if not (a.found_at or "").startswith(want):
            problems.append(f"found: {a.found_at!r}, expected {want!r}")
    parties = set(a.told or []) | set(a.notified or [])
    for party in expected.get("told_includes", []):
        if party not in parties:
            problems.append(f"told: {sorted(parties)} lacks {party!r}")
    for party in expected.get("told_excludes", []):
        if party in parties:
            problems.append(f"told: {sorted(parties)} should not hold {party!r}")
    # A fact the case expected only as a note (「保健所にも報告しました」, written when no field held it) is kept
    # as well in the field that now holds it: the party's label among those told.
    told_labels = flow.parties_text(sorted(parties)) if parties else ""
    for note in expected.get("notes_include", []):
        if not any(note in n for n in a.notes) and note not in told_labels:
            problems.append(f"notes {a.notes!r} lack {note!r}")
    return problems


def _reply_problems(said: str, expect: list[list[str]], forbid: list[str], which: str) -> list[str]:
    """Each group of ``expect`` needs one of its strings in ``said``; no string of ``forbid`` may be there."""
    return [f"{which} lacks one of {group}" for group in expect if not any(s in said for s in group)] + [
        f"{which} holds {text!r}" for text in forbid if text in said]


def run_case(engine: Engine, store: SQLiteStore, case: dict) -> TriageResult:
    result = TriageResult(case["id"])
    key = f"triage:{case['id']}:{uuid.uuid4().hex[:6]}"
    reply = None
    incident_id = None
    for turn in case["turns"]:
        reply = engine.handle(Inbound(session_key=key, text=turn["text"], at=dt.datetime.fromisoformat(turn["now"]), channel="eval"))
        incident_id = reply.incident_id or incident_id
        result.problems += _reply_problems(reply.plain_text(), turn.get("reply_expect", []), turn.get("reply_forbid", []),
                                           f"reply to {turn['text'][:20]!r}")
    record = store.get_incident(incident_id) if incident_id else None
    result.problems += _record_problems(case.get("record", {}), record)
    if record is not None:
        result.notice = record.notice_draft
        # The record's random id (INC-20261202-A480F1) is the bot's, not an answer: a digit run in it
        # must not read as a value the user corrected away.
        notice = record.notice_draft.replace(record.id, "")
        for text in case.get("notice_must_contain", []):
            if text not in notice:
                result.problems.append(f"notice lacks {text!r}")
        for text in case.get("notice_must_not_contain", []):
            if text in notice:
                result.problems.append(f"notice holds {text!r}")
    last = reply.plain_text() if reply else ""
    result.last_reply = last
    if record is not None:
        last = last.replace(record.id, "")  # its random hex may hold a forbidden count (「74」)
    result.problems += _reply_problems(last, case.get("last_reply_expect", []), case.get("last_reply_forbid", []), "last reply")
    return result


def run(cases: list[dict], retriever: object = None) -> list[TriageResult]:
    with tempfile.TemporaryDirectory(prefix="clinic-bot-triage-") as tmp:
        store = SQLiteStore(Path(tmp) / "triage.sqlite3")
        try:
            engine = Engine(store, retriever=retriever)
            return [run_case(engine, store, case) for case in cases]
        finally:
            store.close()
