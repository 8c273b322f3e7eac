"""The real server's logs: JSON lines, one access line per request, never the article text."""

from __future__ import annotations

import json
import time
from pathlib import Path

import httpx
import pytest

from tests.infra.serving import start_serve, wait_ready

pytestmark = pytest.mark.slow  # every test here starts a process or loads the pipeline

SECRET = "Embargoed until Friday: the minister resigns over the harbour contract"


def access_line(log_file: Path, request_id: str) -> dict[str, object]:
    """The access-log record of one request, once the server has written it."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        # Complete lines only: the server may be writing the last one.
        for line in log_file.read_text(encoding="utf-8").split("\n")[:-1]:
            record = json.loads(line) if line.strip() else {}
            if record.get("event") == "request" and record.get("request_id") == request_id:
                return record
        time.sleep(0.01)
    raise AssertionError(f"no access line for request {request_id}")


def test_access_lines_have_id_status_latency_and_no_article_text(tmp_path: Path) -> None:
    log_file = tmp_path / "server.log"
    requests: list[tuple[str, dict[str, object]]] = [
        ("/v1/quotes", {"json": {"text": f"“{SECRET},” she said."}}),
        ("/v1/quotes", {"json": {"text": SECRET, "bogus": SECRET}}),
        ("/v1/quotes/batch", {"json": {"documents": [{"text": SECRET}]}}),
        ("/v1/quotes", {"content": SECRET.encode(), "headers": {"content-type": "text/plain"}}),
    ]
    answers: list[tuple[httpx.Response, dict[str, object], float]] = []
    with open(log_file, "wb") as sink:
        proc, base = start_serve(settings={"QUOTES_LOG_LEVEL": "INFO"}, output=sink)
        try:
            wait_ready(proc, base)
            for path, kwargs in requests:
                sent = time.perf_counter()
                answer = httpx.post(f"{base}{path}", timeout=60, **kwargs)  # type: ignore[arg-type]
                record = access_line(log_file, answer.headers["x-request-id"])
                # From before sending to after the line was written: the logged latency fits.
                seen_ms = (time.perf_counter() - sent) * 1000
                answers.append((answer, record, seen_ms))
        finally:
            proc.terminate()
            proc.wait(timeout=15)
    assert [answer.status_code for answer, _, _ in answers] == [200, 422, 200, 415]
    text = log_file.read_text(encoding="utf-8")
    assert SECRET not in text
    for line in text.splitlines():  # every line is JSON
        if line.strip():
            json.loads(line)
    for answer, record, seen_ms in answers:
        assert record["status"] == answer.status_code
        assert isinstance(record["latency_ms"], float)
        assert 0 < record["latency_ms"] <= seen_ms
        assert str(record["path"]).startswith("/v1/quotes")
        assert record["level"] == "info" and "timestamp" in record
