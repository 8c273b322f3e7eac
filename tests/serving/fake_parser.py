"""A parser process without a pipeline, for pool tests: its texts say what to do."""

from __future__ import annotations

import os
import time
from multiprocessing.connection import Connection
from pathlib import Path

from service.serving.worker import answer_calls

# How long a held call waits for its gate before it answers anyway (a test that forgot it).
HOLD_SECONDS = 60.0


def hold(gate: Path) -> None:
    """Say that this process holds a call (a file ``<gate>.<pid>``), then wait for the gate."""
    Path(f"{gate}.{os.getpid()}").touch()
    deadline = time.monotonic() + HOLD_SECONDS
    while not gate.exists() and time.monotonic() < deadline:
        time.sleep(0.005)


def behave(text: str, scope: str) -> bytes:
    """``sleep:S`` sleeps S seconds, ``hold:PATH`` waits until the file PATH exists, ``crash``
    exits the process, ``crash-once:PATH`` exits unless PATH exists (creating it first),
    ``fail`` raises; then (or else) echo ``pid:scope:text``."""
    if text.startswith("crash-once:"):
        mark = Path(text.removeprefix("crash-once:"))
        if not mark.exists():
            mark.touch()
            os._exit(3)
    elif text.startswith("sleep:"):
        time.sleep(float(text.removeprefix("sleep:")))
    elif text.startswith("hold:"):
        hold(Path(text.removeprefix("hold:")))
    elif text == "crash":
        os._exit(3)
    elif text == "fail":
        raise ValueError("asked to fail")
    return f"{os.getpid()}:{scope}:{text}".encode()


def handle(method: str, payload: object) -> object:
    """Answer ``compute`` and ``compute_many`` like the real engine's process does: the
    payload is ``(text, scope)`` or ``(texts, scope)``."""
    assert isinstance(payload, tuple) and len(payload) == 2
    texts, scope = payload
    assert scope in ("speech", "attribution")
    if method == "compute":
        assert isinstance(texts, str)
        return behave(texts, scope)
    assert isinstance(texts, list)
    return [behave(text, scope) for text in texts]


def fake_parser(conn: Connection) -> None:
    """The process target: ready as ``fake@1``, then answer calls."""
    answer_calls(conn, "fake@1", handle)


def slow_fake_parser(conn: Connection, start_seconds: float) -> None:
    """The fake parser, ready only after ``start_seconds`` (as a pipeline that loads slowly)."""
    time.sleep(start_seconds)
    fake_parser(conn)


def fake_serve_calls(conn: Connection, *_: object) -> None:
    """A stand-in for ``service.serving.worker.serve_calls`` (which also gets the pipeline name and
    the log level): the fake parser."""
    fake_parser(conn)
