"""Conversation locks and rate limits shared by several workers, on real Redis and PostgreSQL."""

from __future__ import annotations

import threading
import time

import pytest
import redis

from bot.locks import LocalLocks, RedisLocks
from bot.ratelimit import RedisRateLimiter
from tests.backends import free_port


def _never_two_at_once(locks_of_each_worker: list, key: str = "line:user:U1", rounds: int = 15) -> list[int]:
    """Threads on every 'worker' take the same conversation; returns the order of entries and
    fails if two were ever inside at once."""
    inside = 0
    most = 0
    order: list[int] = []
    guard = threading.Lock()

    def work(n: int, locks) -> None:
        nonlocal inside, most
        for _ in range(rounds):
            with locks.hold(key):
                with guard:
                    inside += 1
                    most = max(most, inside)
                    order.append(n)
                time.sleep(0.001)
                with guard:
                    inside -= 1

    threads = [threading.Thread(target=work, args=(n, locks)) for n, locks in enumerate(locks_of_each_worker * 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert most == 1
    return order


def test_local_locks_serialise_a_conversation_and_forget_it_afterwards():
    locks = LocalLocks()
    order = _never_two_at_once([locks])
    assert len(order) == 30
    for n in range(1000):  # a thousand conversations come and go
        with locks.hold(f"web:{n}"):
            pass
    assert len(locks) == 0  # the table does not grow with the number of conversations


def test_local_locks_let_different_conversations_run_side_by_side():
    locks = LocalLocks()
    entered = threading.Event()

    def hold_a() -> None:
        with locks.hold("a"):
            entered.set()
            time.sleep(0.3)

    thread = threading.Thread(target=hold_a)
    thread.start()
    entered.wait(5)
    started = time.monotonic()
    with locks.hold("b"):
        assert time.monotonic() - started < 0.2
    thread.join()


@pytest.fixture
def redis_url(redis_server):
    redis_server.flush()
    return redis_server.url()


def test_redis_locks_hold_a_conversation_across_workers(redis_url):
    workers = [RedisLocks(redis.Redis.from_url(redis_url)) for _ in range(2)]
    assert len(_never_two_at_once(workers)) == 60


def test_a_holder_whose_lease_ran_out_does_not_free_the_next_holder(redis_url):
    client = redis.Redis.from_url(redis_url)
    slow = RedisLocks(client, lease=10)
    other = RedisLocks(redis.Redis.from_url(redis_url), wait=5)
    with slow.hold("k"):
        client.delete("clinic-bot:lock:k")  # the lease ran out (the process stalled past it)
        with other.hold("k"):  # another worker takes the conversation
            assert client.get("clinic-bot:lock:k") is not None
        assert client.get("clinic-bot:lock:k") is None  # it released its own lock
    # Now a third holder's lock must survive the first one's late release.
    third = RedisLocks(client, lease=10)
    with third.hold("k"):
        slow._release(keys=["clinic-bot:lock:k"], args=["not-my-token"])
        assert client.get("clinic-bot:lock:k") is not None


def test_a_long_answer_keeps_its_conversation_locked(redis_url):
    client = redis.Redis.from_url(redis_url)
    slow = RedisLocks(client, lease=0.3)
    other = RedisLocks(redis.Redis.from_url(redis_url), wait=0.2)
    with slow.hold("long"):
        time.sleep(0.7)  # longer than the lease: the lease is extended while the answer is worked out
        started = time.monotonic()
        with other.hold("long"):  # cannot have it: waits its 0.2 s, then answers without it
            waited = time.monotonic() - started
        assert waited >= 0.2
        assert client.get("clinic-bot:lock:long") is not None
    assert client.get("clinic-bot:lock:long") is None  # released at the end


def test_a_lock_set_whose_reply_was_lost_is_released_and_the_next_message_does_not_wait(redis_url):
    """Redis set the lock but the reply timed out: the holder must not leave it for a whole lease."""
    client = redis.Redis.from_url(redis_url)

    class ReplyLost:
        def __init__(self, real: redis.Redis) -> None:
            self.real = real

        def set(self, *args, **kwargs):
            self.real.set(*args, **kwargs)
            raise redis.exceptions.TimeoutError("Timeout reading from socket")

        def __getattr__(self, name):
            return getattr(self.real, name)

    with RedisLocks(ReplyLost(client), lease=30).hold("lost"):
        assert client.get("clinic-bot:lock:lost") is not None  # set, though the holder was not told
    deadline = time.monotonic() + 5  # released in the background: the answer does not wait for it
    while client.get("clinic-bot:lock:lost") is not None:
        assert time.monotonic() < deadline, "the lock was left for its whole lease"
        time.sleep(0.01)
    started = time.monotonic()
    with RedisLocks(redis.Redis.from_url(redis_url), wait=5).hold("lost"):
        waited = time.monotonic() - started
    assert waited < 5  # had the lock, rather than waiting out its 5 s


def test_an_unreachable_redis_never_stops_an_answer():
    dead = redis.Redis.from_url(f"redis://127.0.0.1:{free_port()}/0", socket_connect_timeout=0.5, socket_timeout=0.5)
    started = time.monotonic()
    with RedisLocks(dead).hold("k"):
        ran = True
    assert ran and time.monotonic() - started < 5
    limiter = RedisRateLimiter(dead, 1, 60, name="chat")
    assert limiter.allow("a") and limiter.allow("a")  # let through, not refused
    assert limiter.blocked("a") is False


def test_a_rate_limit_is_shared_by_every_worker(redis_url):
    a = RedisRateLimiter(redis.Redis.from_url(redis_url), 5, 60, name="chat")
    b = RedisRateLimiter(redis.Redis.from_url(redis_url), 5, 60, name="chat")
    assert [a.allow("203.0.113.7") for _ in range(3)] == [True] * 3
    assert [b.allow("203.0.113.7") for _ in range(3)] == [True, True, False]
    assert a.blocked("203.0.113.7") and not a.blocked("198.51.100.1")
    assert b.allow("198.51.100.1")  # another client keeps its own budget
    a.refund("203.0.113.7")
    assert b.allow("203.0.113.7") and not a.allow("203.0.113.7")


@pytest.mark.parametrize("backend", ["redis", "in-process"])
def test_a_session_and_its_client_are_counted_together_and_a_refusal_spends_neither(redis_url, backend):
    from bot.ratelimit import RateLimiter

    limiter = RedisRateLimiter(redis.Redis.from_url(redis_url), 2, 60, name="pair") if backend == "redis" else RateLimiter(2, 60)
    assert limiter.allow_all(["s:a", "ip:1"]) and limiter.allow_all(["s:b", "ip:1"])
    assert not limiter.allow_all(["s:c", "ip:1"])  # the client has spent its budget …
    assert limiter.allow_all(["s:c", "ip:2"])  # … and session c was not charged for the refusal
    assert limiter.allow_all(["s:c", "ip:3"]) and not limiter.allow_all(["s:c", "ip:4"])  # its own budget holds


def test_a_rate_limit_window_slides(redis_url):
    limiter = RedisRateLimiter(redis.Redis.from_url(redis_url), 2, 0.3, name="login")
    assert limiter.allow("k") and limiter.allow("k") and not limiter.allow("k")
    time.sleep(0.35)
    assert limiter.allow("k")

