"""Answer one message of each kind at start-up, in a throwaway store, before /readyz says ready.

The first message of each kind loads what it needs on first use: the holiday calendar, the
rulings table, the kana vocabulary, modules imported by one handler only. Measured on a server
that said ready, the first emergency took ~250 ms, the first coverage question ~150 ms and the
first payment question ~280 ms (the next ones 5–15 ms). Naming every loader here would miss the
next one added; answering a message of each kind reaches them all.
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
import threading
from pathlib import Path

from bot.engine import Engine
from bot.store.sqlite import SQLiteStore
from handlers.messages import Inbound

log = logging.getLogger(__name__)

# One message of each kind of answer (an emergency, a coverage question, a ruled item, a quote, a
# payment, small talk, English), each the first of a conversation of its own.
REHEARSAL = (
    "ランサムウェアに感染しました",
    "罰金は補償されますか",
    "サイバー攻撃の調査費用は対象になりますか？",
    "病床100床の病院のプランAの保険料は？",
    "2024年3月5日にサイバー攻撃で3日休診しました。支援金はいくらですか",
    "こんにちは",
    "Who do I call if we are hacked?",
)


_REHEARSING = threading.local()


class _NotFromRehearsal(logging.Filter):
    """Keeps the rehearsal's ordinary log lines (「incident INC-… saved」) out of the operator's log;
    its warnings and errors (a handler that failed) stay. A filter runs in the logging thread, so a
    real message answered meanwhile logs as usual."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING or not getattr(_REHEARSING, "on", False)


_FILTER = _NotFromRehearsal()


def rehearse(engine: Engine, at: dt.datetime | None = None) -> list[str]:
    """Answers the rehearsal messages with ``engine``'s facts and retriever in a store that is then
    thrown away, and returns the kind (intent) of each answer. Never the rephraser: it would call
    an outside service at every start. A failure is logged, never raised (a server that cannot
    rehearse still answers, just slower the first time)."""
    at = at or dt.datetime.now(dt.timezone.utc)
    intents: list[str] = []
    engine_log = logging.getLogger("bot.engine")
    engine_log.addFilter(_FILTER)
    _REHEARSING.on = True
    try:
        with tempfile.TemporaryDirectory(prefix="clinic-bot-warm-up-") as tmp:
            store = SQLiteStore(Path(tmp) / "rehearsal.sqlite3")
            try:
                rehearsal = Engine(store, facts=engine.facts, retriever=engine.retriever)
                for i, text in enumerate(REHEARSAL):
                    intents.append(rehearsal.handle(Inbound(session_key=f"warm-up:{i}", text=text, at=at, channel="web")).intent)
            finally:
                store.close()
    except Exception:
        log.exception("the start-up rehearsal failed after %d messages", len(intents))
    finally:
        _REHEARSING.on = False
        engine_log.removeFilter(_FILTER)
    return intents
