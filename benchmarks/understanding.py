"""How well the engine understands messages it was never tuned on: the frozen held-out set.

tests/data/heldout/messages.jsonl was written blind to the rules, in one go, and is never edited
after reading a failure. Each message goes through the whole engine at its own moment (`now`), in a
fresh conversation. Printed:
- emergency recall: share of labelled emergencies that opened an incident, and that at least
  showed the SOMPO desk's number (the floor: never silence);
- false alarms: share of non-emergencies that opened an incident;
- intent accuracy: the reply's intent against the label;
- 「読み取れませんでした」: messages the bot said it could not read;
- time per message (p50/p99).
This is the rules-only engine as it stands; issue 10 adds the learned layer and k-fold figures.

    python benchmarks/understanding.py [--show-misses]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.engine import Engine  # noqa: E402
from bot.runtime import LazyRetriever  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.store.sqlite import SQLiteStore  # noqa: E402
from handlers.messages import Inbound  # noqa: E402
from knowledge.models import get_facts  # noqa: E402

HELDOUT = ROOT / "tests" / "data" / "heldout" / "messages.jsonl"
UNREAD = "読み取れませんでした"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-misses", action="store_true", help="print the emergencies that opened no incident")
    args = parser.parse_args()
    rows = [json.loads(line) for line in HELDOUT.read_text(encoding="utf-8").splitlines() if line.strip()]
    desk = get_facts().contact("sompo_desk").phone

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.from_env()
        engine = Engine(SQLiteStore(Path(tmp) / "bench.sqlite3"), retriever=LazyRetriever(settings.pamphlet_index_dir))
        engine.handle(Inbound(session_key="warm", text="示談交渉は保険会社がしてくれますか", at=dt.datetime.now(dt.timezone.utc)))
        times: list[float] = []
        opened = shown = emergencies = false_alarms = calm = intent_ok = unread = 0
        per_kind: Counter[str] = Counter()
        per_kind_hit: Counter[str] = Counter()
        misses: list[str] = []
        for row in rows:
            inbound = Inbound(session_key=f"h:{row['id']}", text=row["text"], at=dt.datetime.fromisoformat(row["now"]))
            began = time.perf_counter()
            reply = engine.handle(inbound)
            times.append((time.perf_counter() - began) * 1000)
            text = reply.plain_text()
            incident = reply.intent == "incident"
            intent_ok += reply.intent == row["intent"]
            unread += UNREAD in text
            if row["emergency"]:
                emergencies += 1
                per_kind[row["emergency_kind"]] += 1
                opened += incident
                per_kind_hit[row["emergency_kind"]] += incident
                shown += desk in text
                if not incident:
                    misses.append(f"{row['id']} [{row['emergency_kind']}] {row['text']}  → {reply.intent}")
            else:
                calm += 1
                false_alarms += incident
        engine.store.close()

    ordered = sorted(times)
    print(f"held-out messages: {len(rows)} ({emergencies} emergencies)")
    print(f"emergency recall (incident opened): {opened / emergencies:.3f}   desk number shown: {shown / emergencies:.3f}")
    print("  by kind: " + ", ".join(f"{k} {per_kind_hit[k]}/{n}" for k, n in sorted(per_kind.items())))
    print(f"false alarms (incident opened for a non-emergency): {false_alarms / calm:.3f} ({false_alarms}/{calm})")
    print(f"intent accuracy: {intent_ok / len(rows):.3f}   「{UNREAD}」: {unread}")
    print(f"Engine.handle per message: p50 {statistics.median(ordered):.1f} ms  "
          f"p99 {ordered[min(len(ordered) - 1, int(0.99 * (len(ordered) - 1)))]:.1f} ms")
    if args.show_misses:
        print("\n".join(misses))


if __name__ == "__main__":
    main()
