"""N parser processes behind one HTTP process: balanced per request, each one killable.

Why not uvicorn's ``--workers``: its workers share one listening socket, so a handful of
keep-alive clients (a CMS back end, a backfill job) can all land on one worker while the
others idle. Here every request goes to whichever parser process is free. And a request
that outlives its time limit has its process killed and replaced, which stops any parse
at once (a thread can only be interrupted between Python bytecodes).

Two clocks per call: waiting for a free parser is queued work, bounded by the queue time
limit (then Overloaded: 503 with Retry-After), and the parse itself has the time limit
(then TimedOut: 504), which starts only once a parser has the call. So a replacement that
is still loading after a kill costs the next requests a wait, never their own time limit.
Spare processes (``spares``) are loaded but never parse at the same time as the others:
one takes over at once from a killed process while its replacement loads. A parser that
dies under a call has the call retried once on another (the parse is pure).
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
from service.serving.batches import Outcome, each_document
from service.serving.errors import ParserError, overloaded, timed_out, unavailable
from service.serving.parser import compute_call, compute_many_call
from service.serving.process import NotDelivered, ParserProcess, reap

log = structlog.get_logger(__name__)
T = TypeVar("T")

# Loading a pipeline takes seconds; on a starved machine much longer.
START_TIMEOUT_SECONDS = 300.0
# A replacement that fails to start is retried after this long, doubling up to the cap.
RESTART_BACKOFF_SECONDS = (1.0, 30.0)


class ParserLost(Exception):
    """The parser process died while it had the call (it may have run partly)."""


class ParserPool:
    """``processes`` parser processes (and ``spares`` loaded ones) fed from one bounded queue."""

    def __init__(
        self,
        target: Callable[..., None],
        args: tuple[object, ...],
        *,
        processes: int,
        max_queue: int,
        timeout_seconds: float,
        queue_timeout_seconds: float | None = None,
        spares: int = 0,
        retry_after_seconds: int = 1,
    ) -> None:
        self._context = multiprocessing.get_context("spawn")
        self._target = target
        self._args = args
        self._processes = processes
        self._spares = spares
        self._capacity = processes + max_queue
        self._timeout = timeout_seconds
        self._queue_timeout = (
            timeout_seconds if queue_timeout_seconds is None else queue_timeout_seconds
        )
        self._retry_after = str(retry_after_seconds)
        # One reader per process, plus room for the readers of killed processes to finish.
        self._io = ThreadPoolExecutor(
            2 * (processes + spares), thread_name_prefix="parser-io"
        )
        self._idle: asyncio.Queue[ParserProcess] = asyncio.Queue()
        # Parses at once: a spare waits in _idle but never adds a parse beside the others.
        self._slots = asyncio.Semaphore(processes)
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
        """Process ids of the live parser processes (spares included)."""
        return [p.proc.pid for p in self._live if p.proc.pid is not None]

    async def available(self) -> int:
        """Parsers that can take work: live processes (a replacement counts once it has
        loaded), at most as many as parse at once."""
        return min(self._processes, sum(process.proc.is_alive() for process in self._live))

    async def start(self) -> str:
        """Start every process and wait until all are ready; return the pipeline id."""
        started = await asyncio.gather(
            *(self._spawn() for _ in range(self._processes + self._spares)),
            return_exceptions=True,
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
        return await self._admit(lambda: compute_call(self._run, text, scope))

    async def compute_many(
        self, texts: list[str], scope: ExtractionScope = "speech"
    ) -> list[bytes | Exception]:
        """Stored values (or per-text failures) of many texts, in calls over the free processes.

        One request, one queue slot; its calls go to processes as they come free, so a single
        backfill client with large batches still uses every core. Each document has its own
        time limit: one that overruns gets its TimedOut as its outcome and spares the others.
        """

        async def run(part: list[str]) -> list[Outcome]:
            return await compute_many_call(self._run, part, scope)

        return await self._admit(lambda: each_document(texts, run, self._processes))

    async def _admit(self, work: Callable[[], Awaitable[T]]) -> T:
        """Run ``work`` if the queue has room (else Overloaded)."""
        if self._pending >= self._capacity:
            raise overloaded(self._retry_after)
        self._pending += 1
        PARSER_PENDING.set(self._pending)
        try:
            return await work()
        finally:
            self._pending -= 1
            PARSER_PENDING.set(self._pending)

    async def _run(self, method: str, payload: object) -> object:
        """One call on a free process in the time limit; retried once if its process dies.

        Overloaded if no process comes free within the queue time limit, TimedOut past the
        time limit, Unavailable if the retry's process dies too.
        """
        lost = 0
        while True:
            process = await self._acquire()
            try:
                return await self._on(process, method, payload)
            except NotDelivered:  # it died while idle and the call never reached it
                continue
            except ParserLost:
                lost += 1
                if lost == 2:
                    raise unavailable(self._retry_after) from None
                log.warning("parser_lost_call_retried", method=method)

    async def _acquire(self) -> ParserProcess:
        """A slot and a live idle process, waited for within the queue time limit."""
        try:
            async with asyncio.timeout(self._queue_timeout):
                await self._slots.acquire()
                try:
                    return await self._next_live()
                except BaseException:
                    self._slots.release()
                    raise
        except TimeoutError:
            raise overloaded(self._retry_after) from None

    async def _next_live(self) -> ParserProcess:
        """The next idle process that is still alive (dead ones are replaced)."""
        while True:
            process = await self._idle.get()
            if process.proc.is_alive():
                return process
            self._replace(process, "died")  # died while idle (the OOM killer, an operator)

    async def _on(self, process: ParserProcess, method: str, payload: object) -> object:
        """Run a call on ``process`` in the time limit; kill it if the call is abandoned."""
        future = asyncio.get_running_loop().run_in_executor(
            self._io, process.call, method, payload
        )
        try:
            async with asyncio.timeout(self._timeout):
                status, value = await asyncio.shield(future)
        except TimeoutError:
            self._abandon(process, future)
            raise timed_out(self._timeout) from None
        except asyncio.CancelledError:  # the request went away (or shutting down)
            self._abandon(process, future)
            raise
        except NotDelivered:
            self._replace(process, "died")
            raise
        except (EOFError, OSError) as exc:
            self._replace(process, "died")
            raise ParserLost(f"parser process {process.proc.pid} died in a call") from exc
        finally:
            self._slots.release()
        self._idle.put_nowait(process)
        if status != "ok":
            raise ParserError(f"parser call {method} failed: {value}")
        return value

    def _abandon(self, process: ParserProcess, future: asyncio.Future[tuple[str, object]]) -> None:
        """Kill the process of an abandoned call: the parse must not outlive its request."""
        process.proc.kill()
        future.add_done_callback(functools.partial(self._abandoned, process))

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
