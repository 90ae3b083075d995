"""Quality and speed of the emergency detector on the labelled set.

Prints recall on the emergencies (level "emergency" is a hit; "possible" is a miss), precision,
the confusion counts, the levels given to the look-alikes, recall and kind accuracy per kind, the
misses and false alarms, and the p50/p95 latency of one ``detect()`` call in microseconds.
Exits 1 when recall is below 100 %: missing an emergency is the failure that matters.

    .venv/bin/python benchmarks/emergency.py [--data tests/data/emergency_labelled.jsonl] [--repeat 20]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from handlers.emergency import detect, load_lexicon  # noqa: E402

DATA = ROOT / "tests" / "data" / "emergency_labelled.jsonl"


def load(path: Path) -> list[dict]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            row = json.loads(line)
            if row.get("label") not in ("emergency", "not_emergency") or not isinstance(row.get("text"), str):
                raise SystemExit(f"{path}:{n}: bad row {line!r}")
            rows.append(row)
    return rows


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def report(rows: list[dict], repeat: int) -> tuple[int, list[str]]:
    """Run the set; return the exit status and the lines to print (printing comes last)."""
    out: list[str] = []
    print = out.append  # noqa: A001 - collect the report, print it once everything is measured
    load_lexicon()  # the one-off load is not part of the per-message latency
    tp = fn = fp = tn = 0
    lookalike_levels: Counter[str] = Counter()
    per_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # total, detected, right kind
    misses, alarms, wrong_kind = [], [], []
    for row in rows:
        d = detect(row["text"])
        hit = d.level == "emergency"
        if row["label"] == "emergency":
            kind = row.get("kind", "?")
            stats = per_kind[kind]
            stats[0] += 1
            if hit:
                tp += 1
                stats[1] += 1
                if d.kind == kind:
                    stats[2] += 1
                else:
                    wrong_kind.append((row["text"], kind, d.kind))
            else:
                fn += 1
                misses.append((row["text"], kind, d.level, d.reason))
        else:
            lookalike_levels[d.level] += 1
            if hit:
                fp += 1
                alarms.append((row["text"], d.kind, d.reason))
            else:
                tn += 1

    recall = tp / (tp + fn) if tp + fn else 1.0
    precision = tp / (tp + fp) if tp + fp else 1.0
    print(f"labelled set: {len(rows)} messages ({tp + fn} emergencies, {fp + tn} look-alikes)")
    print(f"recall     {recall:7.2%}  ({tp}/{tp + fn})")
    print(f"precision  {precision:7.2%}  ({tp}/{tp + fp})")
    print(f"confusion  TP {tp}  FN {fn}  FP {fp}  TN {tn}")
    levels = "  ".join(f"{lvl} {lookalike_levels[lvl]}" for lvl in ("none", "possible", "emergency"))
    print(f"look-alike levels: {levels}")
    print("")
    print(f"{'kind':<20}{'n':>4}{'recall':>9}{'kind ok':>9}")
    for kind in sorted(per_kind, key=lambda k: -per_kind[k][0]):
        n, got, right = per_kind[kind]
        print(f"{kind:<20}{n:>4}{got / n:>9.0%}{right / n:>9.0%}")
    total_right = sum(s[2] for s in per_kind.values())
    print(f"kind accuracy on detected emergencies: {total_right}/{tp}")
    print("")
    print(f"misses ({len(misses)}):")
    for text, kind, level, reason in misses:
        print(f"  [{kind}] {text}  -> {level}: {reason}")
    print(f"false alarms ({len(alarms)}):")
    for text, kind, reason in alarms:
        print(f"  {text}  -> {kind}: {reason}")
    print(f"wrong kind ({len(wrong_kind)}):")
    for text, want, got in wrong_kind:
        print(f"  {text}  -> {got} (labelled {want})")

    timings = []
    texts = [row["text"] for row in rows]
    for _ in range(repeat):
        for text in texts:
            start = time.perf_counter_ns()
            detect(text)
            timings.append((time.perf_counter_ns() - start) / 1000)
    long_text = "ランサムウェアの補償について教えてください。" * 220  # ~4,900 characters
    long_timings = []
    for _ in range(5):
        start = time.perf_counter_ns()
        detect(long_text)
        long_timings.append((time.perf_counter_ns() - start) / 1000)
    print("")
    print(
        f"latency per detect(): p50 {percentile(timings, 0.50):.0f} µs  p95 {percentile(timings, 0.95):.0f} µs"
        f"  ({len(timings)} calls); {len(long_text)}-character message: {statistics.median(long_timings):.0f} µs"
    )
    return (0 if fn == 0 else 1), out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--repeat", type=int, default=20, help="timing passes over the set")
    args = parser.parse_args()
    status, lines = report(load(args.data), args.repeat)
    try:
        for line in lines:
            sys.stdout.write(line + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        # `... | head`: the reader went away. Point stdout at devnull so that the interpreter's
        # final flush does not raise again; the exit status still tells whether recall is complete.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return status


if __name__ == "__main__":
    sys.exit(main())
