"""The HTTP API through httpx, with the app's lifespan running."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from service.api.app import create_app
from service.settings import Settings

ARTICLE = (
    "The council met on Tuesday.\n"
    "“We cannot afford another delay,” said Maria Lopez, the city’s finance director.\n"
    "Lopez added that the budget would be published next week.\n"
)


def assert_spans_valid(text: str, body: dict[str, Any]) -> None:
    """Every span in a response is an exact slice of the submitted text."""
    for quote in body["quotes"]:
        assert text[quote["start"] : quote["end"]] == quote["text"]
        for part in quote["parts"]:
            assert text[part["start"] : part["end"]] == part["text"]
        for key in ("cue", "speaker"):
            if quote[key] is not None:
                span = quote[key]
                assert text[span["start"] : span["end"]] == span["text"]
    for speaker in body["speakers"]:
        for span in speaker["mentions"] + speaker["roles"]:
            assert text[span["start"] : span["end"]] == span["text"]


async def test_extract_returns_quotes_with_valid_spans(app_client: httpx.AsyncClient) -> None:
    response = await app_client.post("/v1/quotes", json={"text": ARTICLE})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"quotes", "speakers", "meta"}
    assert body["quotes"], "the direct quote must be found"
    direct = [q for q in body["quotes"] if q["type"] == "direct"]
    assert direct[0]["text"] == "“We cannot afford another delay,”"
    assert direct[0]["paragraph"] == 1
    assert_spans_valid(ARTICLE, body)
    assert body["meta"]["pipeline"].startswith("en_")


async def test_second_identical_request_is_a_cache_hit(app_client: httpx.AsyncClient) -> None:
    text = ARTICLE + "A unique closing line for the cache test.\n"
    first = (await app_client.post("/v1/quotes", json={"text": text})).json()
    second = (await app_client.post("/v1/quotes", json={"text": text})).json()
    assert first["meta"]["cached"] is False
    assert second["meta"]["cached"] is True
    assert first["quotes"] == second["quotes"]
    assert first["speakers"] == second["speakers"]


async def test_type_option_filters_quotes(app_client: httpx.AsyncClient) -> None:
    everything = (await app_client.post("/v1/quotes", json={"text": ARTICLE})).json()
    only_direct = (
        await app_client.post(
            "/v1/quotes", json={"text": ARTICLE, "options": {"types": ["direct"]}}
        )
    ).json()
    assert {q["type"] for q in only_direct["quotes"]} <= {"direct"}
    assert len(only_direct["quotes"]) == sum(q["type"] == "direct" for q in everything["quotes"])
    kept = {q["id"] for q in only_direct["quotes"]}
    for speaker in only_direct["speakers"]:
        assert set(speaker["quote_ids"]) <= kept and speaker["quote_ids"]


@pytest.mark.parametrize(
    ("kwargs", "status", "code"),
    [
        ({"json": {"text": "   \n "}}, 422, "empty_text"),
        ({"json": {"text": ""}}, 422, "empty_text"),
        ({"json": {}}, 422, "invalid_request"),
        ({"json": {"text": "x", "unknown": 1}}, 422, "invalid_request"),
        ({"json": {"text": "x", "options": {"types": ["gossip"]}}}, 422, "invalid_request"),
        (
            {"content": b"{not json", "headers": {"content-type": "application/json"}},
            422,
            "invalid_request",
        ),
        (
            {"content": b"plain words", "headers": {"content-type": "text/plain"}},
            415,
            "unsupported_media_type",
        ),
    ],
)
async def test_bad_requests_get_the_one_error_body(
    app_client: httpx.AsyncClient, kwargs: dict[str, Any], status: int, code: str
) -> None:
    response = await app_client.post("/v1/quotes", **kwargs)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] == code
    assert error["message"]
    assert error["request_id"] == response.headers["x-request-id"]


async def test_validation_errors_do_not_echo_the_article(app_client: httpx.AsyncClient) -> None:
    secret = "a confidential sentence from an unpublished draft"
    response = await app_client.post("/v1/quotes", json={"text": secret, "bogus": secret})
    assert response.status_code == 422
    assert secret not in response.text


async def test_unknown_route_uses_the_error_body(app_client: httpx.AsyncClient) -> None:
    response = await app_client.get("/v2/nothing")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


async def test_batch_keeps_order_and_isolates_a_bad_document(
    app_client: httpx.AsyncClient,
) -> None:
    documents = [
        {"id": "a", "text": ARTICLE},
        {"id": "b", "text": "  "},
        {"id": "c", "text": "“Yes,” he said."},
    ]
    response = await app_client.post("/v1/quotes/batch", json={"documents": documents})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["id"] for r in results] == ["a", "b", "c"]
    assert results[0]["result"]["quotes"] and results[0]["error"] is None
    assert results[1]["error"]["code"] == "empty_text" and results[1]["result"] is None
    assert results[2]["result"]["quotes"][0]["text"] == "“Yes,”"
    assert_spans_valid(ARTICLE, results[0]["result"])


async def test_batch_result_equals_single_result(app_client: httpx.AsyncClient) -> None:
    text = "“Prices will rise,” the economist warned on Monday.\nShe said nobody was ready."
    single = (await app_client.post("/v1/quotes", json={"text": text})).json()
    batch = (
        await app_client.post("/v1/quotes/batch", json={"documents": [{"text": text + " "}]})
    ).json()["results"][0]["result"]
    assert [q["text"] for q in single["quotes"]] == [q["text"] for q in batch["quotes"]]


async def test_health_readiness_and_metrics(app_client: httpx.AsyncClient) -> None:
    assert (await app_client.get("/healthz")).json() == {"status": "ok"}
    ready = (await app_client.get("/readyz")).json()
    assert ready["status"] == "ready"
    assert ready["cache"] == {"backend": "memory", "state": "ok"}
    assert ready["parsers"] == 1
    for _ in range(2):  # the second is a hit whatever ran before this test
        await app_client.post("/v1/quotes", json={"text": ARTICLE})
    metrics = (await app_client.get("/metrics")).text
    assert 'quotes_cache_lookups_total{backend="memory",outcome="hit"}' in metrics
    assert "http_request_duration_seconds" in metrics


async def test_readiness_before_the_lifespan_has_started(settings: Settings) -> None:
    app = create_app(settings)  # no lifespan: no engine, no cache yet
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        ready = await client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json() == {"status": "starting", "pipeline": None, "cache": None, "parsers": 0}


async def _client_for(settings: Settings) -> tuple[Any, httpx.AsyncClient]:
    """A started app and a client on it (caller closes both)."""
    app = create_app(settings)
    lifespan = app.router.lifespan_context(app)
    await lifespan.__aenter__()
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")
    return lifespan, client


@pytest.mark.slow
async def test_api_keys_guard_v1_but_not_health(settings: Settings) -> None:
    keyed = settings.model_copy(update={"api_keys": [SecretStr("k1")]})
    lifespan, client = await _client_for(keyed)
    try:
        missing = await client.post("/v1/quotes", json={"text": "Hi."})
        wrong = await client.post("/v1/quotes", json={"text": "Hi."}, headers={"X-API-Key": "k2"})
        right = await client.post("/v1/quotes", json={"text": "Hi."}, headers={"X-API-Key": "k1"})
        health = await client.get("/healthz")
    finally:
        await client.aclose()
        await lifespan.__aexit__(None, None, None)
    assert missing.status_code == 401 and missing.json()["error"]["code"] == "unauthorized"
    assert wrong.status_code == 401
    assert right.status_code == 200
    assert health.status_code == 200


@pytest.mark.slow
async def test_oversized_text_is_refused_before_parsing(settings: Settings) -> None:
    small = settings.model_copy(update={"max_text_chars": 100, "max_batch_documents": 2})
    lifespan, client = await _client_for(small)
    try:
        too_long = await client.post("/v1/quotes", json={"text": "word " * 21})
        body_too_big = await client.post("/v1/quotes", json={"text": "x" * 200_000})
        batch = await client.post(
            "/v1/quotes/batch", json={"documents": [{"text": "a"}, {"text": "b"}, {"text": "c"}]}
        )
    finally:
        await client.aclose()
        await lifespan.__aexit__(None, None, None)
    assert too_long.status_code == 413
    assert too_long.json()["error"]["code"] == "payload_too_large"
    assert body_too_big.status_code == 413
    assert body_too_big.json()["error"]["code"] == "payload_too_large"
    assert batch.status_code == 413 and batch.json()["error"]["code"] == "batch_too_large"


FINDING = "The inspector found that the lift had not been serviced in three years."


@pytest.mark.slow
async def test_attribution_scope_reports_what_the_speech_scope_leaves_out(
    app_client: httpx.AsyncClient,
) -> None:
    speech = await app_client.post("/v1/quotes", json={"text": FINDING})
    wider = await app_client.post(
        "/v1/quotes", json={"text": FINDING, "options": {"scope": "attribution"}}
    )
    assert speech.status_code == wider.status_code == 200
    assert speech.json()["quotes"] == []
    (quote,) = wider.json()["quotes"]
    assert quote["text"] == "that the lift had not been serviced in three years"
    assert quote["cue"]["text"] == "found"
    (speaker,) = wider.json()["speakers"]
    assert speaker["id"] == quote["speaker"]["speaker_id"]
    assert wider.json()["meta"]["cached"] is False
