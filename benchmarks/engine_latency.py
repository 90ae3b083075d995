"""Latency of a reply: in-process Engine.handle and POST /api/chat, over case files.

Replays every turn of the case file(s) several times (each pass with fresh session ids) and
prints p50/p95/max in milliseconds for both paths. The pamphlet index is built first (or
reused from CLINIC_BOT_INDEX_DIR), so coverage questions measure retrieval, not building.

    .venv/bin/python benchmarks/engine_latency.py [CASES.json ...] [--passes 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import tempfile
import time
import uuid
from pathlib import Path

DEFAULT_CASES = Path(__file__).resolve().parents[1] / "tests" / "cases" / "examples.json"


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return f"p50 {statistics.median(ordered):7.2f} ms   p95 {p95:7.2f} ms   max {ordered[-1]:7.2f} ms   n={len(ordered)}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("cases", nargs="*", type=Path, default=[DEFAULT_CASES])
    parser.add_argument("--passes", type=int, default=3)
    args = parser.parse_args()

    from bot.engine import Engine
    from bot.evaluate import load_cases
    from bot.runtime import LazyRetriever
    from bot.settings import Settings
    from bot.store.sqlite import SQLiteStore
    from handlers.messages import Inbound
    from knowledge.clock import JST
    from knowledge.index import PamphletIndex

    cases = [c for path in args.cases for c in load_cases(path)]
    now = dt.datetime(2026, 12, 2, 11, 0, tzinfo=JST)
    with tempfile.TemporaryDirectory() as tmp:
        index_dir = Path(os.environ.get("CLINIC_BOT_INDEX_DIR") or Path(tmp) / "chroma")
        PamphletIndex(index_dir).build()
        store = SQLiteStore(Path(tmp) / "bench.sqlite3")
        engine = Engine(store, retriever=LazyRetriever(index_dir))
        for warm in ("こんにちは", "保険期間は？"):  # load facts, lexicon, holidays, the model
            engine.handle(Inbound(session_key="warm", text=warm, at=now))
        samples = []
        for _ in range(args.passes):
            for case in cases:
                session = uuid.uuid4().hex
                for turn in case.turns:
                    start = time.perf_counter()
                    engine.handle(Inbound(session_key=session, text=turn.text, at=turn.now or now))
                    samples.append((time.perf_counter() - start) * 1000)
        store.close()
        print(f"Engine.handle   {percentiles(samples)}")

        from fastapi.testclient import TestClient

        from bot.app import create_app

        settings = Settings(data_dir=Path(tmp) / "api", index_dir=index_dir, chat_rate_limit=10**9)
        with TestClient(create_app(settings)) as client:
            client.post("/api/chat", json={"session_id": "warm", "text": "保険期間は？"})
            samples = []
            for _ in range(args.passes):
                for case in cases:
                    session = uuid.uuid4().hex
                    for turn in case.turns:
                        body = {"session_id": session, "text": turn.text}
                        if turn.now:
                            body["now"] = turn.now.isoformat()
                        start = time.perf_counter()
                        response = client.post("/api/chat", json=body)
                        samples.append((time.perf_counter() - start) * 1000)
                        assert response.status_code == 200, response.text
            print(f"POST /api/chat  {percentiles(samples)}")


if __name__ == "__main__":
    main()
