"""uvicorn's HTTP protocol with the limits that protect the process from its connections.

uvicorn (httptools) bounds neither the size of a request's headers nor the time a client
may take to send them or its body: a 100 MB header was read whole, and a client that sends
less than its Content-Length, or never finishes its headers, held its connection forever.
This protocol closes such connections:

- headers over ``QUOTES_MAX_HEADER_BYTES``: 431;
- headers not complete ``QUOTES_HEADER_TIMEOUT_SECONDS`` after the connection opened (or
  after the previous response): 408, or just closed if nothing was sent;
- a body not complete ``QUOTES_BODY_TIMEOUT_SECONDS`` after its headers: 408, before any
  response; the request's handler sees the client as gone;
- idle keep-alive connections are uvicorn's own ``timeout_keep_alive``
  (``QUOTES_KEEP_ALIVE_SECONDS``).

Its answers, and uvicorn's own 400 for a request that is not HTTP, carry the one error body
(``request_id`` null: no request was read). Run it with ``uvicorn.Config(http=GuardedHttp)``.
"""

from __future__ import annotations

import asyncio
from http import HTTPStatus
from typing import Any

from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from service.api.limits import error_json
from service.metrics import REJECTED
from service.settings import get_settings


def error_response_bytes(status: int, code: str, message: str) -> bytes:
    """A complete HTTP/1.1 response with the one error body, closing the connection."""
    body = error_json(code, message)
    head = (
        f"HTTP/1.1 {status} {HTTPStatus(status).phrase}\r\n"
        "content-type: application/json\r\n"
        f"content-length: {len(body)}\r\n"
        "connection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


class HeadTooLarge(Exception):
    """Raised in the parser's callback to stop it at headers over the bound."""


class GuardedHttp(HttpToolsProtocol):
    """httptools' protocol with bounded headers and deadlines for headers and body."""

    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        settings = get_settings()
        self._max_head = settings.max_header_bytes
        self._head_seconds = settings.header_timeout_seconds
        self._body_seconds = settings.body_timeout_seconds
        self._in_head = True  # waiting for a request's line and headers
        self._head_bytes = 0  # received while waiting for them
        self._head_size = 0  # of the line and headers parsed so far
        self._refusal = False  # the parser was stopped because the headers are too large
        self._deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        """Start the clock on the first request's headers."""
        super().connection_made(transport)  # type: ignore[arg-type]
        self._await_head()

    def connection_lost(self, exc: Exception | None) -> None:
        """No deadline outlives its connection."""
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        """Count header bytes as they come; refuse past the bound.

        Two counts: the chunks received while the headers are incomplete (checked after each
        chunk, so the parser never buffers more than one chunk past the bound), and the
        parsed line and headers (checked when they are complete: a chunk that completes them
        may carry the start of the body too, which is not the headers' size).
        """
        if self._in_head:
            self._head_bytes += len(data)
        super().data_received(data)
        if self._in_head and self._head_bytes > self._max_head:
            self._refuse_head()

    def on_message_begin(self) -> None:
        """A request starts: its headers are being read."""
        self._in_head = True
        self._head_size = 0
        super().on_message_begin()

    def on_url(self, url: bytes) -> None:
        """Count the request target."""
        self._head_size += len(url)
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        """Count one header line."""
        self._head_size += len(name) + len(value) + 4  # ": " and CRLF
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        """Headers in: refuse them if too large, else the clock is on the body."""
        if self._head_size > self._max_head:
            self._refusal = True
            raise HeadTooLarge  # stops the parser; uvicorn then calls send_400_response
        self._in_head = False
        self._head_bytes = 0
        self._arm(self._body_seconds, self._body_too_slow)
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        """The body is in: no more deadline until the response is sent."""
        self._disarm()
        super().on_message_complete()

    def on_response_complete(self) -> None:
        """Between requests: the next request's headers have their own deadline."""
        pipelined = bool(self.pipeline)  # its headers are in already: uvicorn starts it now
        super().on_response_complete()
        if not pipelined and not self.transport.is_closing():
            self._await_head()

    def send_400_response(self, msg: str) -> None:
        """uvicorn's answer to bytes that are not HTTP, with the one error body (or the 431 of
        headers found too large once parsed)."""
        if self._refusal:
            self._refuse_head()
            return
        self._close_with(400, "bad_request", "The request is not valid HTTP/1.1.")

    def _refuse_head(self) -> None:
        """431 for headers over the bound."""
        REJECTED.labels("header_too_large").inc()
        self._close_with(431, "header_too_large", "The request headers are too large.")

    def _await_head(self) -> None:
        """Wait for a request's line and headers, within the header deadline."""
        self._in_head = True
        self._head_bytes = 0
        self._arm(self._head_seconds, self._head_too_slow)

    def _arm(self, seconds: float, expire: Any) -> None:
        """(Re)start the one deadline of this connection."""
        self._disarm()
        self._deadline = self.loop.call_later(seconds, expire)

    def _disarm(self) -> None:
        """Stop the deadline, if any."""
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _head_too_slow(self) -> None:
        """Headers not in time: 408 if the client began a request, else just close."""
        self._deadline = None
        if not self._in_head or self.transport.is_closing():
            return
        REJECTED.labels("slow_client").inc()
        if self._head_bytes:
            self._close_with(408, "request_timeout", "The request headers came too slowly.")
        else:
            self.transport.close()

    def _body_too_slow(self) -> None:
        """Body not in time: 408 unless a response has begun; the handler sees the client gone."""
        self._deadline = None
        if self.transport.is_closing():
            return
        REJECTED.labels("slow_client").inc()
        cycle = self.cycle
        if cycle is not None:
            if not cycle.response_started:
                message = "The request body came too slowly."
                self.transport.write(error_response_bytes(408, "request_timeout", message))
            cycle.disconnected = True  # whatever the handler sends now goes nowhere
            cycle.message_event.set()
        self.transport.close()

    def _close_with(self, status: int, code: str, message: str) -> None:
        """Answer with the one error body and close the connection."""
        self._disarm()
        self.transport.write(error_response_bytes(status, code, message))
        self.transport.close()
