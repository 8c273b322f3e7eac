"""The console script: extract, batch (order, ids, errors, processes) and openapi."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = "“We are ready,” said coach Lena Park.\nShe added that the team had trained hard.\n"


def run_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run `quote-attribution` as a user would, with the in-process cache."""
    env = {k: v for k, v in os.environ.items() if k != "QUOTES_REDIS_URL"}
    return subprocess.run(
        [sys.executable, "-m", "service.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        cwd=ROOT,
    )


@pytest.mark.slow
def test_extract_from_stdin_prints_the_api_body() -> None:
    result = run_cli("extract", "-", stdin=ARTICLE)
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    assert set(body) == {"quotes", "speakers", "meta"}
    assert body["quotes"][0]["text"] == "“We are ready,”"
    for quote in body["quotes"]:
        assert ARTICLE[quote["start"] : quote["end"]] == quote["text"]


@pytest.mark.slow
def test_extract_refuses_empty_text() -> None:
    result = run_cli("extract", "-", stdin="  \n")
    assert result.returncode == 2
    assert "empty" in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("processes", ["1", "2"])
def test_batch_keeps_input_order_and_ids(tmp_path: Path, processes: str) -> None:
    texts = [f"“Item {i} is ready,” said clerk Ola Berg.\n" for i in range(70)]
    source = tmp_path / "in.jsonl"
    source.write_text(
        "".join(json.dumps({"id": f"doc-{i}", "text": t}) + "\n" for i, t in enumerate(texts))
        + "\n",
        encoding="utf-8",
    )
    target = tmp_path / "out.jsonl"
    result = run_cli("batch", str(source), "-o", str(target), "--processes", processes)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == [f"doc-{i}" for i in range(70)]
    for line, text in zip(lines, texts, strict=True):
        assert list(line) == ["id", "result", "error"]  # an item of the API's batch results
        assert line["error"] is None
        assert list(line["result"]) == ["quotes", "speakers", "meta"]
        assert line["result"]["quotes"][0]["text"] == text[: text.index("”") + 1]
    assert "doc" in result.stderr  # the progress bar


def _without_timing(raw: bytes) -> bytes:
    """JSON bytes with ``elapsed_ms`` and ``cached`` blanked (they differ from run to run)."""
    raw = re.sub(rb'"elapsed_ms":[-+.eE0-9]+', b'"elapsed_ms":0', raw)
    return re.sub(rb'"cached":(true|false)', b'"cached":false', raw)


async def test_batch_lines_are_the_apis_batch_results_byte_for_byte(
    tmp_path: Path, app_client: httpx.AsyncClient
) -> None:
    documents = [
        {"id": "é “1”", "text": ARTICLE},
        {"id": "2", "text": "“Zwei,” sagte sie nicht. Die Regierung hat am Montag angekündigt, "
         "dass die Steuern im nächsten Jahr steigen werden, und der Minister stimmte zu."},
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(d) + "\n" for d in documents), encoding="utf-8")
    result = run_cli("batch", str(source), "-o", str(tmp_path / "out.jsonl"), "-q")
    assert result.returncode == 0, result.stderr
    lines = (tmp_path / "out.jsonl").read_bytes().splitlines()
    answer = await app_client.post("/v1/quotes/batch", json={"documents": documents})
    assert answer.status_code == 200
    assert _without_timing(answer.content) == _without_timing(
        b'{"results":[' + b",".join(lines) + b"]}"
    )


def test_a_failed_document_line_has_the_apis_error_shape() -> None:
    from service import cli

    line = json.loads(cli._line(3, "ValueError: no", None, cached=False, started=0.0))
    assert line == {
        "id": 3,
        "result": None,
        "error": {"code": "document_failed", "message": "ValueError: no", "request_id": None},
    }


@pytest.mark.slow
def test_batch_reports_a_malformed_line(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": 1, "text": "Fine."}\n{"id": 2}\n', encoding="utf-8")
    result = run_cli("batch", str(source), "-q")
    assert result.returncode != 0
    assert "line 2" in result.stderr


@pytest.mark.slow
def test_openapi_command_writes_the_committed_document(tmp_path: Path) -> None:
    target = tmp_path / "openapi.json"
    result = run_cli("openapi", "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert json.loads(target.read_text()) == json.loads((ROOT / "openapi.json").read_text())


def test_scope_choices_are_the_cores_and_default_to_speech() -> None:
    from service import cli
    from service.nlp.model import SCOPES

    assert cli.SCOPE_CHOICES == SCOPES
    for command in ("extract", "batch"):
        args = [command] if command == "extract" else [command, "in.jsonl"]
        assert cli.build_parser().parse_args(args).scope == "speech"
        assert cli.build_parser().parse_args([*args, "--scope", "attribution"]).scope == (
            "attribution"
        )
        with pytest.raises(SystemExit) as refused:
            cli.build_parser().parse_args([*args, "--scope", "belief"])
        assert refused.value.code == 2


async def test_extract_and_batch_use_the_scope_for_key_and_compute() -> None:
    import io

    from service import cli
    from service.engine import Engine

    class KeptCache:
        """A cache that outlives the close at the end of each command."""

        backend = "kept"

        def __init__(self) -> None:
            self.data: dict[str, bytes] = {}

        async def get(self, key: str) -> bytes | None:
            return self.data.get(key)

        async def set(self, key: str, value: bytes) -> None:
            self.data[key] = value

        def state(self) -> str:
            return "ok"

        async def close(self) -> None:
            pass

    stored = (
        b'{"code":"en","confidence":1.0,"script":"Latn","supported":true}\n'
        b'{"quotes":[],"speakers":[]}'
    )
    calls: list[tuple[str, str]] = []

    def compute(text: str, scope: str) -> bytes:
        calls.append(("one", scope))
        return stored

    def compute_many(texts: list[str], scope: str) -> list[bytes]:
        calls.append(("many", scope))
        return [stored for _ in texts]

    class Bar:
        def update(self, n: int) -> None:
            pass

    cache = KeptCache()
    engine = Engine(None, cache, pipeline="fake@1")
    engine.compute = compute  # type: ignore[method-assign,assignment]
    engine.compute_many = compute_many  # type: ignore[method-assign,assignment]
    await cli._cached_compute(engine, ARTICLE, "attribution")
    out = io.BytesIO()
    await cli._run_batch(engine, iter([[("a", ARTICLE)]]), None, out, Bar(), 1, "attribution")
    # The batch hits the entry extract stored under the attribution key; speech misses it.
    assert calls == [("one", "attribution")]
    assert json.loads(out.getvalue())["result"]["meta"]["cached"] is True
    await cli._run_batch(engine, iter([[("a", ARTICLE)]]), None, out, Bar(), 1, "speech")
    assert calls == [("one", "attribution"), ("many", "speech")]
    assert set(cache.data) == {engine.key(ARTICLE, "attribution"), engine.key(ARTICLE)}
