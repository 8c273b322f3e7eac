"""openapi.json is the published contract: it must match the app, and clients built from it work."""

from __future__ import annotations

import importlib
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.api.app import create_app
from tests.infra.serving import start_serve, wait_ready

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


@pytest.fixture(scope="module")
def live_server() -> Iterator[str]:
    """`quote-attribution serve` in a subprocess on a free loopback port."""
    proc, base = start_serve()
    try:
        wait_ready(proc, base)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


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
        refused = api.sync_detailed(client=client, body=models.QuoteRequest(text="  "))
        assert refused.status_code == 422
        assert isinstance(refused.parsed, models.ErrorBody)
        assert refused.parsed.error.code == "empty_text"
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m == "client" or m.startswith("client.")]:
            del sys.modules[name]
