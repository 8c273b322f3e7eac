"""Start `quote-attribution serve` as a real process for tests, and wait until it is ready."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO

import httpx

from service.serving.pool import START_TIMEOUT_SECONDS


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_serve(
    *args: str, settings: dict[str, str] | None = None, output: IO[bytes] | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    """`serve` on a free loopback port with no QUOTES_* settings from the caller but
    ``settings`` (QUOTES_* variables); its URL. Its stdout and stderr go to ``output`` if
    given (else stderr is kept for the error of a failed start)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUOTES_")}
    env.update(settings or {})
    proc = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "serve", "--host", "127.0.0.1",
         "--port", str(port), *args],
        env=env,
        stdout=output or subprocess.DEVNULL,
        stderr=subprocess.STDOUT if output else subprocess.PIPE,
    )
    return proc, f"http://127.0.0.1:{port}"


def wait_ready(
    proc: subprocess.Popen[bytes],
    base: str,
    also: Callable[[], bool] = lambda: True,
    timeout: float = START_TIMEOUT_SECONDS,
) -> httpx.Response:
    """Poll /readyz until it answers 200 and ``also()`` holds; raise if serve exits first.

    ``timeout`` only bounds a start that hangs: by default it is as long as serve itself
    waits for a parser process to load its pipeline, however slow this machine is."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(proc.stderr.read().decode() if proc.stderr else "serve exited")
        try:
            ready = httpx.get(f"{base}/readyz", timeout=2)
            if ready.status_code == 200 and also():
                return ready
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"serve did not become ready in {timeout:g} s")


@contextmanager
def serving(settings: dict[str, str] | None = None) -> Iterator[str]:
    """`serve` (one worker) with ``settings``, ready, for the block; its URL. Stopped after."""
    proc, base = start_serve(settings=settings)
    try:
        wait_ready(proc, base)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stderr is not None:
            proc.stderr.close()
