"""Limits that protect the process, on the app without a pipeline: bounded 422 bodies, the
body bound in escaped characters, compressed bodies, API keys with spaces around them."""

from __future__ import annotations

import gzip
import json
from collections.abc import AsyncIterator

import httpx
import pytest
from pydantic import SecretStr

from service.api.app import create_app
from service.api.errors import MAX_REPORTED_ERRORS
from service.api.security import key_matches
from service.cache import MemoryCache
from service.engine import Engine, pack
from service.nlp.text.language import detect_language
from service.settings import Settings
from tests.api.test_refusals import TEXT


class EchoParser:
    """A parser that answers every text with no quotes (and counts what it got)."""

    def __init__(self) -> None:
        self.pending = 0
        self.texts: list[str] = []

    async def compute(self, text: str, scope: str) -> bytes:
        self.texts.append(text)
        return pack(detect_language(text), b'{"quotes":[],"speakers":[]}')

    async def compute_many(self, texts: list[str], scope: str) -> list[bytes | Exception]:
        return [await self.compute(text, scope) for text in texts]

    async def available(self) -> int:
        return 1

    async def aclose(self) -> None:
        return None


async def client_of(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """A client on the app with the echo parser (no lifespan: nothing loads)."""
    app = create_app(settings)
    app.state.engine = Engine(None, MemoryCache(0), pipeline="fake@1")
    app.state.runner = EchoParser()
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async for each in client_of(settings.model_copy(update={"max_text_chars": 20_000})):
        yield each


async def test_a_body_of_many_bad_items_gets_a_bounded_422(settings: Settings) -> None:
    async for client in client_of(settings):
        await many_bad_items_are_a_bounded_422(client)


async def many_bad_items_are_a_bounded_422(client: httpx.AsyncClient) -> None:
    """A body of 200,000 bad ``types``, one of 20,000 bad documents: each a small 422."""
    body = {"text": TEXT, "options": {"types": ["bad"] * 200_000, "min_confidence": "x"}}
    answer = await client.post("/v1/quotes", json=body)
    assert answer.status_code == 422
    assert len(answer.content) < 4_000
    documents = {"documents": [{"text": 1, "id": 2, "extra": 3}] * 20_000}
    answer = await client.post("/v1/quotes/batch", json=documents)
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert len(error["details"]) == MAX_REPORTED_ERRORS
    assert "60000 errors" in error["message"]
    assert len(answer.content) < 10_000


async def test_the_text_limit_counts_characters_however_they_are_escaped(
    client: httpx.AsyncClient,
) -> None:
    # json.dumps sends an emoji as a surrogate pair of escapes: 12 bytes per character.
    within = "😀" * 19_999 + "."
    body = json.dumps({"text": within}).encode()
    assert len(body) > 12 * 19_999
    headers = {"content-type": "application/json"}
    answer = await client.post("/v1/quotes", content=body, headers=headers)
    assert answer.status_code == 200, answer.text
    over = json.dumps({"text": within + "😀"}).encode()
    answer = await client.post("/v1/quotes", content=over, headers=headers)
    assert answer.status_code == 413
    assert answer.json()["error"]["message"] == "The text is longer than 20000 characters."


async def test_a_compressed_body_is_415_not_a_bad_json_422(client: httpx.AsyncClient) -> None:
    headers = {"content-type": "application/json", "content-encoding": "gzip"}
    body = gzip.compress(json.dumps({"text": TEXT}).encode())
    answer = await client.post("/v1/quotes", content=body, headers=headers)
    assert answer.status_code == 415
    assert answer.json()["error"]["code"] == "unsupported_media_type"
    assert answer.json()["error"]["request_id"] == answer.headers["x-request-id"]
    identity = {"content-type": "application/json", "content-encoding": "identity"}
    answer = await client.post("/v1/quotes", json={"text": TEXT}, headers=identity)
    assert answer.status_code == 200


def test_spaces_around_a_key_count_nowhere() -> None:
    configured = Settings(_env_file=None, api_keys=[" k1 ", SecretStr("\tk2"), "  "])
    keys = [key.get_secret_value() for key in configured.api_keys]
    assert keys == ["k1", "k2"]
    encoded = [key.encode() for key in keys]
    for given in ("k1", " k1", "k1 ", "\tk2\t"):
        assert key_matches(given, encoded), given
    for given in ("k 1", "k1x", "", " "):
        assert not key_matches(given, encoded), given
    from_env = Settings(_env_file=None, api_keys=" k1 ,\tk2 ,, ")  # type: ignore[arg-type]
    assert [key.get_secret_value() for key in from_env.api_keys] == ["k1", "k2"]


async def test_a_key_with_spaces_in_the_header_opens_v1(settings: Settings) -> None:
    keyed = settings.model_copy(update={"api_keys": [SecretStr("k1")]})
    async for client in client_of(keyed):
        for given, status in (("k1", 200), ("k1 ", 200), (" k1", 200), ("k2", 401)):
            headers = {"x-api-key": given}
            answer = await client.post("/v1/quotes", json={"text": TEXT}, headers=headers)
            assert answer.status_code == status, given
