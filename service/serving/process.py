"""One parser process as its parent sees it: the process, its pipe, and how to stop it.

The parent sends ``(method, payload)`` and reads the reply on an I/O thread (``worker.py``
has the other end); ``ParserPool`` decides when a process is replaced.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from service.serving.errors import ParserError


class NotDelivered(Exception):
    """A call could not be sent: the process had already died, so nothing ran."""


@dataclass(eq=False, slots=True)
class ParserProcess:
    """One parser process and the parent's end of its pipe."""

    proc: BaseProcess
    conn: Connection

    def call(self, method: str, payload: object) -> tuple[str, object]:
        """Send one call and wait for its answer (blocking: runs on an I/O thread)."""
        try:
            self.conn.send((method, payload))
        except OSError as exc:
            raise NotDelivered from exc
        reply: tuple[str, object] = self.conn.recv()
        return reply

    def ready(self, timeout: float) -> str:
        """Wait for the process's ready message; return what it reports (the pipeline id)."""
        if not self.conn.poll(timeout):
            raise ParserError(f"parser process not ready within {timeout:g} s")
        status, value = self.conn.recv()
        if status != "ready":
            raise ParserError(f"parser process sent {status!r} before ready")
        return str(value)

    def stop(self) -> None:
        """Kill the process and release its pipe (only once no thread reads the pipe)."""
        self.proc.kill()
        self.proc.join(5)
        self.conn.close()


def reap(processes: list[ParserProcess], io: ThreadPoolExecutor) -> None:
    """Wait for terminated processes (killing stragglers) and for the reader threads."""
    for process in processes:
        process.proc.join(5)
        if process.proc.is_alive():
            process.proc.kill()
            process.proc.join(5)
    io.shutdown(wait=True, cancel_futures=True)
