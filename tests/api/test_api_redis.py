"""The API on a real Redis cache, and on a dead one (fail open)."""

from __future__ import annotations

import socket
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from pydantic import SecretStr
from pytest_redis.executor import RedisExecutor

from service.api.app import create_app
from service.settings import Settings
from tests.conftest import redis_lookups, redis_url

pytestmark = pytest.mark.slow  # every test here starts a process or loads the pipeline

TEXT = "“The bridge will reopen in May,” said the transport minister, Ana Ruiz.\n"


@asynccontextmanager
async def client_on(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """A client on a started app with these settings."""
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client


async def test_redis_backed_hits(settings: Settings, redis_proc: RedisExecutor) -> None:
    configured = settings.model_copy(update={"redis_url": SecretStr(redis_url(redis_proc))})
    text = TEXT + f"Run {time.time_ns()}.\n"
    async with client_on(configured) as client:
        first = (await client.post("/v1/quotes", json={"text": text})).json()
        second = (await client.post("/v1/quotes", json={"text": text})).json()
        ready = (await client.get("/readyz")).json()
        metrics = (await client.get("/metrics")).text
    assert (first["meta"]["cached"], second["meta"]["cached"]) == (False, True)
    assert first["quotes"] == second["quotes"]
    assert ready["cache"] == {"backend": "redis", "state": "ok"}
    assert 'quotes_cache_lookups_total{backend="redis",outcome="hit"}' in metrics


async def test_dead_redis_requests_still_succeed(settings: Settings) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    configured = settings.model_copy(
        update={
            "redis_url": SecretStr(f"redis://127.0.0.1:{port}/0"),
            "redis_retry_after_seconds": 60.0,
        }
    )
    async with client_on(configured) as client:
        before = redis_lookups()
        responses = [await client.post("/v1/quotes", json={"text": TEXT}) for _ in range(3)]
        lookups = redis_lookups() - before
        ready = await client.get("/readyz")
    assert [r.status_code for r in responses] == [200, 200, 200]
    assert all(r.json()["meta"]["cached"] is False for r in responses)
    # One failed lookup opens the breaker; the next requests skip Redis instead of waiting.
    assert lookups == {"error": 1, "bypass": 2}
    assert ready.status_code == 200
    assert ready.json()["cache"] == {"backend": "redis", "state": "degraded"}
