"""Several workers: real `clinic-bot serve` processes sharing real PostgreSQL and Redis.

What a prefectural association's deployment must hold: a conversation whose messages reach
different workers keeps its state; a LINE event delivered to two workers is answered once; rate
limits are shared (and per client behind the proxy); and a worker killed with SIGKILL while it
answers loses no incident record and no LINE event that LINE was told we had (HTTP 200).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest

from bot.store.postgres import PostgresStore
from tests.backends import free_port
from tests.line_helpers import SECRET, TOKEN, sign, text_event, user, webhook_body
from tests.line_standin import PUSH, REPLY, LineStandin

CLI = str(Path(sys.executable).with_name("clinic-bot"))


class Worker:
    """One `clinic-bot serve` process (uvicorn in the process itself, so SIGKILL hits the server)."""

    def __init__(self, env: dict[str, str], log: Path, *extra: str) -> None:
        self.port = free_port()
        self.log = log
        self.process = subprocess.Popen(
            [CLI, "serve", "--port", str(self.port), *extra], env=env,
            stdout=log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True,
        )
        self.url = f"http://127.0.0.1:{self.port}"
        self.client = httpx.Client(base_url=self.url, timeout=30)

    def wait_ready(self, timeout: float = 120) -> Worker:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"worker exited {self.process.returncode}: {self.log.read_text()[-2000:]}")
            try:
                if self.client.get("/healthz").status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"worker not up after {timeout} s: {self.log.read_text()[-2000:]}")

    def chat(self, session: str, text: str, client_ip: str = "203.0.113.1") -> httpx.Response:
        # The test runner is the trusted proxy (127.0.0.1): it names the client.
        return self.client.post("/api/chat", json={"session_id": session, "text": text},
                                headers={"X-Forwarded-For": client_ip})

    def deliver(self, *events: dict) -> httpx.Response:
        body = webhook_body(*events)
        return self.client.post("/callback", content=body,
                                headers={"x-line-signature": sign(body), "content-type": "application/json"})

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(40)
            except subprocess.TimeoutExpired:
                self.kill()
        self.client.close()


@pytest.fixture(scope="module")
def line_api():
    with LineStandin() as standin:
        yield standin


@pytest.fixture(scope="module")
def cluster_env(postgres, redis_server, line_api, shared_pamphlet_index, tmp_path_factory):
    redis_server.flush()
    data = tmp_path_factory.mktemp("workers")
    env = {
        **os.environ,
        "CLINIC_BOT_DATABASE_URL": postgres.new_database(),
        "CLINIC_BOT_REDIS_URL": redis_server.url(),
        "CLINIC_BOT_DATA_DIR": str(data),
        "CLINIC_BOT_INDEX_DIR": str(shared_pamphlet_index),
        "CLINIC_BOT_WARM_UP": "0",
        "CLINIC_BOT_CHAT_RATE_LIMIT": "20",
        "LINE_CHANNEL_SECRET": SECRET,
        "LINE_CHANNEL_ACCESS_TOKEN": TOKEN,
        "LINE_API_BASE_URL": line_api.base_url,
    }
    return env, data


@pytest.fixture(scope="module")
def two_workers(cluster_env):
    env, data = cluster_env
    workers = [Worker(env, data / f"worker-{name}.log") for name in "ab"]
    try:
        yield [w.wait_ready() for w in workers]
    finally:
        for w in workers:
            w.stop()


def _store(env: dict[str, str]) -> PostgresStore:
    return PostgresStore(env["CLINIC_BOT_DATABASE_URL"])


def _recipients(calls: list, events: list[dict]) -> Counter:
    """Who got each accepted message: a push names its user, a reply its event's reply token."""
    by_token = {e["replyToken"]: e["source"]["userId"] for e in events}
    return Counter(c.json["to"] if c.path == PUSH else by_token.get(c.json["replyToken"], "?") for c in calls)


def test_a_conversation_alternating_between_workers_keeps_its_state(two_workers):
    a, b = two_workers
    assert a.chat("alt-1", "保険料の見積もりがしたいです").status_code == 200
    assert b.chat("alt-1", "診療所").status_code == 200
    replies = a.chat("alt-1", "H4").json()["replies"]
    assert any("51,800円" in r["text"] for r in replies)
    # The history on either worker shows the same three exchanges.
    for w in (a, b):
        turns = w.client.post("/api/chat/history", json={"session_id": "alt-1"}).json()["turns"]
        assert [t["text"] for t in turns] == ["保険料の見積もりがしたいです", "診療所", "H4"]


def test_two_messages_of_one_chat_sent_at_once_to_two_workers_are_both_kept(two_workers):
    a, b = two_workers
    a.chat("pair-1", "ランサムウェアに感染しました")  # an incident whose triage asks questions
    results: dict[str, httpx.Response] = {}

    def send(worker: Worker, text: str) -> None:
        results[text] = worker.chat("pair-1", text)

    threads = [threading.Thread(target=send, args=(w, t)) for w, t in ((a, "3日休診しました"), (b, "患者情報は含まれていません"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert all(r.status_code == 200 for r in results.values())
    turns = a.client.post("/api/chat/history", json={"session_id": "pair-1"}).json()["turns"]
    assert [t["text"] for t in turns][1:] in (["3日休診しました", "患者情報は含まれていません"],
                                              ["患者情報は含まれていません", "3日休診しました"])


def test_one_line_event_delivered_to_both_workers_is_answered_once(two_workers, line_api):
    a, b = two_workers
    now = dt.datetime.now(dt.timezone.utc)
    users = [f"U{n:032d}" for n in range(10, 20)]
    events = [text_event("保険料の見積もりをしたい", now, user(u)) for u in users]
    before = len(line_api.sent())

    def deliver(worker: Worker, event: dict) -> None:
        assert worker.deliver(event).status_code == 200

    threads = [threading.Thread(target=deliver, args=(w, e)) for e in events for w in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert line_api.wait_for(lambda api: len(api.sent()) - before >= len(users), timeout=60)
    time.sleep(1.0)  # a second answer, if any were coming, would have come by now
    answered = _recipients(line_api.sent()[before:], events)
    assert sorted(answered) == sorted(users) and set(answered.values()) == {1}


def test_a_chats_line_messages_sent_to_different_workers_are_answered_in_order(cluster_env, two_workers, line_api):
    a, b = two_workers
    user_id = "U" + "5" * 32
    now = dt.datetime.now(dt.timezone.utc)
    said = ["保険料の見積もりがしたいです", "診療所", "H4"]
    events = [text_event(t, now + dt.timedelta(milliseconds=n), user(user_id)) for n, t in enumerate(said)]
    before = len(line_api.sent())
    for worker, event in zip((a, b, a), events):  # each stored (200) before the next is sent
        assert worker.deliver(event).status_code == 200
    assert line_api.wait_for(lambda api: len(api.sent()) - before >= 3, timeout=60)
    store = _store(cluster_env[0])
    try:
        assert [t.text for t in store.transcript(f"line:{user_id}")] == said  # answered in the order sent
    finally:
        store.close()
    assert any("51,800円" in json.dumps(c.json, ensure_ascii=False) for c in line_api.sent()[before:])


def test_the_rate_limit_is_shared_and_counted_per_client_behind_the_proxy(two_workers):
    a, b = two_workers
    codes = [(a if n % 2 else b).chat(f"flood-{n}", "こんにちは", client_ip="198.51.100.9").status_code
             for n in range(24)]
    assert codes[:20] == [200] * 20 and set(codes[20:]) == {429}  # 20 a minute across both workers
    assert a.chat("calm-1", "こんにちは", client_ip="198.51.100.10").status_code == 200  # another clinic
    assert b.chat("calm-2", "こんにちは", client_ip="198.51.100.10").status_code == 200


def test_a_worker_killed_while_answering_loses_no_record_and_no_acknowledged_event(cluster_env, two_workers, line_api):
    env, data = cluster_env
    survivor = two_workers[1]
    victim = Worker(env, data / "worker-victim.log").wait_ready()
    store = _store(env)
    try:
        # LINE is slow to accept answers: the victim dies with events answered, being answered, queued.
        line_api.hang_next(REPLY, 2.0, times=3)
        now = dt.datetime.now(dt.timezone.utc)
        users = [f"U{n:032d}" for n in range(100, 112)]
        acknowledged = []
        events = []
        for n, u in enumerate(users):
            text = "ランサムウェアに感染しました" if n % 2 else "電子カルテが暗号化されて開けません"
            event = text_event(text, now, user(u))
            events.append(event)
            if victim.deliver(event).status_code == 200:
                acknowledged.append((u, event["webhookEventId"]))
        # ... and web chat emergencies answered by the victim up to the moment it dies.
        records: list[str] = []
        stop = threading.Event()

        def chat() -> None:
            n = 0
            while not stop.is_set():
                try:
                    # Each from its own clinic, so that no rate limit cuts the stream short.
                    response = victim.chat(f"kill-web-{n}", "サーバーがランサムウェアに感染しました",
                                           client_ip=f"10.77.{n // 200}.{n % 200 + 1}")
                except httpx.HTTPError:
                    return
                if response.status_code == 200:
                    records.append(response.json()["incident_id"])
                n += 1

        thread = threading.Thread(target=chat)
        thread.start()
        # Killed once it has answered some web chat emergencies and is answering more (a fixed pause was too
        # short on a slower host: the first answer, behind the LINE events, came after it).
        deadline = time.monotonic() + 60
        while len(records) < 3 and thread.is_alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        victim.kill()
        stop.set()
        thread.join(30)
        assert len(acknowledged) == len(users) and records

        # Every record a user was told about is in the database.
        assert all(store.get_incident(r) is not None for r in records)
        # The survivor takes over what the dead worker held once its heartbeat runs out.
        deadline = time.monotonic() + 90
        while store.inbox_pending() and time.monotonic() < deadline:
            time.sleep(0.5)
        assert store.inbox_pending() == []
        for user_id, _ in acknowledged:
            session = store.load_session(f"line:{user_id}")
            assert session is not None and session.incident is not None, user_id
            assert store.get_incident(session.incident.incident_id) is not None
        # Each event was answered once: one stored answer per event ...
        from sqlalchemy import text as sql

        with store.engine.connect() as conn:
            per_event = dict(conn.execute(sql("SELECT event_id, count(*) FROM line_outgoing GROUP BY event_id")).all())
        assert [per_event.get(event_id) for _, event_id in acknowledged] == [1] * len(acknowledged)
        # ... and every one of them reached its user (a push retried with the same key counts once).
        later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=1)
        deadline = time.monotonic() + 90
        while store.outgoing_pending(later) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert store.outgoing_pending(later) == []
        got = _recipients(line_api.sent(), events)
        assert all(got[u] >= 1 for u, _ in acknowledged)
    finally:
        store.close()
        victim.stop()
        assert survivor.chat("after-kill", "こんにちは", client_ip="192.0.2.77").status_code == 200


def test_serve_starts_several_worker_processes(cluster_env):
    env, data = cluster_env
    worker = Worker(env, data / "worker-multi.log", "--workers", "2").wait_ready()
    try:
        assert worker.chat("multi-1", "こんにちは").status_code == 200
        children = subprocess.run(["pgrep", "-P", str(worker.process.pid)], capture_output=True, text=True).stdout.split()
        assert len(children) >= 2
    finally:
        worker.stop()


def test_sigterm_finishes_the_line_event_in_hand_before_the_worker_exits(cluster_env, line_api):
    env, data = cluster_env
    worker = Worker(env, data / "worker-term.log").wait_ready()
    store = _store(env)
    try:
        line_api.hang_next(REPLY, 3.0)  # LINE is slow: the answer is on its way when SIGTERM comes
        before = len(line_api.calls_to(REPLY))
        event = text_event("ランサムウェアに感染しました", dt.datetime.now(dt.timezone.utc), user("U" + "7" * 32))
        assert worker.deliver(event).status_code == 200
        assert line_api.wait_for(lambda api: len(api.calls_to(REPLY)) > before, timeout=30)
        worker.process.send_signal(signal.SIGTERM)
        # uvicorn finishes gracefully and then re-raises SIGTERM, so the process ends by that signal.
        assert worker.process.wait(40) in (0, -signal.SIGTERM)
        assert store.inbox_pending() == []
        from sqlalchemy import text as sql

        with store.engine.connect() as conn:
            statuses = conn.execute(sql("SELECT status FROM line_outgoing WHERE event_id = :e"),
                                    {"e": event["webhookEventId"]}).scalars().all()
        assert statuses == ["sent"]  # the worker waited for LINE's answer and recorded it
    finally:
        store.close()
        worker.stop()
