"""The console script: extract, batch (order, ids, errors, processes) and openapi."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

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


def test_extract_from_stdin_prints_the_api_body() -> None:
    result = run_cli("extract", "-", stdin=ARTICLE)
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    assert set(body) == {"quotes", "speakers", "meta"}
    assert body["quotes"][0]["text"] == "“We are ready,”"
    for quote in body["quotes"]:
        assert ARTICLE[quote["start"] : quote["end"]] == quote["text"]


def test_extract_refuses_empty_text() -> None:
    result = run_cli("extract", "-", stdin="  \n")
    assert result.returncode == 2
    assert "empty" in result.stderr


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
        assert set(line) == {"id", "quotes", "speakers", "meta"}
        assert line["quotes"][0]["text"] == text[: text.index("”") + 1]
    assert "doc" in result.stderr  # the progress bar


def test_batch_reports_a_malformed_line(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": 1, "text": "Fine."}\n{"id": 2}\n', encoding="utf-8")
    result = run_cli("batch", str(source), "-q")
    assert result.returncode != 0
    assert "line 2" in result.stderr


def test_openapi_command_writes_the_committed_document(tmp_path: Path) -> None:
    target = tmp_path / "openapi.json"
    result = run_cli("openapi", "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert json.loads(target.read_text()) == json.loads((ROOT / "openapi.json").read_text())
