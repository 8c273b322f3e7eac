"""The parser of an HTTP worker under ``serve --workers N``: calls go to the parser server.

The parser server times each call as the pool does (the wait for a parser, then the parse's
own limit) and answers a refusal; the client's own bound is only a backstop for a server
that stopped answering. A call that outlives it closes its connection, and the server then
stops the parse. While the server is down or restarting, calls are refused (Overloaded),
never failed; a call whose connection is lost mid-call (the server died) is sent once more
on a new connection, then refused (Unavailable).
"""

from __future__ import annotations

import asyncio

from service.nlp.model import ExtractionScope
from service.serving.errors import ParserError, Refused, overloaded, timed_out, unavailable
from service.serving.parser import compute_call, compute_many_call
from service.serving.wire import Reply, frame, read_frame

# Readiness asks the parser server how many parsers are live; it must answer at once.
STATUS_TIMEOUT_SECONDS = 1.0
Stream = tuple[asyncio.StreamReader, asyncio.StreamWriter]


class RemoteParser:
    """The ``Parser`` of an HTTP worker: calls go to the shared parser server."""

    def __init__(self, socket_path: str, timeout_seconds: float) -> None:
        """``timeout_seconds``: the backstop of one call (of each document of a batch)."""
        self._path = socket_path
        self._timeout = timeout_seconds
        self._idle: list[Stream] = []
        self._pending = 0

    @property
    def pending(self) -> int:
        """Calls this process has in flight."""
        return self._pending

    async def start(self) -> str:
        """Check the server answers; return its pipeline id."""
        pipeline = await self._call("hello", None)
        assert isinstance(pipeline, str)
        return pipeline

    async def available(self) -> int:
        """Live parser processes of the server; 0 when it does not answer within a second."""
        try:
            reply = await asyncio.wait_for(self._exchange("status", None), STATUS_TIMEOUT_SECONDS)
            count = _result(reply)
        except Exception:
            return 0
        return count if isinstance(count, int) else 0

    async def compute(self, text: str, scope: ExtractionScope = "speech") -> bytes:
        """The stored value of one text in ``scope``."""
        return await compute_call(self._call, text, scope)

    async def compute_many(
        self, texts: list[str], scope: ExtractionScope = "speech"
    ) -> list[bytes | Exception]:
        """Stored values (or per-text failures) of many texts in ``scope``."""

        async def call(method: str, payload: object) -> object:
            # Every document has its own limit on the server; the backstop grows with them.
            return await self._call(method, payload, self._timeout * (len(texts) + 1))

        return await compute_many_call(call, texts, scope)

    async def _call(self, method: str, payload: object, backstop: float | None = None) -> object:
        """One call within the backstop; Overloaded while the parser server is unreachable."""
        backstop = self._timeout if backstop is None else backstop
        self._pending += 1
        try:
            reply = await asyncio.wait_for(self._exchange(method, payload), backstop)
        except TimeoutError:
            raise timed_out(backstop) from None
        finally:
            self._pending -= 1
        return _result(reply)

    async def _exchange(self, method: str, payload: object) -> Reply:
        """Send a call on an idle connection, or on a new one if that one turns out dead.

        Retrying is safe: a call computes a pure function of its text. An idle connection
        found dead costs nothing; a new connection lost mid-call is retried once more, then
        refused. A connection that is abandoned (backstop) is closed, and the server then
        stops the parse.
        """
        lost = 0
        while True:
            reused = bool(self._idle) and lost == 0
            stream = self._idle.pop() if reused else await self._connect()
            try:
                reply = await self._roundtrip(stream, method, payload)
            except (asyncio.IncompleteReadError, ConnectionError):
                stream[1].close()
                if not reused:
                    lost += 1
                if lost == 2:
                    raise unavailable("2") from None
                continue
            except BaseException:
                stream[1].close()
                raise
            self._idle.append(stream)
            return reply

    async def _connect(self) -> Stream:
        """A new connection to the server (Overloaded while it is down or restarting)."""
        try:
            return await asyncio.open_unix_connection(self._path)
        except OSError as exc:
            raise overloaded("2") from exc

    @staticmethod
    async def _roundtrip(stream: Stream, method: str, payload: object) -> Reply:
        """Send a call and read its reply."""
        reader, writer = stream
        writer.write(frame((method, payload)))
        await writer.drain()
        reply = await read_frame(reader)
        assert isinstance(reply, tuple)
        return reply

    async def aclose(self) -> None:
        """Close the idle connections."""
        while self._idle:
            _, writer = self._idle.pop()
            writer.close()


def _result(reply: Reply) -> object:
    """The value of an "ok" reply; a refusal or failure raised as it was in the server."""
    kind = reply[0]
    if kind == "ok":
        return reply[1]
    if kind == "refused" and isinstance(reply[1], Refused):
        raise reply[1]
    raise ParserError(str(reply[1]))
