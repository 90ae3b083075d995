"""Retrieval quality and latency on the labelled questions (tests/data/retrieval_questions.jsonl,
and tests/data/retrieval_heldout.jsonl when present).

For dense alone, lexical alone and fused: recall@1 and recall@3 over sections (a hit is any
expected section among the first k distinct sections retrieved), MRR, and p50/p95 query
latency after the index is built. Questions the pamphlet does not answer (no section) are
left out of recall.

    .venv/bin/python benchmarks/retrieval.py [--index-dir DIR] [--show-misses] [--modes]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
SETS = {"labelled": ROOT / "tests" / "data" / "retrieval_questions.jsonl",
        "held-out": ROOT / "tests" / "data" / "retrieval_heldout.jsonl"}


def load_questions(path: Path = SETS["labelled"]) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def ranked_sections(chunks: list) -> list[str]:
    seen: list[str] = []
    for chunk in chunks:
        if chunk.section not in seen:
            seen.append(chunk.section)
    return seen


def evaluate(search: Callable[[str], list], questions: list[dict]) -> dict[str, float]:
    r1 = r3 = mrr = 0.0
    latencies = []
    answerable = [q for q in questions if q["sections"]]
    for q in answerable:
        start = time.perf_counter()
        chunks = search(q["q"])
        latencies.append((time.perf_counter() - start) * 1000)
        sections = ranked_sections(chunks)
        expected = set(q["sections"])
        r1 += bool(sections[:1] and sections[0] in expected)
        r3 += bool(expected & set(sections[:3]))
        rank = next((i for i, s in enumerate(sections, 1) if s in expected), None)
        mrr += 1.0 / rank if rank else 0.0
    n = len(answerable)
    ordered = sorted(latencies)
    return {
        "n": n, "recall@1": r1 / n, "recall@3": r3 / n, "mrr": mrr / n,
        "p50_ms": statistics.median(ordered), "p95_ms": ordered[int(round(0.95 * (len(ordered) - 1)))],
    }


def misses(search: Callable[[str], list], questions: list[dict], k: int = 3) -> list[str]:
    out = []
    for q in questions:
        if q["sections"] and not set(q["sections"]) & set(ranked_sections(search(q["q"]))[:k]):
            out.append(f"  {q['q']}  expected {q['sections']} got {ranked_sections(search(q['q']))[:k]}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index-dir", type=Path, default=None, help="an index to use (default: build a temporary one)")
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--modes", action="store_true", help="also compare lexical token modes (bigram, words, bigram+reading)")
    args = parser.parse_args()

    from knowledge.index import PamphletIndex
    from knowledge.lexical import LexicalIndex, lexical_index
    from knowledge.chunks import all_chunks

    with tempfile.TemporaryDirectory() as tmp:
        index = PamphletIndex(args.index_dir or Path(tmp) / "chroma")
        start = time.perf_counter()
        report = index.build()
        print(f"index: {report.chunks} chunks, {'built' if report.rebuilt else 'already current'} in {time.perf_counter() - start:.2f} s")
        index.search("保険期間")  # warm both retrievers
        runs: dict[str, Callable[[str], list]] = {
            "dense": lambda q: [c for c, _ in index.dense_search(q)],
            "lexical": lambda q: [c for c, _ in index.lexical_search(q)],
            "fused": lambda q: [h.chunk for h in index.search(q, k=20)],
        }
        if args.modes:
            for mode in ("bigram", "words", "bigram+words", "all"):
                alt = LexicalIndex(all_chunks(), mode=mode)
                runs[f"lex:{mode}"] = lambda q, alt=alt: [c for c, _ in alt.search(q, 20)]
        for label, path in SETS.items():
            if not path.exists():
                continue
            questions = load_questions(path)
            print(f"\n{label} set: {path.name}")
            print(f"{'':<14}{'n':>5}{'R@1':>8}{'R@3':>8}{'MRR':>8}{'p50 ms':>9}{'p95 ms':>9}")
            for name, search in runs.items():
                m = evaluate(search, questions)
                print(f"{name:<14}{m['n']:>5}{m['recall@1']:>8.3f}{m['recall@3']:>8.3f}{m['mrr']:>8.3f}{m['p50_ms']:>9.2f}{m['p95_ms']:>9.2f}")
            if args.show_misses:
                print("fused misses at 3:")
                print("\n".join(misses(runs["fused"], questions)) or "  none")
        del lexical_index


if __name__ == "__main__":
    main()
