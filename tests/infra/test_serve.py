"""`serve --workers 2` as a real process tree: connections spread, parses shared, clean stop."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import httpx
import pytest

from service.bench.procs import children_of, cmdline
from tests.infra.serving import start_serve, wait_ready


def sockets_of(pid: int) -> int:
    """Open sockets of a process."""
    fds = Path(f"/proc/{pid}/fd")
    return sum(os.readlink(fd).startswith("socket:") for fd in fds.iterdir())


def http_workers(supervisor: int) -> list[int]:
    """The supervisor's multiprocessing children that have none of their own (not the
    parser server, whose parsers are its children)."""
    kids = [pid for pid in children_of(supervisor) if "spawn_main" in cmdline(pid)]
    return [pid for pid in kids if not children_of(pid)]


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
