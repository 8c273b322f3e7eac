"""Overload (bounded queue, 503 + Retry-After, 504 time limit), API keys, no internals leak."""

from __future__ import annotations

import asyncio
import hmac
import threading
import time

import httpx
import pytest
from pydantic import SecretStr

from service.api import security
from service.settings import Settings
from tests.reliability.conftest import started


@pytest.mark.slow
async def test_beyond_the_queue_is_503_with_retry_after_not_latency(settings: Settings) -> None:
    small = settings.model_copy(update={"max_queue": 2, "request_timeout_seconds": 120.0})
    gate = threading.Event()
    async with started(small) as (app, client):
        real = app.state.engine.compute

        def held(text: str, scope: str) -> bytes:
            gate.wait(120)
            return bytes(real(text, scope))

        app.state.engine.compute = held
        texts = [f"“Wait {i},” she said." for i in range(8)]
        tasks = [asyncio.create_task(client.post("/v1/quotes", json={"text": t})) for t in texts]
        deadline = time.monotonic() + 60
        while sum(task.done() for task in tasks) < 5:
            assert time.monotonic() < deadline, "the requests beyond the queue were not refused"
            await asyncio.sleep(0.01)
        # Refused while the parser is still held, not after waiting for the queue to drain.
        assert not gate.is_set() and sum(task.done() for task in tasks) == 5
        gate.set()
        responses = await asyncio.gather(*tasks)
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] * 3 + [503] * 5  # one parsing + two queued
    for response in responses:
        if response.status_code == 503:
            assert response.headers["retry-after"] == "1"
            assert response.json()["error"]["code"] == "overloaded"


@pytest.mark.slow
async def test_time_limit_is_a_clear_504(settings: Settings) -> None:
    quick = settings.model_copy(update={"request_timeout_seconds": 0.3})
    gate = threading.Event()
    finished = threading.Event()

    def stuck(text: str, scope: str) -> bytes:
        gate.wait(120)
        finished.set()
        return b"{}"

    async with started(quick) as (app, client):
        app.state.engine.compute = stuck
        try:
            response = await client.post("/v1/quotes", json={"text": "“Slow,” he said."})
            # Answered at the limit, while the parse it gave up on still runs.
            assert not finished.is_set()
        finally:
            gate.set()
    assert response.status_code == 504
    assert response.json()["error"]["code"] == "timeout"
    assert "0.3 s" in response.json()["error"]["message"]


@pytest.mark.slow
async def test_api_keys_guard_every_v1_route_and_leave_health_open(settings: Settings) -> None:
    keyed = settings.model_copy(update={"api_keys": [SecretStr("alpha"), SecretStr("beta")]})
    async with started(keyed) as (_, client):
        body = {"text": "“Hi,” she said."}
        batch = {"documents": [body]}
        for path, payload in (("/v1/quotes", body), ("/v1/quotes/batch", batch)):
            for headers in ({}, {"X-API-Key": "alph"}, {"X-API-Key": "al pha"}, {"X-API-Key": ""}):
                refused = await client.post(path, json=payload, headers=headers)
                assert refused.status_code == 401
                assert refused.json()["error"]["code"] == "unauthorized"
                assert refused.headers["www-authenticate"] == "APIKey"
            # Spaces and tabs around a key are not part of it (docs/RELIABILITY.md).
            for key in ("alpha", "beta", "alpha ", "\tbeta"):
                ok = await client.post(path, json=payload, headers={"X-API-Key": key})
                assert ok.status_code == 200
        for open_path in ("/healthz", "/readyz", "/openapi.json"):
            assert (await client.get(open_path)).status_code == 200


def test_key_comparison_is_constant_time_over_every_key(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(security.hmac, "compare_digest", spy)
    keys = [b"k1", b"k2", b"k3"]
    assert security.key_matches("k1", keys) is True
    # No early exit on the first match: timing does not tell which key (or how many) matched.
    assert len(calls) == 3
    assert security.key_matches("nope", keys) is False


@pytest.mark.slow
async def test_errors_carry_no_stack_trace_or_internals(settings: Settings) -> None:
    async with started(settings) as (app, client):
        def broken(_: str, scope: str) -> bytes:
            raise RuntimeError("secret internal path /srv/models/key=hunter2")

        app.state.engine.compute = broken
        app.state.engine.compute_many = lambda texts, scope: [
            RuntimeError("secret internal path /srv/models/key=hunter2") for _ in texts
        ]
        response = await client.post("/v1/quotes", json={"text": "“Boom,” he said."})
        batch = await client.post(
            "/v1/quotes/batch", json={"documents": [{"text": "“Boom,” he said again."}]}
        )
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "internal_error"
    assert batch.status_code == 200
    assert batch.json()["results"][0]["error"]["code"] == "document_failed"
    for text in (response.text, batch.text):
        for leak in ("Traceback", "RuntimeError", "hunter2", "/srv", ".py"):
            assert leak not in text


@pytest.mark.slow
async def test_batch_size_is_limited(settings: Settings) -> None:
    small = settings.model_copy(update={"max_batch_documents": 3})
    async with started(small) as (_, client):
        docs = [{"text": "“Hi,” she said."}] * 4
        response = await client.post("/v1/quotes/batch", json={"documents": docs})
        empty = await client.post("/v1/quotes/batch", json={"documents": []})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "batch_too_large"
    assert empty.status_code == 422


@pytest.mark.slow
async def test_redis_credentials_come_only_from_the_url_and_never_show(
    settings: Settings,
) -> None:
    assert not [name for name in Settings.model_fields if "password" in name or "user" in name]
    url = "redis://admin:s3cr3t-pw@127.0.0.1:1/0"
    configured = settings.model_copy(
        update={"redis_url": SecretStr(url), "redis_retry_after_seconds": 60.0}
    )
    assert "s3cr3t" not in repr(configured) and "s3cr3t" not in str(configured.model_dump())
    async with started(configured) as (_, client):
        answers = [
            await client.post("/v1/quotes", json={"text": "“Hi,” she said."}),
            await client.get("/readyz"),
            await client.get("/metrics"),
        ]
    assert answers[0].status_code == 200
    for answer in answers:
        assert "s3cr3t" not in answer.text


async def test_request_id_is_echoed_and_honoured(app_client: httpx.AsyncClient) -> None:
    given = "0123456789abcdef0123456789abcdef"
    response = await app_client.post(
        "/v1/quotes", json={"text": ""}, headers={"X-Request-ID": given}
    )
    assert response.headers["x-request-id"] == given
    assert response.json()["error"]["request_id"] == given
