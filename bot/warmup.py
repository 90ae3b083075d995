"""Answer one message of each kind at start-up, in a throwaway store, before /readyz says ready.

The first message of each kind loads what it needs on first use: the holiday calendar, the
rulings table, the kana vocabulary, modules imported by one handler only. Measured on a server
that said ready, the first emergency took ~250 ms and the first coverage question ~150 ms (the
next ones 5–15 ms). Naming every loader here would miss the next one added; answering a message
of each kind reaches them all.
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

# One message of each kind of answer (an emergency and its triage, a coverage question, a ruled
# item, a quote, a payment, small talk), each in a conversation of its own.
REHEARSAL = (
    "ランサムウェアに感染しました",
    "罰金は補償されますか",
    "サイバー攻撃の調査費用は対象になりますか？",
    "病床100床の病院のプランAの保険料は？",
    "日本医師会のサポート金はいくらですか？",
    "こんにちは",
    "Who do I call if we are hacked?",
)


_REHEARSING = threading.local()


class _NotFromRehearsal(logging.Filter):
    """Keeps the rehearsal's log lines (「incident INC-… saved」) out of the operator's log; a
    filter runs in the logging thread, so a real message answered meanwhile still logs."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not getattr(_REHEARSING, "on", False)


_FILTER = _NotFromRehearsal()


def rehearse(engine: Engine, at: dt.datetime | None = None) -> int:
    """Answers the rehearsal messages with ``engine``'s retriever and facts in a store that is then
    thrown away. Returns how many were answered; a failure is logged, never raised (a server that
    cannot rehearse still answers, just slower the first time)."""
    at = at or dt.datetime.now(dt.timezone.utc)
    answered = 0
    engine_log = logging.getLogger("bot.engine")
    engine_log.addFilter(_FILTER)
    _REHEARSING.on = True
    try:
        with tempfile.TemporaryDirectory(prefix="clinic-bot-warm-up-") as tmp:
            store = SQLiteStore(Path(tmp) / "rehearsal.sqlite3")
            try:
                rehearsal = Engine(store, facts=engine.facts, retriever=engine.retriever, rephraser=engine.rephraser)
                for i, text in enumerate(REHEARSAL):
                    rehearsal.handle(Inbound(session_key=f"warm-up:{i}", text=text, at=at, channel="web"))
                    answered += 1
            finally:
                store.close()
    except Exception:
        log.exception("the start-up rehearsal failed after %d messages", answered)
    finally:
        _REHEARSING.on = False
        engine_log.removeFilter(_FILTER)
    return answered

