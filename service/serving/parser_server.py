"""One parser pool shared by every HTTP worker process, over a private Unix socket.

``serve --workers N`` runs N HTTP processes (so cache hits use every core) and one parser
server owning N parser processes (so every uncached request goes to a free parser, whichever
HTTP process took its connection). Frames are a 4-byte length and a pickle (``wire.py``);
the socket lives in a private directory with mode 0600. The HTTP side is ``remote.py``.

One call per connection at a time: a client that gives up closes its connection, and the
server then cancels the call, which kills the parser process running it.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import multiprocessing.connection
import os
import signal
import tempfile
import threading
from collections.abc import Iterator
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

import structlog

from service.logs import configure_logging
from service.metrics import forget_process_metrics
from service.serving.errors import ParserError, Refused
from service.serving.pool import ParserPool
from service.serving.start import settings_pool
from service.serving.wire import Reply, frame, read_frame
from service.serving.worker import scoped
from service.settings import Settings

log = structlog.get_logger(__name__)

# Loading N pipelines at once on a starved machine can take minutes.
START_TIMEOUT_SECONDS = 600.0


class ParserServer:
    """Answers calls from HTTP workers with a ParserPool."""

    def __init__(self, pool: ParserPool) -> None:
        self.pool = pool
        self._clients: set[asyncio.StreamWriter] = set()

    def hang_up(self) -> None:
        """Close every client connection, so each handler ends on its own at shutdown."""
        for writer in self._clients:
            writer.close()

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Serve one client connection: a call, its reply, the next call, ..."""
        self._clients.add(writer)
        try:
            while True:
                try:
                    message = await read_frame(reader)
                except (asyncio.IncompleteReadError, ConnectionError):
                    return
                assert isinstance(message, tuple)
                method, payload = message
                reply = await self._answer_unless_gone(reader, str(method), payload)
                if reply is None:
                    return
                writer.write(frame(reply))
                await writer.drain()
        finally:
            self._clients.discard(writer)
            writer.close()

    async def _answer_unless_gone(
        self, reader: asyncio.StreamReader, method: str, payload: object
    ) -> Reply | None:
        """The reply to a call, or None if the client hung up first (the call is cancelled)."""
        call = asyncio.ensure_future(self._answer(method, payload))
        # The client sends nothing while it waits, so anything readable means it has gone.
        gone = asyncio.ensure_future(reader.read(1))
        await asyncio.wait({call, gone}, return_when=asyncio.FIRST_COMPLETED)
        if not call.done():
            call.cancel()  # the pool kills the parser process running it
            with contextlib.suppress(asyncio.CancelledError):
                await call
            return None
        gone.cancel()
        # Let the cancelled read finish before the next one starts on this stream.
        with contextlib.suppress(asyncio.CancelledError):
            await gone
        return call.result()

    async def _answer(self, method: str, payload: object) -> Reply:
        """Run one call on the pool; refusals and failures become replies."""
        try:
            if method == "hello":
                return ("ok", self.pool.pipeline)
            if method == "status":
                return ("ok", await self.pool.available())
            if method == "compute":
                return ("ok", await self.pool.compute(*scoped(payload, str)))
            if method == "compute_many":
                return ("ok", await self.pool.compute_many(*scoped(payload, list)))
        except Refused as exc:
            return ("refused", exc)
        except ParserError as exc:
            return ("error", str(exc))
        except Exception as exc:  # a bug here must cost one request, not the connection
            log.exception("parser_server_call_failed", method=method)
            return ("error", type(exc).__name__)
        return ("error", f"unknown method {method!r}")


async def _serve(socket_path: str, settings: Settings, parent: Connection) -> None:
    """Start the pool and the socket, say ready, and run until told to stop."""
    # The server times every call (its clients only have a backstop): the wait for a
    # parser, then the parse's own limit.
    pool = settings_pool(settings)
    await pool.start()
    handler = ParserServer(pool)
    server = await asyncio.start_unix_server(handler.handle, path=socket_path)
    os.chmod(socket_path, 0o600)
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    # The parent closes its end (or dies): stop too, never outlive it.
    loop.add_reader(parent.fileno(), stop.set)
    parent.send(("ready", pool.pipeline))
    log.info("parser_server_started", parsers=settings.workers, pid=os.getpid())
    try:
        await stop.wait()
    finally:
        server.close()
        handler.hang_up()
        await asyncio.sleep(0.1)  # the handlers see their connections close and return
        await pool.aclose()
        log.info("parser_server_stopped")


def run_parser_server(parent: Connection, socket_path: str, settings: Settings) -> None:
    """The parser server process's main function."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the group; the parent decides
    configure_logging(settings.log_level)
    asyncio.run(_serve(socket_path, settings, parent))


class _Supervisor:
    """Keeps one parser server process running on a fixed socket path, restarting it if it dies."""

    def __init__(self, settings: Settings, socket_path: str) -> None:
        self._settings = settings
        self._socket_path = socket_path
        self._context = multiprocessing.get_context("spawn")
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self.process: BaseProcess | None = None
        self._parent: Connection | None = None

    def start(self) -> None:
        """Start the server and wait until it answers on the socket."""
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=run_parser_server,
            args=(child, self._socket_path, self._settings),
            name="quotes-parser-server",
        )
        process.start()
        child.close()
        if not parent.poll(START_TIMEOUT_SECONDS):
            process.kill()
            raise RuntimeError("the parser server did not start in time")
        parent.recv()  # EOFError if it died while starting
        with self._lock:
            self.process, self._parent = process, parent

    def watch(self) -> None:
        """Restart the server whenever it exits while the service is up (runs on a thread)."""
        while not self._stopping.is_set():
            process = self.process
            if process is None:
                return
            multiprocessing.connection.wait([process.sentinel])
            if self._stopping.is_set():
                return
            log.error("parser_server_died", exitcode=process.exitcode)
            forget_process_metrics(process.pid)
            with contextlib.suppress(Exception):
                self._close_pipe()
                self.start()
                log.info("parser_server_restarted")

    def _close_pipe(self) -> None:
        """Close our end of the current server's pipe (it stops when it sees that)."""
        with self._lock:
            if self._parent is not None:
                self._parent.close()
                self._parent = None

    def stop(self) -> None:
        """Stop the server and do not restart it."""
        self._stopping.set()
        self._close_pipe()
        process = self.process
        if process is not None:
            process.join(30)
            if process.is_alive():
                process.kill()
                process.join(5)


@contextlib.contextmanager
def parser_server(settings: Settings) -> Iterator[str]:
    """Run a parser server process for the block (restarted if it dies); yield its socket."""
    directory = tempfile.mkdtemp(prefix="quotes-parsers-")
    os.chmod(directory, 0o700)
    socket_path = str(Path(directory) / "parsers.sock")
    supervisor = _Supervisor(settings, socket_path)
    try:
        supervisor.start()
        threading.Thread(target=supervisor.watch, name="parser-server-watch", daemon=True).start()
        yield socket_path
    finally:
        supervisor.stop()
        with contextlib.suppress(OSError):
            os.unlink(socket_path)
            os.rmdir(directory)
