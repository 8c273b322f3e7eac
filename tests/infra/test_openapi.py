"""openapi.json is the published contract: it must match the app, and clients built from it work."""

from __future__ import annotations

import dataclasses
import importlib
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from service.api.app import create_app
from service.nlp import model
from tests.infra.serving import serving

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "openapi.json"


def test_committed_openapi_matches_the_app() -> None:
    committed = json.loads(SPEC.read_text(encoding="utf-8"))
    assert committed == create_app().openapi(), (
        "openapi.json is stale: run `quote-attribution openapi` and commit it"
    )


def test_operation_ids_are_stable_and_readable() -> None:
    spec = json.loads(SPEC.read_text(encoding="utf-8"))
    ids = {op["operationId"] for path in spec["paths"].values() for op in path.values()}
    assert ids == {"extract_quotes", "extract_quotes_batch", "health", "readiness"}


def test_every_error_status_declares_the_error_body() -> None:
    spec = json.loads(SPEC.read_text(encoding="utf-8"))
    for path in ("/v1/quotes", "/v1/quotes/batch"):
        responses = spec["paths"][path]["post"]["responses"]
        for status in ("401", "413", "415", "422", "503"):
            ref = responses[status]["content"]["application/json"]["schema"]["$ref"]
            assert ref.endswith("/ErrorBody")


def test_only_statuses_the_app_sends_are_declared() -> None:
    spec = json.loads(SPEC.read_text(encoding="utf-8"))
    for path in ("/v1/quotes", "/v1/quotes/batch"):
        responses = spec["paths"][path]["post"]["responses"]
        assert set(responses) == {"200", "401", "413", "415", "422", "500", "503", "504"}


def test_the_api_key_is_a_security_scheme_asked_for_only_when_configured() -> None:
    spec = json.loads(SPEC.read_text(encoding="utf-8"))
    scheme = spec["components"]["securitySchemes"]["APIKeyHeader"]
    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "header", "X-API-Key")
    for path in ("/v1/quotes", "/v1/quotes/batch"):
        # {}: no key at all is accepted too (a server without QUOTES_API_KEYS).
        assert spec["paths"][path]["post"]["security"] == [{"APIKeyHeader": []}, {}]
    for path in ("/healthz", "/readyz"):
        assert "security" not in spec["paths"][path]["get"]


def _response_schemas(spec: dict[str, Any]) -> set[str]:
    """Names of every component schema reachable from a response."""
    schemas = spec["components"]["schemas"]
    todo = [
        body["schema"]
        for path in spec["paths"].values()
        for op in path.values()
        for response in op["responses"].values()
        for body in response.get("content", {}).values()
    ]
    seen: set[str] = set()
    while todo:
        node = todo.pop()
        if isinstance(node, list):
            todo.extend(node)
        elif isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.split("/")[-1] not in seen:
                seen.add(ref.split("/")[-1])
                todo.append(schemas[ref.split("/")[-1]])
            todo.extend(node.values())
    return seen


def test_every_field_the_server_always_sends_is_required() -> None:
    spec = json.loads(SPEC.read_text(encoding="utf-8"))
    sometimes_absent = {("ErrorDetail", "details")}
    names = _response_schemas(spec)
    assert {"QuotesResponse", "Quote", "Role", "Readiness", "CacheState"} <= names
    for name in names:
        schema = spec["components"]["schemas"][name]
        for field in schema["properties"]:
            if (name, field) not in sometimes_absent:
                assert field in schema.get("required", []), f"{name}.{field} is not required"


def test_the_article_schemas_are_the_cores_dataclasses() -> None:
    schemas = json.loads(SPEC.read_text(encoding="utf-8"))["components"]["schemas"]
    for cls in (model.TextSpan, model.Cue, model.Mention, model.Role, model.Speaker, model.Quote):
        assert list(schemas[cls.__name__]["properties"]) == [
            f.name for f in dataclasses.fields(cls)
        ]
    body = [f.name for f in dataclasses.fields(model.Attribution)]
    assert list(schemas["QuotesResponse"]["properties"]) == [*body, "meta"]


def test_readiness_types_its_cache_object() -> None:
    schemas = json.loads(SPEC.read_text(encoding="utf-8"))["components"]["schemas"]
    cache = schemas["Readiness"]["properties"]["cache"]
    assert cache["anyOf"] == [{"$ref": "#/components/schemas/CacheState"}, {"type": "null"}]
    assert set(schemas["CacheState"]["properties"]) == {"backend", "state"}


@pytest.fixture(scope="module")
def live_server() -> Iterator[str]:
    """`quote-attribution serve` in a subprocess on a free loopback port."""
    with serving() as base:
        yield base


@pytest.mark.slow
def test_generated_client_works_against_a_live_server(tmp_path: Path, live_server: str) -> None:
    generator = shutil.which("openapi-python-client") or str(
        Path(sys.executable).parent / "openapi-python-client"
    )
    result = subprocess.run(
        [
            generator,
            "generate",
            "--path",
            str(SPEC),
            "--output-path",
            str(tmp_path / "client"),
            "--meta",
            "none",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    sys.path.insert(0, str(tmp_path))
    try:
        package = importlib.import_module("client")
        api = importlib.import_module("client.api.quotes.extract_quotes")
        models = importlib.import_module("client.models")
        client = package.Client(base_url=live_server, raise_on_unexpected_status=True)
        text = "“It is finished,” said the engineer, Tom Abara.\n"
        answer = api.sync(client=client, body=models.QuoteRequest(text=text))
        assert isinstance(answer, models.QuotesResponse)
        assert answer.meta.pipeline.startswith("en_")
        for quote in answer.quotes:
            assert text[quote.start : quote.end] == quote.text
        # Always-sent fields are plain attributes (None where null), never Unset.
        unset = importlib.import_module("client.types").Unset
        fields = [(q.cue, q.speaker, q.confidence) for q in answer.quotes] + [
            (r.title, r.organization, r.status) for s in answer.speakers for r in s.roles
        ]
        assert fields and not any(isinstance(v, unset) for row in fields for v in row)
        readiness = importlib.import_module("client.api.health.readiness")
        ready = readiness.sync(client=client)
        assert isinstance(ready, models.Readiness)
        assert isinstance(ready.cache, models.CacheState)
        assert ready.cache.backend == "memory" and ready.parsers >= 1
        refused = api.sync_detailed(client=client, body=models.QuoteRequest(text="  "))
        assert refused.status_code == 422
        assert isinstance(refused.parsed, models.ErrorBody)
        assert refused.parsed.error.code == "empty_text"
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m == "client" or m.startswith("client.")]:
            del sys.modules[name]
