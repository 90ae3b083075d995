"""Load: mixed /api/chat traffic against /healthz on the same server, in the same run.

Starts a real server (`clinic-bot serve`, SQLite by default, or PostgreSQL + Redis started here with
--backend postgres), measures its cold start to ready (/readyz 200), then drives it closed-loop with
`--connections` concurrent clients: first /healthz, then /api/chat with messages that are all distinct
(quotes, coverage questions, subsidies, emergencies, greetings, built from templates × values, so
that no per-text cache can carry the load). Prints throughput, p50/p95/p99, errors, the chat/healthz
ratio. Then offers /api/chat, open loop, a fixed rate of a quarter of the measured /healthz throughput
(--share) and prints the latencies at that rate: whether the server *sustains* it with a bounded p99.
(Closed-loop latency at saturation is just connections / throughput.) Last, the RSS of every server
process. The rate limit is raised for the run (it would otherwise answer 429 to a load generator on
one address). CLINIC_BOT_RETRIEVAL=hybrid measures the hybrid retrieval (builds its index first).

    python benchmarks/load.py [--seconds 15] [--connections 32] [--workers 1] [--backend sqlite|postgres]
                              [--client wrk|python] [--share 0.25]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.backends import Postgres, Redis, free_port  # noqa: E402

FACILITIES = ["診療所", "クリニック", "病院", "歯科医院", "介護老人保健施設", "有床診療所"]
PLANS = ["H1", "H2", "H3", "H4", "H5", "H6", "H7"]
QUOTE_FORMS = ["{f}で{n}床、{p}の保険料はいくらですか", "{f}（{n}床）の{p}プランの年間保険料を教えて",
               "うちは{n}床の{f}です。{p}だと保険料はどのくらい？"]
COVER_TOPICS = [
    "ランサムウェアの身代金", "罰金", "見舞金", "データの復旧費用", "弁護士費用", "フォレンジック調査",
    "コールセンターの設置費用", "休業中の利益", "USBメモリの紛失", "FAXの誤送信", "メールの誤送信",
    "不正アクセス", "従業員の持ち出し", "ホームページの改ざん", "停電によるシステム停止", "戦争やテロ",
    "暗号資産", "特許侵害", "風評被害の対策費用", "再発防止策の費用",
]
COVER_FORMS = ["{t}は補償されますか", "{t}も保険の対象になりますか？", "{t}って出ますか", "{t}について教えてください",
               "{t}の場合、保険金は支払われますか", "{t}があったら補償は？"]
WHO = [f"{name}{kind}の{role}です。" for name in ("青葉", "さくら", "日向", "みどり", "中央", "南", "北", "東", "西", "港")
       for kind in ("クリニック", "医院", "病院") for role in ("事務長", "看護師")]
EMERGENCIES = ["電子カルテが暗号化されて開けません", "ランサムウェアに感染したようです", "患者情報が漏えいしたかもしれません",
               "サーバーに不正アクセスされました", "職員のPCがウイルスに感染しました", "身代金を要求する画面が出ています"]
PLACES = ["受付の", "診察室の", "院長室の", "検査室の", "薬局の", "事務室の", "2階の", "会計の", "リハビリ室の", "病棟の"]
MIX = {"coverage": 0.35, "quote": 0.25, "subsidy": 0.15, "emergency": 0.15, "smalltalk": 0.10}


def messages(total: int = 20_000, seed: int = 7) -> list[str]:
    """`total` distinct messages in a realistic mix, shuffled reproducibly."""
    return [text for _, text in messages_with_kinds(total, seed)]


def messages_with_kinds(total: int = 20_000, seed: int = 7) -> list[tuple[str, str]]:
    """(kind of message, message): `total` distinct messages in a realistic mix, shuffled reproducibly."""
    pools = {
        "quote": [q.format(f=f, n=n, p=p) for q in QUOTE_FORMS for f in FACILITIES for n in range(1, 400, 3) for p in PLANS],
        "coverage": [w + form.format(t=t) for w in WHO for form in COVER_FORMS for t in COVER_TOPICS],
        "subsidy": [f"{y}年{m}月{d}日にサイバー攻撃で{c}日休診しました。支援金はいくらですか"
                    for y in (2023, 2024, 2025) for m in range(1, 13) for d in range(1, 29) for c in range(1, 6)],
        "emergency": [f"{place}PCで{e}（{minute}分前に気づきました）" for place in PLACES for e in EMERGENCIES
                      for minute in range(60)],
        "smalltalk": [f"こんにちは、{n}番の職員です。使い方を教えてください" for n in range(1, 5000)],
    }
    rng = random.Random(seed)
    out: list[tuple[str, str]] = []
    for kind, share in MIX.items():
        out += [(kind, text) for text in rng.sample(pools[kind], int(total * share))]
    assert len(out) == len({text for _, text in out})
    rng.shuffle(out)
    return out


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] if ordered else float("nan")


def rss_mb(pid: int) -> dict[int, tuple[float, float, float]]:
    """RSS, PSS and private memory (MB) of the server process and its children (the workers with
    --workers N). RSS counts pages of files mapped read-only (the model, the Japanese dictionary)
    in every process that touched them; PSS shares them out; private is what the process alone holds."""
    pids = [pid] + [int(p) for p in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()]
    out = {}
    for p in pids:
        try:
            fields = {}
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines()[1:]:
                name, value = line.split(":", 1)
                fields[name] = int(value.split()[0]) / 1024
            out[p] = (fields["Rss"], fields["Pss"], fields["Private_Clean"] + fields["Private_Dirty"])
        except (OSError, KeyError, ValueError):
            pass
    return out


async def drive(url: str, seconds: float, connections: int, make_request) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    errors = 0
    stop_at = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(base_url=url, timeout=30, limits=limits) as client:
        async def one_connection() -> None:
            nonlocal errors
            while time.perf_counter() < stop_at:
                started = time.perf_counter()
                try:
                    response = await make_request(client)
                    ok = response.status_code == 200
                except httpx.HTTPError:
                    ok = False
                latencies.append(time.perf_counter() - started)
                errors += not ok

        began = time.perf_counter()
        await asyncio.gather(*(one_connection() for _ in range(connections)))
        elapsed = time.perf_counter() - began
    return latencies, errors, elapsed


# What each kind of message must be answered with. An answer with the help text to a question
# (the engine's fallback when a handler fails: a 200 all the same) is a failed request, and so is an
# emergency not answered as one.
ANSWERED_AS = {"coverage": {"coverage", "incident", "subsidy", "quote", "out_of_scope"}, "quote": {"quote"},
               "subsidy": {"subsidy"}, "emergency": {"incident"}, "smalltalk": {"help", "greeting"}}


def off_kind(kind: str, body: bytes) -> bool:
    """Was this 200 an answer of the wrong kind (see ANSWERED_AS)?"""
    try:
        intent = json.loads(body).get("intent")
    except (ValueError, AttributeError):
        return True
    return intent not in ANSWERED_AS[kind]


async def paced(port: int, rate: float, seconds: float, connections: int, texts: list[tuple[str, str]]) -> tuple[list[float], int, int]:
    """Open loop: /api/chat requests *scheduled* at a fixed rate, whatever the answers' speed, over at
    most `connections` keep-alive connections. A request's latency runs from its scheduled time, so a
    server that falls behind is charged for the queue it builds (no coordinated omission). Raw HTTP/1.1
    on asyncio streams: the client must cost the server's machine little CPU. Returns the latencies
    (s), errors (not 200, no answer, or an answer of the wrong kind: see ANSWERED_AS) and requests
    scheduled. `texts`: (kind, message) pairs."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue = asyncio.Queue()
    latencies: list[float] = []
    errors = 0

    async def connection() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while (item := await queue.get()) is not None:
                scheduled, kind, body = item
                writer.write(b"POST /api/chat HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\n"
                             b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
                await writer.drain()
                status = int((await reader.readline()).split()[1])
                length = 0
                while (line := await reader.readline()) not in (b"\r\n", b""):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":")[1])
                answer = await reader.readexactly(length)
                latencies.append(loop.time() - scheduled)
                errors += status != 200 or off_kind(kind, answer)
        finally:
            writer.close()

    workers = [asyncio.create_task(connection()) for _ in range(connections)]
    start = loop.time() + 0.2
    total = int(rate * seconds)
    for i in range(total):
        scheduled = start + i / rate
        await asyncio.sleep(max(0.0, scheduled - loop.time()))
        kind, text = texts[i % len(texts)]
        body = json.dumps({"session_id": f"paced-{i}", "text": text}, ensure_ascii=False).encode()
        queue.put_nowait((scheduled, kind, body))
    for _ in workers:
        queue.put_nowait(None)
    try:
        # A server far behind may take long to drain its queue: what is not answered by then counts
        # as failed (below), never as a crash of the benchmark.
        await asyncio.wait_for(asyncio.gather(*workers, return_exceptions=True), timeout=max(120.0, 4 * seconds))
    except asyncio.TimeoutError:
        for worker in workers:
            worker.cancel()
    # Every scheduled request without an answer (a dropped connection, or still waiting) is an error.
    return latencies, errors + (total - len(latencies)), total


def wrk(url: str, path: str, script: str, seconds: float, connections: int, env: dict[str, str]) -> tuple[int, int, float, float, float, float]:
    """Runs wrk (Debian's package) and returns requests, errors, seconds, p50, p95, p99 (ms)."""
    threads = 2
    done = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds:.0f}s", "--timeout", "30s", "-s",
         str(ROOT / "benchmarks" / script), url + path],
        capture_output=True, text=True, env={**env, "WRK_THREADS": str(threads)}, check=True,
    )
    line = next(l for l in done.stdout.splitlines() if l.startswith("WRK "))
    requests, socket_errors, status_errors, micros, p50, p95, p99, _ = line.split()[1:]
    return int(requests), int(socket_errors) + int(status_errors), int(micros) / 1e6, float(p50), float(p95), float(p99)


def report_wrk(name: str, result: tuple[int, int, float, float, float, float]) -> float:
    requests, errors, elapsed, p50, p95, p99 = result
    rate = requests / elapsed
    print(f"{name:10s} {requests:7d} requests  {rate:8.1f} req/s  p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  "
          f"p99 {p99:7.1f} ms  errors {errors}")
    return rate


def report(name: str, latencies: list[float], errors: int, elapsed: float) -> float:
    rate = len(latencies) / elapsed
    print(f"{name:10s} {len(latencies):7d} requests  {rate:8.1f} req/s  p50 {percentile(latencies, .5) * 1000:7.1f} ms  "
          f"p95 {percentile(latencies, .95) * 1000:7.1f} ms  p99 {percentile(latencies, .99) * 1000:7.1f} ms  errors {errors}")
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--share", type=float, default=0.25, help="open-loop chat rate as a share of /healthz's")
    parser.add_argument("--client", choices=["wrk", "python"], default="wrk" if shutil.which("wrk") else "python",
                        help="wrk (apt-get install wrk) leaves the server the CPU a Python client would take")
    args = parser.parse_args()
    cli = str(Path(sys.executable).with_name("clinic-bot"))
    backends: list = []
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "CLINIC_BOT_DATA_DIR": tmp, "CLINIC_BOT_CHAT_RATE_LIMIT": "100000000"}
        if args.backend == "postgres":
            pg, redis = Postgres.start(), Redis.start(Path(tmp))
            backends = [pg, redis]
            env.update(CLINIC_BOT_DATABASE_URL=pg.new_database(), CLINIC_BOT_REDIS_URL=redis.url())
        if "CLINIC_BOT_INDEX_DIR" not in os.environ and os.environ.get("CLINIC_BOT_RETRIEVAL") == "hybrid":
            index = ROOT / "data" / "chroma"
            env["CLINIC_BOT_INDEX_DIR"] = str(index)
            print(f"pamphlet index at {index} (built if missing or stale) …", flush=True)
            subprocess.run([cli, "index", "build"], env=env, check=True, stdout=subprocess.DEVNULL)
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        started = time.perf_counter()
        server = subprocess.Popen([cli, "serve", "--port", str(port), "--workers", str(args.workers)], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            with httpx.Client(base_url=url, timeout=5) as client:
                while True:
                    try:
                        if client.get("/readyz").status_code == 200:
                            break
                    except httpx.HTTPError:
                        pass
                    if server.poll() is not None or time.perf_counter() - started > 300:
                        raise SystemExit("the server did not become ready")
                    time.sleep(0.05)
            print(f"cold start to ready: {time.perf_counter() - started:.1f} s "
                  f"({args.workers} worker(s), {args.backend}, {args.connections} connections, {args.seconds:.0f} s each)")
            kinds_and_texts = messages_with_kinds()
            texts = [text for _, text in kinds_and_texts]
            if args.client == "wrk":
                listing = Path(tmp) / "messages.jsonl"
                listing.write_text("\n".join(json.dumps(t, ensure_ascii=False) for t in texts) + "\n", encoding="utf-8")
                health_rate = report_wrk("/healthz", wrk(url, "/healthz", "load.lua", args.seconds,
                                                         args.connections, env))
                result = wrk(url, "/", "load.lua", args.seconds, args.connections,
                             {**env, "MESSAGES_FILE": str(listing)})
                chat_rate = report_wrk("/api/chat", result)
                sent = result[0]
            else:
                queue = iter(texts)
                sessions = itertools.count()

                async def health(client: httpx.AsyncClient) -> httpx.Response:
                    return await client.get("/healthz")

                async def chat(client: httpx.AsyncClient) -> httpx.Response:
                    return await client.post("/api/chat", json={"session_id": f"load-{next(sessions)}", "text": next(queue)})

                health_rate = report("/healthz", *asyncio.run(drive(url, args.seconds, args.connections, health)))
                latencies, errors, elapsed = asyncio.run(drive(url, args.seconds, args.connections, chat))
                chat_rate = report("/api/chat", latencies, errors, elapsed)
                sent = len(latencies)
            reused = "none repeated" if sent <= len(texts) else f"{sent - len(texts)} repeated"
            print(f"messages: {len(texts)} distinct prepared, {sent} sent ({reused}); one conversation per message")
            print(f"chat / healthz throughput (both closed loop, {args.connections} connections): {chat_rate / health_rate:.2f}")
            # Latency at saturation is only the queue of the closed loop (32 connections / throughput):
            # the target is a rate held with a bounded p99, so /api/chat is also offered, open loop, a
            # quarter of the /healthz rate, with messages not sent above.
            target = args.share * health_rate
            latencies, errors, total = asyncio.run(paced(port, target, args.seconds, args.connections,
                                                          kinds_and_texts[sent:] or kinds_and_texts))
            print(f"/api/chat offered {target:.1f} req/s ({args.share:.0%} of /healthz) for {args.seconds:.0f} s, open loop: "
                  f"{len(latencies)} answered of {total}  p50 {percentile(latencies, .5) * 1000:.1f} ms  "
                  f"p95 {percentile(latencies, .95) * 1000:.1f} ms  p99 {percentile(latencies, .99) * 1000:.1f} ms  "
                  f"errors {errors} (not 200, no answer, or the help text for a question)")
            for pid, (rss, pss, private) in rss_mb(server.pid).items():
                print(f"memory pid {pid}: RSS {rss:.0f} MB, PSS {pss:.0f} MB, private {private:.0f} MB")
        finally:
            server.terminate()
            server.wait(60)
            for backend in backends:
                backend.stop()


if __name__ == "__main__":
    main()
