"""`clinic-bot eval CASES.json`: run case files against the engine (format in ../shared/ARCHITECTURE.md).

A turn passes when its reply contains one alternative of every `expect` group and none of
`forbid`, compared after NFKC with commas and whitespace removed.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tempfile
import unicodedata
import uuid
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from bot.engine import Engine
from bot.runtime import LazyRetriever
from bot.settings import Settings
from bot.store.sqlite import SQLiteStore
from handlers.messages import Inbound, Reply
from knowledge.clock import JST


class Turn(BaseModel):
    text: str
    now: dt.datetime | None = None
    expect: list[list[str]] = []
    forbid: list[str] = []


class Case(BaseModel):
    id: str
    cat: str
    intent: str | None = None
    turns: list[Turn] = Field(min_length=1)


class TurnResult(BaseModel):
    case: str
    turn: int
    passed: bool
    problems: list[str]
    reply: str
    sources: list[str] = []


class CaseResult(BaseModel):
    id: str
    cat: str
    passed: bool
    turns: list[TurnResult]


def squash(text: str) -> str:
    return re.sub(r"[,\s]", "", unicodedata.normalize("NFKC", text))


def reply_text(reply: Reply) -> str:
    """What a user sees: the texts, plus the labels of the buttons offered."""
    labels = " ".join(q.label for q in reply.quick_replies)
    return reply.plain_text() + ("\n" + labels if labels else "")


def check_turn(turn: Turn, reply: Reply) -> list[str]:
    seen = squash(reply_text(reply))
    problems = [f"expected one of {group}" for group in turn.expect if not any(squash(alt) in seen for alt in group)]
    problems += [f"forbidden {word!r}" for word in turn.forbid if squash(word) in seen]
    return problems


def load_cases(path: Path, categories: set[str] | None = None) -> list[Case]:
    try:
        raw: Any = json.loads(path.read_text(encoding="utf-8"))
        cases = [Case.model_validate(item) for item in raw]
    except (OSError, json.JSONDecodeError, ValidationError, TypeError) as exc:
        raise ValueError(f"{path}: not a case file ({exc.__class__.__name__}: {str(exc)[:200]})") from exc
    return [c for c in cases if not categories or c.cat in categories]


def run_case(engine: Engine, case: Case, default_now: dt.datetime) -> CaseResult:
    session = f"eval:{case.id}:{uuid.uuid4().hex[:8]}"
    results = []
    for index, turn in enumerate(case.turns):
        reply = engine.handle(Inbound(session_key=session, text=turn.text, at=turn.now or default_now, channel="eval"))
        problems = check_turn(turn, reply)
        if index == 0 and case.intent and reply.intent != case.intent:
            problems.append(f"intent {reply.intent!r}, expected {case.intent!r}")
        results.append(TurnResult(case=case.id, turn=index, passed=not problems, problems=problems,
                                  reply=reply_text(reply), sources=[s.section for s in reply.sources]))
    return CaseResult(id=case.id, cat=case.cat, passed=all(t.passed for t in results), turns=results)


def run_cases(cases: list[Case], default_now: dt.datetime | None = None, settings: Settings | None = None) -> list[CaseResult]:
    """Each run uses a throwaway store, so evaluation never writes into the real data directory;
    it reads the pamphlet index the settings point to (`clinic-bot index build`; without one,
    coverage questions are answered from the lexical index alone)."""
    default_now = default_now or dt.datetime.now(JST)
    settings = settings or Settings.from_env()
    with tempfile.TemporaryDirectory(prefix="clinic-bot-eval-") as tmp:
        store = SQLiteStore(Path(tmp) / "eval.sqlite3")
        try:
            engine = Engine(store, retriever=LazyRetriever(settings.pamphlet_index_dir,
                                                           dense=settings.retrieval == "hybrid"))
            return [run_case(engine, case, default_now) for case in cases]
        finally:
            store.close()


def summary(results: list[CaseResult]) -> str:
    lines = []
    by_cat: dict[str, list[CaseResult]] = {}
    for result in results:
        by_cat.setdefault(result.cat, []).append(result)
    for cat, items in sorted(by_cat.items()):
        ok = sum(r.passed for r in items)
        lines.append(f"{cat:<12} {ok}/{len(items)}")
    for result in results:
        for turn in result.turns:
            if not turn.passed:
                lines.append(f"FAIL {turn.case} turn {turn.turn}: {'; '.join(turn.problems)}")
                lines.append("     " + turn.reply.replace("\n", " ")[:300])
    passed = sum(r.passed for r in results)
    lines.append(f"{passed} passed, {len(results) - passed} failed")
    return "\n".join(lines)
