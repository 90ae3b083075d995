"""POST /api/chat and /readyz: the engine over HTTP with the contract's limits."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.settings import Settings


@pytest.fixture
def client(tmp_path, shared_pamphlet_index):
    with TestClient(create_app(Settings(data_dir=tmp_path, index_dir=shared_pamphlet_index, chat_rate_limit=1000))) as c:
        yield c


def test_chat_contract(client):
    body = client.post("/api/chat", json={"session_id": "u1", "text": "病院(100床)でH2タイプの年間保険料を教えてください"}).json()
    assert body["intent"] == "quote"
    assert any("121,130円" in r["text"] for r in body["replies"])
    assert [s["section"] for s in body["sources"]] == ["sec-08"]
    assert all(set(r) == {"text", "quick_replies", "is_table"} for r in body["replies"])


def test_the_table_paragraph_is_marked_so_a_page_draws_it_once(client):
    client.post("/api/chat", json={"session_id": "t1", "text": "保険料の見積もりがしたいです"})
    body = client.post("/api/chat", json={"session_id": "t1", "text": "一般診療所"}).json()
    marked = [r for r in body["replies"] if r["is_table"]]
    assert len(marked) == 1 and "27,200円" in marked[0]["text"]  # the plain lines are still there for other clients
    assert body["table"]["rows"][0][0] == "H1"
    assert any("タイプ（H1〜H7）を選ぶ" in r["text"] and not r["is_table"] for r in body["replies"])


def test_history_returns_the_conversation_in_order(client):
    client.post("/api/chat", json={"session_id": "h1", "text": "保険料の見積もりがしたいです"})
    client.post("/api/chat", json={"session_id": "h1", "text": "<b>診療所</b>"})
    turns = client.post("/api/chat/history", json={"session_id": "h1"}).json()["turns"]
    assert [t["text"] for t in turns] == ["保険料の見積もりがしたいです", "<b>診療所</b>"]
    assert turns[0]["response"]["intent"] == "quote" and turns[0]["response"]["replies"][0]["quick_replies"]
    assert client.post("/api/chat/history", json={"session_id": "other"}).json() == {"turns": []}
    assert client.post("/api/chat/history", json={"session_id": "x" * 129}).status_code == 422


def test_chat_incident_id_and_record(client):
    body = client.post(
        "/api/chat", json={"session_id": "u2", "text": "ランサムウェアにやられました", "now": "2026-12-02T22:30:00+09:00"}
    ).json()
    assert body["intent"] == "incident" and body["incident_id"].startswith("INC-20261202-")
    assert "0120-318-258" in body["replies"][0]["text"]


def test_a_payment_asked_beside_an_incident_in_hand_is_a_payment_answer_shown_as_an_emergency(client):
    body = client.post("/api/chat", json={
        "session_id": "u2b", "text": "今朝からランサムウェアで外来を止めています。日医の支援金はいくら出ますか",
        "now": "2030-07-10T10:00:00+09:00"}).json()
    assert body["intent"] == "subsidy" and body["emergency"] is True  # the page draws its alert
    assert body["incident_id"].startswith("INC-20300710-")
    assert "0120-318-258" in body["replies"][0]["text"]
    assert any("20万円" in r["text"] for r in body["replies"])
    quote = client.post("/api/chat", json={"session_id": "u2c", "text": "一般診療所のH1の保険料"}).json()
    assert quote["emergency"] is False


def test_chat_keeps_the_conversation(client):
    client.post("/api/chat", json={"session_id": "u3", "text": "保険料の見積もりがしたいです"})
    client.post("/api/chat", json={"session_id": "u3", "text": "診療所"})
    body = client.post("/api/chat", json={"session_id": "u3", "text": "H4"}).json()
    assert any("51,800円" in r["text"] for r in body["replies"])


def test_chat_coverage_answer_is_cited(client):
    body = client.post("/api/chat", json={"session_id": "u4", "text": "クーリングオフの対象ですか"}).json()
    assert body["intent"] == "coverage"
    assert any(s["section"] == "sec-14" for s in body["sources"])
    assert any("出典" in r["text"] for r in body["replies"])


@pytest.mark.parametrize(
    "payload",
    [
        {"session_id": "", "text": "こんにちは"},
        {"session_id": "x" * 129, "text": "こんにちは"},
        {"session_id": "u", "text": "あ" * 5001},
        {"session_id": "u", "text": "こんにちは", "now": "2026-12-02T22:30:00"},
        {"session_id": "u", "text": "こんにちは", "now": "yesterday"},
        {"session_id": "u", "text": "ランサムウェアに感染しました", "now": "9999-12-31T23:59:59+09:00"},
        {"session_id": "u", "text": "ランサムウェアに感染しました", "now": "0001-01-01T00:00:00+09:00"},
        {"text": "こんにちは"},
    ],
)
def test_bad_fields_are_422(client, payload):
    response = client.post("/api/chat", json=payload)
    assert response.status_code == 422 and response.json()["detail"]


def test_large_body_is_413(client):
    response = client.post("/api/chat", content=b'{"session_id":"u","text":"' + b"a" * 70000 + b'"}',
                           headers={"content-type": "application/json"})
    assert response.status_code == 413


def test_too_many_requests_is_429_in_japanese(tmp_path, shared_pamphlet_index):
    with TestClient(create_app(Settings(data_dir=tmp_path, index_dir=shared_pamphlet_index, chat_rate_limit=3))) as c:
        codes = [c.post("/api/chat", json={"session_id": "flood", "text": "こんにちは"}).status_code for _ in range(5)]
        assert codes[:3] == [200, 200, 200] and codes[3] == 429
        assert "時間をおいて" in c.post("/api/chat", json={"session_id": "flood", "text": "x"}).json()["detail"]


def test_readyz(client):
    assert client.get("/readyz").json() == {"status": "ready"}


def test_readyz_without_an_index_is_503_when_retrieval_is_hybrid(tmp_path):
    settings = Settings(data_dir=tmp_path, index_dir=tmp_path / "no-index", retrieval="hybrid")
    with TestClient(create_app(settings)) as c:
        response = c.get("/readyz")
        assert response.status_code == 503 and "index" in response.json()["status"]


def test_lexical_retrieval_is_ready_once_loaded_and_needs_no_built_index(tmp_path):
    import time

    index_dir = tmp_path / "never-built"
    with TestClient(create_app(Settings(data_dir=tmp_path, index_dir=index_dir, warm_up=True))) as c:
        first = c.get("/readyz")
        if first.status_code == 503:
            assert first.json()["status"] == "pamphlet index loading"
        deadline = time.monotonic() + 60
        while c.get("/readyz").status_code != 200:
            assert time.monotonic() < deadline, c.get("/readyz").json()
            time.sleep(0.1)
        body = c.post("/api/chat", json={"session_id": "lx", "text": "罰金は補償されますか"}).json()
        assert body["intent"] == "coverage" and "対象外" in body["replies"][0]["text"]
    assert not index_dir.exists()  # nothing was built, nothing written


def test_ready_means_every_kind_of_message_was_answered_once_and_the_rehearsal_leaves_no_trace(tmp_path, caplog):
    """What a first emergency would load on first use (holidays, first steps) is loaded before
    ready, by answering a message of each kind in a throwaway store: nothing of it is kept or logged."""
    import logging
    import time

    from bot import warmup
    from knowledge import clock

    clock._japan_holidays.cache_clear()  # as in a fresh process
    caplog.set_level(logging.INFO)
    with TestClient(create_app(Settings(data_dir=tmp_path, warm_up=True))) as c:
        deadline = time.monotonic() + 60
        while c.get("/readyz").status_code != 200:
            assert time.monotonic() < deadline, c.get("/readyz").json()
            time.sleep(0.1)
        assert clock._japan_holidays.cache_info().currsize == 1  # loaded before the first user
        engine = c.app.state.engine
        assert engine.store.list_incidents() == []
        assert all(engine.store.load_session(f"warm-up:{i}") is None for i in range(len(warmup.REHEARSAL)))
        assert not [r for r in caplog.records if "saved" in r.getMessage()]
        body = c.post("/api/chat", json={"session_id": "first", "text": "ランサムウェアに感染しました"}).json()
        assert body["incident_id"] and engine.store.list_incidents()[0].id == body["incident_id"]
        assert [r for r in caplog.records if body["incident_id"] in r.getMessage()]  # a real one is logged


def test_the_rehearsal_answers_every_message_and_a_failure_does_not_stop_the_server(tmp_path, monkeypatch):
    from bot import warmup
    from bot.runtime import build_engine

    engine = build_engine(Settings(data_dir=tmp_path))
    intents = warmup.rehearse(engine)
    assert len(intents) == len(warmup.REHEARSAL)
    assert {"incident", "coverage", "quote", "subsidy", "greeting"} <= set(intents)  # every kind reached
    monkeypatch.setattr(warmup, "REHEARSAL", ("こんにちは", "\ud800"))  # a message the store cannot encode
    assert warmup.rehearse(engine) == ["greeting"]


def test_ready_means_the_index_is_loaded(tmp_path, shared_pamphlet_index):
    import time

    settings = Settings(data_dir=tmp_path, index_dir=shared_pamphlet_index, warm_up=True, retrieval="hybrid")
    with TestClient(create_app(settings)) as c:
        first = c.get("/readyz")
        if first.status_code == 503:
            assert first.json()["status"] == "pamphlet index loading"
        deadline = time.monotonic() + 120
        while c.get("/readyz").status_code != 200:
            assert time.monotonic() < deadline, "the index never finished loading"
            time.sleep(0.2)
        body = c.post("/api/chat", json={"session_id": "w", "text": "罰金は補償されますか"}).json()
        assert body["intent"] == "coverage"


def test_an_index_built_while_the_server_runs_is_loaded_without_a_restart(tmp_path, shared_pamphlet_index):
    import shutil
    import time

    index_dir = tmp_path / "later"
    with TestClient(create_app(Settings(data_dir=tmp_path, index_dir=index_dir, warm_up=True, retrieval="hybrid"))) as c:
        deadline = time.monotonic() + 30
        while "not built" not in c.get("/readyz").json()["status"]:
            assert time.monotonic() < deadline
            time.sleep(0.1)
        shutil.copytree(shared_pamphlet_index, index_dir)  # what `clinic-bot index build` leaves
        deadline = time.monotonic() + 120
        while c.get("/readyz").status_code != 200:
            assert time.monotonic() < deadline, c.get("/readyz").json()
            time.sleep(0.2)


def test_a_coverage_question_never_builds_the_index_inside_the_request(tmp_path):
    index_dir = tmp_path / "no-index"
    settings = Settings(data_dir=tmp_path, index_dir=index_dir, warm_up=True, retrieval="hybrid")
    with TestClient(create_app(settings)) as c:
        body = c.post("/api/chat", json={"session_id": "n", "text": "サイバー攻撃の調査費用は補償されますか"}).json()
        assert body["intent"] == "coverage" and body["replies"]  # answered from the lexical index
        assert c.get("/readyz").status_code == 503
    assert not (index_dir / "manifest.json").exists()


def test_the_longest_session_id_the_api_accepts_is_answered(client):
    body = client.post("/api/chat", json={"session_id": "s" * 128, "text": "こんにちは"})
    assert body.status_code == 200 and body.json()["replies"]
    assert client.post("/api/chat/history", json={"session_id": "s" * 128}).json()["turns"]


def test_a_session_id_with_control_characters_is_422_and_a_nul_in_text_is_dropped(client):
    assert client.post("/api/chat", json={"session_id": "a\x00b", "text": "こんにちは"}).status_code == 422
    assert client.post("/api/chat/history", json={"session_id": "a\nb"}).status_code == 422
    body = client.post("/api/chat", json={"session_id": "nul-1", "text": "保険料の\x00見積もりがしたいです"}).json()
    assert body["intent"] == "quote"


def test_a_failed_index_load_is_tried_again_and_the_server_becomes_ready(monkeypatch):
    """A load that fails once (a file being replaced while the server starts) must not leave
    /readyz at 503 until someone restarts the server; the retries back off."""
    import time
    from pathlib import Path

    from bot import runtime

    class FlakyIndex:
        def __init__(self) -> None:
            self.attempts = 0

        def warm(self) -> bool:
            self.attempts += 1
            if self.attempts == 1:
                raise OSError("pamphlet file being replaced")
            return True

    monkeypatch.setattr(runtime, "RETRY_FIRST", 0.2)
    retriever = runtime.LazyRetriever(Path("unused"), dense=False)
    retriever._index = index = FlakyIndex()
    retriever.start_warming()
    while retriever.loading():
        time.sleep(0.01)
    # Retries start from ready(): until it is asked, the failure stands and is what /readyz says.
    assert "failed" in retriever.why_not_ready() and index.attempts == 1
    deadline = time.monotonic() + 10
    while not retriever.ready():
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert index.attempts == 2
