"""``workers: 2``: the same answers as one in-process parser, computed in parser processes."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import AsyncIterator

import httpx
import pytest

from service.api.app import create_app
from service.serving.pool import START_TIMEOUT_SECONDS, ParserPool
from service.settings import Settings
from tests.api.test_api import ARTICLE

pytestmark = pytest.mark.slow  # every test here starts a process or loads the pipeline

FRENCH = (
    "Le conseil municipal s'est réuni mardi soir pour discuter du budget de la ville. "
    "Selon la directrice des finances, les dépenses doivent baisser dès l'année prochaine, "
    "et les habitants seront consultés avant la fin du mois."
)


@pytest.fixture(scope="module")
async def pool_client(settings: Settings) -> AsyncIterator[tuple[httpx.AsyncClient, ParserPool]]:
    """The app with two parser processes and no cache, lifespan included. Its bound on waiting
    for a parser is the pool's own bound on loading a pipeline: a request that finds every
    parser dead waits for their replacements as long as this machine takes, not a guess at
    its speed (the wait is queued work, not part of the time limit)."""
    two = {
        "workers": 2,
        "parse_in_process": False,
        "cache_lru_size": 0,
        "queue_timeout_seconds": START_TIMEOUT_SECONDS,
        "request_timeout_seconds": START_TIMEOUT_SECONDS,
    }
    app = create_app(settings.model_copy(update=two))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client, app.state.runner


async def test_processes_answer_like_the_in_process_parser(
    pool_client: tuple[httpx.AsyncClient, ParserPool], app_client: httpx.AsyncClient
) -> None:
    client, pool = pool_client
    assert len(pool.pids()) == 2 and os.getpid() not in pool.pids()
    text = ARTICLE + "A closing line only the worker test sends.\n"
    pooled = (await client.post("/v1/quotes", json={"text": text})).json()
    local = (await app_client.post("/v1/quotes", json={"text": text})).json()
    assert pooled["quotes"] and pooled["quotes"] == local["quotes"]
    assert pooled["speakers"] == local["speakers"]
    assert pooled["meta"]["pipeline"] == local["meta"]["pipeline"]
    assert pooled["meta"]["language"] == local["meta"]["language"]


async def test_batch_and_readiness_through_processes(
    pool_client: tuple[httpx.AsyncClient, ParserPool],
) -> None:
    client, _ = pool_client
    documents = [{"id": "a", "text": ARTICLE}, {"id": "b", "text": FRENCH}]
    body = (await client.post("/v1/quotes/batch", json={"documents": documents})).json()
    assert [r["id"] for r in body["results"]] == ["a", "b"]
    assert body["results"][0]["result"]["quotes"]
    assert body["results"][1]["result"]["meta"]["language"]["supported"] is False
    ready = (await client.get("/readyz")).json()
    assert ready["status"] == "ready" and ready["pipeline"].startswith("en_")
    assert ready["parsers"] == 2


async def test_readiness_fails_while_no_parser_lives_then_recovers(
    pool_client: tuple[httpx.AsyncClient, ParserPool],
) -> None:
    client, pool = pool_client
    for pid in pool.pids():
        os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while (ready := await client.get("/readyz")).status_code != 503:
        assert time.monotonic() < deadline, "readiness never noticed the dead parsers"
        await asyncio.sleep(0.05)
    assert ready.json()["status"] == "unavailable" and ready.json()["parsers"] == 0
    # The next request finds the dead parsers, replaces them and is answered.
    text = ARTICLE + "A line sent after every parser was killed.\n"
    answer = await client.post("/v1/quotes", json={"text": text})
    assert answer.status_code == 200 and answer.json()["quotes"]
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while (await client.get("/readyz")).json()["parsers"] < 2:
        assert time.monotonic() < deadline, "the parsers were not replaced"
        await asyncio.sleep(0.2)
