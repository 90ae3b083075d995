"""LINE webhook under load: p50/p99 of POST /callback while 50 events/s arrive for 20 s.

A real server (`clinic-bot serve`, one process) talks to a loopback stand-in of LINE's API. Events
arrive at a fixed rate (open loop: a slow answer does not slow the arrivals), one signed event per
call, from 100 users in their own conversations (quotes, coverage questions, greetings, subsidy
questions and emergencies). Afterwards it checks that every event was answered exactly once.

    python benchmarks/line_webhook.py [--rate 50] [--seconds 20]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.line_helpers import SECRET, TOKEN, at_jst, sign, text_event, user, webhook_body  # noqa: E402
from tests.line_standin import PUSH, REPLY, LineStandin  # noqa: E402

TURNS = [
    "保険料の見積もりをしたい", "病院です", "50床", "H3でお願いします",
    "こんにちは", "示談交渉は保険会社がしてくれますか",
    "2023年5月31日にサイバー攻撃で2日休業しました。支援金はいくら？",
    "電子カルテが開かなくなって、画面に身代金を要求するメッセージが出ています",
    "患者さんの情報も入っていたかもしれません", "まとめ",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=50.0, help="events per second")
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    bin_dir = Path(sys.executable).parent
    total = int(args.rate * args.seconds)

    with tempfile.TemporaryDirectory() as tmp, LineStandin() as line_api:
        env = {**os.environ, "CLINIC_BOT_DATA_DIR": tmp, "LINE_CHANNEL_SECRET": SECRET,
               "LINE_CHANNEL_ACCESS_TOKEN": TOKEN, "LINE_API_BASE_URL": line_api.base_url,
               "LINE_API_DATA_URL": line_api.base_url}
        if "CLINIC_BOT_INDEX_DIR" not in os.environ:
            print("building the pamphlet index …", flush=True)
            subprocess.run([str(bin_dir / "clinic-bot"), "index", "build"], env=env, check=True,
                           stdout=subprocess.DEVNULL)
        port = free_port()
        server = subprocess.Popen([str(bin_dir / "clinic-bot"), "serve", "--port", str(port)], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}"
        try:
            with httpx.Client(base_url=url, timeout=10) as client:
                for _ in range(300):
                    try:
                        if client.get("/readyz").status_code == 200:
                            break
                    except httpx.HTTPError:
                        pass
                    time.sleep(0.1)
                else:
                    raise SystemExit("the server did not become ready")
                # One warm-up coverage question so the first measured one does not load the model.
                client.post("/api/chat", json={"session_id": "warm", "text": "示談交渉は保険会社がしてくれますか"})

            events = []
            for i in range(total):
                who = user(f"U{i % 100:032d}")
                events.append((i / args.rate, TURNS[(i // 100) % len(TURNS)], who))
            latencies: list[float] = []
            statuses: list[int] = []
            tokens: list[str] = []
            lock = threading.Lock()
            local = threading.local()

            def send(offset: float, text: str, who: dict[str, str], start: float) -> None:
                delay = start + offset - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
                event = text_event(text, at_jst(2026, 12, 2, 11, 0), who)
                event["timestamp"] = int(time.time() * 1000)  # fresh tokens: answered by reply
                body = webhook_body(event)
                if not hasattr(local, "client"):
                    local.client = httpx.Client(base_url=url, timeout=10)
                began = time.perf_counter()
                response = local.client.post("/callback", content=body,
                                             headers={"X-Line-Signature": sign(body), "Content-Type": "application/json"})
                took = (time.perf_counter() - began) * 1000
                with lock:
                    latencies.append(took)
                    statuses.append(response.status_code)
                    tokens.append(event["replyToken"])

            print(f"sending {total} events at {args.rate:g}/s for {args.seconds:g} s …", flush=True)
            start = time.perf_counter()
            with ThreadPoolExecutor(max_workers=32) as pool:
                for offset, text, who in events:
                    pool.submit(send, offset, text, who, start)
            sent_for = time.perf_counter() - start

            answered = line_api.wait_for(lambda api: len(api.sent()) >= total, timeout=120)
            drained = time.perf_counter() - start
            time.sleep(1.0)  # anything doubled would arrive now
            calls = line_api.sent()
            replied = [c.json["replyToken"] for c in calls if c.path == REPLY]
            pushes = [c for c in calls if c.path == PUSH]
        finally:
            server.terminate()
            server.wait(30)

    ok = sum(1 for s in statuses if s == 200)
    once = sorted(replied) == sorted(tokens) and not pushes
    print(f"webhook: {len(latencies)} calls in {sent_for:.1f} s, {ok} × 200, "
          f"p50 {statistics.median(latencies):.1f} ms  p99 {percentile(latencies, 0.99):.1f} ms  "
          f"max {max(latencies):.1f} ms")
    print(f"answers: {len(calls)} sent for {total} events (replies {len(replied)}, pushes {len(pushes)}); "
          f"all answered by {drained:.1f} s: {answered}; every event answered exactly once: {once}")
    if not (answered and once and ok == total):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
