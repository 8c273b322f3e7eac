"""Refuse bodies the service will not read, before JSON parsing: compressed ones with 415,
oversized ones with 413 while they stream in."""

from __future__ import annotations

import json

from asgi_correlation_id import correlation_id
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.metrics import REJECTED


class BodyTooLarge(Exception):
    """Raised inside ``receive`` when the body passes the limit.

    FastAPI wraps errors raised while it reads the body in a 400 (``raise ... from``), so the
    error handlers also look for this as the cause and answer 413.
    """


# Bodies are read as they are sent: a compressed one is refused rather than inflated (a small
# gzip body can inflate past any limit; the clients we serve send JSON as it is).
IDENTITY = frozenset({b"", b"identity"})


def error_json(code: str, message: str) -> bytes:
    """The one error body as bytes, for answers sent outside the app's handlers."""
    return json.dumps(
        {"error": {"code": code, "message": message, "request_id": correlation_id.get()}}
    ).encode()


class BodySizeLimit:
    """Pure ASGI middleware: refuses a Content-Encoding, checks Content-Length, then counts
    streamed bytes."""

    def __init__(
        self, app: ASGIApp, max_bytes: int, per_path: dict[str, int] | None = None
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.per_path = per_path or {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.per_path.get(scope["path"], self.max_bytes)
        headers = dict(scope["headers"])
        if headers.get(b"content-encoding", b"").strip().lower() not in IDENTITY:
            REJECTED.labels("content_encoding").inc()
            message = "Send the body uncompressed (no Content-Encoding)."
            await _answer(send, 415, error_json("unsupported_media_type", message))
            return
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._refuse(send)
            return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, tracked_send)
        except BodyTooLarge:
            if not started:
                await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        """Answer 413 with the one error body."""
        REJECTED.labels("body_too_large").inc()
        await _answer(send, 413, error_json("payload_too_large", "The request body is too large."))


async def _answer(send: Send, status: int, body: bytes) -> None:
    """Send a complete JSON response."""
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
