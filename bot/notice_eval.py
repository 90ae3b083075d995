"""Score the written notice's own items on dialogue case files (tests/data/notice_cases*/cases.json).

Each case is a conversation sent through the whole engine; what is checked is the incident record's
notice items (the insured institution and its address, the place, the witnesses, the damages claim,
other insurance), each against a few words of what the staff wrote — and against words that must not
land in it (another hospital's name, a patient's address, a claim only supposed).
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
from handlers.notice_details import FIELDS, NONE
from handlers.session import IncidentAnswers


@dataclass
class NoticeResult:
    id: str
    right: dict[str, bool] = field(default_factory=dict)  # per expected field
    problems: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems


def load(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


def _right(want: str | None, got: str | None) -> bool:
    if want is None:
        return got is None
    if want == "none":
        return got == NONE
    return got is not None and want in got


def score(case: dict, answers: IncidentAnswers | None) -> NoticeResult:
    result = NoticeResult(case["id"])
    for name in FIELDS:
        if name not in case.get("expect", {}):
            continue
        want, got = case["expect"][name], getattr(answers, name) if answers else None
        result.right[name] = _right(want, got)
        if not result.right[name]:
            result.problems.append(f"{name}: {got!r}, expected {want!r}")
    for name, words in case.get("must_not", {}).items():
        got = getattr(answers, name) if answers else None
        result.problems += [f"{name}: {got!r} holds {w!r}" for w in words if got and w in got]
    return result


def run(cases: list[dict]) -> list[NoticeResult]:
    with tempfile.TemporaryDirectory(prefix="clinic-bot-notice-") as tmp:
        store = SQLiteStore(Path(tmp) / "notice.sqlite3")
        try:
            engine = Engine(store)
            results = []
            for case in cases:
                key, incident_id = f"notice:{case['id']}:{uuid.uuid4().hex[:6]}", None
                for message in case["messages"]:
                    reply = engine.handle(Inbound(session_key=key, text=message["text"], at=dt.datetime.fromisoformat(message["at"]),
                                                  channel="eval"))
                    incident_id = reply.incident_id or incident_id
                record = store.get_incident(incident_id) if incident_id else None
                results.append(score(case, record.answers if record else None))
            return results
        finally:
            store.close()


def field_totals(results: list[NoticeResult]) -> dict[str, tuple[int, int]]:
    """Right and asked, per field."""
    totals: dict[str, tuple[int, int]] = {}
    for r in results:
        for name, ok in r.right.items():
            right, asked = totals.get(name, (0, 0))
            totals[name] = (right + ok, asked + 1)
    return totals
