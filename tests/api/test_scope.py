"""The extraction scope as a request option: its own cache key, passed down to the core.

Nothing here depends on which quotes a scope finds (tests/nlp owns that): a recording parser
stands in for the pipeline, and the real routes, cache and engine run around it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from service.api.app import create_app
from service.cache import MemoryCache, cache_key
from service.engine import Engine
from service.nlp import attribute as attribute_module
from service.nlp import pipeline as pipeline_module
from service.nlp.model import SCOPES, Attribution
from service.serving import worker
from service.settings import Settings

TEXT = "“We will stay open,” said Dana Kirk, the shop owner.\n"
STORED = (
    b'{"code":"en","confidence":1.0,"script":"Latn","supported":true}\n{"quotes":[],"speakers":[]}'
)


class RecordingParser:
    """A parser that records every call; no scope default, so a layer that drops it fails."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any, str]] = []
        self.pending = 0

    async def compute(self, text: str, scope: str) -> bytes:
        self.calls.append(("compute", text, scope))
        return STORED

    async def compute_many(self, texts: list[str], scope: str) -> list[bytes | Exception]:
        self.calls.append(("compute_many", list(texts), scope))
        return [STORED for _ in texts]

    async def available(self) -> int:
        return 1

    async def aclose(self) -> None:
        return None


Faked = tuple[RecordingParser, httpx.AsyncClient]


@pytest.fixture
async def faked(settings: Settings) -> AsyncIterator[Faked]:
    """The real app and an empty in-process cache, with the recording parser behind them."""
    app = create_app(settings)
    parser = RecordingParser()
    app.state.engine = Engine(None, MemoryCache(64), pipeline="fake@1")
    app.state.runner = parser
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield parser, client


def test_speech_keeps_the_key_from_before_scopes_and_attribution_has_its_own() -> None:
    engine = Engine(None, MemoryCache(1), pipeline="p@1")
    before = cache_key(TEXT, version=engine.version, pipeline="p@1", options={})
    assert engine.key(TEXT) == engine.key(TEXT, "speech") == before
    assert engine.key(TEXT, "attribution") != before
    assert len({engine.key(TEXT, scope) for scope in SCOPES}) == len(SCOPES)


def test_engine_passes_the_scope_to_the_core(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[str, str]] = []

    def one(nlp: object, text: str, scope: str) -> Attribution:
        seen.append(("one", scope))
        return Attribution()

    def many(nlp: object, texts: list[str], scope: str) -> list[Attribution]:
        seen.append(("many", scope))
        return [Attribution() for _ in texts]

    monkeypatch.setattr(attribute_module, "attribute_text", one)
    monkeypatch.setattr(attribute_module, "attribute_many", many)
    engine = Engine(object(), MemoryCache(1), pipeline="p@1")  # type: ignore[arg-type]
    engine.compute(TEXT, "attribution")
    engine.compute(TEXT)
    engine.compute_many([TEXT, TEXT], "attribution")
    engine.compute_many([TEXT])
    assert seen == [
        ("one", "attribution"),
        ("one", "speech"),
        ("many", "attribution"),
        ("many", "speech"),
    ]


async def test_the_quotes_route_passes_the_scope_and_caches_per_scope(faked: Faked) -> None:
    parser, client = faked
    speech = await client.post("/v1/quotes", json={"text": TEXT})
    assert speech.status_code == 200, speech.text
    assert speech.json()["meta"]["cached"] is False
    # The speech body is cached now, but it must not answer an attribution request.
    wider = {"text": TEXT, "options": {"scope": "attribution"}}
    first = await client.post("/v1/quotes", json=wider)
    again = await client.post("/v1/quotes", json=wider)
    assert first.json()["meta"]["cached"] is False
    assert again.json()["meta"]["cached"] is True
    assert parser.calls == [("compute", TEXT, "speech"), ("compute", TEXT, "attribution")]


async def test_the_batch_route_passes_the_scope_and_caches_per_scope(faked: Faked) -> None:
    parser, client = faked
    documents = [{"id": "a", "text": TEXT}, {"id": "b", "text": TEXT + "More.\n"}]
    wider = {"documents": documents, "options": {"scope": "attribution"}}
    first = await client.post("/v1/quotes/batch", json=wider)
    assert first.status_code == 200, first.text
    speech = await client.post("/v1/quotes/batch", json={"documents": documents})
    again = await client.post("/v1/quotes/batch", json=wider)
    texts = [d["text"] for d in documents]
    assert parser.calls == [
        ("compute_many", texts, "attribution"),
        ("compute_many", texts, "speech"),
    ]
    assert [r["result"]["meta"]["cached"] for r in speech.json()["results"]] == [False, False]
    assert [r["result"]["meta"]["cached"] for r in again.json()["results"]] == [True, True]


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/v1/quotes", {"text": TEXT, "options": {"scope": "belief"}}),
        ("/v1/quotes/batch", {"documents": [{"text": TEXT}], "options": {"scope": "Speech"}}),
    ],
)
async def test_an_unknown_scope_is_the_422_error_body(
    faked: Faked, path: str, body: dict[str, Any]
) -> None:
    parser, client = faked
    response = await client.post(path, json=body)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_request"
    assert error["request_id"] == response.headers["x-request-id"]
    assert [d["loc"][-1] for d in error["details"]] == ["scope"]
    assert parser.calls == []


def test_a_parser_process_passes_the_scope_to_its_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, Any, str]] = []

    class Recording:
        pipeline = "fake@1"

        def __init__(self, nlp: object, cache: object) -> None:
            pass

        def compute(self, text: str, scope: str) -> bytes:
            calls.append(("compute", text, scope))
            return b"one"

        def compute_many(self, texts: list[str], scope: str) -> list[bytes | Exception]:
            calls.append(("compute_many", texts, scope))
            return [b"many" for _ in texts]

    monkeypatch.setattr(pipeline_module, "load_pipeline", lambda name: None)
    monkeypatch.setattr(worker, "Engine", Recording)
    monkeypatch.setattr(worker.gc, "freeze", lambda: None)
    pipeline, handle = worker.engine_handler("fake")
    assert pipeline == "fake@1"
    assert handle("compute", ("t", "attribution")) == b"one"
    assert handle("compute_many", (["t", "u"], "speech")) == [b"many", b"many"]
    assert calls == [("compute", "t", "attribution"), ("compute_many", ["t", "u"], "speech")]
    # The payload before scopes (a bare text) and an unknown scope are refused, not guessed.
    for method, payload in (
        ("compute", "t"),
        ("compute", ("t", "belief")),
        ("compute_many", ("t", "speech")),
    ):
        with pytest.raises(ValueError):
            handle(method, payload)
    assert len(calls) == 2
