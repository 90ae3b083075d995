"""`clinic-bot quote | subsidy | contacts`: the pamphlet's answers, JSON contract, bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from tests.pamphlet_tables import LIMITS, all_cells

ROOT = Path(__file__).resolve().parents[1]
CLI = Path(sys.executable).with_name("clinic-bot")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        main(list(argv))
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *argv: str) -> dict:
    code, out, err = run(capsys, *argv, "--json")
    assert code == 0, err
    return json.loads(out)


def size_args(facility: str, size: int | None) -> list[str]:
    if size is None:
        return []
    return ["--beds", str(size)] if facility == "hospital" else ["--capacity", str(size)]


@pytest.mark.parametrize(("facility", "size", "plan", "premium"), all_cells())
def test_quote_json_for_every_cell(capsys, facility, size, plan, premium):
    answer = run_json(capsys, "quote", "--facility", facility, *size_args(facility, size), "--type", plan)
    assert answer["premium_yen"] == premium and answer["exact"] is True
    assert answer["type"] == plan and answer["size"] == size and answer["facility"] == facility
    assert (answer["liability_limit_yen"], answer["response_cost_limit_yen"]) == LIMITS[plan]
    assert answer["deductible_yen"] == 0 and answer["range_yen"] is None
    assert answer["source"] == "sec-08" and answer["conditions"]


def test_quote_without_type_lists_seven(capsys):
    answer = run_json(capsys, "quote", "--facility", "hospital", "--beds", "50")
    assert [q["type"] for q in answer["quotes"]] == [f"H{i}" for i in range(1, 8)]
    assert answer["quotes"][0]["premium_yen"] == 78_410


def test_quote_between_examples(capsys):
    answer = run_json(capsys, "quote", "--facility", "hospital", "--beds", "80", "--type", "H2")
    assert answer["premium_yen"] is None and answer["exact"] is False
    assert answer["range_yen"] == [91_730, 121_130]


def test_quote_human_output_is_japanese(capsys):
    code, out, _ = run(capsys, "quote", "--facility", "病院", "--beds", "100", "--type", "ｈ２")
    assert code == 0 and "121,130円" in out and "H2" in out and "出典" in out


def test_quote_plan_from_limits(capsys):
    answer = run_json(capsys, "quote", "--facility", "clinic", "--liability", "1億円", "--response-cost", "5,000万円")
    assert answer["type"] == "H6" and answer["premium_yen"] == 62_890


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["quote", "--facility", "hospital", "--beds", "-3", "--type", "H1"], "-3"),
        (["quote", "--facility", "clinic", "--type", "H9"], "H9"),
        (["quote", "--facility", "zoo"], "zoo"),
        (["quote", "--facility", "hospital", "--beds", "abc"], "abc"),
        (["quote", "--facility", "hospital"], "病床数"),
        (["subsidy", "--kind", "cyber", "--date", "2023-02-30"], "2023-02-30"),
        (["subsidy", "--kind", "cyber", "--date", "yesterday"], "yesterday"),
        (["subsidy", "--kind", "cyber", "--date", "2024-01-01", "--closed-days", "-1"], "-1"),
        (["subsidy", "--kind", "ransom", "--date", "2024-01-01"], "ransom"),
        (["contacts", "--now", "not-a-time"], "not-a-time"),
    ],
)
def test_bad_input_exits_2_with_one_line(capsys, argv, needle):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and needle in err


@pytest.mark.parametrize(
    ("argv", "amount", "eligible"),
    [
        (["--kind", "cyber", "--date", "2026-12-02"], 100_000, True),
        (["--kind", "cyber", "--date", "2026-12-02", "--closed-days", "4"], 400_000, True),
        (["--kind", "cyber", "--date", "2023-03-10", "--closed-days", "2"], 150_000, True),
        (["--kind", "cyber", "--date", "2022-05-31", "--closed-days", "2"], 0, False),
        (["--kind", "leak", "--date", "2026-12-02"], 50_000, True),
        (["--kind", "leak", "--date", "2026-12-02", "--internal"], 0, False),
    ],
)
def test_subsidy_json(capsys, argv, amount, eligible):
    answer = run_json(capsys, "subsidy", *argv)
    assert (answer["amount_yen"], answer["eligible"]) == (amount, eligible)
    assert answer["breakdown"] and answer["requirements"] and answer["source"] == "sec-11"


def test_contacts_json_contract(capsys):
    answer = run_json(capsys, "contacts", "--now", "2026-12-05T15:00:00+09:00")
    assert answer["now"] == "2026-12-05T15:00:00+09:00"
    by_id = {c["id"]: c for c in answer["contacts"]}
    assert list(by_id) == ["sompo_desk", "jma_line", "agent", "sompo_branch", "sonpo_adr"]
    desk = by_id["sompo_desk"]
    assert desk["phone"] == "0120-318-258" and desk["open_now"] is True
    assert desk["full_service_from"] == "2026-12-07T09:00:00+09:00"
    assert by_id["jma_line"]["open_now"] is True and by_id["jma_line"]["full_service_from"] is None
    assert by_id["agent"]["open_now"] is False and by_id["agent"]["next_open"] == "2026-12-07T09:00:00+09:00"
    for c in answer["contacts"]:
        assert set(c) >= {"id", "name", "phone", "hours", "open_now", "next_open", "full_service_from"}


def test_contacts_human_output(capsys):
    code, out, _ = run(capsys, "contacts", "--now", "2026-12-02T23:30:00+09:00")
    assert code == 0 and "0120-318-258" in out and "12月3日（木）6:00" in out


FORBIDDEN = ("fastapi", "starlette", "uvicorn", "chromadb", "langchain", "langchain_core", "httpx")


@pytest.mark.parametrize(
    "argv",
    [
        ["quote", "--facility", "hospital", "--beds", "50", "--type", "H3", "--json"],
        ["subsidy", "--kind", "cyber", "--date", "2026-12-02", "--closed-days", "2", "--json"],
        ["contacts", "--now", "2026-12-02T23:30:00+09:00", "--json"],
    ],
)
def test_fact_paths_import_no_web_or_retrieval_stack(argv):
    code = (
        "import sys, contextlib, io\n"
        "from bot.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main({argv!r})\n"
        f"print([m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r}])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_console_script_is_installed_and_answers():
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [str(CLI), "quote", "--facility", "clinic", "--type", "H1", "--json"], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["premium_yen"] == 27_200
    bad = subprocess.run([str(CLI), "quote", "--facility", "clinic", "--type", "H9"], capture_output=True, text=True, env=env)
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1


def test_a_moment_the_clock_cannot_answer_for_is_exit_2_with_one_line(tmp_path):
    """9999-12-31 once overflowed the clock: a traceback, exit 1, and an emergency answer without its steps."""
    env = {**os.environ, "CLINIC_BOT_DATA_DIR": str(tmp_path)}
    for argv in (["contacts", "--now", "9999-12-31T23:59:59+09:00"], ["ask", "ランサムウェアに感染", "--now", "9999-12-31T23:59:59+09:00"]):
        done = subprocess.run([str(CLI), *argv], capture_output=True, text=True, env=env, timeout=60)
        assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1 and "2099年" in done.stderr


@pytest.mark.parametrize(("workers", "needle"), [("2", "CLINIC_BOT_REDIS_URL"), ("0", "--workers")])
def test_serve_refuses_workers_it_cannot_run_safely_with_one_line(capsys, monkeypatch, workers, needle):
    # Several workers without Redis would each lock conversations and count limits for themselves.
    monkeypatch.delenv("CLINIC_BOT_REDIS_URL", raising=False)
    code, out, err = run(capsys, "serve", "--workers", workers)
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and needle in err
