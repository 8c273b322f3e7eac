"""Redis not running at start-up, killed mid-load and slow: requests succeed, the cache recovers.

Against a real redis-server process (pytest-redis) that the tests stop, start and stall.
"""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest
import redis
from pydantic import SecretStr
from pytest_redis.executor import RedisExecutor

from service.settings import Settings
from tests.conftest import redis_lookups, redis_url
from tests.reliability.conftest import started

pytestmark = pytest.mark.slow  # every test here starts a process or loads the pipeline

TEXT = "“The tunnel will close for repairs,” said the works director, Ida Holm.\n"


def _on(settings: Settings, proc: RedisExecutor) -> Settings:
    """Settings using this Redis with a short breaker, so recovery is quick to observe."""
    return settings.model_copy(
        update={
            "redis_url": SecretStr(redis_url(proc)),
            "redis_timeout_seconds": 0.2,
            "redis_retry_after_seconds": 0.3,
        }
    )


async def _post(client: httpx.AsyncClient, text: str) -> tuple[int, bool | None, float]:
    """Status, meta.cached and latency of one request."""
    t0 = time.perf_counter()
    response = await client.post("/v1/quotes", json={"text": text})
    cached = response.json()["meta"]["cached"] if response.status_code == 200 else None
    return response.status_code, cached, time.perf_counter() - t0


async def _until_cached(client: httpx.AsyncClient, text: str, within: float) -> bool:
    """True once a repeated request is served from the cache (the breaker closed again)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        status, cached, _ = await _post(client, text)
        assert status == 200
        if cached:
            return True
        await asyncio.sleep(0.1)
    return False


async def test_redis_down_at_start_up_then_back(
    settings: Settings, redis_proc: RedisExecutor
) -> None:
    redis_proc.stop()
    try:
        async with started(_on(settings, redis_proc)) as (_, client):
            before = redis_lookups()
            outcomes = [await _post(client, TEXT + f"Down {i}.\n") for i in range(5)]
            lookups = redis_lookups() - before
            assert [status for status, _, _ in outcomes] == [200] * 5
            assert all(cached is False for _, cached, _ in outcomes)
            # Every lookup failed or skipped Redis (the breaker); every answer was computed.
            assert set(lookups) <= {"error", "bypass"} and lookups.total() == 5
            assert lookups["error"] >= 1
            assert (await client.get("/readyz")).json()["cache"]["state"] == "degraded"
            redis_proc.start()
            assert await _until_cached(client, TEXT + "Back.\n", within=5.0)
            assert (await client.get("/readyz")).json()["cache"] == {
                "backend": "redis",
                "state": "ok",
            }
    finally:
        if not redis_proc.running():
            redis_proc.start()


async def test_redis_killed_mid_load_every_request_succeeds(
    settings: Settings, redis_proc: RedisExecutor
) -> None:
    async with started(_on(settings, redis_proc)) as (_, client):
        texts = [TEXT + f"Load {time.time_ns()} {i}.\n" for i in range(40)]
        answered = 0
        quarter = asyncio.Event()

        async def killer() -> None:
            await quarter.wait()  # a quarter of the requests answered, however fast
            redis_proc.stop()

        gate = asyncio.Semaphore(8)  # below the parser queue bound: no 503s from overload

        async def bounded(text: str) -> tuple[int, bool | None, float]:
            nonlocal answered
            async with gate:
                outcome = await _post(client, text)
            answered += 1
            if answered == len(texts) // 4:
                quarter.set()
            return outcome

        try:
            results = await asyncio.gather(killer(), *(bounded(text) for text in texts))
        finally:
            redis_proc.start()
        outcomes = results[1:]
        assert [o[0] for o in outcomes] == [200] * len(texts)  # type: ignore[index]
        assert await _until_cached(client, texts[-1], within=5.0)


async def test_slow_redis_costs_one_timeout_not_one_per_request(
    settings: Settings, redis_proc: RedisExecutor
) -> None:
    # The breaker stays open longer than any run of this test, so what it saved is exact.
    configured = _on(settings, redis_proc).model_copy(
        update={"redis_retry_after_seconds": 600.0}
    )
    async with started(configured) as (_, client):
        await _post(client, TEXT)  # warm: parsed and stored while Redis is fast
        stall = redis.Redis(host=redis_proc.host, port=redis_proc.port)
        # CLIENT PAUSE stalls every client's commands server-side, like an overloaded Redis.
        stall.execute_command("CLIENT", "PAUSE", "1500", "ALL")
        before = redis_lookups()
        outcomes = [await _post(client, TEXT + f"Slow {i}.\n") for i in range(5)]
        lookups = redis_lookups() - before
        stall.close()
        assert [o[0] for o in outcomes] == [200] * 5
        # One Redis timeout, then the breaker bypasses Redis for the other four.
        assert lookups == {"error": 1, "bypass": 4}
        # Readiness probes Redis and closes the breaker once the pause is over.
        deadline = time.monotonic() + 60
        while (await client.get("/readyz")).json()["cache"]["state"] != "ok":
            assert time.monotonic() < deadline, "Redis answered no probe after its pause"
            await asyncio.sleep(0.1)
        assert await _until_cached(client, TEXT, within=5.0)
