"""Answer quality on the labelled questions: what a member of staff reads, not which section ranked.

Each question of tests/data/retrieval_questions.jsonl and retrieval_heldout.jsonl goes through the
whole engine (router, coverage composer, not-stated checks). Printed per set:

- answered right: the reply holds every ``answer_has`` phrase and the labelled verdict
  (covered → 「対象とされています」, excluded → 「対象外とされています」, cannot → 「できないとされています」,
  not_stated → 「記載がありません」; info → no "not stated");
- wrong verdicts: the opposite verdict, or a verdict on a question that has none — the worst
  kind of answer, a confident wrong one;
- refused: an answerable question told "the pamphlet does not say";
- not stated recognised: of the questions the pamphlet does not answer.

Then, separately, verdict accuracy on questions about items the pamphlet rules on plainly
(exclusions and their exceptions, fines, settlements, war, crypto-assets, IP …; issue 11): the
frozen held-out sets tests/data/rulings_heldout*/ (written blind to knowledge/rulings.yaml; each
README says how far the set was read while tuning) and the ruling cases of tests/data/cases11/
(read while the table was written: tuned, shown for comparison). Right = the reply gives the labelled verdict; wrong = it states another verdict.

    .venv/bin/python benchmarks/answers.py [--index-dir DIR] [--show-failures]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from retrieval import SETS, load_questions  # noqa: E402

# The eval day: a weekday morning, so no incident reply is shaped by the desk hours.
EVAL_NOW = dt.datetime(2026, 12, 2, 11, 0, tzinfo=dt.timezone(dt.timedelta(hours=9)))
VERDICT_LINES = {
    "covered": ("対象とされています",),
    "excluded": ("対象外とされています",),
    "cannot": ("できないとされています",),
    "not_stated": ("記載がありません", "見つかりませんでした"),
}
NOT_STATED = VERDICT_LINES["not_stated"]


@dataclass(frozen=True)
class Judged:
    question: str
    verdict: str
    reply: str
    right: bool
    wrong_verdict: bool
    refused: bool


def judge(row: dict, reply: str) -> Judged:
    verdict = row.get("verdict", "info")
    lead = reply.split("\n", 1)[0]
    has = all(phrase in reply for phrase in row.get("answer_has") or [])
    refused = any(line in reply for line in NOT_STATED)
    if verdict in VERDICT_LINES:
        verdict_ok = any(line in reply for line in VERDICT_LINES[verdict])
    else:
        verdict_ok = not refused
    stated = [v for v in ("covered", "excluded", "cannot") if any(line in lead for line in VERDICT_LINES[v])]
    # 「対象外とされています」 also holds 「対象とされて」's tail; the excluded line wins.
    if "excluded" in stated and "covered" in stated and "対象外" in lead:
        stated.remove("covered")
    wrong = bool(stated) and verdict not in stated
    return Judged(question=row["q"], verdict=verdict, reply=reply, right=has and verdict_ok,
                  wrong_verdict=wrong, refused=refused and verdict != "not_stated")


@contextmanager
def _asker(index_dir: Path) -> Iterator[Callable[[str], str]]:
    """A throwaway engine over ``index_dir``; each question is a new conversation."""
    from bot.engine import Engine
    from bot.evaluate import reply_text
    from bot.runtime import LazyRetriever
    from bot.store.sqlite import SQLiteStore
    from handlers.messages import Inbound

    with tempfile.TemporaryDirectory(prefix="answers-bench-") as tmp:
        store = SQLiteStore(Path(tmp) / "bench.sqlite3")
        try:
            from bot.settings import Settings

            hybrid = Settings.from_env().retrieval == "hybrid"  # CLINIC_BOT_RETRIEVAL picks what is measured
            engine = Engine(store, retriever=LazyRetriever(index_dir, dense=hybrid))
            yield lambda text: reply_text(engine.handle(
                Inbound(session_key=f"bench:{uuid.uuid4().hex}", text=text, at=EVAL_NOW, channel="eval")))
        finally:
            store.close()


def run(index_dir: Path) -> dict[str, list[Judged]]:
    with _asker(index_dir) as ask:
        return {name: [judge(row, ask(row["q"])) for row in load_questions(path)] for name, path in SETS.items()}


RULED_SETS = {
    **{f"ruled {d.name}": d / "questions.json" for d in sorted((ROOT / "tests" / "data").glob("rulings_heldout*"))},
    "ruled cases11 (tuned)": ROOT / "tests" / "data" / "cases11" / "cases.json",
}
RULED_LINES = {
    "not_covered": ("対象外とされています",),
    "covered": ("対象とされています",),
    "cannot": ("できないとされています",),
    "not_stated": ("記載がありません", "見つかりませんでした"),
    "rule": ("定められています",),
}
STATING = ("not_covered", "covered", "cannot")  # a verdict a reply can state wrongly


def ruled_questions(path: Path) -> list[dict]:
    import json

    rows = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for row in rows:
        if "turns" in row:  # the cases11 format
            if row.get("cat") != "ruling" or not row.get("verdict"):
                continue
            row = {"id": row["id"], "text": row["turns"][0]["text"], "verdict": row["verdict"]}
        out.append(row)
    return out


def judge_ruled(verdict: str, reply: str) -> tuple[bool, bool]:
    """(right, wrong): the labelled verdict's line is in the reply; another verdict is stated."""
    stated = {v for v, lines in RULED_LINES.items() if any(line in reply for line in lines)}
    # The cases11 files have no "cannot": the insurer not negotiating is labelled not_covered there.
    accepted = {verdict, "cannot"} if verdict == "not_covered" else {verdict}
    right = bool(stated & accepted)
    wrong = bool((stated & set(STATING)) - accepted)
    return right, wrong


def run_ruled(index_dir: Path) -> dict[str, list[tuple[dict, bool, bool, str]]]:
    out: dict[str, list[tuple[dict, bool, bool, str]]] = {}
    with _asker(index_dir) as ask:
        for name, path in RULED_SETS.items():
            out[name] = [(row, *judge_ruled(row["verdict"], reply), reply)
                         for row in ruled_questions(path) for reply in (ask(row["text"]),)]
    return out


def figures(judged: list[Judged]) -> dict[str, float]:
    answerable = [j for j in judged if j.verdict != "not_stated"]
    unanswerable = [j for j in judged if j.verdict == "not_stated"]
    return {
        "n": len(judged),
        "right": sum(j.right for j in judged) / len(judged),
        "wrong_verdicts": sum(j.wrong_verdict for j in judged),
        "refused": sum(j.refused for j in answerable),
        "not_stated_recognised": sum(j.right for j in unanswerable) / max(1, len(unanswerable)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index-dir", type=Path, default=None, help="pamphlet index (built if missing)")
    parser.add_argument("--show-failures", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="answers-index-") as tmp:
        index_dir = args.index_dir or Path(os.environ.get("CLINIC_BOT_INDEX_DIR", "") or Path(tmp) / "chroma")
        from knowledge.index import PamphletIndex

        PamphletIndex(index_dir).build()
        results = run(index_dir)
        ruled = run_ruled(index_dir)
    print(f"{'':14}{'n':>5}{'right':>9}{'wrong verdicts':>16}{'refused':>9}{'not stated found':>18}")
    for name, judged in results.items():
        f = figures(judged)
        print(f"{name:14}{f['n']:>5}{f['right']:>9.3f}{f['wrong_verdicts']:>16}{f['refused']:>9}"
              f"{f['not_stated_recognised']:>18.3f}")
        if args.show_failures:
            for j in judged:
                if not j.right or j.wrong_verdict:
                    print(f"  [{j.verdict}] {j.question}\n      {j.reply[:160]!r}")
    print(f"\n{'ruled items':22}{'n':>5}{'verdict right':>15}{'wrong verdicts':>16}")
    for name, rows in ruled.items():
        right = sum(r[1] for r in rows)
        print(f"{name:22}{len(rows):>5}{right / max(1, len(rows)):>15.3f}{sum(r[2] for r in rows):>16}")
        if args.show_failures:
            for row, ok, wrong, reply in rows:
                if not ok or wrong:
                    print(f"  [{row['verdict']}{' WRONG' if wrong else ''}] {row['text'][:70]}\n      {reply[:160]!r}")


if __name__ == "__main__":
    main()
