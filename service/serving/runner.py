"""Blocking parses on a thread beside the event loop, bounded: a flood is refused, not queued.

Only with ``QUOTES_PARSE_IN_PROCESS=true``: the time limit of a thread is soft (see
``ParserRunner``); the default parses in parser processes (``pool.py``).
"""

from __future__ import annotations

import asyncio
import ctypes
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from service.engine import Engine
from service.metrics import PARSER_PENDING
from service.nlp.model import ExtractionScope
from service.serving.batches import Outcome, each_document
from service.serving.errors import overloaded, timed_out

T = TypeVar("T")


class Cancelled(BaseException):
    """Raised inside the parser thread to stop a job whose request timed out.

    A BaseException so the core's ``except Exception`` fallbacks do not swallow it.
    """


class _Job:
    """One call on the parser thread that the event loop can cancel while it runs."""

    def __init__(self, func: Callable[..., T], args: tuple[object, ...]) -> None:
        self._func = func
        self._args = args
        self._lock = threading.Lock()
        self._thread_id: int | None = None
        self._cancelled = False

    def __call__(self) -> object:
        """Run the function; a cancel lands only while it runs and is cleared once it ends."""
        with self._lock:
            if self._cancelled:
                raise Cancelled
            self._thread_id = threading.get_ident()
        try:
            return self._func(*self._args)
        finally:
            with self._lock:
                # A cancel raced with the job's end: drop it so it cannot hit the next job.
                _set_async_exc(self._thread_id, None)
                self._thread_id = None

    def cancel(self) -> None:
        """Stop the job: before it starts, or by raising Cancelled in its thread."""
        with self._lock:
            self._cancelled = True
            if self._thread_id is not None:
                _set_async_exc(self._thread_id, Cancelled)


def _set_async_exc(thread_id: int | None, exc: type[BaseException] | None) -> None:
    """Raise ``exc`` in a thread at its next Python bytecode (None clears a pending one)."""
    if thread_id is None:
        return
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc is not None else None
    )


class ParserRunner:
    """One parser thread per process (spaCy's memory zones are per vocab) and a bounded queue.

    A job that outlives its request's time limit is cancelled in its thread, so one
    pathological text cannot hold the only parser for minutes while everything else is refused.
    """

    def __init__(
        self,
        engine: Engine | None,
        max_queue: int,
        timeout_seconds: float,
        retry_after_seconds: int = 1,
    ) -> None:
        self._engine = engine
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="parser")
        self._capacity = 1 + max_queue
        self._pending = 0
        self._timeout = timeout_seconds
        self._retry_after = str(retry_after_seconds)

    @property
    def pending(self) -> int:
        """Jobs running or waiting."""
        return self._pending

    async def compute(self, text: str, scope: ExtractionScope = "speech") -> bytes:
        """The engine's ``compute`` on the parser thread."""
        return await self.run(self._require_engine().compute, text, scope)

    async def compute_many(
        self, texts: list[str], scope: ExtractionScope = "speech"
    ) -> list[bytes | Exception]:
        """The engine's ``compute_many`` on the parser thread, each document in its own limit."""

        async def run(part: list[str]) -> list[Outcome]:
            return await self.run(self._require_engine().compute_many, part, scope)

        return await each_document(texts, run, parallel=1)

    def _require_engine(self) -> Engine:
        """The engine whose methods run here (looked up per call, so tests can swap them)."""
        if self._engine is None:
            raise RuntimeError("this runner was built without an engine")
        return self._engine

    def _release(self, future: asyncio.Future[object]) -> None:
        """Free a slot when the job really ends, even if its request already timed out."""
        if not future.cancelled():
            future.exception()  # retrieved: a cancelled job's error is expected, not news
        self._pending -= 1
        PARSER_PENDING.set(self._pending)

    async def run(self, func: Callable[..., T], *args: object) -> T:
        """Run ``func(*args)`` on the parser thread in the time limit (Overloaded, TimedOut)."""
        if self._pending >= self._capacity:
            raise overloaded(self._retry_after)
        self._pending += 1
        PARSER_PENDING.set(self._pending)
        job = _Job(func, args)
        future = asyncio.get_running_loop().run_in_executor(self._executor, job)
        future.add_done_callback(self._release)
        try:
            result = await asyncio.wait_for(asyncio.shield(future), self._timeout)
        except TimeoutError:
            job.cancel()
            raise timed_out(self._timeout) from None
        return result  # type: ignore[return-value]

    async def available(self) -> int:
        """The one parser thread."""
        return 1

    async def aclose(self) -> None:
        """Stop the thread after the running job."""
        self._executor.shutdown(wait=False, cancel_futures=True)
