"""Rate limits count the client, not the reverse proxy: X-Forwarded-For is believed only from a
trusted proxy (CLINIC_BOT_TRUSTED_PROXIES), so behind one proxy every clinic keeps its own budget
and a client elsewhere cannot choose its address."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.settings import Settings, SettingsError


def chat(client: TestClient, session: str, forwarded: str | None = None) -> int:
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return client.post("/api/chat", json={"session_id": session, "text": "こんにちは"}, headers=headers).status_code


def test_behind_a_trusted_proxy_each_client_has_its_own_budget(tmp_path):
    app = create_app(Settings(data_dir=tmp_path, chat_rate_limit=2))
    with TestClient(app, client=("127.0.0.1", 50000)) as proxy:  # the peer is the local reverse proxy
        assert [chat(proxy, f"a{i}", "203.0.113.7") for i in range(3)] == [200, 200, 429]
        assert chat(proxy, "b1", "198.51.100.20") == 200  # another clinic is not locked out


def test_the_429_gives_the_desk_number(tmp_path):
    with TestClient(create_app(Settings(data_dir=tmp_path, chat_rate_limit=1))) as c:
        chat(c, "s1")
        refused = c.post("/api/chat", json={"session_id": "s1", "text": "ランサムウェア"})
        assert refused.status_code == 429 and "0120-318-258" in refused.json()["detail"]


def test_a_client_that_is_not_a_trusted_proxy_cannot_choose_its_address(tmp_path):
    app = create_app(Settings(data_dir=tmp_path, chat_rate_limit=2))
    with TestClient(app, client=("192.0.2.10", 40000)) as client:
        codes = [chat(client, f"s{i}", f"10.0.0.{i}") for i in range(3)]
        assert codes == [200, 200, 429]  # a new X-Forwarded-For each time buys nothing


def test_a_configured_proxy_network_is_trusted(tmp_path):
    settings = Settings.from_env({"CLINIC_BOT_DATA_DIR": str(tmp_path), "CLINIC_BOT_TRUSTED_PROXIES": "10.1.0.0/16",
                                  "CLINIC_BOT_CHAT_RATE_LIMIT": "1"})
    with TestClient(create_app(settings), client=("10.1.2.3", 443)) as proxy:
        assert chat(proxy, "a", "203.0.113.1") == 200 and chat(proxy, "b", "203.0.113.2") == 200
    with TestClient(create_app(settings), client=("127.0.0.1", 443)) as local:  # no longer trusted
        assert chat(local, "c", "203.0.113.3") == 200 and chat(local, "d", "203.0.113.4") == 429


def test_a_misspelt_proxy_address_is_refused_at_start(tmp_path):
    with pytest.raises(SettingsError, match="^CLINIC_BOT_TRUSTED_PROXIES: '10.0.0.300' is not an IP address"):
        Settings.from_env({"CLINIC_BOT_TRUSTED_PROXIES": "10.0.0.300"})
    assert Settings.from_env({"CLINIC_BOT_TRUSTED_PROXIES": "none"}).trusted_proxies == []
    # A host address written with a prefix means its network (uvicorn would read it as a host name).
    assert Settings.from_env({"CLINIC_BOT_TRUSTED_PROXIES": "10.1.2.3/16, 10.9.9.9"}).trusted_proxies == ["10.1.0.0/16", "10.9.9.9"]


def test_an_ipv6_subscriber_shares_one_budget_across_its_64(tmp_path):
    from bot.ratelimit import client_key

    assert client_key("2001:db8:1:2::1") == client_key("2001:db8:1:2:ffff::9") == "2001:db8:1:2::/64"
    assert client_key("2001:db8:1:3::1") != client_key("2001:db8:1:2::1")
    assert client_key("::ffff:203.0.113.5") == "203.0.113.5" and client_key("203.0.113.5") == "203.0.113.5"
    app = create_app(Settings(data_dir=tmp_path, chat_rate_limit=2))
    with TestClient(app, client=("127.0.0.1", 50000)) as proxy:
        codes = [chat(proxy, f"v{i}", f"2001:db8:1:2::{i + 1}") for i in range(3)]
        assert codes == [200, 200, 429]


def test_behind_a_tls_front_proxy_and_nginx_the_client_cannot_write_its_own_address(tmp_path):
    # deploy/nginx.conf appends to X-Forwarded-For; the front proxy (10.0.0.5) appended the client.
    app = create_app(Settings(data_dir=tmp_path, chat_rate_limit=2, trusted_proxies=["172.28.0.10", "10.0.0.5"]))
    with TestClient(app, client=("172.28.0.10", 50000)) as nginx:
        codes = [chat(nginx, f"t{i}", f"192.0.2.{i}, 198.51.100.7, 10.0.0.5") for i in range(3)]
        assert codes == [200, 200, 429]  # whatever the client wrote first, it is 198.51.100.7
        assert chat(nginx, "other", "198.51.100.8, 10.0.0.5") == 200


def test_a_flood_of_new_session_ids_neither_grows_memory_without_bound_nor_forgets_a_live_budget():
    from bot.ratelimit import RateLimiter

    limiter = RateLimiter(limit=2, window_seconds=60)
    assert limiter.allow("s:kept", now=0.0) and limiter.allow("s:kept", now=1.0)
    for i in range(50_000):  # each a new conversation, all within one window
        assert limiter.allow(f"s:flood-{i}", now=2.0 + i * 0.001)
    assert not limiter.allow("s:kept", now=52.0)  # its budget was not lost in a sweep
    for i in range(50_000):  # a minute later: the first flood is idle and must be forgotten
        limiter.allow(f"s:later-{i}", now=200.0 + i * 0.001)
    assert len(limiter._hits) <= 2 * 50_000 + 1
