"""Wall time of the deterministic CLI commands, as a user at a terminal feels it.

Runs each command several times through the installed console script (a fresh Python process
each time, so start-up and imports are counted) and prints the median and the worst run, plus
the heavy modules each path imported (there should be none).

    .venv/bin/python benchmarks/cli_wall_time.py [--runs 15]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

CLI = str(Path(sys.executable).with_name("clinic-bot"))
COMMANDS = {
    "quote": ["quote", "--facility", "hospital", "--beds", "50", "--type", "H3", "--json"],
    "quote (table)": ["quote", "--facility", "care", "--capacity", "80"],
    "subsidy": ["subsidy", "--kind", "cyber", "--date", "2026-12-02", "--closed-days", "2", "--json"],
    "contacts": ["contacts", "--now", "2026-12-02T23:30:00+09:00", "--json"],
}
HEAVY = ("fastapi", "starlette", "uvicorn", "chromadb", "langchain", "langchain_core")


def heavy_imports(argv: list[str]) -> list[str]:
    code = (
        "import sys, io, contextlib\nfrom bot.cli import main\n"
        f"with contextlib.redirect_stdout(io.StringIO()):\n    main({argv!r})\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))"
    )
    return eval(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    print(f"{'command':<16}{'median ms':>11}{'max ms':>9}  heavy imports")
    for name, argv in COMMANDS.items():
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run([CLI, *argv], check=True, capture_output=True)
            times.append((time.perf_counter() - start) * 1000)
        heavy = heavy_imports(argv)
        print(f"{name:<16}{statistics.median(times):>11.0f}{max(times):>9.0f}  {', '.join(heavy) or 'none'}")


if __name__ == "__main__":
    main()
