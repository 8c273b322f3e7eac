"""Start ``quote-attribution serve`` as a child, wait until every worker is ready, stop it."""

from __future__ import annotations

import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from service.bench.procs import Child, children_of, clean_env, cmdline, free_port, memory_mb

# Loading the pipeline takes a few seconds per worker; on a busy machine much longer.
READY_TIMEOUT_SECONDS = 180.0


class ServerError(RuntimeError):
    """The server did not come up."""


@dataclass(slots=True)
class Server:
    """A running server: its port, workers and log."""

    child: Child
    port: int
    workers: int
    log: Path

    def pids(self) -> list[int]:
        """The serving processes: with one worker the server itself (the HTTP process) and
        its parser process, if any; else its HTTP workers, the parser server and the parser
        processes. Every process but ``serve``'s own is started by multiprocessing."""
        found, frontier = [], [self.child.pid]
        while frontier:
            kids = [pid for pid in children_of(frontier.pop()) if "spawn_main" in cmdline(pid)]
            found += kids
            frontier += kids
        return [self.child.pid, *sorted(found)] if self.workers == 1 else sorted(found)

    def memory(self) -> list[tuple[float, float]]:
        """(RSS, peak RSS) in MB of each process."""
        return [memory_mb(pid) for pid in self.pids()]


def _started_count(log: Path) -> int:
    """How many HTTP workers have logged that their lifespan started."""
    try:
        text = log.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return 0
    return text.count('"event": "started"')


def _healthy(port: int) -> bool:
    """True when GET /healthz answers 200."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as reply:
            return bool(reply.status == 200)
    except OSError:
        return False


def _wait_ready(server: Server, timeout: float) -> None:
    """Block until every HTTP worker logged "started" and /healthz answers, or raise."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not server.child.alive():
            raise ServerError(f"server exited early; log tail:\n{_tail(server.log)}")
        if _started_count(server.log) >= server.workers and _healthy(server.port):
            return
        time.sleep(0.2)
    raise ServerError(f"server not ready in {timeout:.0f}s; log tail:\n{_tail(server.log)}")


def _tail(log: Path, lines: int = 15) -> str:
    """The last lines of a log file."""
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


@contextmanager
def serve(
    workers: int, workdir: Path, pipeline: str, **settings: str
) -> Iterator[Server]:
    """A server with ``workers`` processes on a free loopback port; QUOTES_* from ``settings``.

    It runs in ``workdir`` so no ``.env`` file changes its settings, and is stopped (its whole
    process group) however the block exits.
    """
    port = free_port()
    env = clean_env(QUOTES_PIPELINE=pipeline, QUOTES_LOG_LEVEL="INFO")
    env.update({f"QUOTES_{k.upper()}": v for k, v in settings.items()})
    log = workdir / f"serve-{workers}w-{port}.log"
    argv = [sys.executable, "-m", "service.cli", "serve", "--host", "127.0.0.1",
            "--port", str(port), "--workers", str(workers)]
    with Child(argv, env=env, cwd=workdir, log=log) as child:
        server = Server(child, port, workers, log)
        _wait_ready(server, READY_TIMEOUT_SECONDS)
        yield server
