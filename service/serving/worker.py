"""A parser process: loads the pipeline once, then answers compute calls over a pipe.

``serve`` runs one of these behind its HTTP process, and ``serve --workers N`` N of them behind
the parser server (see ``service.serving.pool`` and ``service.serving.parser_server``).
The protocol is plain tuples so it pickles cheaply: the parent sends ``(method, payload)``
(``("compute", (text, scope))`` or ``("compute_many", (texts, scope))``) and gets
``("ok", result)`` or ``("error", message)``; the first message is ``("ready", pipeline_id)``.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import TypeVar

import structlog

from service.engine import Engine
from service.logs import configure_logging
from service.nlp.model import SCOPES, ExtractionScope

log = structlog.get_logger(__name__)

Handler = Callable[[str, object], object]
T = TypeVar("T")


def scoped(payload: object, kind: type[T]) -> tuple[T, ExtractionScope]:
    """The ``(text or texts, scope)`` of a compute call; any other payload is refused."""
    if not (
        isinstance(payload, tuple)
        and len(payload) == 2
        and isinstance(payload[0], kind)
        and payload[1] in SCOPES
    ):
        raise ValueError("a compute payload is (text or texts, scope)")
    return payload[0], payload[1]


class NoCache:
    """The cache of a parser process: none (the HTTP process caches), and no metrics."""

    backend = "none"

    async def get(self, key: str) -> bytes | None:
        """Always a miss."""
        return None

    async def set(self, key: str, value: bytes) -> None:
        """Stores nothing."""

    def state(self) -> str:
        """Never used."""
        return "disabled"

    async def close(self) -> None:
        """Nothing to release."""


def picklable(results: list[bytes | Exception]) -> list[bytes | Exception]:
    """Batch outcomes with each failure replaced by a plain RuntimeError that always pickles."""
    return [r if isinstance(r, bytes) else RuntimeError(type(r).__name__) for r in results]


def engine_handler(pipeline: str) -> tuple[str, Handler]:
    """Load the pipeline; return its id and the function that answers one call."""
    # Imported here: the HTTP process imports this module for ``serve_calls`` and must not
    # load spaCy; the parser process it spawns does.
    from service.nlp.pipeline import load_pipeline

    engine = Engine(load_pipeline(pipeline), NoCache())
    # The pipeline lives as long as the process: keep full collections from walking it.
    gc.collect()
    gc.freeze()

    def handle(method: str, payload: object) -> object:
        """One call on this process's engine."""
        if method == "compute":
            return engine.compute(*scoped(payload, str))
        if method == "compute_many":
            return picklable(engine.compute_many(*scoped(payload, list)))
        raise ValueError(f"unknown method {method!r}")

    return engine.pipeline, handle


def serve_calls(conn: Connection, pipeline: str, log_level: str) -> None:
    """The parser process's main loop; it ends when the parent closes the pipe."""
    # Ctrl-C reaches the whole process group; the parent decides when parsers stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent()  # before the pipeline loads: a parent may die during those seconds
    configure_logging(log_level)
    answer_calls(conn, *engine_handler(pipeline))


# prctl(2): the signal this process gets when the thread that started it ends.
PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Have the kernel kill this process as soon as its parent dies (Linux; else nothing).

    A parser whose parent was killed would parse on for nobody and then die with tracebacks
    on the closed pipe. Checked after the call too: the parent may have died before it.
    """
    parent = multiprocessing.parent_process()
    if sys.platform != "linux" or parent is None:
        return
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent.pid:
        os._exit(1)


def answer_calls(conn: Connection, ready: str, handle: Handler) -> None:
    """Say ready, then answer calls until the pipe closes; a failing call is reported, not fatal."""
    die_with_parent()
    log.info("parser_started", pid=os.getpid())
    conn.send(("ready", ready))
    while True:
        try:
            method, payload = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply: tuple[str, object] = ("ok", handle(method, payload))
        except Exception as exc:
            log.exception("parser_call_failed", method=method)
            reply = ("error", type(exc).__name__)
        conn.send(reply)
