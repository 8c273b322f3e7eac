"""N parser processes behind one HTTP process: balanced per request, each one killable.

Why not uvicorn's ``--workers``: its workers share one listening socket, so a handful of
keep-alive clients (a CMS back end, a backfill job) can all land on one worker while the
others idle. Here every request goes to whichever parser process is free. And a request
that outlives its time limit has its process killed and replaced, which stops any parse
at once (a thread can only be interrupted between Python bytecodes).
"""

from __future__ import annotations

import asyncio
import functools
import multiprocessing
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import structlog

from service.metrics import PARSER_PENDING, PARSER_RESTARTS
from service.nlp.model import ExtractionScope
from service.serving.errors import ParserError, overloaded, timed_out
from service.serving.parser import compute_call, compute_many_call
from service.serving.process import NotDelivered, ParserProcess, reap

log = structlog.get_logger(__name__)
T = TypeVar("T")

# Loading a pipeline takes seconds; on a starved machine much longer.
START_TIMEOUT_SECONDS = 300.0
# A replacement that fails to start is retried after this long, doubling up to the cap.
RESTART_BACKOFF_SECONDS = (1.0, 30.0)


def split_evenly(items: list[str], parts: int) -> list[list[str]]:
    """At most ``parts`` consecutive non-empty slices whose sizes differ by one at most."""
    parts = max(1, min(parts, len(items)))
    size, extra = divmod(len(items), parts)
    slices, start = [], 0
    for i in range(parts):
        end = start + size + (i < extra)
        slices.append(items[start:end])
        start = end
    return slices


class ParserPool:
    """``processes`` parser processes fed from one bounded queue, per request."""

    def __init__(
        self,
        target: Callable[..., None],
        args: tuple[object, ...],
        *,
        processes: int,
        max_queue: int,
        timeout_seconds: float,
        retry_after_seconds: int = 1,
    ) -> None:
        self._context = multiprocessing.get_context("spawn")
        self._target = target
        self._args = args
        self._processes = processes
        self._capacity = processes + max_queue
        self._timeout = timeout_seconds
        self._retry_after = str(retry_after_seconds)
        # One reader per process, plus room for the readers of killed processes to finish.
        self._io = ThreadPoolExecutor(2 * processes, thread_name_prefix="parser-io")
        self._idle: asyncio.Queue[ParserProcess] = asyncio.Queue()
        self._live: set[ParserProcess] = set()
        self._restarts: set[asyncio.Task[None]] = set()
        self._pending = 0
        self._closing = False
        self.pipeline = ""

    @property
    def pending(self) -> int:
        """Calls running or waiting."""
        return self._pending

    def pids(self) -> list[int]:
        """Process ids of the live parser processes."""
        return [p.proc.pid for p in self._live if p.proc.pid is not None]

    async def available(self) -> int:
        """Live parser processes (a replacement counts once it has loaded)."""
        return sum(process.proc.is_alive() for process in self._live)

    async def start(self) -> str:
        """Start every process and wait until all are ready; return the pipeline id."""
        started = await asyncio.gather(
            *(self._spawn() for _ in range(self._processes)), return_exceptions=True
        )
        failures = [s for s in started if isinstance(s, BaseException)]
        for process in started:
            if isinstance(process, ParserProcess):
                self._idle.put_nowait(process)
        if failures:
            await self.aclose()
            raise failures[0]
        return self.pipeline

    async def compute(self, text: str, scope: ExtractionScope = "speech") -> bytes:
        """The stored value of one text in ``scope``, computed in a free parser process."""
        return await compute_call(self._call, text, scope)

    async def compute_many(
        self, texts: list[str], scope: ExtractionScope = "speech"
    ) -> list[bytes | Exception]:
        """Stored values (or per-text failures) of many texts, split over the free processes.

        One request, one queue slot; its slices go to processes as they come free, so a single
        backfill client with large batches still uses every core.
        """
        slices = split_evenly(texts, self._processes)

        async def every_slice() -> list[bytes | Exception]:
            results = await asyncio.gather(*(self._dispatch_many(part, scope) for part in slices))
            return [outcome for part in results for outcome in part]

        return await self._admit(every_slice)

    async def _dispatch_many(
        self, texts: list[str], scope: ExtractionScope
    ) -> list[bytes | Exception]:
        """One slice of a batch on one process."""
        return await compute_many_call(self._dispatch, texts, scope)

    async def _call(self, method: str, payload: object) -> object:
        """One call in the time limit, or Overloaded (queue full) or TimedOut."""
        return await self._admit(lambda: self._dispatch(method, payload))

    async def _admit(self, work: Callable[[], Awaitable[T]]) -> T:
        """Run ``work`` if the queue has room (else Overloaded), in the limit (else TimedOut)."""
        if self._pending >= self._capacity:
            raise overloaded(self._retry_after)
        self._pending += 1
        PARSER_PENDING.set(self._pending)
        try:
            return await asyncio.wait_for(work(), self._timeout)
        except TimeoutError:
            raise timed_out(self._timeout) from None
        finally:
            self._pending -= 1
            PARSER_PENDING.set(self._pending)

    async def _dispatch(self, method: str, payload: object) -> object:
        """Run a call on the next free process; kill that process if the call is abandoned."""
        while True:
            process = await self._idle.get()
            if not process.proc.is_alive():  # died while idle (the OOM killer, an operator)
                self._replace(process, "died")
                continue
            future = asyncio.get_running_loop().run_in_executor(
                self._io, process.call, method, payload
            )
            try:
                status, value = await asyncio.shield(future)
            except asyncio.CancelledError:
                # Timed out (or shutting down): the parse must not outlive its request.
                process.proc.kill()
                future.add_done_callback(functools.partial(self._abandoned, process))
                raise
            except NotDelivered:  # it died while idle and the call never reached it: retry
                self._replace(process, "died")
                continue
            except (EOFError, OSError) as exc:
                self._replace(process, "died")
                raise ParserError(f"parser process {process.proc.pid} died in a call") from exc
            self._idle.put_nowait(process)
            if status != "ok":
                raise ParserError(f"parser call {method} failed: {value}")
            return value

    def _abandoned(self, process: ParserProcess, done: asyncio.Future[tuple[str, object]]) -> None:
        """Replace a killed process once its reader thread has let go of the pipe."""
        if not done.cancelled():
            done.exception()  # the reader's EOFError is expected here, not news
        self._replace(process, "timeout")

    async def _spawn(self) -> ParserProcess:
        """Start one process and wait for it to load the pipeline."""
        parent, child = self._context.Pipe()
        proc = self._context.Process(
            target=self._target, args=(child, *self._args), name="quotes-parser", daemon=True
        )
        proc.start()
        child.close()
        process = ParserProcess(proc, parent)
        loop = asyncio.get_running_loop()
        try:
            self.pipeline = await loop.run_in_executor(
                self._io, process.ready, START_TIMEOUT_SECONDS
            )
        except BaseException:
            await loop.run_in_executor(self._io, process.stop)
            raise
        self._live.add(process)
        return process

    def _replace(self, process: ParserProcess, reason: str) -> None:
        """Retire a killed or dead process and start its replacement in the background."""
        self._live.discard(process)
        process.stop()
        PARSER_RESTARTS.labels(reason).inc()
        log.warning("parser_replaced", reason=reason, pid=process.proc.pid)
        if self._closing:
            return
        task = asyncio.get_running_loop().create_task(self._restart())
        self._restarts.add(task)
        task.add_done_callback(self._restarts.discard)

    async def _restart(self) -> None:
        """Start a replacement process, retrying with backoff until it is ready."""
        delay, cap = RESTART_BACKOFF_SECONDS
        while not self._closing:
            try:
                process = await self._spawn()
            except Exception:
                log.exception("parser_restart_failed", retry_in_s=delay)
                await asyncio.sleep(delay)
                delay = min(2 * delay, cap)
                continue
            if self._closing:
                process.stop()
            else:
                self._idle.put_nowait(process)
            return

    async def aclose(self) -> None:
        """Stop every parser process, then release the pipes once no reader thread uses them."""
        self._closing = True
        for task in list(self._restarts):
            task.cancel()
        processes = list(self._live)
        self._live.clear()
        for process in processes:
            process.proc.terminate()  # a reader waiting on it gets EOF and lets go
        await asyncio.get_running_loop().run_in_executor(None, reap, processes, self._io)
        for process in processes:
            process.conn.close()
