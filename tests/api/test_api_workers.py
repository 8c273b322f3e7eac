"""``workers: 2``: the same answers as one in-process parser, computed in parser processes."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

import httpx
import pytest

from service.api.app import create_app
from service.api.pool import ParserPool
from service.settings import Settings
from tests.api.test_api import ARTICLE

FRENCH = (
    "Le conseil municipal s'est réuni mardi soir pour discuter du budget de la ville. "
    "Selon la directrice des finances, les dépenses doivent baisser dès l'année prochaine, "
    "et les habitants seront consultés avant la fin du mois."
)


@pytest.fixture(scope="module")
async def pool_client(settings: Settings) -> AsyncIterator[tuple[httpx.AsyncClient, ParserPool]]:
    """The app with two parser processes and no cache, lifespan included."""
    app = create_app(settings.model_copy(update={"workers": 2, "cache_lru_size": 0}))
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
