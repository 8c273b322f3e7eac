"""A parser process without a pipeline, for pool tests: its texts say what to do."""

from __future__ import annotations

import os
import time
from multiprocessing.connection import Connection

from service.worker import answer_calls


def behave(text: str) -> bytes:
    """``sleep:S`` sleeps S seconds, ``crash`` exits the process, ``fail`` raises; else echo."""
    if text.startswith("sleep:"):
        time.sleep(float(text.removeprefix("sleep:")))
    elif text == "crash":
        os._exit(3)
    elif text == "fail":
        raise ValueError("asked to fail")
    return f"{os.getpid()}:{text}".encode()


def handle(method: str, payload: object) -> object:
    """Answer ``compute`` and ``compute_many`` like the real engine's process does."""
    if method == "compute":
        assert isinstance(payload, str)
        return behave(payload)
    assert isinstance(payload, list)
    return [behave(text) for text in payload]


def fake_parser(conn: Connection) -> None:
    """The process target: ready as ``fake@1``, then answer calls."""
    answer_calls(conn, "fake@1", handle)
