"""The result cache: LRU bounds, and Redis hit / miss / TTL / fail-open on a real server."""

from __future__ import annotations

import asyncio
import socket
import time

import pytest
from pytest_redis.executor import RedisExecutor

from service.cache import MemoryCache, RedisCache, cache_key
from tests.conftest import redis_url


def test_key_changes_with_every_input() -> None:
    base = {"version": "1", "pipeline": "p@1", "options": {}}
    key = cache_key("text", **base)  # type: ignore[arg-type]
    assert key == cache_key("text", **base)  # type: ignore[arg-type]
    assert key != cache_key("text ", **base)  # type: ignore[arg-type]
    assert key != cache_key("text", **{**base, "version": "2"})  # type: ignore[arg-type]
    assert key != cache_key("text", **{**base, "pipeline": "p@2"})  # type: ignore[arg-type]
    assert key != cache_key("text", **{**base, "options": {"x": 1}})  # type: ignore[arg-type]


def test_key_accepts_lone_surrogates() -> None:
    assert cache_key("\ud800", version="1", pipeline="p", options={})


async def test_memory_cache_evicts_least_recently_used() -> None:
    cache = MemoryCache(max_entries=2)
    await cache.set("a", b"1")
    await cache.set("b", b"2")
    assert await cache.get("a") == b"1"  # a is now the most recent
    await cache.set("c", b"3")
    assert await cache.get("b") is None
    assert await cache.get("a") == b"1"
    assert await cache.get("c") == b"3"
    assert len(cache) == 2


async def test_memory_cache_of_size_zero_stores_nothing() -> None:
    cache = MemoryCache(max_entries=0)
    await cache.set("a", b"1")
    assert await cache.get("a") is None
    assert cache.state() == "disabled"


def _redis(url: str, ttl: int = 60, retry_after: float = 0.3) -> RedisCache:
    return RedisCache(url, ttl_seconds=ttl, timeout_seconds=0.2, retry_after_seconds=retry_after)


@pytest.mark.slow
async def test_redis_hit_miss_and_ttl(redis_proc: RedisExecutor) -> None:
    cache = _redis(redis_url(redis_proc), ttl=1)
    try:
        assert await cache.get("quotes:test:miss") is None
        await cache.set("quotes:test:hit", b"body")
        assert await cache.get("quotes:test:hit") == b"body"
        assert cache.state() == "ok"
        await asyncio.sleep(1.2)
        assert await cache.get("quotes:test:hit") is None
    finally:
        await cache.close()


def _closed_port() -> int:
    """A loopback port nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_dead_redis_fails_open_fast_and_trips_the_breaker() -> None:
    cache = _redis(f"redis://127.0.0.1:{_closed_port()}/0", retry_after=60)
    try:
        started = time.perf_counter()
        assert await cache.get("k") is None
        await cache.set("k", b"v")
        assert await cache.get("k") is None
        elapsed = time.perf_counter() - started
        assert cache.state() == "degraded"
        # One short timeout at most, then the breaker skips Redis entirely.
        assert elapsed < 1.0
    finally:
        await cache.close()


@pytest.mark.slow
async def test_redis_killed_mid_run_then_restarted_recovers(redis_proc: RedisExecutor) -> None:
    cache = _redis(redis_url(redis_proc), retry_after=0.2)
    try:
        await cache.set("quotes:test:restart", b"v")
        assert await cache.get("quotes:test:restart") == b"v"
        redis_proc.stop()
        try:
            started = time.perf_counter()
            assert await cache.get("quotes:test:restart") is None
            assert time.perf_counter() - started < 1.0
            assert cache.state() == "degraded"
        finally:
            redis_proc.start()
        await asyncio.sleep(0.3)
        assert await cache.ping() is True
        assert cache.state() == "ok"
        await cache.set("quotes:test:after", b"w")
        assert await cache.get("quotes:test:after") == b"w"
    finally:
        await cache.close()


@pytest.mark.slow
async def test_a_restart_between_commands_costs_no_breaker_trip(redis_proc: RedisExecutor) -> None:
    # The pooled connection outlives the server it was opened to; its first command fails
    # with "Connection closed by server" and must reconnect rather than bypass the cache.
    cache = _redis(redis_url(redis_proc), retry_after=5.0)
    try:
        await cache.set("quotes:test:stale", b"v")
        redis_proc.stop()
        redis_proc.start()
        # The test server may have saved its data on the way down; either answer is fine.
        assert await cache.get("quotes:test:stale") in (None, b"v")
        assert cache.state() == "ok"
        await cache.set("quotes:test:stale", b"w")
        assert await cache.get("quotes:test:stale") == b"w"
    finally:
        await cache.close()


@pytest.mark.slow
async def test_a_late_timeout_blames_the_stalled_loop_not_redis(redis_proc: RedisExecutor) -> None:
    cache = _redis(redis_url(redis_proc), retry_after=60)
    pauser = RedisCache(redis_url(redis_proc), ttl_seconds=60, timeout_seconds=5,
                        retry_after_seconds=1)
    try:
        assert await cache.ping()  # connected before Redis is paused
        await pauser._client.execute_command("CLIENT", "PAUSE", "2500", "ALL")
        lookup = asyncio.create_task(cache.get("quotes:test:stall"))
        await asyncio.sleep(0.05)  # the GET is sent and waits for the paused server
        time.sleep(1.0)  # a stalled event loop: the 0.4 s timer can only fire 0.6 s late
        assert await lookup is None
        assert cache.state() == "ok", "a late timer is no evidence against Redis"
        # Redis is still paused; a timeout that fires on time does trip the breaker.
        assert await cache.get("quotes:test:stall") is None
        assert cache.state() == "degraded"
    finally:
        await cache.close()
        await pauser.close()
