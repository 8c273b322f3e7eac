"""The real server's logs: JSON lines, one access line per request, never the article text."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

SECRET = "Embargoed until Friday: the minister resigns over the harbour contract"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_ready(base: str, proc: subprocess.Popen[bytes]) -> None:
    """Poll /readyz until the pipeline is loaded."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the server exited"
        try:
            if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError("the server did not become ready in 60 s")


def test_access_lines_have_id_status_latency_and_no_article_text(tmp_path: Path) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUOTES_")}
    env["QUOTES_LOG_LEVEL"] = "INFO"
    log_file = tmp_path / "server.log"
    with open(log_file, "wb") as sink:
        proc = subprocess.Popen(
            [sys.executable, "-m", "service.cli", "serve", "--host", "127.0.0.1",
             "--port", str(port)],
            env=env, stdout=sink, stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_ready(base, proc)
            answers = [
                httpx.post(f"{base}/v1/quotes", json={"text": f"“{SECRET},” she said."}),
                httpx.post(f"{base}/v1/quotes", json={"text": SECRET, "bogus": SECRET}),
                httpx.post(f"{base}/v1/quotes/batch", json={"documents": [{"text": SECRET}]}),
                httpx.post(f"{base}/v1/quotes", content=SECRET.encode(),
                           headers={"content-type": "text/plain"}),
            ]
        finally:
            proc.terminate()
            proc.wait(timeout=15)
    assert [a.status_code for a in answers] == [200, 422, 200, 415]
    lines = [line for line in log_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]  # every line is JSON
    assert SECRET not in log_file.read_text(encoding="utf-8")
    access = {r["request_id"]: r for r in records if r.get("event") == "request"}
    for answer in answers:
        record = access[answer.headers["x-request-id"]]
        assert record["status"] == answer.status_code
        assert record["latency_ms"] >= 0
        assert record["path"].startswith("/v1/quotes")
        assert record["level"] == "info" and "timestamp" in record
