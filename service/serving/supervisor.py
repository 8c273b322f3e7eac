"""``serve --workers N``: N HTTP worker processes, each listening on its own SO_REUSEPORT socket.

uvicorn's own workers share one listening socket, and whichever wakes first accepts every
pending connection: a handful of keep-alive clients (a CMS back end, a load test) can all land
on one worker, whose one core then serves every cache hit (seen: 64 connections split 64:0).
With one socket per worker the kernel spreads connections over the workers by a hash of their
addresses. Parses do not depend on this: they go to the shared parser server.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import multiprocessing.connection
import signal
import socket
import time
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from types import FrameType
from typing import Any

import structlog
import uvicorn

from service.metrics import forget_process_metrics
from service.settings import get_settings

# An HTTP protocol class as uvicorn takes it (``uvicorn.Config(http=...)``).
Protocol = type[asyncio.Protocol]

log = structlog.get_logger(__name__)

BACKLOG = 2048  # uvicorn's default
# A worker that dies this soon after starting counts as failing to start; after this many
# such failures in a row, serve gives up instead of restarting it forever.
EARLY_EXIT_SECONDS = 10.0
MAX_EARLY_EXITS = 3


def reuseport_socket(host: str, port: int) -> socket.socket:
    """A listening socket that other workers can bind to the same address too."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(BACKLOG)
    return sock


def app_config(app: str, protocol: Protocol | None = None, **where: Any) -> uvicorn.Config:
    """uvicorn's settings for the app factory ``app`` ("module:function"), served with the
    HTTP ``protocol`` class if given (``where``: host and port, when uvicorn binds itself)."""
    return uvicorn.Config(
        app,
        factory=True,
        log_config=None,  # the app's lifespan sets up JSON logging for uvicorn's loggers too
        log_level="warning",
        access_log=False,
        http=protocol or "auto",
        timeout_keep_alive=get_settings().keep_alive_seconds,  # type: ignore[arg-type]
        **where,
    )


def run_worker(app: str, host: str, port: int, protocol: Protocol | None = None) -> None:
    """One HTTP worker: its own socket and the app, until SIGTERM or SIGINT."""
    uvicorn.Server(app_config(app, protocol)).run(sockets=[reuseport_socket(host, port)])


@dataclass(slots=True)
class _Worker:
    """A running worker process and when it started."""

    process: BaseProcess
    started: float


class Supervisor:
    """Starts the workers, restarts one that dies, stops them all on SIGTERM or SIGINT."""

    def __init__(
        self, app: str, host: str, port: int, workers: int, protocol: Protocol | None = None
    ) -> None:
        self._app = app
        self._protocol = protocol
        self._host = host
        self._port = port
        self._count = workers
        self._context = multiprocessing.get_context("spawn")
        self._stopping = False
        self._early_exits = 0

    def _start(self) -> _Worker:
        """Start one worker process."""
        process = self._context.Process(
            target=run_worker,
            args=(self._app, self._host, self._port, self._protocol),
            name="quotes-http",
        )
        process.start()
        return _Worker(process, time.monotonic())

    def _stop(self, _: int, __: FrameType | None) -> None:
        """Signal handler: stop at the next turn of the loop."""
        self._stopping = True

    def run(self) -> int:
        """Supervise until asked to stop; 1 if workers keep dying at start-up."""
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, self._stop)
        workers = [self._start() for _ in range(self._count)]
        code = 0
        while not self._stopping:
            multiprocessing.connection.wait([w.process.sentinel for w in workers], timeout=0.5)
            for i, worker in enumerate(workers):
                if worker.process.is_alive() or self._stopping:
                    continue
                if not self._note_exit(worker):
                    self._stopping, code = True, 1
                    break
                workers[i] = self._start()
        for worker in workers:
            worker.process.terminate()  # uvicorn shuts down gracefully on SIGTERM
        for worker in workers:
            worker.process.join(30)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(5)
        return code

    def _note_exit(self, worker: _Worker) -> bool:
        """Log a worker's death; False once workers keep dying right after they start."""
        forget_process_metrics(worker.process.pid)
        early = time.monotonic() - worker.started < EARLY_EXIT_SECONDS
        self._early_exits = self._early_exits + 1 if early else 0
        log.error(
            "http_worker_died",
            exitcode=worker.process.exitcode,
            early=early,
            restarting=self._early_exits < MAX_EARLY_EXITS,
        )
        return self._early_exits < MAX_EARLY_EXITS
