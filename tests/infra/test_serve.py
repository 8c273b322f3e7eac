"""`serve` as a real process tree: with one worker a parse past the time limit has its parser
process killed and replaced; with two, connections spread, parses shared; a clean stop."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from service.bench.procs import children_of, cmdline
from tests.infra.serving import start_serve, wait_ready


def sockets_of(pid: int) -> int:
    """Open sockets of a process."""
    fds = Path(f"/proc/{pid}/fd")
    return sum(os.readlink(fd).startswith("socket:") for fd in fds.iterdir())


def spawned(pid: int) -> list[int]:
    """The multiprocessing children of a process."""
    return [kid for kid in children_of(pid) if "spawn_main" in cmdline(kid)]


def http_workers(supervisor: int) -> list[int]:
    """The supervisor's multiprocessing children that have none of their own (not the
    parser server, whose parsers are its children)."""
    return [pid for pid in spawned(supervisor) if not children_of(pid)]


@pytest.mark.slow
def test_one_worker_kills_and_replaces_a_parse_past_the_time_limit() -> None:
    """The default `serve`: one HTTP process and one parser process. A long text parses for
    seconds inside spaCy's compiled code, where a parser thread could not be stopped; its
    process is killed at the time limit and a new one answers the next request.

    The limit sits far from both parses, so the test holds from a machine several times
    faster than ours to one several times busier: the long text costs about 37 CPU seconds
    here, the follow-up (a fresh process's first, cold parse) about 0.13."""
    limit = 5.0
    proc, base = start_serve(settings={"QUOTES_REQUEST_TIMEOUT_SECONDS": str(limit)})
    try:
        assert wait_ready(proc, base).json()["parsers"] == 1
        [victim] = spawned(proc.pid)
        long_text = "“We stay,” said Ana Ruiz, the owner of the bakery on Main Street. " * 2000
        started = time.monotonic()
        slow = httpx.post(f"{base}/v1/quotes", json={"text": long_text}, timeout=60)
        assert slow.status_code == 504 and slow.json()["error"]["code"] == "timeout"
        assert time.monotonic() - started < 3 * limit
        deadline = time.monotonic() + 5
        while running(victim):
            assert time.monotonic() < deadline, "the parse outlived its request"
            time.sleep(0.05)
        # The replacement loads the pipeline for as long as this machine takes (a request sent
        # meanwhile would spend its own limit waiting): readiness says when it can parse.
        assert wait_ready(proc, base).json()["parsers"] == 1
        answer = httpx.post(
            f"{base}/v1/quotes", json={"text": "“We stay,” said Ana Ruiz, the owner."}, timeout=60
        )
        assert answer.status_code == 200 and answer.json()["quotes"]
        [replacement] = spawned(proc.pid)
        assert replacement != victim
        metrics = httpx.get(f"{base}/metrics").text
        assert 'quotes_parser_restarts_total{reason="timeout"} 1.0' in metrics
    finally:
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=60)
    # uvicorn shuts down gracefully, then exits by the signal it caught.
    assert code in (0, -signal.SIGTERM)
    assert not running(replacement)


@pytest.mark.slow
def test_two_workers_spread_connections_and_stop_cleanly() -> None:
    proc, base = start_serve("--workers", "2")
    try:
        ready = wait_ready(proc, base, also=lambda: len(http_workers(proc.pid)) == 2)
        assert ready.json()["parsers"] == 2
        workers = http_workers(proc.pid)
        before = [sockets_of(pid) for pid in workers]
        clients = [httpx.Client(base_url=base) for _ in range(24)]
        for client in clients:
            assert client.get("/healthz").status_code == 200
        gained = [sockets_of(pid) - b for pid, b in zip(workers, before, strict=True)]
        # One socket per worker: the kernel hashes connections over both (all 24 on one
        # worker would happen about once in eight million runs).
        assert all(g > 0 for g in gained), gained
        answer = clients[0].post(
            "/v1/quotes", json={"text": "“We stay,” said Ana Ruiz, the owner."}, timeout=60
        )
        assert answer.status_code == 200 and answer.json()["quotes"]
        for client in clients:
            client.close()
        tree = [proc.pid, *workers, *children_of(proc.pid)]
    finally:
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=60)
    assert code == 0
    deadline = time.monotonic() + 10
    while left := [f"{pid}: {cmdline(pid)}" for pid in tree if running(pid)]:
        assert time.monotonic() < deadline, left
        time.sleep(0.1)


def running(pid: int) -> bool:
    """True while a process exists and is not a zombie waiting to be reaped."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, IndexError):
        return False


def metric(base: str, name: str) -> float:
    """One unlabelled sample of the server's /metrics."""
    for line in httpx.get(f"{base}/metrics", timeout=10).text.splitlines():
        if line.startswith(f"{name} "):
            return float(line.split()[1])
    raise AssertionError(f"{name} is not in /metrics")


def until(condition: Callable[[], bool], what: str, within: float = 120) -> None:
    """Wait until ``condition()`` holds (``within`` only bounds a test that would hang)."""
    deadline = time.monotonic() + within
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


def posted(base: str, text: str) -> tuple[threading.Thread, list[httpx.Response]]:
    """POST ``text`` on a thread of its own; the thread and where its answer will be."""
    answer: list[httpx.Response] = []
    request = threading.Thread(
        target=lambda: answer.append(
            httpx.post(f"{base}/v1/quotes", json={"text": text}, timeout=600)
        )
    )
    request.start()
    return request, answer


SHORT = "“We stay,” said Ana Ruiz, the owner of the bakery on Main Street."
# Parses for tens of CPU seconds, in spaCy's compiled code.
SLOW = (SHORT + " ") * 2000


@pytest.mark.slow
def test_one_slow_document_spares_the_batch_and_the_next_request() -> None:
    """A document past the limit gets its own `timeout` error, the others their results; the
    replacement of the killed parser is waited for (queue limit: generous here), never
    counted against the next document's or request's own limit."""
    proc, base = start_serve(
        settings={"QUOTES_REQUEST_TIMEOUT_SECONDS": "3", "QUOTES_QUEUE_TIMEOUT_SECONDS": "300"}
    )
    try:
        wait_ready(proc, base)
        documents = [{"id": str(i), "text": f"{SHORT} Day {i}."} for i in range(3)]
        documents.insert(1, {"id": "slow", "text": SLOW})
        batch = httpx.post(f"{base}/v1/quotes/batch", json={"documents": documents}, timeout=600)
        assert batch.status_code == 200, batch.text
        results = batch.json()["results"]
        assert [r["id"] for r in results] == ["0", "slow", "1", "2"]
        assert results[1]["result"] is None
        assert results[1]["error"]["code"] == "timeout"
        for good in results[:1] + results[2:]:
            assert good["error"] is None and good["result"]["quotes"]
        slow = httpx.post(f"{base}/v1/quotes", json={"text": SLOW}, timeout=600)
        assert slow.status_code == 504
        # Sent at once, while the replacement is still loading: a wait, then its own limit.
        follow_up = httpx.post(f"{base}/v1/quotes", json={"text": SHORT}, timeout=600)
        assert follow_up.status_code == 200 and follow_up.json()["quotes"]
        assert metric(base, "quotes_parser_pending") == 0
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)


@pytest.mark.slow
def test_a_parser_killed_mid_request_is_retried_on_its_replacement() -> None:
    proc, base = start_serve(settings={"QUOTES_REQUEST_TIMEOUT_SECONDS": "300"})
    try:
        wait_ready(proc, base)
        [victim] = spawned(proc.pid)
        text = (SHORT + " ") * 300  # a few CPU seconds: still parsing when it is killed
        request, answer = posted(base, text)
        until(lambda: metric(base, "quotes_parser_pending") == 1, "the request did not start")
        time.sleep(0.3)
        os.kill(victim, signal.SIGKILL)
        request.join(600)
        assert answer[0].status_code == 200, answer[0].text
        assert answer[0].json()["quotes"]
        assert victim not in spawned(proc.pid)
        assert metric(base, "quotes_parser_pending") == 0
        metrics = httpx.get(f"{base}/metrics").text
        assert 'quotes_parser_restarts_total{reason="died"} 1.0' in metrics
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)


@pytest.mark.slow
def test_a_killed_parser_server_takes_its_parsers_along_and_leaves_no_stuck_gauge(
    tmp_path: Path,
) -> None:
    """`serve --workers 2`: SIGKILL the parser server mid-parse. Its parser processes stop at
    once (they do not parse on for nobody and die with tracebacks on the closed pipe), the
    request gets 503 with Retry-After, and once the server is back /metrics counts no
    pending parse of the dead one."""
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        proc, base = start_serve(
            "--workers", "2",
            settings={"QUOTES_REQUEST_TIMEOUT_SECONDS": "300"},
            output=output,
        )
        try:
            wait_ready(proc, base, also=lambda: len(http_workers(proc.pid)) == 2)
            [server] = [pid for pid in spawned(proc.pid) if children_of(pid)]
            parsers = spawned(server)
            assert len(parsers) == 2
            request, answer = posted(base, SLOW)
            until(lambda: metric(base, "quotes_parser_pending") == 1, "the request did not start")
            os.kill(server, signal.SIGKILL)
            until(lambda: not any(running(pid) for pid in parsers), "orphaned parsers", 10)
            request.join(600)
            assert answer[0].status_code == 503, answer[0].text
            assert answer[0].headers["retry-after"]
            wait_ready(proc, base)
            assert metric(base, "quotes_parser_pending") == 0
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=60)
    assert b"Traceback" not in log.read_bytes()
